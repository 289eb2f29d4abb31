#!/bin/sh
# CLI tests of `aiguillage directory import-annuaire` (doc/territory.md §4b):
# the fixtures tests/data/annuaire-*.json, written from the DILA
# specification of the base de données locales (format V1.4) and from an
# export of its API, imported for one department into a local data
# directory of the test's own; offices, hours and sectors in `commune`,
# in a plan and in the export; a malformed file refused whole.
# Usage: tests/cli/annuaire.sh [BIN] (default ./aiguillage or $AIG_BIN).
# Run from the source tree root.
. "$(dirname "$0")/lib.sh"
# The directory's opening hours are shown as people read them
# (format_hours): no-break spaces in French times and before ";".
NB=$(printf '\302\240')
NNB=$(printf '\342\200\257')

export AIGUILLAGE_LOCAL_DIR="$TMP/local"
GOOD=tests/data/annuaire-32.json
BAD=tests/data/annuaire-32-bad.json
API=tests/data/annuaire-41-api.json
LOCAL32="$AIGUILLAGE_LOCAL_DIR/services/32-annuaire.yaml"
MDS="Maison départementale des solidarités de Nogaro (essai)"

# plan NAME COMMUNE: eval the summary situation moved to COMMUNE, JSON in $TMP/out
plan() {
	sed "s/^commune: .*/commune: \"$2\"/" tests/summary/mere-isolee.yaml \
	    >"$TMP/situation.yaml"
	expect_rc "$1" 0 "$BIN" eval "$TMP/situation.yaml" --json
}

# --- before any import: the rules version, the shipped files -----------------
plan "eval before import" 32227
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rules_version"])' \
    "$TMP/out" >"$TMP/version0"
