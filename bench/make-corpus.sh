#!/bin/sh
# bench/make-corpus.sh N DIR - the N-fold benchmark corpus: corpus/ (the seed
# article and the State of the Union addresses) copied N times into
# DIR/copy-1/ .. DIR/copy-N/, so that every copy has its own paths (wonk's
# document ids are hashes of real paths) and N times the passages.  Real
# copies, not links.  A no-op when DIR already holds the N copies.
set -eu
[ $# -eq 2 ] || { echo "usage: bench/make-corpus.sh N DIR" >&2; exit 2; }
n=$1 dir=$2
src=${CORPUS:-corpus}
[ -d "$src/sotu" ] || { echo "make-corpus: no $src/sotu (run make corpus)" >&2; exit 2; }
stamp="$dir/.copies"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$n $(find "$src" -type f | wc -l)" ]; then
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
k=1
while [ "$k" -le "$n" ]; do
	mkdir "$dir/copy-$k"
	cp -R "$src/." "$dir/copy-$k/"
	k=$((k + 1))
done
echo "$n $(find "$src" -type f | wc -l)" >"$stamp"
