# Terminal escape sequences in data never reach an output (issue 15,
# item 5): a rule base whose texts carry ESC, BEL and a C1 CSI, a login
# ($USER) carrying them, answers and a CSV import carrying them; every
# output (plain mode, eval, print text/HTML/lp, cases show, cases export,
# stats, import errors) is checked for control characters; CSV cells that
# start with = + - @ are neutralised; the configuration refuses them.
# Run from the source tree root.
. tests/cli/lib.sh
R="$TMP/rules"
cp -r rules "$R"
# YAML double-quoted escapes: \e ESC, \a BEL, \x9b the C1 CSI.
python3 - "$R" <<'PY'
import pathlib, sys
bad = r'\e]0;PWN\a\e[2J\x9b31m'
for p in pathlib.Path(sys.argv[1]).rglob('*.yaml'):
    t = p.read_text()
    u = t.replace('name: "', 'name: "' + bad).replace('label: "', 'label: "' + bad)
    if u != t:
        p.write_text(u)
PY
# AIG_TEST_DB: a PostgreSQL conninfo instead (tests/store/pg_suites.sh).
export AIGUILLAGE_RULES="$R" AIGUILLAGE_DB="${AIG_TEST_DB:-$TMP/esc.db}"
# clean NAME FILE: no C0 control but newline and tab, no DEL, no C1.
clean() {
	if python3 - "$2" <<'PY'
import re, sys
b = open(sys.argv[1], 'rb').read()
s = b.decode('utf-8', 'replace')
sys.exit(1 if re.search('[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]', s) else 0)
PY
	then pass; else fail "$1: a control character in the output"; fi
}
S=tests/summary/mere-isolee.yaml
"$BIN" --rules "$R" check >/dev/null 2>&1 || fail "the rule base with escapes does not load"
"$BIN" eval "$S" >"$TMP/eval" 2>&1
expect_in "eval ran" "$TMP/eval" "PWN"
clean "eval" "$TMP/eval"
"$BIN" eval --json "$S" >"$TMP/evalj" 2>&1
clean "eval --json" "$TMP/evalj"
"$BIN" print --situation "$S" >"$TMP/print" 2>&1
expect_in "print ran" "$TMP/print" "PWN"
clean "print text" "$TMP/print"
"$BIN" print --situation "$S" --format html >"$TMP/html" 2>&1
clean "print html" "$TMP/html"
# The login is stored with the case, shown by cases show and exported.
env USER="$(printf 'ag\033[2Jent')" LOGNAME="$(printf 'ag\033[2Jent')" \
    "$BIN" interview --replay "$S" --date 2026-11-15 >"$TMP/replay" 2>&1
clean "interview --replay" "$TMP/replay"
id=$("$BIN" cases list | head -n 1 | cut -f1)
"$BIN" cases show "$id" >"$TMP/show" 2>&1
clean "cases show" "$TMP/show"
"$BIN" cases list >"$TMP/list" 2>&1
clean "cases list" "$TMP/list"
"$BIN" cases export --format csv "$id" >"$TMP/csv" 2>&1
clean "cases export csv" "$TMP/csv"
"$BIN" stats >"$TMP/stats" 2>&1
clean "stats" "$TMP/stats"
"$BIN" stats --csv >"$TMP/statsc" 2>&1
clean "stats --csv" "$TMP/statsc"
# The plain interview: answers and the texts it prints.
printf 'n\n\033[2J\n1\n32013\n.\n' | "$BIN" interview --plain --no-save \
    >"$TMP/plain" 2>&1
expect_in "plain ran" "$TMP/plain" "PWN"
clean "plain interview" "$TMP/plain"
# The printer gets the same filtered text.
mkdir -p "$TMP/bin"
printf '#!/bin/sh\ncat >"%s/lp-job"\n' "$TMP" >"$TMP/bin/lp"
chmod +x "$TMP/bin/lp"
printf 'printer = accueil\n' >"$TMP/lp.conf"
env PATH="$TMP/bin:$PATH" "$BIN" --config "$TMP/lp.conf" print "$id" --lp \
    >/dev/null 2>&1
expect_in "lp ran" "$TMP/lp-job" "PWN"
clean "print --lp" "$TMP/lp-job"
# Import errors quote the bad cell.
printf 'code_insee;sector\n41\033[2J018;a\n' >"$TMP/esc.csv"
"$BIN" territory import "$TMP/esc.csv" >"$TMP/imp" 2>&1
clean "import errors" "$TMP/imp"
# The configuration refuses control characters and unknown channels.
printf 'site = "MDS\033[2J"\n' >"$TMP/esc.conf"
expect_rc "control character in the site" 2 "$BIN" --config "$TMP/esc.conf" cases list
expect_in "named" "$TMP/err" "caractère de contrôle"
printf 'channel = "=HYPERLINK(1)"\n' >"$TMP/chan.conf"
expect_rc "channel validated" 2 "$BIN" --config "$TMP/chan.conf" cases list
# CSV formula injection: a cell starting with = + - @ gets a quote.
printf 'site = "=cmd|calc"\n' >"$TMP/f.conf"
"$BIN" --config "$TMP/f.conf" interview --replay "$S" --date 2026-11-15 >/dev/null 2>&1
id=$("$BIN" cases list | head -n 1 | cut -f1)
"$BIN" cases export --format csv "$id" >"$TMP/fcsv" 2>&1
if grep -q ",=cmd" "$TMP/fcsv"; then fail "formula in cases export"; else pass; fi
expect_in "formula neutralised" "$TMP/fcsv" ",'=cmd|calc"
finish
