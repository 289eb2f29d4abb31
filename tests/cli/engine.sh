#!/bin/sh
# CLI tests of the engine commands: eval, check, test, interview.
. "$(dirname "$0")/lib.sh"

# --- eval --------------------------------------------------------------
cat >"$TMP/s.yaml" <<'Y'
age: 30
couple: false
children: []
housing: tenant_private
rent: 450
housing_benefit: 250
receives: [apl]
income_work: 0
income_unemployment: 0
income_pension: 0
income_invalidity: 0
income_family_benefits: 0
income_maintenance: 0
income_other: 0
residence_status: french
activity: jobseeker
pregnant: false
disability: none
Y
expect_rc "eval json" 0 "$BIN" eval --json --date 2026-11-15 "$TMP/s.yaml"
python3 - "$TMP/out" <<'P' && pass || fail "eval json: every SPEC §6 id, valid JSON"
import json, sys
d = json.load(open(sys.argv[1]))
ids = set(s["id"] for s in d["schemes"])
spec = """mdph aah pch aeeh cmi rqth orientation_esms scolarisation_handicap ash_ph
aide_menagere_ph actp pension_invalidite communaute_360 habitat_inclusif pco_tnd rsa
rsa_accompagnement prime_activite france_travail ass mission_locale_cej faj
aides_mobilite domiciliation puma css ame iae budget_surendettement masp
secours_urgence france_services aides_logement fsl_acces fsl_maintien fsl_energie asll
prevention_expulsions siao_urgence siao_insertion dalo logement_social adil
action_logement cheque_energie habitat_indigne adaptation_logement pmi_grossesse
pmi_enfant sante_sexuelle modes_accueil aed_tisf ase_aides_financieres ase_accueil
information_preoccupante mna contrat_jeune_majeur af complement_familial asf ars paje
cmg prepare ajpp soutien_parentalite apa_domicile apa_etablissement
aide_caisse_retraite aide_menagere_pa aspa ash_pa portage_repas teleassistance clic
dac aidants repit accueil_familial protection_juridique""".split()
missing = [i for i in spec if i not in ids]
assert not missing, missing
for k in ("date", "rules_version", "urgencies", "schemes", "plan", "documents", "next_questions"):
    assert k in d, k
s = [x for x in d["schemes"] if x["id"] == "rsa"][0]
for k in ("id", "code", "domain", "verdict", "variant", "amount", "period", "non_take_up", "reasons", "missing", "route", "documents"):
    assert k in s, k
assert s["verdict"] == "likely", s
assert abs(s["amount"] - 573.49) < 0.005, s["amount"]
assert all(x["verdict"] in ("likely", "to_check", "unlikely") for x in d["schemes"])
P
# JSON Lines for several situations, stdin with -
expect_rc "eval several" 0 sh -c "cat '$TMP/s.yaml' | '$BIN' eval --json --date 2026-11-15 - '$TMP/s.yaml'"
[ "$(wc -l <"$TMP/out")" -eq 2 ] && pass || fail "eval several: two JSON lines"
# JSON input works too
python3 -c "import yaml,json,sys; print(json.dumps(yaml.safe_load(open('$TMP/s.yaml'))))" >"$TMP/s.json"
expect_rc "eval json input" 0 "$BIN" eval --json --date 2026-11-15 "$TMP/s.json"
# JSON Lines in (--lines): one situation a line, blank lines skipped; the
# full report of each is the one of its file.
cp "$TMP/out" "$TMP/s-full.json"
sed 's/"age": 30/"age": 70/' "$TMP/s.json" >"$TMP/s70.json"
{ cat "$TMP/s.json"; echo; echo '   '; cat "$TMP/s70.json"; } >"$TMP/s.jsonl"
expect_rc "eval lines" 0 sh -c "'$BIN' eval --json --lines --date 2026-11-15 - <'$TMP/s.jsonl'"
[ "$(wc -l <"$TMP/out")" -eq 2 ] && pass || fail "eval lines: two lines out"
head -1 "$TMP/out" | cmp -s - "$TMP/s-full.json" && pass ||
    fail "eval lines: the first line is the report of s.json"
"$BIN" eval --json --date 2026-11-15 "$TMP/s70.json" >"$TMP/s70-full.json" 2>/dev/null
sed -n 2p "$TMP/out" | cmp -s - "$TMP/s70-full.json" && pass ||
    fail "eval lines: the second line is the report of s70.json"
# --compact: the same results by id, without the rule texts
expect_rc "eval compact" 0 "$BIN" eval --compact --lines --date 2026-11-15 "$TMP/s.jsonl"
python3 - "$TMP/s-full.json" "$TMP/s70-full.json" "$TMP/out" <<'P' && pass || fail "eval compact: ids, verdicts, amounts, reasons of the full report"
import json, sys
full = [json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))]
lines = open(sys.argv[3]).read().splitlines()
assert len(lines) == 2, len(lines)
for f, line in zip(full, lines):
    c = json.loads(line)
    assert c["date"] == f["date"] and c["rules_version"] == f["rules_version"]
    assert [u["id"] for u in c["urgencies"]] == [u["id"] for u in f["urgencies"]]
    assert [w["id"] for w in f["warnings"]] == c["warnings"]
    assert len(c["schemes"]) == len(f["schemes"])
    # null, false and empty members are left out
    dflt = {"variant": None, "amount": None, "non_take_up": False, "department": None,
            "missing": [], "warnings": [], "counted": {}}
    for cs, fs in zip(c["schemes"], f["schemes"]):
        for k in ("id", "verdict", "variant", "amount", "non_take_up", "department", "missing", "warnings"):
            assert cs.get(k, dflt.get(k, "absent")) == fs[k], (k, cs, fs)
            assert k not in dflt or k not in cs or cs[k] != dflt[k], (k, cs)
        assert "name" not in cs and "text" not in json.dumps(cs)
        conds = {r["id"]: r["value"] for r in fs["reasons"] if r["value"] in ("true", "false", "unknown")}
        assert cs["reasons"] == conds, (cs["reasons"], conds)
        counted = {r["id"][len("counted."):]: r["amount"] for r in fs["reasons"] if r["value"] == "counted"}
        assert cs.get("counted", {}) == counted, (cs.get("counted"), counted)
        incompat = [r["id"][len("incompatible."):] for r in fs["reasons"] if r["value"] == "incompatible"]
        assert cs.get("incompatible", []) == incompat, (cs.get("incompatible"), incompat)
        assert cs.get("incompatible", None) != [], cs
    assert [(p["service"], p["urgency"], p["prerequisite"], p["assisted"], p["schemes"],
             [o["id"] for o in p["offices"]], p["routing"]) for p in f["plan"]] == \
        [(p["service"], p.get("urgency"), p.get("prerequisite", False), p.get("assisted", False),
          p["schemes"], p["offices"], p["routing"]) for p in c["plan"]]
    for k in ("documents", "department", "next_questions"):
        assert c[k] == f[k], k
assert json.loads(lines[0]) != json.loads(lines[1])
assert len(lines[0]) < len(open(sys.argv[1]).read()) / 3
P
# The compact line says which rights shown do not combine, by id, as the
# full report's "incompatible." reasons: a mother of 24 on the RSA is
# shown the CEJ allowance too (tests/tui/visits/young-mother-rsa.yaml).
expect_rc "eval compact: incompatible" 0 "$BIN" eval --compact --date 2026-11-15 tests/tui/visits/young-mother-rsa.yaml
python3 - "$TMP/out" <<'P' && pass || fail "eval compact: the rights shown that do not combine"
import json, sys
c = json.loads(open(sys.argv[1]).read())
s = {x["id"]: x for x in c["schemes"]}
assert s["rsa"]["verdict"] == "likely" and s["mission_locale_cej"]["verdict"] == "likely", s["rsa"]
assert s["rsa"]["incompatible"] == ["mission_locale_cej"], s["rsa"]
assert s["mission_locale_cej"]["incompatible"] == ["rsa"], s["mission_locale_cej"]
assert all("incompatible" not in x for x in c["schemes"] if x["verdict"] == "unlikely")
P
# A bad line is named by its number and column; nothing after it runs.
printf '%s\n{"age": "old"}\n%s\n' "$(cat "$TMP/s.json")" "$(cat "$TMP/s.json")" >"$TMP/bad.jsonl"
expect_rc "eval lines bad value" 2 "$BIN" eval --compact --lines "$TMP/bad.jsonl"
expect_in "eval lines bad value" "$TMP/err" "bad.jsonl:2:"
[ "$(wc -l <"$TMP/out")" -eq 1 ] && pass || fail "eval lines bad value: one line out"
printf '{"age": 30}\n\n{"age": 3\n' >"$TMP/bad2.jsonl"
expect_rc "eval lines broken json" 2 "$BIN" eval --compact --lines "$TMP/bad2.jsonl"
expect_in "eval lines broken json" "$TMP/err" "bad2.jsonl:3:"
printf '{"nope": 1}\n' >"$TMP/bad3.jsonl"
expect_rc "eval lines unknown key" 2 "$BIN" eval --lines "$TMP/bad3.jsonl"
expect_in "eval lines unknown key" "$TMP/err" "bad3.jsonl:1:2"
expect_rc "eval lines missing file" 2 "$BIN" eval --lines "$TMP/nope.jsonl"
expect_rc "compact is eval's" 2 "$BIN" check --compact
# Text output names the estimate
expect_rc "eval text" 0 "$BIN" eval --date 2026-11-15 "$TMP/s.yaml"
expect_in "eval text" "$TMP/out" "estimation"

# Bad situations: exit 2 with file:line:col
printf 'age: 30\nagee: 3\n' >"$TMP/bad1.yaml"
expect_rc "unknown key" 2 "$BIN" eval "$TMP/bad1.yaml"
expect_in "unknown key" "$TMP/err" "bad1.yaml:2:1: variable inconnue « agee »"
printf 'age: trente\n' >"$TMP/bad2.yaml"
expect_rc "wrong type" 2 "$BIN" eval "$TMP/bad2.yaml"
expect_in "wrong type" "$TMP/err" "bad2.yaml:1:6: age : un nombre est attendu"
printf 'age: [1, 2\ncouple: true\n' >"$TMP/bad3.yaml"
expect_rc "broken yaml" 2 "$BIN" eval "$TMP/bad3.yaml"
expect_in "broken yaml" "$TMP/err" "bad3.yaml:2:"
printf 'age: 300\n' >"$TMP/bad4.yaml"
expect_rc "absurd age" 2 "$BIN" eval "$TMP/bad4.yaml"
expect_in "absurd age" "$TMP/err" "dépasse le maximum"
printf 'rent: -5\n' >"$TMP/bad5.yaml"
expect_rc "negative rent" 2 "$BIN" eval "$TMP/bad5.yaml"
printf 'age: 3\xff\n' >"$TMP/bad6.yaml"
expect_rc "invalid utf-8" 2 "$BIN" eval "$TMP/bad6.yaml"
printf '{"age": 30, "couple": ' >"$TMP/bad7.json"
expect_rc "broken json" 2 "$BIN" eval "$TMP/bad7.json"
expect_rc "missing file" 2 "$BIN" eval "$TMP/nope.yaml"
expect_rc "no argument" 2 "$BIN" eval
expect_rc "unknown command" 2 "$BIN" frobnicate
expect_rc "bad date" 2 "$BIN" eval --date 2026-02-30 "$TMP/s.yaml"

