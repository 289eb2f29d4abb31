# No inference from the store (issue 15, item 1): for each sensitive
# question of the rule base, three interviews replayed from situations
# that differ only in that answer (two different answers, and none)
# leave byte-identical rows in every table of the database (times
# aside: created, updated, finished, saved, at), the answers table
# included: the questions asked, hence the answers kept and their order,
# are chosen without reading sensitive answers (src/engine/interview.h).
# No sensitive answer is in the answers table.
# Run from the source tree root.
. tests/cli/lib.sh
S=tests/summary/mere-isolee.yaml
# sensitive VAR A B lines from the rule base: two different answers each.
python3 - >"$TMP/vars" <<'PY'
import glob, json, yaml
for f in sorted(glob.glob('rules/questions/*.yaml')):
    for q in yaml.safe_load(open(f))['questions']:
        if not q.get('sensitive'):
            continue
        t, opts = q['type'], [o['value'] for o in q.get('options', [])]
        a, b = {'bool': (True, False), 'int': (1, 40), 'money': (0, 900),
                'enum': tuple(opts[-2:]), 'set': ([], opts[:1])}[t]
        print(q['id'], json.dumps(a), json.dumps(b))
PY
dump() {	# the rows of every table, time columns left out
	python3 - "$@" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
skip = {'created', 'updated', 'finished', 'saved', 'at'}
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
    cols = [c[1] for c in db.execute('PRAGMA table_info(%s)' % t) if c[1] not in skip]
    for row in db.execute('SELECT %s FROM %s ORDER BY 1, 2' % (', '.join(cols), t)):
        print(t, repr(row))
PY
}
n=0
while read -r var a b; do
	n=$((n + 1))
	for side in a b u; do
		eval "val=\${$side:-}"
		grep -v "^$var:" "$S" >"$TMP/$side.yaml"
		[ "$side" = u ] || printf '%s: %s\n' "$var" "$val" >>"$TMP/$side.yaml"
		rm -f "$TMP/$side.db"*
		"$BIN" --db "$TMP/$side.db" interview --replay "$TMP/$side.yaml" \
		    --date 2026-11-15 >"$TMP/$side.out" 2>&1 ||
		    fail "$var: replay $side failed"
		dump "$TMP/$side.db" >"$TMP/$side.rows"
		if grep -q "^answers (1, '$var'," "$TMP/$side.rows"; then
			fail "$var: the sensitive answer is stored"
		else pass; fi
	done
	if cmp -s "$TMP/a.out" "$TMP/b.out"; then
		echo "note: $var ($a / $b) changes nothing on screen either"
	fi
	grep -q "^answers " "$TMP/a.rows" && grep -q "^results " "$TMP/a.rows" &&
	    grep -q "^cases " "$TMP/a.rows" && pass ||
	    fail "$var: the dump misses tables"
	for side in b u; do
		if cmp -s "$TMP/a.rows" "$TMP/$side.rows"; then pass; else
			[ "$side" = b ] && other=$b || other="no answer"
			fail "$var: $a and $other leave different rows"
			diff "$TMP/a.rows" "$TMP/$side.rows" | head -8
		fi
	done
done <"$TMP/vars"
[ "$n" -ge 11 ] && pass || fail "only $n sensitive questions found"
finish
