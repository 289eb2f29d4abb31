#!/bin/sh
# pg_suites.sh - the store suites again, on PostgreSQL (issue 16).
#
# Starts a throwaway cluster (tests/store/pgcluster.inc) and runs, against
# it, the CLI store suite (tests/cli/store.sh: kill -9 mid-interview and
# resume, sensitive answers never in the server's files or WAL, erase,
# print, stats), the SIGKILL suite (tests/store/kill.sh) and 50
# concurrent agents (tests/store/concurrent.sh), as the database's owner.
# The roles are tested by tests/store/pg_roles.sh. Ends with the sum of
# their "N passed, N failed" lines; skipped, with the reason, where
# PostgreSQL is not installed.
#   sh tests/store/pg_suites.sh [AIG_BIN]
bin=${1:-build/aiguillage}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
. tests/store/pgcluster.inc
tmp=$(mktemp -d /tmp/aig-pgsuites-XXXXXX)
trap 'pg_stop; rm -rf "$tmp"' EXIT INT TERM
if ! pg_start "$tmp/pg"; then
	echo "skip: $PG_SKIP"
	echo "0 passed, 0 failed"
	exit 0
fi
export PGUSER=aig_owner AIG_TEST_PG=1 AIG_TEST_PGDATA="$PG_DIR/data"
passed=0 failed=0
for t in tests/cli/store.sh tests/store/kill.sh tests/store/concurrent.sh; do
	db=aig_suite_$(basename "$t" .sh)
	createdb "$db"
	echo "== $t (postgresql)"
	AIG_TEST_DB="postgresql:///$db" sh "$t" "$bin" >"$tmp/log" 2>&1
	rc=$?
	sed 's/^/   /' "$tmp/log" | tail -n 12
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/log" | tail -n 1)
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	[ -z "$line" ] && p=0 f=0
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
