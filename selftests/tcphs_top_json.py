#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write the JSON of "tcphs -j top", read on stdin, back in the form of the
file it came from: /proc/tcphs/top (FILE top) or /proc/tcphs/resets (FILE
resets), so that a test compares the two."""

import argparse
import json
import sys

# Per file: the column of the count, then per kind of line its word, its
# key's name in JSON, and its JSON array.
FILES = {
    'top': ('half_open', (('source', 'addr', 'sources'),
                          ('port', 'port', 'ports'))),
    'resets': ('resets', (('source', 'addr', 'reset_sources'),
                          ('port', 'port', 'reset_ports'))),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('file', choices=sorted(FILES))
    args = parser.parse_args()
    doc = json.load(sys.stdin)
    count, kinds = FILES[args.file]
    print('kind key', count, 'error')
    for kind, key, array in kinds:
        for row in doc[array]:
            print(kind, row[key], row[count], row['error'])


if __name__ == '__main__':
    main()
