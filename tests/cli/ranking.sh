#!/usr/bin/env bash
# Ranking behaviour a researcher notices: stage 2 puts the passage that
# says the whole query above one that repeats one rare word, and the one
# that says it in one sentence above one that spreads it out; the exact
# form of a name ("Maine") beats the common word it stems to; a two-word
# name counts as one thing, not as two of the query's words; acronyms
# defined in one document find their long form in another; synonym files
# (in the index directory or named on the command line) expand queries;
# a number written one way finds it written another (14th, Fourteenth);
# a year (or decade) the query names is held by documents dated then, and a surname
# written as a name by the documents of that author; the first
# years in which the candidates say the whole query come before later
# references; --stage1 turns all of that off.
. "$(dirname "$0")/../lib.sh"

# N passages on other things in DIR, so that a fixture's words are rare,
# as a query's content words are in a real collection.
fillers() {
	for i in $(seq 1 "$2"); do
		printf 'Filler document number %d speaks of rivers and farms and weather in the valley.\n' "$i" \
			>"$1/filler$i.txt"
	done
}

mkdir -p "$SCRATCH/docs"
cd "$SCRATCH"
cat >docs/defines.txt <<'EOF'
The report describes Multiple Independently Targeted Reentry Vehicles (MIRVs) and the state of the program in some detail.
EOF
cat >docs/longform.txt <<'EOF'
Engineers tested multiple independently targeted reentry vehicles at the northern range, officials said on Tuesday after the launch.
EOF
cat >docs/shipyard.txt <<'EOF'
The battleship Maine exploded in the harbor of Havana, and the explosion led the country toward war with Spain that spring.

The main street of Havana was quiet that evening, and the main square was empty of soldiers and sailors and of ships.
EOF
cat >docs/coverage.txt <<'EOF'
Smelters smelters smelters and the smelters of the valley, smelters everywhere along the river and nothing else at all here in this long and idle paragraph.

The governor said that wages and prices rose together in the province while the harvest failed badly and the people of the province grew restless.
EOF
cat >docs/provinces.txt <<'EOF'
Unrelated text about governors of other provinces and their wages and their prices over time, written long enough to be a passage of its own here.
EOF
cat >docs/atomic.txt <<'EOF'
The commission proposed international control of atomic energy under the United Nations, with inspection of every plant.
EOF
cat >docs/demonym.txt <<'EOF'
The envoys of Russia and of the northern kingdom signed the accord on fisheries in the spring after long talks.
EOF
cat >docs/old-spelling.txt <<'EOF'
The people of Porto Rico asked once more for citizenship, and the island waited on the Congress.
EOF
cat >docs/new-spelling.txt <<'EOF'
Puerto Rico sent sugar and coffee and tobacco to the markets of the mainland that year.
EOF
cat >docs/thailand.txt <<'EOF'
The envoy of Thailand signed the rice and teak accord at the legation.
EOF
cat >docs/numeral.txt <<'EOF'
The Point IV program sent engineers and seed forth to the river valleys abroad.
EOF
cat >docs/ordinal.txt <<'EOF'
The Fourteenth Amendment promised equal protection of the laws to every citizen.
EOF
cat >docs/worldwar.txt <<'EOF'
Veterans of World War II came home to colleges and to new houses.
EOF
cat >docs/capital.txt <<'EOF'
The government of China protested the new duty on raw silk and lacquer ware sent by sea.
EOF
cat >docs/sentences.txt <<'EOF'
Ships crowded the quay. Tariff talk filled the halls of the old customs house. Treaty drafts piled up on every desk of the envoys in town that week.

The quay board, after long months of quiet talks with the envoys, approved the tariff and the treaty. Nothing else was decided at the meeting that week in town.
EOF
cat >docs/carolina.txt <<'EOF'
The collector at the port in South Carolina resigned, and the courts there closed that winter.
EOF
cat >docs/ordinance.txt <<'EOF'
Men of the South cheered when the convention passed its ordinance of nullification against the tariff.
EOF
for i in 1 2 3; do
	printf 'The south wind blew over the farms of the valley in summer number %d.\n' "$i" \
		>"docs/wind$i.txt"
done
fillers docs 16
wonk_index -q -d idx docs || not_ok "indexing the ranking fixtures"
top() { wonk_search -d idx --json --per-doc 0 -n 1 "$@" | head -1 | jq -r .text | cut -c1-30; }

