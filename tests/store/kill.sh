#!/bin/sh
# kill.sh - SIGKILL a writer mid-way: no committed answer is lost.
#
# Runs tests/store/writer.c, lets it save answers one transaction each
# (it prints "saved K" after each commit), kills it with SIGKILL at a
# random moment, reopens the database and checks the case holds at least
# every answer reported saved. Then the same after "done" (all N saved).
# Run from the top of the source tree: sh tests/store/kill.sh [AIG_BIN]
# With AIG_TEST_PG=1 (tests/store/pg_suites.sh: a throwaway server, PGHOST
# and PGUSER set) each run gets a new PostgreSQL database instead.
set -eu
# The drivers are built by make check-build beside the binary (argument
# 1, default build/aiguillage): store_writer, store_count.
bin=$(dirname "${1:-build/aiguillage}")
for t in store_writer store_count; do
	[ -x "$bin/$t" ] || { echo "kill: $bin/$t missing (make check-build)"; \
	    echo "0 passed, 1 failed"; exit 1; }
done
tmp=$(mktemp -d /tmp/aig-kill-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
newdb() {	# newdb NAME: a fresh database, its path or conninfo
	if [ -n "${AIG_TEST_PG:-}" ]; then
		createdb "aig_$1_$$" && echo "postgresql:///aig_$1_$$"
	else
		echo "$tmp/$1.db"
	fi
}
run() {	# run DB N DELAY_MS
	db=$1 n=$2 delay=$3
	: > "$tmp/out"
	"$bin/store_writer" "$db" rules "$n" 60 > "$tmp/out" 2>"$tmp/err" &
	pid=$!
	if [ "$delay" = done ]; then
		while ! grep -q '^done' "$tmp/out"; do sleep 0.05; done
	else
		# The delay runs from the case's creation: a sanitized
		# build is slow to start, and a kill before it tests nothing.
		k=0
		while ! grep -q '^case' "$tmp/out" && [ $k -lt 600 ]; do
			sleep 0.05
			k=$((k + 1))
		done
		sleep "$delay"
	fi
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	id=$(sed -n 's/^case //p' "$tmp/out" | head -1)
	saved=$(grep -c '^saved' "$tmp/out" || true)
	if [ -z "$id" ]; then
		echo "kill: killed before the case existed (delay $delay), skipped"
		return
	fi
	got=$("$bin/store_count" "$db")
	if [ "$got" -ge "$saved" ]; then
		pass=$((pass + 1))
		echo "ok: killed after $saved committed answers, $got found"
	else
		fail=$((fail + 1))
		echo "FAIL: $saved answers committed, only $got found"
	fi
}
i=0
for d in 0.15 0.2 0.3 0.5 0.8; do
	i=$((i + 1))
	run "$(newdb "k$i")" 1000000 "$d"
done
run "$(newdb k_done)" 40 done
[ "$got" -eq 40 ] || { echo "FAIL: 40 expected"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
