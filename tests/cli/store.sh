#!/bin/sh
# The store through the real binary: a plain interview killed with SIGKILL
# keeps every answer given, is listed as unfinished and resumes; sensitive
# answers never reach the file; erase leaves no trace.
. "$(dirname "$0")/lib.sh"
# AIG_TEST_DB: a PostgreSQL conninfo instead (tests/store/pg_suites.sh,
# which sets AIG_TEST_PGDATA, the server's data directory).
export AIGUILLAGE_DB="${AIG_TEST_DB:-$TMP/cases.db}"
# in_db TEXT: TEXT is in the database's files (the server's data
# directory and write-ahead log on PostgreSQL).
in_db() {
	if [ -n "${AIG_TEST_PGDATA:-}" ]; then
		grep -r -a -q -- "$1" "$AIG_TEST_PGDATA/base" \
		    "$AIG_TEST_PGDATA/pg_wal"
	else
		grep -a -q -- "$1" "$AIGUILLAGE_DB" "$AIGUILLAGE_DB-wal" \
		    2>/dev/null
	fi
}
# erased TEXT: TEXT is gone. On SQLite from the files (secure_delete,
# truncated WAL); on PostgreSQL from every table (old row versions stay
# in the server's files until VACUUM and WAL recycling: doc/admin.md).
erased() {
	if [ -n "${AIG_TEST_PGDATA:-}" ]; then
		[ "$(psql -X -A -t -d "$AIGUILLAGE_DB" -c "SELECT count(*) FROM answers WHERE \
		    value LIKE '%$1%'")" = 0 ]
	else
		! in_db "$1"
	fi
}

# Feed answers slowly through a fifo, kill -9 after the sixth.
mkfifo "$TMP/in"
"$BIN" interview --plain --date 2026-11-15 <"$TMP/in" >"$TMP/out" 2>&1 &
pid=$!
exec 3>"$TMP/in"
# danger_now, urgent (don't know), the reason (don't know), respondent, age
printf 'n\n\n\n1\n71\n' >&3
i=0
while ! grep -q '\[6\]' "$TMP/out" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
printf '32013\n' >&3		# commune: Auch, the sixth answer
i=0
while ! grep -q '\[7\]' "$TMP/out" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
expect_rc "cases list after kill" 0 "$BIN" cases list
expect_in "unfinished case listed" "$TMP/out" "unfinished"
# the reason (don't know), age and commune saved; danger_now and urgent are
# sensitive; respondent is not yet disclosed: the blind interview (no
# sensitive answer seen, src/engine/interview.h) has not asked for it yet,
# so it is only on screen (a crash loses it: the agent asks it again on
# resume).
n=$(awk -F'\t' '{print $7}' "$TMP/out" | head -n 1)
[ "$n" = 3 ] && pass || fail "answers kept after SIGKILL: $n, expected 3"
id=$(cut -f1 "$TMP/out" | head -n 1)
# Resume: the interview goes on after the age question.
printf '.\n' | "$BIN" interview --plain --resume "$id" --date 2026-11-15 >"$TMP/out" 2>&1
[ $? -eq 0 ] && pass || fail "resume exit"
if grep -q "Quel âge" "$TMP/out"; then fail "resume asked the age again"; else pass; fi
expect_rc "cases show" 0 "$BIN" cases show "$id"
expect_in "cases show age" "$TMP/out" "71"
# Sensitive answers never touch the disk: danger_now answered yes.
printf 'o\n' | "$BIN" interview --plain --date 2026-11-15 >/dev/null 2>&1
if in_db "danger_now"; then
	fail "a sensitive answer reached the database file"; else pass; fi
# Erase: a distinctive value disappears from the file.
cat >"$TMP/s.yaml" <<'Y'
respondent: self
age: 87
commune: "41018"
Y
expect_rc "replay saved" 0 "$BIN" interview --replay "$TMP/s.yaml" --date 2026-11-15
"$BIN" cases list >"$TMP/list"
eid=$(head -n 1 "$TMP/list" | cut -f1)
in_db "41018" && pass || fail "value stored before erase"
expect_rc "erase" 0 "$BIN" cases erase "$eid"
if erased "41018"; then pass; else
	fail "erased value still in the database"; fi
