#!/bin/sh
# pg_bench.sh - 300 agents on PostgreSQL over loopback TCP (issue 16).
#
#	sh bench/pg_bench.sh [BUILD_DIR]
#
# A throwaway cluster (tests/store/pgcluster.inc) listening on 127.0.0.1
# only, fsync on (the default: a save is acknowledged once it is on
# disk). bench_store forks AGENTS agent processes, each with its own
# connection; every save is timed and, afterwards, every answer of every
# agent is counted in the database. Two runs: at human pace (each agent
# waits up to THINK ms before each answer) and in a burst (no wait).
# Prints p50/p99 per run; exits non-zero on a lost answer or a failed
# save. The agents connect as one login of the role aiguillage_agent,
# with a site in the agents table: the row-level security policies run
# on every save, as they would for real agents. Each save is one prepared
# statement (one round trip, committed on its own). Not a timed test: the
# figures go to README.
#
# PG_SERVER_OPTS adds server settings, e.g. the group commit a département
# would set, which keeps every commit durable (never fsync or
# synchronous_commit off for a figure):
#	PG_SERVER_OPTS="-c commit_delay=1000 -c commit_siblings=5" make bench
build=${1:-build}
agents=${AGENTS:-300}
answers=${ANSWERS:-20}
think=${THINK:-10000}
. tests/store/pgcluster.inc
tmp=$(mktemp -d /tmp/aig-pgbench-XXXXXX)
trap 'pg_stop; rm -rf "$tmp"' EXIT INT TERM
# A port of the loopback that nothing listens on.
port=$((20000 + $$ % 20000))
export PG_TCP_PORT=$port PG_MAXCONN=$((agents + 20))
if ! pg_start "$tmp/pg"; then
	echo "pg_bench: skipped: $PG_SKIP"
	exit 0
fi
status=0
for mode in paced burst; do
	createdb -U aig_owner "bench_$mode"
	url="postgresql://127.0.0.1:$port/bench_$mode"
	# The owner creates the schema, then an agent login.
	AIGUILLAGE_CONFIG=/dev/null PGUSER=aig_owner "$build/aiguillage" \
	    --db "$url" cases list >/dev/null || status=1
	psql -X -q -U aig_owner -d "bench_$mode" -c "CREATE ROLE bench_agent
	    LOGIN IN ROLE aiguillage_agent" 2>/dev/null	# once a cluster
	psql -X -q -U aig_owner -d "bench_$mode" -c "INSERT INTO agents(login,
	    site) VALUES ('bench_agent', 'bench')" || status=1
	t=$think
	[ $mode = burst ] && t=0
	echo "postgresql, $mode:"
	"$build/bench_store" -a "$agents" -n "$answers" -t "$t" \
	    "postgresql://bench_agent@127.0.0.1:$port/bench_$mode" || status=1
done
exit $status
