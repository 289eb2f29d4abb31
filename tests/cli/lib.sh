# Helpers for the CLI tests: t_ok/t_fail counting, ok_if NAME CONDITION.
BIN=${1:-${AIG_BIN:-./aiguillage}}
T_PASS=0
T_FAIL=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL: $*"; }
# expect_rc NAME WANT_RC CMD...: run, keep stdout/stderr in $TMP/out, $TMP/err
expect_rc() {
	name=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then pass; else
		fail "$name: exit $rc, expected $want"; head -5 "$TMP/err"; fi
}
# expect_in NAME FILE TEXT: the file contains the text
expect_in() {
	if grep -qF -- "$3" "$2"; then pass; else
		fail "$1: \"$3\" not in output"; head -5 "$2"; fi
}
finish() { echo "$T_PASS passed, $T_FAIL failed"; [ "$T_FAIL" -eq 0 ]; }
