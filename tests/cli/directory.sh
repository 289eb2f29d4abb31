#!/bin/sh
# CLI tests of the shipped directory (rules/services/*.yaml): records found by
# the December 2026 research must stay, with their status and source.
# Usage: tests/cli/directory.sh [BIN] (default ./aiguillage or $AIG_BIN).
# Run from the source tree root.
. "$(dirname "$0")/lib.sh"

expect_not_in() {
	if grep -qF -- "$3" "$2"; then fail "$1: \"$3\" in output"; else pass; fi
}

# --- Nogaro (32): the MDS and the France services it hosts, to verify ------
expect_rc "commune nogaro" 0 "$BIN" commune "Nogaro"
expect_in "nogaro mds to verify" "$TMP/out" \
	"Maison départementale des solidarités de Nogaro, Nogaro [à vérifier]"
expect_in "nogaro france services to verify" "$TMP/out" \
	"France services de Nogaro (hébergée par la MDS), Nogaro [à vérifier]"
# each office with its source and the source's date, on the next line
grep -A1 -F "Maison départementale des solidarités de Nogaro, Nogaro [à vérifier]" "$TMP/out" |
	grep -qF "https://lejournaldugers.fr/article/73627-les-nogaroliens-connaissent-ils-bien-leur-maison-france-services (2024-02-20)" &&
	pass || fail "nogaro mds: source not shown"
# the council's switchboard is only sourced from 2014 and 2021: to verify
expect_in "gers switchboard to verify" "$TMP/out" \
	"Standard du Conseil départemental du Gers [à vérifier]"
expect_rc "search nogaro" 0 "$BIN" directory search nogaro --dep 32
expect_in "nogaro mds service" "$TMP/out" "mds32-nogaro-accueil-social	mds	32"
expect_in "nogaro fs service" "$TMP/out" "fs32-nogaro-accueil	france_services	32"

# --- Mer (41): the MDS and its PMI, verified on the Département's page ------
expect_rc "commune mer" 0 "$BIN" commune "Mer"
expect_in "mer is Mer 41" "$TMP/out" "Services pour Mer (41), code INSEE 41136"
# verified: listed without the "à vérifier" mark
grep -qx "      Maison départementale des solidarités de Mer, Mer" "$TMP/out" &&
	pass || fail "mer mds: listed as verified"
grep -qx "      PMI de Mer, Mer" "$TMP/out" && pass || fail "mer pmi: listed as verified"
grep -A1 -x "      Maison départementale des solidarités de Mer, Mer" "$TMP/out" |
	grep -qF "https://www.departement41.fr/actualite/une-nouvelle-maison-departementale-des-solidarites-inauguree-a-mer (2025-05-21)" &&
	pass || fail "mer mds: source not shown"
# ASE and autonomy at Mer are not on that page: still to verify
expect_in "mer ase to verify" "$TMP/out" \
	"Maison départementale des solidarités de Mer, Mer [à vérifier]"
# planned offices are never proposed; announced ones say so
expect_not_in "freteval planned" "$TMP/out" "Fréteval"
expect_not_in "montrichard planned" "$TMP/out" "Montrichard"
expect_in "bracieux to confirm" "$TMP/out" \
	"Maison départementale des solidarités de Bracieux, Bracieux [à vérifier] (ouverture à confirmer)"
expect_rc "search mer" 0 "$BIN" directory search mer --dep 41
grep -q "^mds41-mer-accueil-social	mds	41	[^	]*	$" "$TMP/out" &&
	pass || fail "mer accueil social: verified in directory search"
grep -q "^mds41-mer-pmi	mds_pmi	41	[^	]*	$" "$TMP/out" &&
	pass || fail "mer pmi: verified in directory search"

# --- the export keeps the source's date as date_maj --------------------------
expect_rc "export" 0 "$BIN" directory export --format data-inclusion
python3 - "$TMP/out" <<'P' && pass || fail "export: research records and their dates"
import json, sys
d = json.load(open(sys.argv[1]))
st = {s["id"]: s for s in d["structures"]}
sv = {s["id"]: s for s in d["services"]}
assert st["aiguillage--mds32-nogaro"]["date_maj"] == "2024-02-20"
assert st["aiguillage--mds32-nogaro"]["adresse"] == "8 rue Cassou de Herre"
assert st["aiguillage--mds41-mer"]["date_maj"] == "2025-05-21"
assert st["aiguillage--mds41-mer"]["adresse"] == "5 avenue Maunoury"
assert st["aiguillage--pmi41-mer"]["adresse"] == "14 rue du Grand Cagnet"
assert sv["aiguillage--mds41-mer-pmi"]["structure_id"] == "aiguillage--pmi41-mer"
for k in ("mds32-nogaro-accueil-social", "mds41-mer-accueil-social", "mds41-mer-pmi"):
    assert "aiguillage--" + k in sv, k
