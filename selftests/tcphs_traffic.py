#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Exactly known TCP traffic for the tcphs selftests (stdlib only).

server   accept COUNT connections (0: until killed); on each read the
         request, send the answer, wait for EOF, close
client   make COUNT connections; on each send the request in one segment
         (with --oob as urgent data, so that it alone carries URG), read the
         answer, close (with --linger0 by a RST instead of a FIN)
loop     like client, over and over until --stop-file exists, writing the
         number of connections made to --progress-file after each
refused  one connection to a port nobody listens on: SYN, then RST
bulk-server, bulk-client
         one connection carrying --bytes bytes from the client, which then
         shuts down its side; the server checks the count and closes
craft    handmade segments over a raw IP socket, one per CASE given (see
         CASES), sent in that order from --src to --dst; with no CASE, one
         line of CASEs at a time from stdin, answering "sent" on stdout
         after each line
segments the segments of one connection, both ways, from CLIENT and SERVER
         (ADDR:PORT, [ADDR]:PORT for IPv6) as SEGMENTs DIR:FLAGS:SEQ:ACK[:LEN]:
         DIR c (from the client) or s, FLAGS letters of S F R P A U (SYN FIN
         RST PSH ACK URG), LEN bytes of payload; window 1000, no option;
         or w:SECONDS, a pause of that long between two segments
flood    --count SYNs to SERVER, each from another client: CLIENT's address,
         then the ones after it; with --collide, all from CLIENT's address,
         from port CLIENT's + i to port SERVER's - i, i = 0, 1 ...: the same
         addresses and the same sum of ports, which a hash adding the fields
         up, or one of the addresses only, puts in one bucket; with
         --interval, that many seconds between two SYNs
batch    the lines of FILE in one process, each "segments CLIENT SERVER
         SEGMENT..." or "flood COUNT CLIENT SERVER" (no option); with
         --ready-file, creates it once FILE is read, and with --go-file,
         waits for that file to exist before it sends anything: the
         sending itself then takes milliseconds
hold-server, hold-client
         one connection, accepted or made, then held open for 600 s, no
         timeout: until the test kills the process