check_eq "the passage with most of the query beats one repeating one rare word" \
	"The governor said that wages a" "$(top smelters governor wages prices)"
check_eq "the query's words said in one sentence beat the same words spread over three" \
	"The quay board, after long mon" "$(top quay tariff treaty)"
check_eq "\"Maine\" the name beats \"main\" the word" \
	"The battleship Maine exploded " "$(top Maine Havana)"
# --explain says why: the score is the sum of its parts, and "Maine"
# wins on the exact form, the part "main" lacks.
explain() { wonk_search -d idx --json --explain --per-doc 0 "$@"; }
part() { jq -r --arg p "$1" '.explain[] | select(.part == $p) | .value'; }
check_eq "--explain: every hit's score is the weighted sum of its parts" "" \
	"$(explain Maine Havana | jq -r 'select(((.explain | map(.value * .weight) | add) - .score) | fabs > 1e-9) | .text')"
check "...and the name's passage holds more of the query in its exact form" \
	awk -v first="$(explain -n 1 Maine Havana | part exact)" \
	-v second="$(explain -n 1 --offset 1 Maine Havana | part exact)" \
	'BEGIN { exit !(first > second + 0.1) }'
check_eq "--explain --stage1: BM25 alone" "bm25" \
	"$(explain --stage1 Maine Havana | jq -r '.explain[] | select(.value != 0) | .part' | sort -u)"
check "--explain in text: a line of the parts under each hit" \
	bash -c "[ \"\$('$WONK_SEARCH_BIN' -d idx --explain --color never Maine Havana | grep -c '^   = bm25 ')\" = \
		\"\$('$WONK_SEARCH_BIN' -d idx --json Maine Havana | wc -l)\" ]"
check_eq "a two-word name counts once: the rarer word the query is about wins" \
	"Men of the South cheered when " "$(top South Carolina nullification)"
check_eq "...as a name only when written with capitals" \
	"The collector at the port in S" "$(top south carolina nullification)"
check_eq "an acronym defined in one document finds its long form in another" \
	"docs/longform.txt" \
	"$(wonk_search -d idx --json --per-doc 0 -n 5 MIRV tested | jq -r .path | head -1)"
check_status "...which --stage1 (no expansion) does not" 1 \
	bash -c "'$WONK_SEARCH_BIN' -d idx --json --stage1 MIRV | grep -q longform"
check_eq "a demonym finds the place it names (Russian: Russia)" "docs/demonym.txt" \
	"$(wonk_search -d idx --json Russian fisheries | jq -r .path | head -1)"
check_status "...which --stage1 does not" 1 \
	bash -c "'$WONK_SEARCH_BIN' -d idx --json --stage1 Russian | grep -q demonym"
check_eq "a capital stands for its country (beijing: China)" "docs/capital.txt" \
	"$(wonk_search -d idx --json beijing | jq -r .path | head -1)"
check_status "...which --stage1 does not" 1 \
	bash -c "'$WONK_SEARCH_BIN' -d idx --json --stage1 beijing | grep -q capital"
check_eq "a country's older name finds its name today (Siam: Thailand)" "docs/thailand.txt" \
	"$(wonk_search -d idx --json Siam | jq -r .path | head -1)"
check_eq "a number in digits finds its Roman numeral (Point 4: Point IV)" "docs/numeral.txt" \
	"$(wonk_search -d idx --json Point 4 program | jq -r .path | head -1)"
check_eq "an ordinal in digits finds it in words (14th: Fourteenth)" "docs/ordinal.txt" \
	"$(wonk_search -d idx --json 14th amendment | jq -r .path | head -1)"
check_eq "an ordinal in words finds the numeral (Second World War: World War II)" \
	"docs/worldwar.txt" "$(wonk_search -d idx --json Second World War | jq -r .path | head -1)"
check_status "...which --stage1 does not" 1 wonk_search -d idx --stage1 14th
check_eq "a shipped abbreviation finds a numbered name (WWII: World War II)" "docs/worldwar.txt" \
	"$(wonk_search -d idx --json WWII | jq -r .path | head -1)"
check_eq "a word found in another form (fourth: IV) gets no \"did you mean\" (forth)" "" \
	"$(wonk_search -d idx fourth 2>&1 >/dev/null)"
check_eq "...while one found in no form still does" "wonk-search: some words are in no passage; did you mean: forth" \
	"$(wonk_search -d idx --stage1 fourth 2>&1 >/dev/null)"
