#!/usr/bin/env bash
# make install and make uninstall, staged with DESTDIR, and the installed
# library used the way a packager or an embedding program uses it: every file
# lands with its mode and the soname links resolve; pkg-config's flags build
# examples/ against the shared and the static library, and those programs
# give the right answers; the installed wonk-index and wonk-search work with
# no build tree; make uninstall removes exactly what install put there.
. "$(dirname "$0")/../lib.sh"
cd "$WONK_TOP"

prefix=/usr/local
stage=$SCRATCH/stage
root=$stage$prefix
version=$(sed -n 's/^#define WONK_VERSION_STRING "\(.*\)"/\1/p' include/wonk.h)
major=${version%%.*}

# The tree tests/run.sh was given is already built: install from it, so make
# has nothing to compile.
mk() { make -s --no-print-directory B="$WONK_BUILD" PREFIX=$prefix DESTDIR="$stage" "$@"; }

check_status "make install PREFIX=$prefix DESTDIR=... succeeds" 0 mk install

# ---- what landed, with which mode
files="lib/libwonk.a:644 lib/libwonk.so.$version:755 include/wonk.h:644
lib/pkgconfig/wonk.pc:644 bin/wonk-index:755 bin/wonk-search:755
share/man/man1/wonk-index.1:644 share/man/man1/wonk-search.1:644"
for f in $files; do
	path=$root/${f%:*} mode=${f#*:}
	if [ -f "$path" ] && [ ! -L "$path" ]; then
		check_eq "installed ${f%:*}, mode $mode" "$mode" "$(stat -c %a "$path")"
	else
		not_ok "installed ${f%:*} (missing)"
	fi
done
check_eq "libwonk.so.$major links to libwonk.so.$version" "libwonk.so.$version" \
	"$(readlink "$root/lib/libwonk.so.$major")"
check_eq "libwonk.so links to libwonk.so.$major" "libwonk.so.$major" \
	"$(readlink "$root/lib/libwonk.so")"
check "the links resolve to the library" test "$root/lib/libwonk.so" -ef "$root/lib/libwonk.so.$version"
check "the installed wonk.h is the source's" cmp -s include/wonk.h "$root/include/wonk.h"
check "the man pages are the source's" \
	cmp -s man/wonk-search.1 "$root/share/man/man1/wonk-search.1"

# ---- wonk.pc: says where it was installed, and relocates into the stage
export PKG_CONFIG_PATH=$root/lib/pkgconfig
check_eq "pkg-config knows the version" "$version" "$(pkg-config --modversion wonk 2>&1)"
check_eq "wonk.pc names the real prefix, not the staging directory" "$prefix" \
	"$(pkg-config --dont-define-prefix --variable=prefix wonk)"
check_eq "wonk.pc's libdir follows the prefix" "$root/lib" \
	"$(pkg-config --define-prefix --variable=libdir wonk)"
# --define-prefix takes the prefix from where wonk.pc lies: the stage.
pc() { pkg-config --define-prefix "$@" wonk; }
cflags=$(pc --cflags) libs=$(pc --libs)
static_libs=$(pc --static --libs | sed 's/-lwonk /-l:libwonk.a /')
check "--cflags names the staged include directory ($cflags)" \
	grep -qF -- "-I$root/include" <<<"$cflags"
check_eq "--libs is the staged library and nothing else" "-L$root/lib -lwonk" "$(echo $libs)"
check "--static --libs lists the dependencies and the C++ runtime ($static_libs)" \
	bash -c 'for l in -lxapian -lstemmer -lutf8proc -lz -lcjson -lgumbo -lstdc++; do
		grep -qw -- "$l" <<<"$1" || exit 1; done' _ "$static_libs"

# ---- the examples, built the way examples/README.md says
# An ASan build of the library needs the sanitizer in the program too.
san=
if readelf -d "$WONK_BUILD/libwonk.so" | grep -q 'NEEDED.*libasan'; then
	san="-fsanitize=address,undefined"
fi
strict="-std=c11 -pedantic -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wundef
	-Wwrite-strings -Wstrict-prototypes -Wmissing-prototypes $san"
bin=$SCRATCH/bin
mkdir -p "$bin"
for e in search index_records; do
	# shellcheck disable=SC2086
	check_status "examples/$e.c builds warning-free against the installed libwonk.so" 0 \
		cc $strict $cflags "examples/$e.c" $libs -o "$bin/$e"
	# shellcheck disable=SC2086
	check_status "examples/$e.c builds against the installed libwonk.a (pkg-config --static)" 0 \
		cc $strict $cflags "examples/$e.c" $static_libs -o "$bin/$e-static"
done
check "the shared build loads libwonk.so.$major" \
	bash -c "readelf -d '$bin/search' | grep -q 'NEEDED.*libwonk.so.$major'"
check "the static build needs no libwonk.so" \
	bash -c "! readelf -d '$bin/search-static' | grep -q 'NEEDED.*libwonk'"
check "with LD_LIBRARY_PATH, the staged libwonk.so is the one loaded" \
	bash -c "LD_LIBRARY_PATH='$root/lib' ldd '$bin/search' | grep -qF '$root/lib/libwonk.so.$major'"

# ---- the installed programs index the fixtures; the examples search them
cp -r "$FIXTURES/small" "$SCRATCH/small"
check_status "the installed wonk-index builds an index" 0 \
	"$root/bin/wonk-index" -q -d "$SCRATCH/idx" "$SCRATCH/small"
check "the installed programs carry libwonk inside (no libwonk.so needed)" \
	bash -c "! readelf -d '$root/bin/wonk-index' '$root/bin/wonk-search' | grep -q 'NEEDED.*libwonk'"
"$root/bin/wonk-search" -d "$SCRATCH/idx" --json Russian assistance >"$SCRATCH/ws.json" 2>&1
check_eq "the installed wonk-search finds the passage" "$SCRATCH/small/korea.txt" \
	"$(jq -r .path "$SCRATCH/ws.json" 2>&1 | head -n 1)"

run_search() { LD_LIBRARY_PATH=$root/lib "$bin/search" "$@"; }
check_status "examples/search: hits exit 0" 0 run_search "$SCRATCH/idx" "Russian assistance"
check_eq "examples/search prints rank, title and path of the best hit" \
	"1. korea.txt ($SCRATCH/small/korea.txt)" "$(head -n 1 "$SCRATCH/out")"
check "examples/search prints the passage text" \
	grep -q "^Russia’s technical assistance may explain" "$SCRATCH/out"
check_eq "examples/search prints a hit per matching passage (two name Russia, which Russian finds)" 2 \
	"$(grep -c '^[0-9]*\. ' "$SCRATCH/out")"
shared_out=$(cat "$SCRATCH/out")
check_status "examples/search-static runs without LD_LIBRARY_PATH" 0 \
	"$bin/search-static" "$SCRATCH/idx" "Russian assistance"
check_eq "the static build answers as the shared one" "$shared_out" "$(cat "$SCRATCH/out")"
check_status "examples/search: no hits exit 1" 1 run_search "$SCRATCH/idx" zeppelin
check_eq "... and print nothing" "" "$(cat "$SCRATCH/out")"
check_status "examples/search: a query with no words exits 2" 2 run_search "$SCRATCH/idx" '...'
check "... with wonk_errmsg's message" grep -q "no words" "$SCRATCH/err"
check_status "examples/search: a missing index exits 2" 2 run_search "$SCRATCH/none" x
check "... with a message naming it" grep -qF "$SCRATCH/none" "$SCRATCH/err"

mkdir -p "$SCRATCH/tmp"
run_records() { TMPDIR=$SCRATCH/tmp LD_LIBRARY_PATH=$root/lib "$bin/index_records" "$@"; }
check_status "examples/index_records builds, reopens and searches an index" 0 \
	run_records "tariff revenue"
check "... holding all four records" grep -qx "index: 4 documents, 4 passages" "$SCRATCH/out"
check "... and finds the record about tariffs first, with its metadata" grep -q "^1\. On the tariff (Grover Cleveland, 1887): The tariff question" "$SCRATCH/out"
check_status "examples/index_records: no hits exit 1" 1 run_records zeppelin
check_status "examples/index_records-static works too" 0 \
	env TMPDIR="$SCRATCH/tmp" "$bin/index_records-static" "civil service"
check "... finding the civil service record" grep -q "^1\. Civil service reform (Chester Arthur, 1881): " "$SCRATCH/out"
check_eq "examples/index_records removes its temporary files" "" "$(ls -A "$SCRATCH/tmp")"

# ---- uninstall removes exactly what install put there
touch "$root/lib/libother.so.1" "$root/bin/other"
check_status "make uninstall succeeds" 0 mk uninstall
check_eq "no installed file is left" "" \
	"$(cd "$stage" && find . ! -type d ! -name libother.so.1 ! -name other | sort)"
check "files install did not put there are kept" \
	test -f "$root/lib/libother.so.1" -a -f "$root/bin/other"
check_status "make uninstall again is harmless" 0 mk uninstall
