#!/usr/bin/env python3
"""The notebook cell "Using multiprocessing.Pipe", made runnable at any size.

A producer Process sends random values in 1..10 through one end of a
multiprocessing.Pipe, a consumer Process receives them at the other end. Logic
and primitives are the notebook's; added: --iterations (messages sent, default 1
as in the notebook) and --bytes (a payload of that many bytes sent with each
value). The last line printed is `elapsed_seconds=<s>`: the parallel part
(processes started -> both joined), so it includes starting two processes.

  common/examples/pipe/notebook.py         # the notebook: one value
  common/examples/pipe/notebook.py --iterations 100000 --quiet  # a stream of small messages
  common/examples/pipe/notebook.py --iterations 2000 --bytes 1048576 --quiet
"""
import argparse
import os
import random
import time
from multiprocessing import Pipe, Process


def producer_task(conn, iterations, payload, quiet, seed):
    random.seed(seed)  # reproducible values, whatever the start method
    for _ in range(iterations):
        value = random.randint(1, 10)
        conn.send((value, payload) if payload else value)
        if not quiet:
            print('Value [%d] sent by PID [%d]' % (value, os.getpid()))
    conn.close()


def consumer_task(conn, iterations, quiet):
    for _ in range(iterations):
        message = conn.recv()
        if not quiet:
            value = message[0] if isinstance(message, tuple) else message
            print('Value [%d] received by PID [%d]' % (value, os.getpid()))


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--iterations", type=int, default=1, help="messages to send (default 1, the notebook)")
    p.add_argument("--bytes", type=int, default=0, help="payload bytes sent with each value (default 0)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--quiet", action="store_true", help="no per-message lines, only the timing")
    args = p.parse_args()
    if args.iterations < 0 or args.bytes < 0:
        p.error("--iterations and --bytes must be at least 0")
    payload = bytes(args.bytes)

    producer_conn, consumer_conn = Pipe()
    consumer = Process(target=consumer_task, args=(consumer_conn, args.iterations, args.quiet))
    producer = Process(target=producer_task, args=(producer_conn, args.iterations, payload, args.quiet,
                                                       args.seed))

    start = time.perf_counter()
    consumer.start()
    producer.start()

    consumer.join()
    producer.join()
    elapsed = time.perf_counter() - start
    print("elapsed_seconds=%.6f" % elapsed)
