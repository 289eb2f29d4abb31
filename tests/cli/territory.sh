#!/bin/sh
# CLI tests of the territory commands: commune, directory, territory import.
# Usage: tests/cli/territory.sh [BIN] (default ./aiguillage or $AIG_BIN).
# Run from the source tree root; imports write into a local data directory
# of their own (never into rules/).
. "$(dirname "$0")/lib.sh"
L="$TMP/data/aiguillage"	# its parent does not exist yet either
export AIGUILLAGE_LOCAL_DIR="$L"
# The messages below are checked in English (they are translated).
export LANGUAGE=en

# --- commune -------------------------------------------------------------
expect_rc "commune l isle jourdain" 0 "$BIN" commune "l isle jourdain"
head -1 "$TMP/out" | grep -q "L'Isle-Jourdain (32) — 32600 — INSEE 32160" &&
	pass || fail "l isle jourdain: L'Isle-Jourdain (32) first"
expect_in "l isle jourdain homonym" "$TMP/out" "L'Isle-Jourdain (86)"
expect_in "gers general contact" "$TMP/out" "General contact of the department"
expect_in "unverified mark" "$TMP/out" "[to verify]"
expect_in "phone formatted" "$TMP/out" "05 62 67 40 40"

expect_rc "commune 32000" 0 "$BIN" commune 32000
head -1 "$TMP/out" | grep -q "Auch (32)" && pass || fail "32000: Auch first"

expect_rc "commune words" 0 "$BIN" commune st jean de luz
head -1 "$TMP/out" | grep -q "Saint-Jean-de-Luz (64)" && pass ||
	fail "st jean de luz: Saint-Jean-de-Luz first"
expect_rc "commune dep filter" 0 "$BIN" commune beaucaire 32
head -1 "$TMP/out" | grep -q "Beaucaire (32)" && pass || fail "beaucaire 32"
expect_rc "commune delegated" 0 "$BIN" commune onzain
expect_in "delegated label" "$TMP/out" "Onzain — Veuzain-sur-Loire (41)"
expect_in "delegated offices of parent" "$TMP/out" "Offices for Veuzain-sur-Loire (41)"
expect_rc "commune limit" 0 "$BIN" commune -n 2 --no-offices saint
[ "$(grep -c '^ *[0-9]*\. ' "$TMP/out")" -eq 2 ] && pass || fail "-n 2: two rows"
expect_in "commune more" "$TMP/out" "more"
expect_not_in "no offices" "$TMP/out" "Offices for"
# The site's department (configuration `department`): among communes
# matching as well, those of the department first; exact names still
# before longer ones; a department named in the query wins.
printf 'department = 41\n' >"$TMP/d41.conf"
expect_rc "saint amand, no department" 0 "$BIN" commune -n 6 --no-offices \
    saint amand
grep -n . "$TMP/out" | grep -q '^4:.*Saint-Amand-les-Eaux (59)' && pass ||
	fail "no department: Saint-Amand-les-Eaux (59) 4th"
expect_not_in "no department: 41 not in the first 6" "$TMP/out" "(41)"
expect_rc "saint amand, department 41" 0 "$BIN" --config "$TMP/d41.conf" \
    commune -n 6 --no-offices saint amand
grep -n . "$TMP/out" | grep -q '^4:.*Saint-Amand-Longpré (41)' && pass ||
	fail "department 41: Saint-Amand-Longpré (41) after the exact names"
grep -n . "$TMP/out" | grep -q '^3:.*Saint-Amand — ' && pass ||
	fail "department 41: the exact names first"
expect_rc "one letter, department 41" 0 "$BIN" --config "$TMP/d41.conf" \
    commune -n 3 --no-offices s
[ "$(grep -c '(41)' "$TMP/out")" -eq 3 ] && pass ||
	fail "one letter, department 41: three communes of 41"
expect_rc "named department wins" 0 "$BIN" --config "$TMP/d41.conf" \
    commune -n 1 --no-offices saint amand 62
