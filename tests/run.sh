#!/usr/bin/env bash
# tests/run.sh BUILD_DIR - runs every unit test program and every CLI test
# script, counts their TAP-style "ok" / "not ok" lines, and ends with the one
# summary line CI reads: "N passed, N failed".  A test program that exits
# non-zero without reporting a failure (a crash, a sanitizer report) counts as
# one more failure, so nothing can fail silently.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
export WONK_BUILD=$build WONK_TOP=$top
# Tests never depend on the user's environment.
export HOME=$(mktemp -d) LC_ALL=C.UTF-8 NO_COLOR=1
unset WONK_INDEX
# Sanitizer builds: leaks inside libxapian itself are Xapian's (see the file).
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
trap 'rm -rf "$HOME"' EXIT

passed=0 failed=0
run_one() {
	local name=$1; shift
	local out rc p f
	out=$("$@" 2>&1); rc=$?
	p=$(grep -c '^ok ' <<<"$out"); f=$(grep -c '^not ok ' <<<"$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		out+=$'\n'"not ok - $name exited with status $rc"
	fi
	if [ "$f" -gt 0 ]; then
		echo "FAIL $name ($p passed, $f failed)"
		sed 's/^/    /' <<<"$out" | grep -v '^    ok ' | tail -n 40
	else
		echo "PASS $name ($p checks)"
	fi
	passed=$((passed + p)); failed=$((failed + f))
}

cd "$top"
for t in "$build"/tests/test_*; do
	case $t in *.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	run_one "cli/$(basename "$t" .sh)" bash "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