P

# --- status and source in the YAML ------------------------------------------
python3 - rules/services <<'P' && pass || fail "yaml: status and source of the research records"
import sys, yaml
def recs(f):
    d = yaml.safe_load(open(sys.argv[1] + "/" + f, encoding="utf-8"))
    return {r["id"]: r for r in d["structures"] + d["services"]}
g, l = recs("32-gers.yaml"), recs("41-loir-et-cher.yaml")
NOG = "https://lejournaldugers.fr/article/73627-les-nogaroliens-connaissent-ils-bien-leur-maison-france-services"
MER = "https://www.departement41.fr/actualite/une-nouvelle-maison-departementale-des-solidarites-inauguree-a-mer"
def check(r, statut, source, date):
    v = r["x_verification"]
    assert v["statut"] == statut, (r["id"], v["statut"])
    assert v["source"] == source, (r["id"], v["source"])
    assert v.get("date_source") == date and v.get("preuve"), r["id"]
    assert r["date_maj"] == date, r["id"]
for i in ("mds32-nogaro", "mds32-nogaro-accueil-social", "fs32-nogaro", "fs32-nogaro-accueil"):
    check(g[i], "a_verifier", NOG, "2024-02-20")
assert g["mds32-nogaro-accueil-social"]["x_kind"] == "mds"
for i in ("mds41-mer", "mds41-mer-accueil-social", "pmi41-mer", "mds41-mer-pmi"):
    check(l[i], "verifie", MER, "2025-05-21")
for i in ("mds41-mer-ase", "mds41-mer-autonomie"):
    check(l[i], "a_verifier", MER, "2025-05-21")
assert l["mds41-mer-pmi"]["x_kind"] == "mds_pmi"
assert l.get("mds41-mer", {}).get("x_statut") == "ouverte"
for i in ("mds41-freteval", "mds41-montrichard-val-de-cher"):
    assert l[i]["x_statut"] == "prevue", i
assert l["mds41-bracieux"]["x_statut"] == "a_confirmer"
# the Gers switchboard is not verified (2014 and 2021 sources only)
assert g["cd32"]["x_verification"]["statut"] == "a_verifier"
assert g["cd32-standard"]["x_verification"]["statut"] == "a_verifier"
P

# --- Routing by commune (issue 18 item 5): Auch has no MDS sector ----------
# The plan says which case applies. No sector names Auch: the MDS of the
# department come nearest first by the distance between commune centres
# (rules/territory/coords.tsv), each labelled as not confirmed; an office
# of the department that is not known to serve Auch is never shown as the
# competent one. The PMI has no office with a known centre: the
# department's general contact. The nearest MDS (Nogaro) is 52 km away,
# farther than the kind's nearest_max_km (25, rules/services/kinds.yaml):
# the general contact comes first and Nogaro after it.
expect_rc "eval auch json" 0 "$BIN" eval tests/summary/mere-isolee.yaml --json
python3 - "$TMP/out" <<'P' && pass || fail "auch routing (json)"
import json, sys
d = json.load(open(sys.argv[1]))
seen = set()
for st in d["plan"]:
    whys = [o["why"] for o in st["offices"]]
    seen.add(st["routing"])
    assert "sector" not in whys, st
    if "nearest" in whys:
        km = [o["distance_km"] for o in st["offices"] if o["why"] == "nearest"]
        assert km == sorted(km) and all(isinstance(k, int) and k >= 0 for k in km), km
        if st["service"] in ("mds", "mds_pmi", "mds_ase", "autonomy_team") and km[0] > 25:
            assert st["routing"] == "contact_general", st
            assert st["offices"][0]["why"] == "contact_general", st
            assert st["offices"][1]["why"] == "nearest", st
        else:
            assert st["routing"] == "nearest", st
            assert st["offices"][0]["why"] == "nearest", st
    for o in st["offices"]:
        assert ("distance_km" in o) == (o["why"] == "nearest"), o
        if "Nogaro" in o["name"]:
            # Auch to Nogaro: about 52 km between the commune centres
            assert o["why"] == "nearest" and 45 <= o["distance_km"] <= 60, o
    if "department_unsectored" in whys and "nearest" not in whys:
        assert st["routing"] in ("contact_general", "not_confirmed"), st
    if st["routing"] == "contact_general":
        assert st["offices"][0]["why"] == "contact_general", st
assert {"nearest", "contact_general", "national"} <= seen, seen
P
expect_rc "eval auch text" 0 env LANGUAGE=en "$BIN" eval tests/summary/mere-isolee.yaml
grep -A1 "Maison départementale des solidarités de Nogaro" "$TMP/out" |
	grep -qF "(nearest, not confirmed as competent: 52 km between the commune centres; no phone number known: check before going)" &&
	pass || fail "auch: Nogaro MDS shown without its label and distance"
