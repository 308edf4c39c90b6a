#!/usr/bin/env bash
# The index keeps no word positions (since format 3): phrases and NEAR are run by
# the index as "all these words", and every candidate passage is checked
# word for word against its text.  Results, counts, facets, file lists and
# pages must still be exact; an index of the older format says to rebuild.
. "$(dirname "$0")/../lib.sh"
cd "$SCRATCH"
mkdir docs
# One passage each; every file holds both "alpha" and "beta".
printf -- '---\nauthor: Ann Lee\n---\n\nThe alpha beta report came first.\n' >docs/adjacent.md
printf -- '---\nauthor: Bob Ray\n---\n\nThe beta alpha report came second.\n' >docs/reversed.md
printf -- '---\nauthor: Bob Ray\n---\n\nAn alpha one two beta report came third.\n' >docs/three-apart.md
printf -- '---\nauthor: Cy Doe\n---\n\nAlpha came first in a very long sentence of many words that says nothing much at all about anything, and beta came last.\n' >docs/far.md
wonk_index -q -d idx docs || not_ok "indexing the fixtures"

files() {
	wonk_search -d idx --per-doc 0 -n 100 --files -- "$1" 2>/dev/null |
		sed 's|.*/||' | sort | tr '\n' ' ' | sed 's/ $//'
}
count() { wonk_search -d idx --count --json -- "$1" 2>/dev/null | jq -c '[.passages, .documents]'; }

while IFS='|' read -r query want; do
	check_eq "$query" "$want" "$(files "$query")"
done <<'Q'
"alpha beta"|adjacent.md
"beta alpha"|reversed.md
alpha NEAR/1 beta|adjacent.md reversed.md
alpha NEAR/3 beta|adjacent.md reversed.md three-apart.md
alpha NEAR/2 beta|adjacent.md reversed.md
alpha NEAR/10 beta|adjacent.md reversed.md three-apart.md
alpha -"alpha beta"|far.md reversed.md three-apart.md
alpha -(alpha NEAR/3 beta)|far.md
alpha NOT "beta alpha" NOT "alpha beta"|far.md three-apart.md
"alpha beta" OR (alpha NEAR/3 beta)|adjacent.md reversed.md three-apart.md
Q

check_eq "--count of a phrase counts exact matches only" "[1,1]" "$(count '"alpha beta"')"
check_eq "--count of NEAR counts matches within the distance only" "[3,3]" "$(count 'alpha NEAR/3 beta')"
check_eq "--count of an excluded phrase" "[3,3]" "$(count 'alpha -"alpha beta"')"
authors=$(wonk_search -d idx --facets --json -- 'alpha NEAR/3 beta' 2>/dev/null |
	jq -r 'select(.facets) | .facets.author[] | "\(.value)=\(.count)"' 2>/dev/null | sort | tr '\n' ' ')
check_eq "--facets count the exact matches" "Ann Lee=1 Bob Ray=2 " "$authors"
n=$(wonk_search -d idx --per-doc 0 -n 1 --offset 2 --json -- 'alpha NEAR/3 beta' | jq -s length)
check_eq "--offset pages through exact matches: the third of three" 1 "$n"
check_status "...and there is no fourth" 1 wonk_search -d idx --per-doc 0 -n 1 --offset 3 -- 'alpha NEAR/3 beta'
marked=$(wonk_search -d idx --json -- 'alpha NEAR/3 beta' |
	jq -r 'select(.path|endswith("three-apart.md")) | .text as $t | [.highlights[] | $t[.[0]:.[1]]] | join(",")' 2>/dev/null)
check_eq "NEAR marks the words it matched" "alpha,beta" "$marked"

# An index of format 2 (with positions) is refused, with the way out.
cp -r idx old
xapian-metadata set old wonk:format 2
check_status "an index of the older format: a search exits 2" 2 wonk_search -d old alpha
check "...saying to rebuild it" grep -q "^wonk-search: old: index format 2 is older than this wonk's (format 5); rebuild it with: wonk-index --rebuild -d old PATH" "$SCRATCH/err"
check_status "...wonk-index too, changing nothing" 2 wonk_index -q -d old docs
check_status "--rebuild makes it current" 0 wonk_index -q --rebuild -d old docs
# Format 3 (each passage repeating its document's fields) is still searched,
# but not written to.
cp -r idx three
xapian-metadata set three wonk:format 3
check_eq "an index of format 3 is still searched" "$(wonk_search -d idx --json alpha)" \
	"$(wonk_search -d three --json alpha)"
check_status "...but wonk-index refuses to add to it" 2 wonk_index -q -d three docs
check "...saying to rebuild it" grep -q "index format 3 is older than this wonk's (format 5); rebuild it with: wonk-index --rebuild -d three PATH" "$SCRATCH/err"
check_status "...and it answers" 0 wonk_search -d old '"alpha beta"'

# Phrase checks page through the matches 2000 at a time: exactly a page's
# worth must count once each, not revisit the end of the page.
mkdir many
for i in $(seq 1 2000); do echo "The gamma delta report, number $i." >"many/r$i.txt"; done
wonk_index -q -d many-idx many || not_ok "indexing 2000 files"
check_eq "a phrase matched by exactly one page of passages counts each once" "[2000,2000]" \
	"$(wonk_search -d many-idx --count --json -- '"gamma delta"' 2>/dev/null | jq -c '[.passages, .documents]')"
check_eq "...and lists each file once" 2000 \
	"$(wonk_search -d many-idx --files -- '"gamma delta"' 2>/dev/null | wc -l)"
