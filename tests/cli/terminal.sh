#!/usr/bin/env bash
# Terminal safety: escape sequences and other control characters in
# documents (their text, their title, author, source and tags, and their
# file names) never reach the terminal raw from wonk-search, in any output
# mode: the hits (plain, --color=always, --context), --facets, --files,
# --count, --like and "did you mean" on stderr.  The only escape sequences
# allowed are wonk's own colours.  --json output is valid UTF-8 JSON, one
# object a line, with every control character escaped (\u001b, \u009b...)
# and its strings holding exactly what the document held.  wonk-index's
# messages about such files are held to the same rule.
. "$(dirname "$0")/../lib.sh"

mkdir "$SCRATCH/docs"
cd "$SCRATCH"
D=docs
E=$'\e' BEL=$'\a' CSI8=$'\xc2\x9b'
# Text: colour, OSC title, clear screen, C1 CSI (U+009B), BEL, backspace,
# DEL, and a raw 0x9B byte (8-bit CSI; not UTF-8).
printf 'Plain termword: colour %s[31mred%s[0m, title %s]0;pwned%s, clear %s[2J%s[H, C1 %s31m, BEL %s, backspace x\b, DEL \x7f, raw \x9b byte.\n' \
	"$E" "$E" "$E" "$BEL" "$E" "$E" "$CSI8" "$BEL" >"$D/esc.txt"
# HTML: raw escapes and character references in the title, the author,
# the site name and the text.
printf '<html><head><title>Title %s]0;htmlpwned%s &#27;[31m &#x9b;2J termword</title><meta name="author" content="Evil %s[2J Author"><meta property="og:site_name" content="Site %s31m"></head><body><p>HTML termword %s[31m red &#27;[32m green &#155;31m &#7; bel &#x85; nel.</p></body></html>\n' \
	"$E" "$BEL" "$E" "$CSI8" "$E" >"$D/esc.html"
# Markdown front matter.
printf -- '---\ntitle: "MD %s]0;mdpwned%s title"\nauthor: "Mark %s[31m Down"\nsource: "Src %s2J"\ntags: [a%s[1mb, "c%sd"]\ndate: 2020-01-02\n---\n\nMarkdown termword %s[2J and %s.\n' \
	"$E" "$BEL" "$E" "$CSI8" "$E" "$BEL" "$E" "$CSI8" >"$D/esc.md"
# JSON, escaped: \u001b, \u009b, \u0007, \u0008.
printf '{"title":"JSON \\u001b]0;jsonpwned\\u0007 title","author":"J \\u001b[31m Son","source":"S \\u009b2J","tags":["t\\u001bx"],"date":"1999","text":"JSON termword \\u001b[2J body \\u009b31m and \\u0008 and \\u007f."}\n' >"$D/esc.jsonl"
# File names: ESC and BEL, a raw 0x9B byte, U+009B.
printf 'name termword file\n' >"$D/name${E}]0;namepwned${BEL}.txt"
printf 'raw c1 termword file\n' >"$D/c1"$'\x9b'"name.txt"
printf 'utf8 c1 termword file\n' >"$D/c1u${CSI8}name.txt"
# A binary file with escapes in its name: wonk-index reports it.
printf 'bin\0ary' >"$D/bin${E}[2Jary.txt"

cat >ctl.py <<'EOF'
# ctl.py FILE: exits 1, saying where, if FILE holds a control character
# (C0 but tab and newline, DEL, C1 as UTF-8 or as a raw byte) other than
# wonk's colour sequences ESC [ 0 m, 1 m, 2 m, 1;31 m.
import re, sys
data = open(sys.argv[1], "rb").read()
data = re.sub(rb"\x1b\[(0|1|2|1;31)m", b"", data)
bad = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|(?<![\xc0-\xff])[\x80-\x9f]")
# A raw byte 0x80-0x9F is a C1 control unless it continues a UTF-8 sequence.
def raw_c1(m):
    if m.group(0)[0:1] != b"\xc2" and len(m.group(0)) == 1 and 0x80 <= m.group(0)[0] <= 0x9f:
        i = m.start()
        j = i
        while j > 0 and 0x80 <= data[j - 1] <= 0xbf:
            j -= 1
        lead = data[j - 1] if j > 0 else 0
        need = 1 if 0xc2 <= lead <= 0xdf else 2 if 0xe0 <= lead <= 0xef else 3 if 0xf0 <= lead <= 0xf4 else 0
        return i - j + 1 > need
    return True
