#!/usr/bin/env python3
"""The notebook cell "MapReduce - [Pool]", made runnable at any size.

compute(n) = sum of i for i < n, mapped over range(N) with multiprocessing.Pool.map,
then the same serially, and the difference of the two result lists with NumPy.
Logic and primitives are the notebook's; added: --n (default 10000, the notebook)
and --workers (Pool processes, default 4, the notebook's num_cores). The
notebook's "Pool took" interval (Pool created -> map -> closed and joined, so it
includes starting the worker processes) is printed last as
`elapsed_seconds=<s>`; the serial loop's time as `serial_seconds=<s>` before it.

  common/examples/mapreduce/notebook.py  # the notebook
  common/examples/mapreduce/notebook.py --n 20000 --workers 2
"""
import argparse
from multiprocessing import Pool
import time
import numpy as np


def compute(n):
    temp = 0
    for i in range(n):
        temp += i
    return temp


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10000, help="map compute() over range(N) (default 10000, the notebook)")
    p.add_argument("--workers", type=int, default=4, help="Pool processes (default 4, the notebook)")
    args = p.parse_args()
    if args.n < 0 or args.workers < 1:
        p.error("--n must be at least 0 and --workers at least 1")

    long_list = range(args.n)
    num_cores = args.workers
    pool_start = time.perf_counter()
    pool = Pool(processes=num_cores)
    pool_result = pool.map(compute, long_list)
    pool.close()
    pool.join()
    pool_end = time.perf_counter()
    print("Pool took: [{}] s".format(pool_end - pool_start))

    serial_start = time.perf_counter()
    serial_result = []
    for e in long_list:
        temp = 0
        for i in range(e):
            temp += i
        serial_result.append(temp)
    serial_end = time.perf_counter()
    print("Serial took: [{}] s".format(serial_end - serial_start))
    # dtype=np.int64: the notebook's np.array(...) picks it implicitly; explicit
    # here so that an empty list (--n 0) still subtracts as integers.
    print("Difference betwwen two results: {}".format(
        np.sum(np.array(pool_result, dtype=np.int64) - np.array(serial_result, dtype=np.int64))))
    print("serial_seconds=%.6f" % (serial_end - serial_start))
    print("elapsed_seconds=%.6f" % (pool_end - pool_start))
