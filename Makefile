# Aiguillage — build, test, run, install.
#
#   make          build ./aiguillage (DEVELOPER=1: warnings are errors)
#   make run      build and start the application on the shipped rules
#   make check    build with ASan/UBSan and run every test
#   make bench    run the benchmarks (not timed tests)
#   make install  prefix=/usr/local DESTDIR=…
#
# Missing build dependencies are installed with apt-get (as root or with
# sudo), or named precisely when that is not possible.
#
# Knobs: V=1 shows the commands; SANITIZE=address,undefined builds in
# build-san/; DEVELOPER=1 turns warnings into errors (make check sets it;
# put it in config.mak, which is read if present, to have it always).

-include config.mak

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config

prefix ?= /usr/local
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
datarootdir ?= $(prefix)/share
datadir ?= $(datarootdir)
mandir ?= $(datarootdir)/man
localedir ?= $(datarootdir)/locale
sysconfdir ?= $(prefix)/etc
localstatedir ?= $(prefix)/var

# Debian packages the build and the tests need.
DEB_DEPS = build-essential pkg-config libncurses-dev libsqlite3-dev \
	libyaml-dev libjansson-dev libunistring-dev libcmocka-dev gettext \
	tmux clang libclang-rt-14-dev valgrind python3 python3-yaml sqlite3 \
	libpq-dev postgresql weasyprint poppler-utils fonts-dejavu-core \
	dpkg-dev debhelper lintian

DEV_CFLAGS = -std=c11 -Wall -Wextra -Wshadow -Wpointer-arith \
	-Wmissing-prototypes -Wstrict-prototypes -Wvla -Wformat=2 \
	-Wno-format-nonliteral
ifdef DEVELOPER
DEV_CFLAGS += -Werror
endif
PROJ_CPPFLAGS = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-DAIG_RULES_DIR='"$(datadir)/aiguillage/rules"' \
	-DAIG_SYSCONFDIR='"$(sysconfdir)"' \
	-DAIG_LOCALSTATEDIR='"$(localstatedir)"' \
	-DAIG_LOCALEDIR='"$(localedir)"' \
	-DAIG_VERSION='"$(AIG_VERSION)"'
PKGS = yaml-0.1 sqlite3 libpq
# The small libraries (libyaml, libunistring, ncursesw and
# tinfo) are linked in from their static archives when the -dev packages
# ship them (Debian's do): the dynamic linker then loads and relocates
# two libraries (libc, libm) instead of seven at every start, a quarter
# of the instructions of `aiguillage eval` of one situation (issue 19).
# LINK_STATIC=0 links them all as shared libraries (the Debian and RPM
# packages do: no embedded copies of the distribution's libraries); a
# library without its archive is linked shared in any case.
LINK_STATIC ?= 1
lib_a = $(if $(filter /%,$(shell $(CC) -print-file-name=lib$(1).a)),-l:lib$(1).a,-l$(1))
link_a = $(if $(filter 1,$(LINK_STATIC)),$(foreach l,$(1),$(if $(filter -l%,$(l)),$(call lib_a,$(l:-l%=%)),$(l))),$(1))
# libpq and SQLite are opened when a store of theirs is
# (src/store/store_pg.c, store_sqlite.c), not linked: their headers only.
# The unit test of the store reads its database itself (SQLITE_LIBS).
LIBS_PKG := $(call link_a,$(shell $(PKG_CONFIG) --libs $(filter-out libpq sqlite3,$(PKGS)) 2>/dev/null || echo -lyaml) -lunistring) -ldl
# jansson is no part of the program (src/base/ydoc.c reads JSON): the
# unit test and the fuzzer of JSON check the reader and the writer
# against it, an independent parser.
JANSSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JANSSON_LIBS = $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
SQLITE_LIBS = $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
CFLAGS_PKG = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

ifdef SANITIZE
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

ALL_CFLAGS = $(DEV_CFLAGS) $(CFLAGS_PKG) $(CFLAGS) $(SAN_FLAGS)
ALL_CPPFLAGS = $(PROJ_CPPFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)
ALL_LIBS = $(LIBS_PKG) -lm -lpthread $(LIBS)

ifneq ($(V),1)
Q = @
quiet = @printf '  %-7s %s\n' $(1) $(2);
endif