expect_in "named department wins" "$TMP/out" "Saint-Amand (62)"
# check of a site naming its department: what the directory holds there.
expect_rc "check, department 41" 0 "$BIN" --config "$TMP/d41.conf" check
expect_in "check 41: offices" "$TMP/out" "department 41: "
grep -q '^department 41: [0-9]* offices in the directory, [0-9]* verified$' \
    "$TMP/out" && pass || fail "check 41: the count of offices"
expect_in "check 41: kinds without sectors" "$TMP/out" \
    "offices without a sectorisation"
expect_in "check 41: kinds without office" "$TMP/out" "France Travail"
printf 'department = 75\n' >"$TMP/d75.conf"
expect_rc "check, department 75" 0 "$BIN" --config "$TMP/d75.conf" check
expect_in "check 75: no directory" "$TMP/out" \
    "department 75: no directory file"
printf 'department = 99\n' >"$TMP/d99.conf"
expect_rc "check, department 99" 2 "$BIN" --config "$TMP/d99.conf" check
expect_in "check 99: refused" "$TMP/err" \
    "department 99 is not a department of the commune table"
expect_rc "commune none" 0 "$BIN" commune zzqqxx
expect_in "commune none message" "$TMP/out" "no commune matches"
expect_rc "commune no query" 2 "$BIN" commune
expect_in "commune usage message" "$TMP/err" "aiguillage: usage"
expect_rc "commune bad option" 2 "$BIN" commune --bogus auch
expect_in "commune bad option message" "$TMP/err" "aiguillage: unknown option \"--bogus\""
expect_rc "commune bad -n" 2 "$BIN" commune -n 0 auch
expect_rc "commune help" 0 "$BIN" commune --help

# --- directory -----------------------------------------------------------
expect_rc "directory list" 0 "$BIN" directory list
expect_in "directory list national" "$TMP/out" "nat-line-115"
expect_in "directory list gers" "$TMP/out" "mdph32-accueil"
expect_rc "directory list kind" 0 "$BIN" directory list --kind mdph
[ "$(cut -f2 "$TMP/out" | sort -u)" = "mdph" ] && pass || fail "--kind mdph only"
expect_rc "directory list dep" 0 "$BIN" directory list --dep national
[ "$(cut -f3 "$TMP/out" | sort -u)" = "national" ] && pass || fail "--dep national only"
expect_rc "directory search" 0 "$BIN" directory search "cidff"
expect_in "directory search hit" "$TMP/out" "cidff32-permanences"
expect_rc "directory search commune" 0 "$BIN" directory search mdph --commune 30189
expect_in "directory search commune gard" "$TMP/out" "30"
expect_not_in "directory search commune not gers" "$TMP/out" "mdph32"
expect_rc "directory bad kind" 2 "$BIN" directory list --kind nope
expect_in "directory bad kind message" "$TMP/err" "aiguillage: unknown service kind \"nope\""
expect_rc "directory no sub" 2 "$BIN" directory
expect_rc "directory bad sub" 2 "$BIN" directory frobnicate
expect_rc "directory search no text" 2 "$BIN" directory search
expect_rc "directory export no format" 2 "$BIN" directory export
expect_rc "directory export bad format" 2 "$BIN" directory export --format csv
expect_rc "directory export" 0 "$BIN" directory export --format data-inclusion
python3 -m json.tool "$TMP/out" >/dev/null && pass || fail "export: valid JSON"
python3 tests/cli/di-check.py "$TMP/out" && pass || fail "export: data·inclusion schema 1.0 rules"
python3 - "$TMP/out" rules/services <<'P' && pass || fail "export: honest (status, planned, zones, dates)"
import glob, json, sys, yaml
d = json.load(open(sys.argv[1]))
src = {}
for f in glob.glob(sys.argv[2] + "/*.yaml"):
    y = yaml.safe_load(open(f))
    if not y.get("meta", {}).get("departement"):
        continue
    for r in (y.get("structures") or []) + (y.get("services") or []):
        src[r["id"]] = r
