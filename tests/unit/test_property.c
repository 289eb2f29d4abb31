/*
 * test_property.c - the interview property of SPEC §4.2 on the shipped
 * rule base: for any situation, replaying the interview with answers
 * taken from the situation ends with the same verdicts, variants and
 * amounts as evaluating the whole situation at once. Checked on every
 * rule-test situation and on random situations. Also: "don't know" to
 * every question ends with no likely-crash and only to_check/unlikely
 * verdicts where answers are needed; back and edit keep other answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "interview.h"
#include "rules.h"
#include "situation.h"
#include "ydoc.h"

#define RULES "rules"

static struct rules *R;
static int32_t DATE;
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (unsigned)(rng % n) : 0;
}

static int
setup(void **state)
{
	struct error err = { 0 };
	const char *seed = getenv("AIG_SEED");

	(void)state;
	if (seed != NULL)
		rng = strtoull(seed, NULL, 10) | 1;
	date_parse("2026-11-15", &DATE);
	R = rules_load(RULES, DATE, &err);
	if (R == NULL)
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
	return R == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	rules_free(R);
	return 0;
}

/* Compare replay and eval; returns the number of mismatching schemes. */
static int
compare(const struct situation *sit, const char *what)
{
	struct evaluator *ev = eval_new(R);
	struct interview *it = interview_new(R, DATE);
	const struct result *full, *rep;
	struct scheme_result *a;
	int i, bad = 0;
	char x[40], y[40];

	interview_replay(it, sit);
	rep = interview_next(it) < 0 ? it->res : it->res;
	full = eval_run(ev, sit, DATE);
	a = xcalloc((size_t)R->nnational, sizeof *a);
	memcpy(a, full->schemes, sizeof *a * (size_t)R->nnational);
	for (i = 0; i < R->nnational; i++) {
		const struct scheme_result *b = &rep->schemes[i];

		if (a[i].verdict != b->verdict || a[i].variant != b->variant ||
		    a[i].has_amount != b->has_amount ||
		    (a[i].has_amount && a[i].amount != b->amount)) {
			if (bad++ < 3)
				fprintf(stderr, "%s: %s: eval %s/%d/%s, replay "
				    "%s/%d/%s\n", what, R->schemes[i].id,
				    verdict_name(a[i].verdict), a[i].variant,
				    a[i].has_amount ? num_format(a[i].amount,
				    x) : "-", verdict_name(b->verdict),
				    b->variant, b->has_amount ?
				    num_format(b->amount, y) : "-");
		}
	}
	for (i = 0; i < R->nurgencies; i++)
		if (full->urgencies[i].active != rep->urgencies[i].active) {
			if (bad++ < 3)
				fprintf(stderr, "%s: urgency %s differs\n",
				    what, R->urgencies[i].id);
		}
	free(a);
	interview_free(it);
	eval_free(ev);
	return bad;
}

static void
test_rule_test_situations(void **state)
{
	DIR *d = opendir(RULES "/tests");
	struct dirent *de;
	int cases = 0, bad = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char path[512];
		struct ydoc doc;
		struct error err = { 0 };
		const struct ynode *tests;
		int i;

		if (strstr(de->d_name, ".yaml") == NULL)
			continue;
		snprintf(path, sizeof path, RULES "/tests/%s", de->d_name);
		assert_int_equal(ydoc_load(&doc, path, &err), 0);
		tests = ynode_get(doc.root, "tests");
		for (i = 0; tests != NULL && i < tests->n; i++) {
			struct situation sit;
			char what[600];
			const struct ynode *name = ynode_get(tests->items[i],
			    "name");

			situation_init(&sit, R);
			assert_int_equal(situation_read(&sit,
			    ynode_get(tests->items[i], "situation"), path,
			    &err), 0);
			snprintf(what, sizeof what, "%s: %s", de->d_name,
			    name ? name->str : "?");
			bad += compare(&sit, what) != 0;
			cases++;
			situation_release(&sit);
		}
		ydoc_release(&doc);
	}
	closedir(d);
	fprintf(stderr, "replay = eval on %d of %d rule-test situations\n",
	    cases - bad, cases);
	assert_true(cases > 100);
	assert_int_equal(bad, 0);
}

static struct value
random_scalar(struct situation *s, const struct var *v)
{
	static const char *const depts[] = { "32", "30", "41", "75", "2A" };
	static const char *const communes[] = { "32013", "30189", "41018",
	    "32160" };
	num_t lo = v->has_min ? v->min : 0;
	num_t hi = v->has_max ? v->max : NUM_INT(v->qt == Q_MONEY ? 3000 : 100);
	struct value x = value_unknown();

	switch (v->qt) {
	case Q_BOOL:
		return value_bool((int)rnd(2));
	case Q_INT:
		if (hi - lo > NUM_INT(130))
			hi = lo + NUM_INT(130);
		return value_num(lo + NUM_INT(rnd((unsigned)((hi - lo) /
		    NUM_SCALE) + 1)));
	case Q_MONEY:
		if (hi > NUM_INT(100000))
			hi = NUM_INT(100000);
		if (rnd(4) == 0)
			return value_num(0);
		return value_num(lo + NUM_INT(rnd((unsigned)((hi - lo) /
		    NUM_SCALE) + 1)) / (rnd(3) == 0 ? 1 : 10));
	case Q_ENUM:
		return value_str(v->opts[rnd((unsigned)v->nopts)].value);
	case Q_DATE:
		x.t = V_DATE;
		x.u.d = DATE - (int32_t)rnd(365 * 20);
		return x;
	case Q_DEPARTMENT:
		return value_str(depts[rnd(5)]);
	case Q_COMMUNE:
		return value_str(communes[rnd(4)]);
	case Q_STRING:
		return value_str("x");
	default:
		(void)s;
		return x;
	}
}

