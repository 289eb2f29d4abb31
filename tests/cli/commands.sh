#!/bin/sh
# commands.sh - what every command shares (the table of src/cli/main.c):
# --help on stdout with status 0, --version, --opt=value and --, --json
# as JSON Lines where a command lists things and a refusal elsewhere,
# unknown options and commands refused with status 2.
. "$(dirname "$0")/lib.sh"
# AIG_TEST_DB: a PostgreSQL conninfo instead (tests/store/pg_suites.sh).
export AIGUILLAGE_DB="${AIG_TEST_DB:-$TMP/cases.db}" LANGUAGE=en

# expect_json NAME FILE: every line of FILE is one JSON object (and there
# is at least one)
expect_json() {
	if python3 - "$2" <<'P'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no output"
for line in lines:
	assert isinstance(json.loads(line), dict), line
P
	then pass; else fail "$1: not JSON Lines"; head -3 "$2"; fi
}

# --help: stdout, status 0, the command's own usage; nothing on stderr.
for c in interview eval check test commune directory territory print \
    cases stats; do
	expect_rc "$c --help" 0 "$BIN" "$c" --help
	expect_in "$c --help usage" "$TMP/out" "usage: aiguillage [options] $c"
	[ -s "$TMP/err" ] && fail "$c --help wrote to stderr" || pass
done
expect_rc "help cases" 0 "$BIN" help cases
expect_in "help cases usage" "$TMP/out" "usage: aiguillage [options] cases"
expect_rc "--help" 0 "$BIN" --help
expect_in "--help lists commands" "$TMP/out" "  stats "
expect_rc "--version" 0 "$BIN" --version
grep -qE '^aiguillage [0-9]+\.[0-9]+' "$TMP/out" && pass ||
    fail "--version: $(cat "$TMP/out")"

# Refusals: status 2 and a message naming the problem.
expect_rc "unknown command" 2 "$BIN" frobnicate
expect_in "unknown command message" "$TMP/err" "unknown command \"frobnicate\""
expect_rc "unknown option" 2 "$BIN" eval --frob x.yaml
expect_in "unknown option message" "$TMP/err" "unknown option \"--frob\""
expect_rc "option of another command" 2 "$BIN" check --plain
expect_in "option of another command message" "$TMP/err" \
    "--plain is not an option of check"
expect_rc "missing value" 2 "$BIN" eval x.yaml --date
expect_in "missing value message" "$TMP/err" "needs a value"

# --opt=value and -- .
printf 'age: 30\ncouple: false\nchildren: []\n' >"$TMP/s.yaml"
expect_rc "--date=value" 0 "$BIN" eval --date=2026-11-15 "$TMP/s.yaml"
expect_rc "--date=bad value" 2 "$BIN" eval --date=2026-02-30 "$TMP/s.yaml"
expect_rc "print --format=html" 0 "$BIN" print --situation="$TMP/s.yaml" \
    --format=html
expect_in "print --format=html page" "$TMP/out" "<html"
expect_rc "commune -- QUERY" 0 "$BIN" commune -n 1 -- auch
expect_in "commune -- QUERY found" "$TMP/out" "Auch (32)"
expect_rc "commune -n=value" 0 "$BIN" commune --limit=1 auch
grep -c '^ *[0-9]*\. ' "$TMP/out" | grep -qx 1 && pass ||
    fail "commune --limit=1: one row"

# --json where a command lists things: JSON Lines, before or after it.
expect_rc "eval --json" 0 "$BIN" eval --json --date 2026-11-15 "$TMP/s.yaml"
expect_json "eval --json" "$TMP/out"
expect_rc "commune --json" 0 "$BIN" commune --json -n 3 saint
expect_json "commune --json" "$TMP/out"
[ "$(wc -l <"$TMP/out")" -eq 3 ] && pass || fail "commune --json -n 3: 3 lines"
expect_rc "--json commune" 0 "$BIN" --json commune auch
expect_json "--json commune" "$TMP/out"
expect_rc "directory list --json" 0 "$BIN" directory list --json --kind mdph
expect_json "directory list --json" "$TMP/out"
expect_rc "directory search --json" 0 "$BIN" directory search cidff --json
expect_json "directory search --json" "$TMP/out"
printf '.\n' | "$BIN" interview --plain --date 2026-11-15 >/dev/null 2>&1
expect_rc "cases list --json" 0 "$BIN" cases list --json
expect_json "cases list --json" "$TMP/out"
id=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])' \
    <"$TMP/out")
expect_rc "cases show --json" 0 "$BIN" cases show "$id" --json
expect_json "cases show --json" "$TMP/out"
expect_rc "stats --json" 0 "$BIN" stats --json
expect_json "stats --json" "$TMP/out"

# --json elsewhere: refused, with a message.
for args in "check" "test" "territory import x.csv" "print 1" \
    "cases erase 1" "cases purge" "directory export --format data-inclusion"; do
	# shellcheck disable=SC2086
	expect_rc "$args --json" 2 "$BIN" $args --json
	grep -q "JSON" "$TMP/err" && pass || fail "$args --json: no message"
done

finish
