#!/bin/sh
# kill.sh - SIGKILL a writer mid-way: no committed answer is lost.
#
# Builds tests/store/writer.c, lets it save answers one transaction each
# (it prints "saved K" after each commit), kills it with SIGKILL at a
# random moment, reopens the database and checks the case holds at least
# every answer reported saved. Then the same after "done" (all N saved).
# Run from the top of the source tree: sh tests/store/kill.sh
set -eu
CC=${CC:-cc}
tmp=$(mktemp -d /tmp/aig-kill-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
ENGINE="src/base/xmalloc.c src/base/error.c src/base/ydoc.c src/base/value.c src/model/expr.c src/model/rules.c src/engine/situation.c src/engine/eval.c src/territory/territory.c"
INC="-Isrc/base -Isrc/model -Isrc/territory -Isrc/engine -Isrc/store"
$CC -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -O1 $INC -o "$tmp/writer" \
	tests/store/writer.c src/store/store.c $ENGINE -lyaml -lunistring -lm -lsqlite3
$CC -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -O1 $INC -o "$tmp/count" \
	-x c - src/store/store.c $ENGINE -lyaml -lunistring -lm -lsqlite3 <<'C'
#include <stdio.h>
#include "store.h"
int main(int, char **);
int main(int argc, char **argv) {
	struct store_filter f = { "writer", 0, -1, -1 };
	struct store *st; struct store_case *c; struct error err;
	int i, n, total = 0;
	if (argc < 2 || (st = store_open(argv[1], 0, &err)) == NULL ||
	    store_case_list(st, &f, &c, &n, &err) == -1) {
		fprintf(stderr, "count: %s\n", argc < 2 ? "usage" : err.msg);
		return 1;
	}
	for (i = 0; i < n; i++)
		total += c[i].nanswers;
	printf("%d\n", total);
	store_cases_free(c, n); store_close(st); return 0;
}
C
pass=0 fail=0
run() {	# run DB N DELAY_MS
	db=$1 n=$2 delay=$3
	: > "$tmp/out"
	"$tmp/writer" "$db" rules "$n" 60 > "$tmp/out" 2>"$tmp/err" &
	pid=$!
	if [ "$delay" = done ]; then
		while ! grep -q '^done' "$tmp/out"; do sleep 0.05; done
	else
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
	got=$("$tmp/count" "$db")
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
	run "$tmp/k$i.db" 1000000 "$d"
done
run "$tmp/k-done.db" 40 done
[ "$got" -eq 40 ] || { echo "FAIL: 40 expected"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
