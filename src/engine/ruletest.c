/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ruletest.c - the rule-test runner behind `aiguillage test`.
 */
#include "ruletest.h"

#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "situation.h"
#include "ydoc.h"

static int
bad(struct error *err, const char *file, const struct ynode *n,
    const char *msg, const char *a)
{
	return error_set(err, file, n ? n->line : 0, n ? n->col : 0, msg, a);
}

/* A boolean expectation `flag` of a scheme (non_take_up, received). */
static void
check_flag(const struct ynode *exp, const char *flag, int got,
    const char *file, const char *name, const char *scheme, FILE *out,
    int *fail)
{
	const struct ynode *v = ynode_get(exp, flag);
	int want;

	if (v == NULL)
		return;
	want = v->kind == Y_SCALAR && strcmp(v->str, "true") == 0;
	if (want != got) {
		fprintf(out, "FAIL %s:%d: %s: %s: expected %s %s, got %s\n",
		    file, v->line, name, scheme, flag, want ? "true" : "false",
		    got ? "true" : "false");
		*fail = 1;
	}
}

/* Compare one expectation; prints and returns 1 on failure. */
static int
check_scheme(const struct rules *r, const struct result *res, const char *file,
    const struct ynode *key, const struct ynode *exp, num_t tol, FILE *out,
    const char *name, struct ruletest_stats *st, struct error *err, int *fail)
{
	int si = rules_scheme_index(r, key->str);
	const struct scheme_result *s;
	const struct ynode *v;
	const char *want_verdict = NULL;
	char a[40], b[40];
	int i;

	if (si < 0)
		return bad(err, file, key, "unknown scheme \"%s\"", key->str);
	s = &res->schemes[si];
	if (exp->kind == Y_SCALAR)
		want_verdict = exp->str;
	else if (exp->kind == Y_MAP) {
		for (i = 0; i < exp->n; i++)
			if (strcmp(exp->keys[i], "verdict") != 0 &&
			    strcmp(exp->keys[i], "amount") != 0 &&
			    strcmp(exp->keys[i], "variant") != 0 &&
			    strcmp(exp->keys[i], "non_take_up") != 0 &&
			    strcmp(exp->keys[i], "received") != 0)
				return bad(err, file, exp->kpos[i],
				    "unknown expectation \"%s\"", exp->keys[i]);
		v = ynode_get(exp, "verdict");
		if (v != NULL)
			want_verdict = v->str;
	} else {
		return bad(err, file, exp, "expected a verdict or a mapping%s",
		    "");
	}
	if (want_verdict != NULL) {
		if (strcmp(want_verdict, "likely") != 0 &&
		    strcmp(want_verdict, "to_check") != 0 &&
		    strcmp(want_verdict, "unlikely") != 0)
			return bad(err, file, exp, "unknown verdict \"%s\"",
			    want_verdict);
		if (strcmp(want_verdict, "likely") == 0)
			st->likely[si]++;
		if (strcmp(want_verdict, "unlikely") == 0)
			st->unlikely[si]++;
		if (strcmp(want_verdict, verdict_name(s->verdict)) != 0) {
			fprintf(out, "FAIL %s:%d: %s: %s: expected %s, got %s",
			    file, key->line, name, key->str, want_verdict,
			    verdict_name(s->verdict));
			if (s->verdict != VERDICT_LIKELY) {
				for (i = 0; i < s->def->nconds; i++)
					if (s->conds[i] != 1)
						fprintf(out, " [%s: %s]",
						    s->def->conds[i].id,
						    s->conds[i] == 0 ? "false" :
						    "unknown");
			}
			fputc('\n', out);
			*fail = 1;
		}
	}
	if (exp->kind != Y_MAP)
		return 0;
	v = ynode_get(exp, "amount");
	if (v != NULL) {
		num_t want;

		if (ynode_is_null(v)) {
			if (s->has_amount) {
				fprintf(out, "FAIL %s:%d: %s: %s: expected no "
				    "amount, got %s\n", file, v->line, name,
				    key->str, num_format_cents(s->amount, a));
				*fail = 1;
			}
		} else if (v->kind != Y_SCALAR ||
		    num_parse(v->str, 0, &want) == -1) {
			return bad(err, file, v, "amount must be a number%s",
			    "");
		} else if (!s->has_amount) {
			fprintf(out, "FAIL %s:%d: %s: %s: expected amount %s, "
			    "got none\n", file, v->line, name, key->str,
			    v->str);
			*fail = 1;
		} else if (llabs(s->amount - want) > tol) {
			fprintf(out, "FAIL %s:%d: %s: %s: expected amount %s, "
			    "got %s\n", file, v->line, name, key->str,
			    num_format(want, b), num_format(s->amount, a));
			*fail = 1;
		}
	}
	v = ynode_get(exp, "variant");
	if (v != NULL) {
		const char *got = s->variant >= 0 ?
		    s->def->variants[s->variant].id : NULL;

		if (ynode_is_null(v) ? got != NULL : (got == NULL ||
		    strcmp(got, v->str) != 0)) {
			fprintf(out, "FAIL %s:%d: %s: %s: expected variant %s, "
			    "got %s\n", file, v->line, name, key->str,
			    ynode_is_null(v) ? "none" : v->str,
			    got ? got : "none");
			*fail = 1;
		}
	}
	check_flag(exp, "non_take_up", s->non_take_up, file, name, key->str,
	    out, fail);
	check_flag(exp, "received", s->received, file, name, key->str, out,
	    fail);
	return 0;
}

