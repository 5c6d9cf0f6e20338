#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The check of tcphs_latency.sh on the reader's latency: FILE, a copy of
/proc/tcphs/latency, against JSON, the output of "tcphs -j latency", and
PROM, that of "tcphs latency --prometheus": each delay's count, sum and
non-empty buckets in the JSON, and its cumulative buckets in the
histogram. Prints "ok", or what differs."""

import argparse
import json

from prometheus_client.parser import text_string_to_metric_families


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("file")
    p.add_argument("json")
    p.add_argument("prom")
    args = p.parse_args()
    with open(args.file) as f:
        lines = dict(line.split() for line in f)
    with open(args.json) as f:
        doc = json.load(f)["latency"]
    with open(args.prom) as f:
        prom = {fam.name: fam for fam in
                text_string_to_metric_families(f.read())}
    hist = prom["tcphs_handshake_delay_seconds"]
    wrong = [] if hist.type == "histogram" else [hist.type]
    for delay in ("syn_synack", "synack_ack"):
        buckets, cum = [], 0
        for b in range(32):
            low, high = (1 << b if b else 0), (2 << b) - 1
            n = int(lines[f"{delay}_us_{low}_{high}"])
            cum += n
            le = "+Inf" if b == 31 else f"{high / 1e6:.6f}"
            got = [s.value for s in hist.samples if s.name.endswith("_bucket")
                   and s.labels == {"delay": delay, "le": le}]
            if got != [cum]:
                wrong.append(f"{delay} le={le}: {got} != {cum}")
            if n:
                buckets.append({"low_us": low, "high_us": high, "count": n})
        want = {"count": int(lines[f"{delay}_count"]),
                "sum_us": int(lines[f"{delay}_sum_us"]), "buckets": buckets}
        if doc[delay] != want:
            wrong.append(f"{delay}: {doc[delay]} != {want}")
    print("; ".join(wrong) or "ok")


if __name__ == "__main__":
    main()
