#!/usr/bin/env bash
# Benchmark of `x1060 check` against its floor and peers, in one run (issues 8, 15).
#
#   bench/run.sh            # corpora of 1,000 and 10,000 files (RSS also at 100)
#   bench/run.sh --quick    # corpora of 100 and 1,000 files
#   bench/run.sh --quick --rss 10000   # and peak RSS (ours and bare_read only,
#                           # no peers) at 10,000 files too
#
# --rss N measures the peak RSS of `x1060 check` (and bare_read) at N files
# without timing the slow peers there. It uses bench/out/corpus-v2-N when it
# is complete; otherwise (gen_corpus.py takes about a second a file on a busy
# machine) it links the files of the largest complete corpus over and over
# into bench/out/corpus-v2-N-cycled (pf-00000 ...), which the written section
# says. GEN_RSS=1 generates the real corpus instead.
#
# Unless NO_PROFILE=1 (or without valgrind), bench/profile.sh 200 runs too
# (callgrind, about a minute): the instruction ratio check / bare_read and
# the stage table go into the written section.
#
# 1. builds the release binary and examples/bare_read (the calamine floor);
# 2. generates the corpora with gen_corpus.py (seed 1) into bench/out/,
#    reusing them when present; a smaller corpus is made from the first files
#    of a larger one when there is one (file i depends only on seed and i),
#    otherwise generated (about a second a file on a busy machine);
# 3. bench/harness.py times `x1060 check --format json` (default -j: every
#    core) against `peer_openpyxl.py -j 2 --quiet`, the same with
#    `--engine calamine`, and bare_read, interleaved round by round; checks
#    our findings against expected.jsonl for every file; records peak RSS
#    (GNU time -v) at 100, 1,000 and 10,000 files; times `x1060 annotate` of
#    a 64-service portfolio and `x1060 template` (median of 20) when they are
#    implemented; prints the ratios and writes them into docs/performance.md.
#
# Environment: X1060_BENCH_DIR (folder of gen_corpus.py and peer_openpyxl.py;
# default ../shared/bench next to the repository, else /work/shared/bench),
# CARGO_TARGET_DIR (as for cargo), ROUNDS (runs of ours and bare_read, default
# 5), PEER_ROUNDS (runs of each peer, default 3), REPS (annotate/template runs,
# default 20), SKIP_BUILD=1 (use the binaries already built).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QUICK=0
EXTRA_RSS=()
while (( $# )); do
    case "$1" in
        --quick) QUICK=1 ;;
        --rss)
            [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "bench/run.sh: --rss needs a number of files" >&2; exit 2; }
            EXTRA_RSS+=("$2"); shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench/run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

die() { echo "bench/run.sh: $*" >&2; exit 2; }

if [[ -n "${X1060_BENCH_DIR:-}" ]]; then
    BENCH_DIR=$X1060_BENCH_DIR
elif [[ -f "$ROOT/../shared/bench/gen_corpus.py" ]]; then
    BENCH_DIR=$(cd "$ROOT/../shared/bench" && pwd)
else
    BENCH_DIR=/work/shared/bench
fi
GEN=$BENCH_DIR/gen_corpus.py
PEER=$BENCH_DIR/peer_openpyxl.py
[[ -f $GEN && -f $PEER ]] || die "gen_corpus.py / peer_openpyxl.py not found in $BENCH_DIR (set X1060_BENCH_DIR)"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed for CPU time and peak RSS"
python3 -c 'import openpyxl, python_calamine' 2>/dev/null \
    || die "python3 with openpyxl and python-calamine is needed (pip install openpyxl python-calamine)"

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
X1060=$TARGET/release/x1060
BARE=$TARGET/release/examples/bare_read
OUT=$ROOT/bench/out
mkdir -p "$OUT"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building (release): x1060 and examples/bare_read"
    (cd "$ROOT" && cargo build --release --quiet --bin x1060 --example bare_read) || die "build failed"
fi
[[ -x $X1060 && -x $BARE ]] || die "missing $X1060 or $BARE"

if [[ $QUICK == 1 ]]; then
    TIME_SIZES=(100 1000); RSS_SIZES=(100 1000)
else
    TIME_SIZES=(1000 10000); RSS_SIZES=(100 1000 10000)
fi

# A corpus is complete when expected.jsonl has n lines and there are n workbooks.
complete() {
    local dir=$OUT/corpus-v2-$1
    [[ -f $dir/expected.jsonl ]] || return 1
    [[ $(wc -l < "$dir/expected.jsonl") -eq $1 ]] || return 1
    [[ $(find "$dir" -maxdepth 1 -name 'pf-*.xlsx' | wc -l) -eq $1 ]]
}