static int
urgency_active(const struct rules *r, const struct result *res, const char *id,
    int *found)
{
	int i;

	*found = 0;
	for (i = 0; i < r->nurgencies; i++)
		if (strcmp(r->urgencies[i].id, id) == 0) {
			*found = 1;
			return res->urgencies[i].active == 1;
		}
	return 0;
}

/*
 * Is warning `id` among the warnings of `res`? *found is 0 when no such
 * warning can exist: neither a check of rules/consistency.yaml nor
 * "implied.<question>" of a question with implied_if.
 */
static int
warning_present(const struct rules *r, const struct result *res,
    const char *id, int *found)
{
	char buf[200];
	int i, v;

	*found = 0;
	for (i = 0; i < r->nchecks; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			*found = 1;
	if (strncmp(id, "implied.", 8) == 0 &&
	    (v = rules_var_index(r, id + 8)) >= 0 &&
	    r->vars[v].implied_if != NULL)
		*found = 1;
	for (i = 0; i < res->nwarnings; i++)
		if (strcmp(result_warning_id(r, res, i, buf, sizeof buf),
		    id) == 0)
			return 1;
	return 0;
}

static int
run_case(const struct rules *r, struct evaluator *ev, const char *file,
    const struct ynode *tc, FILE *out, int verbose,
    struct ruletest_stats *st, struct error *err)
{
	static const char *const keys[] = { "name", "date", "time",
	    "situation", "expect", "urgencies", "no_urgencies", "plan",
	    "no_plan", "warnings", "no_warnings", "documents", "no_documents",
	    "tolerance", "note", NULL };
	const struct ynode *n, *exp;
	const struct result *res;
	struct situation sit;
	const char *name = "(unnamed)";
	int32_t date = date_today();
	num_t tol = NUM_SCALE / 100;
	int i, k, fail = 0, rc = -1;

	if (tc->kind != Y_MAP)
		return bad(err, file, tc, "a test must be a mapping%s", "");
	for (i = 0; i < tc->n; i++) {
		for (k = 0; keys[k]; k++)
			if (strcmp(keys[k], tc->keys[i]) == 0)
				break;
		if (keys[k] == NULL)
			return bad(err, file, tc->kpos[i],
			    "unknown key \"%s\" in a test", tc->keys[i]);
	}
	if ((n = ynode_get(tc, "name")) != NULL && n->kind == Y_SCALAR)
		name = n->str;
	if ((n = ynode_get(tc, "date")) != NULL &&
	    (n->kind != Y_SCALAR || date_parse(n->str, &date) == -1))
		return bad(err, file, n, "date must be YYYY-MM-DD%s", "");
	if ((n = ynode_get(tc, "tolerance")) != NULL &&
	    (n->kind != Y_SCALAR || num_parse(n->str, 0, &tol) == -1))
		return bad(err, file, n, "tolerance must be a number%s", "");
	/* A live interview's clock: "HH:MM" on the test's date. */
	eval_set_clock(ev, 0, 0);
	if ((n = ynode_get(tc, "time")) != NULL) {
		int h, m;

		if (n->kind != Y_SCALAR || sscanf(n->str, "%2d:%2d", &h, &m) != 2 ||
		    h > 23 || m > 59)
			return bad(err, file, n, "time must be HH:MM%s", "");
		/* 1970-01-01 was a Thursday (4). */
		eval_set_clock(ev, (int)(((date % 7) + 7 + 3) % 7) + 1,
		    h * 60 + m);
	}
	situation_init(&sit, r);
	if (situation_read(&sit, ynode_get(tc, "situation"), file, err) == -1)
		goto out;
	res = eval_run(ev, &sit, date);
	exp = ynode_get(tc, "expect");
	if (exp != NULL) {
		if (exp->kind != Y_MAP) {
			bad(err, file, exp, "expect must be a mapping%s", "");
			goto out;
		}
		for (i = 0; i < exp->n; i++)
			if (check_scheme(r, res, file, exp->kpos[i],
			    exp->items[i], tol, out, name, st, err,
			    &fail) == -1)
				goto out;
	}
	for (k = 0; k < 2; k++) {
		n = ynode_get(tc, k ? "no_urgencies" : "urgencies");
		if (n == NULL)
			continue;
		if (n->kind != Y_SEQ) {
			bad(err, file, n, "urgencies must be a list%s", "");
			goto out;
		}
		for (i = 0; i < n->n; i++) {
			int found, on = urgency_active(r, res,
			    n->items[i]->str, &found);

			if (!found) {
				bad(err, file, n->items[i],
				    "unknown urgency \"%s\"", n->items[i]->str);
				goto out;
			}
			if (on == k) {
				fprintf(out, "FAIL %s:%d: %s: urgency %s "
				    "expected %s\n", file, n->items[i]->line,
				    name, n->items[i]->str, k ? "absent" :
				    "present");
				fail = 1;
			}
		}
	}
	for (k = 0; k < 2; k++) {
		n = ynode_get(tc, k ? "no_warnings" : "warnings");
		if (n == NULL)
			continue;
		if (n->kind != Y_SEQ) {
			bad(err, file, n, "warnings must be a list%s", "");
			goto out;
		}
		for (i = 0; i < n->n; i++) {
			int found = 0, on = 0;

			if (n->items[i]->kind == Y_SCALAR)
				on = warning_present(r, res, n->items[i]->str,
				    &found);
			if (!found) {
				bad(err, file, n->items[i], "unknown warning "
				    "\"%s\" (a consistency check, or "
				    "implied.<question>)", n->items[i]->kind ==
				    Y_SCALAR ? n->items[i]->str : "");
				goto out;
			}
			if (on == k) {
				fprintf(out, "FAIL %s:%d: %s: warning %s "
				    "expected %s\n", file, n->items[i]->line,
				    name, n->items[i]->str, k ? "absent" :
				    "present");
				fail = 1;
			}
		}
	}
	if ((n = ynode_get(tc, "plan")) != NULL) {
		int pos = 0;

		if (n->kind != Y_SEQ) {
			bad(err, file, n, "plan must be a list%s", "");
			goto out;
		}
		for (i = 0; i < n->n; i++) {
			const char *want = n->items[i]->str;

			if (strcmp(want, "referent") != 0 &&
			    rules_kind(r, want) == NULL) {
				bad(err, file, n->items[i],
				    "unknown service kind \"%s\"", want);
				goto out;
			}
			while (pos < res->nplan &&
			    strcmp(res->plan[pos].service, want) != 0)
				pos++;
			if (pos == res->nplan) {
				fprintf(out, "FAIL %s:%d: %s: plan: expected "
				    "%s (in this order) in [", file,
				    n->items[i]->line, name, want);
				for (k = 0; k < res->nplan; k++)
					fprintf(out, "%s%s", k ? ", " : "",
					    res->plan[k].service);
				fputs("]\n", out);
				fail = 1;
				break;
			}
			pos++;
		}
	}
	if ((n = ynode_get(tc, "no_plan")) != NULL) {
		if (n->kind != Y_SEQ) {
			bad(err, file, n, "no_plan must be a list%s", "");
			goto out;
		}
		for (i = 0; i < n->n; i++)
			for (k = 0; k < res->nplan; k++)
				if (strcmp(res->plan[k].service,
				    n->items[i]->str) == 0) {
					fprintf(out, "FAIL %s:%d: %s: plan: %s "
					    "expected absent\n", file,
					    n->items[i]->line, name,
					    n->items[i]->str);
					fail = 1;
					break;
				}
	}
	for (k = 0; k < 2; k++) {
		n = ynode_get(tc, k ? "no_documents" : "documents");
		if (n == NULL)
			continue;
		if (n->kind != Y_SEQ) {
			bad(err, file, n, "documents must be a list%s", "");
			goto out;
		}
		for (i = 0; i < n->n; i++) {
			const struct document *doc = n->items[i]->kind ==
			    Y_SCALAR ? rules_document(r, n->items[i]->str) :
			    NULL;
			int j, on = 0;

			if (doc == NULL) {
				bad(err, file, n->items[i], "unknown document "
				    "\"%s\"", n->items[i]->kind == Y_SCALAR ?
				    n->items[i]->str : "");
				goto out;
			}
			for (j = 0; j < res->ndocuments; j++)
				on |= strcmp(res->documents[j], doc->id) == 0;
			if (on == k) {
				fprintf(out, "FAIL %s:%d: %s: document %s "
				    "expected %s\n", file, n->items[i]->line,
				    name, doc->id, k ? "absent" : "present");
				fail = 1;
			}
		}
	}
	if (fail)
		st->failed++;
	else {
		st->passed++;
		if (verbose)
			fprintf(out, "ok   %s: %s\n", file, name);
	}
	rc = 0;
out:
	situation_release(&sit);
	return rc;
}

int
ruletest_file(const struct rules *r, const char *path, FILE *out,
    int verbose, struct ruletest_stats *st, struct error *err)
{
	struct ydoc doc;
	const struct ynode *tests;
	struct evaluator *ev;
	int i, rc = 0;

	if (ydoc_load(&doc, path, err) == -1)
		return -1;
	tests = ynode_get(doc.root, "tests");
	if (tests == NULL || tests->kind != Y_SEQ) {
		error_set(err, path, doc.root ? doc.root->line : 0,
		    doc.root ? doc.root->col : 0,
		    "a test file needs a list \"tests\"");
		ydoc_release(&doc);
		return -1;
	}
	ev = eval_new(r);
	for (i = 0; i < tests->n && rc == 0; i++)
		rc = run_case(r, ev, path, tests->items[i], out, verbose, st,
		    err);
	if (rc == -1 && err->file != NULL)
		err->file = path;
	eval_free(ev);
	ydoc_release(&doc);
	return rc;
}
