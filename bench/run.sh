#!/bin/sh
# bench/run.sh BUILD - runs every benchmark and writes bench/RESULTS.md, with
# the machine, the date and the command that produced each table.
#
# wonk against two anchors on the same passages, in the same run: plain
# Xapian (bench/xapian_bench.py, Debian's python3-xapian) and SQLite FTS5
# (bench/fts5_bench.c), at 1x, 10x and 30x the corpus (bench/compare.py);
# then the cost of keeping an index current (bench/reindex.sh) and of a
# large synonyms file beside the index (bench/synonyms.sh).  Needs
# BUILD/libwonk.a, BUILD/wonk-index and BUILD/wonk-search built, corpus/
# fetched and the packages of scripts/install-bench-deps.sh: `make bench`
# sees to all three.  Knobs: SIZES="1 10 30", WP_RUNS=30, PERF=0 (no
# profiles), RUNS=5 (reindex.sh).
set -eu
build=${1:-build}
out=bench/RESULTS.md
cc=${CC:-cc}
cxx=${CXX:-c++}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
# The libraries libwonk.a needs: the Makefile passes its own list.
libs=${WONK_LIBS:-"$(pkg-config --libs xapian-core libutf8proc zlib libzstd libcjson gumbo) -lstemmer"}
cmd=${BENCH_CMD:-"bench/run.sh $build"}

for f in libwonk.a wonk-index wonk-search; do
	[ -e "$build/$f" ] || { echo "bench/run.sh: no $build/$f (run make first)" >&2; exit 2; }
done

# The bench programs: C11, warnings as errors, like the project's.
mkdir -p "$build/bench"
flags="-O2 -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L"
echo "  CC      $build/bench/measure $build/bench/fts5_bench $build/bench/wonk_bench" >&2
$cc $flags -o "$build/bench/measure" bench/measure.c
# shellcheck disable=SC2046
$cc $flags -o "$build/bench/fts5_bench" bench/fts5_bench.c \
	$(pkg-config --cflags --libs sqlite3 libcjson)
$cc $flags -Iinclude -c -o "$build/bench/wonk_bench.o" bench/wonk_bench.c
# shellcheck disable=SC2086
$cxx -o "$build/bench/wonk_bench" "$build/bench/wonk_bench.o" "$build/libwonk.a" $libs

echo "bench: passages of corpus/ (wonk-index --dump)" >&2
bench/dump-passages.sh "$build" "$build/bench/passages.jsonl"

cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
ram=$(awk '/^MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }

{
	echo "# Benchmark results"
	echo
	echo "Produced by \`$cmd\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores"
	echo "($cpu), $ram RAM, Linux $(uname -r) $(uname -m), Debian $(cat /etc/debian_version 2>/dev/null || echo '?');"
	echo "Xapian $(ver libxapian30), SQLite $(ver libsqlite3-0), python3-xapian $(ver python3-xapian),"
	echo "$($cc --version | head -n 1).  wonk built with the project's defaults (\`-O2 -g\`) in \`$build/\`."
	echo "Source: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')."
	echo "Machines here are shared and noisy (load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)):"
	echo "every figure is a median of several runs, and the engines take turns"
	echo "(alternating order) so that noise falls on all of them alike."
	echo
	cat <<'EOF'
## What is measured

- **Corpora.** N× is `corpus/` (the seed article and 233 State of the Union
  addresses) copied N times (`bench/make-corpus.sh`), every copy under its own
  paths, so N times the passages.  The anchors index *the passages wonk
  indexes*: `wonk-index --dump` of each 1× file once
  (`bench/dump-passages.sh`), replicated N times with distinct ids.  "Text"
  is the passages' bytes; every "% of text" and MB/s is over it.
- **wonk** builds as users do: `wonk-index -q -d IDX DIR` as a process (its
  passages are built on a second thread), its wall time and peak RSS
  (`wait4`, the figure GNU time's `%M` gives; see `bench/measure.c`).  So
  wonk's figure includes walking the tree, reading and extracting the files
  and starting the process; and, taking turns with it, `wonk-index
  --shards 2` (two worker processes, then their merge into one compacted
  index, the merge in its time), the way to give a bulk build both cores.
- **Plain Xapian** (`bench/xapian_bench.py`, Debian's Python bindings, since
  only `lib/xapian_shim.cc` may be C++ here): one document per passage,
  `TermGenerator` with the English stemmer, `STEM_SOME`, positions, the text
  stored as data, one commit at the end.  **Only the Xapian calls are
  timed** (building the document, `index_text`, `add_document`, `commit`),
  so the Python around them stays out of its time, which flatters the anchor;
  its wall time is shown beside it.  Its RSS includes the interpreter.
- **FTS5** (`bench/fts5_bench.c`): `fts5(text, path UNINDEXED, passage
  UNINDEXED, tokenize='porter unicode61', detail=full)`, the text stored, one
  transaction; only the SQLite calls are timed.
- **Size**: the files of the index as built, and after compaction into a new
  copy: `wonk-index --compact` for wonk, `xapian-compact` for plain
  Xapian, FTS5 `optimize` + `VACUUM`.  Stored text included everywhere.
- **Query latency in process**: `bench/queries.txt`, the 48 researcher
  queries of `tests/eval/` in plain words plus 16 more of the kind; each
  engine answers the same words, top 10, on the index as built.  wonk
  through `wonk.h` (`bench/wonk_bench.c`: `wonk_search_new` to
  `wonk_results_destroy`, defaults of wonk-search: highlights always, at most
  2 passages per document, reading every hit's text and spans); plain Xapian
  `QueryParser` (default OR, `STEM_SOME`, no stopper) + `get_mset(0, 10)` +
  each hit's data (+ `MSet.snippet()`); FTS5 the words quoted and OR'ed,
  `ORDER BY bm25(p) LIMIT 10` (faster than `ORDER BY rank` here) with the
  text, `snippet()` or `highlight()`.  One warm-up round unrecorded; median
  and p99 over every query run of every cycle.
- **Whole process**: wall time of one process per query, from fork to exit,
  the engines alternating: `wonk-search -d IDX QUERY >/dev/null` (highlights
  computed, no colour), `quest -d IDX QUERY` (xapian-tools: top 10 with their
  data; note that quest drops English stopwords, wonk drops only words in
  more than half the passages of a large index), and the `sqlite3` CLI
  with FTS5 bm25 + `snippet()`; and, taking its turn with them,
  `wonk-search --stage1` (BM25 alone: no stage-2 re-scoring of a pool,
  no expansion), to show what the ranking costs a whole process.
EOF
	echo
	SIZES=${SIZES:-"1 10 30"} "$py" bench/compare.py "$build"
	echo
	echo "## Keeping an index current (\`bench/reindex.sh $build\`)"
	echo
	echo "| run | time | vs first build |"
	echo "|---|---|---|"
	bench/reindex.sh "$build"
	echo
	echo "## A synonyms file beside the index (\`bench/synonyms.sh $build\`)"
	echo
	bench/synonyms.sh "$build"
	echo
	echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} >"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