# A person living outside the three departments: that department's council.
printf 'commune: "75115"\nage: 40\nhousing: homeless\nurgent: [no_shelter_tonight]\n' >"$TMP/paris.yaml"
expect_rc "eval paris" 0 "$BIN" eval --json --date 2026-11-15 "$TMP/paris.yaml"
python3 - "$TMP/out" <<'P' && pass || fail "paris: department 75, not in the directory"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["department"] == {"code": "75", "in_directory": False}, d["department"]
assert d["urgencies"] and d["plan"][0]["offices"], d["plan"][0]
P
expect_rc "eval paris text" 0 "$BIN" eval --date 2026-11-15 "$TMP/paris.yaml"
expect_in "paris text" "$TMP/out" "conseil départemental"

# An answer the other answers contradict is kept, and reported: a warning
# in the JSON (id, text, variables), in the text report, and every scheme
# reading those variables at most to_check. Replay says the same.
printf 'receives: []\nincome_unemployment: 800\nage: 40\n' >"$TMP/w.yaml"
expect_rc "eval implied" 0 "$BIN" eval --json --date 2026-11-15 "$TMP/w.yaml"
if [ -s "$TMP/err" ]; then fail "eval implied: nothing on stderr"; cat "$TMP/err"; else pass; fi
cp "$TMP/out" "$TMP/w-eval.json"
python3 - "$TMP/out" <<'P' && pass || fail "eval implied: a warning, the answer kept"
import json, sys
d = json.load(open(sys.argv[1]))
w = d["warnings"]
assert [x["id"] for x in w] == ["implied.income_unemployment"], w
assert w[0]["variables"] == ["receives", "income_unemployment"], w
assert "800" in w[0]["text"] and "0" in w[0]["text"], w
touched = [s for s in d["schemes"] if "implied.income_unemployment" in s["warnings"]]
assert touched and all(s["verdict"] != "likely" for s in touched), touched[:2]
assert all(s["reasons"][-1]["value"] == "contradiction" and s["reasons"][-1]["text"] == w[0]["text"] for s in touched)
P
expect_rc "replay implied" 0 "$BIN" interview --replay "$TMP/w.yaml" --json --no-save --date 2026-11-15
python3 - "$TMP/w-eval.json" "$TMP/out" <<'P' && pass || fail "replay implied: the answer taken, the same warnings and verdicts"
import json, sys
e, r = (json.load(open(f)) for f in sys.argv[1:3])
assert e["warnings"] == r["warnings"], (e["warnings"], r["warnings"])
assert "income_unemployment" in r["asked"], r["asked"]
k = lambda d: [(s["id"], s["verdict"], s["variant"], s["amount"], s["warnings"]) for s in d["schemes"]]
assert k(e) == k(r), [x for x in zip(k(e), k(r)) if x[0] != x[1]][:3]
P
expect_rc "eval implied text" 0 "$BIN" eval --date 2026-11-15 "$TMP/w.yaml"
expect_in "eval implied text" "$TMP/out" "== INCOHÉRENCES =="
expect_in "eval implied text" "$TMP/out" "« Allocations chômage (ARE, ASS) reçues par le foyer, par mois » : réponse 800 €, alors que les autres réponses impliquent 0 €"
expect_rc "eval implied text en" 0 "$BIN" --lang en eval --date 2026-11-15 "$TMP/w.yaml"
expect_in "eval implied text en" "$TMP/out" "800 € was answered, but the other answers imply 0 €"
# A jobseeker of 45 (rules/tests/consistency.yaml) gives a pension of
# 300 € with no pension among the benefits received: the answer is kept
# and reported, and the replay says the same as eval. (Retired, or of
# the legal retirement age, the box implies nothing: the pension is
# asked, rules/questions/40-ressources.yaml.)
printf 'date: 2026-11-15\nage: 45\ncouple: false\nchildren: []\nactivity: jobseeker\nincome_pension: 300\nreceives: []\nhousing: tenant_private\nrent: 450\nhousing_benefit: 0\nresidence_status: french\nincome_work: 0\nincome_other: 0\nincome_unemployment: 0\nother_adults: 0\ncommune: "32013"\n' >"$TMP/pension.yaml"
expect_rc "eval pension" 0 "$BIN" eval --json "$TMP/pension.yaml"
cp "$TMP/out" "$TMP/pension-eval.json"
expect_rc "replay pension" 0 "$BIN" interview --replay "$TMP/pension.yaml" --json --no-save
python3 - "$TMP/pension-eval.json" "$TMP/out" <<'P' && pass || fail "jobseeker 45: pension kept, warned, replay = eval"
import json, sys
e, r = (json.load(open(f)) for f in sys.argv[1:3])
assert [w["id"] for w in e["warnings"]] == ["implied.income_pension"], e["warnings"]
s = {x["id"]: x for x in e["schemes"]}
assert s["rsa"]["verdict"] == "to_check" and s["rsa"]["warnings"], s["rsa"]
assert e["warnings"] == r["warnings"]
k = lambda d: [(x["id"], x["verdict"], x["variant"], x["amount"], x["warnings"]) for x in d["schemes"]]
assert k(e) == k(r), [x for x in zip(k(e), k(r)) if x[0] != x[1]][:3]
P
# A declared check (rules/consistency.yaml), in English too.
printf 'age: 16\nreceives: [retirement_pension]\n' >"$TMP/minor.yaml"
expect_rc "eval check" 0 "$BIN" --lang en eval --json --date 2026-11-15 "$TMP/minor.yaml"
python3 - "$TMP/out" <<'P' && pass || fail "eval check: minor_retirement_pension, English text"
import json, sys
d = json.load(open(sys.argv[1]))
w = [x for x in d["warnings"] if x["id"] == "minor_retirement_pension"]
assert w and w[0]["variables"] == ["age", "receives"], d["warnings"]
assert w[0]["text"].startswith("A retirement pension"), w[0]["text"]
P

# Without a commune, orientation asks the department (its council).
printf 'age: 40\ndepartment: "30"\n' >"$TMP/d.yaml"
expect_rc "replay no commune" 0 "$BIN" interview --replay "$TMP/d.yaml" --why --no-save --date 2026-11-15
if grep -q "^department: .*orientation" "$TMP/out"; then pass; else fail "no commune: the department is asked for orientation"; fi

