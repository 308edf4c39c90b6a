#!/usr/bin/env bash
# Hostile input: every file here is meant to break an indexer.  They are
# indexed in one run beside normal files; the run must finish (exit 1, each
# bad file reported with its reason, never a signal), every good file and
# every hostile file that can be read must be searchable, and the peak
# memory must stay bounded.  Small cases are fixtures (tests/hostile/,
# described in its README.md); large and strange ones are made here: a
# 50 MB single line, a 1 GB sparse file, HTML nested 100,000 deep (closed
# and unclosed), 4 MB of HTML tag soup, JSON nested 100,000 deep, a gzip
# bomb (1 GB of text in 0.8 MB), a 100 MB JSON Lines record, names with a
# newline and with invalid UTF-8, symlink loops, a link to /dev/zero, a
# FIFO, an unreadable file and directory.
#
# Memory bound: wonk reads at most 256 MiB of (decompressed) text from a
# file (the gzip bomb stops there: 261 MB measured); a JSON record costs
# about 3x its size (the file, cJSON's tree, the record's text), so the
# worst case here is the 100 MB record (297 MB measured); HTML is parsed
# within 64 MB + 16x the page (the tag soup is refused at that budget).
# Peak RSS must stay under 400 MB.  Under AddressSanitizer the large cases
# shrink (the record to 20 MB, the line to 10 MB) and the bound allows
# ASan's shadow memory and quarantine: 1.2 GB (808 MB measured).
. "$(dirname "$0")/../lib.sh"

asan=0
nm "$WONK_INDEX_BIN" 2>/dev/null | grep -q __asan_init && asan=1
if [ "$asan" -eq 1 ]; then
	line_mb=10 record_mb=20 bound_mb=1200
	echo "# AddressSanitizer build: a ${line_mb} MB line and a ${record_mb} MB record"
else
	line_mb=50 record_mb=100 bound_mb=400
fi

