#!/bin/sh
# Run every test suite against the binaries in build dir $1 and end with
# one line "N passed, N failed" summing them all. Each suite prints its
# own closing "N passed, N failed" (cmocka suites are counted from their
# PASSED/FAILED lines).
BUILD=${1:-build-san}
export AIG_BIN="$PWD/$BUILD/aiguillage"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TZ=UTC LC_ALL=C.UTF-8
unset AIGUILLAGE_RULES AIGUILLAGE_CONFIG
passed=0
failed=0
log=$(mktemp)
home=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$home"' EXIT
# Tests never touch the user's own data, configuration or database.
export HOME="$home" XDG_DATA_HOME="$home/data" AIGUILLAGE_DB="$home/test.db"
export XDG_CACHE_HOME="$home/cache"	# the rule image (src/model/image.h)
export AIGUILLAGE_CONFIG=/dev/null
export AIGUILLAGE_LOCALEDIR="$PWD/build/locale"

count() {	# suite name, then the command
	name=$1
	shift
	printf '== %s\n' "$name"
	"$@" >"$log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*passed, }
		f=${f%% failed*}
	else
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		p=${p:-0}
		f=${f:-0}
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# crashed or exited non-zero without saying why
	fi
	if [ "$f" -ne 0 ]; then
		grep -E 'FAIL|ERROR|error|Assertion|runtime error|Sanitizer' "$log" | head -n 40
	fi
	printf '   %s passed, %s failed\n' "$p" "$f"
	passed=$((passed + p))
	failed=$((failed + f))
}

for t in "$BUILD"/test_*; do
	[ -x "$t" ] && count "unit $(basename "$t")" "$t"
done
count "rule tests" "$AIG_BIN" test
# The rule base against an independent engine (OpenFisca-France).
count "reference (OpenFisca)" python3 tests/reference/compare.py "$AIG_BIN"
grep -E "agree" "$log" | sed "s/^/   /"
for t in tests/cli/*.sh tests/store/*.sh; do
	case $t in */lib.sh) continue ;; esac
	[ -f "$t" ] && count "$(basename "$t")" sh "$t" "$AIG_BIN"
done
# The .deb built once (no sanitizer), installed with apt, used by two
# agents of the group and refused to a third, purged: only as root on
# Debian on a machine without aiguillage (CI), else skipped with why.
count "package (.deb)" sh tests/packaging/deb.sh
# `make install` into a DESTDIR stage (prefix /usr), the staged binary
# run on its staged rules and catalogues, then `make uninstall`.
count "make install (stage)" sh tests/packaging/install.sh
count "layers" sh tests/layers/layers.sh
count "summary" sh tests/summary/summary.sh "$AIG_BIN"
# The six visits of issue 14, a winter energy cut, a helpline call
# about an invalid man, an asylum seeker and a young mother on the RSA,
# in plain mode,
# answering by question id.
count "visits (plain)" python3 tests/visits/plain.py "$AIG_BIN"
count "summary = screen" python3 tests/summary/screen.py "$AIG_BIN"
count "catalogues" sh tests/i18n/catalogues.sh "$PWD/$BUILD/potgen"
# Screens from key scripts (curses' own buffer vs golden files), then a
# few end-to-end runs of the real binary in tmux.
count "tui screens" sh tests/tui/run-screen.sh "$PWD/$BUILD/tui_driver"
if command -v tmux >/dev/null 2>&1; then
	count "tui e2e (tmux)" sh tests/tui/e2e.sh "$AIG_BIN"
fi
# The program built without sanitizers (make check builds it), under
# valgrind: uninitialised bytes, in the images it writes above all.
if [ -x build/aiguillage ]; then
	count "valgrind" sh tests/valgrind/valgrind.sh "$PWD/build/aiguillage"
fi
# A short libFuzzer run of each harness (the loaders of the rules and of
# the two territory images, expressions, YAML and
# JSON situations, the CSV importer, the configuration).
if command -v clang >/dev/null 2>&1; then
	count "fuzz (short run)" sh -c 'out=$(make -s fuzz FUZZ_SECONDS=${FUZZ_SECONDS:-10}) || { echo "$out"; exit 1; }; echo "$out"; echo "$(echo "$out" | grep -c "no crash") passed, 0 failed"'
fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