found = [m for m in bad.finditer(data) if raw_c1(m)]
for m in found[:5]:
    s = max(0, m.start() - 30)
    print("# control byte %r at %d: %r" % (m.group(0), m.start(), data[s:m.end() + 10]))
sys.exit(1 if found else 0)
EOF
cat >jsoncheck.py <<'EOF'
# jsoncheck.py FILE: exits 1, saying why, unless every line of FILE is a JSON
# object in valid UTF-8 with no control character left raw (C0, DEL, C1).
import json, re, sys
ok = True
for n, line in enumerate(open(sys.argv[1], "rb"), 1):
    try:
        json.loads(line.decode("utf-8"))
    except Exception as e:
        print("# line %d: not valid UTF-8 JSON: %s: %r" % (n, e, line[:120]))
        ok = False
        continue
    m = re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", line.decode("utf-8"))
    if m:
        print("# line %d: raw control character %r" % (n, m.group(0)))
        ok = False
sys.exit(0 if ok else 1)
EOF

wonk_index -v -d idx "$D" >/dev/null 2>index-err
check "wonk-index's messages about such files hold no raw control character" python3 ctl.py index-err
N=20

# clean DESCRIPTION ARGS...: wonk-search's stdout and stderr are clean.
clean() {
	local what=$1; shift
	wonk_search -d idx "$@" >s-out 2>s-err
	check "$what: stdout holds no raw control character" python3 ctl.py s-out
	check "$what: stderr holds none" python3 ctl.py s-err
}
clean "hits" -n $N termword
check "...every document was found" test "$(grep -c '^[0-9]*\. ' s-out)" -eq 7
check "...titles and bylines are shown, made harmless" \
	grep -aEq $'^[0-9]+\\. MD (\xef\xbf\xbd)?]0;mdpwned(\xef\xbf\xbd)? title \xe2\x80\x94 Mark (\xef\xbf\xbd)?\\[31m Down' s-out
clean "hits, --color=always" -n $N --color=always termword
check "...still marks the matched words" grep -q $'\e\\[1;31mtermword\e\\[0m' s-out
clean "hits, --context 1" -n $N --context 1 termword
clean "--facets" -n $N --facets termword
check "...where authors with escapes are counted" grep -q '^  author .*Evil' s-out
clean "--files" --files termword
check_eq "...one line per file" 7 "$(wc -l <s-out)"
clean "--count" --count termword
clean "did you mean" termwrod
check "...which is given" grep -q 'did you mean: termword' s-err
doc=$(wonk_search -d idx --json -n 1 HTML | jq -r .doc)
clean "--like" --like "$doc:0"

# ---- --json
wonk_search -d idx --json -n $N --context 1 --facets termword >j-out 2>j-err
check "--json: every line is valid UTF-8 JSON with nothing raw" python3 jsoncheck.py j-out
check "--json: stderr holds no raw control character" python3 ctl.py j-err
hit() { jq -r "select(.path == \"$1\") | $2" <j-out 2>/dev/null; }
check_eq "--json: text keeps the document's escapes, escaped" \
	"JSON termword ${E}[2J body ${CSI8}31m and "$'\b'" and "$'\x7f'"." "$(hit "$D/esc.jsonl" .text)"
check "--json: ESC is written \\u001b" grep -q 'JSON termword \\u001b\[2J' j-out
check_eq "--json: a path with ESC and BEL comes back exactly" \
	"$D/name${E}]0;namepwned${BEL}.txt" "$(hit "$D/name${E}]0;namepwned${BEL}.txt" .path)"
check "--json: ...written with \\u001b and \\u0007" grep -q '"path":"docs/name\\u001b\]0;namepwned\\u0007\.txt"' j-out
check "--json: a C1 control (U+009B) is written \\u009b" grep -q 'body \\u009b31m' j-out
wonk_search -d idx --json --count termword >c-out
check "--json --count is clean JSON" python3 jsoncheck.py c-out
wonk_search -d idx --json --like "$doc:0" >l-out
check "--json --like is clean JSON" python3 jsoncheck.py l-out
printf 'termword\ntermwrod\n' | wonk_search -d idx --batch >b-out 2>b-err
check "--batch is clean JSON" python3 jsoncheck.py b-out
