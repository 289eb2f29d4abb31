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
	libclang-rt-14-dev valgrind

DEV_CFLAGS = -std=c11 -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
	-Wmissing-prototypes -Wstrict-prototypes -Wvla -Wformat=2 \
	-Wno-format-nonliteral
PROJ_CPPFLAGS = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-DAIG_RULES_DIR='"$(datadir)/aiguillage/rules"' \
	-DAIG_SYSCONFDIR='"$(sysconfdir)"' \
	-DAIG_LOCALSTATEDIR='"$(localstatedir)"' \
	-DAIG_LOCALEDIR='"$(localedir)"'
PKGS = yaml-0.1
LIBS_PKG = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lyaml)
CFLAGS_PKG = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

ifdef SANITIZE
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

ALL_CFLAGS = $(DEV_CFLAGS) $(CFLAGS_PKG) $(CFLAGS) $(SAN_FLAGS)
ALL_CPPFLAGS = $(PROJ_CPPFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)
ALL_LIBS = $(LIBS_PKG) -lm $(LIBS)

ifneq ($(V),1)
Q = @
quiet = @printf '  %-7s %s\n' $(1) $(2);
endif

BUILD = build$(if $(SANITIZE),-san)
ENGINE_SRC = src/xmalloc.c src/error.c src/ydoc.c src/value.c src/expr.c \
	src/rules.c src/situation.c src/eval.c src/report.c src/ruletest.c src/interview.c src/plain.c
MAIN_SRC = src/main.c
ENGINE_OBJ = $(ENGINE_SRC:src/%.c=$(BUILD)/%.o)
MAIN_OBJ = $(MAIN_SRC:src/%.c=$(BUILD)/%.o)

all: aiguillage

aiguillage: $(BUILD)/aiguillage
	$(Q)cp $< $@

$(BUILD)/aiguillage: $(ENGINE_OBJ) $(MAIN_OBJ)
	$(call quiet,LINK,$@)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(BUILD)/*.d)

.PHONY: all deps clean
deps:
	@sh tools/deps.sh $(DEB_DEPS)

clean:
	rm -rf build build-san aiguillage

# --- tests -----------------------------------------------------------------

CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
UNIT_TESTS = $(BUILD)/test_expr $(BUILD)/test_property

$(BUILD)/test_%: tests/unit/test_%.c $(ENGINE_OBJ)
	$(call quiet,LINK,$@)$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CMOCKA_LIBS)

.PHONY: check check-build unit
# Everything under AddressSanitizer and UndefinedBehaviorSanitizer.
check: deps
	$(Q)$(MAKE) --no-print-directory SANITIZE=address,undefined check-build
	$(Q)sh tests/run.sh build-san

check-build: $(BUILD)/aiguillage $(UNIT_TESTS)

unit: $(UNIT_TESTS)
	$(Q)for t in $(UNIT_TESTS); do $$t || exit 1; done