check_eq "a shipped abbreviation (UN) finds its long form" "docs/atomic.txt" \
	"$(wonk_search -d idx --json UN inspection | jq -r .path | head -1)"
check_status "without a synonym, nuclear does not find atomic" 1 \
	wonk_search -d idx --json nuclear
printf 'nuclear = atomic\n' >syn.txt
check_eq "--synonyms FILE expands words, however written" "docs/atomic.txt" \
	"$(wonk_search -d idx --json --synonyms syn.txt nuclear | jq -r .path | head -1)"
check_status "--synonyms with a missing file exits 2" 2 wonk_search -d idx --synonyms nope.txt x
printf 'Porto Rico = Puerto Rico\n' >spelling.txt
check_eq "a name said another way counts as said (Porto Rico for Puerto Rico + citizenship)" \
	"The people of Porto Rico asked" \
	"$(wonk_search -d idx --json --synonyms spelling.txt -n 1 Puerto Rico citizenship | jq -r .text | cut -c1-30)"
cp syn.txt idx/synonyms.txt
check_eq "INDEX/synonyms.txt is read by itself" "docs/atomic.txt" \
	"$(wonk_search -d idx --json nuclear | jq -r .path | head -1)"
check_status "an index keeping its synonyms file can still be updated" 0 wonk_index -q -d idx docs
check_eq "...and still reads the file" "docs/atomic.txt" \
	"$(wonk_search -d idx --json nuclear | jq -r .path | head -1)"

# The shipped abbreviations are stemmed once, by the indexer, into the
# index; an index holding another list's stems (a wonk with a different
# list wrote it), or damaged ones, still expands with this wonk's list.
cp -r idx stale
rm stale/synonyms.txt
xapian-metadata set stale wonk:abbreviations "$(printf 'v0000000000000000\nun=nuclear')"
check_eq "an index with stale abbreviations: UN still finds its long form" "docs/atomic.txt" \
	"$(wonk_search -d stale --json UN inspection | jq -r .path | head -1)"
xapian-metadata set stale wonk:abbreviations "garbage"
check_eq "...and with damaged ones" "docs/atomic.txt" \
	"$(wonk_search -d stale --json UN inspection | jq -r .path | head -1)"
check_status "a writer replaces them with this wonk's" 0 wonk_index -q -d stale docs
check "...which begin with the list's version" \
	bash -c "xapian-metadata get stale wonk:abbreviations | grep -q '^v[0-9a-f]\{16\}\$'"

# A year the query names is held by a passage whose document is dated
# that year or the next, said or not: "the embargo" in a message of 1808
# answers "Embargo Act of 1807" where a passage that says "an act of
# 1807" about something else does not.  A separate index, where "act" is
# a common word, as it is in a real collection.
mkdir -p dated
for y in 1808-11-08 1810-12-05; do
	printf -- '---\ndate: %s\n---\nThe embargo kept every merchant ship in port through the autumn, and the seamen of the coast went without wages.\n' \
		"$y" >"dated/embargo-${y%%-*}.md"
done
printf -- '---\ndate: 1859-12-19\n---\nAn act of 1807 forbade the importation of slaves from the first day of the next year.\n' \
	>dated/slave-act.md
fillers dated 16
for i in $(seq 1 8); do
	printf 'The council passed another act about the roads of the valley in season %d.\n' "$i" \
		>"dated/act$i.txt"
done
wonk_index -q -d dated-idx dated || not_ok "indexing the dated fixtures"
dated_score() {
	wonk_search -d dated-idx --json --per-doc 0 "Embargo Act of 1807" |
		jq -r --arg p "dated/$1" 'select(.path == $p) | .score'
}
check_eq "a document dated in the year the query names holds the year, said or not" \
	"dated/embargo-1808.md" \
	"$(wonk_search -d dated-idx --json -n 1 "Embargo Act of 1807" | jq -r .path)"
check "...but not one dated two years after it" \
	awk -v a="$(dated_score embargo-1808.md)" -v b="$(dated_score embargo-1810.md)" \
	'BEGIN { exit !(a > b) }'
check_eq "...which --stage1 (the words alone) does not see" "dated/slave-act.md" \
	"$(wonk_search -d dated-idx --json --stage1 -n 1 "Embargo Act of 1807" | jq -r .path)"
