#!/bin/sh
# French typography and plain language in every rule and catalogue string
# (issue 20).
#
#   sh tests/cli/typography.sh [BIN]
#
# 1. Every text of the rule base (the msgids build/potgen extracts from
#    rules/, and the service kinds) and every French msgstr of locales/fr.po:
#    no ordinary space (U+0020) before « : ; ? ! »
#    or », none after «; no « (e) » gender form in the French catalogue.
# 2. `aiguillage check` on the shipped rules: no typography, « (e) »,
#    long-sentence or acronym warning (every acronym is in
#    rules/glossary.yaml).
# 3. `aiguillage check` warns, with file and line, on a new offender of
#    each kind written into a copy of the rules.
# Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
potgen=$(dirname "$BIN")/potgen
[ -x "$potgen" ] || potgen=$root/build/potgen

# --- 1. the strings themselves -------------------------------------------
if "$potgen" "$root/rules" >"$TMP/rules.pot" 2>"$TMP/err"; then pass; else
	fail "potgen failed"; cat "$TMP/err"; fi
# scan FILE FIELD LABEL: FIELD is msgid or msgstr; prints the offenders
scan() {
	python3 - "$1" "$2" <<'EOF'
import re, sys
path, field = sys.argv[1], sys.argv[2]
text = open(path, encoding='utf-8').read()
bad = 0
for block in text.split('\n\n'):
    m = re.search(r'^%s ((?:".*"\n?)+)' % field, block, re.M)
    if not m:
        continue
    s = ''.join(re.findall(r'"(.*)"', m.group(1)))
    if not s or s.startswith('Project-Id-Version'):
        continue
    s = re.sub(r'\\n', '\n', s)
    for pat, what in ((r' [:;?!]', 'ordinary space before a sign'),
                      (r' »|« ', 'ordinary space inside « »'),
                      (r'\w\((e|es|ne|le|ve|se|euse|trice)\)', '« (e) » form')):
        if field == 'msgid' and what == '« (e) » form':
            continue	# person texts are checked by `aiguillage check`
        f = re.search(pat, s)
        if f:
            bad += 1
            a = max(0, f.start() - 30)
            print('%s: %s: "…%s…"' % (path, what, s[a:f.end() + 30]))
sys.exit(1 if bad else 0)
EOF
}
if scan "$TMP/rules.pot" msgid >"$TMP/bad"; then pass; else
	fail "rule texts break French typography"; head -20 "$TMP/bad"; fi
for po in "$root/locales/fr.po"; do
	if scan "$po" msgstr >"$TMP/bad"; then pass; else
		fail "$(basename "$po") breaks French typography"
		head -20 "$TMP/bad"
	fi
done

# --- 2. check on the shipped rules -----------------------------------------
expect_rc "check shipped" 0 "$BIN" check --rules "$root/rules"
for w in "ordinary space" "is not in rules/glossary.yaml" "« (e) » form" \
    "words in a text for the person"; do
	if grep -F -- "$w" "$TMP/err" >"$TMP/bad"; then
		fail "check warns on the shipped rules: $w"; head -5 "$TMP/bad"
	else
		pass
	fi
done

# --- 3. a new offender of each kind is found --------------------------------
cp -r "$root/rules" "$TMP/r"
f="$TMP/r/schemes/insertion/css.yaml"
long="Un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt vingt-et-un vingt-deux vingt-trois vingt-quatre vingt-cinq vingt-six."
sed -i "s/^non_take_up_text: .*/non_take_up_text: \"$long\"/" "$f"
sed -i 's/^text_person: .*/text_person: "Vous êtes seul(e) ? Demandez la ZZQX : la caisse vous répond vite."/' "$f"
expect_rc "check with offenders" 0 "$BIN" check --rules "$TMP/r"
line=$(grep -n '^text_person:' "$f" | cut -d: -f1)
expect_in "space before ?" "$TMP/err" "$f:$line: warning: ordinary space before a sign"
expect_in "unknown acronym" "$TMP/err" "$f:$line: warning: acronym \"ZZQX\" is not in rules/glossary.yaml"
expect_in "(e) form" "$TMP/err" "$f:$line: warning: a text for the person uses a « (e) » form"
# the long sentence is in an agent text: not counted; in text_person it is
if grep -q "sentence of 26 words" "$TMP/err"; then
	fail "a long sentence in an agent text warns"; else pass; fi
sed -i "s/^text_person: .*/text_person: \"$long\"/" "$f"
line=$(grep -n '^text_person:' "$f" | cut -d: -f1)
expect_rc "check with a long sentence" 0 "$BIN" check --rules "$TMP/r"
expect_in "long sentence" "$TMP/err" "$f:$line: warning: a sentence of 26 words in a text for the person (25 at most)"
# an acronym in a question is checked too, and the glossary makes it pass
sed -i 's/text: "Quel âge avez-vous/& selon la CNAV/' "$TMP/r/questions/20-personne.yaml"
expect_rc "check acronym in a question" 0 "$BIN" check --rules "$TMP/r"
expect_in "acronym in a question" "$TMP/err" "warning: acronym \"CNAV\" is not in rules/glossary.yaml"
printf '  - {acronym: CNAV, expansion: "Caisse nationale d'"'"'assurance vieillesse"}\n' >>"$TMP/r/glossary.yaml"
expect_rc "check acronym now in the glossary" 0 "$BIN" check --rules "$TMP/r"
if grep -q 'acronym "CNAV"' "$TMP/err"; then
	fail "an acronym of the glossary still warns"; else pass; fi
finish