shipped=$(cat rules/services/*.yaml rules/services/kinds.yaml | cksum)

# --- usage ---------------------------------------------------------------------
expect_rc "no file" 2 "$BIN" directory import-annuaire
expect_rc "bad option" 2 "$BIN" directory import-annuaire --bogus "$GOOD"
expect_rc "unknown department" 2 "$BIN" --lang en directory import-annuaire "$GOOD" --department 99x
expect_in "unknown department message" "$TMP/err" 'unknown department "99x"'
# the messages of the annuaire import are translated (French by default)
expect_rc "unknown department (fr)" 2 "$BIN" directory import-annuaire "$GOOD" --department 99x
expect_in "unknown department message (fr)" "$TMP/err" 'département inconnu « 99x »'
expect_rc "missing file" 2 "$BIN" directory import-annuaire "$TMP/nope.json"

# --- two departments in the file: one must be chosen --------------------------
expect_rc "two departments" 2 "$BIN" --lang en directory import-annuaire "$GOOD"
expect_in "two departments message" "$TMP/err" \
	"the file holds offices of department 32 and of 40: choose one with --department"
[ ! -e "$LOCAL32" ] && pass || fail "two departments: a file was written"

# --- dry run -------------------------------------------------------------------
expect_rc "dry run" 0 "$BIN" --lang en directory import-annuaire "$GOOD" --department 32 --dry-run
expect_in "dry run says so" "$TMP/out" "dry run: nothing written"
expect_in "dry run counts" "$TMP/out" "8 records read; department 32: 6 offices kept (records modified up to 2026-11-20)"
expect_in "dry run mds" "$TMP/out" "kind mds: 1 offices, 1 with a sector (7 communes)"
# the PMI lists a commune déléguée (Cannet): counted as its parent Riscle
expect_in "dry run pmi" "$TMP/out" "kind mds_pmi: 1 offices, 1 with a sector (8 communes)"
expect_in "dry run unmapped type" "$TMP/out" 'type "mairie": 1 records of the department'
# a directory record of the same kind and commune is reported, both kept
expect_in "same kind and commune reported" "$TMP/out" \
	'and directory record "mds32-nogaro-accueil-social" (Accueil social – MDS de Nogaro) are both of kind "mds" in Nogaro (32296): both kept'
expect_in "other department's communes" "$TMP/out" "1 communes of other departments left out of its sector"
[ ! -e "$LOCAL32" ] && pass || fail "dry run wrote $LOCAL32"

# --- the import ----------------------------------------------------------------
expect_rc "import" 0 "$BIN" --lang en directory import-annuaire "$GOOD" --department 32
expect_in "import writes the local file" "$TMP/out" "wrote $LOCAL32"
[ -f "$LOCAL32" ] && pass || fail "no $LOCAL32"
[ "$(cat rules/services/*.yaml rules/services/kinds.yaml | cksum)" = "$shipped" ] &&
	pass || fail "the shipped directory changed"
expect_rc "check after import" 0 "$BIN" check
python3 - "$LOCAL32" <<'P' && pass || fail "local file: records, verification, sectors"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
assert d["meta"]["departement"] == "32" and d["meta"]["origine"] == "annuaire"
st = {s["id"]: s for s in d["structures"]}
sv = {s["id"]: s for s in d["services"]}
mds = st["dila32-a0000000-0000-4000-8000-000000000001"]
assert mds["horaires_accueil"] == "Mo-Fr 08:30-12:00,13:30-17:00", mds
assert mds["telephone"] == "+33562000001" and mds["code_insee"] == "32296"
v = mds["x_verification"]
assert v["statut"] == "verifie" and v["date_source"] == "2026-11-20"
assert v["source"].endswith("/a0000000-0000-4000-8000-000000000001")
assert mds["date_maj"] == "2026-11-20"
assert st["dila32-a0000000-0000-4000-8000-000000000002"]["horaires_accueil"] == \
    "Tu 09:00-12:00; Th 14:00-17:00"
assert st["dila32-a0000000-0000-4000-8000-000000000003"]["horaires_accueil"] == \
    "Mo-Fr 08:00-12:00; Sa 09:00-11:30"
# the final period of a name goes (data·inclusion: no final period)
assert st["dila32-a0000000-0000-4000-8000-000000000003"]["nom"].endswith("(essai)")
# the mairie and the Landes office are not kept
assert "dila32-a0000000-0000-4000-8000-000000000006" not in st
assert "dila32-a0000000-0000-4000-8000-000000000007" not in st
# one service per kind; the France services record's mairie pivot is not one
fs = [s for s in sv.values() if s["structure_id"].endswith("0004")]
assert [s["x_kind"] for s in fs] == ["france_services"], fs
sec = d["secteurs"]
assert sec["dila32-a0000000-0000-4000-8000-000000000001-mds"]["communes"] == \
    ["32005", "32049", "32062", "32155", "32227", "32296", "32369"]
assert "32344" in sec["dila32-a0000000-0000-4000-8000-000000000002-mds_pmi"]["communes"]
assert "40192" not in sec["dila32-a0000000-0000-4000-8000-000000000001-mds"]["communes"]
# no commune in its competence: no sector, never the whole department
cg = sv["dila32-a0000000-0000-4000-8000-000000000008-conseil_departemental"]
assert cg.get("x_secteur") is None
P

# --- offices, hours and sectors in `commune` --------------------------------
expect_rc "commune nogaro" 0 "$BIN" commune Nogaro
expect_in "nogaro mds from the annuaire" "$TMP/out" "    $MDS"
expect_in "nogaro mds hours" "$TMP/out" "horaires : du lundi au vendredi 8${NB}h${NB}30–12${NB}h, 13${NB}h${NB}30–17${NB}h"
expect_in "nogaro mds phone" "$TMP/out" "tél. 05 62 00 00 01"
expect_in "nogaro mds source" "$TMP/out" \
	"https://lannuaire.service-public.fr/occitanie/gers/a0000000-0000-4000-8000-000000000001 (2026-11-20)"
expect_in "nogaro pmi two days" "$TMP/out" "horaires : mardi 9${NB}h–12${NB}h${NNB}; jeudi 14${NB}h–17${NB}h"
# Manciet is in the MDS's commune list: the competent office, not a guess
expect_rc "commune manciet" 0 "$BIN" commune Manciet
expect_in "manciet mds by sector" "$TMP/out" "    $MDS"
expect_not_in "manciet no 'not known'" "$TMP/out" "Competent office not known for this commune (no sectors): Maison départementale des solidarités (MDS / CMS)"
# Riscle through the commune déléguée Cannet in the PMI's list
expect_rc "commune riscle" 0 "$BIN" commune Riscle
expect_in "riscle pmi" "$TMP/out" "    PMI de Nogaro (essai)"
# Auch is not in the MDS's list: the MDS is no competent office there, only
# the nearest one known, and said so
expect_rc "commune auch" 0 "$BIN" --lang en commune -n 1 Auch
grep -qx -- "    $MDS" "$TMP/out" && fail "auch: the nogaro mds as the competent office" || pass
grep -A2 -F "      $MDS, Nogaro" "$TMP/out" |
	grep -q "^        nearest, not confirmed as competent: [0-9]* km between the commune centres$" &&
	pass || fail "auch: the nogaro mds not labelled as the nearest"
expect_in "auch ccas by sector" "$TMP/out" "    Centre communal d'action sociale d'Auch (essai)"

# --- in a plan -----------------------------------------------------------------
plan "eval manciet" 32227
python3 - "$TMP/out" "$MDS" <<'P' && pass || fail "plan: the MDS of the sector, routing sector"
import json, sys
d = json.load(open(sys.argv[1]))
steps = [s for s in d["plan"] if s["service"] == "mds"]
assert steps, [s["service"] for s in d["plan"]]
for s in steps:
    assert s["routing"] == "sector", s
    assert s["offices"][0]["name"] == sys.argv[2], s["offices"][0]
    assert s["offices"][0]["why"] == "sector"
    assert s["offices"][0]["hours"] == "Mo-Fr 08:30-12:00,13:30-17:00"
    assert s["offices"][0]["verified"] is True
P
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rules_version"])' \
    "$TMP/out" >"$TMP/version1"
cmp -s "$TMP/version0" "$TMP/version1" && fail "rules version ignores the annuaire import" || pass
expect_rc "eval manciet text" 0 env LANGUAGE=en "$BIN" eval "$TMP/situation.yaml"
expect_in "plan text names the office" "$TMP/out" "$MDS"

# --- the export ----------------------------------------------------------------
expect_rc "export" 0 "$BIN" directory export --format data-inclusion
python3 tests/cli/di-check.py "$TMP/out" && pass || fail "export with the annuaire: schema rules"
python3 - "$TMP/out" <<'P' && pass || fail "export: annuaire records, their sectors and dates"
import json, sys
d = json.load(open(sys.argv[1]))
sv = {s["id"]: s for s in d["services"]}
s = sv["aiguillage--dila32-a0000000-0000-4000-8000-000000000001-mds"]
assert s["zone_eligibilite"] == ["32005", "32049", "32062", "32155", "32227", "32296", "32369"], s
assert s["x_verification"]["statut"] == "verifie" and s["date_maj"] == "2026-11-20"
# the research record is still there, still to verify
assert sv["aiguillage--mds32-nogaro-accueil-social"]["x_verification"]["statut"] == "a_verifier"
P

# --- a malformed file is refused whole, every problem listed --------------------
sum_before=$(cksum <"$LOCAL32")
expect_rc "bad file" 2 "$BIN" --lang en directory import-annuaire "$BAD" --department 32
for want in \
	'annuaire-32-bad.json:3: record "b0000000-0000-4000-8000-000000000001": pivot[0] (mds): unknown commune code "32999"' \
	'annuaire-32-bad.json:3: record "b0000000-0000-4000-8000-000000000001": plage_ouverture[0]: unknown day "Lundy"' \
	'annuaire-32-bad.json:57: record "b0000000-0000-4000-8000-000000000002": "date_modification" is not a date' \
	'annuaire-32-bad.json:57: record "b0000000-0000-4000-8000-000000000002": telephone "téléphone" is not a phone number' \
	'annuaire-32-bad.json:57: record "b0000000-0000-4000-8000-000000000002": plage_ouverture[0]: valeur_heure_fin_1 is not after valeur_heure_debut_1' \
	'annuaire-32-bad.json:57: record "b0000000-0000-4000-8000-000000000002": plage_ouverture[1]: valeur_heure_debut_2 without valeur_heure_fin_2' \
	'annuaire-32-bad.json:103: record "b0000000-0000-4000-8000-000000000003": "nom" must be 3 to 150 characters' \
	'annuaire-32-bad.json:103: record "b0000000-0000-4000-8000-000000000003": no "url_service_public"' \
	'annuaire-32-bad.json:125: record "b0000000-0000-4000-8000-000000000003": the id appears twice in the file' \
	'annuaire-32-bad.json:147: record "?": no "id"' \
	'annuaire-32-bad.json:214: record "b0000000-0000-4000-8000-000000000007": "code_insee_commune": unknown commune code "32998"' \
	'annuaire-32-bad.json:214: record "b0000000-0000-4000-8000-000000000007": pivot[0] (ccas): unknown commune code "32998"' \
	'12 problems in tests/data/annuaire-32-bad.json: nothing was changed'; do
	expect_in "bad file lists: $want" "$TMP/err" "$want"
done
[ "$(grep -c 'record "' "$TMP/err")" -eq 12 ] && pass ||
	fail "bad file: $(grep -c 'record "' "$TMP/err") problems listed, expected 12"
[ "$(cksum <"$LOCAL32")" = "$sum_before" ] && pass || fail "bad file changed the earlier import"
# not JSON at all: the place of the fault
printf '{"service": [{"id": "x", "pivot": [' >"$TMP/cut.json"
expect_rc "truncated JSON" 2 "$BIN" --lang en directory import-annuaire "$TMP/cut.json" --department 32
expect_in "truncated JSON place" "$TMP/err" "cut.json:1:"
# bounds: a record over 1 MiB, nesting over 32 levels (the file is streamed)
python3 -c 'import sys; sys.stdout.write("[{\"id\": \"" + "x" * (1100 * 1024) + "\"}]")' >"$TMP/huge.json"
expect_rc "record too large" 2 "$BIN" --lang en directory import-annuaire "$TMP/huge.json" --department 32
expect_in "record too large message" "$TMP/err" "a record is larger than 1048576 bytes"
python3 -c 'import sys; sys.stdout.write("[" * 40 + "]" * 40)' >"$TMP/deep.json"
expect_rc "too deep" 2 "$BIN" --lang en directory import-annuaire "$TMP/deep.json" --department 32
expect_in "too deep message" "$TMP/err" "nested more than 32 levels deep"
printf '{"services": []}' >"$TMP/other.json"
expect_rc "no service list" 2 "$BIN" --lang en directory import-annuaire "$TMP/other.json" --department 32
expect_in "no service list message" "$TMP/err" 'no "service" list of records'

# --- an export of the API (members as JSON text), another department -----------
expect_rc "import api export" 0 "$BIN" --lang en directory import-annuaire "$API"
expect_in "api export department" "$TMP/out" "1 records read; department 41: 1 offices kept (records modified up to 2026-11-02)"
expect_rc "commune mer" 0 "$BIN" commune Mer
expect_in "mer annuaire mds" "$TMP/out" "    Maison départementale des solidarités de Mer (essai)"
expect_in "mer annuaire hours" "$TMP/out" "horaires : du lundi au vendredi 9${NB}h–12${NB}h${NB}30, 13${NB}h${NB}30–17${NB}h"
# the department's own verified record stays, as the PMI of Mer
expect_in "mer research pmi stays" "$TMP/out" "PMI de Mer, Mer"

# --- a department's own sectorisation (territory import) wins for its kinds ---
python3 - >"$TMP/sect.csv" <<'P'
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["commune", "office"])
for l in open("rules/territory/communes.tsv", encoding="utf-8"):
    f = l.rstrip("\n").split("\t")
    if len(f) > 5 and f[2] == "32" and f[5] == "commune":
        w.writerow([f[0], "dila32-a0000000-0000-4000-8000-000000000003-ccas"])
P
expect_rc "csv sectorisation of an annuaire office" 0 "$BIN" territory import "$TMP/sect.csv"
expect_rc "commune nogaro after csv" 0 "$BIN" commune Nogaro
expect_in "nogaro ccas from the csv sectors" "$TMP/out" "    Centre communal d'action sociale d'Auch (essai)"
expect_rc "check after csv" 0 "$BIN" check
rm -f "$AIGUILLAGE_LOCAL_DIR/sectors/32.yaml"

# --- importing again replaces the department's earlier import -----------------
expect_rc "import again" 0 "$BIN" --lang en directory import-annuaire "$GOOD" --department 32
expect_in "import again says it replaces" "$TMP/out" "replaces the earlier import of department 32"
[ "$(ls "$AIGUILLAGE_LOCAL_DIR/services" | wc -l)" -eq 2 ] && pass ||
	fail "local services: $(ls "$AIGUILLAGE_LOCAL_DIR/services")"

# --- a department without a shipped directory: the local file alone ---------
expect_rc "import landes" 0 "$BIN" --lang en directory import-annuaire "$GOOD" --department 40
expect_in "landes kept" "$TMP/out" "department 40: 3 offices kept"
expect_rc "commune mont-de-marsan" 0 "$BIN" --lang en commune Mont-de-Marsan
expect_not_in "landes has a directory now" "$TMP/out" "no directory for department 40"
expect_in "landes office" "$TMP/out" "    Maison départementale des solidarités de Mont-de-Marsan (essai)"
expect_rc "check with landes" 0 "$BIN" check

finish