Every socket has TCP_NODELAY, so each send() is sent at once as one segment,
and a timeout, so that nothing hangs. Any surprise is an error: a message
on stderr and exit status 1.
"""

import argparse
import ipaddress
import os
import socket
import struct
import sys
import time

REQUEST = b"ping"
ANSWER = b"pong"
TIMEOUT = 30


class Failure(Exception):
    """Traffic that did not go as it must."""


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def tcp_socket(addr):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.settimeout(TIMEOUT)
    return s


def recv_exact(s, size):
    data = b""
    while len(data) < size:
        chunk = s.recv(size - len(data))
        if not chunk:
            raise Failure(f"EOF after {len(data)} of {size} bytes")
        data += chunk
    return data


def listener(args):
    s = tcp_socket(args.addr)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Urgent data stays in the byte stream. Set on the listener, so that
    # each accepted socket has it from its first segment on.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 1)
    s.bind((args.addr, args.port))
    s.listen(128)
    if args.ready_file:
        with open(args.ready_file, "w"):
            pass
    return s


def serve(conn, allow_reset):
    with conn:
        conn.settimeout(TIMEOUT)
        request = recv_exact(conn, len(REQUEST))
        if request != REQUEST:
            raise Failure(f"bad request {request!r}")
        conn.sendall(ANSWER)
        try:
            if conn.recv(1):
                raise Failure("data after the request")
        except ConnectionResetError:
            if not allow_reset:
                raise


def cmd_server(args):
    with listener(args) as s:
        if args.count == 0:
            s.settimeout(None)
        served = 0
        while args.count == 0 or served < args.count:
            conn, _ = s.accept()
            serve(conn, args.allow_reset)
            served += 1


def connection(args):
    with tcp_socket(args.addr) as s:
        s.connect((args.addr, args.port))
        sent = s.send(REQUEST, socket.MSG_OOB if args.oob else 0)
        if sent != len(REQUEST):
            raise Failure(f"sent {sent} of {len(REQUEST)} bytes")
        answer = recv_exact(s, len(ANSWER))
        if answer != ANSWER:
            raise Failure(f"bad answer {answer!r}")
        if args.linger0:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))


def cmd_client(args):
    for _ in range(args.count):
        connection(args)


def cmd_loop(args):
    made = 0
    while not os.path.exists(args.stop_file):
        connection(args)
        made += 1
        with open(args.progress_file + ".tmp", "w") as f:
            f.write(f"{made}\n")
        os.replace(args.progress_file + ".tmp", args.progress_file)
    print(f"{made} connections")


def cmd_refused(args):
    with tcp_socket(args.addr) as s:
        try:
            s.connect((args.addr, args.port))
        except ConnectionRefusedError:
            return
    raise Failure("connection to a closed port was not refused")


def cmd_bulk_server(args):
    with listener(args) as s:
        conn, _ = s.accept()
        with conn:
            conn.settimeout(TIMEOUT)
            got = 0
            while True:
                chunk = conn.recv(1 << 16)
                if not chunk:
                    break
                got += len(chunk)
    if got != args.bytes:
        raise Failure(f"received {got} of {args.bytes} bytes")


def cmd_bulk_client(args):
    block = b"x" * (1 << 16)
    with tcp_socket(args.addr) as s:
        s.connect((args.addr, args.port))
        left = args.bytes
        while left:
            n = min(left, len(block))
            s.sendall(block[:n])
            left -= n
        s.shutdown(socket.SHUT_WR)
        if s.recv(1):
            raise Failure("data from the bulk server")


# --- handmade segments ---------------------------------------------------

FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
SPORT, DPORT = 40000, 9		# nobody listens on the discard port
FRAG_ID = 0x7c01		# IPv4 and IPv6 fragment identification


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def pseudo_header(src, dst, length):
    if ":" in src:
        return (socket.inet_pton(socket.AF_INET6, src) +
                socket.inet_pton(socket.AF_INET6, dst) +
                struct.pack("!I3xB", length, socket.IPPROTO_TCP))
    return (socket.inet_aton(src) + socket.inet_aton(dst) +
            struct.pack("!xBH", socket.IPPROTO_TCP, length))


def tcp_segment(src, dst, flags, doff=5, payload=b"", options=b"",
                ports=(SPORT, DPORT), seq=1000, ack=2000, window=8192,
                good=False):
    """A TCP segment whose checksum is wrong on purpose, unless good.

    The receiver's TCP then drops it silently instead of answering an
    unexpected segment with a RST, which would move the counters."""
    hdr = struct.pack("!HHIIBBHHH", *ports, seq % 2**32, ack % 2**32,
                      doff << 4, flags, window, 0, 0) + options
    seg = hdr + payload
    right = checksum(pseudo_header(src, dst, len(seg)) + seg)
    csum = right if good else (right + 1) & 0xffff or 1
    return seg[:16] + struct.pack("!H", csum) + seg[18:]


def ipv4(src, dst, payload, frag=0, ident=0):
    # The kernel fills in the total length and the header checksum.
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 0, ident, frag, 64,
                       socket.IPPROTO_TCP, 0, socket.inet_aton(src),
                       socket.inet_aton(dst)) + payload


def ipv6(src, dst, payload, frag=None, ident=0):
    nexthdr = socket.IPPROTO_TCP
    if frag is not None:	# (offset in 8-byte units, more fragments)
        offset, more = frag
        payload = struct.pack("!BxHI", socket.IPPROTO_TCP,
                              offset << 3 | more, ident) + payload
        nexthdr = 44
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nexthdr, 64,
                       socket.inet_pton(socket.AF_INET6, src),
                       socket.inet_pton(socket.AF_INET6, dst)) + payload


def dest_options(nexthdr, count):
    """count IPv6 destination options headers of 8 bytes (PadN) chained
    before nexthdr; the first one's next header is the last's nexthdr."""
    hdrs = b""
    for i in range(count):
        hdrs += struct.pack("!BBBB4x", nexthdr if i == count - 1 else 60, 0,
                            1, 4)
    return hdrs


def ip_packets(src, dst, seg, fragments):
    """The IP packets carrying seg: one, or its fragments.

    fragments: None, "all" (a first fragment of 24 bytes of the segment and
    the rest), "rest" (the second one alone), "split" (a first fragment of 8
    bytes, which cuts the TCP header, and the rest), "chain" (IPv6: behind
    8 destination options headers) or "chain-cut" (IPv6: 8 such headers,
    the last one's length past the packet's end)."""
    v6 = ":" in src
    if fragments is None:
        return [ipv6(src, dst, seg) if v6 else ipv4(src, dst, seg)]
    if fragments in ("chain", "chain-cut"):
        hdrs = dest_options(socket.IPPROTO_TCP, 8)
        if fragments == "chain-cut":
            hdrs = hdrs[:-7] + b"\xff" + hdrs[-6:]	# last one 2048 bytes
        pkt = ipv6(src, dst, hdrs + seg)
        return [pkt[:6] + b"\x3c" + pkt[7:]]	# next header: dest options
    # Another identification for the lone fragment, which stays in the
    # receiver's reassembly queue until it times out.
    ident = FRAG_ID + 1 if fragments == "rest" else FRAG_ID
    cut = 8 if fragments == "split" else 24
    first, rest = seg[:cut], seg[cut:]
    if v6:
        frags = [ipv6(src, dst, first, (0, 1), ident),
                 ipv6(src, dst, rest, (cut // 8, 0), ident)]
    else:
        frags = [ipv4(src, dst, first, 0x2000, ident),	# MF, offset 0
                 ipv4(src, dst, rest, cut // 8, ident)]
    return frags[1:] if fragments == "rest" else frags


def segment_of(case, src, dst):
    """The TCP bytes of a case, and how they are fragmented."""
    data = b"0123456789abcdef" * 2
    if case == "ack":		# well-formed, the reference
        return tcp_segment(src, dst, ACK), None
    if case == "doff-short":	# data offset 4: 16 bytes, below the minimum
        return tcp_segment(src, dst, ACK, doff=4), None
    if case == "doff-long":	# data offset 15: 60 bytes, 24 present
        return tcp_segment(src, dst, ACK, doff=15, payload=data[:4]), None
    if case == "truncated":	# 12 bytes: not even the fixed header
        return tcp_segment(src, dst, ACK)[:12], None
    if case == "option-cut":	# an MSS option cut by the header's end
        return tcp_segment(src, dst, ACK, doff=6,
                           options=b"\x01\x01\x02\x04"), None
    if case == "syn-fin":
        return tcp_segment(src, dst, SYN | FIN), None
    if case == "syn-rst":
        return tcp_segment(src, dst, SYN | RST), None
    if case == "null":		# no flag at all
        return tcp_segment(src, dst, 0), None
    if case == "xmas":		# FIN, PSH and URG without ACK
        return tcp_segment(src, dst, FIN | PSH | URG), None
    if case == "fragmented":	# a well-formed ACK in two IP fragments
        return tcp_segment(src, dst, ACK, payload=data), "all"
    if case == "non-first-fragment":	# the second fragment alone
        return tcp_segment(src, dst, ACK, payload=data), "rest"
    if case == "split-header":	# 8 bytes of the header in the first one
        return tcp_segment(src, dst, ACK, payload=data), "split"
    if case in ("ext-chain", "ext-chain-cut"):
        if ":" not in src:
            raise Failure(f"{case} is for IPv6")
        return tcp_segment(src, dst, ACK), case[4:]
    raise Failure(f"unknown case {case}")


CASES = ["ack", "doff-short", "doff-long", "truncated", "option-cut",
         "syn-fin", "syn-rst", "null", "xmas", "fragmented",
         "non-first-fragment", "split-header", "ext-chain", "ext-chain-cut"]


def send_cases(s, args, cases):
    for case in cases:
        seg, fragments = segment_of(case, args.src, args.dst)
        for pkt in ip_packets(args.src, args.dst, seg, fragments):
            s.sendto(pkt, (args.dst, 0))


def cmd_craft(args):
    fam = family(args.dst)
    # IPPROTO_RAW: each packet is sent as written (IP header included),
    # through LOCAL_OUT like any locally generated packet.
    with socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_RAW) as s:
        if args.cases:
            send_cases(s, args, args.cases)
            return
        for line in sys.stdin:
            send_cases(s, args, line.split())
            print("sent", flush=True)


FLAG_LETTERS = {"F": FIN, "S": SYN, "R": RST, "P": PSH, "A": ACK, "U": URG}


def endpoint(text):
    """ADDR:PORT or [ADDR]:PORT -> (ADDR, PORT)."""
    addr, _, port = text.rpartition(":")
    return addr.strip("[]"), int(port)


def send_segment(s, src, dst, flags, seq, ack, payload=b""):
    seg = tcp_segment(src[0], dst[0], flags, payload=payload,
                      ports=(src[1], dst[1]), seq=seq, ack=ack,
                      window=1000, good=True)
    for pkt in ip_packets(src[0], dst[0], seg, None):
        s.sendto(pkt, (dst[0], 0))


def cmd_segments(args):
    client, server = endpoint(args.client), endpoint(args.server)
    with socket.socket(family(server[0]), socket.SOCK_RAW,
                       socket.IPPROTO_RAW) as s:
        for spec in args.segments:
            fields = spec.split(":")
            if len(fields) == 2 and fields[0] == "w":
                time.sleep(float(fields[1]))
                continue
            if len(fields) not in (4, 5) or fields[0] not in ("c", "s"):
                raise Failure(f"bad segment {spec!r}")
            src, dst = ((client, server) if fields[0] == "c" else
                        (server, client))
            flags = sum(FLAG_LETTERS[letter] for letter in fields[1])
            payload = b"x" * int(fields[4]) if len(fields) == 5 else b""
            send_segment(s, src, dst, flags, int(fields[2]), int(fields[3]),
                         payload)


def cmd_flood(args):
    client, server = endpoint(args.client), endpoint(args.server)
    first = ipaddress.ip_address(client[0])
    with socket.socket(family(server[0]), socket.SOCK_RAW,
                       socket.IPPROTO_RAW) as s:
        for i in range(args.count):
            if args.collide:
                src = (client[0], client[1] + i)
                dst = (server[0], server[1] - i)
            else:
                src, dst = (str(first + i), client[1]), server
            send_segment(s, src, dst, SYN, 1000, 0)
            if args.interval:
                time.sleep(args.interval)


def cmd_batch(args):
    with open(args.file) as f:
        lines = f.readlines()
    if args.ready_file:
        with open(args.ready_file, "w"):
            pass
    if args.go_file:
        while not os.path.exists(args.go_file):
            time.sleep(0.01)
    for line in lines:
        w = line.split()
        if w[0] == "segments":
            cmd_segments(argparse.Namespace(client=w[1], server=w[2],
                                            segments=w[3:]))
        elif w[0] == "flood":
            cmd_flood(argparse.Namespace(count=int(w[1]), client=w[2],
                                         server=w[3], collide=False,
                                         interval=0))
        else:
            raise Failure(f"bad line {line!r}")


# How long hold-server and hold-client hold their connection, in seconds:
# longer than any test.
HOLD = 600


def cmd_hold_server(args):
    with socket.create_server((args.addr, args.port),
                              family=family(args.addr)) as s:
        conn, _ = s.accept()
        with conn:
            time.sleep(HOLD)


def cmd_hold_client(args):
    with socket.create_connection((args.addr, args.port)):
        time.sleep(HOLD)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("server", "client", "loop", "refused", "bulk-server",
                 "bulk-client", "hold-server", "hold-client"):
        c = sub.add_parser(name)
        c.add_argument("--addr", required=True)
        c.add_argument("--port", type=int, default=7777)
        if name in ("server", "client"):
            c.add_argument("--count", type=int, default=1)
        if name in ("client", "loop"):
            c.add_argument("--oob", action="store_true")
            c.add_argument("--linger0", action="store_true")
        if name == "server":
            c.add_argument("--allow-reset", action="store_true")
        if name in ("server", "bulk-server"):
            c.add_argument("--ready-file",
                           help="created once the server listens")
        if name == "loop":
            c.add_argument("--stop-file", required=True)
            c.add_argument("--progress-file", required=True)
        if name.startswith("bulk"):
            c.add_argument("--bytes", type=int, required=True)
    c = sub.add_parser("craft")
    c.add_argument("--src", required=True)
    c.add_argument("--dst", required=True)
    # Checked by segment_of(): argparse rejects an empty list of choices.
    c.add_argument("cases", nargs="*", metavar="CASE",
                   help="one of " + ", ".join(CASES))
    c = sub.add_parser("segments")
    c.add_argument("client")
    c.add_argument("server")
    c.add_argument("segments", nargs="+", metavar="SEGMENT")
    c = sub.add_parser("flood")
    c.add_argument("--count", type=int, required=True)
    c.add_argument("--collide", action="store_true")
    c.add_argument("--interval", type=float, default=0)
    c.add_argument("client")
    c.add_argument("server")
    c = sub.add_parser("batch")
    c.add_argument("file")
    c.add_argument("--ready-file", help="created once FILE is read")
    c.add_argument("--go-file", help="waited for before sending")
    args = p.parse_args()

    try:
        globals()["cmd_" + args.cmd.replace("-", "_")](args)
    except (Failure, OSError) as e:
        print(f"tcphs_traffic.py {args.cmd}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
