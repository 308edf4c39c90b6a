#!/usr/bin/env bash
# wonk-search's flags over the metadata fixtures: filters, sorting, paging,
# --count, --files, --context, --facets, --timeline, --like, "did you mean",
# and that every --json mode prints valid JSON.
. "$(dirname "$0")/../lib.sh"

cp -r "$FIXTURES/query" "$SCRATCH/q"
cd "$SCRATCH"
# A long document, for context: four paragraphs, one passage each.
for i in 1 2 3 4; do
	printf 'Paragraph %d of the long report on fisheries, quotas and the Barents Sea, with enough words to stand as a passage of its own here.\n\n' "$i"
done >q/long.txt
printf 'The word sturgeon appears only here, in the last paragraph about fisheries.\n' >>q/long.txt
wonk_index -q -d idx q || not_ok "indexing the fixtures"
S() { wonk_search -d idx "$@"; }
names() { jq -r .path | sed 's|.*/||' | tr '\n' ' ' | sed 's/ $//'; }

# ---- filters: the flags mean what the field syntax means
check_eq "--author" "c.md d.md" "$(S --json --author 'Dan White' -- missile OR diplomacy | names | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "--source" "g.md" "$(S --json --source Brookings nuclear | names)"
check_eq "--type" "f.txt" "$(S --json --type text nuclear | names)"
check_eq "--tag" "c.md" "$(S --json --tag 'arms control' missile | names)"
check_eq "--since" "d.md c.md" "$(S --json --since 2020 --sort oldest -- korea OR koreas OR missile | names)"
check_eq "--until" "a.md b.md" "$(S --json --until 1930 --sort oldest -- tariff | names)"
check_eq "--since and --until together" "b.md" "$(S --json --since 1900 --until 1930 tariff | names)"
check_eq "filters alone, with no QUERY, list what they select" "2" \
	"$(S --json --source Brookings | wc -l)"
check_status "a bad --since exits 2" 2 S --since yesterday tariff
check "...saying why" grep -q 'bad date range' "$SCRATCH/err"
check_status "an unknown --type exits 2" 2 S --type pdf tariff

# ---- order and paging
check_eq "--sort newest: newest first, undated last" "c.md d.md e.md g.md f.txt" \
	"$(S --json --sort newest -n 10 nuclear OR korea OR koreas OR maine OR main OR missile | names)"
check_eq "--sort oldest: oldest first, undated last" "g.md e.md d.md c.md f.txt" \
	"$(S --json --sort oldest -n 10 nuclear OR koreas OR maine OR main OR missile | names)"
check_status "--sort with a bad order exits 2" 2 S --sort random tariff
all=$(S --json -n 3 nuclear OR tariff OR missile | names)
second=$(S --json -n 2 --offset 1 nuclear OR tariff OR missile | names)
check_eq "--offset pages on from the same ranking" "$(cut -d' ' -f2- <<<"$all")" "$second"
check_eq "--per-doc 1 shows one passage per document" 1 \
	"$(S --json --per-doc 1 -n 10 fisheries | wc -l)"
check_eq "--per-doc 0 shows them all" 4 "$(S --json --per-doc 0 -n 10 fisheries | wc -l)"

# ---- --count and --files
check_eq "--count: passages and documents" "4 passages in 1 document" "$(S --count fisheries)"
check_eq "--count --json" '{"passages":4,"documents":1}' "$(S --count --json fisheries)"
check_status "--count with no match exits 1" 1 S --count zyzzogeton
check_eq "--count agrees with listing every passage" \
	"$(S --json --per-doc 0 -n 1000 nuclear OR tariff | wc -l)" \
	"$(S --count --json nuclear OR tariff | jq .passages)"
check_eq "--files: each matching file once" "q/long.txt" "$(S --files fisheries)"
check_eq "--files lists every file" 8 "$(S --files -- the OR and OR of OR nuclear | wc -l)"
check_status "--count and --files together are refused" 2 S --count --files tariff

