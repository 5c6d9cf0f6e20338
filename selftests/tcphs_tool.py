#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The checks of tcphs_tool.sh on the outputs of tools/tcphs/tcphs: its JSON
through the json module, its Prometheus text through prometheus_client's
parser, both against copies of /proc/tcphs and the known traffic.

Each command prints PASS or FAIL lines like the shell's check; the test
fails on any FAIL line and on any other exit status than 0 (an exception:
JSON that does not parse...).

stats NAME JSON PROC
    tcphs -j stats: its keys, its time, and every counter of PROC (a copy
    of /proc/tcphs/stats), and only those, as integers
stats-as-proc NAME JSON PROC
    tcphs stats -j: its stats as PROC's
conns NAME JSON PROC KINDS
    tcphs -j conns against PROC (a copy of /proc/tcphs/conns): each
    connection's members, its fields, the order; and the number of each
    kind of connection as KINDS, a file of lines "FAMILY CLIENT_ADDR
    SERVER_ADDR SERVER_PORT CLIENT_STATE SERVER_STATE COUNT"
b-conns-summary NAME JSON FLOOD
    tcphs -j conns -s in b, after tcphs_tool.sh's traffic and a flood of
    FLOOD SYNs
top NAME JSON FLOOD FLOOD_PORT TOP REFUSED_PORT
    tcphs -j top [-n TOP] in b: the flood's sources and port, the refused
    connection's source and port
prometheus NAME PROM PROC [--endpoints FLOOD]
    tcphs stats --prometheus: every family and sample, typed, as PROC
    says; with --endpoints, tcphs_endpoints as b's connections give
rates NAME BEFORE AFTER FLOOD JSON TEXT INTERVAL
    tcphs -j stats -i INTERVAL -c 1 (JSON) and tcphs stats -i INTERVAL -c 1
    (TEXT) sampled before (BEFORE) and after (AFTER) a flood of FLOOD SYNs
c-conns-443 NAME JSON
    tcphs -j conns port 443 state syn-rcvd in c
c-conns-summary NAME JSON
    tcphs -j conns -s addr 2001:db8::/32 in c
