#!/usr/bin/env bash
# The ABI of libwonk.so is exactly the API of wonk.h: it exports only wonk_*
# functions (no internal helper, no C++ runtime or Xapian symbol, no data),
# every exported function is declared in wonk.h and every declared one is
# exported, the static library defines them all too, nothing is left
# unresolved, and the soname carries the header's major version.  A program
# that compiles against wonk.h must link, and must not be able to bind to
# anything wonk.h does not promise.
. "$(dirname "$0")/../lib.sh"
cd "$WONK_TOP"

so=$WONK_BUILD/libwonk.so
major=$(sed -n 's/^#define WONK_VERSION_MAJOR *\([0-9]*\).*/\1/p' include/wonk.h)

# Defined dynamic symbols, "TYPE NAME", without the linker's own.
nm -D --defined-only "$so" | awk '{print $2, $3}' | sed 's/@.*//' | sort -u >"$SCRATCH/dyn"
exported=$(awk '{print $2}' "$SCRATCH/dyn" | sort -u)
functions=$(awk '$1 == "T" {print $2}' "$SCRATCH/dyn" | sort -u)
# The functions wonk.h declares: every "wonk_name(" outside comments.  The
# preprocessor strips the comments (whose examples also say "wonk_x(").
grep -v '^#include' include/wonk.h | cc -E -P -x c - >"$SCRATCH/wonk.i"
declared=$(grep -oE '\bwonk_[a-z0-9_]+ *\(' "$SCRATCH/wonk.i" | grep -oE 'wonk_[a-z0-9_]+' | sort -u)

check "wonk.h declares functions (the parse found $(wc -w <<<"$declared"))" \
	test "$(wc -w <<<"$declared")" -ge 40
check_eq "libwonk.so exports only wonk_ symbols" "" "$(grep -v '^wonk_' <<<"$exported")"
check_eq "libwonk.so exports only functions (no data)" "" \
	"$(awk '$1 != "T" {print}' "$SCRATCH/dyn")"
check_eq "every exported function is declared in wonk.h" "" \
	"$(comm -23 <(echo "$functions") <(echo "$declared"))"
check_eq "every function wonk.h declares is exported" "" \
	"$(comm -13 <(echo "$functions") <(echo "$declared"))"

nm --defined-only "$WONK_BUILD/libwonk.a" 2>/dev/null | awk '$2 == "T" {print $3}' | sort -u >"$SCRATCH/static"
check_eq "libwonk.a defines every function wonk.h declares" "" \
	"$(comm -13 "$SCRATCH/static" <(echo "$declared"))"

check_eq "libwonk.so resolves every symbol it uses" "" \
	"$(ldd -r "$so" 2>&1 | grep -i 'undefined symbol')"
check_eq "the soname is libwonk.so.$major" "libwonk.so.$major" \
	"$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
check "libwonk.so.$major, the name the soname promises, is the library" \
	test "$WONK_BUILD/libwonk.so.$major" -ef "$so"
