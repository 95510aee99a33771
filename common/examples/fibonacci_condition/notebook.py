#!/usr/bin/env python3
"""The notebook cell "Threading: Fibonacci Example", made runnable at any size.

threading.Thread consumers wait on a threading.Condition until a producer thread
has filled a queue.Queue, then compute F(value) into a shared dict. Logic and
primitives are the notebook's; added: the size flags below and the fix for the
notebook's hang (see fibonacci_task). The last line printed is
`elapsed_seconds=<s>`: the parallel part (threads started -> consumers joined).

  common/examples/fibonacci_condition/notebook.py  # the notebook: [3, 10, 5, 7], 4 threads
  common/examples/fibonacci_condition/notebook.py --count 2000 --max-value 2000 --workers 2 --quiet
"""
import argparse
import logging
import random
import threading
import sys
import time
from queue import Queue

# Python 3.11 refuses to turn an int of more than 4300 digits into a string (a
# guard added after the notebook was written); F(v) has that many beyond
# v = 20000, and the log line's "%d" would raise in the consumer thread.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

logger = logging.getLogger()
logger.setLevel(logging.DEBUG)
formatter = logging.Formatter('%(asctime)s - %(message)s')
ch = logging.StreamHandler()
ch.setLevel(logging.DEBUG)
ch.setFormatter(formatter)
logger.addHandler(ch)

fibo_dict = {}
shared_queue = Queue()
input_list = [3, 10, 5, 7]
queue_condition = threading.Condition()
# FIX (notebook hang): the notebook's consumers take ONE item each and return, so
# with more consumer threads than items the extra ones wait on the condition for
# ever (and with fewer, items are left in the queue). The producer now also says
# "nothing more is coming" (this flag, set under the condition), and consumers
# loop until the queue is empty AND the producer is done.
producer_done = False


def fibonacci_task(condition):
    while True:  # FIX: was a single pass (one item per consumer), see producer_done
        with condition:
            while shared_queue.empty() and not producer_done:
                logger.info("[%s] - waiting for elements in queue..." % threading.current_thread().name)
                condition.wait()
            if shared_queue.empty():  # FIX: producer done and queue drained: stop
                return
            value = shared_queue.get()
            # As in the notebook, F(value) is computed while holding the condition's
            # lock (so consumers run one at a time, GIL or not), and the dict entry
            # is written at every step of the loop.
            a, b = 0, 1
            for item in range(value):
                a, b = b, a + b
                fibo_dict[value] = a
            shared_queue.task_done()
            logger.debug("[%s] fibonacci of key [%d] with result [%d]" %
                         (threading.current_thread().name, value, fibo_dict[value]))


def queue_task(condition):
    global producer_done
    logging.debug('Starting queue_task...')
    with condition:
        for item in input_list:
            shared_queue.put(item)
        producer_done = True  # FIX: see producer_done
        logging.debug("[%s] - Notifying fibonacci_task threads that the queue is ready to consume.."
                      % threading.current_thread().name)
        condition.notify_all()  # notifyAll() in the notebook: a deprecated alias


def main():
    global input_list
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, help="number of random input values (default: the notebook's 3,10,5,7)")
    p.add_argument("--max-value", type=int, default=20, help="random values are drawn from 1..MAX (default 20)")
    p.add_argument("--values", help="explicit comma-separated input values, e.g. 3,10,5,7")
    p.add_argument("--workers", type=int, default=4, help="consumer threads (default 4, the notebook)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--quiet", action="store_true", help="no per-item log lines, only the timing")
    args = p.parse_args()
    if args.values:
        input_list = [int(v) for v in args.values.split(",")]
    elif args.count is not None:
        random.seed(args.seed)
        input_list = [random.randint(1, args.max_value) for _ in range(args.count)]
    # F(0) would leave fibo_dict[0] unset and the notebook's log line would raise KeyError.
    if any(v < 1 for v in input_list) or args.workers < 1:
        p.error("values and --workers must be at least 1")
    if args.quiet:
        logger.setLevel(logging.WARNING)

    threads = [threading.Thread(name='fibonacci_task_thread{}'.format(i + 1),
                                daemon=True, target=fibonacci_task, args=(queue_condition,))
               for i in range(args.workers)]
    start = time.perf_counter()
    [thread.start() for thread in threads]
    prod = threading.Thread(name='queue_task_thread', daemon=True, target=queue_task, args=(queue_condition,))
    prod.start()
    [thread.join() for thread in threads]
    elapsed = time.perf_counter() - start

    if not args.quiet:
        logger.info("[%s] - Result: %s" % (threading.current_thread().name, fibo_dict))
    print("elapsed_seconds=%.6f" % elapsed)


if __name__ == "__main__":
    main()
