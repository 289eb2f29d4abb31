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
# page-1.png is the first A4 page of `print --format pdf --ref D-42` of
# mere-isolee.yaml (pdftoppm -png -r 72), looked at by a person once;
# the test below checks the PDF's text, not its pixels.
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
order=$(grep -n -e '^Urgent.: avant' -e '^Où aller' -e '^Les droits que' \
    -e '^Documents à apporter' -e '^Ce document vous oriente' \
    "$tmp/fr.txt" | cut -d: -f1 | tr '\n' ' ')
if [ "$(echo "$order" | wc -w)" -eq 5 ] &&
    [ "$(echo $order | tr ' ' '\n' | sort -n | tr '\n' ' ')" = "$order" ]
then ok; else ko "sections missing or out of order (lines: $order)"; fi
# Amounts are estimates, in French format.
if grep -q "Montant estimé.: environ 827,41.€ par mois" "$tmp/fr.txt" &&
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
    grep -q "De l’aide à tout moment" "$tmp/discreet.txt"; then ok
else ko "discreet summary tells about violence or shows the reference"; fi
if grep -q "D-42" "$tmp/fr.html"; then ok
else ko "the reference is missing outside discreet mode"; fi

# HTML: one page, everything escaped, no external resource, print CSS.
h=$tmp/fr.html
if grep -q '^<!DOCTYPE html>' "$h" && grep -q '@media print' "$h" &&
    grep -q "l’essentiel" "$h" && ! grep -q -e '<script' -e 'src=' \
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

# French typography on paper (issue 20): U+202F before ; ? ! and inside
# « », U+00A0 before : € % and inside numbers, no ordinary space before
# them, "24 h/24, 7 j/7"; English keeps its own conventions. No phone
# number or amount is cut at the end of a line, and no line starts with
# a punctuation mark that belongs to the previous one.
if python3 - "$tmp/fr.txt" "$tmp/en.txt" "$h" <<'PY'
import re, sys
fr, en, h = (open(p, encoding="utf-8").read() for p in sys.argv[1:4])
bad = []
for name, text in (("fr.txt", fr), ("fr.html", h)):
    body = re.sub(r"<style>.*</style>", "", text, flags=re.S)
    body = re.sub(r"<[^>]*>", "", body).replace("/!\\ ", "")
    if re.search(r" [;:?!»€%]", body):
        bad.append(name + ": an ordinary space before ; : ? ! » € %: "
                   + re.search(r".{20} [;:?!»€%]", body).group(0))
    if "\u202f;" not in body or "\u00a0:" not in body or "\u00a0€" not in body:
        bad.append(name + ": no no-break space before ; : €")
    if "24/7" in body or "24\u00a0h/24, 7\u00a0j/7" not in body:
        bad.append(name + ": 24/7 not spelt out")
    if "'" in body.replace("&#39;", "'"):
        bad.append(name + ": a straight apostrophe")
if "\u00a0:" in en or "\u202f;" in en or "24/7" not in en:
    bad.append("en.txt: French conventions in English")
for name, text in (("fr.txt", fr), ("en.txt", en)):
    lines = text.split("\n")
    for a, b in zip(lines, lines[1:]):
        if re.search(r"\d$", a) and re.match(r"\s*\d", b):
            bad.append("%s: a number cut: %r / %r" % (name, a[-20:], b[:20]))
        if re.match(r"\s*[;:?!€%]" if name == "fr.txt" else r"\s*[;:?!]", b):
            bad.append("%s: a line starts with punctuation: %r" % (name, b[:30]))
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
PY
then ok; else ko "typography of the French or English summary"; fi

# Bad usage is exit 2 with a message.
env -i PATH="$PATH" AIGUILLAGE_RULES="$root/rules" \
    AIGUILLAGE_LOCALEDIR="$tmp/locale" "$bin" print --situation "$sit" \
    --format odt >/dev/null 2>"$tmp/stderr"
if [ $? -eq 2 ] && [ -s "$tmp/stderr" ]; then ok
else ko "--format odt is not a usage error"; fi

# A4 PDF through weasyprint, checked by extracting its text: every
# heading and item of the HTML page, phone numbers whole.
if command -v weasyprint >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1
then
	if run --format pdf --ref D-42 >"$tmp/s.pdf" &&
	    pdfinfo "$tmp/s.pdf" | grep -q "Page size:.*(A4)" &&
	    pdftotext -layout -enc UTF-8 "$tmp/s.pdf" "$tmp/pdf.txt"; then
		if python3 - "$tmp/pdf.txt" "$h" <<'PY'
import html, re, sys
pdf = open(sys.argv[1], encoding="utf-8").read()
page = open(sys.argv[2], encoding="utf-8").read()
def norm(s):
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s).strip()
flat = norm(pdf)
texts = [norm(html.unescape(t)) for t in re.findall(r"<(?:h[123]|li)>([^<]*)<", page)]
missing = [t for t in texts if t and t not in flat]
for phone in ("05 62 63 40 75", "0 805 16 00 75", "0 800 32 31 30"):
    if phone not in flat:
        missing.append(phone)
