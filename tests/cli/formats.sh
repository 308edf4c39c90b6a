#!/usr/bin/env bash
# Every format wonk-index reads, end to end: saved web pages (clutter left
# out, metadata from meta tags and JSON-LD, a Windows-1252 page), Markdown
# with front matter, JSON records (a broken line skipped, field mapping, the
# State of the Union shape), gzip-compressed copies, --dump, and metadata as
# wonk-search shows it.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$SCRATCH/docs"
cp "$FIXTURES"/html/*.html "$FIXTURES"/formats/* "$SCRATCH/docs/"
cd "$SCRATCH"
gzip -c docs/think-tank.html >docs/think-tank-copy.htm.gz
IDX=$SCRATCH/idx

wonk_index -d "$IDX" docs >"$SCRATCH/out" 2>"$SCRATCH/err"
rc=$?
check_eq "a broken JSON line makes the run exit 1" 1 "$rc"
check "...and is reported with its line" grep -q 'records.jsonl: 1 malformed record skipped (line 3' "$SCRATCH/err"
check "...while the other files and records are indexed" \
	grep -q '^wonk-index: 7 files (7 added, 0 updated, 0 unchanged, 0 removed, 0 skipped), 10 documents' "$SCRATCH/out"

# ---- HTML: the article, not the page around it
page=$(wonk_search -d "$IDX" --json --per-doc 0 -n 100 --type html -- 'carbon OR border OR levy' |
	jq -r 'select(.path=="docs/think-tank.html") | .text')
check "the article body is indexed" grep -q 'carbon border adjustment mechanism' <<<"$page"
for clutter in 'use of cookies' 'Share on' 'Subscribe to our newsletter' 'Related posts' \
	'All rights reserved'; do
	check_eq "page clutter is not: $clutter" 0 \
		"$(wonk_search -d "$IDX" --json --per-doc 0 -n 100 "\"$clutter\"" 2>/dev/null |
			jq -r 'select(.path=="docs/think-tank.html") | .path' | wc -l)"
done
hit=$(wonk_search -d "$IDX" --json -n 1 'levy ladder' | head -1)
check_eq "HTML title from og:title" "Carbon Border Adjustments and the Developing World" "$(jq -r .title <<<"$hit")"
check_eq "HTML author" "Amara Okafor" "$(jq -r .author <<<"$hit")"
check_eq "HTML date as ISO 8601" "2024-03-14" "$(jq -r .date <<<"$hit")"
check_eq "HTML source from og:site_name" "Centre for Trade Policy Studies" "$(jq -r .source <<<"$hit")"
check "HTML canonical URL" grep -q '^https://www.ctps.example.org/' <<<"$(jq -r .url <<<"$hit")"
check_eq "HTML language" "en-GB" "$(jq -r .lang <<<"$hit")"
check_eq "HTML type" "html" "$(jq -r .type <<<"$hit")"
check_eq "a gzip-compressed page gives the same passages" \
	"$(wonk_index --dump docs/think-tank.html | jq -c .passages)" \
	"$(wonk_index --dump docs/think-tank-copy.htm.gz | jq -c .passages)"
check_eq "a date only in JSON-LD is found" "2023-09-05" \
	"$(wonk_index --dump docs/jsonld-date.html | jq -r .date)"
cp=$(wonk_index --dump docs/cp1252.html)
check_eq "a Windows-1252 page is decoded: title" "Le café de la réforme" "$(jq -r .title <<<"$cp")"
check "...and text, curly quotes included" grep -q '[“”]' <<<"$(jq -r .body <<<"$cp")"
check_status "...and its accented words are searchable" 0 wonk_search -d "$IDX" --type html réforme

# ---- Markdown
md=$(wonk_index --dump docs/note.md)
check_eq "front matter gives the title" "$(sed -n 's/^title: *//p' docs/note.md | tr -d '"')" "$(jq -r .title <<<"$md")"
check "...the author" test -n "$(jq -r '.author // empty' <<<"$md")"
check "...an ISO date" grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' <<<"$(jq -r .date <<<"$md")"
check "...tags" test -n "$(jq -r '.tags // empty' <<<"$md")"
check "no front matter or Markdown syntax in the body" bash -c \
	'! grep -Eq "^(---|#+ )|\]\(http|\*\*" <<<"$1"' _ "$(jq -r .body <<<"$md")"
check "headings are passage boundaries" test "$(jq '.passages | length' <<<"$md")" -ge 2

# ---- JSON
check_eq "JSON Lines: one document per good line" "1 2 4 5" \
	"$(wonk_index --dump docs/records.jsonl 2>/dev/null | jq -r .record | tr '\n' ' ' | sed 's/ $//')"
hit=$(wonk_search -d "$IDX" --json -n 1 '"Porto Rico"' year:1905)
check_eq "a State of the Union record: the president is the author" "Theodore Roosevelt" "$(jq -r .author <<<"$hit")"
check_eq "...and the year the date" 1905 "$(jq -r .date <<<"$hit")"
printf '{"headline":"Dam politics","by":"R. Lee","when":"2021-04-02","story":"The dam divided the valley."}\n' >mapped.jsonl
check_eq "--field maps other keys" "R. Lee|2021-04-02|The dam divided the valley." \
	"$(wonk_index --dump --field author=by --field date=when --field body=story mapped.jsonl |
		jq -r '[.author, .date, .body] | join("|")')"
check_status "--field with an unknown field is a usage error" 2 \
	wonk_index -d "$IDX" --field colour=red mapped.jsonl
check "...naming it" grep -q "unknown field 'colour'" "$SCRATCH/err"

# ---- --dump: what would be indexed, no index touched
d=$(cd docs && wonk_index --dump think-tank.html)
check "--dump prints one JSON object with the metadata, body and passages" bash -c \
	'jq -e "has(\"title\") and has(\"author\") and has(\"date\") and has(\"body\") and (.passages | length > 0)" <<<"$1" >/dev/null' _ "$d"
check "...passages are pieces of the body, in order, with their text" bash -c \
	'jq -e ".body as \$b | all(.passages[]; . as \$p | \$b | contains(\$p.text)) and ([.passages[].start] == ([.passages[].start] | sort))" <<<"$1" >/dev/null' _ "$d"
check "...and creates no index" test ! -e docs/.wonk
check_status "--dump of a binary file exits 1" 1 wonk_index --dump "$FIXTURES/bad/program.txt"
check "...with the reason" grep -q 'binary file' "$SCRATCH/err"

# ---- how wonk-search shows metadata
out=$(wonk_search -d "$IDX" -n 1 'levy ladder')
check "the hit's first line is title — author, source, date" \
	grep -q '^1\. Carbon Border Adjustments and the Developing World — Amara Okafor, Centre for Trade Policy Studies, 2024-03-14$' <<<"$out"
out=$(wonk_search -d "$IDX" -n 1 aquifer)
check "a JSON record's location names its record" grep -q 'docs/records.jsonl, record 2, passage 0' <<<"$out"