out = {r["id"].split("--", 1)[1]: r for r in d["structures"] + d["services"]}
for i, r in src.items():
    if r.get("x_statut") in ("prevue", "a_confirmer"):
        assert i not in out, "planned structure exported: " + i
    if i not in out:
        continue
    e = out[i]
    # the verification status is carried as given, never upgraded
    assert e["x_verification"]["statut"] == r["x_verification"]["statut"], i
    ds = r["x_verification"].get("date_source")
    if ds and len(str(ds)) == 10:
        assert e["date_maj"] == str(ds), (i, e["date_maj"], ds)
# services of planned structures are left out with them
sids = {s["id"] for s in d["structures"]}
assert all(s["structure_id"] in sids for s in d["services"])
# an MDS without a known sector does not claim the whole department
for s in d["services"]:
    if s["id"].startswith("aiguillage--mds32-nogaro"):
        assert s["zone_eligibilite"] is None, s
assert any(s["zone_eligibilite"] == ["32"] for s in d["services"])
P
expect_rc "directory export verified only" 0 "$BIN" directory export --format data-inclusion --verified-only
python3 tests/cli/di-check.py "$TMP/out" && pass || fail "export --verified-only: schema rules"
python3 - "$TMP/out" <<'P' && pass || fail "export --verified-only: nothing to verify"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["structures"] and d["services"]
for r in d["structures"] + d["services"]:
    assert r["x_verification"]["statut"] == "verifie", r["id"]
P
expect_rc "verified-only elsewhere" 2 "$BIN" directory list --verified-only
expect_rc "directory export file" 0 "$BIN" directory export --format data-inclusion -o "$TMP/di.json"
python3 -m json.tool "$TMP/di.json" >/dev/null && pass || fail "export -o: valid JSON"

# --- territory import ------------------------------------------------------
R="$TMP/rules"
mkdir -p "$R/territory"
ln -s "$PWD/rules/services" "$R/services"
ln -s "$PWD/rules/territory/communes.tsv" "$R/territory/communes.tsv"
expect_rc "import bad" 2 env AIGUILLAGE_RULES="$R" "$BIN" --rules "$R" territory import tests/data/import-41-bad.csv
expect_in "import unknown code" "$TMP/err" "import-41-bad.csv:6: unknown commune code \"41999\""
expect_in "import duplicate" "$TMP/err" "import-41-bad.csv:18: duplicate: commune \"41018\""
expect_in "import missing" "$TMP/err" "commune \"41136\" (Mer) has no office of kind \"mds\""
expect_in "import summary" "$TMP/err" "aiguillage: 3 problems in tests/data/import-41-bad.csv: nothing was changed"
[ ! -e "$R/territory/sectors" ] && [ ! -e "$L" ] && pass || fail "import bad: nothing written"
expect_rc "import errors" 2 "$BIN" --rules "$R" territory import tests/data/import-41-errors.csv
expect_in "import other dep" "$TMP/err" ":2: commune \"32013\" (Auch) is in department 32, not 41"
expect_in "import delegated" "$TMP/err" ":3: \"41272\" (Veuves) is not a current commune"
expect_in "import unknown office" "$TMP/err" ":4: unknown office \"mds41-foo\""
expect_in "import not sectorised" "$TMP/err" ":5: office \"cd41-contact\""
expect_in "import two departments" "$TMP/err" ":6: office \"cms30-nimes-chemin-bas-accueil-social\" belongs to department 30"
expect_in "import fields" "$TMP/err" ":7: expected 2 fields"
expect_in "import national" "$TMP/err" ":8: \"nat-line-115\" is a national service"
expect_rc "import no header" 2 "$BIN" --rules "$R" territory import tests/data/commune-queries.tsv
expect_in "import header message" "$TMP/err" "expected the header \"commune,office\""
expect_rc "import missing file" 2 "$BIN" --rules "$R" territory import "$TMP/none.csv"
expect_rc "import usage" 2 "$BIN" --rules "$R" territory import
expect_rc "import bad sub" 2 "$BIN" --rules "$R" territory frob x.csv
expect_rc "import dry run" 0 "$BIN" --rules "$R" territory import tests/data/import-41-clean.csv --dry-run
expect_in "dry run counts" "$TMP/out" "department 41, kind mds: 267 communes, 3 offices"
expect_in "dry run message" "$TMP/out" "dry run: nothing written"
[ ! -e "$L/sectors/41.yaml" ] && pass || fail "dry run: nothing written"
expect_rc "version before import" 0 "$BIN" eval tests/summary/mere-isolee.yaml --json
v1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rules_version"])' "$TMP/out")
# The shipped rules are read-only: the import goes to the local directory.
chmod a-w "$R/territory"
expect_rc "import clean" 0 "$BIN" --rules "$R" territory import tests/data/import-41-clean.csv
chmod u+w "$R/territory"
expect_in "import wrote" "$TMP/out" "$L/sectors/41.yaml"
[ -s "$L/sectors/41.yaml" ] && pass || fail "import clean: file written"
[ ! -e "$R/territory/sectors" ] && pass || fail "import clean: shipped rules written"
ls -a "$L/sectors" | grep -q '^\.sectors\.' && fail "temp file left" || pass
# The rules version of a result covers the local data.
expect_rc "version after import" 0 "$BIN" eval tests/summary/mere-isolee.yaml --json
v2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rules_version"])' "$TMP/out")
[ -n "$v1" ] && [ -n "$v2" ] && [ "$v1" != "$v2" ] && pass ||
	fail "version: $v1 before the import, $v2 after"