# The summary to the configured printer, through lp (a stand-in here).
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "$@" >"%s/lp-args"\ncat >"%s/lp-job"\n' "$TMP" "$TMP" >"$TMP/bin/lp"
chmod +x "$TMP/bin/lp"
printf 'printer = accueil_mds\n' >"$TMP/lp.conf"
"$BIN" interview --replay "$TMP/s.yaml" --date 2026-11-15 >/dev/null 2>&1
pid=$("$BIN" cases list | head -n 1 | cut -f1)
expect_rc "print --lp" 0 env PATH="$TMP/bin:$PATH" "$BIN" --config "$TMP/lp.conf" print "$pid" --lp
expect_in "lp destination" "$TMP/lp-args" "-d accueil_mds"
expect_in "lp got the summary" "$TMP/lp-job" "Vos droits et vos démarches"
expect_rc "print --lp without printer" 2 "$BIN" print "$pid" --lp
# A case finished (".") before its orientation was done: its reprint
# opens on "Entretien non terminé", as the first sheet did; the reprint
# of a finished case does not (issue 14).
printf 'n\n\n.\n' | "$BIN" interview --plain --date 2026-11-15 >/dev/null 2>&1
early=$("$BIN" cases list | head -n 1 | cut -f1)
[ "$early" != "$pid" ] && pass || fail "the early case is stored"
"$BIN" print "$early" --date 2026-11-15 >"$TMP/early" 2>/dev/null
expect_in "reprint of a case stopped early" "$TMP/early" "Entretien non terminé"
"$BIN" print "$pid" --date 2026-11-15 >"$TMP/done" 2>/dev/null
expect_in "reprint of a finished case" "$TMP/done" "Vos droits et vos démarches"
grep -q "Entretien non terminé" "$TMP/done" &&
    fail "reprint of a finished case: said not finished" || pass
grep -q "Vérification partielle" "$TMP/done" &&
    fail "reprint of a finished case: said partial" || pass
grep -q "Les règles ont changé" "$TMP/done" &&
    fail "reprint with the same rules: said they changed" || pass
# It says when it is printed again (the interview was on 2026-11-15).
expect_in "reprint: the day it is printed again" "$TMP/done" \
    "Établi le 15/11/2026, réimprimé le $(date -u +%d/%m/%Y)"
# Reprinted with other rules (a copy with one comment more: another
# version), the sheet says the rights were assessed again with them and
# names the version of the interview.
cp -r rules "$TMP/rules2" && echo "# changed" >>"$TMP/rules2/glossary.yaml"
then=$("$BIN" cases show "$pid" | awk '$1 == "règles" {print $2}')
"$BIN" --rules "$TMP/rules2" print "$pid" >"$TMP/other" 2>/dev/null
expect_in "reprint with other rules" "$TMP/other" \
    "Les règles ont changé depuis l’entretien (version $then à l’époque)"
# `cases show` says so too, naming the version in use; with the rules
# of the interview it says nothing.
now=$("$BIN" --rules "$TMP/rules2" eval --json bench/profiles/single-parent.yaml |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["rules_version"])')
"$BIN" --rules "$TMP/rules2" cases show "$pid" >"$TMP/other" 2>/dev/null
expect_in "cases show with other rules" "$TMP/other" \
    "règles     $then (pas celles en vigueur : $now ; ci-dessous"
[ "$now" != "$then" ] || fail "cases show with other rules: same version"
"$BIN" cases show "$pid" | grep -q "pas celles en vigueur" &&
    fail "cases show with the same rules: said they differ" || pass
# An answer the rules in use no longer accept (here the age, 35, over a
# maximum lowered to 20 in a copy of the rules): resumed, the agent is
# told which and its question comes again; reprinted, the sheet says an
# answer was left out. The stored answer stays.
rule_situation insertion "CSS : 35 ans, 10340 € — un euro au-dessus, participation 30–49 ans" \
    "$TMP/age35.yaml" || fail "dropped: the situation"
"$BIN" interview --replay "$TMP/age35.yaml" --date 2026-11-15 >/dev/null 2>&1
aid=$("$BIN" cases list | head -n 1 | cut -f1)
cp -r rules "$TMP/rules3" &&
    sed -i '0,/max: 120/s//max: 20/' "$TMP/rules3/questions/20-personne.yaml"
"$BIN" --rules "$TMP/rules3" print "$aid" >"$TMP/other" 2>/dev/null
expect_in "reprint without an answer the rules refuse" "$TMP/other" \
    "1 réponse donnée lors de l’entretien n’est plus demandée ni acceptée"
printf '.\n' | "$BIN" --rules "$TMP/rules3" interview --plain --resume "$aid" \
    --date 2026-11-15 >"$TMP/out" 2>"$TMP/err"