BUILD = build$(if $(SANITIZE),-san)
AR ?= ar
# The floors of src/, lowest first (doc/architecture.md).
FLOORS = base model territory engine store render ui cli
# The one source list. Everything below the front ends goes into
# libaiguillage.a, which the binary, the tests, the benchmarks and the
# fuzzers link; the two front ends (cli, ui) are linked as objects.
LIB_SRC = src/base/xmalloc.c src/base/error.c src/base/ydoc.c \
	src/base/value.c src/base/config.c src/base/i18n.c src/base/json.c \
	src/base/outfilter.c src/base/strbuf.c src/base/utf8.c \
	src/base/hash.c src/base/dirs.c \
	src/model/expr.c src/model/enode.c src/model/rules.c src/model/image.c \
	src/model/localize.c \
	src/territory/territory.c src/territory/territory_image.c \
	src/territory/commune_index.c \
	src/territory/annuaire.c src/territory/geo.c \
	src/engine/situation.c src/engine/eval.c src/engine/ruletest.c \
	src/engine/interview.c \
	src/store/store.c src/store/store_sqlite.c src/store/store_pg.c \
	src/render/report.c src/render/summary.c src/render/format.c \
	src/render/typo.c src/render/reprint.c
UI_SRC = src/ui/ui_main.c src/ui/ui.c src/ui/ui_draw.c src/ui/ui_widget.c \
	src/ui/ui_help.c src/ui/ui_home.c src/ui/ui_interview.c \
	src/ui/ui_review.c src/ui/ui_panel.c \
	src/ui/ui_result.c src/ui/ui_extra.c src/ui/ui_directory.c \
	src/ui/ui_cases.c src/ui/ui_stats.c
CLI_SRC = src/cli/main.c src/cli/command.c src/cli/options.c \
	src/cli/plain.c src/cli/print.c \
	src/cli/store_cli.c src/cli/territory_cli.c
POTGEN_SRC = src/cli/potgen.c
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o)
UI_OBJ = $(UI_SRC:src/%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:src/%.c=$(BUILD)/%.o)
LIB = $(BUILD)/libaiguillage.a
# Every floor, for tests, benchmarks and fuzzers. A source of src/ sees
# only its own floor and those below (INC_floor): an upward #include does
# not compile, and tools/check-layers.sh says so by name in make check.
SRC_INC = $(FLOORS:%=-Isrc/%)
floors_upto = $(if $(filter $(1),$(firstword $(2))),$(firstword $(2)),$(firstword $(2)) $(call floors_upto,$(1),$(wordlist 2,99,$(2))))
floor_inc = $(patsubst %,-Isrc/%,$(call floors_upto,$(1),$(FLOORS)))
CURSES_LIBS := $(call link_a,$(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo))

all: aiguillage locale rules.img rules.territory.img rules.communes.img

# The images shipped beside the rules, installed with them: the compiled
# rule base (src/model/image.h), the service directory
# (src/territory/territory_image.c) and the commune index with its
# search keys (src/territory/commune_index.c). The binary writes each
# (its key holds the program's build id) through a cache of the build
# tree, with the folder named "rules" so that no path of the build
# machine is in it, running a command that loads what the image holds.
# Data that does not load leaves it empty, which the program refuses like
# any image that is not sound.
# $(call make_image,STEM,COMMAND...)
make_image = $(call quiet,IMAGE,$@)rm -rf $@ $(BUILD)/$(1)-cache && \
	XDG_CACHE_HOME="$$PWD/$(BUILD)/$(1)-cache" AIGUILLAGE_CONFIG=/dev/null \
	    AIGUILLAGE_LOCAL_DIR="$(BUILD)/$(1)-cache/none" \
	    $(BUILD)/aiguillage --rules rules $(2) >/dev/null 2>&1; \
	if [ -f $(BUILD)/$(1)-cache/aiguillage/$(1)-*.img ]; then \
		mv $(BUILD)/$(1)-cache/aiguillage/$(1)-*.img $@; \
	else \
		echo "warning: the rules do not load (aiguillage check says" \
		    "why): $@ left empty, they are read from their files"; \
		: > $@; \
	fi; rm -rf $(BUILD)/$(1)-cache

RULE_FILES = $(shell find rules -name '*.yaml' ! -path 'rules/tests/*')
rules.img: $(BUILD)/aiguillage $(RULE_FILES)
	$(call make_image,rules,check)

TERRITORY_FILES = $(shell find rules/services rules/territory -name '*.yaml')
rules.territory.img: $(BUILD)/aiguillage $(TERRITORY_FILES)
	$(call make_image,territory,directory list)