# --- check -------------------------------------------------------------
expect_rc "check shipped" 0 "$BIN" check
if grep -q 'question "department" is read by no rule' "$TMP/err"; then fail "check: department is read by orientation"; else pass; fi
if grep -q "has no value at" "$TMP/err"; then fail "check: a parameter has no value today"; else pass; fi
# The values not confirmed at the date are named (unconfirmed_from).
expect_rc "check unconfirmed named" 0 "$BIN" check --date 2026-11-15
expect_in "check unconfirmed named" "$TMP/err" "remarque : le paramètre « css.plafond_gratuite_1 » n'est pas confirmé depuis le 2026-04-01"
expect_rc "check before unconfirmed" 0 "$BIN" check --date 2026-01-15
expect_not_in "check before unconfirmed" "$TMP/err" "css.plafond_gratuite_1"
expect_in "check before unconfirmed" "$TMP/err" "« ada.montant_journalier_base » n'est pas confirmé depuis le 2023-09-16"
cp -r "$(dirname "$0")/../../rules" "$TMP/r"
printf 'id: zz\ncode: Z\ndomain: insertion\nname: Z\nconditions:\n  - {id: a, expr: "agee > 3", text: t}\nroute: {kind: partner}\n' >"$TMP/r/schemes/insertion/zz.yaml"
expect_rc "check unknown variable" 3 "$BIN" check --rules "$TMP/r"
expect_in "check unknown variable" "$TMP/err" "zz.yaml:6:20: unknown variable \"agee\""
printf 'id: zz\ncode: Z\ndomain: insertion\nname: Z\nconditions:\n  - {id: a, expr: "age > param('"'"'x.y'"'"')", text: t}\nroute: {kind: partner}\n' >"$TMP/r/schemes/insertion/zz.yaml"
expect_rc "check unknown parameter" 3 "$BIN" check --rules "$TMP/r"
expect_in "check unknown parameter" "$TMP/err" "unknown parameter \"x.y\""
printf 'id: zz\ncode: Z\ndomain: insertion\nname: Z\nconditions:\n  - {id: a, expr: "age + couple > 3", text: t}\nroute: {kind: partner}\n' >"$TMP/r/schemes/insertion/zz.yaml"
expect_rc "check type error" 3 "$BIN" check --rules "$TMP/r"
expect_in "check type error" "$TMP/err" "zz.yaml:6:26: type error: '+' expects number, got yes/no"
# amount_is: received, payment or ceiling, and only with an amount.
printf 'id: zz\ncode: Z\ndomain: insertion\nname: Z\nconditions:\n  - {id: a, expr: "age > 3", text: t}\namount: "10"\namount_is: paid\nperiod: month\nroute: {kind: partner}\n' >"$TMP/r/schemes/insertion/zz.yaml"
expect_rc "check bad amount_is" 3 "$BIN" check --rules "$TMP/r"
expect_in "check bad amount_is" "$TMP/err" "zz.yaml:8:12: \"amount_is\" must be received, payment or ceiling, not \"paid\""
printf 'id: zz\ncode: Z\ndomain: insertion\nname: Z\nconditions:\n  - {id: a, expr: "age > 3", text: t}\namount_is: ceiling\nroute: {kind: partner}\n' >"$TMP/r/schemes/insertion/zz.yaml"
expect_rc "check amount_is without amount" 3 "$BIN" check --rules "$TMP/r"
expect_in "check amount_is without amount" "$TMP/err" "zz.yaml:7:12: scheme \"zz\" has \"amount_is\" but no \"amount\""
rm "$TMP/r/schemes/insertion/zz.yaml"
# implied_if: reads only earlier questions; implied is a literal in range.
cp "$TMP/r/questions/40-ressources.yaml" "$TMP/q40"
sed 's/    implied_if: "activity == .inactive."/    implied_if: "housing == '"'"'owner'"'"'"/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check implied_if reads a later question" 3 "$BIN" check --rules "$TMP/r"
expect_in "check implied_if later" "$TMP/err" "\"implied_if\" or \"implied\" of \"income_work\" reads \"housing\", which is not asked before it"
sed '0,/    implied: 0/s//    implied: 30000/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check implied out of range" 3 "$BIN" check --rules "$TMP/r"
expect_in "check implied out of range" "$TMP/err" "out of the question's range"
# An expression may give the implied value: of the question's type, and
# reading only earlier questions, like implied_if.
sed '0,/    implied: 0/s//    implied: "rent"/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check implied reads a later question" 3 "$BIN" check --rules "$TMP/r"
expect_in "check implied later" "$TMP/err" "\"implied_if\" or \"implied\" of \"income_work\" reads \"rent\", which is not asked before it"
sed '0,/    implied: 0/s//    implied: "couple"/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check implied of another type" 3 "$BIN" check --rules "$TMP/r"
expect_in "check implied of another type" "$TMP/err" "type error"
sed '0,/    implied: 0/s//    implied: "age * 10"/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check implied expression" 0 "$BIN" check --rules "$TMP/r"
printf 'age: 30\nactivity: inactive\nreceives: []\n' >"$TMP/ie.yaml"
expect_rc "eval implied expression" 0 "$BIN" eval --json --rules "$TMP/r" --date 2026-11-15 "$TMP/ie.yaml"
python3 - "$TMP/out" <<'P' && pass || fail "eval implied expression: no warning"
import json, sys
assert json.load(open(sys.argv[1]))["warnings"] == []
P
printf 'age: 30\nactivity: inactive\nreceives: []\nincome_work: 100\n' >"$TMP/ie.yaml"
expect_rc "eval implied expression contradicted" 0 "$BIN" eval --rules "$TMP/r" --date 2026-11-15 "$TMP/ie.yaml"
expect_in "eval implied expression contradicted" "$TMP/out" "réponse 100 €, alors que les autres réponses impliquent 300 €"
# A set takes [] (nothing ticked) or an expression, nothing else.
cp "$TMP/r/questions/60-emploi.yaml" "$TMP/q60"
sed '0,/    implied: \[\]/s//    implied: [cost]/' "$TMP/q60" >"$TMP/r/questions/60-emploi.yaml"
expect_rc "check implied set literal" 3 "$BIN" check --rules "$TMP/r"
expect_in "check implied set literal" "$TMP/err" "\"implied\" of a set is [] or an expression"
cp "$TMP/q60" "$TMP/r/questions/60-emploi.yaml"
sed '0,/    implied: 0/s///' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check implied_if alone" 3 "$BIN" check --rules "$TMP/r"
expect_in "check implied_if alone" "$TMP/err" "\"implied_if\" and \"implied\" go together"
cp "$TMP/q40" "$TMP/r/questions/40-ressources.yaml"
# Why a right whose conditions all hold is to check: its to_check_text,
# under the conditions (text, JSON), only when to_check_if lowers it;
# refused without to_check_if, missed with a warning.
printf 'age: 82\nhousing: owner\ndaily_help: personal_care\nresidence_status: french\n' >"$TMP/apa-gir.yaml"
expect_rc "eval to_check_text" 0 "$BIN" eval --date 2026-11-15 "$TMP/apa-gir.yaml"
expect_in "eval to_check_text" "$TMP/out" "          [!] à vérifier : GIR pas encore évalué : l'équipe médico-sociale du département l'évalue à domicile"
expect_rc "eval --json to_check_text" 0 "$BIN" eval --json --date 2026-11-15 "$TMP/apa-gir.yaml"
python3 - "$TMP/out" <<'P' && pass || fail "eval --json: a to_check reason"
import json, sys
d = json.load(open(sys.argv[1]))
apa = next(s for s in d["schemes"] if s["id"] == "apa_domicile")
assert apa["verdict"] == "to_check", apa["verdict"]
r = [x for x in apa["reasons"] if x["value"] == "to_check"]
assert len(r) == 1 and r[0]["id"] == "to_check_if", apa["reasons"]
assert r[0]["text"].startswith("GIR pas encore évalué"), r
P
printf 'gir: 2\n' >>"$TMP/apa-gir.yaml"
expect_rc "eval GIR known" 0 "$BIN" eval --date 2026-11-15 "$TMP/apa-gir.yaml"
expect_not_in "eval GIR known: likely, no reason to check" "$TMP/out" "GIR pas encore évalué"
# How an amount is computed (its rule's rounding): under the amount with
# -v and in the JSON, not in the short text.
expect_rc "eval: no computation" 0 "$BIN" eval --date 2026-11-15 bench/profiles/single-parent.yaml
expect_not_in "eval: no computation" "$TMP/out" "[=]"
# A variant that only repeats the name is not said twice. (265,07 €: the
# prime d'activité she receives is not a resource of itself, and her AF
# count as the law counts them, 153.01 € instead of the 155 € stated.)
expect_in "eval: variant not repeated" "$TMP/out" "PROBABLE  Prime d'activité : environ 265,07 € par mois"
expect_rc "eval -v: computation" 0 "$BIN" -v eval --date 2026-11-15 bench/profiles/single-parent.yaml
expect_in "eval -v: computation" "$TMP/out" "          [=] calcul : Participation mensuelle pour le foyer : chaque personne couverte paie selon son âge"
expect_rc "eval --json: rounding" 0 "$BIN" eval --json --date 2026-11-15 bench/profiles/single-parent.yaml
python3 - "$TMP/out" <<'P' && pass || fail "eval --json: rounding beside the amount"
import json, sys
d = json.load(open(sys.argv[1]))
css = next(s for s in d["schemes"] if s["id"] == "css")
assert css["amount"] is not None and css["rounding"].startswith(
    "Participation mensuelle pour le foyer"), css
assert all("rounding" not in s for s in d["schemes"] if s["amount"] is None)
P
cp "$TMP/r/schemes/insertion/iae.yaml" "$TMP/iae"
sed '/^to_check_if:/d' "$TMP/iae" >"$TMP/r/schemes/insertion/iae.yaml"
expect_rc "check to_check_text alone" 3 "$BIN" check --rules "$TMP/r"
expect_in "check to_check_text alone" "$TMP/err" "iae.yaml:$(grep -n '^to_check_text:' "$TMP/iae" | cut -d: -f1 | awk '{print $1 - 1}'):16: \"to_check_text\" goes with \"to_check_if\""
sed '/^to_check_text:/d' "$TMP/iae" >"$TMP/r/schemes/insertion/iae.yaml"
expect_rc "check to_check_if alone" 0 "$BIN" check --rules "$TMP/r"
expect_in "check to_check_if alone" "$TMP/err" "iae.yaml:1: warning: scheme \"iae\": \"to_check_if\" without \"to_check_text\""
cp "$TMP/iae" "$TMP/r/schemes/insertion/iae.yaml"
# An option's show_if: a yes/no expression of known names, on the
# options of a question only; an option takes no other key.
sed 's/label: "Allocations familiales", show_if: "count(children) > 0"/label: "Allocations familiales", show_if: "count(enfants) > 0"/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check show_if unknown variable" 3 "$BIN" check --rules "$TMP/r"
expect_in "check show_if unknown variable" "$TMP/err" "40-ressources.yaml:$(grep -n 'label: "Allocations familiales", show_if' "$TMP/q40" | cut -d: -f1):70: unknown variable \"enfants\""
sed 's/label: "Allocations familiales", show_if: "count(children) > 0"/label: "Allocations familiales", show_if: "count(children)"/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check show_if of a number" 3 "$BIN" check --rules "$TMP/r"
expect_in "check show_if of a number" "$TMP/err" "type error"
sed 's/label: "Allocations familiales", show_if:/label: "Allocations familiales", shown_if:/' "$TMP/q40" >"$TMP/r/questions/40-ressources.yaml"
expect_rc "check option unknown key" 3 "$BIN" check --rules "$TMP/r"
expect_in "check option unknown key" "$TMP/err" "unknown key \"shown_if\" in an option"
cp "$TMP/q40" "$TMP/r/questions/40-ressources.yaml"
cp "$TMP/r/questions/30-foyer.yaml" "$TMP/q30"
sed 's/          - {value: employed, label: "Salarié"}/          - {value: employed, label: "Salarié", show_if: "age > 15"}/' "$TMP/q30" >"$TMP/r/questions/30-foyer.yaml"
expect_rc "check show_if on a field" 3 "$BIN" check --rules "$TMP/r"
expect_in "check show_if on a field" "$TMP/err" "\"show_if\" goes only with the options of a question, not of a field"
sed 's/          - {value: employed, label: "Salarié"}/          - {value: employed, label: "Salarié", sensitive: true}/' "$TMP/q30" >"$TMP/r/questions/30-foyer.yaml"
expect_rc "check sensitive option of a field" 3 "$BIN" check --rules "$TMP/r"
expect_in "check sensitive option of a field" "$TMP/err" "\"sensitive\" goes only with the options of a question, not of a field"
cp "$TMP/q30" "$TMP/r/questions/30-foyer.yaml"
# An incompatibility's kind is "excludes" or "counted", and its keys are
# checked: each refused with its place.
cp "$TMP/r/schemes/insertion/ass.yaml" "$TMP/ass"
sed 's/, kind: counted}/, kind: cumul}/' "$TMP/ass" >"$TMP/r/schemes/insertion/ass.yaml"
expect_rc "check incompatibility kind" 3 "$BIN" check --rules "$TMP/r"
expect_in "check incompatibility kind" "$TMP/err" "ass.yaml:$(grep -n 'kind: counted' "$TMP/ass" | cut -d: -f1):80: \"kind\" is \"excludes\" or \"counted\", not \"cumul\""
sed 's/, kind: counted}/, knd: counted}/' "$TMP/ass" >"$TMP/r/schemes/insertion/ass.yaml"
expect_rc "check incompatibility key" 3 "$BIN" check --rules "$TMP/r"
expect_in "check incompatibility key" "$TMP/err" "unknown key \"knd\" in an incompatibility"
cp "$TMP/ass" "$TMP/r/schemes/insertion/ass.yaml"
# Plain mode: the options the answers rule out are not listed, the others
# are numbered in order and a number means the option on its row. A
# woman of 40 without children: no family benefit is offered, "?" names
# those left out; the ARE is chosen by its row number and taken (the
# next question follows).
python3 - "$BIN" "$(dirname "$0")" <<'P' && pass || fail "plain: options offered"
import sys
sys.path.insert(0, sys.argv[2])
from plain_session import session, prompts, answer
p = session(sys.argv[1])
answers = {"Quel âge avez-vous": "40", "Combien ? (0 si aucun)": "0"}
out, chosen, helped = "", None, False
for chunk, last, offered in prompts(p):
    out += chunk
    if chosen is not None:
        assert "pensions le foyer" not in last, chunk
        answer(p, ".")
        break
    ans = next((a for q, a in answers.items() if q in last), "")
    if "pensions le foyer" in last and not helped:
        helped = True
        answer(p, "?")
        continue
    if "pensions le foyer" in last:
        assert "Non proposées (les réponses les excluent) : " \
            "Allocations familiales, ASF" in chunk, chunk
        assert len(offered) < 22, offered
        assert "(%d options non proposées : les réponses les excluent " \
            "(+ : les montrer))" % (22 - len(offered)) in last, last
        for aid in ("Allocations familiales", "Complément familial",
                    "Allocation de rentrée scolaire"):
            assert aid not in offered, offered
        chosen = ans = offered["Allocation chômage (ARE)"]
    answer(p, ans)