# corpus-n from the first n files of a complete larger corpus (hard links), else generated.
make_corpus() {
    local n=$1 dir=$OUT/corpus-v2-$1 big
    complete "$n" && return 0
    for big in 10000 1000; do
        if (( big > n )) && complete "$big"; then
            echo "== corpus of $n files: the first $n of corpus-$big"
            rm -rf "$dir"; mkdir -p "$dir"
            head -n "$n" "$OUT/corpus-v2-$big/expected.jsonl" > "$dir/expected.jsonl"
            python3 - "$OUT/corpus-v2-$big" "$dir" "$n" <<'EOF'
import os, shutil, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    name = f'pf-{i:05d}.xlsx'
    try:
        os.link(os.path.join(src, name), os.path.join(dst, name))
    except OSError:
        shutil.copyfile(os.path.join(src, name), os.path.join(dst, name))
EOF
            return 0
        fi
    done
    echo "== generating a corpus of $n files (seed 1) into $dir"
    rm -rf "$dir"
    local t0=$SECONDS
    python3 "$GEN" "$dir" --count "$n" --seed 1 --spec 2 >/dev/null || die "gen_corpus.py failed"
    echo "   $((SECONDS - t0)) s"
}

# largest first, so the smaller ones are cut from it
mapfile -t SIZES < <(printf '%s\n' "${TIME_SIZES[@]}" "${RSS_SIZES[@]}" | sort -n -u -r)
for n in "${SIZES[@]}"; do make_corpus "$n"; done

# --rss N: the real corpus when complete (or GEN_RSS=1), else the files of the
# largest complete corpus linked over and over (named as gen_corpus names them).
RSS_DIRS=()
for n in ${EXTRA_RSS[@]+"${EXTRA_RSS[@]}"}; do
    if complete "$n" || [[ "${GEN_RSS:-0}" == 1 ]]; then
        make_corpus "$n"; RSS_DIRS+=("$n=$OUT/corpus-v2-$n"); continue
    fi
    src=
    for big in 10000 1000 100; do
        if (( big < n )) && complete "$big"; then src=$big; break; fi
    done
    [[ -n $src ]] || die "--rss $n: no complete corpus to cycle (run without --rss first)"
    dir=$OUT/corpus-v2-$n-cycled
    if [[ $(find "$dir" -maxdepth 1 -name 'pf-*.xlsx' 2>/dev/null | wc -l) -ne $n ]]; then
        echo "== corpus of $n files for RSS: the $src files of corpus-v2-$src, cycled (hard links)"
        rm -rf "$dir"; mkdir -p "$dir"
        python3 - "$OUT/corpus-v2-$src" "$dir" "$n" "$src" <<'EOF'
import os, shutil, sys
src, dst, n, m = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for i in range(n):
    a, b = os.path.join(src, f'pf-{i % m:05d}.xlsx'), os.path.join(dst, f'pf-{i:05d}.xlsx')
    try:
        os.link(a, b)
    except OSError:
        shutil.copyfile(a, b)
with open(os.path.join(dst, 'CYCLED'), 'w') as f:
    f.write(f'{m}\n')
EOF
    fi
    RSS_DIRS+=("$n=$dir")
done

PROFILE_JSON=
if [[ "${NO_PROFILE:-0}" != 1 ]] && command -v valgrind >/dev/null; then
    echo "== instruction profile (callgrind, 200 files): bench/profile.sh"
    if SKIP_BUILD=1 CARGO_TARGET_DIR=$TARGET "$ROOT/bench/profile.sh" 200; then
        PROFILE_JSON=$OUT/profile/summary.json
    else
        echo "bench/run.sh: bench/profile.sh failed; the section will have no instruction ratio" >&2
    fi
fi

join() { local IFS=,; echo "$*"; }
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')
if [[ -n $(cd "$ROOT" && git status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    COMMIT="$COMMIT + uncommitted changes in src/"
fi

python3 "$ROOT/bench/harness.py" \
    --x1060 "$X1060" --bare "$BARE" --peer "$PEER" --compare "$ROOT/ci/compare_expected.py" \
    --out "$OUT" --doc "$ROOT/docs/performance.md" \
    --time-sizes "$(join "${TIME_SIZES[@]}")" --rss-sizes "$(join "${RSS_SIZES[@]}")" \
    --rounds "${ROUNDS:-5}" --peer-rounds "${PEER_ROUNDS:-3}" --reps "${REPS:-20}" \
    --rss-dirs "$(join ${RSS_DIRS[@]+"${RSS_DIRS[@]}"})" --profile-json "$PROFILE_JSON" \
    --commit "$COMMIT" $([[ $QUICK == 1 ]] && echo --quick)