check_eq "a year alone finds the passages that say it and those of documents dated then" \
	"dated/embargo-1808.md dated/slave-act.md" \
	"$(wonk_search -d dated-idx --json 1807 | jq -r .path | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "...which --stage1 does not" "dated/slave-act.md" \
	"$(wonk_search -d dated-idx --json --stage1 1807 | jq -r .path | tr '\n' ' ' | sed 's/ $//')"
# A decade ("1800s") is held by the documents dated in it or the year
# after, though no passage says it: no "did you mean" either.
check_eq "a decade finds the passages of documents dated in it, and no others" \
	"dated/embargo-1808.md dated/embargo-1810.md" \
	"$(wonk_search -d dated-idx --json 1800s | jq -r 'select(.path) | .path' | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "...without suggesting another word for it" "0" \
	"$(wonk_search -d dated-idx --json 1800s | grep -c did_you_mean)"
check_eq "...which --stage1 does not" "" \
	"$(wonk_search -d dated-idx --json --stage1 1800s | jq -r 'select(.path) | .path')"
check_status "...and one with no dated documents finds nothing (exit 1)" 1 \
	wonk_search -d dated-idx 1700s
check_eq "a passage of the decade holds both words of \"merchant 1800s\"" "1" \
	"$(wonk_search -d dated-idx --json --explain "merchant 1800s" |
		jq -r 'select(.path == "dated/embargo-1808.md") | .explain[] | select(.part == "coverage") | .value')"

# A surname written as a name in the query is held by its author's
# passages, said or not: Truman seldom names himself, so "Truman
# Doctrine Greece Turkey" finds his aid to Greece and Turkey before an
# alliance that names both twice.  Not by an author whose first name it
# is, not in a query typed in lower case, not with --stage1.
mkdir -p authored
author_doc() {
	printf -- '---\ntitle: Address\nauthor: %s\n---\n%s\n' "$2" "$3" >"authored/$1.md"
}
author_doc truman 'Harry S Truman' \
	'We have given our aid to Greece and Turkey so that those two nations may keep their freedom.'
author_doc capote 'Truman Capote' \
	'We have given our aid to Greece and Turkey so that those two nations may keep their freedom.'
author_doc alliance 'Dwight D Eisenhower' \
	'An alliance among Greece, Turkey and Yugoslavia guards the sea, and Greece and Turkey stand firm.'
author_doc budget 'Harry S Truman' 'The budget for the coming year is balanced, and the debt will fall.'
fillers authored 30
wonk_index -q -d authored-idx authored || not_ok "indexing the authored fixtures"
authored_score() {
	wonk_search -d authored-idx --json --per-doc 0 ${3-} "$2" |
		jq -r --arg p "authored/$1.md" 'select(.path == $p) | .score'
}
check_eq "a surname in the query is held by its author's passages, said or not" \
	"authored/truman.md" \
	"$(wonk_search -d authored-idx --json -n 1 "Truman Doctrine Greece Turkey" | jq -r .path)"
check "...not by those of an author whose first name it is" \
	awk -v a="$(authored_score truman "Truman Doctrine Greece Turkey")" \
	-v b="$(authored_score capote "Truman Doctrine Greece Turkey")" 'BEGIN { exit !(a > b) }'
check_eq "...which --stage1 (the words alone) does not see" "authored/alliance.md" \
	"$(wonk_search -d authored-idx --json --stage1 -n 1 "Truman Doctrine Greece Turkey" | jq -r .path)"
check_eq "...nor a query in lower case, where truman is a word" "authored/alliance.md" \
	"$(wonk_search -d authored-idx --json -n 1 "truman doctrine greece turkey" | jq -r .path)"
check_eq "--explain names what the passage holds through its author" "truman" \
	"$(wonk_search -d authored-idx --json --explain -n 1 "Truman Doctrine Greece Turkey" | jq -r '.held | join(" ")')"
check_eq "...in text too" "1" \
	"$(wonk_search -d authored-idx --explain -n 1 "Truman Doctrine Greece Turkey" |
		grep -c "held by its document's date or author: truman")"
check_eq "...and nothing for a passage that holds it in its words or not at all" "null" \
	"$(wonk_search -d authored-idx --json --explain "Truman Doctrine Greece Turkey" | jq -r 'select(.path == "authored/alliance.md") | .held')"