rules.communes.img: $(BUILD)/aiguillage rules/territory/communes.tsv
	$(call make_image,communes,commune --no-offices paris)

# Catalogues: the UI (English msgids, French translation) and the rule
# base (French msgids, English translation), compiled into build/locale.
LOCALE_MO = build/locale/fr/LC_MESSAGES/aiguillage.mo \
	build/locale/en/LC_MESSAGES/aiguillage-rules.mo

.PHONY: locale pot update-po
locale: $(LOCALE_MO)

build/locale/fr/LC_MESSAGES/aiguillage.mo: locales/fr.po
	@mkdir -p $(@D)
	$(call quiet,MSGFMT,$@)msgfmt -c -o $@ $<

build/locale/en/LC_MESSAGES/aiguillage-rules.mo: locales/rules/en.po
	@mkdir -p $(@D)
	$(call quiet,MSGFMT,$@)msgfmt -c -o $@ $<

# The rule-text extractor links the real YAML loader.
$(BUILD)/potgen: $(POTGEN_SRC:src/%.c=$(BUILD)/%.o) $(LIB)
	$(call quiet,LINK,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

pot: $(BUILD)/potgen
	$(BUILD)/potgen rules > locales/rules.pot
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	    --keyword=Q_:1,2 --add-comments=TRANSLATORS: --add-location=file \
	    --package-name=aiguillage --msgid-bugs-address=maintainers@aiguillage \
	    -s -o locales/aiguillage.pot $$(grep -v '^#' locales/POTFILES)

update-po: pot
	msgmerge -q -U --backup=none locales/fr.po locales/aiguillage.pot
	msgmerge -q -U --backup=none --no-fuzzy-matching locales/rules/en.po locales/rules.pot

aiguillage: $(BUILD)/aiguillage
	$(Q)cp $< $@

$(BUILD)/aiguillage: $(CLI_OBJ) $(UI_OBJ) $(LIB)
	$(call quiet,LINK,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CURSES_LIBS)

.PHONY: lib
lib: $(LIB)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(call quiet,AR,$@)$(AR) rcs $@ $^

# Screen tests drive the real screens from key scripts (tests/tui).
$(BUILD)/tui_driver: tests/tui/tui_driver.c $(UI_OBJ) $(LIB)
	$(call quiet,LINK,$@)$(CC) $(SRC_INC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CURSES_LIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(call floor_inc,$(patsubst %/,%,$(dir $*))) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)

.PHONY: all deps clean run
# Build and start the application on the shipped rules; the database goes
# to the user's data dir ($XDG_DATA_HOME/aiguillage).
run: deps aiguillage locale
	./aiguillage

deps:
	@sh tools/deps.sh $(DEB_DEPS)

clean:
	rm -rf build build-san build-fuzz aiguillage rules.img rules.territory.img \
	    rules.communes.img

# --- tests -----------------------------------------------------------------

CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
UNIT_TESTS = $(BUILD)/test_expr $(BUILD)/test_property $(BUILD)/test_store \
	$(BUILD)/test_territory $(BUILD)/test_territory_image $(BUILD)/test_image \
	$(BUILD)/test_text $(BUILD)/test_json

TEST_SUPPORT = $(BUILD)/randsit.o $(BUILD)/testsits.o $(BUILD)/timing.o
$(BUILD)/test_%: tests/unit/test_%.c $(TEST_SUPPORT) $(LIB)
	$(call quiet,LINK,$@)$(CC) $(SRC_INC) $(ALL_CPPFLAGS) -Itests/support $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CMOCKA_LIBS)

$(BUILD)/test_store: CMOCKA_LIBS += $(SQLITE_LIBS)
$(BUILD)/test_json: CMOCKA_LIBS += $(JANSSON_CFLAGS) $(JANSSON_LIBS)

