#!/usr/bin/env bash
# tests/valgrind.sh BUILD_DIR [TEST...] - runs CLI tests (tests/cli/TEST.sh;
# by default the ones that run in reasonable time under valgrind) with
# every wonk-index and wonk-search they start running under valgrind's
# memcheck: invalid reads and writes, uses of uninitialised memory, and
# leaks (definitely, indirectly or possibly lost) are errors.  Each process
# logs to its own file; any log with an error fails the run, and the first
# lines of each are shown.  Not part of make test (make valgrind).
#
# Left out by default: crash.sh (it kills the indexer on a timer),
# hostile.sh and corpus.sh (hundreds of megabytes: hours under valgrind),
# install.sh and the api_* tests (they build and run other programs).
set -u
build=${1:-build}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
if [ $# -gt 0 ]; then
	tests=("$@")
else
	tests=(index_and_search formats extraction query_language search_flags incremental
	       ranking terminal check)
fi
command -v valgrind >/dev/null || { echo "valgrind: not installed (apt-get install valgrind)"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/logs"
# wonk-index --check runs Xapian's own table checker in a child process,
# which on some damaged tables reads past its buffers and crashes
# (xapian-core 1.4.22): that child is Xapian's code and is left out
# (--child-silent-after-fork); the parent, which reads its answer, is not.
for prog in wonk-index wonk-search; do
	cat >"$work/bin/$prog" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite,indirect,possible \\
	--show-leak-kinds=definite,indirect,possible \\
	--child-silent-after-fork=yes \\
	--log-file="$work/logs/$prog.%p.log" "$build/$prog" "\$@"
EOF
	chmod +x "$work/bin/$prog"
done
export WONK_BUILD=$build WONK_TOP=$top
export WONK_TEST_INDEX_BIN=$work/bin/wonk-index WONK_TEST_SEARCH_BIN=$work/bin/wonk-search
export HOME=$work/home LC_ALL=C.UTF-8 NO_COLOR=1
mkdir "$HOME"
unset WONK_INDEX

cd "$top"
passed=0 failed=0
for t in "${tests[@]}"; do
	start=$(date +%s)
	out=$(bash "tests/cli/$t.sh" 2>&1)
	rc=$?
	p=$(grep -c '^ok ' <<<"$out")
	f=$(grep -c '^not ok ' <<<"$out")
	echo "$t: $p passed, $f failed (exit $rc) in $(($(date +%s) - start)) s"
	grep '^not ok ' <<<"$out" | head -n 10 | sed 's/^/    /'
	passed=$((passed + p))
	failed=$((failed + f))
done

runs=$(find "$work/logs" -name '*.log' | wc -l)
bad=$(find "$work/logs" -name '*.log' -size +0 | sort)
nbad=$(grep -c . <<<"$bad")
echo "valgrind: $runs runs of wonk-index and wonk-search, $nbad with errors"
for log in $bad; do
	echo "--- $(basename "$log")"
	head -n 30 "$log"
done
echo "$passed passed, $failed failed (the tests' own checks, under valgrind)"
[ "$nbad" -eq 0 ]
