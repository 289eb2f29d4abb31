#!/bin/sh
# pg_roles.sh - roles enforced by a real PostgreSQL server (issue 16).
#
# A throwaway cluster (tests/store/pgcluster.inc); five logins: alice and
# bob (agents of the site Blois), carol (agent, Vendome), sup
# (supervisor, Blois), boss (admin). Through the program AND through
# psql: an agent cannot read, erase or purge another site's case; a
# colleague of the same site reads a case only by logging the read;
# every read is in the access log, which agents cannot change or delete;
# print --lp uses the login's printer from the agents table; erase leaves a tombstone and an audit line; statistics are for the
# supervisor (own site) and the admin; no password in the connection
# string. Skipped, with the reason, where PostgreSQL is not installed.
#   sh tests/store/pg_roles.sh [AIG_BIN]
bin=${1:-build/aiguillage}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/  | /' "$2"; }
. tests/store/pgcluster.inc
tmp=$(mktemp -d /tmp/aig-pgroles-XXXXXX)
trap 'pg_stop; rm -rf "$tmp"' EXIT INT TERM
if ! pg_start "$tmp/pg"; then
	echo "skip: $PG_SKIP"
	echo "0 passed, 0 failed"
	exit 0
fi
db="postgresql:///aiguillage"
rules=$(pwd)/rules
cat >"$tmp/s.yaml" <<'Y'
respondent: self
age: 52
commune: "41018"
Y
# as LOGIN CMD...: the program as that database login ($USER lies).
as() {
	u=$1
	shift
	env PGUSER="$u" USER=boss LOGNAME=boss AIGUILLAGE_DB="$db" \
	    AIGUILLAGE_RULES="$rules" AIGUILLAGE_CONFIG=/dev/null LANGUAGE=en \
	    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
}
# sql LOGIN SQL: psql as that login; output in $tmp/out, errors in err.
sql() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -U "$1" -c "$2" >"$tmp/out" \
	    2>"$tmp/err"
}
# The owner creates the schema (first run), then the accounts.
as aig_owner cases list || ko "owner creates the schema" "$tmp/err"
sql aig_owner "
CREATE ROLE alice LOGIN IN ROLE aiguillage_agent;
CREATE ROLE bob LOGIN IN ROLE aiguillage_agent;
CREATE ROLE carol LOGIN IN ROLE aiguillage_agent;
CREATE ROLE sup LOGIN IN ROLE aiguillage_supervisor;
CREATE ROLE boss LOGIN IN ROLE aiguillage_admin;
INSERT INTO agents(login, site, channel) VALUES
  ('alice', 'Blois', 'mds_counter'), ('bob', 'Blois', NULL),
  ('carol', 'Vendome', 'phone'), ('sup', 'Blois', NULL),
  ('boss', '', NULL);" && ok "roles and agents set up" ||
    ko "set up" "$tmp/err"

as alice interview --replay "$tmp/s.yaml" --date 2026-11-15 &&
    ok "alice: a case" || ko "alice case" "$tmp/err"
as carol interview --replay "$tmp/s.yaml" --date 2026-11-15 &&
    ok "carol: a case" || ko "carol case" "$tmp/err"
as alice cases list
a1=$(cut -f1 "$tmp/out")
line=$(cut -f3-5 "$tmp/out" | tr '\t' ' ')
[ "$line" = "alice Blois mds_counter" ] &&
    ok "agent, site and channel from the server, not \$USER" ||
    ko "alice's case: $line" "$tmp/out"
as carol cases list
c1=$(cut -f1 "$tmp/out")
n=$(wc -l <"$tmp/out")
[ "$n" = 1 ] && [ -n "$c1" ] && [ "$c1" != "$a1" ] &&
    ok "carol lists her own case only" || ko "carol lists $n" "$tmp/out"

# Another site's case: not through the program...
as carol cases show "$a1"
[ $? = 2 ] && grep -q "no case $a1" "$tmp/err" &&
    ok "program: carol cannot read a case of another site" ||
    ko "carol show" "$tmp/err"
