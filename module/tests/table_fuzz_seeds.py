#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write the named seeds of module/tests/corpus: the programs of
table_fuzz.c for the scenarios the fuzzer should start from. The corpus
also keeps inputs the fuzzer found (named by their SHA-1)."""

import os
import struct
import sys

SEGMENT, RAW, TICK, PARAM, FLOOD, NET_EXIT, FAIL_ALLOC, CLOCK, SCAN = range(9)
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
SERVER, NET1, PORTS = 0x20, 0x40, 0x80
WSCALE, TIMESTAMPS = 0x40, 0x80


def header(max_conns=16, pickup=False):
    return bytes([(max_conns - 16) % 64 | (0x40 if pickup else 0)])


def seg(who, flags, seq, ack, window=0xff, opt=0):
    return struct.pack('<BBBhhBB', SEGMENT, who, flags, seq, ack, window, opt)


def raw(who, th, payload=0):
    return bytes([RAW, who, len(th), payload]) + th


def tick(seconds):
    return bytes([TICK, seconds * 4])


def handshake(who=0):
    return (seg(who, SYN, 0, 0, 0x07, WSCALE) +
            seg(who | SERVER, SYN | ACK, 0, 1, 0x07, WSCALE) +
            seg(who, ACK, 1, 1))


def close(who=0):
    return (seg(who, FIN | ACK, 1, 1) + seg(who | SERVER, ACK, 1, 2) +
            seg(who | SERVER, FIN | ACK, 1, 2) + seg(who, ACK, 2, 2))


def tcp(flags, doff, options=b''):
    th = struct.pack('>HHIIBBHHH', 40000, 80, 1, 0, doff << 4, flags,
                     1024, 0, 0) + options
    return th


SEEDS = {
    'handshake-close': header() + handshake() +
    seg(0, PSH | ACK, 1, 1, opt=TIMESTAMPS | 10) + seg(SERVER, ACK, 1, 11) +
    seg(0, FIN | ACK, 11, 1) + seg(SERVER, ACK, 1, 12) +
    seg(SERVER, FIN | ACK, 1, 12) + seg(0, ACK, 12, 2) + tick(60),
    'refused': header() + seg(0, SYN, 0, 0) + seg(SERVER, RST | ACK, 0, 1),
    'reset': header() + handshake() + seg(0, RST, 1, 0),
    'syn-timeout': header() + seg(0, SYN, 0, 0) + tick(3) +
    seg(0, SYN, 0, 0) + tick(10),
    'synack-timeout': header() + seg(0, SYN, 0, 0) +
    seg(SERVER, SYN | ACK, 0, 1) + seg(SERVER, SYN | ACK, 0, 1) + tick(10),
    'bad-acks': header() + seg(0, SYN, 0, 0) + seg(SERVER, SYN | ACK, 0, 5) +
    seg(SERVER, SYN | ACK, 0, 1) + seg(0, ACK, 1, 9) + seg(0, ACK, 1, 1),
    'simultaneous': header() + seg(0, SYN, 0, 0) + seg(SERVER, SYN, 0, 0) +
    seg(0, SYN | ACK, 0, 1) + seg(SERVER, SYN | ACK, 0, 1) +
    seg(0, FIN | ACK, 1, 1) + seg(SERVER, FIN | ACK, 1, 1) +
    seg(0, ACK, 2, 2) + seg(SERVER, ACK, 2, 2),
    'data-after-fin': header() + handshake() + seg(0, FIN | ACK, 1, 1) +
    seg(0, PSH | ACK, 2, 1, opt=5) + tick(15),
    'half-close': header() + handshake() + seg(0, FIN | ACK, 1, 1) +
    seg(SERVER, ACK, 1, 2) + tick(15),
    'time-wait-reuse': header() + handshake() + close() +
    seg(0, SYN, 100, 0) + seg(SERVER, SYN | ACK, 50, 101),
    'pickup': header(pickup=True) + seg(3, PSH | ACK, 70, 60, opt=10) +
    seg(3 | SERVER, FIN | ACK, 60, 80) + seg(3, FIN | ACK, 80, 61) +
    seg(3 | SERVER, ACK, 61, 81),
    'flood': header(16) + handshake() + bytes([FLOOD, 1, 200]) +
    seg(0, PSH | ACK, 1, 1, opt=10) + tick(10),
    'flood-ports': header(79) + seg(0, SYN, 0, 0) + seg(3, SYN, 0, 0) +
    bytes([FLOOD, PORTS, 70]) + seg(SERVER, SYN | ACK, 0, 1) + tick(10),
    'max-conns-lowered': header(79) + bytes([FLOOD, 2, 70]) +
    bytes([PARAM, 5, 0]) + bytes([FLOOD, 2, 3]) + tick(10),
    'flood-isolated': header(16) + handshake() + seg(1, SYN, 0, 0) +
    bytes([FLOOD, NET1, 100]) + seg(0, PSH | ACK, 1, 1, opt=10) + tick(10),
    'share-lowered': header(79) + bytes([FLOOD, 2, 70]) +
    bytes([PARAM, 8, 0x80]) + bytes([FLOOD, 2, 3]) +
    bytes([PARAM, 8, 0]) + tick(10),
    'expired-at-lookup': header() + seg(0, SYN, 0, 0) +
    seg(SERVER, SYN | ACK, 0, 1) + bytes([CLOCK, 6 * 4]) +
    seg(SERVER, SYN | ACK, 0, 1) + seg(0, SYN, 0, 0) + bytes([CLOCK, 6 * 4]) +
    seg(0, SYN, 0, 0) + tick(10),
    'alert-dropped': header(79) + bytes([PARAM, 7, 8]) +
    bytes([PARAM, 9, 1]) + bytes([FLOOD, 1, 10]) + bytes([PARAM, 9, 0]) +
    tick(10),
    # 40 floods of 200 SYNs, no work run: the evicted entries wait.
    'evictions-unfreed': header(16) + bytes([FLOOD, 1, 200]) * 40 +
    bytes([FLOOD, NET1, 200]) + tick(1) + bytes([FLOOD, 1, 200]),
    # Namespace 0, its share the whole table, holds 79 when max_conns
    # drops to 16: its SYNs evict two each until the room of the entries
    # waiting (16) is full, then wait for the works to free them; in four
    # rounds the table is back below 16 and tracks new connections.
    'max-conns-lowered-full': header(79) + bytes([PARAM, 8, 0x80 | 63]) +
    bytes([FLOOD, 0, 100]) + tick(1) + bytes([PARAM, 5, 0]) +
    (bytes([FLOOD, 0, 255]) + tick(1)) * 9 + handshake() + tick(10),
    # Namespace 0's floods, no work run, fill its half of the room of the
    # entries waiting (19 of 39); namespace 1, at its share, still evicts
    # its own half-open connections for new ones.
    'flood-waiting-isolated': header(79) + handshake(NET1) +
    bytes([FLOOD, 0, 255]) + bytes([FLOOD, NET1 | 1, 45]) +
    bytes([FLOOD, 0, 255]) + handshake(NET1 | 2) + tick(1) +
    bytes([FLOOD, 0, 255]) + handshake(NET1 | 3) + tick(10),
    # Sixteen SYNs from one source refused at two ports, twice, over
    # three intervals of resets; an abort on an open one.
    'scan': header(79) + b''.join(
        seg(i, SYN, 0, 0) + seg(i | SERVER, RST | ACK, 0, 1)
        for i in range(0, 32, 2)) + tick(11) + b''.join(
        seg(i, SYN, 0, 0) + seg(i | SERVER, RST | ACK, 0, 1)
        for i in range(0, 32, 2)) +
    seg(1, SYN, 0, 0) + seg(1 | SERVER, SYN | ACK, 0, 1) + seg(1, RST, 1, 0) +
    tick(11) + tick(11),
    # Scans from 180 sources, to 64 ports, past the 32 keys of a sketch,
    # over two intervals of resets of 3 s: the least counts taken in the
    # merge.
    'scan-wide': header(79) + bytes([PARAM, 10, 2]) +
    bytes([SCAN, PORTS, 100]) + tick(3) + bytes([SCAN, PORTS, 80]) +
    bytes([SCAN, NET1, 50]) + tick(3) + tick(3),
    # 40 ports scanned, 8 of them no longer held; in the next interval,
    # 24 more and the first again: its resets of both intervals, 1 held
    # now and 1 not held before, covered by the least count before.
    'scan-interval': header(79) + bytes([PARAM, 10, 2]) +
    bytes([SCAN, PORTS, 40]) + tick(3) + bytes([SCAN, PORTS, 25]) +
    tick(3),
    'netns-exit': header() + handshake(NET1) + handshake(1) +
    bytes([NET_EXIT, 1]) + seg(NET1, ACK, 1, 1),
    'no-memory': header() + bytes([FAIL_ALLOC]) + seg(0, SYN, 0, 0) +
    seg(0, SYN, 0, 0),
    'timeouts-changed': header() + handshake() +
    bytes([PARAM, 2, 0]) + tick(2),
    'malformed': header() +
    raw(0, tcp(SYN, 4)) +                       # data offset below 5
    raw(0, tcp(SYN, 15)) +                      # past the segment's end
    raw(0, tcp(SYN, 6, b'\x02\x04\x05')) +      # option cut short
    raw(0, tcp(SYN, 6, b'\x03\x01\x00\x00')) +  # option length 1
    raw(0, tcp(SYN | FIN, 5)) +
    raw(0, tcp(SYN | RST, 5)) +
    raw(0, tcp(0, 5)) +
    raw(0, tcp(SYN, 5)[:12]) +                  # shorter than a header
    raw(0, tcp(SYN, 8, b'\x01' * 12), 100),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), 'corpus')
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