check_eq "a surname alone finds its author's passages, even those that never say it" \
	"authored/budget.md authored/truman.md" \
	"$(wonk_search -d authored-idx --json -n 2 Truman | jq -r .path | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "...which --stage1 does not" "" \
	"$(wonk_search -d authored-idx --json --stage1 Truman | jq -r .path)"

# A topic's first years in the pool come before later passing references:
# the earliest-dated passage that says every content word of the query in
# one sentence sets the onset, and the passages of documents dated from
# then to three years after gain.  Fillers keep "war" and "poverty" rare.
mkdir -p onset
printf -- '---\ndate: 1964-01-08\n---\nThis administration today, here and now, declares unconditional war on poverty in America, and I urge this Congress and all Americans to join with me in that effort.\n' \
	>onset/declared.md
for y in 1966-01-12 1971-01-22 1988-01-25; do
	printf -- '---\ndate: %s\n---\nSome years ago the government declared war on poverty, and poverty won.\n' \
		"$y" >"onset/won-${y%%-*}.md"
done
fillers onset 40
wonk_index -q -d onset-idx onset || not_ok "indexing the onset fixtures"
onset_score() {
	wonk_search -d onset-idx --json ${2-} "war on poverty" |
		jq -r --arg p "onset/$1" 'select(.path == $p) | .score'
}
check "the declaration of 1964 comes before a passing reference of 1988" \
	awk -v a="$(onset_score declared.md)" -v b="$(onset_score won-1988.md)" \
	'BEGIN { exit !(a > b) }'
check "...where the words alone (--stage1) put the reference first" \
	awk -v a="$(onset_score declared.md --stage1)" -v b="$(onset_score won-1988.md --stage1)" \
	'BEGIN { exit !(a < b) }'
check "the same words dated two years after the onset gain" \
	awk -v a="$(onset_score won-1966.md)" -v b="$(onset_score won-1988.md)" \
	'BEGIN { exit !(a > b) }'
check "...and dated seven years after it do not" \
	awk -v a="$(onset_score won-1971.md)" -v b="$(onset_score won-1988.md)" \
	'BEGIN { exit !(a == b) }'

# A mined acronym (none of the shipped lists) expands both ways: the
# abbreviation finds its long form and the long form the abbreviation.
# A search looks up only its own words' definitions; an index made
# before that was possible (its reverse entries and their mark removed
# here) is read whole and searches the same, and gains them the next
# time it is written.
mkdir -p acro
echo "The Quarterly Harbor Dredging Survey (QHDS) measured the silt at every pier." >acro/defines.txt
echo "Each quarterly harbor dredging survey costs the port a great deal of money." >acro/spelled.txt
echo "The QHDS team sailed at dawn with the tide and came back at dusk." >acro/short.txt
fillers acro 12
wonk_index -q -d acro-idx acro || not_ok "indexing the acronym fixtures"
acro_paths() { wonk_search -d "$1" --json "$2" | jq -r .path | sort | tr '\n' ' '; }
check_eq "a mined abbreviation finds the passage that spells it out" \
	"acro/defines.txt acro/short.txt acro/spelled.txt " "$(acro_paths acro-idx QHDS)"
check_eq "...and the long form finds the passage that only abbreviates it" \
	"acro/defines.txt acro/short.txt acro/spelled.txt " \
	"$(acro_paths acro-idx "quarterly harbor dredging survey")"
cp -r acro-idx acro-old
xapian-metadata list acro-old | grep -e '^acrolf:' -e '^wonk:acro-reverse$' |
	while IFS= read -r key; do xapian-metadata set acro-old "$key" ""; done
check_eq "an index without reverse entries expands the abbreviation the same" \
	"$(acro_paths acro-idx QHDS)" "$(acro_paths acro-old QHDS)"
check_eq "...and the long form" \
	"$(acro_paths acro-idx "quarterly harbor dredging survey")" \
	"$(acro_paths acro-old "quarterly harbor dredging survey")"
check_eq "...and has none left (the test removed them)" "" \
	"$(xapian-metadata list acro-old | grep -e '^acrolf:' -e '^wonk:acro-reverse$')"
check_status "a writer opening it" 0 wonk_index -q -d acro-old acro
check_eq "...gives it them back" \
	"$(xapian-metadata list acro-idx | grep -e '^acrolf:' -e '^wonk:acro-reverse$')" \
	"$(xapian-metadata list acro-old | grep -e '^acrolf:' -e '^wonk:acro-reverse$')"