AIGUILLAGE_LOCAL_DIR="$TMP/none" "$BIN" eval tests/summary/mere-isolee.yaml --json >"$TMP/out" 2>"$TMP/err"
v3=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rules_version"])' "$TMP/out")
[ "$v1" = "$v3" ] && pass || fail "version without local data: $v3, expected $v1"
# ... and the shipped territory data (a copy of the rules with one commune
# centre changed gives another version).
V=$TMP/rules-v
cp -R rules "$V"
sed -i '$ s/\t[0-9.-]*$/\t0.5/' "$V/territory/coords.tsv"
AIGUILLAGE_LOCAL_DIR="$TMP/none" "$BIN" --rules "$V" eval tests/summary/mere-isolee.yaml --json >"$TMP/out" 2>"$TMP/err"
v4=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rules_version"])' "$TMP/out")
[ -n "$v4" ] && [ "$v4" != "$v3" ] && pass ||
	fail "version ignores the shipped territory data: $v4 and $v3"
rm -rf "$V"
expect_rc "commune after import" 0 "$BIN" --rules "$R" commune mer 41
expect_in "sector office" "$TMP/out" "Accueil social, évaluation et orientation – MDS de Vendôme"
expect_rc "directory export sectors" 0 "$BIN" --rules "$R" directory export --format data-inclusion
python3 - "$TMP/out" <<'P' && pass || fail "export: zone_eligibilite from sectors"
import json, sys
d = json.load(open(sys.argv[1]))
s = [s for s in d["services"] if s["id"] == "aiguillage--mds41-blois-accueil-social"][0]
assert "41018" in s["zone_eligibilite"] and "41" not in s["zone_eligibilite"], s["zone_eligibilite"]
P
# A broken sectors file is an invalid rule base.
printf 'departement: "41"\nkinds: [mds]\noffices:\n  nope: ["41018"]\n' >"$L/sectors/41.yaml"
expect_rc "broken sectors file" 3 "$BIN" --rules "$R" commune mer
expect_in "broken sectors message" "$TMP/err" "41.yaml:4:3: no office \"nope\" in department 41"
rm -f "$L/sectors/41.yaml"

