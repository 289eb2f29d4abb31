#!/bin/sh
# concurrent.sh - 50 agents (processes) answer 40 questions each on one
# database at the same time: every answer stored, no save fails (no
# "database is locked"). Builds and runs bench/bench_store.c, which
# checks the database afterwards and prints the save times.
# Run from the top of the source tree: sh tests/store/concurrent.sh
set -eu
CC=${CC:-cc}
tmp=$(mktemp -d /tmp/aig-conc-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
ENGINE="src/base/xmalloc.c src/base/error.c src/base/ydoc.c src/base/value.c src/model/expr.c src/model/rules.c src/engine/situation.c src/engine/eval.c src/territory/territory.c"
INC="-Isrc/base -Isrc/model -Isrc/territory -Isrc/engine -Isrc/store"
$CC -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -O2 $INC -o "$tmp/bench" \
	bench/bench_store.c src/store/store.c $ENGINE -lyaml -lunistring -lm -lsqlite3
if "$tmp/bench" -a "${AGENTS:-50}" -n "${ANSWERS:-40}" "$tmp/c.db"; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
	exit 1
fi