static struct record *
random_record(struct situation *s, const struct var *v)
{
	struct record *rec = arena_alloc(&s->arena, sizeof *rec);
	int f;

	rec->nfields = v->nfields;
	rec->f = arena_alloc(&s->arena, sizeof *rec->f * (size_t)(v->nfields +
	    1));
	for (f = 0; f < v->nfields; f++)
		if (rnd(5) != 0)
			rec->f[f] = random_scalar(s, &v->fields[f]);
	return rec;
}

static void
random_situation(struct situation *s)
{
	int i, k;

	for (i = 0; i < R->nvars; i++) {
		const struct var *v = &R->vars[i];

		if (strcmp(v->id, "date") == 0 || rnd(5) == 0)
			continue;	/* absent: unknown */
		s->answered[i] = 1;
		switch (v->qt) {
		case Q_SET: {
			struct value *items = arena_alloc(&s->arena,
			    sizeof *items * (size_t)(v->nopts + 1));
			int n = 0;

			for (k = 0; k < v->nopts; k++)
				if (rnd(4) == 0)
					items[n++] = value_str(v->opts[k].value);
			s->vals[i].t = V_LIST;
			s->vals[i].u.l.items = items;
			s->vals[i].u.l.n = n;
			break;
		}
		case Q_LIST: {
			int n = (int)rnd(4);
			struct value *items = arena_alloc(&s->arena,
			    sizeof *items * (size_t)(n + 1));

			for (k = 0; k < n; k++) {
				items[k].t = V_RECORD;
				items[k].u.r = random_record(s, v);
			}
			s->vals[i].t = V_LIST;
			s->vals[i].u.l.items = items;
			s->vals[i].u.l.n = n;
			break;
		}
		case Q_RECORD:
			s->vals[i].t = V_RECORD;
			s->vals[i].u.r = random_record(s, v);
			break;
		default:
			s->vals[i] = random_scalar(s, v);
			break;
		}
	}
}

static void
test_random_situations(void **state)
{
	int n = getenv("AIG_RANDOM") ? atoi(getenv("AIG_RANDOM")) : 1000;
	int i, bad = 0;

	(void)state;
	for (i = 0; i < n; i++) {
		struct situation sit;
		char what[64];

		situation_init(&sit, R);
		random_situation(&sit);
		snprintf(what, sizeof what, "random #%d", i);
		if (compare(&sit, what) != 0) {
			bad++;
			if (getenv("AIG_DUMP") != NULL) {
				char *y = situation_to_yaml(&sit, 0);

				fprintf(stderr, "---\n%s", y);
				free(y);
			}
		}
		situation_release(&sit);
	}
	fprintf(stderr, "replay = eval on %d of %d random situations\n",
	    n - bad, n);
	assert_int_equal(bad, 0);
}

static void
test_dont_know_everywhere(void **state)
{
	struct interview *it = interview_new(R, DATE);
	int var, asked = 0, i;

	(void)state;
	while ((var = interview_next(it)) >= 0 && asked < 1000) {
		interview_dont_know(it, var);
		asked++;
	}
	assert_true(var < 0);
	for (i = 0; i < R->nnational; i++)
		assert_int_not_equal(it->res->schemes[i].verdict,
		    VERDICT_LIKELY == it->res->schemes[i].verdict &&
		    R->schemes[i].nconds > 0 ? VERDICT_LIKELY : 99);
	interview_free(it);
}

static void
test_back_and_edit(void **state)
{
	struct interview *it = interview_new(R, DATE);
	struct error err = { 0 };
	int first, second, age = rules_var_index(R, "age");

	(void)state;
	first = interview_next(it);
	assert_true(first >= 0);
	interview_dont_know(it, first);
	second = interview_next(it);
	assert_true(second >= 0 && second != first);
	interview_dont_know(it, second);
	/* Back returns the last question and forgets only its answer. */
	assert_int_equal(interview_back(it), second);
	assert_int_equal(interview_next(it), second);
	assert_true(it->sit.answered[first]);
	/* Edit one answer; others stay. */
	assert_int_equal(interview_answer(it, age, "70", &err), 0);
	interview_edit(it, first);
	assert_false(it->sit.answered[first]);
	assert_true(it->sit.answered[age]);
	assert_int_equal(interview_next(it), first);
	interview_free(it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_test_situations),
		cmocka_unit_test(test_random_situations),
		cmocka_unit_test(test_dont_know_everywhere),
		cmocka_unit_test(test_back_and_edit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
