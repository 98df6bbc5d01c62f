#!/usr/bin/env python3
"""The measuring half of bench/run.sh (which builds and generates first).

Times `x1060 check --format json` against the Python peers and the calamine
floor (examples/bare_read.rs) on the same corpus, in one run, interleaving
the tools round by round so a change of load on the machine hits them all;
checks our findings against expected.jsonl; records peak RSS; times
`annotate` and `template` when they are implemented; prints the ratios and
writes them into docs/performance.md between the markers

    <!-- BEGIN bench/run.sh -->  …  <!-- END bench/run.sh -->

leaving the rest of that file (the hand-written profile) as it is.

Each run goes through GNU `/usr/bin/time -v`, which gives user and system
CPU time (children included: the peers' worker processes) and the peak RSS.
Wall time is the median over the runs; CPU time is reported next to it since
on a busy machine it is the steadier of the two.
"""
import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BEGIN = '<!-- BEGIN bench/run.sh -->'
END = '<!-- END bench/run.sh -->'

TARGETS = {
    'openpyxl': 25.0,     # check at least 25x faster than the openpyxl peer
    'calamine': 6.0,      # at least 6x the calamine peer
    'bare': 1.3,          # wall and CPU within 1.3x of the bare calamine read (issue 15)
    'rss': 1.2,           # RSS at the largest corpus within 1.2x of RSS at 100 files
    'annotate_ms': 50.0,  # CPU time (issue 15)
    'template_ms': 30.0,  # CPU time
}


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:  # noqa: BLE001 - machine description is best effort
        return ''


def machine():
    cpu = ''
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ''
    try:
        with open('/proc/meminfo', encoding='utf-8') as f:
            for line in f:
                if line.startswith('MemTotal'):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    return {
        'nproc': sh('nproc'),
        'cpu': cpu or platform.processor(),
        'memory': mem,
        'kernel': platform.release(),
        'rustc': sh('rustc --version'),
        'python': platform.python_version(),
        'openpyxl': sh("python3 -c 'import openpyxl; print(openpyxl.__version__)'"),
        'python-calamine': sh("python3 -c 'import importlib.metadata as m; print(m.version(\"python-calamine\"))'"),
    }


def loadavg():
    try:
        with open('/proc/loadavg', encoding='utf-8') as f:
            return ' '.join(f.read().split()[:3])
    except OSError:
        return '?'


def parse_time_v(text):
    """User+system seconds and peak RSS (KiB) from GNU time -v output."""
    user = sys_ = rss = 0.0
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('User time (seconds):'):
            user = float(line.rsplit(':', 1)[1])
        elif line.startswith('System time (seconds):'):
            sys_ = float(line.rsplit(':', 1)[1])
        elif line.startswith('Maximum resident set size (kbytes):'):
            rss = float(line.rsplit(':', 1)[1])
    return user + sys_, rss


