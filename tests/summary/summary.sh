#!/bin/sh
# tests/summary/summary.sh BINARY - the person's summary (SPEC §11).
#
# BINARY is `aiguillage` (or any driver) that understands
#	BINARY print --situation FILE [--format text|html] [--lang fr|en]
#	    [--discreet] [--ref TEXT]
# Golden files are compared after the rules version (a hash) is replaced
# by VERSION. UPDATE=1 rewrites them (review the diff before committing).
# Catalogues are compiled into a temporary tree (AIGUILLAGE_LOCALEDIR);
# the environment is the hermetic one of STYLE.md, with no language
# configured, so French must come out by default.
# Prints "N passed, N failed"; exit 1 if anything failed.

set -u
bin=${1:?usage: summary.sh BINARY}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sit=$here/mere-isolee.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

mkdir -p "$tmp/locale/fr/LC_MESSAGES" "$tmp/locale/en/LC_MESSAGES"
msgfmt -o "$tmp/locale/fr/LC_MESSAGES/aiguillage.mo" "$root/locales/fr.po" &&
msgfmt -o "$tmp/locale/en/LC_MESSAGES/aiguillage-rules.mo" \
    "$root/locales/rules/en.po" || { echo "summary: msgfmt failed"; exit 1; }

# No language configured: C locale, no LANGUAGE, LANG or LC_*.
run() {
	env -i PATH="$PATH" HOME="$tmp" TZ=UTC \
	    AIGUILLAGE_RULES="$root/rules" AIGUILLAGE_DB="$tmp/none.db" \
	    AIGUILLAGE_LOCALEDIR="$tmp/locale" ${EXTRA_ENV:-} \
	    "$bin" print --situation "$sit" "$@" 2>"$tmp/stderr"
}

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

normalise() { sed -E 's/[0-9a-f]{16}/VERSION/g'; }

# golden NAME ARGS...: output compared with $here/NAME
golden() {
	name=$1; shift
	if ! run "$@" | normalise >"$tmp/$name"; then
		ko "$name: exit status $? ($(head -c 300 "$tmp/stderr"))"
		return
	fi
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/$name" "$here/$name"
		ok
	elif diff -u "$here/$name" "$tmp/$name" >"$tmp/diff"; then
		ok
	else
		ko "$name differs from the golden file:"
		head -40 "$tmp/diff"
	fi
}

golden fr.txt
golden en.txt --lang en
golden discreet.txt --discreet --ref D-42
golden fr.html --format html --ref D-42

# French by default; English everywhere with --lang en.
if grep -q "^Vos droits et vos démarches" "$tmp/fr.txt" &&
    grep -q "^Documents à apporter" "$tmp/fr.txt"; then ok
else ko "French is not the default in the C locale"; fi
if grep -q "^Your rights and next steps" "$tmp/en.txt" &&
    grep -q "Domestic or family violence" "$tmp/en.txt" &&
    ! grep -q "Documents à apporter" "$tmp/en.txt"; then ok
else ko "--lang en does not give an English summary"; fi
# LANGUAGE=en alone chooses English too.
if EXTRA_ENV=LANGUAGE=en run | grep -q "^Your rights and next steps"; then ok
else ko "LANGUAGE=en does not give English"; fi
# A French UI (LANG=fr…) printing an English summary, and the reverse.
if EXTRA_ENV=LANGUAGE=fr run --lang en | grep -q "^Where to go"; then ok
else ko "--lang en does not override a French environment"; fi
if EXTRA_ENV=LANGUAGE=en run --lang fr | grep -q "^Où aller"; then ok
else ko "--lang fr does not override an English environment"; fi

# The parts, in order: urgencies, plan, rights, documents, footer.
order=$(grep -n -e '^Urgent : avant' -e '^Où aller' -e '^Les droits que' \
    -e '^Documents à apporter' -e '^Ce document vous oriente' \
    "$tmp/fr.txt" | cut -d: -f1 | tr '\n' ' ')
if [ "$(echo "$order" | wc -w)" -eq 5 ] &&
    [ "$(echo $order | tr ' ' '\n' | sort -n | tr '\n' ' ')" = "$order" ]
then ok; else ko "sections missing or out of order (lines: $order)"; fi
# Amounts are estimates, in French format.
if grep -q "Montant estimé : environ 827,41.€ par mois" "$tmp/fr.txt" &&
    grep -q "about €827.41 a month" "$tmp/en.txt"; then ok
else ko "RSA estimate missing or badly formatted"; fi
# Offices with "to verify" next to unverified data.
if grep -q "(à vérifier)" "$tmp/fr.txt" && grep -q "(to verify)" \
    "$tmp/en.txt"; then ok; else ko "no verification mark on offices"; fi

# 80 columns, counted in characters (not bytes); only a single word
# (a web address) may stand longer on its own line.
for f in fr.txt en.txt discreet.txt; do
	long=$(python3 -c '
import sys
for n, l in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    l = l.rstrip("\n")
    if len(l) > 80 and len(l.split()) > 1:
        print(n, end=" ")' "$tmp/$f")
	if [ -z "$long" ]; then ok; else ko "$f: lines over 80 columns: $long"; fi
done

# Discreet mode: nothing that tells what happened, no reference.
if ! grep -q -e "3919" -e "Violences conjugales" -e "Violences femmes" \
    -e "D-42" -e "115 " -e "Enfance en danger" "$tmp/discreet.txt" &&
    grep -q "De l'aide à tout moment" "$tmp/discreet.txt"; then ok
else ko "discreet summary tells about violence or shows the reference"; fi
if grep -q "D-42" "$tmp/fr.html"; then ok
else ko "the reference is missing outside discreet mode"; fi

# HTML: one page, everything escaped, no external resource, print CSS.
h=$tmp/fr.html
if grep -q '^<!DOCTYPE html>' "$h" && grep -q '@media print' "$h" &&
    grep -q "l&#39;essentiel" "$h" && ! grep -q -e '<script' -e 'src=' \
    -e 'href=' "$h" && [ "$(grep -c '</html>' "$h")" -eq 1 ]; then ok
else ko "fr.html is not one self-contained escaped page"; fi
if command -v python3 >/dev/null 2>&1; then
	if python3 - "$h" <<'PY'
import sys
from html.parser import HTMLParser
void = {"meta", "br"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.bad = 0
    def handle_starttag(self, t, a):
        if t not in void: self.stack.append(t)
    def handle_endtag(self, t):
        if self.stack and self.stack[-1] == t: self.stack.pop()
        else: self.bad += 1
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
sys.exit(1 if p.bad or p.stack else 0)
PY
	then ok; else ko "fr.html: unbalanced tags"; fi
fi

# Bad usage is exit 2 with a message.
env -i PATH="$PATH" AIGUILLAGE_RULES="$root/rules" \
    AIGUILLAGE_LOCALEDIR="$tmp/locale" "$bin" print --situation "$sit" \
    --format pdf >/dev/null 2>"$tmp/stderr"
if [ $? -eq 2 ] && [ -s "$tmp/stderr" ]; then ok
else ko "--format pdf is not a usage error"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
