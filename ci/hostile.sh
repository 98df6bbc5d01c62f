#!/usr/bin/env bash
# Hostile-input budget check for the release binary (GitHub issue 7).
#
#   bash ci/hostile.sh target/release/x1060
#
# Makes zip bombs and other hostile workbooks in a temporary folder (Python 3,
# standard library only) and runs `x1060 check` on each under
# /usr/bin/time -v: each must be refused (exit 2) within its time and peak
# RSS budget, and the 1,000,000-row sheet must be read (exit 1, X001) within
# its own. Prints one line per file and `N passed, N failed`; exits 1 if any
# failed.
set -euo pipefail

bin=${1:?usage: ci/hostile.sh PATH/TO/x1060}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "hostile: $bin is not an executable" >&2; exit 2; }
command -v python3 >/dev/null || { echo "hostile: python3 is needed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import io, os, struct, sys, zipfile, zlib

out = sys.argv[1]
GB = 1 << 30

def deflate_spaces(n):
    """Raw deflate of n spaces, ~1030:1 (one dynamic block: 1-bit codes
    for 'copy 258' and 'distance 1', so 258 bytes cost two zero bits)."""
    bits = []
    def val(v, k):
        bits.extend((v >> i) & 1 for i in range(k))
    def code(c, k):
        bits.extend((c >> i) & 1 for i in reversed(range(k)))
    # All 19 code-length codes, so the header is an even number of bits
    # and the 2-bit copies reach a byte boundary.
    val(1, 1); val(2, 2); val(29, 5); val(0, 5); val(15, 4)
    for s in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]:
        val({18: 1, 1: 2, 2: 2}.get(s, 0), 3)
    def zeros(k):
        while k:
            m = min(k, 138); code(0, 1); val(m - 11, 7); k -= m
    zeros(32); code(3, 2); zeros(223); code(3, 2); zeros(28); code(2, 2); code(2, 2)
    code(2, 2)  # the first space, a literal
    left = n - 1
    copies, left = divmod(left, 258)
    while copies and len(bits) % 8:
        bits.extend((0, 0)); copies -= 1
    def pack():
        return bytes(sum(b << i for i, b in enumerate(bits[j:j + 8])) for j in range(0, len(bits), 8))
    head = bytearray()
    if len(bits) % 8 == 0:  # four copies of two zero bits make a zero byte
        head += pack() + bytes(copies // 4)
        del bits[:]
        copies %= 4
    for _ in range(copies): bits.extend((0, 0))
    for _ in range(left): code(2, 2)
    code(3, 2)
    while len(bits) % 8: bits.append(0)
    return bytes(head + pack())

def crc_spaces(n):
    chunk, crc = b" " * (1 << 20), 0
    for _ in range(n >> 20): crc = zlib.crc32(chunk, crc)
    return zlib.crc32(b" " * (n & ((1 << 20) - 1)), crc)

def raw_zip(entries):
    """entries: (name, method, data, crc, declared size); headers written by
    hand so the declared size can lie."""
    body, cd = bytearray(), bytearray()
    for name, method, data, crc, declared in entries:
        off, n = len(body), name.encode()
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), declared, len(n), 0) + n + data
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), declared, len(n), 0, 0, 0, 0, 0, off) + n
    at = len(body)
    body += cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), at, 0)
    return bytes(body)

def stored(name, data):
    return (name, 0, data, zlib.crc32(data), len(data))

CT = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
RELS = b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
WBRELS = b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
FRAME = [stored("[Content_Types].xml", CT), stored("_rels/.rels", RELS), stored("xl/workbook.xml", WB), stored("xl/_rels/workbook.xml.rels", WBRELS)]

def write(name, data):
    with open(os.path.join(out, name), "wb") as f: f.write(data)

