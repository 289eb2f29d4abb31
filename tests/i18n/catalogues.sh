#!/bin/sh
# tests/i18n/catalogues.sh [POTGEN] - the catalogues are complete and current.
#
# Fails when a catalogue has an untranslated or fuzzy message or a format
# mismatch (msgfmt -c --statistics), when a template is stale (the
# interface template regenerated with xgettext from locales/POTFILES, the
# rule template regenerated with POTGEN from rules/, compared by msgid
# with the committed ones) or when a catalogue is missing a msgid of its
# template or keeps one its template dropped (msgcmp both ways).
# POTGEN defaults to build/potgen; without it the rule template is not
# regenerated (said so, and counted as a failure).
# Prints "N passed, N failed"; exit 1 if anything failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
potgen=${1:-$root/build/potgen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
cd "$root" || exit 1

# complete PO: translated, no fuzzy, no untranslated, formats checked
complete() {
	if ! LC_ALL=C msgfmt -c --statistics -o /dev/null "$1" \
	    2>"$tmp/stats"; then
		ko "$1: msgfmt -c failed"; cat "$tmp/stats"; return
	fi
	if grep -q -e fuzzy -e untranslated "$tmp/stats"; then
		ko "$1: incomplete: $(cat "$tmp/stats")"
	else
		ok
	fi
}

# same NEW COMMITTED: the same msgids (the template is not stale)
same() {
	if msgcmp --use-untranslated "$1" "$2" >"$tmp/cmp" 2>&1 &&
	    msgcmp --use-untranslated "$2" "$1" >>"$tmp/cmp" 2>&1; then
		ok
	else
		ko "$3 is stale (regenerate it: $4)"
		grep -v "not used" "$tmp/cmp" | head -20
	fi
}

# matches PO POT: every msgid of POT in PO, and no msgid PO has that POT lacks
matches() {
	if msgcmp "$1" "$2" >"$tmp/cmp" 2>&1 &&
	    msgcmp --use-untranslated "$2" "$1" >>"$tmp/cmp" 2>&1; then
		ok
	else
		ko "$1 does not match $2 (msgmerge -U $1 $2, then translate)"
		grep -v "not used" "$tmp/cmp" | head -20
	fi
}

# Interface: English msgids, French catalogue.
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=Q_:1,2 --add-comments=TRANSLATORS: --add-location=file \
    --package-name=aiguillage --msgid-bugs-address=maintainers@aiguillage \
    -s -o "$tmp/aiguillage.pot" $(grep -v '^#' locales/POTFILES) ||
    ko "xgettext failed"
same "$tmp/aiguillage.pot" locales/aiguillage.pot locales/aiguillage.pot \
    "xgettext … -f locales/POTFILES, see doc/i18n.md"
complete locales/fr.po
matches locales/fr.po locales/aiguillage.pot

# Rule base: French msgids, English catalogue.
if [ -x "$potgen" ]; then
	if "$potgen" rules >"$tmp/rules.pot"; then
		same "$tmp/rules.pot" locales/rules.pot locales/rules.pot \
		    "make pot"
	else
		ko "$potgen rules failed"
	fi
else
	ko "no $potgen: cannot check that locales/rules.pot is current"
fi
complete locales/rules/en.po
matches locales/rules/en.po locales/rules.pot

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
