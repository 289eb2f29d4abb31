#!/bin/sh
# concurrent.sh - 50 agents (processes) answer 40 questions each on one
# database at the same time: every answer stored, no save fails (no
# "database is locked"). Runs bench/bench_store.c, which
# checks the database afterwards and prints the save times.
# Run from the top of the source tree: sh tests/store/concurrent.sh [AIG_BIN]
set -eu
# bench_store is built by make check-build beside the binary (argument 1,
# default build/aiguillage).
bin=$(dirname "${1:-build/aiguillage}")
[ -x "$bin/bench_store" ] || { echo "concurrent: $bin/bench_store missing" \
    "(make check-build)"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d /tmp/aig-conc-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
db=$tmp/c.db
# AIG_TEST_PG=1 (tests/store/pg_suites.sh): a new database on the server.
if [ -n "${AIG_TEST_PG:-}" ]; then
	createdb "aig_conc_$$" && db="postgresql:///aig_conc_$$"
fi
if "$bin/bench_store" -a "${AGENTS:-50}" -n "${ANSWERS:-40}" "$db"; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
	exit 1
fi
