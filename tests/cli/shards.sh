#!/usr/bin/env bash
# Several indexes searched as one, and built in parallel: the corpus split
# into 2 and 3 shards by hand, into 2 by wonk-index --shards, kept as a stub
# file, merged by --merge, and served by xapian-tcpsrv and xapian-progsrv,
# each ranks the judged set's queries exactly as one index of everything
# does (same documents, passages and scores to 1e-9, stage 2 included);
# mined acronyms are the same sharded or not; and shards that are missing,
# damaged or unreachable are named, or left out with --allow-partial.
. "$(dirname "$0")/../lib.sh"

# xapian-tcpsrv, told to stop, signals its whole process group: it runs
# in a session of its own, or it would take the test runner with it.
SRV=
stop_server() { [ -n "$SRV" ] && kill -- "-$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; }
trap 'stop_server; rm -rf "$SCRATCH"' EXIT

# A third of the addresses and the seed article: enough statistics to rank
# by, quick to index several times over.
mkdir -p "$SCRATCH/part1" "$SCRATCH/part2" "$SCRATCH/part3"
i=0
for f in "$WONK_TOP"/corpus/sotu/*.json; do
	i=$((i + 1))
	[ $((i % 3)) -eq 0 ] || continue
	cp "$f" "$SCRATCH/part$(((i / 3) % 3 + 1))/"
done
cp "$WONK_TOP/corpus/kennan/putin-kim-partnership.txt" "$SCRATCH/part1/"
cd "$SCRATCH"
jq -r .query "$WONK_TOP"/tests/eval/queries-*.jsonl >queries
printf '%s\n' '"North Korea" NEAR/10 missile' 'tariff -protective' 'title:union AND canal' \
	'nucl* weapons' 'Panama OR Nicaragua canal year:1880..1910' >>queries
nq=$(wc -l <queries)
check "the query set holds at least 20 queries" [ "$nq" -ge 20 ]

wonk_index -q -d one part1 part2 part3 2>/dev/null
wonk_index -q -d a part1 2>/dev/null
wonk_index -q -d b part2 part3 2>/dev/null
wonk_index -q -d c part2 2>/dev/null
wonk_index -q -d d part3 2>/dev/null

# top10 INDEX-ARGS...: each query's top 10, one JSON list per line.
top10() {
	while IFS= read -r q; do
		wonk_search "$@" --json -- "$q" 2>/dev/null |
			jq -c 'select(.doc) | [.doc, .passage, .score]' | jq -sc .
	done <queries
}
# same_ranking EXPECTED ACTUAL: equal ids, passages, scores within 1e-9.
same_ranking() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
bad = [i for i, (x, y) in enumerate(zip(a, b))
       if len(x) != len(y) or any(p[:2] != q[:2] or abs(p[2] - q[2]) > 1e-9 for p, q in zip(x, y))]
if len(a) != len(b) or bad:
    print("differ on query lines", [i + 1 for i in bad][:10], file=sys.stderr)
    sys.exit(1)
EOF
}
top10 -d one >one.top
check "the single index answers most queries" [ "$(grep -vc '^\[\]$' one.top)" -ge 20 ]
top10 -d a -d b >two.top
check "2 shards rank all $nq queries as one index does" same_ranking one.top two.top
top10 -d a -d c -d d >three.top
check "3 shards rank all $nq queries as one index does" same_ranking one.top three.top
top10 -d d -d a -d c >three-reordered.top
check "...in whatever order the shards are named" same_ranking one.top three-reordered.top
# Equal scores come in document order, in one index and in shards, on
# every page: twelve copies of one passage, dealt into two shards in turns.
# Twelve fit in the margin the matcher fetches around a page; the forty
# copies of another passage do not, and take the slower path (see
# relevance_window in lib/xapian_shim.cc).
mkdir -p ties/odd ties/even
for k in $(seq -w 1 40); do
	shard=$([ $((10#$k % 2)) -eq 1 ] && echo odd || echo even)
	[ "$k" -le 12 ] && echo "The tariff on wool was raised again by the tariff board." \
		>"ties/$shard/copy$k.txt"
	echo "Silver certificates were redeemed in gold at the Treasury." >"ties/$shard/silver$k.txt"
done
wonk_index -q -d tie-one ties/odd ties/even 2>/dev/null
wonk_index -q -d tie-odd ties/odd 2>/dev/null
wonk_index -q -d tie-even ties/even 2>/dev/null
pages() {
	for off in 0 3 5 9; do
		wonk_search "$@" --json -n 4 --offset $off tariff wool | jq -r .doc | tr '\n' ' '
	done
}
all_docs=$(wonk_search -d tie-one --json -n 12 tariff wool | jq -r .doc)
check_eq "tied passages come in document-id order" "$(sort <<<"$all_docs")" "$all_docs"
check_eq "...page by page, stage 2 or not" "$(pages -d tie-one --stage1)" "$(pages -d tie-one)"
check_eq "...and the same in shards" "$(pages -d tie-one)" "$(pages -d tie-odd -d tie-even)"
check_eq "...on every page" "$(for off in 0 3 5 9; do sed -n "$((off + 1)),$((off + 4))p" <<<"$all_docs"; done | tr '\n' ' ')" \
	"$(pages -d tie-even -d tie-odd --stage1)"
long_pages() {
	for off in 0 14 17 30 37; do
		wonk_search "$@" --json -n 5 --offset $off silver certificates | jq -r .doc | tr '\n' ' '
	done
}
long_docs=$(wonk_search -d tie-one --json -n 40 silver certificates | jq -r .doc)
check_eq "forty tied passages come in document-id order" "$(sort <<<"$long_docs")" "$long_docs"
check_eq "...on every page" \
	"$(for off in 0 14 17 30 37; do sed -n "$((off + 1)),$((off + 5))p" <<<"$long_docs"; done | tr '\n' ' ')" \
	"$(long_pages -d tie-one --stage1)"
check_eq "...stage 2 or not" "$(long_pages -d tie-one --stage1)" "$(long_pages -d tie-one)"
check_eq "...and the same in shards" "$(long_pages -d tie-one)" "$(long_pages -d tie-odd -d tie-even)"

check_eq "counts are those of one index" "$(wonk_search -d one --count korea missile)" \
	"$(wonk_search -d a -d c -d d --count korea missile)"
check_eq "facets are those of one index" "$(wonk_search -d one --json --facets -n 0 tariff | tail -1)" \
	"$(wonk_search -d c -d a -d d --json --facets -n 0 tariff | tail -1)"
check_eq "--context reads across shards" "$(wonk_search -d one --context 1 -n 2 silver coinage)" \
	"$(wonk_search -d a -d b --context 1 -n 2 silver coinage)"
like=$(wonk_search -d one --json -n 1 MIRV | jq -r '"\(.doc):\(.passage)"')
check_eq "--like DOC:N finds the same passages across shards" \
	"$(wonk_search -d one --like "$like" --json | jq -c '[.doc, .passage]')" \
	"$(wonk_search -d b -d a --like "$like" --json | jq -c '[.doc, .passage]')"

# ---- acronyms mined in one shard reach the others, and two shards that
# define one differently keep what one index would.
mkdir -p acro1 acro2
echo "The Strategic Defense Initiative (SDI) was a missile shield." >acro1/one.txt
echo "Software defined infrastructure (SDI) runs the data centre." >acro2/two.txt
echo "The strategic defense of the homeland, a shield against any missile." >acro2/three.txt
echo "Software defined infrastructure is also what the cloud sells." >acro1/four.txt
wonk_index -q -d acro-one acro1 acro2 && wonk_index -q -d acro-a acro1 && wonk_index -q -d acro-b acro2
check_eq "an acronym defined differently in two shards expands as in one index" \
	"$(wonk_search -d acro-one --json SDI | jq -c '[.path, .score]')" \
	"$(wonk_search -d acro-b -d acro-a --json SDI | jq -c '[.path, .score]')"
check "...to the passages that spell it out" grep -q . <(wonk_search -d acro-a -d acro-b --json SDI | jq -r .path | grep -v one.txt | grep -v two.txt)
# A shard made before the acronyms' reverse entries (removed here),
# merged with one made after, still leaves one for every definition.
# (acrolf: + the long form's first stem, TAB, its others, TAB, the
# abbreviation's stem.)
reverse_complete() {
	xapian-metadata get "$1" wonk:acro-reverse | grep -qx 1 || return 1
	local tab key lf rest
	tab=$(printf '\t')
	xapian-metadata list "$1" | grep '^acro:' | while IFS= read -r key; do
		lf=$(xapian-metadata get "$1" "$key")
		rest=; case $lf in *' '*) rest=${lf#* } ;; esac
		xapian-metadata list "$1" |
			grep -qxF "acrolf:${lf%% *}$tab$rest$tab${key#acro:}" ||
			echo "no reverse entry for $key"
	done | grep -q . && return 1
	return 0
}
mkdir -p acro3 acro4
echo "The Quarterly Harbor Dredging Survey (QHDS) measured the silt." >acro3/five.txt
echo "The QHDS boat sailed at dawn with the tide." >acro3/seven.txt
echo "The Northern Pike Census (NPC) counted the fish of the lakes." >acro4/six.txt
wonk_index -q -d acro-old acro3 && wonk_index -q -d acro-new acro4
xapian-metadata list acro-old | grep -e '^acrolf:' -e '^wonk:acro-reverse$' |
	while IFS= read -r key; do xapian-metadata set acro-old "$key" ""; done
check_status "a shard without the acronyms' reverse entries has none" 1 reverse_complete acro-old
check "...where a new one has them all" reverse_complete acro-new
check_status "--merge takes the two" 0 wonk_index --merge acro-merged acro-old acro-new
check "...and the merged index has one for every definition" reverse_complete acro-merged
check_eq "...so the old shard's long form finds its abbreviation there" \
	"acro3/five.txt acro3/seven.txt" \
	"$(wonk_search -d acro-merged --json quarterly harbor dredging survey | jq -r .path | sort | tr '\n' ' ' | sed 's/ $//')"

# ---- "did you mean" reads the words of every shard, and the synonyms file
# beside any shard applies to the whole search.
dym=$(wonk_search -d c -d a -d d --json tarif canall | jq -r 'select(.did_you_mean) | .did_you_mean')
check "did you mean works across shards" grep -q '^tariff ' <<<"$dym"
check_eq "...suggesting as one index does" \
	"$(wonk_search -d one --json tarif canall | jq -r 'select(.did_you_mean) | .did_you_mean')" "$dym"
echo "gilded = silver" >c/synonyms.txt
echo "gilded = silver" >one/synonyms.txt
check_eq "a synonyms file beside one shard applies to all of them, as beside one index" \
	"$(wonk_search -d one --json -n 3 gilded | jq -c '[.doc, .passage]')" \
	"$(wonk_search -d a -d c -d d --json -n 3 gilded | jq -c '[.doc, .passage]')"
check "...finding passages in the other shards" grep -q . <(wonk_search -d a -d c -d d --json gilded | jq -r .path | grep -v part2/)
rm c/synonyms.txt one/synonyms.txt

# ---- a stub file names the shards (Xapian's format, paths relative to it)
mkdir -p group
printf '# the archive\nauto ../a\n\nauto ../c  # a comment\nauto %s/d\n' "$SCRATCH" >group/archive
top10 -d group/archive >stub.top
check "a stub file listing 3 shards ranks as one index" same_ranking one.top stub.top
printf 'auto ../a\nflint ../b\n' >group/bad
check_status "a stub file with an unknown line exits 2" 2 wonk_search -d group/bad korea
check "...naming the file and line" grep -q "group/bad:2: unknown shard type \"flint\"" err
check_status "a stub file cannot be written to" 2 wonk_index -d group/archive part1
check "...saying why" grep -q "group/archive: a file (a stub listing shards?), not an index directory" err

# ---- faults: named, or left out with --allow-partial
check_status "a missing shard exits 2" 2 wonk_search -d a -d gone korea
check "...naming it" grep -q "^wonk-search: gone: no index here" err
cp -r c broken && head -c 4096 /dev/urandom >broken/postlist.glass
check_status "a damaged shard exits 2" 2 wonk_search -d a -d broken korea
check "...naming it" grep -q "^wonk-search: broken: index is damaged" err
check_status "--allow-partial searches the shards that open" 0 \
	wonk_search --allow-partial -d a -d gone -d c --json korea
cp out partial.out
check "...saying on stderr which was skipped, and why" grep -q "^wonk-search: skipped shard gone: no index here" err
check_eq "...with the results of the shards that opened" "$(wonk_search -d a -d c --json korea)" "$(cat partial.out)"
check_status "--allow-partial with no shard that opens exits 2" 2 wonk_search --allow-partial -d gone -d gone2 korea
check "...saying none could be opened" grep -q "no shard could be opened" err

# ---- remote shards: xapian-tcpsrv on the loopback, xapian-progsrv by stub
port=
for try in 1 2 3 4 5; do
	p=$((20000 + (RANDOM % 30000)))
	setsid xapian-tcpsrv --interface 127.0.0.1 --port "$p" b >srv.log 2>&1 &
	SRV=$!
	for _ in $(seq 50); do
		grep -q Listening srv.log 2>/dev/null && break
		kill -0 "$SRV" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$SRV" 2>/dev/null && grep -q Listening srv.log; then port=$p; break; fi
	SRV=
done
check "xapian-tcpsrv serves a shard on 127.0.0.1" [ -n "$port" ]
top10 -d a -d "tcp://127.0.0.1:$port" >tcp.top
check "a local and a tcp:// shard rank as one index" same_ranking one.top tcp.top
printf 'auto ../a\nremote :127.0.0.1:%s\n' "$port" >group/tcp
top10 -d group/tcp >tcpstub.top
check "...and so through a stub file's remote line" same_ranking one.top tcpstub.top
printf 'auto ../a\nremote xapian-progsrv %s/b\n' "$SCRATCH" >group/prog
top10 -d group/prog >prog.top
check "a shard served by xapian-progsrv (as ssh:// runs it) ranks as one index" same_ranking one.top prog.top
stop_server
check_status "an unreachable server exits 2" 2 wonk_search -d a -d "tcp://127.0.0.1:$port" korea
check "...naming it" grep -q "^wonk-search: tcp://127.0.0.1:$port: cannot reach the server" err
check_status "--allow-partial leaves it out" 0 wonk_search --allow-partial -d a -d "tcp://127.0.0.1:$port" korea
check "...and says so" grep -q "^wonk-search: skipped shard tcp://127.0.0.1:$port: cannot reach the server" err
check_status "a malformed tcp:// address exits 2" 2 wonk_search -d tcp://127.0.0.1 korea
check "...saying what it wants" grep -q "tcp://127.0.0.1: not HOST:PORT" err

# ---- building in parallel, and merging
check_status "wonk-index --shards 2 builds an index" 0 wonk_index --shards 2 -d par part1 part2 part3
check "...saying how many shards built it" grep -q "^wonk-index: [0-9]* files ([0-9]* added.*(2 shards)$" out
check "...and leaves no shards behind" [ ! -e par.shards ]
top10 -d par >par.top
check "an index built by 2 workers and merged ranks as one built alone" same_ranking one.top par.top
check_status "re-running on the merged index changes nothing" 0 wonk_index -d par part1 part2 part3
check "...every file unchanged" grep -q "added, 0 updated, [0-9]* unchanged" out
check "...no file added" grep -q "(0 added" out
check_status "--shards will not overwrite an index" 2 wonk_index --shards 2 -d par part1
check "...saying --rebuild does" grep -q "par: already exists; --shards builds a new index (add --rebuild" err
check_status "--shards 3 --keep-shards keeps them" 0 wonk_index --shards 3 --keep-shards -d kept part1 part2 part3
check "...as 3 shards" [ -d kept.shards/0 ] && [ -d kept.shards/2 ]
check "...and writes the index as a stub file listing them" grep -q '^auto kept.shards/2$' kept
top10 -d kept >kept.top
check "...which ranks as one index" same_ranking one.top kept.top
check_status "--merge merges shards into a new index" 0 wonk_index --merge merged a c d
top10 -d merged >merged.top
check "...which ranks as one index" same_ranking one.top merged.top
check_status "--rebuild replaces a stub with a merged index" 0 wonk_index --rebuild --shards 2 -d kept part1 part2 part3
check "...a directory now" [ -d kept ]
echo "gilded = silver" >kept/synonyms.txt
check_status "--rebuild --shards replaces an index" 0 wonk_index --rebuild --shards 2 -d kept part1 part2 part3
check "...keeping the synonyms file beside it" grep -q gilded kept/synonyms.txt
check_status "--merge will not overwrite" 2 wonk_index --merge merged a
check "...saying so" grep -q "merged: already exists" err
check_status "--merge refuses a file indexed in two shards" 2 wonk_index --merge twice a one
check "...naming a file it holds twice" grep -q "part1/[^ ]* is indexed in more than one shard" err
check "...leaving nothing behind" [ ! -e twice ] && [ ! -e twice.merging ]
check_status "--merge of a missing shard exits 2" 2 wonk_index --merge out3 a gone
check "...naming it" grep -q "gone: no index here" err
check_status "--shards 0 is refused" 2 wonk_index --shards 0 -d zero part1
