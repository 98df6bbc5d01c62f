#!/usr/bin/env python3
"""Cross-check `x1060 check --format json` against a corpus's expected.jsonl.

    python3 bench/compare.py CHECK.json CORPUS/expected.jsonl

For every file of expected.jsonl, the multiset of [rule, service] pairs of
x1060's findings must equal the expected one. The service is compared as null
for the file-level rules (C003, C004, X001, X002) and for X007 when it is an
error (a row with no usable ID), as gen_corpus.py writes them. Files are
matched by base name. Prints one line (`ok: …` or `MISMATCH: …` followed by
the first differences) and exits 0 when every file matches, 1 otherwise.
"""
import json
import os
import sys
from collections import Counter

FILE_LEVEL = {'C003', 'C004', 'X001', 'X002'}


def key(rule, service, severity=None):
    """The pair compared: service null for file-level rules and X007 errors."""
    if rule in FILE_LEVEL or (rule == 'X007' and severity == 'error'):
        return (rule, None)
    return (rule, service)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    check_path, expected_path = sys.argv[1:]
    with open(check_path, encoding='utf-8') as f:
        doc = json.load(f)
    ours = {}
    for entry in doc.get('files', []):
        name = os.path.basename(entry['path'])
        if name in ours:
            print(f'MISMATCH: {name} appears twice in {check_path}')
            return 1
        if entry.get('status') == 'unreadable':
            ours[name] = None
            continue
        ours[name] = Counter(key(f['rule'], f.get('service'), f.get('severity'))
                             for f in entry.get('findings', []))
    diffs, files, findings = [], 0, 0
    with open(expected_path, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            exp = json.loads(line)
            name = exp['file']
            want = Counter(key(r, s) for r, s in exp['findings'])
            files += 1
            findings += sum(want.values())
            got = ours.pop(name, 'absent')
            if got == 'absent':
                diffs.append(f'{name}: not in the check output')
            elif got is None:
                diffs.append(f'{name}: unreadable')
            elif got != want:
                missing = sorted((want - got).elements(), key=str)
                extra = sorted((got - want).elements(), key=str)
                diffs.append(f'{name}: missing {missing} extra {extra}')
    for name in sorted(ours):
        diffs.append(f'{name}: checked but not in {expected_path}')
    if diffs:
        print(f'MISMATCH: {len(diffs)} of {files} files differ from {expected_path}')
        for d in diffs[:15]:
            print('  ' + d)
        if len(diffs) > 15:
            print(f'  … and {len(diffs) - 15} more')
        return 1
    print(f'ok: all {files} files match {os.path.basename(expected_path)} ({findings} findings)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
