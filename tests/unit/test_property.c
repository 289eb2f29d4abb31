/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_property.c - the interview property of SPEC §4.2 on the shipped
 * rule base: for any situation, replaying the interview with answers
 * taken from the situation ends with the same verdicts, variants and
 * amounts, and the same warnings (contradictions between answers), as
 * evaluating the whole situation at once. Checked on every rule-test
 * situation and on random situations; a replay that ignores the answers
 * given to implied questions must be caught. Also: "don't know" to
 * every question ends with no likely-crash and only to_check/unlikely
 * verdicts where answers are needed; back and edit keep other answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"
#include "interview.h"
#include "rules.h"
#include "situation.h"
#include "randsit.h"
#include "testsits.h"

#define RULES "rules"

static struct rules *R;
static int32_t DATE;
static int nwarned;		/* situations compared that had a warning */

static int
setup(void **state)
{
	struct error err = { 0 };
	const char *seed = getenv("AIG_SEED");

	(void)state;
	if (seed != NULL)
		randsit_seed(strtoull(seed, NULL, 10));
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

/*
 * A replay that asks only what the interview asks, never taking the
 * answers `src` gives to implied questions: wrong since those answers
 * win (doc/rules.md), so compare() must notice it.
 */
static void
replay_asked_only(struct interview *it, const struct situation *src)
{
	int var, guard = 0;

	while ((var = interview_next(it)) >= 0 && guard++ <= R->nvars) {
		it->sit.vals[var] = src->answered[var] ? src->vals[var] :
		    value_unknown();
		interview_answered(it, var);
	}
}

/* Compare a replay and eval; returns the number of mismatches. */
static int
compare_with(const struct situation *sit, const char *what,
    void (*replay)(struct interview *, const struct situation *))
{
	struct evaluator *ev = eval_new(R);
	struct interview *it = interview_new(R, DATE);
	const struct result *full, *rep;
	struct scheme_result *a;
	int i, bad = 0;
	char x[40], y[40];

	replay(it, sit);
	rep = interview_next(it) < 0 ? it->res : it->res;
	full = eval_run(ev, sit, DATE);
	nwarned += full->nwarnings > 0;
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
	/* A finished interview has no right waiting for a question (eval.c,
	   scheme_provisional): every one to check is in its plan, but those
	   the person receives already (received_if). */
	for (i = 0; rep->nnext == 0 && i < R->nnational; i++)
		if (rep->schemes[i].verdict == VERDICT_TO_CHECK &&
		    !rep->schemes[i].received &&
		    (R->schemes[i].nservices > 0 || R->mds_service != NULL) &&
		    !result_in_plan(rep, i, 0)) {
			if (bad++ < 3)
				fprintf(stderr, "%s: %s to check, out of the "
				    "plan of a finished interview\n", what,
				    R->schemes[i].id);
		}
	/* No right is sent twice to the same office: an urgency's or a
	   prerequisite's step that names it is its step (eval.c,
	   plan_lists). */
	for (i = 0; i < full->nplan; i++) {
		const struct plan_step *p = &full->plan[i];
		int j, k, l;

		for (j = i + 1; j < full->nplan; j++) {
			const struct plan_step *q = &full->plan[j];

			if (p->service != q->service)
				continue;
			for (k = 0; k < p->nschemes; k++)
				for (l = 0; l < q->nschemes; l++)
					if (p->schemes[k] == q->schemes[l] &&
					    bad++ < 3)
						fprintf(stderr, "%s: %s twice "
						    "at %s (steps %d, %d)\n",
						    what, R->schemes[p->
						    schemes[k]].id,
						    p->service, i + 1, j + 1);
		}
	}
	/* Warnings: the same ones, in the same order. */
	for (i = 0; i < full->nwarnings || i < rep->nwarnings; i++) {
		if (i < full->nwarnings && i < rep->nwarnings &&
		    full->warnings[i].check == rep->warnings[i].check &&
		    full->warnings[i].var == rep->warnings[i].var)
			continue;
		if (bad++ < 3)
			fprintf(stderr, "%s: warning %d differs: eval %s, "
			    "replay %s\n", what, i, i < full->nwarnings ?
			    result_warning_id(R, full, i, x, sizeof x) : "-",
			    i < rep->nwarnings ? result_warning_id(R, rep, i,
			    y, sizeof y) : "-");
		break;
	}
	free(a);
	interview_free(it);
	eval_free(ev);
	return bad;
}

static int
compare(const struct situation *sit, const char *what)
{
	return compare_with(sit, what, interview_replay);
}

static void
count_bad(const struct situation *sit, const char *what, void *ctx)
{
	*(int *)ctx += compare(sit, what) != 0;
}

/*
 * The typical situations of bench/profiles (the benchmark replays them at
 * both depths): `fn` on each; returns how many.
 */
static int
profiles_each(void (*fn)(const struct situation *, const char *, void *),
    void *ctx)
{
	static const char *const names[] = { "disabled-adult",
	    "elderly-homeowner", "single-parent", "tenant-arrears",
	    "young-jobseeker" };
	char path[128];
	size_t i;

	for (i = 0; i < sizeof names / sizeof *names; i++) {
		struct situation sit;
		struct error err = { 0 };

		snprintf(path, sizeof path, "bench/profiles/%s.yaml",
		    names[i]);
		situation_init(&sit, R);
		assert_int_equal(situation_load(&sit, path, &err), 0);
		fn(&sit, path, ctx);
		situation_release(&sit);
	}
	return (int)i;
}

static void
test_rule_test_situations(void **state)
{
	struct error err = { 0 };
	int cases, bad = 0;

	(void)state;
	cases = testsits_each(R, RULES, count_bad, &bad, &err);
	if (cases < 0)
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
	if (cases >= 0)
		cases += profiles_each(count_bad, &bad);
	fprintf(stderr, "replay = eval on %d of %d rule-test situations and "
	    "profiles\n", cases - bad, cases);
	assert_true(cases > 100);
	assert_int_equal(bad, 0);
}

static void
test_random_situations(void **state)
{
	int n = getenv("AIG_RANDOM") ? atoi(getenv("AIG_RANDOM")) : 1000;
	int i, bad = 0;

	(void)state;
	nwarned = 0;
	for (i = 0; i < n; i++) {
		struct situation sit;
		char what[64];

		situation_init(&sit, R);
		randsit_fill(&sit, DATE);
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
	fprintf(stderr, "replay = eval on %d of %d random situations (%d with "
	    "a warning)\n", n - bad, n, nwarned);
	assert_int_equal(bad, 0);
	/* Contradictions are compared too, not only absent. */
	assert_true(n < 100 || nwarned > 0);
}

/*
 * The jobseeker of 45 of rules/tests/consistency.yaml: a pension given
 * while no retirement pension is received. Replay takes the answer (as an
 * agent's edit of the deduced 0) and agrees with eval, warning included;
 * a replay that leaves it out differs, so compare() can fail.
 */
static void
test_implied_answer_kept(void **state)
{
	static const char yaml[] = "date: 2026-11-15\nage: 45\n"
	    "couple: false\nchildren: []\nactivity: jobseeker\n"
	    "income_pension: 300\nreceives: []\nhousing: tenant_private\n"
	    "rent: 450\nhousing_benefit: 0\nresidence_status: french\n"
	    "income_work: 0\nincome_other: 0\nincome_unemployment: 0\n"
	    "commune: \"32013\"\n";
	char path[] = "/tmp/aig-property-XXXXXX";
	struct situation sit;
	struct error err = { 0 };
	const struct result *res;
	struct evaluator *ev;
	int fd, pension = rules_var_index(R, "income_pension");
	FILE *f;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(yaml, f);
	fclose(f);
	situation_init(&sit, R);
	assert_int_equal(situation_load(&sit, path, &err), 0);
	unlink(path);
	ev = eval_new(R);
	res = eval_run(ev, &sit, DATE);
	assert_true(eval_contradicted(ev, pension));
	assert_true(res->nwarnings >= 1);
	assert_int_equal(res->warnings[0].var, pension);
	eval_free(ev);
	assert_int_equal(compare(&sit, "jobseeker 45, pension"), 0);
	assert_int_not_equal(compare_with(&sit, "jobseeker 45, answers to "
	    "implied questions left out (expected to differ)",
	    replay_asked_only), 0);
	situation_release(&sit);
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

/*
 * A question open only because the ask_if of another reads it (the debts,
 * for the legal protection question, once the eviction procedure has
 * told of rent arrears: bench/profiles/tenant-arrears.yaml) is asked, and
 * its "why" says what that other one can change.
 */
static void
test_why_through_ask_if(void **state)
{
	struct error err = { 0 };
	struct situation src;
	struct interview *it = interview_new(R, DATE);
	int debts = rules_var_index(R, "debts");
	int legal = rules_var_index(R, "legal_protection");
	int pj = rules_scheme_index(R, "protection_juridique");
	int var, guard = 0, seen = 0;
	char why[400];

	(void)state;
	situation_init(&src, R);
	assert_int_equal(situation_load(&src,
	    "bench/profiles/tenant-arrears.yaml", &err), 0);
	while ((var = interview_replay_next(it, &src)) >= 0 &&
	    guard++ <= 2 * R->nvars) {
		if (var == debts) {
			seen = 1;
			assert_int_equal(it->res->asked_for[debts], legal);
			interview_why(it, var, why, sizeof why);
			assert_non_null(strstr(why,
			    R->schemes[pj].name));
		}
		it->sit.vals[var] = src.answered[var] ? src.vals[var] :
		    value_unknown();
		interview_answered(it, var);
	}
	assert_true(seen);
	interview_free(it);
	situation_release(&src);
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

struct value eval_expr_for_test(struct evaluator *, const struct situation *,
    const struct expr *, int32_t);

/*
 * Replay `sit` at `depth` as interview_replay does, the questions asked
 * into hist: the number asked when the interview is first oriented
 * (interview_oriented), or -1 if never.
 */
static int
oriented_at(const struct situation *sit, enum depth depth, int *hist)
{
	struct interview *it = interview_new(R, DATE);
	int var, k, at = -1;

	it->depth = depth;
	for (k = 0; k <= 2 * R->nvars; k++) {
		var = interview_replay_next(it, sit);
		if (at < 0 && interview_oriented(it))
			at = it->nhistory;
		if (var < 0)
			break;
		hist[k] = var;
		it->sit.vals[var] = sit->answered[var] ? sit->vals[var] :
		    value_unknown();
		interview_answered(it, var);
	}
	interview_free(it);
	return at;
}

/*
 * The orientation depth: a replay that stops when urgencies, the plan and
 * the schemes of the reasons given are settled gives the urgencies of
 * eval on the whole situation that the screening answers point to (their
 * ask_if holds), and the verdicts of the schemes of the reasons, or
 * to_check when only documents settle them (never the opposite verdict);
 * it asks no more than the full interview, whose first questions are the
 * same ones. Returns mismatches.
 */
static int
compare_orientation(const struct situation *sit, const char *what,
    int *fewer)
{
	struct evaluator *ev = eval_new(R);
	struct interview *it = interview_new(R, DATE), *full;
	const struct result *res = eval_run(ev, sit, DATE), *rep;
	uint32_t given = 0;
	int bad = 0, i, k, hist_full[RULES_MAX_VARS * 2 + 2];
	int hist_ori[RULES_MAX_VARS * 2 + 2];

	it->depth = DEPTH_ORIENTATION;
	interview_replay(it, sit);
	rep = it->res;
	for (i = 0; i < R->nurgencies; i++) {
		struct value a;

		if (R->urgencies[i].ask_if != NULL) {
			struct evaluator *ae = eval_new(R);

			a = eval_expr_for_test(ae, sit, R->urgencies[i].ask_if,
			    DATE);
			eval_free(ae);
			if (a.t != V_BOOL || !a.u.b)
				continue;	/* the full check's */
		}
		if (res->urgencies[i].active != rep->urgencies[i].active ||
		    (res->urgencies[i].active == 1 && strcmp(
		    res->urgencies[i].priority, rep->urgencies[i].priority))) {
			fprintf(stderr, "%s: orientation: urgency %s differs\n",
			    what, R->urgencies[i].id);
			bad++;
		}
	}
	if (R->reason_var >= 0 && it->sit.answered[R->reason_var] &&
	    it->sit.vals[R->reason_var].t == V_LIST)
		for (i = 0; i < it->sit.vals[R->reason_var].u.l.n; i++) {
			k = var_option(&R->vars[R->reason_var],
			    it->sit.vals[R->reason_var].u.l.items[i].u.s);
			if (k >= 0)
				given |= UINT32_C(1) << k;
		}
	for (i = 0; i < R->nnational; i++)
		/* A contradiction the rest of the answers reveal lowers
		   likely to to_check: that is the full check's. */
		if ((R->schemes[i].reasons & given) &&
		    !res->schemes[i].warned &&
		    res->schemes[i].verdict != rep->schemes[i].verdict &&
		    rep->schemes[i].verdict != VERDICT_TO_CHECK) {
			fprintf(stderr, "%s: orientation: %s %s, eval %s\n",
			    what, R->schemes[i].id,
			    verdict_name(rep->schemes[i].verdict),
			    verdict_name(res->schemes[i].verdict));
			bad++;
		}
	/* The full depth asks the orientation's questions first: it is
	   oriented (the front ends say so) after the same questions as
	   the orientation depth, and not before. */
	full = interview_new(R, DATE);
	interview_replay(full, sit);
	i = oriented_at(sit, DEPTH_FULL, hist_full);
	k = oriented_at(sit, DEPTH_ORIENTATION, hist_ori);
	if (i < 0 || i != k || (i > 0 && memcmp(hist_full, hist_ori,
	    sizeof *hist_ori * (size_t)i) != 0)) {
		fprintf(stderr, "%s: full depth oriented after %d questions, "
		    "the orientation depth after %d (or other questions)\n",
		    what, i, k);
		bad++;
	}
	if (it->nhistory > full->nhistory) {
		fprintf(stderr, "%s: orientation asks %d, full %d\n", what,
		    it->nhistory, full->nhistory);
		bad++;
	}
	*fewer += it->nhistory < full->nhistory;
	interview_free(full);
	interview_free(it);
	eval_free(ev);
	return bad;
}

struct orient_count {
	int	bad, fewer, n;
};

static void
count_orientation(const struct situation *sit, const char *what, void *ctx)
{
	struct orient_count *c = ctx;

	c->bad += compare_orientation(sit, what, &c->fewer) != 0;
	c->n++;
}

static void
test_orientation_depth(void **state)
{
	struct orient_count c = { 0, 0, 0 };
	struct error err = { 0 };
	int i;

	(void)state;
	assert_true(testsits_each(R, RULES, count_orientation, &c, &err) >
	    100);
	profiles_each(count_orientation, &c);
	for (i = 0; i < 300; i++) {
		struct situation sit;
		char what[64];

		situation_init(&sit, R);
		randsit_fill(&sit, DATE);
		snprintf(what, sizeof what, "random #%d", i);
		count_orientation(&sit, what, &c);
		situation_release(&sit);
	}
	fprintf(stderr, "orientation replay = eval (urgencies, schemes of the "
	    "reasons) on %d of %d situations, shorter on %d\n", c.n - c.bad,
	    c.n, c.fewer);
	assert_int_equal(c.bad, 0);
	/* The orientation is shorter, not the full interview renamed. */
	assert_true(c.fewer > c.n / 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_test_situations),
		cmocka_unit_test(test_random_situations),
		cmocka_unit_test(test_orientation_depth),
		cmocka_unit_test(test_implied_answer_kept),
		cmocka_unit_test(test_dont_know_everywhere),
		cmocka_unit_test(test_why_through_ask_if),
		cmocka_unit_test(test_back_and_edit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
