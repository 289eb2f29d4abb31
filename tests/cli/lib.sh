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
# Words are compared with no-break spaces (U+00A0, U+202F) read as
# spaces: the typography of what is shown is tested on its own
# (tests/summary, tests/unit/test_text).
T_NB=$(printf '\302\240')
T_NNB=$(printf '\342\200\257')
t_spaces() { sed "s/$T_NB/ /g; s/$T_NNB/ /g"; }
expect_in() {
	if t_spaces <"$2" | grep -qF -- "$(printf '%s\n' "$3" | t_spaces)"
	then pass; else
		fail "$1: \"$3\" not in output"; head -5 "$2"; fi
}
# The situation of rule test NAME of rules/tests/orientation.yaml, as a
# situation file.
# expect_not_in NAME FILE TEXT: the file does not contain the text
expect_not_in() {
	if grep -qF -- "$3" "$2"; then fail "$1: \"$3\" in output"; else pass; fi
}
orientation_situation() { rule_situation orientation "$1" "$2"; }
# rule_situation FILE NAME OUT: the situation of rules/tests/FILE.yaml's
# test NAME, written to OUT.
rule_situation() {
	python3 - "$1" "$2" "$3" <<'P'
import sys, yaml
tests = {t["name"]: t for t in yaml.safe_load(open("rules/tests/%s.yaml" % sys.argv[1]))["tests"]}
yaml.safe_dump(tests[sys.argv[2]]["situation"], open(sys.argv[3], "w"),
    allow_unicode=True)
P
}
finish() { echo "$T_PASS passed, $T_FAIL failed"; [ "$T_FAIL" -eq 0 ]; }