print(len(texts), "headings and items; missing:", missing[:5])
sys.exit(1 if missing or len(texts) < 40 else 0)
PY
		then ok; else ko "the PDF does not hold the summary's text"; fi
	else
		ko "print --format pdf: no A4 PDF ($(head -c 300 "$tmp/stderr"))"
	fi
else
	echo "summary: PDF test skipped (weasyprint or pdftotext missing:" \
	    "apt-get install weasyprint poppler-utils)"
fi

# A reprint from the store (print CASE): what depends on confidential
# answers, never stored, is left out and said to be; nothing the person
# did not say is added (a French adult without children: no 119, no
# 115, no AME). The same situation printed live has no such section.
cat >"$tmp/adult.yaml" <<'EOF'
date: 2026-11-15
respondent: self
danger_now: false
urgent: []
department: "32"
commune: "32013"
age: 35
residence_status: french
health_cover: puma_only
couple: false
children: []
pregnant: false
other_adults: 0
income_work: 0
receives: [rsa]
activity: jobseeker
ft_registered: true
housing: tenant_private
rent: 450
housing_benefit: 0
housing_problems: []
disability: none
EOF
db=$tmp/cases.db
store() {
	env -i PATH="$PATH" HOME="$tmp" TZ=UTC AIGUILLAGE_RULES="$root/rules" \
	    AIGUILLAGE_DB="$db" AIGUILLAGE_CONFIG=/dev/null \
	    AIGUILLAGE_LOCALEDIR="$tmp/locale" "$bin" "$@" 2>>"$tmp/stderr"
}
if store interview --replay "$tmp/adult.yaml" --date 2026-11-15 >/dev/null &&
    store print 1 >"$tmp/reprint.txt" &&
    store print 1 --format html >"$tmp/reprint.html"; then
	if grep -q "^Ce qui manque à cette réimpression" "$tmp/reprint.txt" &&
	    grep -q "confidentielles" "$tmp/reprint.txt" &&
	    grep -q "Ce qui manque à cette réimpression" "$tmp/reprint.html"
	then ok; else ko "a reprint does not say what it leaves out"; fi
	# Numbers as whole words: the rules' version (a hex hash) may
	# contain "115".
	if ! grep -qw -e "119" -e "115" -e "Enfance en danger" -e "AME" \
	    -e "Aide médicale de l" "$tmp/reprint.txt"; then ok
	else ko "a reprint adds what the person did not say:" \
	    "$(grep -e 119 -e 115 -e AME "$tmp/reprint.txt" | head -3)"; fi
	# The live summary of the same answers: what the interview asked
	# and the file leaves out was answered "don't know" (null); left
	# out, it would be a question not asked yet, whose rights wait for
	# it out of the plan.
	cp "$tmp/adult.yaml" "$tmp/asked.yaml"
	store interview --replay "$tmp/adult.yaml" --why --no-save \
	    --date 2026-11-15 | sed -n 's/^asked ([^)]*): //p' |
	    tr ' ' '\n' | while read -r q; do
		[ -n "$q" ] && ! grep -q "^$q:" "$tmp/adult.yaml" &&
		    echo "$q: null"
	done >>"$tmp/asked.yaml"
	sit=$tmp/asked.yaml run >"$tmp/live.txt"
	if grep -q "réimpression" "$tmp/live.txt"; then
		ko "a live summary says it is a reprint"
	else ok; fi
	# every right and step of the reprint is on the live summary
	grep -E '^(\* |[0-9]+\. )' "$tmp/reprint.txt" | sed 's/^[0-9]*\. //' |
	    sort >"$tmp/re.items"
	grep -E '^(\* |[0-9]+\. )' "$tmp/live.txt" | sed 's/^[0-9]*\. //' |
	    sort >"$tmp/live.items"
	if [ -s "$tmp/re.items" ] &&
	    [ -z "$(comm -23 "$tmp/re.items" "$tmp/live.items")" ]; then ok
	else ko "a reprint lists what the live summary did not:" \
	    "$(comm -23 "$tmp/re.items" "$tmp/live.items" | head -3)"; fi
else
	ko "reprint: could not store or print the case ($(head -c 300 "$tmp/stderr"))"
fi

# Two likely rights with amounts that do not combine (the CEJ allowance and
# the RSA of a young mother): the summary says so under each, so that the
# person does not add them up.
sit=$root/tests/tui/visits/young-mother-rsa.yaml
if run --date 2026-11-15 >"$tmp/cej.txt" &&
    grep -q "L’allocation du CEJ ne se cumule pas avec le RSA" "$tmp/cej.txt" &&
    grep -q "ne se cumule pas avec le RSA" "$tmp/cej.txt"; then ok
else ko "CEJ and RSA: the summary says they do not combine"
	grep -n "CEJ\|RSA" "$tmp/cej.txt" | head -10
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