p.communicate()
assert chosen is not None, out[-2000:]
P
# "+" lists every option, those ruled out too (the person's answer wins:
# family allowances kept for a child the ASE placed), numbered as the
# question's own: the allowances are taken by their number there.
python3 - "$BIN" "$(dirname "$0")" <<'P' && pass || fail "plain: + shows every option"
import sys
sys.path.insert(0, sys.argv[2])
from plain_session import session, prompts, answer
p = session(sys.argv[1])
answers = {"Quel âge avez-vous": "40", "Combien ? (0 si aucun)": "0"}
out, state = "", 0
for chunk, last, offered in prompts(p):
    out += chunk
    ans = next((a for q, a in answers.items() if q in last), "")
    if "pensions le foyer" in last and state == 0:
        assert "Allocations familiales" not in offered, offered
        state = 1
        answer(p, "+")
        continue
    if "pensions le foyer" in last and state == 1:
        assert len(offered) == 22, offered
        assert "non proposée" not in last, last
        state = 2
        answer(p, offered["Allocations familiales"])
        continue
    if state == 2:		# taken: the next question follows
        assert "pensions le foyer" not in last, chunk
        answer(p, ".")
        break
    answer(p, ans)
p.communicate()
assert state == 2, out[-2000:]
P
# Plain mode says what to type, as the full screen does under its field:
# a whole number for the age, with the range its rule gives.
printf 'n\n0\n5\n1\n' >"$TMP/age.in"
expect_rc "plain: type hint" 0 sh -c '"$1" interview --plain --no-save --date 2026-11-15 <"$2"' sh "$BIN" "$TMP/age.in"
t_spaces <"$TMP/out" | grep -A1 'Quel âge avez-vous ?$' | grep -qx '   (Nombre entier de 0 à 120)' &&
	pass || fail "plain: type hint: no (Nombre entier de 0 à 120) under the age"
# A box ticked among the difficulties leaves out the follow-up's "no"
# option: a search for housing ticked, the move's stage is asked without
# "Non, pas de déménagement prévu"; energy ticked, without "Pas de
# difficulté".
python3 - "$BIN" "$(dirname "$0")" <<'P' && pass || fail "plain: a ticked difficulty rules out its no"
import sys
sys.path.insert(0, sys.argv[2])
from plain_session import session, prompts, answer
p = session(sys.argv[1])
answers = {"Quel âge avez-vous": "30", "Combien ? (0 si aucun)": "0",
           "Où vivez-vous": "1"}
follow = {"Cherchez-vous un logement": "Non, pas de déménagement prévu",
          "Où en êtes-vous avec l'énergie": "Pas de difficulté"}
out, seen = "", set()
for chunk, last, offered in prompts(p):
    out += chunk
    ans = next((a for q, a in answers.items() if q in last), "")
    if "Parmi ces difficultés" in last:
        ans = offered["Cherche un logement ou vient d'en trouver un"] + "," + \
            offered["Énergie : factures impayées, coupure, ne peut pas se chauffer"]
    for q, no in follow.items():
        if q in last:
            assert no not in offered, last
            assert "1 option non proposée" in last, last
            seen.add(q)
    if len(seen) == len(follow):
        answer(p, ".")
        break
    answer(p, ans)
p.communicate()
assert len(seen) == len(follow), (seen, out[-3000:])
P
# An enum option is written bare (the shipped apa_status: the APA
# ticked among the benefits received implies "receives"); an unknown one
# is refused.
cp "$TMP/r/questions/80-autonomie.yaml" "$TMP/q80"
grep -q '^    implied: receives$' "$TMP/q80" || fail "apa_status: its implied value"
printf 'age: 80\nreceives: [apa]\napa_status: never\n' >"$TMP/apa.yaml"
expect_rc "eval implied enum" 0 "$BIN" eval --rules "$TMP/r" --date 2026-11-15 "$TMP/apa.yaml"
expect_in "eval implied enum" "$TMP/out" "! « Où en êtes-vous avec l'APA (allocation personnalisée d'autonomie) ? » : réponse "
sed 's/^    implied: receives$/    implied: paid/' "$TMP/q80" >"$TMP/r/questions/80-autonomie.yaml"
expect_rc "check implied not an option" 3 "$BIN" check --rules "$TMP/r"
expect_in "check implied not an option" "$TMP/err" "\"implied\" must be an option of \"apa_status\""
cp "$TMP/q80" "$TMP/r/questions/80-autonomie.yaml"
expect_rc "check missing dir" 3 "$BIN" check --rules "$TMP/none"
# A parameter not revalued for 13 months warns, unless "checked" (with its
# "note") says that no newer value was found less than 13 months ago.
zzp() { printf 'parameters:\n  zz.p:\n    unit: EUR\n    reference: test\n%b    values:\n      - {from: 2020-01-01, value: 1}\n' "$1" >"$TMP/r/parameters/zz.yaml"; }
zzp ''
expect_rc "check stale" 0 "$BIN" check --rules "$TMP/r" --date 2026-11-15
expect_in "check stale" "$TMP/err" 'parameter "zz.p" has had no new value since 2020-01-01 (more than 13 months)'
zzp '    checked: 2026-02-01\n    note: "none newer found"\n'
expect_rc "check checked" 0 "$BIN" check --rules "$TMP/r" --date 2026-11-15
if grep -q '"zz.p" has had no new value' "$TMP/err"; then fail "check: zz.p checked 2026-02-01 still warns"; else pass; fi
expect_rc "check checked long ago" 0 "$BIN" check --rules "$TMP/r" --date 2027-03-15
expect_in "check checked long ago" "$TMP/err" 'no new value since 2020-01-01 and was last checked on 2026-02-01 (more than 13 months)'
zzp '    checked: 2026-02-01\n'
expect_rc "check checked without note" 3 "$BIN" check --rules "$TMP/r"
expect_in "check checked without note" "$TMP/err" '"checked" needs a "note"'
zzp '    note: "none newer found"\n'
expect_rc "check note without checked" 3 "$BIN" check --rules "$TMP/r"
zzp '    frozen: true\n    checked: 2026-02-01\n    note: "x"\n'
expect_rc "check frozen and checked" 3 "$BIN" check --rules "$TMP/r"
zzp '    checked: 2026-13-01\n    note: "x"\n'
expect_rc "check checked not a date" 3 "$BIN" check --rules "$TMP/r"
# "unconfirmed_from" goes with "checked" and is a date.
zzp '    unconfirmed_from: 2026-04-01\n'
expect_rc "check unconfirmed without checked" 3 "$BIN" check --rules "$TMP/r"
expect_in "check unconfirmed without checked" "$TMP/err" '"unconfirmed_from" goes with "checked"'
zzp '    checked: 2026-02-01\n    note: "x"\n    unconfirmed_from: avril\n'
expect_rc "check unconfirmed not a date" 3 "$BIN" check --rules "$TMP/r"
expect_in "check unconfirmed not a date" "$TMP/err" '"unconfirmed_from" must be a date YYYY-MM-DD'
rm "$TMP/r/parameters/zz.yaml"
# An amount that reads a value not confirmed at the date says so (the
# ADA's barème, unconfirmed after 2023; the CSS ceilings from April
# 2026): in the text report, in JSON; not before that day.
cat >"$TMP/ada.yaml" <<'Y'
age: 30
couple: false
children: []
residence_status: asylum_seeker
housing: homeless
income_work: 0
receives: []
Y
expect_rc "unconfirmed amount: text" 0 "$BIN" eval "$TMP/ada.yaml" --date 2026-11-15
expect_in "unconfirmed amount: text" "$TMP/out" "ADA : environ 426,00 € par mois (estimation) [barème non confirmé]"
expect_rc "unconfirmed amount: json" 0 "$BIN" eval --json "$TMP/ada.yaml" --date 2026-11-15
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
s = {x["id"]: x for x in d["schemes"]}
assert s["ada"].get("amount_unconfirmed") is True, s["ada"]
assert "amount_unconfirmed" not in s["rsa"], s["rsa"]' "$TMP/out" && pass ||
    fail "unconfirmed amount: json member"
printf '%s\n' '{"age": 30, "couple": false, "children": [], "residence_status": "asylum_seeker", "housing": "homeless", "income_work": 0, "receives": []}' >"$TMP/ada.jsonl"
expect_rc "unconfirmed amount: compact lines" 0 "$BIN" eval --lines --compact "$TMP/ada.jsonl" --date 2026-11-15
python3 -c 'import json, sys
s = {x["id"]: x for x in json.loads(open(sys.argv[1]).readline())["schemes"]}
assert s["ada"].get("amount_unconfirmed") is True, s["ada"]' "$TMP/out" && pass ||
    fail "unconfirmed amount: compact member"
expect_rc "confirmed amount: before the day" 0 "$BIN" eval "$TMP/ada.yaml" --date 2023-06-01
expect_in "confirmed amount: before the day" "$TMP/out" "ADA : environ 426,00 € par mois (estimation)"
expect_not_in "confirmed amount: before the day" "$TMP/out" "non confirmé"
# rules/consistency.yaml is checked like any expression, with positions.
cp "$TMP/r/consistency.yaml" "$TMP/cons"
printf 'checks:\n  - id: a\n    when: "agee < 18"\n    text: t\n' >"$TMP/r/consistency.yaml"
expect_rc "check consistency unknown variable" 3 "$BIN" check --rules "$TMP/r"
expect_in "check consistency unknown variable" "$TMP/err" "consistency.yaml:3:12: unknown variable \"agee\""
printf 'checks:\n  - id: a\n    when: "age + couple > 3"\n    text: t\n' >"$TMP/r/consistency.yaml"
expect_rc "check consistency type" 3 "$BIN" check --rules "$TMP/r"
expect_in "check consistency type" "$TMP/err" "consistency.yaml:3:18: type error"
printf 'checks:\n  - id: a\n    when: "scheme('"'"'rsa'"'"').likely"\n    text: t\n' >"$TMP/r/consistency.yaml"
expect_rc "check consistency scheme" 3 "$BIN" check --rules "$TMP/r"
expect_in "check consistency scheme" "$TMP/err" "reads a scheme's result"
printf 'checks:\n  - {id: a, when: "age < 1", text: t}\n  - {id: a, when: "age > 119", text: u}\n' >"$TMP/r/consistency.yaml"
expect_rc "check consistency twice" 3 "$BIN" check --rules "$TMP/r"
expect_in "check consistency twice" "$TMP/err" "consistency check \"a\" is defined twice"
printf 'checks:\n  - {id: a, when: "age < 1"}\n' >"$TMP/r/consistency.yaml"
expect_rc "check consistency text" 3 "$BIN" check --rules "$TMP/r"
expect_in "check consistency text" "$TMP/err" "missing \"text\""
cp "$TMP/cons" "$TMP/r/consistency.yaml"