expect_in "auch pmi: the general contact, and why" "$TMP/out" \
	"(sector unknown, no office placed by distance: the department's general contact)"
# Under an office of the plan, its hours as people read them (the MDPH's
# are "Mo-Fr 09:00-12:30,13:30-17:00" in the directory).
grep -A1 "> MDPH du Gers" "$TMP/out" |
	grep -qF "      hours: Monday to Friday 9:00–12:30, 13:30–17:00" &&
	pass || fail "auch: the MDPH's hours under it in the plan"
expect_rc "eval auch text (fr)" 0 "$BIN" eval tests/summary/mere-isolee.yaml
expect_in "auch: label in French" "$TMP/out" \
	"(le plus proche, compétence non confirmée : 52 km entre les centres des communes ; aucun numéro de téléphone connu : se renseigner avant de s'y rendre)"

# A CCAS serves its commune, a CIAS its intercommunality (kinds.yaml,
# communal): a mother fleeing violence in L'Isle-Jourdain, where the
# directory has no CCAS of her commune or EPCI, is told to ask the town
# hall for her domiciliation, never sent to the CCAS of another commune;
# in Auch, the CIAS of Grand Auch and not the CCAS of Fleurance (23 km).
sed "s/^commune: .*/commune: '32160'/" tests/tui/visits/mother-violence.yaml >"$TMP/lij.yaml"
expect_rc "eval l'isle-jourdain" 0 env LANGUAGE=en "$BIN" eval "$TMP/lij.yaml"
expect_in "l'isle-jourdain: CCAS to ask at the town hall" "$TMP/out" \
	"CCAS / CIAS (municipal or inter-municipal social welfare centre): not in the directory yet (the town hall can tell where it is)"
expect_not_in "l'isle-jourdain: no CCAS of another commune" "$TMP/out" "CCAS de Fleurance"
expect_not_in "l'isle-jourdain: no CIAS of another EPCI" "$TMP/out" "CIAS Grand Auch"
expect_rc "eval auch (ccas)" 0 "$BIN" eval tests/tui/visits/mother-violence.yaml
expect_in "auch: its CIAS" "$TMP/out" "CIAS Grand Auch"
expect_not_in "auch: no CCAS of Fleurance" "$TMP/out" "CCAS de Fleurance"

# --- The three cases in `commune` ---------------------------------------------
# Mer (41): no MDS sector; the MDS of Mer itself first (0 km), then the
# others in increasing distance, each with its label.
expect_rc "commune mer (routing)" 0 "$BIN" --lang en commune -n 1 Mer
python3 - "$TMP/out" <<'P' && pass || fail "mer: nearest MDS in distance order"
import re, sys
out = open(sys.argv[1], encoding="utf-8").read()
part = out.split("  Maison départementale des solidarités (MDS / CMS)\n")[1]
part = re.split(r"\n  (?=\S)", part)[0]	# up to the next kind
assert part.startswith("    no office known to be competent for the commune: the nearest first\n"), part[:200]
names = re.findall(r"^      (\S.*)$", part, re.M)
km = [int(k) for k in re.findall(r"^        nearest, not confirmed as competent: (\d+) km between the commune centres$", part, re.M)]
assert names[0].startswith("Maison départementale des solidarités de Mer, Mer"), names
assert len(km) >= 5 and km[0] == 0 and km == sorted(km), km
# Blois is nearer to Mer than Vendôme
nb = [n.split(",")[0] for n in names]
assert nb.index("Maison départementale des solidarités de Blois") < nb.index("Maison départementale des solidarités de Vendôme"), nb
P
# a commune with no known centre (Aignan, Gers): the general contact,
# and the program says that no office could be placed by distance
grep -q "^32001	" rules/territory/coords.tsv && fail "32001 has coordinates: pick another commune" || pass
expect_rc "commune without a centre" 0 "$BIN" --lang en commune -n 1 32001
expect_in "no centre: general contact" "$TMP/out" \
	"Competent office not known for this commune (no sector, and no office of the kind can be placed by distance): Maison départementale des solidarités (MDS / CMS)"
expect_not_in "no centre: no distance" "$TMP/out" "nearest, not confirmed"
sed 's/^commune: "32013"/commune: "32001"/' tests/summary/mere-isolee.yaml >"$TMP/aignan.yaml"
expect_rc "eval without a centre" 0 "$BIN" eval --json "$TMP/aignan.yaml"
python3 - "$TMP/out" <<'P' && pass || fail "no centre: routing contact_general, no nearest"
import json, sys
d = json.load(open(sys.argv[1]))
r = {st["routing"] for st in d["plan"]}
assert "nearest" not in r and "contact_general" in r, r
P
# Mer (41) has its MDS: the sector's office, nothing else needed


finish
