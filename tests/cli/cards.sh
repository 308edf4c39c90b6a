#!/usr/bin/env bash
# A document's fields (path, author, date, tags...) are stored once, in its
# first passage's record (index format 4); a hit from any later passage
# shows them all the same, in one index and across shards, with --context,
# --facets of exact matches and --files, and wonk-index --check finds the
# index sound; an index of format 3 is still read.
. "$(dirname "$0")/../lib.sh"
cd "$SCRATCH"
mkdir -p one two
{
	printf -- '---\ntitle: Notes on the Wool Tariff\nauthor: Ann Lee; Bob Ray\ndate: 1890-05-01\n'
	printf -- 'tags: [trade, wool]\nsource: Tariff Review\nurl: https://example.org/wool\n---\n\n'
	printf 'The opening paragraph speaks of sheep and of the wool clip.\n\n'
	for k in $(seq 1 40); do
		printf 'Paragraph %s of the report weighs duties on imported cloth and yarn ' "$k"
		printf 'against the price that farmers were paid for fleece that season.\n\n'
	done
	printf 'The closing paragraph names the quokka committee that wrote it.\n'
} >one/wool.md
printf 'A short note on the quokka, a marsupial.\n' >two/note.txt
for k in 1 2 3; do cp one/wool.md "two/copy$k.md"; done

wonk_index -q -d idx one two 2>/dev/null
wonk_index -q -d shard-one one 2>/dev/null
wonk_index -q -d shard-two two 2>/dev/null

fields() { jq -c '{path, title, author, date, tags, source, url, type}'; }
first=$(wonk_search -d idx --json -n 20 'opening sheep clip' | jq -c 'select(.path == "one/wool.md")')
last=$(wonk_search -d idx --json -n 20 '"quokka committee"' | jq -c 'select(.path == "one/wool.md")')
check "the last passage is a later one" [ "$(jq .passage <<<"$last")" -gt 10 ]
check_eq "...and shows the document's fields as its first passage does" \
	"$(fields <<<"$first")" "$(fields <<<"$last")"
check_eq "...the author, for one" "Ann Lee; Bob Ray" "$(jq -r .author <<<"$last")"
check_eq "every hit of a later passage has its path" "" \
	"$(wonk_search -d idx --json -n 50 --per-doc 0 cloth yarn | jq -r 'select(.path == null or .date == null) | .doc')"

# Shards interleave Xapian's ids: a passage still finds its document's first.
for d in "-d idx" "-d shard-one -d shard-two" "-d shard-two -d shard-one"; do
	# shellcheck disable=SC2086
	got=$(wonk_search $d --json -n 50 --per-doc 0 fleece season | fields | sort | uniq -c | sort)
	[ "$d" = "-d idx" ] && want=$got
	check_eq "fields of later passages are the same with $d" "$want" "$got"
done

ctx=$(wonk_search -d idx --json --context 2 -n 1 '"quokka committee" source:tariff')
check "--context passages carry the fields" [ "$(jq -r 'select(.author) | .author' <<<"$ctx" | sort -u)" = "Ann Lee; Bob Ray" ]
facets=$(wonk_search -d idx --json --facets -n 0 '"quokka committee"' | jq -c 'select(.facets) | .facets.author')
check_eq "--facets of a phrase count the authors of later passages" \
	'[{"value":"Ann Lee","count":4},{"value":"Bob Ray","count":4}]' "$facets"
check_eq "--files names the files of later passages" "one/wool.md two/copy1.md two/copy2.md two/copy3.md " \
	"$(wonk_search -d idx --files '"quokka committee"' | sort | tr '\n' ' ')"
check_status "wonk-index --check finds the index sound" 0 wonk_index --check -d idx

# An index of format 3 (fields in every record, records as Xapian's data;
# tests/fixtures/format3) is still searched as a new index of the same
# files is, and checked; adding to it asks for a rebuild.
cp -r "$WONK_TOP/tests/fixtures/format3/index" three
cp -r "$FIXTURES/small" small
wonk_index -q -d four small 2>/dev/null
shown() { wonk_search -d "$1" --json --per-doc 0 -n 50 korea OR missile OR the | jq -c 'del(.doc)'; }
check "the format-3 index answers" [ -n "$(shown three)" ]
check_eq "...as a new index of the same files does (all but the ids)" "$(shown four)" "$(shown three)"
check_status "...and wonk-index --check finds it sound" 0 wonk_index --check -d three
check_status "adding to it is refused" 2 wonk_index -q -d three small
check "...saying to rebuild it" grep -q "index format 3 is older than this wonk's (format 5); rebuild it with" "$SCRATCH/err"
