#!/usr/bin/env bash
# The query language, table-driven over a small fixture corpus whose
# documents carry metadata (tests/fixtures/query: one passage per file):
# each row is a query and the files it must match (in name order), or the
# error it must give (exit 2, message on stderr), or a note it must print
# while still matching.
. "$(dirname "$0")/../lib.sh"

cp -r "$FIXTURES/query" "$SCRATCH/q"
cd "$SCRATCH"
wonk_index -q -d idx q || not_ok "indexing the query fixtures"

# The fixture files a query matches: names without directory, sorted.
matches() {
	wonk_search -d idx --per-doc 0 -n 1000 --files -- "$1" 2>"$SCRATCH/err" |
		sed 's|.*/||' | sort | tr '\n' ' ' | sed 's/ $//'
}

while IFS='|' read -r query want; do
	[ -z "$query" ] && continue
	check_eq "$query" "$want" "$(matches "$query")"
done <<'EOF'
tariff|a.md b.md
"tariff wall"|b.md
tariff -iron|b.md
+tariff steel|a.md b.md
steel OR diplomacy|a.md b.md d.md
tariff AND customs|a.md
steel NOT customs|b.md
tariff OR steel AND diplomacy|a.md b.md
(steel OR iron) tariff|a.md b.md
missile NEAR/3 launched|c.md
launched NEAR/3 missile|c.md
missile NEAR/1 launched|
nucl*|d.md f.txt g.md
main|e.md f.txt
"Maine"|e.md
"main"|e.md f.txt
NOT tariff|c.md d.md e.md f.txt g.md
korea -"north korea"|d.md
and|a.md b.md c.md e.md
author:"dan white"|c.md d.md
author:roe|b.md d.md
source:brookings|b.md g.md
source:"wilson center" missile|c.md
type:text|f.txt
type:markdown nuclear|d.md g.md
tag:"arms control"|c.md
tag:trade|a.md b.md
title:korea|c.md
year:1890..1930|a.md b.md
year:1925|b.md
year:2020..|c.md d.md
date:2022-02-24..|c.md d.md
date:..2016|a.md b.md e.md g.md
date:2016|e.md
date:2024-06|c.md
nuclear -year:2010|d.md f.txt
(tariff|a.md b.md
tariff)|a.md b.md
"tariff wall|b.md
EOF

check_eq "control characters in a query are spaces" "a.md b.md" "$(matches $'tariff\x01\x1b')"

# Errors: exit 2 and a message that says what and where.
while IFS='|' read -r query message; do
	[ -z "$query" ] && continue
	check_status "error: $query" 2 wonk_search -d idx -- "$query"
	check "...says: $message" grep -qF -- "$message" "$SCRATCH/err"
done <<'EOF'
tariff AND|character 8: 'AND' has nothing after it
OR tariff|character 1: 'OR' has nothing before it
tariff OR OR steel|'OR' has nothing after it
NEAR/0|NEAR/0: the distance must be at least 1 word
tariff NEAR/x steel|NEAR/n needs a number of words
foo:bar|character 1: unknown field 'foo:'
tariff NOT|'NOT' has nothing after it
year:1930..1890|the start is after the end
year:abc|bad year range 'abc'
date:2022-13|bad date range '2022-13'
date:2022-02-30..|bad date range
type:pdf|unknown type 'pdf'
author:|author: needs a value
title:"?!"|holds no word to look for
?!|query has no words to search for
jong-u* missile|a prefix search takes one word
EOF
check_status "an empty query exits 2" 2 wonk_search -d idx ''
check "...saying so" grep -q 'empty query' "$SCRATCH/err"
words=$(printf 'w%d ' $(seq 1 10000))
check_status "10,000 words exit 2" 2 wonk_search -d idx "$words"
check "...saying the query is too long" grep -q 'query too long' "$SCRATCH/err"
deep=$(printf '(%.0s' $(seq 1 500))
check_status "500 nested parentheses exit 2, no crash" 2 wonk_search -d idx "${deep}tariff"

# Graceful degradation: a note, and the search still runs.
for q in '(tariff' 'tariff)' '"tariff wall'; do
	check_status "degrades: $q" 0 wonk_search -d idx "$q"
	check "...with a note" grep -q 'note: character' "$SCRATCH/err"
done
