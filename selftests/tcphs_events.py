#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The readers and checks of tcphs_events.sh on /proc/tcphs/events.

reader FILE MODE READY STOP
    reads FILE to its end, says how many lines it read and what poll()
    says then (without waiting), and creates READY; then with MODE "wait",
    waits in poll() for more, for ever, and says what woke it; with MODE
    "stop", waits for the file STOP to exist. Then reads to the end again
    and prints what it read
times FILE START END
    prints "ok" when the 5 records of FILE have times to the microsecond,
    in order, from START less 10 ms (a tick at most: the records' clock is
    the coarse one) to END, both in seconds since the epoch
records
    writes the JSON lines of "tcphs -j events", read on stdin, back in the
    form of the file's records, without their time
poll-in
    prints POLLIN | POLLRDNORM, what wakes a reader of new records
"""

import argparse
import json
import os
import re
import select
import sys
import time


def cmd_reader(args):
    fd = os.open(args.file, os.O_RDONLY)

    def read_all():
        text = b""
        while chunk := os.read(fd, 4096):
            text += chunk
        return text.decode()

    p = select.poll()
    p.register(fd, select.POLLIN | select.POLLRDNORM)
    print("read", len(read_all().splitlines()))
    print("poll", [ev for _, ev in p.poll(0)])
    open(args.ready, "w").close()
    if args.mode == "wait":
        print("woken", [ev for _, ev in p.poll()])
    else:
        while not os.path.exists(args.stop):
            time.sleep(0.1)
    print(read_all(), end="")


def cmd_times(args):
    start, end = (int(t.replace(".", "")) // 1000
                  for t in (args.start, args.end))
    start -= 10000
    with open(args.file) as f:
        times = [line.split()[1] for line in f][1:]
    us = [int(t.replace(".", "")) for t in times]
    ok = (len(times) == 5 and all(re.fullmatch(r"\d+\.\d{6}", t)
                                  for t in times)
          and us == sorted(us) and start <= us[0] and us[-1] <= end)
    print("ok" if ok else f"bad: {times} from {start} to {end}")


def cmd_records(args):
    for line in sys.stdin:
        e = json.loads(line)
        ep = [("[%s]:%d" if e["family"] == "ipv6" else "%s:%d") %
              (x["addr"], x["port"]) for x in (e["client"], e["server"])]
        print(e["seq"], e["reason"], e["family"], *ep, e["client"]["state"],
              e["server"]["state"])


def cmd_poll_in(args):
    print(select.POLLIN | select.POLLRDNORM)


def main():
    p = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("reader")
    c.add_argument("file")
    c.add_argument("mode", choices=["wait", "stop"])
    c.add_argument("ready")
    c.add_argument("stop")
    c = sub.add_parser("times")
    c.add_argument("file")
    c.add_argument("start")
    c.add_argument("end")
    sub.add_parser("records")
    sub.add_parser("poll-in")
    args = p.parse_args()
    globals()["cmd_" + args.cmd.replace("-", "_")](args)


if __name__ == "__main__":
    main()