$(TEST_SUPPORT): $(BUILD)/%.o: tests/support/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(SRC_INC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The drivers of tests/store (an agent writing, a count of the answers
# stored) and bench_store, which tests/store/concurrent.sh runs too.
STORE_TOOLS = $(BUILD)/store_writer $(BUILD)/store_count $(BUILD)/bench_store

$(BUILD)/store_%: tests/store/%.c $(LIB)
	$(call quiet,LINK,$@)$(CC) $(SRC_INC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

# --- benchmarks (the optimised build of make, never run as timed tests) -----

BENCHES = build/bench_eval build/bench_search build/bench_store \
	build/bench_process

$(BUILD)/bench_%: bench/bench_%.c $(TEST_SUPPORT) $(LIB)
	$(call quiet,LINK,$@)$(CC) $(SRC_INC) $(ALL_CPPFLAGS) -Itests/support $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

.PHONY: bench
# The store's benchmarks last: their 50 agents and the PostgreSQL server
# leave the machine loaded for a minute after they end, which the timed
# whole-process runs of bench/whole.sh would pay.
bench: deps $(BENCHES) aiguillage rules.img rules.territory.img \
	    rules.communes.img
	$(Q)build/bench_eval && build/bench_search
	$(Q)sh bench/whole.sh ./aiguillage build
	$(Q)sh bench/annuaire.sh ./aiguillage
	$(Q)rm -rf build/bench-store && mkdir -p build/bench-store && \
	    build/bench_store -a 50 -n 40 build/bench-store/cases.db && \
	    build/bench_store -a 50 -n 40 -t 200 build/bench-store/paced.db
	$(Q)sh bench/pg_bench.sh build

.PHONY: check check-build unit
# Everything under AddressSanitizer and UndefinedBehaviorSanitizer, and
# the build without sanitizers under valgrind (which cannot run an ASan
# binary; tests/run.sh runs tests/valgrind/valgrind.sh on build/aiguillage).
check: deps
	$(Q)$(MAKE) --no-print-directory DEVELOPER=1 \
	    SANITIZE=address,undefined check-build
	$(Q)$(MAKE) --no-print-directory DEVELOPER=1 build/aiguillage
	$(Q)sh tests/run.sh build-san

check-build: $(BUILD)/aiguillage $(UNIT_TESTS) $(BUILD)/tui_driver \
	$(BUILD)/potgen $(STORE_TOOLS) locale \
	$(BENCHES:build/%=$(BUILD)/%)

unit: $(UNIT_TESTS)
	$(Q)for t in $(UNIT_TESTS); do $$t || exit 1; done

# --- fuzzing (clang libFuzzer) ------------------------------------------------

# The harnesses link a libaiguillage.a of their own, built by clang with
# the fuzzer's coverage and ASan/UBSan in build-fuzz/.
FUZZ_CC = clang
FUZZ_BUILD = build-fuzz
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined
FUZZ_NAMES = ydoc expr rules image timage communes json csv config
FUZZERS = $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_SECONDS ?= 15

ifneq ($(BUILD),$(FUZZ_BUILD))
.PHONY: $(FUZZ_BUILD)/libaiguillage.a
$(FUZZ_BUILD)/libaiguillage.a:
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    CFLAGS='-g -O1' SAN_FLAGS='$(FUZZ_SAN)' lib
endif

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_BUILD)/libaiguillage.a
	$(call quiet,FUZZ,$@)$(FUZZ_CC) $(SRC_INC) $(ALL_CPPFLAGS) $(FUZZ_FLAGS) -o $@ $^ $(ALL_LIBS) $(FUZZ_LIBS)
$(FUZZ_BUILD)/fuzz_json: FUZZ_LIBS = $(JANSSON_CFLAGS) $(JANSSON_LIBS)
# The harnesses that read a path share the memory file; those of the
# images, the sealing of a forged header.
$(FUZZ_BUILD)/fuzz_config $(FUZZ_BUILD)/fuzz_csv: fuzz/fuzz_memfile.c
$(FUZZ_BUILD)/fuzz_image $(FUZZ_BUILD)/fuzz_timage \
    $(FUZZ_BUILD)/fuzz_communes: fuzz/fuzz_seal.c fuzz/fuzz_memfile.c

.PHONY: fuzz
# A short run of each harness (longer: make fuzz FUZZ_SECONDS=600).
fuzz: $(FUZZERS)
	$(Q)for f in $(FUZZ_NAMES); do \
		mkdir -p build/corpus-$$f && \
		$(FUZZ_BUILD)/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) \
		    -max_len=$$(case $$f in (*image|communes) echo 262144;; \
		    (*) echo 4096;; esac) -artifact_prefix=build/ \
		    -print_final_stats=0 build/corpus-$$f fuzz/corpus/$$f \
		    2>build/fuzz-$$f.log || { tail -40 build/fuzz-$$f.log; exit 1; }; \
		echo "fuzz_$$f: $$(grep -c . build/fuzz-$$f.log) log lines, no crash"; \
	done

# install, uninstall, deb (packaging/)
include packaging/install.mk