H=$SCRATCH/h
mkdir "$H"
for f in "$WONK_TOP"/tests/hostile/*; do
	[ -f "$f" ] && cp "$f" "$H"/
done
rm -f "$H/README.md"
cd "$SCRATCH"

# ---- inputs that once crashed a fuzz target (fuzz/regressions/): the
# extractors' are indexed with the rest, the queries are searched below.
R=$WONK_TOP/fuzz/regressions
nregress=0
for t in html:html markdown:md json:json text:txt; do
	for f in "$R/${t%%:*}"/*; do
		[ -f "$f" ] || continue
		cp "$f" "$H/regression-${t%%:*}-$(basename "$f").${t#*:}"
		nregress=$((nregress + 1))
	done
done

# ---- normal files beside the hostile ones
cp "$FIXTURES/small/korea.txt" "$H/good-korea.txt"
cp "$FIXTURES/formats/note.md" "$H/good-note.md"

# ---- made here
# A single line of $line_mb MB: words, no newline, no sentence end.
yes 'longline ' | tr -d '\n' | head -c $((line_mb * 1000000)) >"$H/long-line.txt"
# A 1 GB file that takes no disk.
truncate -s 1G "$H/sparse.txt"
# HTML nested 100,000 deep, closed; and the same never closed.
python3 - "$H" <<'EOF'
import sys
d, n = sys.argv[1], 100000
with open(d + "/deep.html", "w") as f:
    f.write("<html><head><title>Deep</title></head><body>" + "<div>" * n +
            "deepword at the bottom" + "</div>" * n + "</body></html>")
with open(d + "/deep-unclosed.html", "w") as f:
    f.write("<html><body>" + "<div><span><b>" * n + "deepunclosedword never closed")
with open(d + "/deep.json", "w") as f:
    f.write("[" * n + "]" * n)
# Tag soup: 4 MB of the smallest elements, never closed.
with open(d + "/tag-soup.html", "w") as f:
    f.write("<html><body>" + "<p>x<a href=x>y" * 250000)
EOF
# A gzip bomb: 1 GB of text from 0.8 MB (concatenated gzip members).
yes 'bomb ' | head -c 10000000 | gzip -9 >"$SCRATCH/ten.gz"
for _ in $(seq 1 100); do cat "$SCRATCH/ten.gz"; done >"$H/bomb.txt.gz"
# A JSON Lines file whose second record is $record_mb MB of text.
{
	printf '{"title":"before","text":"the record before the huge one, recbeforeword"}\n{"title":"huge","text":"'
	yes 'hugerecord ' | tr -d '\n' | head -c $((record_mb * 1000000))
	printf '"}\n{"title":"after","text":"the record after the huge one, recafterword"}\n'
} >"$H/huge-record.jsonl"
# Names: a newline, invalid UTF-8.
printf 'A file whose name holds a newline: newlinenameword.\n' >"$H/new"$'\n'"line.txt"
printf 'A file whose name is not UTF-8: badnameword.\n' >"$H/bad"$'\xff\xfe'"name.txt"
# Links: to itself, a loop of two, a directory loop, to /dev/zero; a FIFO.
ln -s self-loop.txt "$H/self-loop.txt"
ln -s loop-b.txt "$H/loop-a.txt"
ln -s loop-a.txt "$H/loop-b.txt"
mkdir "$H/sub" && ln -s .. "$H/sub/up"
printf 'Inside a directory with a link back up: subdirword.\n' >"$H/sub/inner.txt"
ln -s /dev/zero "$H/zero.txt"
mkfifo "$H/fifo.txt"
# Unreadable: a file and a directory (root reads them anyway).
printf 'Nobody may read this: unreadableword.\n' >"$H/unreadable.txt"
mkdir "$H/locked" && printf 'Locked away: lockedword.\n' >"$H/locked/in.txt"
chmod 000 "$H/unreadable.txt" "$H/locked"
can_read=0
[ -r "$H/unreadable.txt" ] && can_read=1

# ---- one run over all of it, its peak memory measured
cat >rss.py <<'EOF'
# rss.py CMD...: runs CMD; prints its peak resident set size in MB on fd 3.
import os, resource, subprocess, sys
rc = subprocess.call(sys.argv[1:])
os.write(3, b"%d\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024))
sys.exit(rc if rc >= 0 else 128 - rc)
EOF
start=$(date +%s)
python3 rss.py "$WONK_INDEX_BIN" -v -d idx "$H" >"$SCRATCH/index-out" 2>"$SCRATCH/index-err" 3>"$SCRATCH/rss"
rc=$?
secs=$(($(date +%s) - start))
rss=$(cat "$SCRATCH/rss")
echo "# indexing took ${secs} s, peak RSS ${rss} MB"
chmod 700 "$H/locked" "$H/unreadable.txt"

check_eq "the run over hostile files completes, exit 1 (some skipped)" 1 "$rc"
check "...with its summary line" grep -Eq '^wonk-index: [0-9]+ files \(.* skipped\), [0-9]+ documents' "$SCRATCH/index-out"
check "peak memory ${rss} MB stays under ${bound_mb} MB" test "$rss" -lt "$bound_mb"

# reported PATTERN DESCRIPTION: the file is skipped, with its reason.
reported() {
	check "$2: skipped, with its reason" grep -q "^wonk-index: $H/$1" "$SCRATCH/index-err"
}
# found WORD DESCRIPTION: indexed and searchable.
found() {
	check_status "$2: indexed and found" 0 wonk_search -d idx "$1"
}

found Pyongyang "a normal text file beside them"
found Rosatom "a normal Markdown file beside them"
found hostileutf "invalid UTF-8"
reported 'nul-bytes.txt: binary file' "a NUL byte in text"
found nulmarkdownword "a NUL byte in Markdown"
reported 'nul-bytes.html: binary data' "a NUL byte in HTML"
found nulnextword "a JSON record after one holding \\u0000"
found nulescapedword "the text after \\u0000 in a JSON record"
found unclosedword "unclosed tags"
reported 'binary.txt: binary file' "a binary file named .txt"
for f in empty.txt empty.html empty.md empty.json empty.jsonl; do
	check "$f: an empty file is no error" bash -c '! grep -q "/$1:" "$2"' _ "$f" "$SCRATCH/index-err"
done
reported 'truncated.txt.gz: corrupt gzip' "a truncated gzip file"
found notgzipword "plain text named .gz"
reported 'malformed.json: not valid JSON' "malformed JSON"
found longline "a ${line_mb} MB single line"
check_eq "...cut into passages of bounded size" 0 \
	"$(wonk_search -d idx --json --per-doc 0 -n 1000 longline | jq -r 'select((.end - .start) > 65536) | .path' | wc -l)"
reported 'sparse.txt: file larger than 256 MiB' "a 1 GB sparse file"
found deepword "HTML nested 100,000 deep"
found deepunclosedword "HTML nested 100,000 deep, never closed"
reported 'deep.json: not valid JSON' "JSON nested 100,000 deep"
reported 'tag-soup.html: markup too dense' "4 MB of tag soup (gumbo's tree past its budget)"
reported 'bomb.txt.gz: decompresses to more than 256 MiB' "a gzip bomb"
found recbeforeword "the record before a ${record_mb} MB JSON record"
found hugerecord "a ${record_mb} MB JSON record"
found recafterword "the record after a ${record_mb} MB JSON record"
found newlinenameword "a file name with a newline"
check_eq "...whose path --json gives exactly" "$H/new"$'\n'"line.txt" \
	"$(wonk_search -d idx --json newlinenameword | jq -r .path)"
found badnameword "a file name that is not UTF-8"
reported 'self-loop.txt: link not followed' "a link to itself"
reported 'loop-a.txt: link not followed' "a loop of two links"
reported 'sub/up: link not followed' "a link back up to a parent directory"
found subdirword "the directory holding that link"
check_eq "...indexed once, not once per trip round the loop" 1 \
	"$(wonk_search -d idx --json --per-doc 0 subdirword | wc -l)"
reported 'zero.txt: passed over (not a regular file)' "a link to /dev/zero"
reported 'fifo.txt: passed over (not a regular file)' "a FIFO named .txt"
if [ "$can_read" -eq 1 ]; then
	ok "# SKIP an unreadable file and directory: running as root, which reads them anyway"
else
	reported 'unreadable.txt: Permission denied' "an unreadable file"
	reported 'locked: Permission denied' "an unreadable directory"
fi
check "no file is reported twice" bash -c '[ -z "$(sed -n "s/^wonk-index: \(.*\): .*/\1/p" "$1" | sort | uniq -d)" ]' _ "$SCRATCH/index-err"

# ---- fuzz regressions: the files above were indexed without a crash;
# the queries run now.
qbad=0
for f in "$R"/query/* "$R"/analyze/*; do
	[ -f "$f" ] || continue
	nregress=$((nregress + 1))
	wonk_search -d idx -- "$(head -n 1 "$f" | tr -d '\0')" >/dev/null 2>&1
	[ $? -le 2 ] || { qbad=1; echo "# $f: wonk-search crashed"; }
done
check_eq "$nregress fuzz regression inputs: no crash" 0 "$qbad"

# ---- searching what came out of it, where nothing matches
check_status "--facets with no hit exits 1" 1 wonk_search -d idx --facets zyzzogeton
check "...and says nothing on stderr" test ! -s "$SCRATCH/err"
check_status "--timeline over undated passages exits 1" 1 wonk_search -d idx --timeline longline
check_eq "...saying only why" "wonk-search: no dated passage matches" "$(cat "$SCRATCH/err")"

# ---- the index that came out of it is sound
check_status "the index passes wonk-index --check" 0 wonk_index --check -d idx
check_status "a re-run finds nothing changed but the bad files" 1 wonk_index -q -d idx "$H"
