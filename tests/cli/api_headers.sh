#!/usr/bin/env bash
# wonk.h is all a program needs, and anyone can include it: the programs in
# indexer/ and searcher/ reach libwonk only through it (they include no
# private header of lib/ and compile without -Ilib); wonk.h compiles on its
# own, twice over, as strict C99 and C11 and as C++, holds no C++ outside
# its extern "C" guards, gives C linkage to C++ callers, and defines no name
# outside wonk_/WONK_ that could collide with a program's own.
. "$(dirname "$0")/../lib.sh"
cd "$WONK_TOP"

# ---- the programs use the public header only
bad=
for f in indexer/*.[ch] searcher/*.[ch] cli/*.[ch]; do
	dir=$(dirname "$f")
	while read -r name; do
		# "local.h" must be a file of the program's own directory, or of
		# cli/, the code both programs share (never lib/).
		case $name in
		wonk.h) continue ;;
		../cli/*) [ -f "$dir/$name" ] || bad+=" $f:\"$name\""; continue ;;
		*/*) bad+=" $f:\"$name\"" ; continue ;;
		esac
		[ -f "$dir/$name" ] || bad+=" $f:\"$name\""
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	while read -r name; do
		# <system.h> must not be a header of lib/ reached through -Ilib.
		[ -f "lib/$name" ] && bad+=" $f:<$name>"
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$f")
done
check_eq "indexer/, searcher/ and cli/ include only wonk.h, their own or cli/'s headers and system headers" "" "$bad"

# The proof: each program source compiles with include/ and no lib/.
pkgs=$(sed -n 's/^PKGS *= *//p' Makefile)
# shellcheck disable=SC2086
deps_cflags=$(pkg-config --cflags $pkgs 2>/dev/null)
failed=
for f in indexer/*.c searcher/*.c; do
	# shellcheck disable=SC2086
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude $deps_cflags \
		-fsyntax-only "$f" 2>>"$SCRATCH/programs.err" || failed+=" $f"
done
check_eq "the programs compile without -Ilib" "" "$failed$(head -c 300 "$SCRATCH/programs.err")"

# ---- wonk.h alone, as C and as C++
printf '#include <wonk.h>\n#include <wonk.h>\nint main(void) { return WONK_OK; }\n' >"$SCRATCH/t.c"
cp "$SCRATCH/t.c" "$SCRATCH/t.cc"
strict="-Wall -Wextra -Werror -pedantic -Wshadow -Wundef -Wstrict-prototypes
	-Wmissing-prototypes -Wwrite-strings -Wcast-align -Wvla -Wc++-compat"
for std in c99 c11 c17; do
	# shellcheck disable=SC2086
	check_status "wonk.h compiles on its own, included twice, as -std=$std -pedantic -Werror" 0 \
		gcc -std=$std $strict -Iinclude -fsyntax-only "$SCRATCH/t.c"
done
for std in c++11 c++17; do
	check_status "wonk.h compiles on its own as -std=$std -pedantic -Werror" 0 \
		g++ -std=$std -Wall -Wextra -Werror -pedantic -Wshadow -Wundef -Iinclude \
		-fsyntax-only "$SCRATCH/t.cc"
done

# Inside #ifdef __cplusplus there is only the extern "C" wrapper.
cxx_only=$(awk '/^#ifdef __cplusplus/ {in_cxx = 1; next}
		in_cxx && /^#endif/ {in_cxx = 0; next}
		in_cxx && !/^extern "C" \{$/ && !/^\}$/ {print}' include/wonk.h)
check_eq "the only C++ in wonk.h is the extern \"C\" wrapper" "" "$cxx_only"
check_eq "wonk.h opens and closes extern \"C\" once each" "2" \
	"$(grep -c '^#ifdef __cplusplus' include/wonk.h)"
# With __cplusplus undefined the preprocessor leaves plain C: no C++ keyword.
grep -v '^#include' include/wonk.h | cc -E -P -x c - >"$SCRATCH/wonk.i"
check_eq "wonk.h read as C has no C++ keyword" "" \
	"$(grep -wnoE 'extern "C"|class|namespace|template|nullptr|bool|true|false|new|delete|private|public' "$SCRATCH/wonk.i")"

# C linkage for C++ callers: a C++ program links against the C library.
san=
if readelf -d "$WONK_BUILD/libwonk.so" | grep -q 'NEEDED.*libasan'; then
	san="-fsanitize=address,undefined"
fi
cat >"$SCRATCH/link.cc" <<'EOF'
#include <cstdio>
#include <cstring>
#include <wonk.h>
int main()
{
	wonk_index *idx = nullptr;
	char *msg = nullptr;
	wonk_status st = wonk_index_open("/nonexistent/wonk", WONK_OPEN_READ, &idx, &msg);
	std::printf("%s|%s|%d\n", wonk_version(), wonk_status_string(st), msg != nullptr);
	wonk_free(msg);
	return std::strcmp(wonk_version(), WONK_VERSION_STRING) != 0;
}
EOF
# shellcheck disable=SC2086
check_status "a C++ program using wonk.h links against libwonk.so" 0 \
	g++ -std=c++17 $san -Iinclude "$SCRATCH/link.cc" -L"$WONK_BUILD" -lwonk -o "$SCRATCH/link"
check_status "... and runs" 0 env LD_LIBRARY_PATH="$WONK_BUILD" "$SCRATCH/link"
version=$(sed -n 's/^#define WONK_VERSION_STRING "\(.*\)"/\1/p' include/wonk.h)
check_eq "... calling into C: version, status text and message come back" \
	"$version|not found|1" "$(cat "$SCRATCH/out")"

# ---- namespace: every name wonk.h defines is wonk_ or WONK_
printf '#include <stddef.h>\n#include <stdint.h>\n' | cc -std=c11 -dM -E -x c - | sort >"$SCRATCH/base.macros"
cc -std=c11 -dM -E -Iinclude -x c - <<<'#include <wonk.h>' | sort >"$SCRATCH/wonk.macros"
check_eq "every macro wonk.h defines starts with WONK_" "" \
	"$(comm -13 "$SCRATCH/base.macros" "$SCRATCH/wonk.macros" | awk '{print $2}' | grep -v '^WONK_')"
# Every other name declared at file scope (types, tags, enumerators,
# functions, variables): the preprocessed header with parameter lists and
# struct members taken out, less the C keywords and standard types.
cat >"$SCRATCH/names.py" <<'EOF'
import re, sys
src = open(sys.argv[1]).read()
src = re.sub(r'\(\s*\*\s*([A-Za-z_]\w*)\s*\)', r' \1 ', src)    # (*fn_type) -> fn_type
prev = None
while prev != src:                                               # parameter lists
    prev = src
    src = re.sub(r'\([^()]*\)', ' ', src)
src = re.sub(r'\bstruct\s+(\w+)\s*\{[^{}]*\}', r'struct \1', src)  # struct members
keywords = set("""auto char const double enum extern float inline int long
restrict short signed static struct typedef union unsigned void volatile
_Bool size_t uint64_t uint32_t uint16_t uint8_t int64_t int32_t""".split())
for w in sorted(set(re.findall(r'\b[A-Za-z_]\w*\b', src)) - keywords):
    print(w)
EOF
names=$(python3 "$SCRATCH/names.py" "$SCRATCH/wonk.i")
check "the header's declared names were found ($(wc -w <<<"$names"))" \
	test "$(wc -w <<<"$names")" -ge 80
check_eq "every name wonk.h declares starts with wonk_ or WONK_" "" \
	"$(grep -vE '^(wonk_|WONK_)' <<<"$names")"