bomb, crc = deflate_spaces(GB), crc_spaces(GB)
assert len(bomb) < 1_100_000
write("bomb-1gb-honest.xlsx", raw_zip(FRAME + [("xl/worksheets/sheet1.xml", 8, bomb, crc, GB)]))
write("bomb-1gb-liar.xlsx", raw_zip(FRAME + [("xl/worksheets/sheet1.xml", 8, bomb, crc, 1000)]))
write("bomb-1gb-zero.xlsx", raw_zip(FRAME + [("xl/worksheets/sheet1.xml", 8, bomb, crc, 0)]))
# The worst refusal: 190 MB that must be inflated before the next entry's
# 20 MB passes the 200 MB total.
n190, n20 = 190 << 20, 20 << 20
write("bomb-at-the-limit.xlsx", raw_zip(FRAME + [
    ("xl/worksheets/sheet1.xml", 8, deflate_spaces(n190), crc_spaces(n190), n190),
    ("xl/media/pad.bin", 8, deflate_spaces(n20), crc_spaces(n20), n20)]))
# 1,000,000 rows and a far-corner cell, deflated as Excel would.
rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>row %d</t></is></c><c r="B%d"><v>%d</v></c></row>' % (i, i, i, i, i) for i in range(1, 1_000_001))
sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         + rows + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name, _, data, _, _ in FRAME: z.writestr(name, data)
    z.writestr("xl/worksheets/sheet1.xml", sheet)
write("rows-1m.xlsx", buf.getvalue())
# An .ods whose repeat counts ask for 1,048,576 × 16,384 cells.
content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body><office:spreadsheet>'
           '<table:table table:name="S"><table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>'
           '</office:spreadsheet></office:body></office:document-content>').encode()
manifest = b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
write("ods-repeats.ods", raw_zip([stored("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), stored("content.xml", content), stored("META-INF/manifest.xml", manifest)]))
# 30,000 entries.
write("entries-30k.xlsx", raw_zip(FRAME + [stored("x/%d" % i, b"") for i in range(30000)]))
PY

here=$(cd "$(dirname "$0")/.." && pwd)
cp "$here/tests/hostile/xls-far-corner.xls" "$here/tests/hostile/xls-far-col.xls" \
   "$here/tests/hostile/xls-sector-loop.xls" "$work/"

passed=0 failed=0
# file, expected exit code, seconds, MB
check() {
    local file=$1 want=$2 max_s=$3 max_mb=$4 code secs kb line
    set +e
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %M' -o "$work/time.txt" "$bin" check "$work/$file" >"$work/out.txt" 2>&1
        code=$?
        read -r secs kb < <(tail -n 1 "$work/time.txt")
    else
        local t0 t1
        t0=$(date +%s.%N)
        "$bin" check "$work/$file" >"$work/out.txt" 2>&1
        code=$?
        t1=$(date +%s.%N)
        secs=$(echo "$t1 - $t0" | bc)
        kb=0
    fi
    set -e
    line=$(head -n 1 "$work/out.txt" | cut -c 1-160)
    local mb=$((kb / 1024))
    if [ "$code" = "$want" ] && awk "BEGIN{exit !($secs < $max_s)}" && [ "$mb" -lt "$max_mb" ] \
        && ! grep -q -e panicked -e RUST_BACKTRACE -e 'memory allocation' "$work/out.txt"; then
        passed=$((passed + 1)); printf 'ok    %-26s exit %s  %5.2f s  %4d MB  %s\n' "$file" "$code" "$secs" "$mb" "${line#"$work/"}"
    else
        failed=$((failed + 1)); printf 'FAIL  %-26s exit %s (want %s)  %5.2f s (< %s)  %4d MB (< %s)\n' "$file" "$code" "$want" "$secs" "$max_s" "$mb" "$max_mb"
        cat "$work/out.txt"
    fi
}

check bomb-1gb-honest.xlsx 2 2 300
check bomb-1gb-liar.xlsx 2 2 300
check bomb-1gb-zero.xlsx 2 2 300
check bomb-at-the-limit.xlsx 2 2 300
check entries-30k.xlsx 2 2 300
check ods-repeats.ods 2 2 300
check xls-far-corner.xls 2 2 300
check xls-far-col.xls 2 2 300
check xls-sector-loop.xls 2 2 300
check rows-1m.xlsx 1 10 400
[ -x /usr/bin/time ] || echo "hostile: /usr/bin/time missing: peak RSS not measured"
echo "hostile: $passed passed, $failed failed"
[ "$failed" = 0 ]
