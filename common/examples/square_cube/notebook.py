#!/usr/bin/env python3
"""The notebook cell "Intro to Multiprocessing" (squares and cubes), made runnable at any size.

Two different tasks at once: one multiprocessing.Process prints the squares of
num_array, another the cubes. Logic and primitives are the notebook's; added:
--n (num_array = 1..N, default 4 as in the notebook) and --quiet (the workers
still compute every value, keeping it in a list instead of printing it). The
last line printed is `elapsed_seconds=<s>`: the notebook's "Tasks done in"
interval (processes started -> joined), which includes starting two processes.

  common/examples/square_cube/notebook.py  # the notebook: 1, 2, 3, 4
  common/examples/square_cube/notebook.py --n 1000000 --quiet
"""
import argparse
import time
import multiprocessing as mp


def cal_square(num_array, quiet):
    kept = []
    for n in num_array:
        if quiet:
            kept.append(n * n)
        else:
            print("square of [{}] is [{}]".format(n, n * n))


def cal_cube(num_array, quiet):
    kept = []
    for n in num_array:
        if quiet:
            kept.append(n * n * n)
        else:
            print("cube of [{}] is [{}]".format(n, n * n * n))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=4, help="num_array = 1..N (default 4, the notebook)")
    p.add_argument("--quiet", action="store_true", help="compute without printing; only the timing")
    args = p.parse_args()
    if args.n < 0:
        p.error("--n must be at least 0")

    num_array = range(1, args.n + 1)
    start = time.perf_counter()
    process1 = mp.Process(target=cal_square, args=(num_array, args.quiet))
    process2 = mp.Process(target=cal_cube, args=(num_array, args.quiet))
    process1.start()
    process2.start()
    process1.join()
    process2.join()
    end = time.perf_counter()
    if not args.quiet:
        print("Tasks done in {}".format(end - start))
    print("elapsed_seconds=%.6f" % (end - start))
