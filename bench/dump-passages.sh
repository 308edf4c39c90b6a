#!/bin/sh
# bench/dump-passages.sh BUILD OUT - the passages wonk indexes for corpus/,
# from `wonk-index --dump`, as JSON Lines {"path", "passage", "text"}: what
# the anchors (fts5_bench, xapian_bench.py) index, replicated N times, so that
# every engine indexes exactly the same passages.
set -eu
[ $# -eq 2 ] || { echo "usage: bench/dump-passages.sh BUILD OUT" >&2; exit 2; }
build=$1 out=$2
src=${CORPUS:-corpus}
# Files wonk does not index (LICENSE.stdlib) are reported and left out.
find "$src" -type f ! -name '.*' | LC_ALL=C sort |
	xargs "$build/wonk-index" --dump 2>/dev/null |
	jq -c '.path as $p | .passages | to_entries[] | {path: $p, passage: .key, text: .value.text}' \
		>"$out.tmp" || true
[ -s "$out.tmp" ] || { echo "dump-passages: no passages from $src" >&2; exit 2; }
mv "$out.tmp" "$out"