# --- commune centres (rules/territory/coords.tsv) ------------------------------
# A rules tree sharing the shipped files but the table of centres.
R="$TMP/rules-geo"
mkdir -p "$R/territory"
for f in rules/*; do
	[ "$f" = rules/territory ] || ln -s "$PWD/$f" "$R/${f#rules/}"
done
ln -s "$PWD/rules/territory/communes.tsv" "$R/territory/communes.tsv"
# No table: no distance, the department's contact first.
expect_rc "no coords file" 0 "$BIN" --rules "$R" --lang en commune -n 1 Nogaro
expect_not_in "no coords: no nearest" "$TMP/out" "nearest, not confirmed"
expect_in "no coords: general contact" "$TMP/out" "no office of the kind can be placed by distance"
# A malformed table: `check` names the place; routing goes on without it.
printf '# centres\ninsee\tlat\tlon\n32296\t43.7\t-0.03\n01001\t95\t5\n' >"$R/territory/coords.tsv"
expect_rc "check bad coords" 3 "$BIN" --rules "$R" --lang en check
expect_in "check bad coords message" "$TMP/err" "territory/coords.tsv:4:7: expected a latitude between -90 and 90"
expect_rc "commune with bad coords" 0 "$BIN" --rules "$R" --lang en commune -n 1 Nogaro
expect_not_in "bad coords: no nearest" "$TMP/out" "nearest, not confirmed"
# A good one of two rows: Nogaro's own MDS at 0 km, the others without a
# centre after it.
printf 'insee\tlat\tlon\n32296\t43.75821\t-0.03385\n' >"$R/territory/coords.tsv"
expect_rc "check small coords" 0 "$BIN" --rules "$R" check
expect_rc "commune small coords" 0 "$BIN" --rules "$R" --lang en commune -n 1 Nogaro
expect_in "small coords: nearest" "$TMP/out" "        nearest, not confirmed as competent: 0 km between the commune centres"

# --- results kept in the cache are never stale (issue 19) ---------------------
# `check` keeps its sector check, routing the verdict that the table of
# centres is sound, under a key of the files' contents (remembered by
# their stat). A file rewritten with the same size and its mtime put back
# (touch -r) is still seen: its ctime changed. The files are first left
# to settle (a file changed less than 2 s before it is hashed is read
# again at every run, never remembered by its stat).
printf 'insee\tlat\tlon\n32296\t43.75821\t-0.03385\n' >"$R/territory/coords.tsv"
touch -r "$R/territory/coords.tsv" "$TMP/coords.stamp"
sleep 3
expect_rc "kept: check sound coords" 0 "$BIN" --rules "$R" --lang en check
expect_rc "kept: check again" 0 "$BIN" --rules "$R" --lang en check
expect_rc "kept: commune, nearest" 0 "$BIN" --rules "$R" --lang en commune -n 1 Nogaro
expect_in "kept: nearest" "$TMP/out" "nearest, not confirmed as competent: 0 km"
ls "$XDG_CACHE_HOME"/aiguillage/check-*.img "$XDG_CACHE_HOME"/aiguillage/coords-*.img \
    "$XDG_CACHE_HOME"/aiguillage/files.idx >/dev/null 2>&1 && pass ||
	fail "kept: no check, coords or files.idx in the cache"
# the same size, a latitude out of range, the mtime put back
printf 'insee\tlat\tlon\n32296\t93.75821\t-0.03385\n' >"$R/territory/coords.tsv"
touch -r "$TMP/coords.stamp" "$R/territory/coords.tsv"
expect_rc "kept: check sees the change" 3 "$BIN" --rules "$R" --lang en check
expect_in "kept: check message" "$TMP/err" "territory/coords.tsv:2:7: expected a latitude between -90 and 90"
expect_rc "kept: commune sees the change" 0 "$BIN" --rules "$R" --lang en commune -n 1 Nogaro
expect_not_in "kept: no nearest from a bad table" "$TMP/out" "nearest, not confirmed"
rm -f "$R/territory/coords.tsv"
# A local sectors file that breaks the territory, then removed: check
# says so, then no more (the local folders are in the keys too).
mkdir -p "$L/sectors"
printf 'departement: "41"\nkinds: [mds]\noffices:\n  nope: ["41018"]\n' >"$L/sectors/41.yaml"
expect_rc "kept: broken local sectors" 3 "$BIN" --rules "$R" --lang en check
expect_in "kept: broken local sectors message" "$TMP/err" "no office \"nope\""
rm -f "$L/sectors/41.yaml"
expect_rc "kept: no local sectors" 0 "$BIN" --rules "$R" --lang en check
expect_not_in "kept: no stale message" "$TMP/err" "nope"

finish
