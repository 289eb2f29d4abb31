#!/bin/sh
# roles.sh - agents of a shared SQLite database (issue 16, first bullet):
# identity from the system, not $USER; an agent erases only their own
# cases and never purges; reads, prints and resumes of another agent's
# case are logged; erase leaves a tombstone; a database in a setgid
# group directory is shared without `group` in the configuration, and an
# account outside the group is refused with a message.
# Needs root (to run as other accounts: setpriv); skipped otherwise.
#   sh tests/store/roles.sh [AIG_BIN]
bin=${1:-build/aiguillage}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/  | /' "$2"; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "skip: needs root and setpriv to act as several accounts"
	echo "0 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d /tmp/aig-roles-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"
# The package's layout: a setgid directory of the group (here nogroup).
mkdir "$tmp/shared"
chgrp 65534 "$tmp/shared"
chmod 2770 "$tmp/shared"
db=$tmp/shared/aiguillage.db
rules=$(pwd)/rules
cat >"$tmp/s.yaml" <<'Y'
respondent: self
age: 52
commune: "41018"
Y
chmod 644 "$tmp/s.yaml"
# as UID GID CMD...: run as that account, USER set to lie.
as() {
	u=$1 g=$2
	shift 2
	setpriv --reuid="$u" --regid="$g" --clear-groups env -i \
	    PATH=/usr/bin:/bin HOME=/nonexistent USER=root LOGNAME=root \
	    LC_ALL=C.UTF-8 LANGUAGE=en TZ=UTC AIGUILLAGE_DB="$db" \
	    AIGUILLAGE_RULES="$rules" AIGUILLAGE_CONFIG=/dev/null \
	    ASAN_OPTIONS=detect_leaks=0 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
}
as 1 65534 interview --replay "$tmp/s.yaml" --date 2026-11-15 &&
    ok "daemon: a case in the shared database" || ko "daemon case" "$tmp/err"
as 65534 65534 interview --replay "$tmp/s.yaml" --date 2026-11-15 &&
    ok "nobody: a case in the same database" || ko "nobody case" "$tmp/err"
as 65534 65534 cases list
n=$(wc -l <"$tmp/out")
[ "$n" = 2 ] && ok "both cases in one database" || ko "cases listed: $n" "$tmp/out"
m=$(stat -c %a "$db")
[ "$m" = 660 ] && ok "shared without group in the configuration (0660)" ||
    ko "database mode $m"
grep -q "daemon" "$tmp/out" && grep -q "nobody" "$tmp/out" &&
    ok "agents from the system, not \$USER" || ko "agent names" "$tmp/out"
id1=$(grep daemon "$tmp/out" | cut -f1)
id2=$(grep nobody "$tmp/out" | cut -f1)
# Another agent's case: no erase, no purge; reads and prints logged.
as 65534 65534 cases erase "$id1"
rc=$?
[ $rc = 1 ] && grep -q "another agent" "$tmp/err" &&
    ok "an agent cannot erase another's case" || ko "erase other: $rc" "$tmp/err"
as 65534 65534 cases purge --days 0
rc=$?
[ $rc = 1 ] && grep -q "administrator" "$tmp/err" &&
    ok "an agent cannot purge" || ko "purge by agent: $rc" "$tmp/err"
as 65534 65534 cases show "$id1"
as 65534 65534 print "$id1"
printf '.\n' | as 65534 65534 interview --plain --resume "$id1" \
    --date 2026-11-15
n=$(sqlite3 "$db" "SELECT group_concat(action, ',') FROM access_log WHERE case_id = $id1 AND reader = 'nobody'")
[ "$n" = "read,print,resume" ] && ok "show, print, resume of another's case logged" ||
    ko "access log: $n"
as 65534 65534 cases erase "$id2" && ok "an agent erases their own case" ||
    ko "erase own" "$tmp/err"
n=$(sqlite3 "$db" "SELECT case_id || ' ' || by || ' ' || how FROM tombstones")
[ "$n" = "$id2 nobody erase" ] && ok "erase leaves a tombstone" ||
    ko "tombstone: $n"
n=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE who = 'nobody' AND action = 'erase'")
[ "$n" = 1 ] && ok "erase in the audit" || ko "audit: $n"
# An account outside the group: a clear refusal, no private database.
as 2 2 interview --replay "$tmp/s.yaml" --date 2026-11-15
rc=$?
[ $rc = 1 ] && grep -qi "permission denied" "$tmp/err" &&
    ok "outside the group: refused with a message" ||
    ko "outsider: $rc" "$tmp/err"
# admins in the configuration: the admin role.
printf 'admins = bin, nobody\n' >"$tmp/conf"
chmod 644 "$tmp/conf"
setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH=/usr/bin:/bin \
    HOME=/nonexistent LC_ALL=C.UTF-8 LANGUAGE=en AIGUILLAGE_DB="$db" \
    AIGUILLAGE_RULES="$rules" AIGUILLAGE_CONFIG="$tmp/conf" \
    ASAN_OPTIONS=detect_leaks=0 "$bin" cases erase "$id1" >"$tmp/out" \
    2>"$tmp/err" && ok "an admin erases another agent's case" ||
    ko "admin erase" "$tmp/err"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
