/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_store.c - unit tests of the case store (src/store/store.c): every API
 * function, privacy (sensitive answers and erased cases leave no bytes in
 * the files), purge, statistics and the faults an agent may meet (busy,
 * read-only, full disk, corrupt, foreign and newer databases).
 *
 * Run from the top of the source tree (it loads rules/). Each test works
 * in its own temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eval.h"
#include "rules.h"
#include "situation.h"
#include "store.h"
#include "xmalloc.h"
#include "ydoc.h"

static struct rules *rules;

struct fix {
	char		 dir[64];
	char		*path;
	struct store	*st;
};

static int
var(const char *id)
{
	int k = rules_var_index(rules, id);

	assert_true(k >= 0);
	return k;
}

static int
setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof *f);
	struct error err;

	snprintf(f->dir, sizeof f->dir, "/tmp/aig-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->path = xasprintf("%s/sub/dir/cases.db", f->dir);
	f->st = store_open(f->path, 0, &err);
	if (f->st == NULL)
		fail_msg("%s", err.msg);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	char *cmd;

	store_close(f->st);
	cmd = xasprintf("rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	free(f->path);
	free(f);
	return 0;
}

/* Does `needle` occur in file `path` (missing file: no)? */
static int
file_has(const char *path, const char *needle)
{
	size_t len, nlen = strlen(needle), i;
	struct error err;
	char *buf = file_slurp(path, &len, &err);
	int found = 0;

	if (buf == NULL)
		return 0;
	for (i = 0; i + nlen <= len && !found; i++)
		found = memcmp(buf + i, needle, nlen) == 0;
	free(buf);
	return found;
}

/* In the database, its WAL or its shared-memory file? */
static int
db_has(const char *path, const char *needle)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	int r = file_has(path, needle) || file_has(wal, needle) ||
	    file_has(shm, needle);

	free(wal);
	free(shm);
	return r;
}

static int64_t
new_case(struct store *st, const char *agent)
{
	struct error err;
	int64_t id = 0;

	if (store_case_new(st, agent, "MDS Auch", "mds_counter",
	    rules->version, date_from_ymd(2026, 3, 2), NULL, &id, &err) == -1)
		fail_msg("%s", err.msg);
	assert_true(id > 0);
	return id;
}

static void
answer_text(struct store *st, int64_t id, struct situation *sit,
    const char *v, const char *text)
{
	struct error err;
	int k = var(v);

	if (situation_parse_answer(sit, k, text, &err) == -1)
		fail_msg("%s: %s", v, err.msg);
	if (store_answer(st, id, rules, k, &sit->vals[k], &err) == -1)
		fail_msg("%s", err.msg);
}


/* The first insertion rule test: RSA likely, 651.69 on 2026-11-15. */
static const char fixture[] = "{department: \"32\", respondent: \"self\", "
    "age: 30, couple: false, children: [], pregnant: false, "
    "residence_status: \"french\", health_cover: \"puma_only\", "
    "housing: \"tenant_private\", rent: 500, housing_benefit: 0, "
    "landlord_relative: false, other_adults: 0, income_work: 0, "
    "income_unemployment: 0, income_pension: 0, income_invalidity: 0, "
    "income_family_benefits: 0, income_maintenance: 0, income_other: 0, "
    "receives: [], activity: \"jobseeker\", ft_registered: true, "
    "worked_2_of_3_years: false, mobility_barriers: [], disability: "
    "\"none\", debts: [], eviction_stage: \"none\", social_worker: false, "
    "digital_autonomy: true, interpreter: false, urgent: [], danger_now: "
    "false, childcare_need: false, legal_protection: false, "
    "tax_return_filed: true}";

/* Read the fixture into `sit` and store each answer, in file order.
 * Returns how many were stored (sensitive ones are not). */
static int
store_all(struct store *st, int64_t id, struct situation *sit)
{
	struct ydoc doc;
	struct error err;
	int i, k, n = 0, rc;

	assert_int_equal(ydoc_parse(&doc, "fixture", fixture, strlen(fixture),
	    &err), 0);
	assert_int_equal(situation_read(sit, doc.root, "fixture", &err), 0);
	for (i = 0; i < doc.root->n; i++) {
		k = var(doc.root->keys[i]);
		rc = store_answer(st, id, rules, k, &sit->vals[k], &err);
		assert_int_equal(rc, rules->vars[k].sensitive ? 1 : 0);
		n += rc == 0;
	}
	ydoc_release(&doc);
	return n;
}

