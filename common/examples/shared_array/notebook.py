#!/usr/bin/env python3
"""The notebook cell "multiprocessing.Array & Value", made runnable at any size.

A worker Process writes n*n into a multiprocessing.Array("d", ...) that the main
process then reads. Logic and primitives are the notebook's; added: --n
(num_array = 1..N, default 4 as in the notebook), --workers (default 1, the
notebook; W > 1 gives each process one contiguous slice of the same shared
Array) and --quiet (no per-element lines). The last line printed is
`elapsed_seconds=<s>`: the notebook's "Tasks done in" interval (processes
started -> joined), which includes starting the processes.

  common/examples/shared_array/notebook.py    # the notebook: [1.0, 4.0, 9.0, 16.0]
  common/examples/shared_array/notebook.py --n 1000000 --workers 2 --quiet
"""
import argparse
import time
import multiprocessing as mp


def cal_square(num_array, results_shared_array, offset, quiet):
    # offset: where this worker's slice starts (0 for the notebook's single worker).
    # Each element assignment takes the Array's own lock, as in the notebook.
    for idx, n in enumerate(num_array):
        results_shared_array[offset + idx] = n * n
        if not quiet:
            print("square of [{}] is [{}]".format(n, results_shared_array[offset + idx]))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=4, help="num_array = 1..N (default 4, the notebook)")
    p.add_argument("--workers", type=int, default=1, help="writer processes (default 1, the notebook)")
    p.add_argument("--quiet", action="store_true", help="no per-element lines, only the timing")
    args = p.parse_args()
    if args.n < 0 or args.workers < 1:
        p.error("--n must be at least 0 and --workers at least 1")

    num_array = list(range(1, args.n + 1))
    results_shared_array = mp.Array("d", len(num_array))
    bounds = [len(num_array) * w // args.workers for w in range(args.workers + 1)]
    start = time.perf_counter()
    processes = [mp.Process(target=cal_square,
                            args=(num_array[bounds[w]:bounds[w + 1]], results_shared_array, bounds[w], args.quiet))
                 for w in range(args.workers)]
    [process.start() for process in processes]
    [process.join() for process in processes]
    end = time.perf_counter()
    if not args.quiet:
        print("Tasks done in {}".format(end - start))
        print("In the main process: {}".format(results_shared_array[:]))
    print("elapsed_seconds=%.6f" % (end - start))