# --- test --------------------------------------------------------------
expect_rc "test" 0 "$BIN" test
expect_in "test" "$TMP/out" " passed, 0 failed"
printf 'tests:\n  - name: wrong on purpose\n    date: 2026-11-15\n    situation: {age: 30}\n    expect: {rsa: likely}\n' >"$TMP/t.yaml"
expect_rc "test failure detected" 1 "$BIN" test "$TMP/t.yaml"
expect_in "test failure detected" "$TMP/out" "expected likely, got to_check"
printf 'tests:\n  - name: warned on purpose\n    date: 2026-11-15\n    situation: {age: 30, couple: false, activity: jobseeker, receives: [], income_pension: 10}\n    no_warnings: [implied.income_pension]\n    warnings: [minor_retirement_pension]\n' >"$TMP/t.yaml"
expect_rc "test warnings detected" 1 "$BIN" test "$TMP/t.yaml"
expect_in "test warnings detected" "$TMP/out" "warning implied.income_pension expected absent"
expect_in "test warnings detected" "$TMP/out" "warning minor_retirement_pension expected present"
printf 'tests:\n  - name: unknown warning\n    situation: {age: 30}\n    warnings: [implied.age]\n' >"$TMP/t.yaml"
expect_rc "test unknown warning" 3 "$BIN" test "$TMP/t.yaml"
expect_in "test unknown warning" "$TMP/err" "unknown warning \"implied.age\""
# A rule test's documents: present, absent, and an unknown one refused.
printf 'tests:\n  - name: documents\n    date: 2026-11-15\n    situation: {age: 30, couple: false, children: [], residence_status: french, housing: tenant_private, activity: inactive, receives: [], income_work: 0}\n    documents: [titre_sejour]\n    no_documents: [identite]\n' >"$TMP/t.yaml"
expect_rc "test documents detected" 1 "$BIN" test "$TMP/t.yaml"
expect_in "test documents detected" "$TMP/out" "document titre_sejour expected present"
expect_in "test documents detected" "$TMP/out" "document identite expected absent"
printf 'tests:\n  - name: unknown document\n    situation: {age: 30}\n    no_documents: [nope]\n' >"$TMP/t.yaml"
expect_rc "test unknown document" 3 "$BIN" test "$TMP/t.yaml"
expect_in "test unknown document" "$TMP/err" "unknown document \"nope\""

# --- interview ---------------------------------------------------------
# Plain mode from piped answers: no danger, no urgency, reason not said,
# self, age 70, Auch…
printf 'n\n\n\n1\n70\n32013\n' | "$BIN" interview --plain --date 2026-11-15 >"$TMP/out" 2>"$TMP/err"
[ $? -eq 0 ] && pass || fail "plain interview exit"
expect_in "plain interview" "$TMP/out" "== PLAN =="
expect_in "plain interview re-prompt" "$TMP/out" "[1]"
printf 'x\nn\n' | "$BIN" interview --plain >"$TMP/out" 2>&1
expect_in "plain re-prompt on invalid" "$TMP/out" "répondez oui ou non"
# A number out of range typed at the interview: the value and the bound,
# not the question's id (its text is on the screen); from a file, the id.
printf 'n\n\n\n1\n300\n.\n' | "$BIN" interview --plain --no-save --date 2026-11-15 >"$TMP/out" 2>&1
expect_in "plain range error" "$TMP/out" "300 dépasse le maximum 120"
grep -q "age : 300" "$TMP/out" && fail "plain range error: names the id" || pass
# "?" gives the help and what the answer can still change.
printf 'n\n\n\n1\n?\n70\n.\n' | "$BIN" --lang en interview --plain --no-save --date 2026-11-15 >"$TMP/out" 2>&1
expect_in "plain ? help" "$TMP/out" "Age in completed years"
expect_in "plain ? why" "$TMP/out" "The answer can still change: an urgency, "
# Plain mode says a contradiction when it appears, before the next question.
# (The residence status, question 13, "don't know"; the benefits received,
# question 14: a retirement pension, on row 14 of the 16 options offered
# to a household without children.)
printf 'n\n\n\n1\n16\no\n32013\nn\n0\n\n\n\n\n14\n\n.\n' | "$BIN" interview --plain --no-save --date 2026-11-15 >"$TMP/out" 2>&1
python3 - "$TMP/out" <<'P' && pass || fail "plain: the contradiction printed when it appears"
import sys
out = open(sys.argv[1]).read().replace("\u00a0", " ").replace("\u202f", " ")
i = out.index("! Incohérence : Une retraite est perçue alors que la personne a moins de 18 ans")
assert out.rfind("[14] Quelles aides, allocations ou pensions le foyer", 0, i) >= 0 and out.find("[15]", i) > i, out[i - 200:i + 200]
assert "== INCOHÉRENCES ==" in out
P
# Replay gives the verdicts of eval for every rule-test situation.
expect_rc "replay json" 0 "$BIN" interview --replay "$TMP/s.yaml" --json --date 2026-11-15
python3 - "$TMP/out" <<'P' && pass || fail "replay json has asked"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["asked"] and d["asked"][0] == "danger_now", d["asked"][:3]
P
python3 - "$BIN" <<'P' && pass || fail "replay = eval on every rule-test situation"
import glob, json, subprocess, sys, tempfile, yaml
binary = sys.argv[1]
n = 0
for f in sorted(glob.glob("rules/tests/*.yaml")):
    for t in yaml.safe_load(open(f))["tests"]:
        with tempfile.NamedTemporaryFile("w", suffix=".json") as tf:
            json.dump(t.get("situation") or {}, tf, default=str)
            tf.flush()
            date = str(t.get("date", "2026-11-15"))
            e = json.loads(subprocess.run([binary, "eval", "--json", "--date", date, tf.name], capture_output=True, text=True, check=True).stdout)
            r = json.loads(subprocess.run([binary, "interview", "--replay", tf.name, "--json", "--date", date], capture_output=True, text=True, check=True).stdout)
            a = [(s["id"], s["verdict"], s["variant"], s["amount"], s["warnings"]) for s in e["schemes"]]
            b = [(s["id"], s["verdict"], s["variant"], s["amount"], s["warnings"]) for s in r["schemes"]]
            assert a == b, (f, t["name"], [x for x in zip(a, b) if x[0] != x[1]][:3])
            assert e["warnings"] == r["warnings"], (f, t["name"], e["warnings"], r["warnings"])
            n += 1