as carol print "$a1"
[ $? != 0 ] && ok "program: carol cannot print it" || ko "carol print" "$tmp/out"
as carol cases erase "$a1"
[ $? != 0 ] && ok "program: carol cannot erase it" || ko "carol erase" "$tmp/err"
as carol cases purge --days 0
[ $? = 1 ] && grep -qi "refused" "$tmp/err" &&
    ok "program: carol cannot purge" || ko "carol purge" "$tmp/err"
# ... nor through psql.
sql carol "SELECT count(*) FROM answers WHERE case_id = $a1"
[ "$(cat "$tmp/out")" = 0 ] && ok "psql: carol sees none of its answers" ||
    ko "carol answers: $(cat "$tmp/out")"
sql carol "SELECT count(*) FROM cases"
[ "$(cat "$tmp/out")" = 1 ] && ok "psql: carol sees one case, hers" ||
    ko "carol cases: $(cat "$tmp/out")"
sql carol "INSERT INTO access_log(case_id, reader, action, at) VALUES ($a1, 'carol', 'read', 0)"
[ $? != 0 ] && ok "psql: carol cannot log her way into another site" ||
    ko "carol log insert" "$tmp/out"
# A temporary table named like ours does not fool the server's checks.
sql carol "CREATE TEMP TABLE agents(login text, site text, channel text,
    printer text); INSERT INTO agents VALUES ('carol', 'Blois', NULL, NULL);
    INSERT INTO access_log(case_id, reader, action, at) VALUES ($a1, 'carol',
    'read', 0)"
[ $? != 0 ] && ok "psql: a temporary agents table changes nothing" ||
    ko "temp table let carol in" "$tmp/out"
sql carol "SELECT aig_erase($a1)"
[ $? != 0 ] && grep -q "administrator" "$tmp/err" &&
    ok "psql: carol cannot erase it (aig_erase)" || ko "carol aig_erase" "$tmp/err"
sql carol "DELETE FROM cases WHERE id = $a1"
[ $? != 0 ] && grep -q "permission denied" "$tmp/err" &&
    ok "psql: carol cannot DELETE" || ko "carol delete" "$tmp/err"
sql carol "UPDATE answers SET value = 'x' WHERE case_id = $a1; SELECT 1"
sql aig_owner "SELECT count(*) FROM answers WHERE case_id = $a1 AND value = 'x'"
[ "$(cat "$tmp/out")" = 0 ] && ok "psql: carol cannot change its answers" ||
    ko "carol update"
sql carol "SELECT aig_purge(0)"
[ $? != 0 ] && ok "psql: carol cannot purge (aig_purge)" || ko "carol aig_purge" "$tmp/out"
sql carol "SELECT count(*) FROM audit"
[ $? != 0 ] && ok "psql: an agent cannot read the audit" || ko "carol audit" "$tmp/out"

# A colleague of the same site: reads once logged.
sql bob "SELECT count(*) FROM answers WHERE case_id = $a1"
[ "$(cat "$tmp/out")" = 0 ] && ok "psql: bob sees nothing before logging" ||
    ko "bob before: $(cat "$tmp/out")"
as bob cases show "$a1" && grep -q "agent      alice" "$tmp/out" &&
    ok "program: bob reads alice's case (same site)" || ko "bob show" "$tmp/err"
as bob print "$a1" && ok "program: bob prints it" || ko "bob print" "$tmp/err"
printf '.\n' | as bob interview --plain --resume "$a1" --date 2026-11-15
sql aig_owner "SELECT string_agg(action, ',' ORDER BY id) FROM access_log WHERE case_id = $a1 AND reader = 'bob'"
[ "$(cat "$tmp/out")" = "read,print,resume" ] &&
    ok "show, print, resume of a colleague's case logged" ||
    ko "access log: $(cat "$tmp/out")"
sql bob "SELECT count(*) > 0 FROM answers WHERE case_id = $a1"
[ "$(cat "$tmp/out")" = t ] && ok "psql: bob reads it once logged" ||
    ko "bob after: $(cat "$tmp/out")"