static void
test_open_creates(void **state)
{
	struct fix *f = *state;
	struct stat sb;
	char *dir = xasprintf("%s/sub/dir", f->dir);
	sqlite3 *db;
	sqlite3_stmt *s;

	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	free(dir);
	assert_string_equal(store_path(f->st), f->path);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	/* STRICT: a text where an integer goes is refused. */
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO cases(created, "
	    "updated, agent, rules_version, eval_date) VALUES ('x', 1, 'a', "
	    "'v', 'd')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_open_group_mode(void **state)
{
	struct fix *f = *state;
	char *path = xasprintf("%s/shared/g.db", f->dir);
	struct store *st;
	struct error err;
	struct stat sb;

	st = store_open(path, STORE_GROUP, &err);
	assert_non_null(st);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	store_close(st);
	free(path);
}

static void
test_default_path(void **state)
{
	char *p;

	(void)state;
	setenv("AIGUILLAGE_DB", "/x/y.db", 1);
	p = store_default_path();
	assert_string_equal(p, "/x/y.db");
	free(p);
	unsetenv("AIGUILLAGE_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	p = store_default_path();
	assert_string_equal(p, "/data/aiguillage/aiguillage.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/agent", 1);
	p = store_default_path();
	assert_string_equal(p, "/home/agent/.local/share/aiguillage/"
	    "aiguillage.db");
	free(p);
	assert_non_null(store_agent());
	assert_true(store_agent()[0] != '\0');
}

/* Answers of every kind come back identical, in order. */
static void
test_answer_roundtrip(void **state)
{
	struct fix *f = *state;
	struct situation a, b;
	struct error err;
	int64_t id = new_case(f->st, "alice");
	int *order, norder, k, ndropped = -1;
	struct record *rec;
	char *ya, *yb, *dropped = (char *)"x";

	situation_init(&a, rules);
	situation_init(&b, rules);
	answer_text(f->st, id, &a, "age", "34");
	answer_text(f->st, id, &a, "housing", "tenant_private");
	answer_text(f->st, id, &a, "rent", "612,35");
	answer_text(f->st, id, &a, "receives", "rsa, apl");
	answer_text(f->st, id, &a, "commune", "32013");
	k = var("children");
	situation_list_resize(&a, k, 2);
	assert_int_equal(situation_parse_field(&a, k, 0, 0, "3", &err), 0);
	assert_int_equal(situation_parse_field(&a, k, 1, 0, "12", &err), 0);
	assert_int_equal(situation_parse_field(&a, k, 1, 1, "2014-05-06",
	    &err), 0);
	assert_int_equal(store_answer(f->st, id, rules, k, &a.vals[k], &err),
	    0);
	k = var("partner");
	rec = situation_record(&a, k, -1);
	assert_non_null(rec);
	assert_int_equal(situation_parse_field(&a, k, -1, 0, "40", &err), 0);
	assert_int_equal(store_answer(f->st, id, rules, k, &a.vals[k], &err),
	    0);
	k = var("rsdae");
	situation_set_unknown(&a, k);		/* don't know */
	assert_int_equal(store_answer(f->st, id, rules, k, &a.vals[k], &err),
	    0);
	/* Answering again replaces. */
	answer_text(f->st, id, &a, "age", "35");

	assert_int_equal(store_case_load(f->st, id, &b, &order, &norder,
	    &dropped, &ndropped, &err), 0);
	assert_null(dropped);		/* "don't know" is an answer */
	assert_int_equal(ndropped, 0);
	ya = situation_to_yaml(&a, 0);
	yb = situation_to_yaml(&b, 0);
	assert_string_equal(ya, yb);
	free(ya);
	free(yb);
	assert_int_equal(norder, 8);
	assert_int_equal(order[0], var("housing"));
	assert_int_equal(order[norder - 1], var("age"));
	assert_true(b.answered[var("rsdae")]);
	assert_int_equal(b.vals[var("rsdae")].t, V_UNKNOWN);
	free(order);
	situation_release(&a);
	situation_release(&b);
}

/*
 * Answers the rules in use no longer accept (a question gone, a value no
 * longer an option): skipped, named in `dropped`, their rows kept.
 */
static void
test_load_dropped(void **state)
{
	struct fix *f = *state;
	struct situation a, b;
	struct error err;
	int64_t id = new_case(f->st, "alice");
	int ndropped = 0;
	char *dropped = NULL, *sql;
	sqlite3 *db;

	situation_init(&a, rules);
	situation_init(&b, rules);
	answer_text(f->st, id, &a, "age", "34");
	answer_text(f->st, id, &a, "housing", "tenant_private");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sql = sqlite3_mprintf("INSERT INTO answers VALUES (%lld, "
	    "'gone_question', 'true', 10, 0); UPDATE answers SET value = "
	    "'\"castle\"' WHERE case_id = %lld AND var = 'housing'; "
	    "INSERT INTO answers VALUES (%lld, 'couple', 'false\nrent: 1', "
	    "11, 0);", (long long)id, (long long)id, (long long)id);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(sql);
	sqlite3_close(db);
	assert_int_equal(store_case_load(f->st, id, &b, NULL, NULL, &dropped,
	    &ndropped, &err), 0);
	assert_int_equal(ndropped, 3);
	assert_non_null(dropped);
	assert_string_equal(dropped, "housing, gone_question, couple");
	assert_true(b.answered[var("age")]);
	assert_false(b.answered[var("housing")]);
	/* A value that reads as two answers sets neither. */
	assert_false(b.answered[var("couple")]);
	assert_false(b.answered[var("rent")]);
	free(dropped);
	/* Without asking for them. */
	assert_int_equal(store_case_load(f->st, id, &b, NULL, NULL, NULL, NULL,
	    &err), 0);
	assert_true(b.answered[var("age")]);
	situation_release(&a);
	situation_release(&b);
}

static void
test_value_text(void **state)
{
	struct value v = value_str("say \"hi\"\n");
	char *t;

	(void)state;
	t = store_value_text(&rules->vars[var("commune")], &v);
	assert_string_equal(t, "\"say \\\"hi\\\"\\n\"");
	free(t);
	v = value_num(NUM_INT(1200) + 500000);
	t = store_value_text(&rules->vars[var("rent")], &v);
	assert_string_equal(t, "1200.5");
	free(t);
}

static void
test_sensitive_never_stored(void **state)
{
	struct fix *f = *state;
	struct situation a, b;
	struct error err;
	int64_t id = new_case(f->st, "alice");
	int k = var("residence_status"), m = var("months_in_france");

	situation_init(&a, rules);
	situation_init(&b, rules);
	assert_true(rules->vars[k].sensitive);
	assert_int_equal(situation_parse_answer(&a, k, "no_permit", &err), 0);
	assert_int_equal(store_answer(f->st, id, rules, k, &a.vals[k], &err),
	    1);
	assert_int_equal(situation_parse_answer(&a, m, "1187", &err), 0);
	assert_int_equal(store_answer(f->st, id, rules, m, &a.vals[m], &err),
	    1);
	answer_text(f->st, id, &a, "age", "29");
	assert_false(db_has(f->path, "residence_status"));
	assert_false(db_has(f->path, "no_permit"));
	assert_false(db_has(f->path, "months_in_france"));
	assert_false(db_has(f->path, "1187"));
	assert_int_equal(store_case_load(f->st, id, &b, NULL, NULL, NULL, NULL,
	    &err), 0);
	assert_false(b.answered[k]);
	assert_false(b.answered[m]);
	assert_true(b.answered[var("age")]);
	situation_release(&a);
	situation_release(&b);
}

static void
test_forget(void **state)
{
	struct fix *f = *state;
	struct situation a;
	struct error err;
	int64_t id = new_case(f->st, "alice");

	situation_init(&a, rules);
	answer_text(f->st, id, &a, "age", "50");
	answer_text(f->st, id, &a, "housing", "owner");
	assert_int_equal(store_forget(f->st, id, rules, var("age"), &err), 0);
	assert_int_equal(store_case_load(f->st, id, &a, NULL, NULL, NULL, NULL,
	    &err), 0);
	assert_false(a.answered[var("age")]);
	assert_true(a.answered[var("housing")]);
	/* Unknown case. */
	assert_int_equal(store_forget(f->st, 999, rules, var("age"), &err), -1);
	assert_int_equal(store_status(f->st), STORE_NOT_FOUND);
	assert_int_equal(store_answer(f->st, 999, rules, var("age"),
	    &a.vals[var("housing")], &err), -1);
	assert_non_null(strstr(err.msg, "no case 999"));
	situation_release(&a);
}

/* Evaluate the answers and store the result; the stored result matches. */
static void
test_finish_fetch(void **state)
{
	struct fix *f = *state;
	struct evaluator *ev = eval_new(rules);
	struct store_case_data d;
	struct store_case *cs;
	const struct result *res;
	struct situation a;
	struct error err;
	int64_t id = new_case(f->st, "alice"), id2;
	int i, n, likely = 0, stored_likely = 0, amounts = 0, nstored, rsa;
	struct situation b;
	char *ya, *yb;

	situation_init(&a, rules);
	situation_init(&b, rules);
	nstored = store_all(f->st, id, &a);
	res = eval_run(ev, &a, date_from_ymd(2026, 11, 15));
	/* The stored answers read back give the same non-sensitive answers. */
	assert_int_equal(store_case_load(f->st, id, &b, NULL, NULL, NULL, NULL,
	    &err), 0);
	ya = situation_to_yaml(&a, 1);
	yb = situation_to_yaml(&b, 1);
	assert_string_equal(ya, yb);
	free(ya);
	free(yb);
	id2 = new_case(f->st, "bob");

	assert_int_equal(store_unfinished(f->st, "alice", &cs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cs[0].id, id);
	assert_int_equal(cs[0].nanswers, nstored);
	assert_string_equal(cs[0].site, "MDS Auch");
	assert_string_equal(cs[0].eval_date, "2026-03-02");
	store_cases_free(cs, n);

	assert_int_equal(store_case_finish(f->st, id, rules, res, &err), 0);
	assert_int_equal(store_unfinished(f->st, "alice", &cs, &n, &err), 0);
	assert_int_equal(n, 0);
	store_cases_free(cs, n);
	assert_int_equal(store_unfinished(f->st, NULL, &cs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cs[0].id, id2);
	store_cases_free(cs, n);
	assert_int_equal(store_case_list(f->st, NULL, &cs, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(cs[0].id, id2);	/* newest first */
	store_cases_free(cs, n);

	/* Finishing twice replaces the result. */
	assert_int_equal(store_case_finish(f->st, id, rules, res, &err), 0);
	assert_int_equal(store_case_fetch(f->st, id, &d, &err), 0);
	assert_true(d.c.finished > 0);
	assert_string_equal(d.c.rules_version, rules->version);
	assert_int_equal(d.nanswers, nstored);
	assert_string_equal(d.answers[0].var, "department");
	assert_string_equal(d.answers[0].value, "\"32\"");
	rsa = rules_scheme_index(rules, "rsa");
	assert_string_equal(d.schemes[rsa].verdict, "likely");
	assert_string_equal(d.schemes[rsa].variant, "standard");
	assert_true(d.schemes[rsa].has_amount);
	assert_int_equal(d.schemes[rsa].amount, NUM_INT(651) + 690000);
	assert_int_equal(d.nschemes, rules->nnational);
	for (i = 0; i < rules->nnational; i++) {
		assert_string_equal(d.schemes[i].scheme, rules->schemes[i].id);
		assert_string_equal(d.schemes[i].verdict,
		    verdict_name(res->schemes[i].verdict));
		assert_int_equal(d.schemes[i].has_amount,
		    res->schemes[i].has_amount != 0);
		if (res->schemes[i].has_amount) {
			assert_int_equal(d.schemes[i].amount,
			    res->schemes[i].amount);
			amounts++;
		}
		assert_int_equal(d.schemes[i].non_take_up,
		    res->schemes[i].non_take_up != 0);
		likely += res->schemes[i].verdict == VERDICT_LIKELY;
		stored_likely += strcmp(d.schemes[i].verdict, "likely") == 0;
	}
	assert_int_equal(likely, stored_likely);
	assert_true(likely > 0);
	assert_true(amounts > 0);
	assert_true(d.nplan > 0);
	assert_int_equal(d.ndocuments, res->ndocuments);
	assert_int_equal(d.nreads, 0);
	store_case_data_release(&d);

	/* Answering again reopens the case. */
	answer_text(f->st, id, &a, "rent", "460");
	assert_int_equal(store_unfinished(f->st, "alice", &cs, &n, &err), 0);
	assert_int_equal(n, 1);
	store_cases_free(cs, n);
	assert_int_equal(store_case_fetch(f->st, 12345, &d, &err), -1);
	assert_int_equal(store_status(f->st), STORE_NOT_FOUND);
	eval_free(ev);
	situation_release(&a);
	situation_release(&b);
}

/* Discreet urgencies (violence…) are not written with the result. */
static void
test_finish_discreet(void **state)
{
	struct fix *f = *state;
	struct evaluator *ev = eval_new(rules);
	const struct result *res;
	struct situation a;
	struct error err;
	int64_t id = new_case(f->st, "alice");
	int k = var("urgent"), i, discreet = 0;

	situation_init(&a, rules);
	assert_int_equal(situation_parse_answer(&a, k, "violence, no_food",
	    &err), 0);
	assert_int_equal(store_answer(f->st, id, rules, k, &a.vals[k], &err),
	    1);
	answer_text(f->st, id, &a, "age", "30");
	res = eval_run(ev, &a, date_from_ymd(2026, 3, 2));
	for (i = 0; i < res->nurgency_order; i++)
		discreet += store_urgency_is_private(rules,
		    &rules->urgencies[res->urgency_order[i]]);
	assert_true(discreet > 0);
	assert_int_equal(store_case_finish(f->st, id, rules, res, &err), 0);
	assert_false(db_has(f->path, "\"violence\""));
	{
		struct store_case_data d;

		assert_int_equal(store_case_fetch(f->st, id, &d, &err), 0);
		assert_int_equal(d.nurgencies, res->nurgency_order - discreet);
		for (i = 0; i < d.nurgencies; i++)
			assert_string_not_equal(d.urgencies[i].urgency,
			    "violence");
		for (i = 0; i < d.nplan; i++)
			if (d.plan[i].urgency != NULL)
				assert_string_not_equal(d.plan[i].urgency,
				    "violence");
		store_case_data_release(&d);
	}
	eval_free(ev);
	situation_release(&a);
}

static void
test_log_read(void **state)
{
	struct fix *f = *state;
	struct store_case_data d;
	struct error err;
	int64_t id = new_case(f->st, "alice");

	assert_int_equal(store_log_read(f->st, id, "alice", &err), 0);
	assert_int_equal(store_log_read(f->st, id, "bob", &err), 0);
	assert_int_equal(store_log_access(f->st, id, "carol", "export", &err),
	    0);
	assert_int_equal(store_case_fetch(f->st, id, &d, &err), 0);
	assert_int_equal(d.nreads, 2);
	assert_string_equal(d.reads[0].reader, "bob");
	assert_string_equal(d.reads[0].action, "read");
	assert_string_equal(d.reads[1].reader, "carol");
	assert_string_equal(d.reads[1].action, "export");
	store_case_data_release(&d);
	assert_int_equal(store_log_read(f->st, 777, "bob", &err), -1);
	assert_int_equal(store_status(f->st), STORE_NOT_FOUND);
}

static void
test_erase_no_trace(void **state)
{
	struct fix *f = *state;
	struct evaluator *ev = eval_new(rules);
	struct situation a;
	struct store_case *cs;
	struct error err;
	int64_t keep = new_case(f->st, "alice"), id;
	int i, n;

	situation_init(&a, rules);
	answer_text(f->st, keep, &a, "rent", "612.35");
	id = new_case(f->st, "alice");
	/* A distinctive value, written and rewritten, then a result. */
	answer_text(f->st, id, &a, "rent", "4321.97");
	answer_text(f->st, id, &a, "income_work", "3141.59");
	answer_text(f->st, id, &a, "rent", "4321.98");
	for (i = 0; i < 50; i++)
		answer_text(f->st, keep, &a, "age", i % 2 ? "40" : "41");
	assert_int_equal(store_log_read(f->st, id, "zorglubreader", &err), 0);
	assert_int_equal(store_case_finish(f->st, id, rules,
	    eval_run(ev, &a, date_today()), &err), 0);
	assert_true(db_has(f->path, "4321.98"));
	assert_int_equal(store_case_erase(f->st, id, &err), 0);
	assert_false(db_has(f->path, "4321.98"));
	assert_false(db_has(f->path, "4321.97"));
	assert_false(db_has(f->path, "3141.59"));
	assert_false(db_has(f->path, "zorglubreader"));
	assert_true(db_has(f->path, "612.35"));	/* the other case stays */
	assert_int_equal(store_case_list(f->st, NULL, &cs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cs[0].id, keep);
	store_cases_free(cs, n);
	assert_int_equal(store_case_erase(f->st, id, &err), -1);
	assert_int_equal(store_status(f->st), STORE_NOT_FOUND);
	/* A tombstone without content; the number is never given again. */
	{
		struct store_tombstone *t;

		assert_int_equal(store_tombstones(f->st, &t, &n, &err), 0);
		assert_int_equal(n, 1);
		assert_int_equal(t[0].case_id, id);
		assert_string_equal(t[0].how, "erase");
		assert_string_equal(t[0].by, store_agent());
		assert_true(t[0].erased > 0);
		store_tombstones_free(t, n);
		assert_true(new_case(f->st, "bruno") > id);
		assert_true(db_has(f->path, "erase"));
	}
	eval_free(ev);
	situation_release(&a);
}

/* Age the cases by `days` directly in the file. */
static void
age_cases(const char *path, int64_t id, int days)
{
	sqlite3 *db;
	char *sql = sqlite3_mprintf("UPDATE cases SET created = created - %d, "
	    "updated = updated - %d, finished = finished - %d WHERE id = %lld",
	    days * 86400, days * 86400, days * 86400, (long long)id);

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(sql);
	sqlite3_close(db);
}

static void
test_purge(void **state)
{
	struct fix *f = *state;
	struct situation a;
	struct store_case *cs;
	struct error err;
	int64_t old, recent;
	int n, count;

	situation_init(&a, rules);
	old = new_case(f->st, "alice");
	answer_text(f->st, old, &a, "rent", "2718.28");
	recent = new_case(f->st, "bob");
	answer_text(f->st, recent, &a, "rent", "1414.21");
	age_cases(f->path, old, 400);
	age_cases(f->path, recent, 100);
	assert_int_equal(store_purge(f->st, 365, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_case_list(f->st, NULL, &cs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cs[0].id, recent);
	store_cases_free(cs, n);
	assert_false(db_has(f->path, "2718.28"));
	assert_true(db_has(f->path, "1414.21"));
	assert_int_equal(store_purge(f->st, 365, &count, &err), 0);
	assert_int_equal(count, 0);
	assert_int_equal(store_purge(f->st, 30, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_purge(f->st, -1, &count, &err), -1);
	/* Each purged case leaves a tombstone, and the purge its audit. */
	{
		struct store_tombstone *t;

		assert_int_equal(store_tombstones(f->st, &t, &n, &err), 0);
		assert_int_equal(n, 2);
		assert_string_equal(t[0].how, "purge");
		assert_int_equal(t[1].case_id, recent);
		store_tombstones_free(t, n);
		assert_true(db_has(f->path, "older than 30 days"));
	}
	situation_release(&a);
}

static const struct store_stat *
stat_find(const struct store_stat *s, int n, const char *dim, const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s[i].dim, dim) == 0 && strcmp(s[i].key, key) == 0)
			return &s[i];
	return NULL;
}

static void
test_stats(void **state)
{
	struct fix *f = *state;
	struct evaluator *ev = eval_new(rules);
	const struct result *res;
	const struct store_stat *x;
	struct store_stat *s;
	struct situation a;
	struct error err;
	int64_t id1, id2, id3;
	int n, i, likely = 0, received = 0, rsa_likely;

	situation_init(&a, rules);
	id1 = new_case(f->st, "alice");
	answer_text(f->st, id1, &a, "age", "30");
	answer_text(f->st, id1, &a, "housing", "tenant_private");
	answer_text(f->st, id1, &a, "income_work", "0");
	answer_text(f->st, id1, &a, "receives", "apl");
	answer_text(f->st, id1, &a, "housing_move", "none");
	res = eval_run(ev, &a, date_from_ymd(2026, 3, 2));
	for (i = 0; i < rules->nnational; i++) {
		likely += res->schemes[i].verdict == VERDICT_LIKELY;
		received += res->schemes[i].received;
	}
	assert_true(received > 0);	/* the housing benefit */
	rsa_likely = res->schemes[rules_scheme_index(rules, "rsa")].verdict ==
	    VERDICT_LIKELY;
	assert_int_equal(store_case_finish(f->st, id1, rules, res, &err), 0);
	id2 = new_case(f->st, "bob");
	assert_int_equal(store_case_finish(f->st, id2, rules, res, &err), 0);
	assert_int_equal(store_case_new(f->st, "carol", "CCAS Condom",
	    "phone", rules->version, date_today(), "ref 12", &id3, &err), 0);
	age_cases(f->path, id2, 40);

	assert_int_equal(store_stats(f->st, -1, -1, &s, &n, &err), 0);
	x = stat_find(s, n, "total", "cases");
	assert_non_null(x);
	assert_int_equal(x->cases, 3);
	assert_int_equal(x->likely, 2 * likely);
	assert_int_equal(x->received, 2 * received);
	x = stat_find(s, n, "scheme", "aides_logement");
	assert_non_null(x);
	assert_int_equal(x->received, 2);
	x = stat_find(s, n, "channel", "mds_counter");
	assert_non_null(x);
	assert_int_equal(x->cases, 2);
	x = stat_find(s, n, "channel", "phone");
	assert_non_null(x);
	assert_int_equal(x->cases, 1);
	assert_int_equal(x->likely, 0);
	assert_non_null(stat_find(s, n, "site", "CCAS Condom"));
	x = stat_find(s, n, "scheme", "rsa");
	assert_non_null(x);
	assert_int_equal(x->likely, 2 * rsa_likely);
	assert_int_equal(x->likely + x->to_check + x->unlikely, 2);
	assert_non_null(stat_find(s, n, "domain", "insertion"));
	for (i = 0; i < n; i++)		/* no login, no answer */
		assert_true(strcmp(s[i].key, "alice") != 0 &&
		    strcmp(s[i].key, "30") != 0);
	store_stats_free(s, n);

	/* Only today: the aged case drops out. */
	assert_int_equal(store_stats(f->st, date_today(), date_today(), &s, &n,
	    &err), 0);
	x = stat_find(s, n, "total", "cases");
	assert_non_null(x);
	assert_int_equal(x->cases, 2);
	store_stats_free(s, n);
	assert_int_equal(store_stats(f->st, date_today() + 1, -1, &s, &n,
	    &err), 0);
	x = stat_find(s, n, "total", "cases");
	assert_non_null(x);
	assert_int_equal(x->cases, 0);
	store_stats_free(s, n);
	eval_free(ev);
	situation_release(&a);
}

static void
test_reopen_and_two_connections(void **state)
{
	struct fix *f = *state;
	struct store *st2;
	struct store_case c;
	struct error err;
	int64_t id = new_case(f->st, "alice");

	st2 = store_open(f->path, 0, &err);
	assert_non_null(st2);
	assert_int_equal(store_case_get(st2, id, &c, &err), 0);
	assert_string_equal(c.agent, "alice");
	assert_null(c.reference);
	store_case_release(&c);
	store_close(st2);
	st2 = store_open(f->path, STORE_READONLY, &err);
	assert_non_null(st2);
	assert_int_equal(store_case_get(st2, id, &c, &err), 0);
	store_case_release(&c);
	store_close(st2);
}

/* --- faults ------------------------------------------------------------ */

static void
write_bytes(const char *path, const void *buf, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, n, fp), n);
	fclose(fp);
}

static void
test_fault_corrupt(void **state)
{
	struct fix *f = *state;
	char *path = xasprintf("%s/corrupt.db", f->dir);
	unsigned char junk[8192];
	struct error err;
	size_t i;

	srand(7);
	for (i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)rand();
	write_bytes(path, junk, sizeof junk);
	assert_null(store_open(path, 0, &err));
	assert_non_null(strstr(err.msg, "corrupt or not a database"));
	assert_non_null(strstr(err.msg, path));
	free(path);

	/* A real database whose pages were overwritten mid-file. */
	{
		struct situation a;
		struct store_case *cs;
		int64_t id;
		int fd, n, j;
		struct store *st;

		situation_init(&a, rules);
		for (j = 0; j < 40; j++) {
			id = new_case(f->st, "alice");
			answer_text(f->st, id, &a, "rent", "100");
		}
		store_close(f->st);
		fd = open(f->path, O_WRONLY);
		assert_true(fd >= 0);
		assert_int_equal(pwrite(fd, junk, 4096 * 2, 4096), 4096 * 2);
		close(fd);
		st = store_open(f->path, 0, &err);
		if (st != NULL) {
			assert_int_equal(store_case_list(st, NULL, &cs, &n,
			    &err), -1);
			assert_int_equal(store_status(st), STORE_CORRUPT);
			assert_non_null(strstr(err.msg, "corrupt"));
		} else {
			assert_non_null(strstr(err.msg, "corrupt"));
		}
		f->st = st;
		situation_release(&a);
	}
}

static void
test_fault_foreign_and_newer(void **state)
{
	struct fix *f = *state;
	char *path = xasprintf("%s/other.db", f->dir);
	sqlite3 *db;
	struct error err;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(path, 0, &err));
	assert_non_null(strstr(err.msg, "another program"));
	free(path);

	store_close(f->st);
	f->st = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(f->path, 0, &err));
	assert_non_null(strstr(err.msg, "newer aiguillage"));
	assert_non_null(strstr(err.msg, "schema 99"));
	assert_null(store_open(f->path, STORE_READONLY, &err));
}

/* Another process holds the write lock: a clear "busy" after the wait,
 * nothing half-written; the answer goes through once it lets go. */
static void
test_fault_locked(void **state)
{
	struct fix *f = *state;
	struct situation a;
	struct store_case_data d;
	struct error err;
	int64_t id = new_case(f->st, "alice");
	int pfd[2], status;
	pid_t pid;
	char c;
	int64_t t0;

	situation_init(&a, rules);
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db;

		if (sqlite3_open(f->path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN EXCLUSIVE; INSERT INTO cases("
		    "created, updated, agent, rules_version, eval_date) "
		    "VALUES (1, 1, 'x', 'v', 'd')", NULL, NULL, NULL) !=
		    SQLITE_OK)
			_exit(1);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		sleep(2);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	assert_int_equal(read(pfd[0], &c, 1), 1);
	store_set_timeout(f->st, 300);
	t0 = time(NULL);
	assert_int_equal(situation_parse_answer(&a, var("age"), "44", &err), 0);
	assert_int_equal(store_answer(f->st, id, rules, var("age"),
	    &a.vals[var("age")], &err), -1);
	assert_int_equal(store_status(f->st), STORE_BUSY);
	assert_non_null(strstr(err.msg, "busy"));
	assert_null(strstr(err.msg, "database is locked"));
	assert_true(time(NULL) - t0 < 2);
	/* With a longer wait, the same answer is saved once the lock goes. */
	store_set_timeout(f->st, 10000);
	assert_int_equal(store_answer(f->st, id, rules, var("age"),
	    &a.vals[var("age")], &err), 0);
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(store_case_fetch(f->st, id, &d, &err), 0);
	assert_int_equal(d.nanswers, 1);
	store_case_data_release(&d);
	close(pfd[0]);
	close(pfd[1]);
	situation_release(&a);
}

/* Run `fn` in a child (for setuid/rlimit); returns its exit status. */
static int
in_child(void (*fn)(struct fix *), struct fix *f)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		fn(f);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 +
	    WTERMSIG(status);
}

/* As an unprivileged user if we are root: permissions must bite. */
static void
drop_root(void)
{
	if (geteuid() == 0 && (setgid(65534) == -1 || setuid(65534) == -1))
		_exit(90);
}

static void
child_readonly(struct fix *f)
{
	struct store *st;
	struct error err;
	char *path = xasprintf("%s/rofile/cases.db", f->dir);
	int64_t id;

	drop_root();
	/* Read-only file. */
	st = store_open(path, 0, &err);
	if (st != NULL)
		_exit(1);
	if (strstr(err.msg, "read-only") == NULL)
		_exit(2);
	/* But readable for listing. */
	st = store_open(path, STORE_READONLY, &err);
	if (st == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		_exit(3);
	}
	if (store_case_new(st, "x", NULL, NULL, "v", 0, NULL, &id, &err) != -1)
		_exit(4);
	if (store_status(st) != STORE_READ_ONLY)
		_exit(5);
	store_close(st);
	/* A new database in a read-only directory. */
	free(path);
	path = xasprintf("%s/rodir/new.db", f->dir);
	if (store_open(path, 0, &err) != NULL)
		_exit(6);
	if (strstr(err.msg, "cannot create database") == NULL)
		_exit(7);
	free(path);
}

static void
test_fault_readonly(void **state)
{
	struct fix *f = *state;
	char *dir = xasprintf("%s/rofile", f->dir);
	char *rodir = xasprintf("%s/rodir", f->dir);
	char *path = xasprintf("%s/rofile/cases.db", f->dir);
	struct store *st;
	struct error err;
	int64_t id;

	st = store_open(path, 0, &err);
	assert_non_null(st);
	assert_int_equal(store_case_new(st, "alice", NULL, NULL, "v", 0, NULL,
	    &id, &err), 0);
	store_close(st);
	/* A read-only file in a directory anyone may write (for -shm), and
	 * a read-only directory. */
	assert_int_equal(chmod(path, 0444), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(mkdir(rodir, 0555), 0);
	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(in_child(child_readonly, f), 0);
	free(dir);
	free(rodir);
	free(path);
}

static void
child_full(struct fix *f)
{
	struct rlimit rl;
	struct situation a;
	struct store *st;
	struct error err;
	struct stat sb;
	char big[1000];
	struct value v;
	int64_t id;
	int i, k = var("commune"), failed = 0;

	/* The file may not grow past its current size + a little. */
	signal(SIGXFSZ, SIG_IGN);
	st = store_open(f->path, 0, &err);
	if (st == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		_exit(1);
	}
	if (store_case_new(st, "alice", NULL, NULL, "v", 0, NULL, &id,
	    &err) == -1)
		_exit(2);
	stat(f->path, &sb);
	rl.rlim_cur = rl.rlim_max = 64 * 1024;
	if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
		_exit(3);
	situation_init(&a, rules);
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	v = value_str(big);
	for (i = 0; i < 500; i++) {
		/* Many cases, each with a long answer: the WAL grows. */
		if (store_case_new(st, "alice", NULL, NULL, "v", 0, NULL, &id,
		    &err) == -1 || store_answer(st, id, rules, k, &v,
		    &err) == -1) {
			failed = 1;
			break;
		}
	}
	if (!failed)
		_exit(4);
	if (store_status(st) != STORE_FULL && store_status(st) != STORE_IO)
		_exit(5);
	if (strstr(err.msg, "full") == NULL && strstr(err.msg,
	    "input/output") == NULL)
		_exit(6);
	store_close(st);
	situation_release(&a);
}

static void
test_fault_disk_full(void **state)
{
	struct fix *f = *state;
	struct store_case *cs;
	struct error err;
	int n, i;

	store_close(f->st);
	f->st = NULL;
	assert_int_equal(in_child(child_full, f), 0);
	/* Reopen without the limit: consistent, every case complete. */
	f->st = store_open(f->path, 0, &err);
	if (f->st == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(store_case_list(f->st, NULL, &cs, &n, &err), 0);
	assert_true(n > 2);
	/* Newest first: the newest may have lost its answer with the
	 * failed transaction, the oldest never had one; every other case
	 * has its answer, whole. */
	for (i = 1; i < n - 1; i++)
		assert_int_equal(cs[i].nanswers, 1);
	store_cases_free(cs, n);
}

/* The tmpfs variant: a real ENOSPC (needs root; skipped otherwise). */
static void
test_fault_tmpfs_full(void **state)
{
	struct fix *f = *state;
	char *mnt = xasprintf("%s/tiny", f->dir), *cmd, *path;
	struct situation a;
	struct store *st;
	struct error err;
	char big[2000];
	struct value v;
	int64_t id;
	int i, failed = 0;

	mkdir(mnt, 0700);
	cmd = xasprintf("mount -t tmpfs -o size=256k tmpfs '%s' 2>/dev/null",
	    mnt);
	if (geteuid() != 0 || system(cmd) != 0) {
		free(cmd);
		free(mnt);
		skip();
	}
	free(cmd);
	path = xasprintf("%s/cases.db", mnt);
	st = store_open(path, 0, &err);
	assert_non_null(st);
	situation_init(&a, rules);
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	v = value_str(big);
	for (i = 0; i < 1000 && !failed; i++)
		failed = store_case_new(st, "alice", NULL, NULL, "v", 0, NULL,
		    &id, &err) == -1 || store_answer(st, id, rules,
		    var("commune"), &v, &err) == -1;
	assert_true(failed);
	assert_int_equal(store_status(st), STORE_FULL);
	assert_non_null(strstr(err.msg, "full"));
	store_close(st);
	situation_release(&a);
	cmd = xasprintf("umount '%s'", mnt);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
	free(mnt);
}

/* Issue 15, 3: plain paths only; no symbolic link, special file or file
 * anyone may write is opened as the database or beside it. */
static void
test_paths_and_links(void **state)
{
	struct fix *f = *state;
	struct error err;
	char *p;
	int fd;
	static const char *const sfx[] = { "", "-lock", "-wal", "-shm",
	    "-journal" };
	size_t i;

	assert_null(store_open("file:x.db?mode=memory", 0, &err));
	assert_non_null(strstr(err.msg, "plain file path"));
	assert_null(store_open("FILE:x.db", STORE_READONLY, &err));
	assert_null(store_open(":memory:", 0, &err));
	assert_non_null(strstr(err.msg, "plain file path"));
	/* A link planted as the database or any file beside it. */
	p = xasprintf("%s/target", f->dir);
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		char *db = xasprintf("%s/l%zu.db", f->dir, i);
		char *l = xasprintf("%s%s", db, sfx[i]);

		assert_int_equal(symlink(p, l), 0);
		assert_null(store_open(db, 0, &err));
		assert_non_null(strstr(err.msg, "symbolic link"));
		assert_null(store_open(db, STORE_READONLY, &err));
		free(db);
		free(l);
	}
	free(p);
	/* A FIFO as the lock file, and a database anyone may write. */
	p = xasprintf("%s/fifo.db-lock", f->dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	p = xasprintf("%s/fifo.db", f->dir);
	assert_null(store_open(p, 0, &err));
	assert_non_null(strstr(err.msg, "not a regular file"));
	free(p);
	assert_int_equal(chmod(f->path, 0666), 0);
	assert_null(store_open(f->path, 0, &err));
	assert_non_null(strstr(err.msg, "anyone may write"));
	assert_int_equal(chmod(f->path, 0600), 0);
}

/* Issue 15, 3: a process holding the writers' lock file for good does not
 * hang a writer: it waits the store's timeout at most, then saves under
 * SQLite's own lock. */
static void
test_lock_holder_bounded(void **state)
{
	struct fix *f = *state;
	struct situation a;
	struct error err;
	char *lock = xasprintf("%s-lock", f->path);
	int64_t id = new_case(f->st, "alice"), t0;
	int fd = open(lock, O_RDWR);
	struct timespec ts;

	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);	/* another open file */
	situation_init(&a, rules);
	store_set_timeout(f->st, 400);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	assert_int_equal(situation_parse_answer(&a, var("age"), "44", &err), 0);
	assert_int_equal(store_answer(f->st, id, rules, var("age"),
	    &a.vals[var("age")], &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	assert_true((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - t0 <
	    2000);
	close(fd);
	free(lock);
	situation_release(&a);
}

/* Issue 15, 2: the directory removed under an open store: the next save
 * fails with a message instead of going to an unlinked file. */
static void
test_vanished(void **state)
{
	struct fix *f = *state;
	struct situation a;
	struct error err;
	char *dir = xasprintf("%s/gone", f->dir);
	char *path = xasprintf("%s/cases.db", dir);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	struct store *st;
	int64_t id;

	st = store_open(path, 0, &err);
	assert_non_null(st);
	id = new_case(st, "alice");
	situation_init(&a, rules);
	assert_int_equal(situation_parse_answer(&a, var("age"), "44", &err), 0);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_answer(st, id, rules, var("age"),
	    &a.vals[var("age")], &err), -1);
	assert_non_null(strstr(err.msg, "removed or replaced"));
	store_close(st);
	situation_release(&a);
	free(cmd);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_open_creates),
		T(test_open_group_mode),
		T(test_default_path),
		T(test_answer_roundtrip),
		T(test_load_dropped),
		T(test_value_text),
		T(test_sensitive_never_stored),
		T(test_forget),
		T(test_finish_fetch),
		T(test_finish_discreet),
		T(test_log_read),
		T(test_erase_no_trace),
		T(test_purge),
		T(test_stats),
		T(test_reopen_and_two_connections),
		T(test_fault_corrupt),
		T(test_fault_foreign_and_newer),
		T(test_fault_locked),
		T(test_fault_readonly),
		T(test_fault_disk_full),
		T(test_fault_tmpfs_full),
		T(test_paths_and_links),
		T(test_lock_holder_bounded),
		T(test_vanished),
#undef T
	};
	struct error err;
	int rc;

	rules = rules_load(getenv("AIGUILLAGE_RULES") ? getenv(
	    "AIGUILLAGE_RULES") : "rules", date_today(), &err);
	if (rules == NULL) {
		fprintf(stderr, "test_store: cannot load rules: %s\n", err.msg);
		return 1;
	}
	rc = cmocka_run_group_tests_name("store", tests, NULL, NULL);
	rules_free(rules);
	return rc;
}