"""

import argparse
import ipaddress
import json
import re
import time

from prometheus_client.parser import text_string_to_metric_families

# The values of /proc/tcphs/stats that are gauges, not counters.
GAUGES = ["conns", "conns_max", "half_open", "chain_max"]
# The TCP states, in the order of conns -s.
STATES = ["CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
          "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
          "TIME_WAIT"]


def check(name, expected, actual):
    if expected == actual:
        shown = repr(actual)
        print(f"PASS: {name}" + (f" = {shown}" if len(shown) < 160 else ""))
    else:
        print(f"FAIL: {name}: expected {expected!r}, got {actual!r}")


def proc_stats(path):
    d = {}
    with open(path) as f:
        for line in f:
            name, value = line.split()
            d[name] = int(value)
    return d


def one_json_line(name, path):
    with open(path) as f:
        text = f.read()
    check(f"{name}: one line, ending with a newline", 1,
          text.count("\n") if text.endswith("\n") else -1)
    return json.loads(text)


def cmd_stats(args):
    name = args.name
    doc = one_json_line(name, args.json)
    proc = proc_stats(args.proc)
    check(f"{name}: keys", ["stats", "time"], sorted(doc))
    check(f"{name}: time, within a minute of now", True,
          type(doc["time"]) is float and abs(doc["time"] - time.time()) < 60)
    check(f"{name}: stats names", sorted(proc), sorted(doc["stats"]))
    for k, v in proc.items():
        got = doc["stats"].get(k)
        check(f"{name}: stats {k}", (int, v), (type(got), got))


def cmd_stats_as_proc(args):
    doc = one_json_line(args.name, args.json)
    check(f"{args.name}: stats as /proc", proc_stats(args.proc), doc["stats"])


def endpoint(e):
    """A JSON endpoint as /proc/tcphs/conns writes it: ADDR:PORT, or
    [ADDR]:PORT for IPv6."""
    a = e["addr"]
    return (f"[{a}]" if ":" in a else a) + ":" + str(e["port"])


def conns_key(c):
    """conns' order: by server, then client; each by family, address and
    port."""
    return tuple((ipaddress.ip_address(c[r]["addr"]).version,
                  ipaddress.ip_address(c[r]["addr"]).packed, c[r]["port"])
                 for r in ("server", "client"))


# Client ports of real connections are not known in advance: they are
# checked against /proc.
def cmd_conns(args):
    name = args.name
    doc = one_json_line(name, args.json)
    check(f"{name}: keys", ["conns", "time"], sorted(doc))
    proc = []
    with open(args.proc) as text:
        for line in list(text)[1:]:
            f = line.split()
            proc.append((f[0], f[1], f[2], f[3], f[4], f[7]))
    expected = {}
    with open(args.kinds) as text:
        for line in text:
            f = line.split()
            expected[(f[0], f[1], f[2], int(f[3]), f[4], f[5])] = int(f[6])
    got, kinds, ok = [], {}, True
    for c in doc["conns"]:
        ok &= sorted(c) == ["age", "client", "family", "history", "idle",
                            "server"]
        ok &= all(sorted(c[r]) == ["addr", "port", "state"]
                  for r in ("client", "server"))
        ok &= all(type(c[k]) is int and c[k] >= 0 for k in ("age", "idle"))
        ok &= all(type(c[r]["port"]) is int for r in ("client", "server"))
        got.append((c["family"], endpoint(c["client"]), endpoint(c["server"]),
                    c["client"]["state"], c["server"]["state"], c["history"]))
        k = (c["family"], c["client"]["addr"], c["server"]["addr"],
             c["server"]["port"], c["client"]["state"], c["server"]["state"])
        kinds[k] = kinds.get(k, 0) + 1
    check(f"{name}: members of each connection, ages and ports numbers", True,
          ok)
    check(f"{name}: connections as in /proc", sorted(proc), sorted(got))
    check(f"{name}: the connections expected", expected, kinds)
    check(f"{name}: sorted by server, then client",
          sorted(doc["conns"], key=conns_key), doc["conns"])


def cmd_b_conns_summary(args):
    name, n = args.name, args.flood
    doc = one_json_line(name, args.json)
    client = dict.fromkeys(STATES, 0)
    server = dict.fromkeys(STATES, 0)
    client.update(TIME_WAIT=5, CLOSED=1, ESTABLISHED=1, SYN_SENT=n)
    server.update(CLOSED=6, ESTABLISHED=1, LISTEN=n)
    check(f"{name}: keys", ["client", "conns", "server", "time"], sorted(doc))
    check(f"{name}: conns", 7 + n, doc["conns"])
    check(f"{name}: client", client, doc["client"])
    check(f"{name}: server", server, doc["server"])


# The flood's sources, half_open 1 each, by address, then its port; the
# connections of a all ended their handshakes. Its resets: the refused
# connection.
def cmd_top(args):
    name, n, top = args.name, args.flood, args.top
    doc = one_json_line(name, args.json)
    sources = [{"addr": f"198.51.100.{i + 1}", "half_open": 1, "error": 0}
               for i in range(n)]
    ports = [{"port": args.flood_port, "half_open": n, "error": 0}]
    check(f"{name}: keys",
          ["ports", "reset_ports", "reset_sources", "sources", "time"],
          sorted(doc))
    check(f"{name}: sources", sources[:top], doc["sources"])
    check(f"{name}: ports", ports[:top], doc["ports"])
    resets = ([{"addr": "192.0.2.1", "resets": 1, "error": 0}],
              [{"port": args.refused_port, "resets": 1, "error": 0}])
    check(f"{name}: reset_sources", resets[0], doc["reset_sources"])
    check(f"{name}: reset_ports", resets[1], doc["reset_ports"])


# Every family and sample: counters NAME_total, the gauges, and with
# --endpoints tcphs_endpoints as b's connections give.
def cmd_prometheus(args):
    name = args.name
    proc = proc_stats(args.proc)
    with open(args.prom) as text:
        families = {f.name: f for f in
                    text_string_to_metric_families(text.read())}
    want = {}
    for k, v in proc.items():
        if k in GAUGES:
            want[f"tcphs_{k}"] = ("gauge", [(f"tcphs_{k}", (), v)])
        else:
            want[f"tcphs_{k}"] = ("counter", [(f"tcphs_{k}_total", (), v)])
    if args.endpoints is not None:
        n = args.endpoints
        known = {("ipv4", "client", "TIME_WAIT"): 3,
                 ("ipv4", "client", "CLOSED"): 1,
                 ("ipv4", "client", "ESTABLISHED"): 1,
                 ("ipv4", "client", "SYN_SENT"): n,
                 ("ipv4", "server", "CLOSED"): 4,
                 ("ipv4", "server", "ESTABLISHED"): 1,
                 ("ipv4", "server", "LISTEN"): n,
                 ("ipv6", "client", "TIME_WAIT"): 2,
                 ("ipv6", "server", "CLOSED"): 2}
        want["tcphs_endpoints"] = ("gauge", sorted(
            ("tcphs_endpoints", (("family", f), ("role", r), ("state", s)),
             known.get((f, r, s), 0))
            for f in ("ipv4", "ipv6") for r in ("client", "server")
            for s in STATES))
    check(f"{name}: families", sorted(want), sorted(families))
    for fam, (typ, samples) in sorted(want.items()):
        f = families.get(fam)
        if f is None:
            continue
        got = sorted((s.name, tuple(sorted(s.labels.items())), s.value)
                     for s in f.samples)
        check(f"{name}: {fam}: type, help, samples", (typ, True, samples),
              (f.type, bool(f.documentation), got))


def cmd_rates(args):
    before, after = proc_stats(args.before), proc_stats(args.after)
    n, name, every = args.flood, args.name, args.interval
    # chain_max, the longest bucket since load, grows when two entries of
    # the flood share a bucket, as the random key of the hash has it.
    check(f"{name}: what the flood moved",
          {"syn": n, "hs_started": n, "packets": n, "half_open": n,
           "conns": n},
          {k: after[k] - before[k] for k in after
           if after[k] != before[k] and k != "chain_max"})
    check(f"{name}: chain_max kept or grown", True,
          after["chain_max"] >= before["chain_max"])
    doc = one_json_line(name, args.json)
    check(f"{name}: keys", ["interval", "rates", "stats", "time"],
          sorted(doc))
    # The second sample is taken INTERVAL s after the start of the first,
    # and the interval is from the end of one read to the end of the next.
    check(f"{name}: interval about {every} s", True,
          every - 0.1 <= doc["interval"] <= every + 1)
    check(f"{name}: stats, the second sample", after, doc["stats"])
    check(f"{name}: rates of the counters",
          sorted(k for k in after if k not in GAUGES), sorted(doc["rates"]))
    for k in sorted(doc["rates"]):
        check(f"{name}: round(rates.{k} * interval)", after[k] - before[k],
              round(doc["rates"][k] * doc["interval"]))
    check(f"{name}: round(rates.syn * interval)", n,
          round(doc["rates"]["syn"] * doc["interval"]))
    check(f"{name}: round(rates.hs_started * interval)", n,
          round(doc["rates"]["hs_started"] * doc["interval"]))
    # Text: the header, then the lines whose rate (counters) or value
    # (gauges) is not zero, each with its value and, for counters, its
    # rate.
    with open(args.text) as text:
        lines = text.read().split("\n")
    m = re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, rates over "
                     r"(\d+\.\d\d) s", lines[0])
    check(f"{name} text: header", True, m is not None)
    interval = float(m.group(1)) if m else 0
    check(f"{name} text: interval about {every} s", True,
          every - 0.1 <= interval <= every + 1)
    check(f"{name} text: ends with an empty line", ["", ""], lines[-2:])
    shown, rates = [], {}
    for line in lines[1:-2]:
        f = line.split()
        if not line.startswith(" "):
            shown.append(line)
            continue
        shown.append(f[0])
        check(f"{name} text: {f[0]} value", after.get(f[0]), int(f[1]))
        if len(f) == 3 and f[2].endswith("/s"):
            rates[f[0]] = round(float(f[2][:-2]) * interval)
    check(f"{name} text: groups and lines",
          ["segments", "packets", "syn", "handshakes", "hs_started", "table",
           "conns", "conns_max", "half_open", "chain_max"], shown)
    check(f"{name} text: rate * interval",
          {"packets": n, "syn": n, "hs_started": n}, rates)


def cmd_c_conns_443(args):
    doc = one_json_line(args.name, args.json)
    check(args.name, [{
        "family": "ipv4",
        "client": {"addr": "198.51.100.12", "port": 40003,
                   "state": "ESTABLISHED"},
        "server": {"addr": "198.51.100.30", "port": 443,
                   "state": "SYN_RCVD"},
        "history": "Sh"}],
        [{k: v for k, v in c.items() if k not in ("age", "idle")}
         for c in doc["conns"]])


def cmd_c_conns_summary(args):
    name = args.name
    doc = one_json_line(name, args.json)
    check(f"{name}: conns", 2, doc["conns"])
    check(f"{name}: client",
          dict(dict.fromkeys(STATES, 0), CLOSED=1, ESTABLISHED=1),
          doc["client"])
    check(f"{name}: server",
          dict(dict.fromkeys(STATES, 0), CLOSED=1, ESTABLISHED=1),
          doc["server"])


# Each command's arguments after NAME, in order; those named here are
# numbers, the others file names.
COMMANDS = {
    "stats": ["json", "proc"],
    "stats-as-proc": ["json", "proc"],
    "conns": ["json", "proc", "kinds"],
    "b-conns-summary": ["json", "flood"],
    "top": ["json", "flood", "flood_port", "top", "refused_port"],
    "prometheus": ["prom", "proc"],
    "rates": ["before", "after", "flood", "json", "text", "interval"],
    "c-conns-443": ["json"],
    "c-conns-summary": ["json"],
}
NUMBERS = ["flood", "flood_port", "top", "refused_port", "interval"]


def main():
    p = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for cmd, params in COMMANDS.items():
        c = sub.add_parser(cmd)
        c.add_argument("name", help="what the checks are named after")
        for param in params:
            c.add_argument(param, type=int if param in NUMBERS else str)
        if cmd == "prometheus":
            c.add_argument("--endpoints", type=int, metavar="FLOOD")
    args = p.parse_args()
    globals()["cmd_" + args.cmd.replace("-", "_")](args)


if __name__ == "__main__":
    main()