def timed(cmd, stdout_path=None, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns dict(wall, cpu, rss_kib, code, stdout_tail)."""
    with tempfile.NamedTemporaryFile('r', suffix='.time', delete=False) as tf:
        tpath = tf.name
    out = open(stdout_path, 'wb') if stdout_path else subprocess.PIPE
    try:
        t0 = time.perf_counter()
        p = subprocess.run(['/usr/bin/time', '-v', '-o', tpath] + cmd, stdout=out,
                           stderr=subprocess.PIPE, cwd=cwd)
        wall = time.perf_counter() - t0
    finally:
        if stdout_path:
            out.close()
    with open(tpath, encoding='utf-8', errors='replace') as f:
        cpu, rss = parse_time_v(f.read())
    os.unlink(tpath)
    tail = ''
    if not stdout_path and p.stdout:
        tail = p.stdout.decode('utf-8', 'replace').strip().splitlines()[-1:] or ['']
        tail = tail[0]
    err = p.stderr.decode('utf-8', 'replace').strip().splitlines()
    return {'wall': wall, 'cpu': cpu, 'rss_kib': rss, 'code': p.returncode, 'tail': tail,
            'err': err[-1] if err else ''}


def med(runs, key):
    return statistics.median(r[key] for r in runs) if runs else float('nan')


def fmt_s(x):
    if x != x:  # nan
        return '—'
    return f'{x:.3f} s' if x < 10 else f'{x:.1f} s'


def fmt_mib(kib):
    return '—' if kib != kib else f'{kib / 1024:.1f} MiB'


def ratio(a, b):
    return a / b if b and a == a and b == b else float('nan')


def fmt_x(x):
    return '—' if x != x else f'{x:.2f}×'


def bench_corpus(a, n, corpus):
    """Interleaved rounds of ours / bare / peers on one corpus."""
    files = os.path.join(corpus)
    check_json = os.path.join(a.out, f'check-{n}.json')
    tools = {
        'x1060 check': ([a.x1060, 'check', '--format', 'json', files], check_json),
        'bare_read': ([a.bare, files], None),
        'peer calamine -j 2': (['python3', a.peer, files, '--engine', 'calamine', '-j', '2', '--quiet'], None),
        'peer openpyxl -j 2': (['python3', a.peer, files, '-j', '2', '--quiet'], None),
    }
    fast_rounds = a.rounds if n <= 1000 else max(1, a.rounds - 2)
    peer_rounds = a.peer_rounds if n <= 1000 else 1
    runs = {t: [] for t in tools}
    print(f'== {n} files ({corpus}): {fast_rounds} rounds of ours and bare_read, {peer_rounds} of each peer',
          flush=True)
    for rnd in range(fast_rounds):
        for tool, (cmd, stdout_path) in tools.items():
            if tool.startswith('peer') and rnd >= peer_rounds:
                continue
            r = timed(cmd, stdout_path)
            runs[tool].append(r)
            note = '' if r['code'] in (0, 1) else f"  exit {r['code']}: {r['err']}"
            print(f"   round {rnd + 1} {tool:<20} wall {r['wall']:7.3f} s  cpu {r['cpu']:7.2f} s  "
                  f"rss {r['rss_kib'] / 1024:7.1f} MiB{note}", flush=True)
    peer_summary = {}
    for tool in tools:
        if tool.startswith('peer') and runs[tool]:
            try:
                peer_summary[tool] = json.loads(runs[tool][-1]['tail'])['summary']
            except (ValueError, KeyError, TypeError):
                peer_summary[tool] = None
    verify = subprocess.run(['python3', a.compare, check_json, os.path.join(corpus, 'expected.jsonl')],
                            capture_output=True, text=True)
    verdict = (verify.stdout.strip() or verify.stderr.strip()).splitlines()
    print('   verify: ' + '\n           '.join(verdict), flush=True)
    ours_summary = None
    try:
        with open(check_json, encoding='utf-8') as f:
            ours_summary = json.load(f).get('summary')
    except (OSError, ValueError):
        pass
    return {'n': n, 'runs': runs, 'verify_ok': verify.returncode == 0, 'verify': verdict,
            'peer_summary': peer_summary, 'ours_summary': ours_summary,
            'json_bytes': os.path.getsize(check_json) if os.path.exists(check_json) else 0}


def rss_at(a, n, corpus, known):
    """Peak RSS of `x1060 check` on a corpus (from the timing runs when there were some)."""
    if n in known:
        return med(known[n]['runs']['x1060 check'], 'rss_kib'), med(known[n]['runs']['bare_read'], 'rss_kib')
    ours = [timed([a.x1060, 'check', '--format', 'json', corpus], os.devnull) for _ in range(3)]
    bare = [timed([a.bare, corpus]) for _ in range(3)]
    return med(ours, 'rss_kib'), med(bare, 'rss_kib')


def try_variants(x1060, variants, out_path, tmp):
    """The first invocation that exits 0 or 1 and writes out_path, else None and the last error."""
    errors = []
    for args in variants + [variants[0][:1]]:      # last: the bare subcommand, for its message
        if os.path.exists(out_path):
            os.unlink(out_path)
        p = subprocess.run([x1060] + args, capture_output=True, text=True, cwd=tmp)
        if p.returncode in (0, 1) and os.path.exists(out_path) and args in variants:
            return args, ''
        lines = [ln.strip() for ln in (p.stderr + p.stdout).splitlines() if ln.strip()]
        errors += [ln for ln in lines if 'not implemented' in ln] + \
                  [ln for ln in lines if ln.startswith(('error:', 'x1060:'))][:1]
    best = [e for e in errors if 'not implemented' in e] or errors or ['it failed']
    return None, best[0].replace('`', "'")


def time_command(a, label, variants, out_path, tmp, reps):
    args, err = try_variants(a.x1060, variants, out_path, tmp)
    if args is None:
        print(f'== {label}: skipped ({err})', flush=True)
        return {'label': label, 'skipped': err}
    walls, cpus = [], []
    for _ in range(reps):
        if os.path.exists(out_path):
            os.unlink(out_path)
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([a.x1060] + args, capture_output=True, cwd=tmp)
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
    m, c = statistics.median(walls), statistics.median(cpus)
    print(f"== {label}: `x1060 {' '.join(args)}` median {m * 1000:.1f} ms of {reps} "
          f"(min {min(walls) * 1000:.1f}, max {max(walls) * 1000:.1f}; CPU {c * 1000:.1f} ms)", flush=True)
    return {'label': label, 'args': args, 'median_ms': m * 1000, 'min_ms': min(walls) * 1000,
            'max_ms': max(walls) * 1000, 'cpu_ms': c * 1000, 'reps': reps}


def clean_portfolio(corpus):
    """A file of the corpus with no expected finding: 64 services, as a user's finished portfolio."""
    with open(os.path.join(corpus, 'expected.jsonl'), encoding='utf-8') as f:
        for line in f:
            e = json.loads(line)
            if not e['findings']:
                return os.path.join(corpus, e['file'])
    return os.path.join(corpus, 'pf-00000.xlsx')


def passfail(ok):
    return '—' if ok is None else ('met' if ok else '**not met**')


def render(a, info, results, rss, cmds, load0, load1, started, elapsed, cycled=None, profile=None):
    L = []
    quick = ' (`--quick`)' if a.quick else ''
    L.append(BEGIN)
    L.append('')
    L.append(f'## Measurements{quick}')
    L.append('')
    built = dt.datetime.fromtimestamp(os.path.getmtime(a.x1060)).strftime('%Y-%m-%d %H:%M')
    L.append(f'Written by `bench/run.sh{" --quick" if a.quick else ""}` on {started} '
             f'({elapsed:.0f} s in all); repository at `{a.commit}`, `x1060` binary built {built}.')
    L.append('')
    L.append('| machine | |')
    L.append('|---|---|')
    L.append(f"| CPU | {info['cpu']} |")
    L.append(f"| cores (`nproc`) | {info['nproc']} |")
    L.append(f"| memory | {info['memory']} |")
    L.append(f"| kernel | {info['kernel']} |")
    L.append(f"| Rust | {info['rustc']} |")
    L.append(f"| Python | {info['python']}, openpyxl {info['openpyxl']}, python-calamine {info['python-calamine']} |")
    L.append(f'| load average (1, 5, 15 min) | {load0} at the start, {load1} at the end |')
    L.append('')
    busy = max(float(load0.split()[0]), float(load1.split()[0])) > float(info['nproc'] or 1) * 0.5
    if busy:
        L.append(f'**The machine was busy** (load average above half the cores: other builds were '
                 f'running), so wall times are noisy and pessimistic for every tool alike. The tools '
                 f'were run round by round, interleaved, so the ratios are fairer than the absolute '
                 f'times; CPU time (user + system, worker processes included) is given too and is the '
                 f'steadier figure.')
        L.append('')
    L.append('All tools use both cores: `x1060 check --format json` (default `-j`, one worker thread per '
             'core), `examples/bare_read` (calamine alone, rayon, default `-j`), the peers with `-j 2` '
             '(two worker processes). Median of the runs shown.')
    L.append('')
    L.append('| files | tool | runs | wall | CPU (user+sys) | peak RSS | wall ratio | CPU ratio |')
    L.append('|---:|---|---:|---:|---:|---:|---:|---:|')
    for res in results:
        runs = res['runs']
        ow, oc = med(runs['x1060 check'], 'wall'), med(runs['x1060 check'], 'cpu')
        for tool, rs in runs.items():
            if not rs:
                continue
            w, c, m = med(rs, 'wall'), med(rs, 'cpu'), med(rs, 'rss_kib')
            if tool == 'x1060 check':
                rw = rc = '1 (reference)'
            elif tool == 'bare_read':
                rw, rc = f'check / bare = {fmt_x(ratio(ow, w))}', f'{fmt_x(ratio(oc, c))}'
            else:
                rw, rc = f'peer / check = {fmt_x(ratio(w, ow))}', f'{fmt_x(ratio(c, oc))}'
            L.append(f"| {res['n']:,} | {tool} | {len(rs)} | {fmt_s(w)} | {fmt_s(c)} | {fmt_mib(m)} | {rw} | {rc} |")
    L.append('')
    for res in results:
        s = res['ours_summary'] or {}
        peers = '; '.join(f"{t}: {p['findings']} findings in {p['files']} files" if p else f'{t}: no summary'
                          for t, p in res['peer_summary'].items())
        L.append(f"- {res['n']:,} files: x1060 reported {s.get('findings', '?')} findings "
                 f"({s.get('ok', '?')} ok, {s.get('warning', '?')} warning, {s.get('error', '?')} error, "
                 f"{s.get('unreadable', '?')} unreadable); JSON output {res['json_bytes'] / 1e6:.1f} MB. "
                 f"Cross-check with expected.jsonl: {res['verify'][0] if res['verify'] else '?'}"
                 + (f'. Peers: {peers}.' if peers else '.'))
    L.append('')
    L.append('Peak RSS of `x1060 check --format json` by corpus size (median of the runs):')
    L.append('')
    L.append('| files | x1060 check | bare_read |')
    L.append('|---:|---:|---:|')
    cycled = cycled or {}
    for n, (o, b) in sorted(rss.items()):
        note = f' (the {cycled[n]:,} files of the {cycled[n]:,}-file corpus, cycled)' if n in cycled else ''
        L.append(f'| {n:,}{note} | {fmt_mib(o)} | {fmt_mib(b)} |')
    L.append('')
    if profile and profile.get('ratio'):
        L.append(f"Instructions (callgrind, `bench/profile.sh {profile.get('files', 200)}`: `x1060 check -j 1 "
                 f"--format json` and `bare_read -j 1` on the first {profile.get('files', 200)} files; the "
                 f"figure that does not move with the machine's load): check {profile['check_ir'] / 1e6:,.1f} M, "
                 f"bare_read {profile['bare_ir'] / 1e6:,.1f} M: **check / bare_read = "
                 f"{profile['ratio']:.2f}×** (the read path alone: {profile['read_ratio']:.2f}×).")
        L.append('')
        L.append('| stage | Ir | share |')
        L.append('|---|---:|---:|')
        for row in profile['rows']:
            L.append(f"| {row['stage']} | {row['ir'] / 1e6:,.1f} M | {100 * row['ir'] / profile['check_ir']:.1f} % |")
        L.append(f"| **total** | **{profile['check_ir'] / 1e6:,.1f} M** | 100 % |")
        L.append('')
    else:
        L.append('Instructions: not measured (no valgrind, or NO_PROFILE=1).')
        L.append('')
    for c in cmds:
        if 'skipped' in c:
            L.append(f"- `x1060 {c['label']}`: not measured — {c['skipped']}.")
        else:
            shown = ' '.join(os.path.basename(x) if os.path.isabs(x) else x for x in c['args'])
            L.append(f"- `x1060 {shown}`: median {c['median_ms']:.1f} ms wall of {c['reps']} runs "
                     f"(min {c['min_ms']:.1f}, max {c['max_ms']:.1f}), {c['cpu_ms']:.1f} ms CPU.")
    L.append('')
    L.append('### Targets')
    L.append('')
    L.append('| target | measured (wall) | measured (CPU) | |')
    L.append('|---|---:|---:|---|')
    big = results[-1] if results else None
    if big:
        runs = big['runs']
        ow, oc = med(runs['x1060 check'], 'wall'), med(runs['x1060 check'], 'cpu')
        for tool, key, label in (('peer openpyxl -j 2', 'openpyxl', 'check ≥ 25× faster than the openpyxl peer'),
                                 ('peer calamine -j 2', 'calamine', 'check ≥ 6× faster than the calamine peer')):
            rw, rc = ratio(med(runs[tool], 'wall'), ow), ratio(med(runs[tool], 'cpu'), oc)
            L.append(f"| {label} ({big['n']:,} files) | {fmt_x(rw)} | {fmt_x(rc)} | "
                     f"{passfail(rw >= TARGETS[key] if rw == rw else None)} |")
        bw, bc = ratio(ow, med(runs['bare_read'], 'wall')), ratio(oc, med(runs['bare_read'], 'cpu'))
        L.append(f"| check within 1.3× of bare_read, wall and CPU ({big['n']:,} files) | {fmt_x(bw)} | {fmt_x(bc)} | "
                 f"{passfail(bw <= TARGETS['bare'] and bc <= TARGETS['bare'] if bw == bw and bc == bc else None)} |")
        if profile and profile.get('ratio'):
            L.append(f"| check / bare_read in instructions ({profile.get('files', 200)} files) | "
                     f"{fmt_x(profile['ratio'])} | | {passfail(profile['ratio'] <= TARGETS['bare'])} |")
        L.append(f"| every file's findings match expected.jsonl ({big['n']:,} files) | "
                 f"{'yes' if big['verify_ok'] else 'no'} | | {passfail(big['verify_ok'])} |")
    if rss:
        lo, hi = min(rss), max(rss)
        rr = ratio(rss[hi][0], rss[lo][0])
        L.append(f"| RSS at {hi:,} files{' (cycled)' if hi in cycled else ''} within 1.2× of RSS at {lo:,} | "
                 f"{fmt_x(rr)} | | {passfail(rr <= TARGETS['rss'] if rr == rr else None)} |")
    for c in cmds:
        limit = TARGETS[f"{c['label']}_ms"]
        if 'skipped' in c:
            L.append(f"| {c['label']} ≤ {limit:.0f} ms | not implemented | | — |")
        else:
            L.append(f"| {c['label']} ≤ {limit:.0f} ms CPU | {c['median_ms']:.1f} ms | {c['cpu_ms']:.1f} ms | "
                     f"{passfail(c['cpu_ms'] <= limit)} |")
    L.append('')
    L.append(END)
    return '\n'.join(L) + '\n'


def write_doc(path, section):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = ''
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            text = f.read()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + section.rstrip('\n') + tail
    else:
        text = (text or '# Performance\n\n') + ('\n' if text and not text.endswith('\n\n') else '') + section
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--x1060', required=True)
    ap.add_argument('--bare', required=True)
    ap.add_argument('--peer', required=True)
    ap.add_argument('--compare', required=True)
    ap.add_argument('--out', required=True, help='bench/out: corpora and outputs')
    ap.add_argument('--doc', required=True, help='docs/performance.md')
    ap.add_argument('--time-sizes', required=True, help='comma-separated corpus sizes to time, e.g. 1000,10000')
    ap.add_argument('--rss-sizes', required=True, help='comma-separated corpus sizes for peak RSS')
    ap.add_argument('--rounds', type=int, default=5, help='runs of ours and bare_read per corpus (≤1,000 files)')
    ap.add_argument('--peer-rounds', type=int, default=3, help='runs of each peer per corpus (≤1,000 files)')
    ap.add_argument('--reps', type=int, default=20, help='runs of annotate and template')
    ap.add_argument('--rss-dirs', default='', help='comma-separated N=DIR: peak RSS only (no peers) at N files')
    ap.add_argument('--profile-json', default='', help="bench/profile.sh's summary.json (instruction ratio)")
    ap.add_argument('--commit', default='?')
    ap.add_argument('--quick', action='store_true')
    a = ap.parse_args()

    started = dt.datetime.now().strftime('%Y-%m-%d %H:%M')
    t_start = time.perf_counter()
    load0 = loadavg()
    info = machine()
    print(f"machine: {info['nproc']} × {info['cpu']}, {info['memory']}; {info['rustc']}; load {load0}", flush=True)
    corpus = lambda n: os.path.join(a.out, f'corpus-v2-{n}')  # noqa: E731
    time_sizes = [int(x) for x in a.time_sizes.split(',') if x]
    rss_sizes = [int(x) for x in a.rss_sizes.split(',') if x]

    results = [bench_corpus(a, n, corpus(n)) for n in time_sizes]
    known = {r['n']: r for r in results}
    rss = {}
    rss_dirs = dict(x.split('=', 1) for x in a.rss_dirs.split(',') if x)
    cycled = {}
    for n in sorted(set(rss_sizes) | {int(k) for k in rss_dirs}):
        d = rss_dirs.get(str(n), corpus(n))
        marker = os.path.join(d, 'CYCLED')
        if os.path.exists(marker):
            with open(marker, encoding='utf-8') as f:
                cycled[n] = int(f.read().strip() or 0)
        rss[n] = rss_at(a, n, d, known)
        print(f'== peak RSS at {n:,} files: x1060 check {fmt_mib(rss[n][0])}, bare_read {fmt_mib(rss[n][1])}',
              flush=True)
    profile = None
    if a.profile_json and os.path.exists(a.profile_json):
        with open(a.profile_json, encoding='utf-8') as f:
            profile = json.load(f)

    tmp = tempfile.mkdtemp(prefix='x1060-bench-')
    try:
        src = clean_portfolio(corpus(time_sizes[0]))
        inp = os.path.join(tmp, 'portfolio.xlsx')
        shutil.copyfile(src, inp)
        ann = os.path.join(tmp, 'annotated.xlsx')
        cmds = [time_command(a, 'annotate', [
            ['annotate', inp, '-o', ann], ['annotate', inp, '--output', ann], ['annotate', inp, ann],
            ['annotate', inp, '-o', ann, '--force']], ann, tmp, a.reps)]
        tpl = os.path.join(tmp, 'template.xlsx')
        cmds.append(time_command(a, 'template', [
            ['template', '-o', tpl], ['template', '--output', tpl], ['template', tpl],
            ['template', '-o', tpl, '--force']], tpl, tmp, a.reps))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    load1 = loadavg()
    section = render(a, info, results, rss, cmds, load0, load1, started, time.perf_counter() - t_start,
                     cycled, profile)
    write_doc(a.doc, section)

    print()
    print('ratios (median wall; CPU in brackets):')
    for res in results:
        runs = res['runs']
        ow, oc = med(runs['x1060 check'], 'wall'), med(runs['x1060 check'], 'cpu')
        for tool in ('peer openpyxl -j 2', 'peer calamine -j 2'):
            print(f"  {res['n']:>6,} files  {tool} / check   {fmt_x(ratio(med(runs[tool], 'wall'), ow)):>9} "
                  f"({fmt_x(ratio(med(runs[tool], 'cpu'), oc))})")
        print(f"  {res['n']:>6,} files  check / bare_read          {fmt_x(ratio(ow, med(runs['bare_read'], 'wall'))):>9} "
              f"({fmt_x(ratio(oc, med(runs['bare_read'], 'cpu')))})")
    if rss:
        lo, hi = min(rss), max(rss)
        print(f'  peak RSS {hi:,} / {lo:,} files              {fmt_x(ratio(rss[hi][0], rss[lo][0])):>9}')
    print(f'wrote {a.doc}')
    bad = [r['n'] for r in results if not r['verify_ok']]
    if bad:
        print(f'findings differ from expected.jsonl at {bad} files (see above)')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
