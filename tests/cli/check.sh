#!/usr/bin/env bash
# wonk-index --check, and what a damaged index does to both programs: a
# sound index passes; garbage written over a table, a deleted table, bytes
# changed inside a block, a file's passages torn apart (one deleted behind
# wonk's back) and an unreadable manifest entry are each found, reported
# naming the index and --rebuild, exit 1, never a crash; a search over a
# damaged index exits 2 saying it is damaged and how to rebuild it; and the
# advice works: --rebuild makes a sound index again.
. "$(dirname "$0")/../lib.sh"

cp -r "$FIXTURES/small" "$SCRATCH/docs"
cp -r "$FIXTURES/formats" "$SCRATCH/docs/formats"
cd "$SCRATCH"
wonk_index -q -d good docs 2>/dev/null

# damaged NAME: a copy of the good index to damage.
damaged() { rm -rf "$1" && cp -r good "$1"; }
# crashed STATUS: a status that means a signal (or a sanitizer's abort).
crashed() { [ "$1" -ge 128 ]; }

# ---- a sound index
check_status "a sound index passes --check" 0 wonk_index --check -d good
check "...saying so, with what was checked" \
	grep -Eq '^wonk-index: good: no problems found \([0-9]+ documents, [0-9]+ passages checked\)$' "$SCRATCH/err"
WONK_INDEX=good check_status "--check finds the index through \$WONK_INDEX" 0 wonk_index --check
check_status "--check of no index exits 2" 2 wonk_index --check -d none
check "...naming it" grep -q '^wonk-index: none: no index here' "$SCRATCH/err"
check_status "--check takes no PATH" 2 wonk_index --check -d good docs
# A passage of no word the index can hold (a base64 blob: one run of
# letters far too long to be a word) has no terms by right, not by damage.
mkdir blob
head -c 30000 /dev/zero | tr '\0' 'Q' >blob/blob.txt
printf 'A report on tariffs.\n\n' >blob/mixed.txt
head -c 20000 /dev/zero | tr '\0' 'Z' >>blob/mixed.txt
wonk_index -q -d blobs blob 2>/dev/null
check_status "passages of nothing but a 30,000-letter run pass --check" 0 wonk_index --check -d blobs
check_eq "...and the file's words are found" "blob/mixed.txt" "$(wonk_search -d blobs --json tariffs | jq -r .path)"

# says DESCRIPTION INDEX: --check exits 1, names the index and --rebuild.
found_damage() {
	local what=$1 idx=$2
	check_status "$what: --check exits 1" 1 wonk_index --check -d "$idx"
	check "$what: ...naming the index and the way out" \
		grep -q "^wonk-index: $idx: index is damaged ([0-9]* problems\? found); rebuild it with: wonk-index --rebuild -d $idx PATH" "$SCRATCH/err"
}
# search_says_damaged DESCRIPTION INDEX: a search exits 2 with the message.
search_says_damaged() {
	check_status "$2: a search exits 2" 2 wonk_search -d "$2" korea
	check "$2: ...saying the index is damaged and how to rebuild it" \
		grep -q "^wonk-search: $2: index is damaged.*rebuild it with: wonk-index --rebuild -d $2 PATH" "$SCRATCH/err"
}

# ---- garbage over a whole table file
# (No positions since format 3, so no position table; the records are
# values in the postlist table since format 4, so no docdata table.)
for t in postlist termlist; do
	damaged "garbage-$t"
	yes garbage | head -c "$(stat -c %s "garbage-$t/$t.glass")" >"garbage-$t/$t.glass"
	found_damage "garbage over $t.glass" "garbage-$t"
done
check "...each problem is named on its own line" \
	grep -q '^wonk-index: garbage-termlist: .*block' "$SCRATCH/err"
damaged garbage-version
yes garbage | head -c "$(stat -c %s garbage-version/iamglass)" >garbage-version/iamglass
found_damage "garbage over iamglass (the version file)" garbage-version
search_says_damaged "garbage over postlist.glass" garbage-postlist

# ---- a deleted table file
for t in postlist termlist; do
	damaged "deleted-$t"
	rm "deleted-$t/$t.glass"
	found_damage "deleted $t.glass" "deleted-$t"
done
search_says_damaged "deleted postlist.glass" deleted-postlist

# ---- bytes changed inside blocks: never a crash, in either program.
# (Some of these land where xapian-core 1.4.22's own checker reads past
# its buffers; wonk runs that checker in a child process.)
worst=0 found=0 tried=0
for t in termlist postlist; do
	size=$(stat -c %s "good/$t.glass")
	for off in $(seq 16 1021 "$size") $((2 * 8192 + 8100)); do
		[ "$off" -lt "$size" ] || continue
		damaged poked
		printf 'XXXXXXXX' | dd of="poked/$t.glass" bs=1 seek="$off" conv=notrunc 2>/dev/null
		wonk_index --check -d poked >/dev/null 2>"$SCRATCH/poke-err"; c=$?
		wonk_search -d poked '"Monroe Doctrine"' korea >/dev/null 2>&1; s=$?
		tried=$((tried + 1))
		[ "$c" -eq 1 ] && found=$((found + 1))
		if crashed "$c" || crashed "$s" || [ "$c" -eq 2 ]; then
			worst=1
			echo "# $t at byte $off: --check exit $c, search exit $s: $(head -c 300 "$SCRATCH/poke-err")"
		fi
	done