assert n > 100
P
# Typical single-domain situations (bench/profiles), answered as the person
# would: each is settled in well under half of all questions; the
# 70-year-old autonomous homeowner in 40 % at most (the sources of income
# ruled out by "receives" and the autonomy proxies implied by "no help
# needed" are not asked).
PROFILES="$(dirname "$0")/../../bench/profiles"
cp "$PROFILES/elderly-homeowner.yaml" "$TMP/old.yaml"
total=$("$BIN" check 2>/dev/null | sed 's/^[^:]*: \([0-9]*\) questions.*/\1/')
for f in "$PROFILES"/*.yaml; do
	expect_rc "replay $(basename "$f")" 0 "$BIN" interview --replay "$f" --json --date 2026-11-15 --no-save
	python3 - "$TMP/out" "$total" "$(basename "$f")" <<'P' && pass || fail "$(basename "$f"): settled in well under half of the questions"
import json, sys
d = json.load(open(sys.argv[1]))
total, name = int(sys.argv[2]), sys.argv[3]
n = len(d["asked"])
print(name, "asked", n, "of", total)
assert n * 100 <= total * 45, (n, total)
if name == "elderly-homeowner.yaml":
    assert n * 100 <= total * 40, (n, total)
    for q in ("income_unemployment", "income_invalidity", "income_family_benefits",
              "income_maintenance", "can_get_up", "can_dress", "can_wash", "can_eat"):
        assert q not in d["asked"], q
P
done
# --why: every question asked has a reason; the commune is for orientation.
expect_rc "replay why" 0 "$BIN" interview --replay "$TMP/old.yaml" --why \
    --no-save --date 2026-11-15
python3 - "$TMP/out" "$(dirname "$0")" <<'P' && pass || fail "replay --why: a reason per question"
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import asked as asked_ids
lines = open(sys.argv[1]).read().split("\n")
asked = asked_ids("\n".join(lines))
why = dict(l.split(":", 1) for l in lines[:len(asked)])
assert list(why) == asked, (list(why), asked)
assert all(why[q].strip() for q in asked), [q for q in asked if not why[q].strip()]
assert why["commune"].split() == ["orientation", "[orientation]"], why["commune"]
# Each question says what it was asked for first (rules/interview.yaml).
assert all(why[q].split()[-1] in ("[urgency]", "[orientation]", "[reason]", "[key", "right]", "[other]") for q in asked), why
assert "dac(unlikely)" in why["memory_or_complex"], why["memory_or_complex"]
P
# --why on the complete profiles: every question names what it can still
# change. The tax return is a step of the plan the full check settles (it
# named nothing before); an urgency the screening leaves to the full
# check says so.
for f in bench/profiles/*.yaml; do
	expect_rc "replay why $(basename "$f")" 0 "$BIN" interview --replay "$f" \
	    --why --no-save --date 2026-11-15
	python3 - "$TMP/out" "$(basename "$f")" "$(dirname "$0")" <<'P' && pass || fail "replay --why $(basename "$f"): a reason before the class"
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import asked as asked_ids
lines = open(sys.argv[1]).read().split("\n")
asked = asked_ids("\n".join(lines))
why = dict(l.split(":", 1) for l in lines[:len(asked)])
empty = [q for q in asked if why[q].strip().startswith("[")]
assert not empty, empty
if sys.argv[2] == "elderly-homeowner.yaml":
    assert why["tax_return_filed"].split() == ["plan", "[other]"], why["tax_return_filed"]
# No right reads the debts once the eviction procedure has told of rent
# arrears; the ask_if of the legal protection question still does.
if sys.argv[2] == "tenant-arrears.yaml":
    assert why["debts"].split() == ["ask_if(legal_protection)", "[other]"], why["debts"]
    assert asked.index("debts") < asked.index("legal_protection"), asked
P
done
# Issue 14: at the full depth, plain mode says once when the plan is
# settled; finished (".") before that, it says the plan may still change;
# finished during the full check, that rights may.
printf 'n\n\n.\n' | "$BIN" interview --plain --no-save --date 2026-11-15 >"$TMP/out" 2>&1
expect_in "plain: finished before the orientation is done" "$TMP/out" \
    "Arrêté avant la fin de l'orientation : environ "
# The input ending there (a pipe, a dropped line) says the same.
printf 'n\n\n' | "$BIN" interview --plain --no-save --date 2026-11-15 >"$TMP/out" 2>&1
expect_in "plain: the input ended before the orientation is done" "$TMP/out" \
    "Arrêté avant la fin de l'orientation : environ "
# No danger, then "don't know" (Enter) to 14 questions: the orientation
# is done at the ninth.
{ printf 'n\n'; i=0; while [ $i -lt 14 ]; do printf '\n'; i=$((i + 1)); done; printf '.\n'; } |
    "$BIN" interview --plain --no-save --date 2026-11-15 >"$TMP/out" 2>&1
expect_in "plain: the plan settled is said" "$TMP/out" \
    "Orientation faite : les urgences, le plan et les droits des motifs de la visite sont établis, ou attendent les justificatifs"
expect_in "plain: finished during the full check" "$TMP/out" \
    "Vérification complète interrompue : environ "
[ "$(grep -c "Orientation faite" "$TMP/out")" = 1 ] && pass ||
    fail "plain: the plan settled is said once"
# Issue 14: plain mode opens its result on a one-line summary, then the
# urgencies, the main steps of the plan, what to bring and the top
# rights, before the full report.
# Danger no, no shelter tonight, reason not said, self, 34, Auch (the
# commune comes sixth in the order of rules/interview.yaml).
{ printf 'n\n4\n\n1\n34\n32013\n.\n'; } | "$BIN" interview --plain --no-save --date 2026-11-15 >"$TMP/out" 2>&1
python3 - "$TMP/out" <<'P' && pass || fail "plain: the result opens on the essentials"
import sys
out = open(sys.argv[1], encoding="utf-8").read()
out = out.replace("\u00a0", " ").replace("\u202f", " ")	# typeset
top = out.split("========================================\n", 1)[1]
top = top.split("----------------------------------------\n", 1)[0]
lines = top.splitlines()
assert lines[0].startswith("En bref : 1 urgence, "), lines[0]
import re
order = [next(i for i, l in enumerate(lines) if re.match(p, l))
         for p in (r"!! \[P1\] Pas d'hébergement", "   115 : ",
                   "   -> SIAO", r"\d+\. Rendez-vous avec un travailleur social",
                   "À apporter : Pièce d'identité", r"\+ 115")]
assert order == sorted(order), order
# The 115 is the urgency's own step, its office under it: no second
# step "Hébergement d'urgence" says it again.
assert not [l for l in lines if re.match(r"\d+\. Hébergement d'urgence", l)], lines
P

# --- plan routing by kind of office (issue 14, item 5) ----------------------
# A woman of 29 with nowhere to sleep in the Gers: the urgency step lists
# no "Contrat jeune majeur" (18-21); France Travail and the CCAS are never
# routed to the council's switchboard, which answers for its own services.
cat >"$TMP/route.yaml" <<'Y'
danger_now: false
urgent: [no_shelter_tonight]
respondent: self
commune: "32107"
age: 29
couple: false
children: []
pregnant: false
housing: homeless
ft_registered: false
activity: jobseeker
postal_address: false
Y
expect_rc "eval routing" 0 "$BIN" --lang en eval --date 2026-11-15 "$TMP/route.yaml"
python3 - "$TMP/out" <<'P' && pass || fail "routing: no Contrat jeune majeur at 29, France Travail and CCAS not at the council, the nearest MDS"
import re, sys
text = open(sys.argv[1]).read()
plan = text[text.index("== PLAN =="):]
assert "Contrat jeune majeur" not in plan, "Contrat jeune majeur in the plan"
steps = re.split(r"\n\s?\d+\. ", plan)
for s in steps:
    head = s.strip().split("\n")[0]
    if "France Travail" in head or "CCAS" in head:
        assert "Conseil départemental" not in s, head
ft = [s for s in steps if "Register with France Travail" in s][0]
assert "3949" in ft, ft
# no MDS sector names Condom: the nearest MDS known, said to be unconfirmed
# (issue 18 item 5), not the switchboard
mds = [s for s in steps if "MDS social worker" in s][0]
assert "Maison départementale des solidarités de Nogaro" in mds, mds
# it has no phone known: "call before going" would send nowhere
assert "(nearest, not confirmed as competent: 39 km between the commune centres; no phone number known: check before going)" in mds, mds
# the council's contact after it says which office is competent; it does
# not claim that no office was placed by distance
if "Conseil départemental du Gers" in mds:
    assert "(the department's general contact: it says which office is competent)" in mds, mds
assert "no office placed by distance" not in mds, mds
P
# The same office with a phone (a copy of the rules where the structure
# has one): then "call before going" says how.
cp -R rules "$TMP/rules-phone"
python3 - "$TMP/rules-phone/services/32-gers.yaml" <<'P'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
at = s.index('id: "mds32-nogaro"')
old = 'commune: "Nogaro"\n    telephone: null'
assert s.index(old, at) < s.index("- id:", at), "the Nogaro MDS without phone"
open(p, "w", encoding="utf-8").write(s[:at] + s[at:].replace(old,
    'commune: "Nogaro"\n    telephone: "0562000000"', 1))
P
# The nearest office in the person's own commune: not "0 km between the
# commune centres" (the CIAS of Auch for a mother living in Auch).
expect_rc "eval: nearest office in the commune" 0 "$BIN" eval --date \
    2026-11-15 tests/summary/mere-isolee.yaml
expect_in "eval: nearest office in the commune" "$TMP/out" \
    "(le plus proche, compétence non confirmée : dans la commune ; aucun numéro"
grep -q " 0 km" "$TMP/out" && fail "eval: 0 km said" || pass
expect_rc "eval routing, office with a phone" 0 "$BIN" --lang en --rules \
    "$TMP/rules-phone" eval --date 2026-11-15 "$TMP/route.yaml"
expect_in "routing: an unconfirmed office with a phone" "$TMP/out" \
    "(nearest, not confirmed as competent: 39 km between the commune centres; call before going)"

# The urgency screen asks eviction questions first only for a housing visit;
# a person come about work whose answers reveal a court summons still gets
# the urgency in the full check, and --why says what each question serves.
cat >"$TMP/rev.yaml" <<'Y'
danger_now: false
urgent: []
visit_reason: [work]
respondent: self
age: 44
couple: false
children: []
housing: tenant_private
eviction_stage: assignation
activity: jobseeker
Y
expect_rc "replay full: revealed urgency" 0 "$BIN" --lang en interview --no-save --replay "$TMP/rev.yaml" --why --depth full --date 2026-11-15
expect_in "replay full: revealed urgency" "$TMP/out" "Eviction procedure under way"
expect_in "replay --why: eviction question explained" "$TMP/out" "eviction_stage: "
expect_rc "replay orientation: work visit" 0 "$BIN" --lang en interview --no-save --replay "$TMP/rev.yaml" --why --depth orientation --date 2026-11-15
# The residence status is one of them: registration at France Travail,
# the work visit's first right, needs a permit that allows work (Code du
# travail, art. R5221-48): 16 questions, 15 before it was asked.
python3 - "$TMP/out" "$(dirname "$0")" <<'P' && pass || fail "orientation for work: eviction not asked, at most 16 questions"
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import asked
a = asked(open(sys.argv[1]).read())
assert len(a) <= 16, a
assert "residence_status" in a, a
assert "eviction_stage" not in a, a
P

# A money visit's rights wait for the documents (resources), but an
# answer that rules out several of them without documents is asked at
# the orientation: an asylum seeker has no RSA, no prime d'activité, no
# AAH (CASF L262-4, CSS L842-2, L821-1). The residence status was not
# asked before, and the RSA stayed "to check"; nor were the months in
# France, which the PUMa and the CSS read (3 months for an asylum seeker,
# unless the person works).
cat >"$TMP/asylum.yaml" <<'Y'
danger_now: false
urgent: []
visit_reason: [money, health]
respondent: self
commune: "32013"
age: 31
residence_status: asylum_seeker
months_in_france: 5
health_cover: none
couple: true
children: [{age: 2, disability_rate: 0, taken_in: false}, {age: 7, disability_rate: 0, taken_in: false}]
pregnant: false
activity: inactive
housing: shelter
Y
expect_rc "replay orientation: asylum seeker come for money" 0 "$BIN" --lang en interview --no-save --replay "$TMP/asylum.yaml" --why --depth orientation --date 2026-11-15
python3 - "$TMP/out" "$(dirname "$0")" <<'P' && pass || fail "money orientation: the residence status rules out the RSA before the documents"
import re
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import asked
out = open(sys.argv[1]).read()
a = asked(out)
assert "residence_status" in a, a
# and the months in France settle the PUMa of a visit for health cover
assert "months_in_france" in a, a
assert re.search(r"^LIKELY +PUMa\b", out, re.M), out
for right in ("RSA", "Prime d'activité", "AAH"):
    assert not re.search(r"^(LIKELY|TO CHECK) +%s( *$| *:| *\(| *\[)" % right,
                         out, re.M), (right, out)
P

# A right likely without its amount says what the amount waits for: a
# father of two, alone, working for 900 €, whose prime d'activité depends
# on how long he has raised them alone (the isolation majoration); given,
# the amount comes and the line goes.
cat >"$TMP/father.yaml" <<'Y'
age: 38
residence_status: french
couple: false
other_parent: pays
children: [{age: 5, disability_rate: 0, taken_in: false}, {age: 11, disability_rate: 0, taken_in: false}]
pregnant: false
activity: employed
receives: [af, apl]
income_work: 900
income_unemployment: 0
income_pension: 0
income_invalidity: 0
income_family_benefits: 152
income_maintenance: 200
income_other: 0
housing: tenant_social
housing_benefit: 260
disability: none
Y
expect_rc "eval: a likely right without its amount" 0 "$BIN" --lang en eval "$TMP/father.yaml" --date 2026-11-15
cp "$TMP/out" "$TMP/father.out"
expect_rc "eval --json: a likely right without its amount" 0 "$BIN" --lang en eval --json "$TMP/father.yaml" --date 2026-11-15
cp "$TMP/out" "$TMP/father.json"
echo "isolated_since_months: 60" >>"$TMP/father.yaml"
expect_rc "eval: its amount once answered" 0 "$BIN" --lang en eval "$TMP/father.yaml" --date 2026-11-15
python3 - "$TMP/father.out" "$TMP/father.json" "$TMP/out" <<'P' && pass || fail "a likely right without its amount says what it waits for"
import json, re, sys
out, js, after = (open(f).read() for f in sys.argv[1:])
def block(text):
    m = re.search(r"^LIKELY +Prime d'activité.*?\n(?=\S)", text, re.M | re.S)
    assert m, text
    return m.group(0)
assert re.search(r'\[\?\] amount to be specified: it depends on "[^"]*months[^"]*"',
                 block(out)), block(out)
pa = [s for s in json.loads(js)["schemes"] if s["id"] == "prime_activite"][0]
assert pa["verdict"] == "likely" and pa["amount"] is None, pa
assert pa["amount_missing"] == ["isolated_since_months"], pa
assert re.search(r"^LIKELY +Prime d'activité[^\n]*: about €?[0-9]", block(after)), block(after)
assert "amount to be specified" not in block(after), block(after)
P

# Two rights that combine, one counting in the other's resources (kind:
# counted, rule-review-2026-12 E18), are not said to exclude each other:
# a man of 50 unable to work, with an invalidity pension, is shown the AAH
# as its complement, with [+], and "combines." in the JSON.
cat >"$TMP/inval.yaml" <<'Y'
age: 50
residence_status: french
couple: false
children: []
activity: unable_to_work
disability: no_file
receives: [invalidity_pension]
income_work: 0
income_invalidity: 800
income_12m: 12000
housing: tenant_private
health_cover: puma_only
pregnant: false
Y
expect_rc "eval: rights that combine" 0 "$BIN" eval "$TMP/inval.yaml" --date 2026-11-15
cp "$TMP/out" "$TMP/inval.out"
expect_rc "eval --json: rights that combine" 0 "$BIN" eval --json "$TMP/inval.yaml" --date 2026-11-15
python3 - "$TMP/inval.out" "$TMP/out" <<'P' && pass || fail "rights that combine are said with [+], not [≠]"
import json, sys
text = open(sys.argv[1]).read()
assert "[+] L'AAH ne vient qu'en complément" in text, text
assert "[≠]" not in text, text
pi = [s for s in json.load(open(sys.argv[2]))["schemes"] if s["id"] == "pension_invalidite"][0]
r = [x for x in pi["reasons"] if x["id"] == "combines.aah"]
assert r and r[0]["value"] == "combines", pi["reasons"]
assert not [x for x in pi["reasons"] if x["value"] == "incompatible"], pi["reasons"]
P

# A social housing request before the recours DALO that needs it: a
# young mother hosted with her partner and their baby by her family, in
# an overcrowded home, without a request yet. The request's seniority
# counts from its filing, and its numéro unique goes with the recours.
cat >"$TMP/hosted.yaml" <<'Y'
danger_now: false
urgent: []
visit_reason: [housing]
commune: "32013"
age: 23
residence_status: french
health_cover: puma_only
couple: true
partner: {age: 24, activity: employed, income_work: 1400}
children: [{age: 1, disability_rate: 0, taken_in: false}]
pregnant: false
activity: inactive
receives: [paje]
housing: hosted_free
disability: none
debts: []
housing_problems: [overcrowded]
social_housing_request: none
Y
expect_rc "eval: hosted, no social housing request" 0 "$BIN" --lang en eval "$TMP/hosted.yaml" --date 2026-11-15
python3 - "$TMP/out" "$(dirname "$0")" <<'P' && pass || fail "plan: the social housing request before the recours DALO"
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import plan_titles
steps = plan_titles(open(sys.argv[1]).read())
hlm = [i for i, s in enumerate(steps) if "social housing" in s.lower()]
adil = [i for i, s in enumerate(steps) if s.startswith("ADIL")]
assert hlm and adil and hlm[0] < adil[0], steps
P

# The tax return step names the rights it serves, not those a question
# still to ask may rule out: a student of 20 come for money and food,
# whose children the orientation does not ask, was told to file her
# return for the complément familial, the ARS and the PAJE.
cat >"$TMP/student.yaml" <<'Y'
danger_now: false
urgent: [no_food]
visit_reason: [money, food_energy]
respondent: self
commune: "32013"
age: 20
residence_status: french
health_cover: puma_only
activity: student
housing: student_residence
former_ase: false
tax_return_filed: false
Y
expect_rc "replay orientation: a student come for food" 0 "$BIN" --lang en interview --no-save --replay "$TMP/student.yaml" --depth orientation --date 2026-11-15
python3 - "$TMP/out" "$(dirname "$0")" <<'P' && pass || fail "tax return step: no family benefit before the children are asked"
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import plan_step
step = plan_step(open(sys.argv[1]).read(), "income tax return")
assert step is not None
assert "Complémentaire santé solidaire" in step, step
for right in ("Complément familial", "ARS", "PAJE"):
    assert right not in step, (right, step)
P

# The tax return step belongs to a money visit's orientation for the CSS
# (its claim comes with the tax notice), except for an RSA recipient. A
# mother of two on the RSA facing eviction: the benefits received, which
# her orientation asks anyway, come first, and the tax return then waits
# for the full check; without the RSA it is asked after them
# (rules/orientation.yaml, `except`). The housing benefit does not need
# it (twelve months of income, not the N-2 tax notice).
cat >"$TMP/tax.yaml" <<'Y'
danger_now: false
urgent: []
visit_reason: [money, housing]
respondent: self
age: 45
housing: tenant_private
eviction_stage: commandement_payer
housing_problems: []
commune: '32013'
health_cover: puma_only
social_worker: false
tax_return_filed: false
children: [{age: 9, disability_rate: 0, taken_in: false}, {age: 4, disability_rate: 0, taken_in: false}]
receives: [rsa]
couple: false
other_parent: pays_partly_or_not
residence_status: french
activity: inactive
needs: [debts]
landlord_relative: false
debts: [rent]
Y
expect_rc "replay orientation: RSA recipient" 0 "$BIN" --lang en interview --no-save --replay "$TMP/tax.yaml" --why --depth orientation --date 2026-11-15
cp "$TMP/out" "$TMP/tax-rsa.out"
sed 's/^receives: \[rsa\]/receives: []/' "$TMP/tax.yaml" >"$TMP/tax2.yaml"
expect_rc "replay orientation: no benefit" 0 "$BIN" --lang en interview --no-save --replay "$TMP/tax2.yaml" --why --depth orientation --date 2026-11-15
cp "$TMP/out" "$TMP/tax-none.out"
expect_rc "eval: RSA recipient, no tax return" 0 "$BIN" --lang en eval "$TMP/tax.yaml" --date 2026-11-15
cp "$TMP/out" "$TMP/tax-rsa.eval"
expect_rc "eval: no benefit, no tax return" 0 "$BIN" --lang en eval "$TMP/tax2.yaml" --date 2026-11-15
python3 - "$TMP/tax-rsa.out" "$TMP/tax-none.out" "$TMP/tax-rsa.eval" "$TMP/out" "$(dirname "$0")" <<'P' && pass || fail "tax return step: oriented for the CSS, except for an RSA recipient"
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import asked, plan_step
rsa, none, ersa, enone = (open(f).read() for f in sys.argv[1:5])
a, b = asked(rsa), asked(none)
assert "receives" in a and "tax_return_filed" not in a, a
assert len(a) == 15, a
assert "tax_return_filed" in b and b.index("receives") < b.index("tax_return_filed"), b
why = [l for l in none.splitlines() if l.startswith("tax_return_filed: ")][0]
assert why.endswith("[orientation]"), why
def step(out):
    st = plan_step(out, "income tax return")
    assert st is not None, out
    return st
assert "Complémentaire santé solidaire" not in step(ersa), step(ersa)
assert "Complémentaire santé solidaire" in step(enone), step(enone)
assert "housing benefit" not in step(enone).lower(), step(enone)
P

# A daughter calls about her father, 62, ill, who needs help with the
# housework: the CMI given without evaluation to an APA recipient in GIR 1
# or 2 cannot be his (GIR 1 and 2 need care for most acts of daily life),
# so his money and disability orientation asks neither the APA nor the GIR
# (rules/derived/handicap.yaml, cmi_apa_gir_1_2). It asks when his
# handicap began: after 60 the MDPH file is his only for a handicap that
# began before 60 (rules/schemes/handicap/mdph.yaml), else the APA team.
cat >"$TMP/cmi.yaml" <<'Y'
danger_now: false
urgent: []
visit_reason: [money, disability]
respondent: relative
age: 62
daily_help: household
commune: '32107'
health_cover: puma_only
social_worker: false
children: []
activity: unable_to_work
disability: no_file
work_limited: true
apa_status: never
tax_return_filed: true
housing: tenant_social
Y
expect_rc "replay orientation: help with the housework" 0 "$BIN" --lang en interview --no-save --replay "$TMP/cmi.yaml" --why --depth orientation --date 2026-11-15
python3 - "$TMP/out" "$(dirname "$0")" <<'P' && pass || fail "orientation: no APA or GIR asked for the CMI of a man needing housework help"
import sys
sys.path.insert(0, sys.argv[-1])
from replay_out import asked
words = asked(open(sys.argv[1]).read())
assert "gir" not in words and "apa_status" not in words, words
assert "disability_onset_age" in words, words
assert len(words) <= 16, words
P

# A mother of 24 on the RSA, a baby: the CEJ allowance is shown likely
# too; the result says it does not combine with the RSA (the rules'
# incompatible_with, under both), and no note of another department
# (Loir-et-Cher's FAJD) is given to a person in the Gers.
cat >"$TMP/cej.yaml" <<'Y'
danger_now: false
urgent: []
visit_reason: [money, family]
respondent: self
age: 24
commune: '32013'
health_cover: puma_css
couple: false
children: [{age: 0, disability_rate: 0, taken_in: false}]
pregnant: false
other_parent: pays_partly_or_not
isolated_since_months: 8
residence_status: french
activity: inactive
income_work: 0
income_unemployment: 0
income_pension: 0
income_invalidity: 0
income_maintenance: 0
income_other: 0
income_family_benefits: 0
receives: [rsa, apl]
housing: tenant_private
housing_benefit: 300
Y
expect_rc "eval: CEJ and RSA" 0 "$BIN" eval "$TMP/cej.yaml" --date 2026-11-15
python3 - "$TMP/out" <<'P' && pass || fail "eval: the CEJ says it does not combine with the RSA, no other department's note"
import sys
out = open(sys.argv[1]).read()
blocks = out.split("\n")
cej = [i for i, l in enumerate(blocks) if "Mission locale, CEJ" in l and l.startswith("PROBABLE")]
assert cej, out[:2000]
i = cej[0] + 1
below = []
while i < len(blocks) and blocks[i].startswith("          "):
    below.append(blocks[i]); i += 1
assert any("[≠]" in l and "RSA" in l for l in below), below
assert "Loir-et-Cher" not in out, "a Loir-et-Cher note in the Gers"
P
expect_rc "eval --json: CEJ and RSA" 0 "$BIN" eval --json "$TMP/cej.yaml" --date 2026-11-15
python3 - "$TMP/out" <<'P' && pass || fail "eval --json: the CEJ's reasons hold its incompatibility with the RSA"
import json, sys
d = json.load(open(sys.argv[1]))
cej = [s for s in d["schemes"] if s["id"] == "mission_locale_cej"][0]
inc = [r for r in cej["reasons"] if r["value"] == "incompatible"]
assert [r["id"] for r in inc] == ["incompatible.rsa"], cej["reasons"]
assert "RSA" in inc[0]["text"], inc
P

# A variant claimed elsewhere (doc/rules.md, "Variants"): the CMI of a
# person of 82 without a handicap is asked with the APA, on its form, at
# the department's autonomy team: neither the MDPH nor its forms.
cat >"$TMP/cmi.yaml" <<'Y'
needs: []
age: 82
commune: '32013'
residence_status: french
couple: false
children: []
disability: none
daily_help: personal_care
apa_status: never
activity: retired
housing: owner
Y
expect_rc "eval --json: CMI with the APA" 0 "$BIN" eval --json "$TMP/cmi.yaml" --date 2026-11-15
python3 - "$TMP/out" <<'P' && pass || fail "eval --json: the CMI of the APA goes to the autonomy team with the APA form"
import json, sys
d = json.load(open(sys.argv[1]))
cmi = [s for s in d["schemes"] if s["id"] == "cmi"][0]
assert cmi["variant"] == "avec_apa", cmi
assert cmi["route"]["services"] == ["autonomy_team"], cmi["route"]
assert "cerfa_16301" in cmi["documents"], cmi["documents"]
assert "mdph_formulaire" not in cmi["documents"], cmi["documents"]
assert "mdph_formulaire" not in d["documents"], d["documents"]
steps = [p for p in d["plan"] if "cmi" in p.get("schemes", [])]
assert [p["service"] for p in steps] == ["autonomy_team"], d["plan"]
P

# A prerequisite step names only the schemes the person needs it for
# (its `except`, rules/orientation.yaml): no family benefit for a man
# alone on the street, no AME for a French citizen, no PUMa nor CSS for a
# woman without a residence permit, no chèque énergie without a dwelling.
python3 - "$TMP" <<'P' || fail "orientation: situations of rules/tests/orientation.yaml"
import sys, yaml
tests = {t["name"]: t for t in yaml.safe_load(open("rules/tests/orientation.yaml"))["tests"]}
for f, name in (("street", "homme de 45 ans à la rue, sans ressources ni couverture maladie"),
                ("nopermit", "femme de 35 ans sans titre de séjour, sans couverture maladie")):
    yaml.safe_dump(tests[name]["situation"], open(f"{sys.argv[1]}/{f}.yaml", "w"), allow_unicode=True)
tests = {t["name"]: t for t in yaml.safe_load(open("rules/tests/logement.yaml"))["tests"]}
yaml.safe_dump(tests["à la rue ce soir, sans titre de séjour"]["situation"],
    open(f"{sys.argv[1]}/streetnp.yaml", "w"), allow_unicode=True)
yaml.safe_dump(tests["pas de déclaration de revenus : pas de chèque énergie"]["situation"],
    open(f"{sys.argv[1]}/notax.yaml", "w"), allow_unicode=True)
tests = {t["name"]: t for t in yaml.safe_load(open("rules/tests/insertion.yaml"))["tests"]}
eu = [n for n in tests if n.startswith("CSS : citoyenne européenne en France depuis 2 mois")][0]
yaml.safe_dump(tests[eu]["situation"], open(f"{sys.argv[1]}/eu2m.yaml", "w"), allow_unicode=True)
P
for f in street nopermit streetnp notax eu2m; do
	expect_rc "eval --json: prerequisites ($f)" 0 "$BIN" eval --json "$TMP/$f.yaml" --date 2026-11-15
	cp "$TMP/out" "$TMP/$f.json"
done
python3 - "$TMP" <<'P' && pass || fail "eval --json: a prerequisite step names only the schemes the person needs it for"
import json, sys
def steps(f):
    d = json.load(open(f"{sys.argv[1]}/{f}.json"))
    return {p["service"]: p["schemes"] for p in d["plan"] if p["prerequisite"]}
s = steps("street")
assert s["cpam"] == ["puma", "css"], s
assert s["france_services"] == ["css"], s	# no dwelling: no chèque énergie
n = steps("nopermit")
assert n["cpam"] == ["ame"], n
assert "france_services" not in n, n	# hosted: no chèque énergie; no CSS
d = json.load(open(f"{sys.argv[1]}/nopermit.json"))
assert "titre_sejour" not in d["documents"], d["documents"]
assert "france_travail" not in [p["service"] for p in d["plan"]], d["plan"]
# At the street without a permit: the DAHO and the CHRS, without a permit.
d = json.load(open(f"{sys.argv[1]}/streetnp.json"))
for s in d["schemes"]:
    if s["id"] in ("dalo", "siao_insertion"):
        assert s["variant"] in ("daho", "chrs"), s
        assert "titre_sejour" not in s["documents"], s
# A scheme unlikely for another reason than what the step changes is not
# named, and a step left with none is not in the plan: no cover can be
# opened for a European citizen in France for two months; the chèque
# énergie waits for the tax return.
assert "cpam" not in steps("eu2m"), steps("eu2m")
assert steps("notax")["france_services"] == ["cheque_energie"], steps("notax")
P

# An urgency's offices are those that serve the person: leaving hospital
# at 78 without help at home, the autonomy team (APA), not the MDPH (the
# PCH is unlikely after 60 without a handicap).
orientation_situation "homme de 78 ans, sortie d'hôpital prévue, vit seul, aide pour la toilette" "$TMP/discharge.yaml" ||
    fail "urgency offices: the situation"
expect_rc "print: urgency offices" 0 "$BIN" print --situation "$TMP/discharge.yaml" --date 2026-11-15
python3 - "$TMP/out" <<'P' && pass || fail "print: the urgency lists the offices that serve the person"
import sys
out = open(sys.argv[1]).read()
urgent = out[out.index("Sortie d"):out.index("Où aller")]
assert "Numéro vert social" in urgent, urgent	# the department's contact
assert "MDPH" not in urgent, urgent
P

# At 42 with a handicap, the same urgency goes to the MDPH (the PCH; the
# APA is unlikely before 60): the step's service, first on paper.
orientation_situation "homme de 42 ans handicapé, sortie d'hôpital, seul, aide pour la toilette : la MDPH (PCH), pas l'équipe autonomie" "$TMP/discharge42.yaml" ||
    fail "urgency service: the situation"
expect_rc "eval: urgency service" 0 "$BIN" eval --json "$TMP/discharge42.yaml" --date 2026-11-15
cp "$TMP/out" "$TMP/discharge42.json"
expect_rc "print: urgency service" 0 "$BIN" print --situation "$TMP/discharge42.yaml" --date 2026-11-15
python3 - "$TMP" <<'P' && pass || fail "urgency service: where the person's right is claimed"
import json, sys
d = json.load(open(f"{sys.argv[1]}/discharge42.json"))
step = [p for p in d["plan"] if p.get("urgency") == "hospital_discharge"][0]
assert step["service"] == "mdph", step
out = open(f"{sys.argv[1]}/out").read()
urgent = out[out.index("Sortie d"):out.index("Où aller")]
assert urgent.index("MDPH du Gers") < urgent.find("Numéro vert social") or \
    "Numéro vert social" not in urgent, urgent
P

# A right the person says they receive is shown so, and in no step of
# the plan: the RSA, the family allowances, the ASF, the housing benefit
# and the CSS of a mother who receives them (rules: received_if).
orientation_situation "mère seule de deux enfants qui perçoit déjà le RSA, les AF, l'ASF, l'aide au logement et la CSS : rien à redemander" "$TMP/received.yaml" ||
    fail "received: the situation"
expect_rc "eval: received" 0 "$BIN" eval --json "$TMP/received.yaml" --date 2026-11-15
cp "$TMP/out" "$TMP/received.json"
expect_rc "eval: received, text" 0 "$BIN" eval "$TMP/received.yaml" --date 2026-11-15
cp "$TMP/out" "$TMP/received.txt"
expect_rc "print: received" 0 "$BIN" print --situation "$TMP/received.yaml" --date 2026-11-15
python3 - "$TMP" <<'P' && pass || fail "received: shown so, in no step, no document"
import json, sys
d = json.load(open(f"{sys.argv[1]}/received.json"))
s = {x["id"]: x for x in d["schemes"]}
for k in ("rsa", "af", "asf", "aides_logement", "css"):
    assert s[k]["received"] is True and s[k]["non_take_up"] is False, s[k]
assert s["cheque_energie"]["received"] is False, s["cheque_energie"]
steps = [x for p in d["plan"] for x in p["schemes"]]
for k in ("rsa", "af", "asf", "aides_logement", "css"):
    assert k not in steps, (k, d["plan"])
docs = [x["id"] if isinstance(x, dict) else x for x in d["documents"]]
assert "bail" not in docs and "attestation_loyer" not in docs, docs
txt = open(f"{sys.argv[1]}/received.txt").read()
assert [l for l in txt.splitlines() if l.startswith("PROBABLE  RSA") and "[PERÇU]" in l], txt
out = open(f"{sys.argv[1]}/out").read()
got = [l for l in out.split("\n\n") if l.startswith("Vous recevez déjà")]
assert got and "RSA" in got[0] and "Allocations familiales" in got[0], out
assert "Faites la demande sur caf.fr" not in out, out
P

# An office known without a phone (the Mission locale of the Gers: only
# its website is sourced) shows how to reach it: its website, on the
# screen's text, the paper and the JSON.
cat >"$TMP/young.yaml" <<'Y'
danger_now: false
urgent: []
respondent: self
commune: "32013"
age: 23
residence_status: french
couple: false
children: []
pregnant: false
activity: inactive
receives: []
income_work: 0
housing: hosted_free
Y
expect_rc "eval: an office without phone" 0 "$BIN" eval --json "$TMP/young.yaml" --date 2026-11-15
python3 - "$TMP/out" <<'P' && pass || fail "eval: an office without phone has its website"
import json, sys
d = json.load(open(sys.argv[1]))
ml = [o for p in d["plan"] if p["service"] == "mission_locale" for o in p["offices"]]
assert ml and ml[0]["phone"] is None, ml
assert ml[0]["website"] == "https://missionlocalegers.com", ml
tel = [o for p in d["plan"] for o in p["offices"] if o["phone"]]
assert tel and all(o["website"] is None for o in tel), tel
P
expect_rc "text: an office without phone" 0 "$BIN" eval "$TMP/young.yaml" --date 2026-11-15
expect_in "text: an office without phone" "$TMP/out" "site web : https://missionlocalegers.com"
expect_rc "print: an office without phone" 0 "$BIN" print --situation "$TMP/young.yaml" --date 2026-11-15
expect_in "print: an office without phone" "$TMP/out" "Site web : https://missionlocalegers.com"
# Not confirmed for the commune, it cannot say "call before going".
python3 - "$TMP/out" <<'P' && pass || fail "print: an office without phone, unconfirmed"
import re, sys
t = re.sub(r"\s+", " ", open(sys.argv[1]).read().replace("\u00a0", " "))
ml = t[t.index("Mission Locale pour l’Emploi du Gers"):][:400]
assert "aucun numéro de téléphone n’est connu : renseignez-vous avant" in ml, ml
assert "appelez avant" not in ml, ml
P
expect_rc "text: an office without phone, unconfirmed" 0 "$BIN" eval \
    "$TMP/young.yaml" --date 2026-11-15
expect_in "text: an office without phone, unconfirmed" "$TMP/out" \
    "aucun numéro de téléphone connu : se renseigner avant"

# Without an MDPH file no rate has been recognised: neither the rate nor
# the RSDAE is asked; with MDPH rights both are (a rate between 50 and 79
# once "don't know").
cat >"$TMP/nofile.yaml" <<'Y'
danger_now: false
urgent: []
visit_reason: [disability]
respondent: self
commune: "32013"
age: 35
residence_status: french
couple: false
children: []
activity: inactive
disability: no_file
Y
sed 's/no_file/mdph_rights/' "$TMP/nofile.yaml" >"$TMP/rights.yaml"
expect_rc "replay: disability without a file" 0 "$BIN" --lang en interview \
    --replay "$TMP/nofile.yaml" --why --no-save --date 2026-11-15
grep "^asked" "$TMP/out" | grep -qwE "disability_rate|rsdae" &&
    fail "replay: a rate asked without an MDPH file" || pass
expect_rc "replay: disability with MDPH rights" 0 "$BIN" --lang en interview \
    --replay "$TMP/rights.yaml" --why --no-save --date 2026-11-15
grep "^asked" "$TMP/out" | grep -qw "disability_rate" && pass ||
    fail "replay: the rate not asked with MDPH rights"

finish
