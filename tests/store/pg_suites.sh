#!/bin/sh
# pg_suites.sh - the store suites again, on PostgreSQL (issue 16).
#
# Starts a throwaway cluster (tests/store/pgcluster.inc) and runs, against
# it, as the database's owner, each suite that uses the store, each in a
# database of its own (AIG_TEST_DB):
#   tests/cli/store.sh      kill -9 mid-interview and resume, sensitive
#                           answers never in the server's files or WAL,
#                           erase, print, stats
#   tests/cli/commands.sh   cases list/show and stats in JSON Lines
#   tests/cli/escapes.sh    no escape sequence from stored data reaches
#                           cases show/list/export or stats
#   tests/cli/privacy.sh    no inference from the stored rows (one
#                           database per interview, AIG_TEST_PG)
#   tests/store/settings.sh per-agent site, channel, printer
#   tests/store/stats_screen.sh  the statistics screen by site/channel
#   tests/store/kill.sh     SIGKILL during saves
#   tests/store/concurrent.sh  50 concurrent agents
# Then the five profiles replayed on both backends must store the same
# cases; a server crash during an interview must lose no answer it
# acknowledged; a server stopped during a plain interview stops it with
# a message (the PostgreSQL side of tests/store/lost.sh, whose faults
# are a SQLite file's). The roles are tested by tests/store/pg_roles.sh,
# the SQLite ones by tests/store/roles.sh, the merge of SQLite sites'
# exports by tests/store/merge.sh. Ends with the sum of their "N passed,
# N failed" lines; skipped, with the reason, where PostgreSQL is not
# installed.
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
for t in tests/cli/store.sh tests/cli/commands.sh tests/cli/escapes.sh \
    tests/cli/privacy.sh tests/store/settings.sh tests/store/stats_screen.sh \
    tests/store/kill.sh tests/store/concurrent.sh; do
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

# Same behaviour on both backends: the five profiles replayed on SQLite
# and on PostgreSQL give the same stored cases (answers, results, plan,
# documents), all but the number, the time and the login.
echo "== the same cases on SQLite and PostgreSQL"
createdb aig_same
for prof in bench/profiles/*.yaml; do
	for db in "$tmp/same.db" "postgresql:///aig_same"; do
		AIGUILLAGE_DB="$db" "$bin" interview --replay "$prof" \
		    --date 2026-11-15 >/dev/null 2>"$tmp/err" ||
		    { failed=$((failed + 1)); echo "   FAIL replay $prof on $db"; }
	done
done
AIGUILLAGE_DB="$tmp/same.db" "$bin" cases export --format json >"$tmp/same-sqlite"
AIGUILLAGE_DB="postgresql:///aig_same" "$bin" cases export --format json \
    >"$tmp/same-pg"
for b in sqlite pg; do
	sed 's/"id": [0-9]*, "created": "[^"]*"/"id"/; s/"agent": "[^"]*"/"agent"/' \
	    "$tmp/same-$b" >"$tmp/same-$b.cut"
done
if [ "$(wc -l <"$tmp/same-pg.cut")" = 5 ] &&
    cmp -s "$tmp/same-sqlite.cut" "$tmp/same-pg.cut"; then
	passed=$((passed + 1)); echo "   ok: identical exports of the 5 profiles"
else
	failed=$((failed + 1)); echo "   FAIL: the exports differ"
	diff "$tmp/same-sqlite.cut" "$tmp/same-pg.cut" | cut -c 1-300 | head -n 6
fi

# A server crash (immediate stop) while an agent answers: every answer
# acknowledged before is there after the restart (WAL recovery), and the
# agent's program reports the failure instead of losing answers quietly.
echo "== server crash during an interview"
# A checkpoint first: the recovery replays the writer's answers, not the
# WAL of every suite above (minutes on a loaded machine).
psql -X -q -c CHECKPOINT
createdb aig_crash
: >"$tmp/w.out"
"$(dirname "$bin")/store_writer" "postgresql:///aig_crash" rules 1000000 60 \
    >"$tmp/w.out" 2>"$tmp/w.err" &
wpid=$!
k=0
while [ "$(grep -c '^saved' "$tmp/w.out")" -lt 30 ] && [ $k -lt 1200 ]; do
	sleep 0.05
	k=$((k + 1))
done
# Between the crash and the restart: the writer's end.
writer_end() {
	wait $wpid
	wrc=$?
	saved=$(grep -c '^saved' "$tmp/w.out")
}
pg_crash_restart writer_end
got=$("$(dirname "$bin")/store_count" "postgresql:///aig_crash")
if [ "$wrc" -ne 0 ] && grep -q "writer:" "$tmp/w.err" && [ "$saved" -ge 30 ] &&
    [ "${got:-0}" -ge "$saved" ]; then
	passed=$((passed + 1))
	echo "   ok: $saved answers acknowledged before the crash, $got after the restart; the writer said it failed"
else
	failed=$((failed + 1))
	echo "   FAIL: writer exit $wrc, $saved acknowledged, ${got:-none} found"
	sed 's/^/   | /' "$tmp/w.err" | head -n 5
fi
# The server stopped in the middle of a plain interview: the interview
# stops with a message and a non-zero status instead of going on with
# answers it cannot keep; the answers acknowledged before are there
# after the restart.
echo "== server stopped during a plain interview"
psql -X -q -c CHECKPOINT
createdb aig_lost
mkfifo "$tmp/in"
# An interview that died early must fail this check, not kill the suite
# (a write to its closed pipe).
trap '' PIPE
AIGUILLAGE_DB="postgresql:///aig_lost" "$bin" interview --plain \
    --date 2026-11-15 <"$tmp/in" >"$tmp/lost.out" 2>&1 &
lpid=$!
exec 3>"$tmp/in"
# danger_now, urgent, the reason (don't know), respondent, age
printf 'n\n\n\n1\n71\n' >&3
k=0
while ! grep -q '\[6\]' "$tmp/lost.out" && [ $k -lt 200 ]; do
	sleep 0.05
	k=$((k + 1))
done
# While the server is down: the commune, then the interview's end.
plain_end() {
	printf '32013\n' >&3
	k=0
	while kill -0 $lpid 2>/dev/null && [ $k -lt 600 ]; do
		sleep 0.05
		k=$((k + 1))
	done
	kill $lpid 2>/dev/null
	wait $lpid
	lrc=$?
	exec 3>&-
}
pg_crash_restart plain_end
AIGUILLAGE_DB="postgresql:///aig_lost" "$bin" cases list >"$tmp/lost.list" \
    2>&1
n=$(cut -f7 "$tmp/lost.list" | head -n 1)
if [ "$lrc" -ne 0 ] && [ "$lrc" -lt 128 ] &&
    grep -q "aig_lost" "$tmp/lost.out" && [ "${n:-0}" = 2 ]; then
	passed=$((passed + 1))
	echo "   ok: stopped with a message (exit $lrc); the 2 answers saved before are kept"
else
	failed=$((failed + 1))
	echo "   FAIL: exit $lrc, ${n:-no} answers kept"
	sed 's/^/   | /' "$tmp/lost.out" | tail -n 5
	sed 's/^/   | /' "$tmp/lost.list"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