# ---- --context: neighbours from the index, not the file
out=$(S --json --context 1 sturgeon)
check_eq "--context gives the passage before" 2 "$(jq '.context.before[0].passage' <<<"$out")"
check_eq "...and none after the last one" 0 "$(jq '.context.after | length' <<<"$out")"
check "...with their text" grep -q 'Paragraph 3 of the long report' <<<"$(jq -r '.context.before[0].text' <<<"$out")"
out=$(S --context 1 sturgeon)
check "the text output labels context passages" grep -q '\[passage 2\]' <<<"$out"
check "...and the hit" grep -q '\[passage 3, the hit\]' <<<"$out"

# ---- facets and the timeline
out=$(S --facets nuclear OR tariff OR missile)
check "--facets counts by source" grep -q 'source .*Brookings 2' <<<"$out"
check "--facets splits several authors" grep -q 'author .*Jane Roe 2' <<<"$out"
check "--facets counts by year" grep -q 'year .*1890 1' <<<"$out"
facets=$(S --json --facets nuclear OR tariff OR missile | tail -1)
check_eq "--json --facets ends with a facets object" 2 \
	"$(jq '.facets.source[] | select(.value=="Brookings") | .count' <<<"$facets")"
out=$(S --timeline nuclear OR tariff OR missile OR maine)
check "--timeline over 1890-2024 draws decades" grep -q '^1890s' <<<"$out"
check "...with a bar for a busy decade" grep -q '^2020s *2 █' <<<"$out"
check "...and empty decades in between" grep -q '^1950s *0 *$' <<<"$out"
check_eq "--timeline --json" '{"start":1920,"count":1}' \
	"$(S --json --timeline nuclear OR tariff OR missile | jq -c '.timeline.counts[] | select(.start==1920)')"
out=$(S --timeline korea OR koreas OR missile)
check "--timeline over a short span draws years" grep -q '^2022 ' <<<"$out"
check_status "--timeline with no dated match exits 1" 1 S --timeline sturgeon

# ---- more like this, did you mean
ref=$(S --json tariff | head -1)
doc=$(jq -r .doc <<<"$ref"); n=$(jq -r .passage <<<"$ref")
like=$(S --json --like "$doc:$n")
check "--like finds other passages on the topic" grep -q '"path":"q/[ab].md"' <<<"$like"
check "...but not the passage itself" test "$(jq -r "select(.doc==\"$doc\" and .passage==$n) | .path" <<<"$like")" = ""
check_status "--like with an unknown passage exits 2" 2 S --like 0000000000000000:0
check_status "--like with a malformed id exits 2" 2 S --like nonsense
S tarrif >/dev/null 2>"$SCRATCH/err"
check "a misspelt word gets a suggestion" grep -q 'did you mean: tariff' "$SCRATCH/err"
check_eq "--json carries it as an object" '"missile nuclear"' \
	"$(S --json missle nuclear | jq -c 'select(.did_you_mean) | .did_you_mean')"
S tariff >/dev/null 2>"$SCRATCH/err"
check "a known word gets none" test ! -s "$SCRATCH/err"

# ---- every --json mode prints JSON, line by line
for args in "tariff" "--count tariff" "--facets tariff" "--timeline tariff" \
	"--context 2 fisheries" "--like $doc:$n" "missle"; do
	# shellcheck disable=SC2086
	check "--json $args is valid JSON Lines" bash -c \
		'"$0" -d idx --json $1 2>/dev/null | jq -e . >/dev/null' "$WONK_SEARCH_BIN" "$args"
done

# ---- --batch: many queries, one open index
out=$(printf 'tariff\n\nzyzzogeton\ntariff AND\nfisheries\n' | S --batch -n 1)
rc=$?
check_eq "--batch answers each line, tagged with its line number" "1 4 5" \
	"$(jq -r .query <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
check "...a bad line gets an error object, and the rest go on" \
	grep -q '"error":"character 8: .AND. has nothing after it","query":4' <<<"$out"
check_eq "...and the run then exits 2" 2 "$rc"
check_eq "--batch with good queries exits 0" 0 "$(printf 'tariff\n' | S --batch >/dev/null; echo $?)"
check_status "--batch with a QUERY too is a usage error" 2 S --batch tariff