expect_in "resume: the answer the rules refuse is named" "$TMP/err" \
    "1 réponse enregistrée ne correspond plus aux règles en vigueur (age) : sa question sera posée de nouveau."
expect_rc "dropped: the stored answer stays" 0 "$BIN" cases show "$aid"
expect_in "dropped: the stored answer stays" "$TMP/out" "  age: 35"
"$BIN" print "$aid" >"$TMP/other" 2>/dev/null
grep -q "n’est plus demandée" "$TMP/other" &&
    fail "reprint with the rules of the interview: said an answer dropped" ||
    pass
# Stopped after the orientation (--depth orientation, then "no" to the
# full check): the reprint says the check of the rights was partial.
{ printf 'n\n4\n\n1\n34\n32013\n'; i=0; while [ $i -lt 10 ]; do printf '\n'; i=$((i + 1)); done; printf 'n\n'; } |
    "$BIN" interview --plain --depth orientation --date 2026-11-15 >/dev/null 2>&1
oriented=$("$BIN" cases list | head -n 1 | cut -f1)
"$BIN" print "$oriented" --date 2026-11-15 >"$TMP/oriented" 2>/dev/null
expect_in "reprint after the orientation: partial check" "$TMP/oriented" \
    "Vérification partielle"
grep -q "Entretien non terminé" "$TMP/oriented" &&
    fail "reprint after the orientation: said not finished" || pass
# A right the person already receives is stored so (schema 3): cases
# show says it and both exports carry it, as the screen and the paper.
orientation_situation "mère seule de deux enfants qui perçoit déjà le RSA, les AF, l'ASF, l'aide au logement et la CSS : rien à redemander" "$TMP/received.yaml" ||
    fail "received: the situation"
expect_rc "received: replay" 0 "$BIN" interview --replay "$TMP/received.yaml" --date 2026-11-15
rid=$("$BIN" cases list | head -n 1 | cut -f1)
expect_rc "received: cases show" 0 "$BIN" cases show "$rid"
for k in rsa af asf aides_logement css; do
	grep -Eq "^  (likely|to_check) +$k( .*)? \[perçu\]\$" "$TMP/out" && pass ||
	    fail "received: cases show marks $k"
done
grep -Eq "^  [a-z_]+ +cheque_energie .*perçu" "$TMP/out" &&
    fail "received: cases show marks the energy cheque" || pass
expect_rc "received: export json" 0 "$BIN" cases export --format json "$rid"
python3 - "$TMP/out" <<'P' && pass || fail "received: the JSON export"
import json, sys
d = json.loads(open(sys.argv[1]).read().splitlines()[0])
s = {x["id"]: x for x in d["schemes"]}
for k in ("rsa", "af", "asf", "aides_logement", "css"):
    assert s[k]["received"] is True and s[k]["non_take_up"] is False, s[k]
assert s["cheque_energie"]["received"] is False, s["cheque_energie"]
P
expect_rc "received: export csv" 0 "$BIN" cases export --format csv "$rid"
expect_in "received: the CSV export" "$TMP/out" "$rid,received,rsa,true"
# An amount computed from a figure not confirmed at its date (the CSS
# ceilings: unconfirmed_from 2026-04-01) is stored so (schema 5): cases
# show and both exports say it, as the results did; not at an earlier
# date, where the figure was confirmed.
rule_situation insertion "CSS : 35 ans, 10340 € — un euro au-dessus, participation 30–49 ans" \
    "$TMP/unconfirmed.yaml" || fail "unconfirmed: the situation"
for d in 2026-03-15 2026-11-15; do
	expect_rc "unconfirmed: replay at $d" 0 "$BIN" interview --replay \
	    "$TMP/unconfirmed.yaml" --date $d
	uid=$("$BIN" cases list | head -n 1 | cut -f1)
	expect_rc "unconfirmed: cases show ($d)" 0 "$BIN" cases show "$uid"
	n=$(grep -c "non confirmé" "$TMP/out")
	if [ $d = 2026-11-15 ]; then
		grep -Eq "^  [a-z_]+ +css \(with_participation\) 14\.00 €/month \[barème non confirmé\]" \
		    "$TMP/out" && [ "$n" = 1 ] && pass ||
		    fail "unconfirmed: cases show marks the CSS only ($n)"
	else
		[ "$n" = 0 ] && pass || fail "unconfirmed: marked at $d"
	fi
	expect_rc "unconfirmed: export json ($d)" 0 "$BIN" cases export \
	    --format json "$uid"
	python3 - "$TMP/out" $d <<'P' && pass || fail "unconfirmed: the JSON export ($d)"
