#!/usr/bin/env python3
"""The notebook cell "multiprocessing.Queue", made runnable at any size.

A worker Process puts n*n into a multiprocessing.Queue, the main process takes
the results out and prints them. Logic and primitives are the notebook's; added:
--n (num_array = 1..N, default 4 as in the notebook), --workers (default 1, the
notebook; W > 1 gives each process one contiguous slice), --quiet, and the fix
for the notebook's deadlock (see below). The last line printed is
`elapsed_seconds=<s>`: processes started -> every result taken and the
processes joined.

  common/examples/result_queue/notebook.py  # the notebook: 1 4 9 16
  common/examples/result_queue/notebook.py --n 200000 --workers 2 --quiet
"""
import argparse
import time
import multiprocessing as mp


def cal_square(num_array, results_shared_queue):
    for n in num_array:
        results_shared_queue.put(n * n)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=4, help="num_array = 1..N (default 4, the notebook)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1, the notebook)")
    p.add_argument("--quiet", action="store_true", help="do not print the results, only the timing")
    args = p.parse_args()
    if args.n < 0 or args.workers < 1:
        p.error("--n must be at least 0 and --workers at least 1")

    num_array = list(range(1, args.n + 1))
    bounds = [len(num_array) * w // args.workers for w in range(args.workers + 1)]
    results_shared_queue = mp.Queue()
    start = time.perf_counter()
    processes = [mp.Process(target=cal_square, args=(num_array[bounds[w]:bounds[w + 1]], results_shared_queue))
                 for w in range(args.workers)]
    [process.start() for process in processes]
    # FIX (notebook deadlock): the notebook joins the worker first and drains the
    # queue afterwards. A process that has put items on a Queue does not exit
    # until its feeder thread has written them all into the underlying pipe, so
    # once the results outgrow the pipe buffer (about 3200 items here) the worker
    # waits for a reader and the main process waits in join(): a deadlock. We take
    # exactly len(num_array) results first, then join. (The notebook's
    # `while not queue.empty()` drain is also unreliable: empty() can be True
    # while items are still on their way.)
    results = [results_shared_queue.get() for _ in num_array]
    [process.join() for process in processes]
    end = time.perf_counter()
    if not args.quiet:
        for r in results:
            print(r)
    print("elapsed_seconds=%.6f" % (end - start))
