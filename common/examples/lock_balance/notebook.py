#!/usr/bin/env python3
"""The notebook cell "Lock: Racing condition", made runnable at any size.

Two processes share a multiprocessing.Value("i", 200): one deposits +1 a hundred
times (sleeping 1 ms before each), the other withdraws -1 a hundred times
(sleeping 2 ms before each), each update under a multiprocessing.Lock; the
balance ends at 200. Logic and primitives are the notebook's; added:
--iterations (updates per process, default 100), --sleep-us (the deposit's sleep
in microseconds, default 1000; the withdrawal sleeps twice as long, as in the
notebook) and --quiet. The last line printed is `elapsed_seconds=<s>`
(processes started -> joined), which includes starting two processes.

  common/examples/lock_balance/notebook.py         # the notebook: 200
  common/examples/lock_balance/notebook.py --iterations 100000 --sleep-us 0 --quiet
"""
import argparse
import time
import multiprocessing as mp


def deposit(balance, lock, iterations, sleep_s):
    for i in range(iterations):
        time.sleep(sleep_s)
        lock.acquire()
        balance.value += 1
        lock.release()


def withdraw(balance, lock, iterations, sleep_s):
    for i in range(iterations):
        time.sleep(2 * sleep_s)
        lock.acquire()
        balance.value -= 1
        lock.release()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--iterations", type=int, default=100, help="updates per process (default 100, the notebook)")
    p.add_argument("--sleep-us", type=int, default=1000,
                   help="deposit sleep in microseconds, withdrawal twice it (default 1000, the notebook)")
    p.add_argument("--initial", type=int, default=200, help="initial balance (default 200)")
    p.add_argument("--quiet", action="store_true", help="do not print the balance, only the timing")
    args = p.parse_args()
    if args.iterations < 0 or args.sleep_us < 0:
        p.error("--iterations and --sleep-us must be at least 0")

    balance = mp.Value("i", args.initial)
    lock = mp.Lock()
    sleep_s = args.sleep_us / 1e6
    start = time.perf_counter()
    process_deposite = mp.Process(target=deposit, args=(balance, lock, args.iterations, sleep_s))
    process_witndraw = mp.Process(target=withdraw, args=(balance, lock, args.iterations, sleep_s))
    process_deposite.start()
    process_witndraw.start()
    process_deposite.join()
    process_witndraw.join()
    end = time.perf_counter()
    if not args.quiet:
        print(balance.value)
    print("elapsed_seconds=%.6f" % (end - start))