done
check_eq "8 bytes changed in a block, $tried places: no crash, --check exits 0 or 1 ($found found damage)" 0 "$worst"
check "...and some of that damage is found" test "$found" -gt 0

# ---- damage on which Xapian's own checker crashes (xapian-core 1.4.22;
# tests/hostile/damaged-termlist): --check must outlive it.
cp -r "$WONK_TOP/tests/hostile/damaged-termlist" crashy
found_damage "a termlist that crashes Xapian's checker" crashy
wonk_search -d crashy '"South Korea"' --context 1 >/dev/null 2>&1
check "...and searching it does not crash either" test $? -le 2

# ---- a file torn apart: one passage deleted behind wonk's back.  Only
# Xapian itself can do that, so a small C++ program does it.
cat >tear.cc <<'EOF'
// tear INDEX TERM: deletes the Xapian document holding the second passage
// of the document with boolean term TERM: what a torn write would leave.
#include <xapian.h>
int main(int, char **argv)
{
	Xapian::WritableDatabase db(argv[1], Xapian::DB_OPEN);
	Xapian::PostingIterator p = db.postlist_begin(argv[2]);
	if (p == db.postlist_end(argv[2]) || ++p == db.postlist_end(argv[2]))
		return 1;
	db.delete_document(*p);
	db.commit();
	return 0;
}
EOF
if c++ -o tear tear.cc $(pkg-config --cflags --libs xapian-core) 2>"$SCRATCH/cc-err"; then
	damaged torn
	doc=$(wonk_search -d torn --json -n 1 Pyongyang | jq -r .doc)
	check "the helper tears korea.txt" ./tear torn "P$doc"
	found_damage "a document missing one passage" torn
	check "...which names the file and says it is incomplete" \
		grep -q '^wonk-index: torn: .*korea.txt: document [0-9a-f]* is incomplete' "$SCRATCH/err"
	check "...and that the file's manifest entry no longer matches" \
		grep -q '^wonk-index: torn: .*korea.txt: the manifest records 3 passages, the index holds 2' "$SCRATCH/err"
else
	not_ok "a helper that tears a document compiles ($(head -c 200 "$SCRATCH/cc-err"))"
fi

# ---- a manifest entry that cannot be read
damaged badmeta
key=$(xapian-metadata list badmeta | grep -m1 '^F[0-9a-f]\{16\}$')
xapian-metadata set badmeta "$key" "not a manifest entry"
found_damage "an unreadable manifest entry" badmeta
check "...which is named" grep -q "^wonk-index: badmeta: manifest entry $key cannot be read" "$SCRATCH/err"

# ---- a Xapian database that is not a wonk index, and another format
damaged foreign
xapian-metadata set foreign wonk:format 99
check_status "an index of another format cannot be checked: exit 2" 2 wonk_index --check -d foreign
check "...saying which format" grep -q 'index format 99' "$SCRATCH/err"

# ---- a writer at work: the check waits for no one, and says so
"$WONK_INDEX_BIN" -q -d live "$WONK_TOP/corpus/sotu" >/dev/null 2>&1 &
writer=$!
for _ in $(seq 1 100); do [ -e live/iamglass ] && break; sleep 0.02; done
wonk_index --check -d live >/dev/null 2>"$SCRATCH/live-err"; c=$?
alive=0; kill -0 "$writer" 2>/dev/null && alive=1
kill -TERM "$writer" 2>/dev/null # it commits what it has and stops
wait "$writer"
if [ "$alive" -eq 1 ]; then
	check_eq "--check while a writer runs exits 2" 2 "$c"
	check "...saying the index is being written" grep -q 'live: index is being written' "$SCRATCH/live-err"
fi
check_status "...and once it has stopped, the index passes" 0 wonk_index --check -d live

# ---- the advice works: --rebuild replaces a damaged index
for idx in garbage-postlist deleted-postlist torn; do
	[ -d "$idx" ] || continue
	check_status "$idx: wonk-index --rebuild rebuilds it" 0 wonk_index -q --rebuild -d "$idx" docs/korea.txt
	grep -q . "$SCRATCH/err" && continue
	check_status "$idx: ...into a sound index" 0 wonk_index --check -d "$idx"
	check_status "$idx: ...that searches" 0 wonk_search -d "$idx" korea
done
