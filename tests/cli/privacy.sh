# No inference from the store (issue 15, item 1): for each sensitive
# question of the rule base, three interviews replayed from situations
# that differ only in that answer (two different answers, and none)
# leave byte-identical rows in every table of the database (times
# aside: created, updated, finished, saved, at), the answers table
# included: the questions asked, hence the answers kept and their order,
# are chosen without reading sensitive answers (src/engine/interview.h).
# No sensitive answer is in the answers table.
# Run from the source tree root. AIG_TEST_PG=1 (tests/store/pg_suites.sh,
# with PGHOST and PGUSER set): the same on PostgreSQL, one throwaway
# database per interview.
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
# The same rows from PostgreSQL, as "table|value|value…": one query
# writes the SELECT of every table, a second psql runs them.
dump_pg() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "SELECT
	    string_agg(format('SELECT %L, %s FROM %I ORDER BY 2, 3;',
	    table_name, cols, table_name), E'\n' ORDER BY table_name) FROM
	    (SELECT table_name, string_agg(column_name, ', ' ORDER BY
	    ordinal_position) AS cols FROM information_schema.columns WHERE
	    table_schema = current_schema() AND column_name NOT IN
	    ('created', 'updated', 'finished', 'saved', 'at') GROUP BY
	    table_name) t" >"$TMP/dump.sql" &&
	    psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -f "$TMP/dump.sql"
}
# fresh SIDE: an empty database for one interview; prints its name. On
# PostgreSQL the side's database is emptied (numbers from 1 again).
fresh() {
	if [ -n "${AIG_TEST_PG:-}" ]; then
		if ! psql -X -q -A -t -d "aig_privacy_$1" -c "SELECT 1" \
		    >/dev/null 2>&1; then
			createdb "aig_privacy_$1"
		else
			psql -X -q -A -t -v ON_ERROR_STOP=1 \
			    -d "aig_privacy_$1" -c "DO \$\$ DECLARE t text;
			    BEGIN FOR t IN SELECT tablename FROM pg_tables
			    WHERE schemaname = current_schema() AND
			    tablename <> 'aiguillage_meta' LOOP EXECUTE
			    format('TRUNCATE %I RESTART IDENTITY CASCADE', t);
			    END LOOP; END \$\$" >/dev/null
		fi
		echo "postgresql:///aig_privacy_$1"
	else
		rm -f "$TMP/$1.db"*
		echo "$TMP/$1.db"
	fi
}
# stored_answer ROWS VAR: the answers table of the dump holds VAR.
stored_answer() {
	if [ -n "${AIG_TEST_PG:-}" ]; then
		grep -q "^answers|1|$2|" "$1"
	else
		grep -q "^answers (1, '$2'," "$1"
	fi
}
# replay SIDE VAR VALUE: the summary situation with VAR answered VALUE
# (none when VALUE is empty or null) replayed into a fresh database;
# the screen in $TMP/SIDE.out, the rows in $TMP/SIDE.rows.
replay() {
	grep -v "^$2:" "$S" >"$TMP/$1.yaml"
	case $3 in ''|null) ;; *) printf '%s: %s\n' "$2" "$3" >>"$TMP/$1.yaml" ;; esac
	db=$(fresh "$1")
	"$BIN" --db "$db" interview --replay "$TMP/$1.yaml" \
	    --date 2026-11-15 >"$TMP/$1.out" 2>&1 ||
	    fail "$2: replay $1 failed"
	if [ -n "${AIG_TEST_PG:-}" ]; then
		dump_pg "$db" >"$TMP/$1.rows"
	else
		dump "$db" >"$TMP/$1.rows"
	fi
}
n=0
while read -r var a b; do
	n=$((n + 1))
	for side in a b u; do
		eval "val=\${$side:-}"
		replay "$side" "$var" "$val"
		if stored_answer "$TMP/$side.rows" "$var"; then
			fail "$var: the sensitive answer is stored"
		else pass; fi
	done
	if cmp -s "$TMP/a.out" "$TMP/b.out"; then
		echo "note: $var ($a / $b) changes nothing on screen either"
	fi
	grep -q "^answers[ |]" "$TMP/a.rows" &&
	    grep -q "^results[ |]" "$TMP/a.rows" &&
	    grep -q "^cases[ |]" "$TMP/a.rows" && pass ||
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
# A sensitive option (doc/rules.md): the situation's answer without it
# and with it, last or first among other options, leave the same rows,
# and the option is in no stored answer.
python3 - "$S" >"$TMP/opts" <<'PY'
import glob, json, sys, yaml
base = yaml.safe_load(open(sys.argv[1]))
j = lambda v: json.dumps(v, separators=(',', ':'))
for f in sorted(glob.glob('rules/questions/*.yaml')):
    for q in yaml.safe_load(open(f))['questions']:
        opts = [o for o in q.get('options', []) if isinstance(o, dict)]
        for o in opts:
            if not o.get('sensitive'):
                continue
            if q['type'] == 'set':
                a = base.get(q['id']) or [next(x['value'] for x in opts
                                               if not x.get('sensitive'))]
                b, c = a + [o['value']], [o['value']] + a
            else:
                a, b, c = None, o['value'], o['value']
            print(q['id'], o['value'], j(a), j(b), j(c))
PY
m=0
while read -r var opt a b c; do
	m=$((m + 1))
	for side in a b c; do
		eval "val=\$$side"
		replay "$side" "$var" "$val"
	done
	for side in b c; do
		if grep "^answers[ |]" "$TMP/$side.rows" | grep -q "$opt"; then
			fail "$var: the sensitive option $opt is stored"
		else pass; fi
		if cmp -s "$TMP/a.rows" "$TMP/$side.rows"; then pass; else
			eval "val=\$$side"
			fail "$var: $a and $val leave different rows"
			diff "$TMP/a.rows" "$TMP/$side.rows" | head -8
		fi
	done
done <"$TMP/opts"
[ "$m" -ge 2 ] && pass || fail "only $m sensitive options found"
finish