import json, sys
d = json.loads(open(sys.argv[1]).read().splitlines()[0])
marked = [x["id"] for x in d["schemes"] if x.get("amount_unconfirmed")]
assert marked == (["css"] if sys.argv[2] == "2026-11-15" else []), marked
P
	expect_rc "unconfirmed: export csv ($d)" 0 "$BIN" cases export \
	    --format csv "$uid"
	if [ $d = 2026-11-15 ]; then
		expect_in "unconfirmed: the CSV export" "$TMP/out" \
		    "$uid,amount_unconfirmed,css,true"
	else
		grep -q amount_unconfirmed "$TMP/out" &&
		    fail "unconfirmed: CSV at $d" || pass
	fi
done
# The statistics count them (schema 4): each of the five once, among
# the likely or to check; the energy cheque not.
printf 'stats_threshold = 1\n' >"$TMP/th1.conf"
expect_rc "received: stats" 0 "$BIN" --config "$TMP/th1.conf" stats --csv
python3 - "$TMP/out" <<'P' && pass || fail "received: the statistics count them"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {r["key"]: r for r in rows if r["dimension"] == "scheme"}
for k in ("rsa", "af", "asf", "aides_logement", "css"):
    r = by[k]
    assert int(r["received"]) >= 1, r
    assert int(r["received"]) <= int(r["likely"]) + int(r["to_check"]), r
assert by["cheque_energie"]["received"] == "0", by["cheque_energie"]
total = [r for r in rows if r["dimension"] == "total"][0]
assert int(total["received"]) >= 5, total
P
# A database of schema 2 (before `received`) is brought to 4 by the next
# program that writes (3: `received`; 4: the statistics count it); its
# cases read as before, nothing received.
if [ -n "${AIG_TEST_PGDATA:-}" ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d "$AIGUILLAGE_DB" -c "ALTER TABLE results \
	    DROP COLUMN received, DROP COLUMN unconfirmed; UPDATE \
	    aiguillage_meta SET value = '2' WHERE key = 'schema'" && pass ||
	    fail "schema 2: made"
else
	python3 - "$AIGUILLAGE_DB" <<'P' && pass || fail "schema 2: made"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("ALTER TABLE results DROP COLUMN received")
db.execute("ALTER TABLE results DROP COLUMN unconfirmed")
db.execute("PRAGMA user_version = 2")
db.commit()
P
fi
expect_rc "schema 2: replay" 0 "$BIN" interview --replay "$TMP/received.yaml" --date 2026-11-15
nid=$("$BIN" cases list | head -n 1 | cut -f1)
[ "$nid" != "$rid" ] && pass || fail "schema 2: a new case"
expect_rc "schema 2: the old case" 0 "$BIN" cases show "$rid"
grep -q "perçu" "$TMP/out" && fail "schema 2: an old case said received" || pass
grep -Eq "^  [a-z_]+ +af " "$TMP/out" && pass ||
    fail "schema 2: the old case's rights"
expect_rc "schema 2: the CSS case" 0 "$BIN" cases show "$uid"
grep -q "non confirmé" "$TMP/out" &&
    fail "schema 2: a case of before the column said unconfirmed" || pass
expect_rc "schema 2: the new case" 0 "$BIN" cases show "$nid"
expect_in "schema 2: the new case says received" "$TMP/out" "[perçu]"
if [ -n "${AIG_TEST_PGDATA:-}" ]; then
	v=$(psql -X -A -t -d "$AIGUILLAGE_DB" -c "SELECT value FROM \
	    aiguillage_meta WHERE key = 'schema'")
else
	v=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$AIGUILLAGE_DB")
fi
[ "$v" = 5 ] && pass || fail "schema 2: migrated to $v, expected 5"
expect_rc "schema 4: stats" 0 "$BIN" --config "$TMP/th1.conf" stats --csv
head -n 1 "$TMP/out" | grep -q ",non_take_up,received\$" && pass ||
    fail "schema 4: the statistics' received column"
expect_rc "replay --no-save" 0 "$BIN" interview --replay "$TMP/s.yaml" --no-save
expect_rc "stats" 0 "$BIN" stats --csv
expect_rc "bad db path" 1 "$BIN" interview --replay "$TMP/s.yaml" --db /proc/nope/x.db
finish