sql bob "UPDATE access_log SET reader = 'nobody'"
r1=$?
sql bob "DELETE FROM access_log"
r2=$?
sql bob "TRUNCATE access_log"
r3=$?
sql aig_owner "SELECT count(*) FROM access_log WHERE reader = 'bob'"
[ $r1 != 0 ] && [ $r2 != 0 ] && [ $r3 != 0 ] && [ "$(cat "$tmp/out")" = 3 ] &&
    ok "psql: the access log is append-only for agents" ||
    ko "log altered: $r1 $r2 $r3 $(cat "$tmp/out")"
sql bob "INSERT INTO access_log(case_id, reader, action, at) VALUES ($a1, 'alice', 'read', 0)"
[ $? != 0 ] && ok "psql: bob cannot log a read in another's name" ||
    ko "bob forged a log line"

# Statistics: supervisor (own site), admin (all); not agents.
as alice stats
[ $? = 1 ] && grep -q "supervisors" "$tmp/err" &&
    ok "an agent gets no statistics" || ko "alice stats" "$tmp/err"
as sup stats --csv
grep -q '^site,Blois,' "$tmp/out" && ! grep -q Vendome "$tmp/out" &&
    ok "supervisor: statistics of the own site" || ko "sup stats" "$tmp/out"
as boss stats --csv
grep -q '^site_channel,Blois / mds_counter,' "$tmp/out" &&
    grep -q '^site_channel,Vendome / phone,' "$tmp/out" &&
    ok "admin: statistics by site and channel" || ko "boss stats" "$tmp/out"

# print --lp: the login's printer in the server's agents table wins over
# the configuration; without one there, the configuration's.
mkdir "$tmp/bin"
printf '#!/bin/sh\necho "$@" >"%s/lp-args"\ncat >/dev/null\n' "$tmp" >"$tmp/bin/lp"
chmod +x "$tmp/bin/lp"
printf 'printer = from-config\n' >"$tmp/lp.conf"
sql aig_owner "UPDATE agents SET printer = 'blois-rdc' WHERE login = 'alice'"
path0=$PATH
PATH="$tmp/bin:$PATH"
as alice --config "$tmp/lp.conf" print "$a1" --lp
grep -q -- "-d blois-rdc" "$tmp/lp-args" 2>/dev/null &&
    ok "print --lp: the printer of the agents table" || ko "alice lp" "$tmp/err"
rm -f "$tmp/lp-args"
as bob --config "$tmp/lp.conf" print "$a1" --lp
grep -q -- "-d from-config" "$tmp/lp-args" 2>/dev/null &&
    ok "print --lp: no printer in the table, the configuration's" ||
    ko "bob lp" "$tmp/err"
PATH=$path0

# Erase and purge: own case, admin; tombstones and audit.
as boss cases erase "$c1" && ok "admin erases another site's case" ||
    ko "boss erase" "$tmp/err"
sql aig_owner "SELECT case_id || ' ' || by || ' ' || how FROM tombstones"
[ "$(cat "$tmp/out")" = "$c1 boss erase" ] && ok "erase leaves a tombstone" ||
    ko "tombstone: $(cat "$tmp/out")"
sql boss "SELECT count(*) FROM audit WHERE who = 'boss' AND action = 'erase' AND case_id = $c1"
[ "$(cat "$tmp/out")" = 1 ] && ok "erase in the audit (admin reads it)" ||
    ko "audit: $(cat "$tmp/out")"
sql aig_owner "SELECT count(*) FROM answers WHERE case_id = $c1"
[ "$(cat "$tmp/out")" = 0 ] && ok "nothing of the case is left" ||
    ko "left: $(cat "$tmp/out")"
as boss cases purge --days 0 && grep -q "purged 1 case" "$tmp/out" &&
    ok "admin purges" || ko "boss purge" "$tmp/err"
# No password in the configuration.
env AIGUILLAGE_DB="postgresql://alice:secret@/aiguillage" \
    AIGUILLAGE_CONFIG=/dev/null "$bin" cases list >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && grep -q "mot de passe" "$tmp/err" &&
    ok "a connection string with a password is refused" ||
    ko "password accepted" "$tmp/err"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
