#!/bin/sh
# The program under valgrind (memcheck): no read of an uninitialised
# byte, no invalid access, no leak, on the paths a counter's day takes
# and the one that writes files from memory: the rule and territory
# images built with an empty cache (a file must hold no byte of the
# heap). tests/run.sh runs it on the build without sanitizers, which
# `make check` builds (valgrind cannot run a binary built with ASan).
#   sh tests/valgrind/valgrind.sh BINARY
. tests/cli/lib.sh
command -v valgrind >/dev/null || { echo "valgrind missing"; echo "0 passed, 1 failed"; exit 1; }
export TZ=UTC LC_ALL=C.UTF-8 AIGUILLAGE_CONFIG=/dev/null
export HOME="$TMP/home" XDG_CACHE_HOME="$TMP/cache" XDG_DATA_HOME="$TMP/data"
export AIGUILLAGE_DB="$TMP/cases.db"
unset AIGUILLAGE_RULES AIGUILLAGE_LOCAL_DIR
mkdir -p "$HOME"
# A copy of the rules without their images: the first run builds them.
cp -r rules "$TMP/rules"
S=bench/profiles/tenant-arrears.yaml
vg() {	# NAME, then the command's arguments; its input: $VG_IN
	name=$1
	shift
	if valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect "$BIN" \
	    --rules "$TMP/rules" "$@" >"$TMP/out" 2>"$TMP/err" \
	    <"${VG_IN:-/dev/null}"
	then pass; else
		rc=$?
		if [ "$rc" -eq 99 ] || grep -q "==[0-9]*==" "$TMP/err"; then
			fail "$name: valgrind reports errors"
			grep "==[0-9]*==" "$TMP/err" | head -30
		else
			fail "$name: exit $rc"
			head -5 "$TMP/err"
		fi
	fi
}
vg "check, images built" check
vg "check, images mapped" check
vg "eval" eval --date 2026-11-15 "$S"
vg "eval --json" eval --json --date 2026-11-15 "$S"
vg "commune search" commune auch
vg "interview --replay, stored" interview --replay "$S" --date 2026-11-15
vg "cases show" cases show 1
vg "print a case" print 1
vg "print --situation (html)" print --situation "$S" --format html
# A plain interview, an answer out of range among its answers.
printf 'n\n\n\n1\n300\n40\n.\n' >"$TMP/answers"
VG_IN="$TMP/answers" vg "plain interview" interview --plain --no-save \
    --date 2026-11-15
echo "$T_PASS passed, $T_FAIL failed"
[ "$T_FAIL" -eq 0 ]
