# Aiguillage — build, test, run, install.
#
#   make          build ./aiguillage (developer flags: warnings are errors)
#   make run      build and start the application on the shipped rules
#   make check    build with ASan/UBSan and run every test
#   make bench    run the benchmarks (not timed tests)
#   make install  prefix=/usr/local DESTDIR=…
#
# Missing build dependencies are installed with apt-get (as root or with
# sudo), or named precisely when that is not possible.

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
	libyaml-dev libunistring-dev libcmocka-dev gettext tmux clang \
	libclang-rt-14-dev valgrind python3 python3-yaml

DEV_CFLAGS = -std=c11 -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
	-Wmissing-prototypes -Wstrict-prototypes -Wvla -Wformat=2 \
	-Wno-format-nonliteral
PROJ_CPPFLAGS = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-DAIG_RULES_DIR='"$(datadir)/aiguillage/rules"' \
	-DAIG_SYSCONFDIR='"$(sysconfdir)"' \
	-DAIG_LOCALSTATEDIR='"$(localstatedir)"' \
	-DAIG_LOCALEDIR='"$(localedir)"'
PKGS = yaml-0.1 sqlite3
LIBS_PKG = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lyaml -lsqlite3)
CFLAGS_PKG = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

ifdef SANITIZE
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

ALL_CFLAGS = $(DEV_CFLAGS) $(CFLAGS_PKG) $(CFLAGS) $(SAN_FLAGS)
ALL_CPPFLAGS = $(PROJ_CPPFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)
ALL_LIBS = $(LIBS_PKG) -lunistring -lm $(LIBS)

ifneq ($(V),1)
Q = @
quiet = @printf '  %-7s %s\n' $(1) $(2);
endif

BUILD = build$(if $(SANITIZE),-san)
ENGINE_SRC = src/xmalloc.c src/error.c src/ydoc.c src/value.c src/expr.c \
	src/rules.c src/situation.c src/eval.c src/report.c src/ruletest.c src/interview.c src/plain.c \
	src/config.c src/store.c src/store_cli.c src/territory.c \
	src/territory_cli.c src/i18n.c src/summary.c
UI_SRC = src/ui.c src/ui_home.c src/ui_interview.c src/ui_result.c \
	src/ui_extra.c src/ui_directory.c src/ui_cases.c src/ui_stats.c
MAIN_SRC = src/main.c
ENGINE_OBJ = $(ENGINE_SRC:src/%.c=$(BUILD)/%.o)
UI_OBJ = $(UI_SRC:src/%.c=$(BUILD)/%.o)
MAIN_OBJ = $(MAIN_SRC:src/%.c=$(BUILD)/%.o)
CURSES_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)

all: aiguillage locale

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
$(BUILD)/potgen: src/potgen.c $(ENGINE_OBJ)
	$(call quiet,LINK,$@)$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

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

$(BUILD)/aiguillage: $(ENGINE_OBJ) $(UI_OBJ) $(MAIN_OBJ)
	$(call quiet,LINK,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CURSES_LIBS)

# Screen tests drive the real screens from key scripts (tests/tui).
$(BUILD)/tui_driver: tests/tui/tui_driver.c $(ENGINE_OBJ) $(UI_OBJ)
	$(call quiet,LINK,$@)$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CURSES_LIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(BUILD)/*.d)

.PHONY: all deps clean run
# Build and start the application on the shipped rules; the database goes
# to the user's data dir ($XDG_DATA_HOME/aiguillage).
run: deps aiguillage locale
	./aiguillage

deps:
	@sh tools/deps.sh $(DEB_DEPS)

clean:
	rm -rf build build-san aiguillage

# --- tests -----------------------------------------------------------------

CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
UNIT_TESTS = $(BUILD)/test_expr $(BUILD)/test_property $(BUILD)/test_store \
	$(BUILD)/test_territory

$(BUILD)/test_%: tests/unit/test_%.c $(ENGINE_OBJ) $(BUILD)/randsit.o \
    $(BUILD)/testsits.o
	$(call quiet,LINK,$@)$(CC) $(ALL_CPPFLAGS) -Isrc -Itests/support $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CMOCKA_LIBS)

$(BUILD)/randsit.o $(BUILD)/testsits.o: $(BUILD)/%.o: tests/support/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# --- benchmarks (optimised build, never run as timed tests) ------------------

BENCHES = build/bench_eval build/bench_search build/bench_store

build/bench_%: bench/bench_%.c $(ENGINE_SRC) tests/support/randsit.c \
    tests/support/testsits.c
	@mkdir -p build
	$(call quiet,LINK,$@)$(CC) $(ALL_CPPFLAGS) -Isrc -Itests/support $(DEV_CFLAGS) $(CFLAGS_PKG) -O2 -DNDEBUG -o $@ $^ $(ALL_LIBS)

.PHONY: bench
bench: deps $(BENCHES) aiguillage
	$(Q)build/bench_eval && build/bench_search
	$(Q)rm -rf build/bench-store && mkdir -p build/bench-store && \
	    build/bench_store -a 50 -n 40 build/bench-store/cases.db && \
	    build/bench_store -a 50 -n 40 -t 200 build/bench-store/paced.db
	$(Q)sh bench/startup.sh ./aiguillage

.PHONY: check check-build unit
# Everything under AddressSanitizer and UndefinedBehaviorSanitizer.
check: deps
	$(Q)$(MAKE) --no-print-directory SANITIZE=address,undefined check-build
	$(Q)sh tests/run.sh build-san

check-build: $(BUILD)/aiguillage $(UNIT_TESTS) $(BUILD)/tui_driver $(BUILD)/potgen locale

unit: $(UNIT_TESTS)
	$(Q)for t in $(UNIT_TESTS); do $$t || exit 1; done

# --- fuzzing (clang libFuzzer) ------------------------------------------------

FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE \
	-D_XOPEN_SOURCE=700 -Isrc
FUZZERS = build/fuzz_ydoc build/fuzz_expr build/fuzz_rules
FUZZ_SECONDS ?= 15

build/fuzz_%: fuzz/fuzz_%.c $(ENGINE_SRC)
	@mkdir -p build
	$(call quiet,FUZZ,$@)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(LIBS_PKG) -lunistring -lm

.PHONY: fuzz
# A short run of each harness (longer: make fuzz FUZZ_SECONDS=600).
fuzz: $(FUZZERS)
	$(Q)for f in ydoc expr rules; do \
		mkdir -p build/corpus-$$f && \
		build/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		    -artifact_prefix=build/ \
		    -print_final_stats=0 build/corpus-$$f fuzz/corpus/$$f \
		    2>build/fuzz-$$f.log || { tail -40 build/fuzz-$$f.log; exit 1; }; \
		echo "fuzz_$$f: $$(grep -c . build/fuzz-$$f.log) log lines, no crash"; \
	done

# install, uninstall, deb (packaging/)
include packaging/install.mk
