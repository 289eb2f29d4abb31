/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_expr.c - the expression language: parsing, types, positions,
 * Kleene truth tables, arithmetic exactness, every function, and the
 * evaluation of schemes on the fixture rule base tests/data/rules-mini.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "rules.h"
#include "situation.h"
#include "ydoc.h"

#define MINI "tests/data/rules-mini"

static struct rules *R;
static int32_t DATE;

static int
setup(void **state)
{
	struct error err = { 0 };

	(void)state;
	date_parse("2026-11-15", &DATE);
	R = rules_load(MINI, DATE, &err);
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
 * Evaluate `src` (a boolean or number expression) on a situation given
 * as inline YAML; returns the value as text: "true", "false", "unknown",
 * a number, or "error: …" with the position.
 */
static const char *
eval_str(const char *src, const char *yaml)
{
	static char out[600];
	struct error err = { 0 };
	struct situation sit;
	struct ydoc doc;
	struct expr *e;
	struct evaluator *ev;
	const struct result *res;
	char num[40];
	int i;

	e = rules_compile(R, src, "t.yaml", 3, 10, T_ANY, &err);
	if (e == NULL) {
		snprintf(out, sizeof out, "error %d:%d: %s", err.line, err.col,
		    err.msg);
		return out;
	}
	/* Evaluate through a derived variable slot: reuse 'loop_a'. */
	for (i = 0; i < R->nderived; i++)
		if (strcmp(R->derived[i].id, "loop_a") == 0)
			break;
	R->derived[i].expr = e;
	situation_init(&sit, R);
	assert_int_equal(ydoc_parse(&doc, "sit", yaml, strlen(yaml), &err), 0);
	assert_int_equal(situation_read(&sit, doc.root, "sit", &err), 0);
	ev = eval_new(R);
	res = eval_run(ev, &sit, DATE);
	(void)res;
	{
		/* Read the derived value back by compiling a reference. */
		struct expr *ref = rules_compile(R, "loop_a", "t", 1, 1, T_ANY,
		    &err);
		struct situation *s = &sit;
		struct value v;
		extern struct value eval_expr_for_test(struct evaluator *,
		    const struct situation *, const struct expr *, int32_t);

		v = eval_expr_for_test(ev, s, ref, DATE);
		switch (v.t) {
		case V_BOOL:
			snprintf(out, sizeof out, "%s", v.u.b ? "true" :
			    "false");
			break;
		case V_NUM:
			snprintf(out, sizeof out, "%s", num_format(v.u.n, num));
			break;
		case V_STR:
			snprintf(out, sizeof out, "'%s'", v.u.s);
			break;
		case V_DATE:
			snprintf(out, sizeof out, "%s", date_format(v.u.d, num));
			break;
		case V_UNKNOWN:
			snprintf(out, sizeof out, "unknown");
			break;
		default:
			snprintf(out, sizeof out, "list/record");
		}
	}
	eval_free(ev);
	situation_release(&sit);
	ydoc_release(&doc);
	return out;
}

static void
test_kleene_and_or(void **state)
{
	(void)state;
	/* couple unknown (absent) */
	assert_string_equal(eval_str("false and couple", "{}"), "false");
	assert_string_equal(eval_str("couple and false", "{}"), "false");
	assert_string_equal(eval_str("true and couple", "{}"), "unknown");
	assert_string_equal(eval_str("true or couple", "{}"), "true");
	assert_string_equal(eval_str("couple or true", "{}"), "true");
	assert_string_equal(eval_str("false or couple", "{}"), "unknown");
	assert_string_equal(eval_str("not couple", "{}"), "unknown");
	assert_string_equal(eval_str("not couple", "{couple: true}"), "false");
	assert_string_equal(eval_str("couple and true", "{couple: true}"),
	    "true");
	assert_string_equal(eval_str("if couple then 1 else 1", "{}"), "1");
	assert_string_equal(eval_str("if couple then 1 else 2", "{}"),
	    "unknown");
	assert_string_equal(eval_str("if couple then 1 else 2",
	    "{couple: false}"), "2");
}

static void
test_precedence(void **state)
{
	(void)state;
	assert_string_equal(eval_str("1 + 2 * 3", "{}"), "7");
	assert_string_equal(eval_str("(1 + 2) * 3", "{}"), "9");
	assert_string_equal(eval_str("10 - 4 - 3", "{}"), "3");
	assert_string_equal(eval_str("-2 * -3", "{}"), "6");
	assert_string_equal(eval_str("not false and false", "{}"), "false");
	assert_string_equal(eval_str("true or false and false", "{}"), "true");
	assert_string_equal(eval_str("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 4",
	    "{}"), "false");
	assert_string_equal(eval_str("1 == 1 and 1 != 2", "{}"), "true");
}

static void
test_exact_arithmetic(void **state)
{
	(void)state;
	assert_string_equal(eval_str("0.1 + 0.2", "{}"), "0.3");
	assert_string_equal(eval_str("651.69 * 1.5", "{}"), "977.535");
	assert_string_equal(eval_str("round(651.69 * 1.5, 2)", "{}"),
	    "977.54");
	assert_string_equal(eval_str("floor(977.535, 2)", "{}"), "977.53");
	assert_string_equal(eval_str("ceil(977.531, 2)", "{}"), "977.54");
	assert_string_equal(eval_str("round(-2.5)", "{}"), "-3");
	assert_string_equal(eval_str("478.16 * 0.32 * (1 - 0.005)", "{}"),
	    "152.246144");
	assert_string_equal(eval_str("1 / 3", "{}"), "0.333333");
	assert_string_equal(eval_str("2 / 3", "{}"), "0.666667");
	assert_string_equal(eval_str("1 / 0", "{}"), "unknown");
	assert_string_equal(eval_str("abs(-4.5)", "{}"), "4.5");
	assert_string_equal(eval_str("age + 1", "{}"), "unknown");
	assert_string_equal(eval_str("age + 1", "{age: 41}"), "42");
	/* Out of the exact range: unknown, never undefined behaviour. */
	assert_string_equal(eval_str("9000000000000 + 9000000000000", "{}"),
	    "unknown");
	assert_string_equal(eval_str("-9000000000000 - 9000000000000", "{}"),
	    "unknown");
	assert_string_equal(eval_str("9000000000000 * 9000000000000", "{}"),
	    "unknown");
}

static void
test_functions(void **state)
{
	(void)state;
	assert_string_equal(eval_str("min(3, 1, 2)", "{}"), "1");
	assert_string_equal(eval_str("max(3, 1, 2)", "{}"), "3");
	assert_string_equal(eval_str("max(age, 1)", "{}"), "unknown");
	assert_string_equal(eval_str("count(children)",
	    "{children: [{age: 2}, {age: 5}]}"), "2");
	assert_string_equal(eval_str("count(children where age < 3)",
	    "{children: [{age: 2}, {age: 5}]}"), "1");
	assert_string_equal(eval_str("count(children where age < 3)",
	    "{children: [{age: 2}, {}]}"), "unknown");
	assert_string_equal(eval_str("count(children where age < 3)",
	    "{children: [{age: 1}, {}]}"), "unknown");
	assert_string_equal(eval_str("any(children where age < 3)",
	    "{children: [{age: 1}, {}]}"), "true");
	assert_string_equal(eval_str("all(children where age < 20)",
	    "{children: [{age: 25}, {}]}"), "false");
	assert_string_equal(eval_str("sum(children, age)",
	    "{children: [{age: 2}, {age: 5}]}"), "7");
	assert_string_equal(eval_str("sum(children where age > 3, age)",
	    "{children: [{age: 2}, {age: 5}]}"), "5");
	assert_string_equal(eval_str("count(children)", "{}"), "unknown");
	assert_string_equal(eval_str("has(receives, 'rsa')",
	    "{receives: [apl, rsa]}"), "true");
	assert_string_equal(eval_str("has(receives, 'af')",
	    "{receives: [apl, rsa]}"), "false");
	assert_string_equal(eval_str("has(receives, 'af')", "{}"), "unknown");
	assert_string_equal(eval_str("known(age)", "{}"), "false");
	assert_string_equal(eval_str("known(age)", "{age: 3}"), "true");
	assert_string_equal(eval_str("default(age, 7)", "{}"), "7");
	assert_string_equal(eval_str("default(age, 7)", "{age: 3}"), "3");
	assert_string_equal(eval_str("param('demo.base')", "{}"), "651.69");
	assert_string_equal(eval_str("param('demo.base')",
	    "{date: 2026-03-31}"), "600");
	assert_string_equal(eval_str("age_at(birth, date)",
	    "{birth: 2012-11-16}"), "13");
	assert_string_equal(eval_str("age_at(birth, date)",
	    "{birth: 2012-11-15}"), "14");
	assert_string_equal(eval_str("month(date('2026-04-30'))", "{}"), "4");
	assert_string_equal(eval_str("year(date)", "{}"), "2026");
	assert_string_equal(eval_str("housing in ['owner', 'homeless']",
	    "{housing: owner}"), "true");
	assert_string_equal(eval_str("housing not in ['owner']",
	    "{housing: owner}"), "false");
	assert_string_equal(eval_str("housing in ['owner']", "{}"), "unknown");
	assert_string_equal(eval_str("partner.age + 1",
	    "{couple: true, partner: {age: 40}}"), "41");
	assert_string_equal(eval_str("partner.income_work",
	    "{couple: true, partner: {age: 40}}"), "unknown");
	assert_string_equal(eval_str("household",
	    "{couple: true, children: [{age: 1}]}"), "3");
	assert_string_equal(eval_str("scheme('demo').verdict",
	    "{age: 30, income: 0}"), "'likely'");
	assert_string_equal(eval_str("scheme('demo').amount",
	    "{age: 30, income: 51.69, couple: false}"), "600");
	assert_string_equal(eval_str("scheme('demo').eligible", "{age: 30}"),
	    "unknown");
	assert_string_equal(eval_str("scheme('demo').likely", "{age: 30}"),
	    "false");
	assert_string_equal(eval_str("likely_domains()",
	    "{age: 30, income: 0}"), "1");
}

/*
 * A count with items of unknown answer is bounded: enough to decide a
 * comparison that no answer could change, through sums and differences
 * of counts, never through a product or a comparison the bounds
 * straddle.
 */
static void
test_bounded_counts(void **state)
{
	(void)state;
	assert_string_equal(eval_str("count(children where age < 3) > 0",
	    "{children: [{age: 2}, {}]}"), "true");
	assert_string_equal(eval_str("count(children where age < 3) > 0",
	    "{children: [{age: 5}, {}]}"), "unknown");
	assert_string_equal(eval_str("count(children where age < 3) >= 2",
	    "{children: [{age: 1}, {age: 2}, {}]}"), "true");
	assert_string_equal(eval_str("count(children where age < 3) >= 3",
	    "{children: [{age: 1}, {age: 5}, {}]}"), "false");
	assert_string_equal(eval_str("count(children where age < 3) == 0",
	    "{children: [{age: 1}, {}]}"), "false");
	assert_string_equal(eval_str("count(children where age < 3) != 3",
	    "{children: [{age: 1}, {}]}"), "true");
	assert_string_equal(eval_str("count(children where age < 3) == 1",
	    "{children: [{age: 1}, {}]}"), "unknown");
	assert_string_equal(eval_str("count(children where age < 3) < 3",
	    "{children: [{age: 1}, {}]}"), "true");
	assert_string_equal(eval_str("count(children where age < 3) <= 1",
	    "{children: [{age: 1}, {}]}"), "unknown");
	assert_string_equal(eval_str("count(children where age < 3) <= 1",
	    "{children: [{age: 5}, {}]}"), "true");
	assert_string_equal(eval_str("count(children where age < 3) + "
	    "count(children where age >= 3) > 1",
	    "{children: [{age: 1}, {age: 5}, {}]}"), "true");
	assert_string_equal(eval_str("count(children where age < 3) - 1 >= 0",
	    "{children: [{age: 1}, {}]}"), "true");
	assert_string_equal(eval_str("2 * count(children where age < 3) > 0",
	    "{children: [{age: 1}, {}]}"), "true");
	assert_string_equal(eval_str("count(children where age < 3) * "
	    "count(children where age < 3) > 0",
	    "{children: [{age: 1}, {}]}"), "unknown");
	/* The count itself stays unknown. */
	assert_string_equal(eval_str("count(children where age < 3)",
	    "{children: [{age: 1}, {}]}"), "unknown");
	assert_string_equal(eval_str("count(children where age < 3) + 1",
	    "{children: [{age: 1}, {}]}"), "unknown");
	/* Amounts between two branches of an unknown condition. */
	assert_string_equal(eval_str("(if couple then 100 else 50) > 40",
	    "{}"), "true");
	assert_string_equal(eval_str("(if couple then 100 else 50) > 60",
	    "{}"), "unknown");
	assert_string_equal(eval_str("(if couple then 100 else 50) > 60",
	    "{couple: true}"), "true");
	assert_string_equal(eval_str("max(0, if couple then -100 else -50)",
	    "{}"), "0");
	assert_string_equal(eval_str("min(10, if couple then 100 else 50)",
	    "{}"), "10");
	assert_string_equal(eval_str("max(10, if couple then 100 else 50)",
	    "{}"), "unknown");
	assert_string_equal(eval_str("round(if couple then 100.555 else 50, "
	    "2) >= 50", "{}"), "true");
	assert_string_equal(eval_str("round(if couple then 99.5 else 50) "
	    "<= 100", "{}"), "true");
	assert_string_equal(eval_str("round(if couple then 99.5 else 50) "
	    "< 100", "{}"), "unknown");
	assert_string_equal(eval_str("(if couple then 100 else 50) / 2 < 51",
	    "{}"), "true");
	assert_string_equal(eval_str("(if couple then 100 else 50) * -1 < -49",
	    "{}"), "true");
	assert_string_equal(eval_str("1 - (if couple then 100 else 50) > -100",
	    "{}"), "true");
	assert_string_equal(eval_str("1 - (if couple then 100 else 50) > -99",
	    "{}"), "unknown");
	assert_string_equal(eval_str("(if couple then 100 else 50) + "
	    "(if couple then 100 else 50) >= 100", "{}"), "true");
	assert_string_equal(eval_str("0 < (if couple then 100 else 50)",
	    "{}"), "true");
	assert_string_equal(eval_str("(if couple then 100 else 50) == 75",
	    "{}"), "unknown");
	assert_string_equal(eval_str("(if couple then 100 else 50) != 200",
	    "{}"), "true");
	/* Not bounded: an answer not given; bounds rounded outwards to
	   the cent never decide what only a fraction of a cent would. */
	assert_string_equal(eval_str("(if couple then 100 else age) > 0",
	    "{}"), "unknown");
	assert_string_equal(eval_str("(if couple then 0.004 else 0.001) > 0",
	    "{}"), "unknown");
	assert_string_equal(eval_str("(if couple then 100 else 50)", "{}"),
	    "unknown");
	/* A list not known is not bounded. */
	assert_string_equal(eval_str("count(children where age < 3) >= 0",
	    "{}"), "unknown");
}

static void
test_errors_with_positions(void **state)
{
	(void)state;
	/* The expression starts at line 3, column 10 of t.yaml. */
	assert_string_equal(eval_str("agee > 3", "{}"),
	    "error 3:10: unknown variable \"agee\"");
	assert_string_equal(eval_str("age > param('nope')", "{}"),
	    "error 3:22: unknown parameter \"nope\"");
	assert_string_equal(eval_str("age + 'x'", "{}"),
	    "error 3:16: type error: '+' expects number, got text");
	assert_string_equal(eval_str("housing == 'castle'", "{}"),
	    "error 3:21: \"castle\" is not an option of housing");
	assert_string_equal(eval_str("has(receives, 'zzz')", "{}"),
	    "error 3:24: \"zzz\" is not an option of receives");
	assert_string_equal(eval_str("age > ", "{}"),
	    "error 3:16: unexpected end of expression");
	assert_string_equal(eval_str("(age > 3", "{}"),
	    "error 3:18: expected ')'");
	assert_string_equal(eval_str("age > 3 3", "{}"),
	    "error 3:18: unexpected '3' after the expression");
	assert_string_equal(eval_str("'abc", "{}"),
	    "error 3:10: unterminated string");
	assert_string_equal(eval_str("age $ 3", "{}"),
	    "error 3:14: unexpected character '$'");
	assert_string_equal(eval_str("foo(1)", "{}"),
	    "error 3:10: unknown function \"foo\"");
	assert_string_equal(eval_str("min()", "{}"),
	    "error 3:10: min() does not take 0 argument(s)");
	assert_string_equal(eval_str("if age then 1 else 2", "{}"),
	    "error 3:13: type error: 'if' expects yes/no, got number");
	assert_string_equal(eval_str("if couple then 1 else 'a'", "{}"),
	    "error 3:32: type error: 'then' gives number but 'else' gives "
	    "text");
	assert_string_equal(eval_str("partner.height", "{}"),
	    "error 3:18: unknown field \"height\" of partner");
	assert_string_equal(eval_str("age.x", "{}"),
	    "error 3:13: type error: '.x' on a number");
	assert_string_equal(eval_str("scheme('nope').likely", "{}"),
	    "error 3:17: unknown scheme \"nope\"");
	assert_string_equal(eval_str("scheme('demo').foo", "{}"),
	    "error 3:25: unknown scheme attribute \"foo\"");
	assert_string_equal(eval_str("date('2026-02-30')", "{}"),
	    "error 3:10: invalid date \"2026-02-30\"");
	assert_string_equal(eval_str("count(age)", "{}"),
	    "error 3:16: type error: count expects list, got number");
	assert_string_equal(eval_str("12abc", "{}"),
	    "error 3:10: invalid number");
	assert_string_equal(eval_str("age < 'x'", "{}"),
	    "error 3:14: type error: cannot compare number with text");
}

static void
test_numbers(void **state)
{
	num_t n;
	char buf[40];

	(void)state;
	assert_int_equal(num_parse("1 200,50", 1, &n), 0);
	assert_string_equal(num_format(n, buf), "1200.5");
	assert_int_equal(num_parse("1200€", 1, &n), 0);
	assert_string_equal(num_format(n, buf), "1200");
	assert_int_equal(num_parse("1 200 €", 1, &n), 0);
	assert_string_equal(num_format(n, buf), "1200");
	assert_int_equal(num_parse("1.200,50", 1, &n), 0);
	assert_string_equal(num_format(n, buf), "1200.5");
	assert_int_equal(num_parse("1 200,50", 0, &n), -1);
	assert_int_equal(num_parse("abc", 1, &n), -1);
	assert_int_equal(num_parse("", 1, &n), -1);
	assert_int_equal(num_parse("1.1234567", 0, &n), -1);
	assert_int_equal(num_parse("99999999999999999999", 0, &n), -1);
	assert_int_equal(num_parse("-12.5", 0, &n), 0);
	assert_string_equal(num_format_cents(n, buf), "-12.50");
	assert_string_equal(num_format_cents(NUM_INT(1) / 200, buf), "0.01");
}

static void
test_dates(void **state)
{
	int32_t d;
	char buf[16];

	(void)state;
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	assert_string_equal(date_format(d, buf), "2024-02-29");
	assert_int_equal(date_parse("2025-02-29", &d), -1);
	assert_int_equal(date_parse("2025-13-01", &d), -1);
	assert_int_equal(date_parse("20250101", &d), -1);
	assert_int_equal(date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
}

static void
test_scheme_results(void **state)
{
	struct error err = { 0 };
	struct situation sit;
	struct ydoc doc;
	struct evaluator *ev = eval_new(R);
	const struct result *res;
	const char *y = "{age: 24, couple: true, partner: {age: 30}, "
	    "children: [], income: 100, receives: [rsa], housing: owner}";
	int demo = rules_scheme_index(R, "demo");
	int other = rules_scheme_index(R, "other");

	(void)state;
	situation_init(&sit, R);
	assert_int_equal(ydoc_parse(&doc, "s", y, strlen(y), &err), 0);
	assert_int_equal(situation_read(&sit, doc.root, "s", &err), 0);
	res = eval_run(ev, &sit, DATE);
	/* 24 without children: the age condition fails. */
	assert_int_equal(res->schemes[demo].verdict, VERDICT_UNLIKELY);
	assert_int_equal(res->schemes[demo].conds[0], 0);
	assert_int_equal(res->schemes[demo].conds[1], 1);
	assert_int_equal(res->schemes[demo].has_amount, 0);
	assert_int_equal(res->schemes[other].verdict, VERDICT_UNLIKELY);
	ydoc_release(&doc);
	situation_clear(&sit);
	/* Unknown age: to_check, and age is what is missing. */
	y = "{children: [], income: 100, housing: owner}";
	assert_int_equal(ydoc_parse(&doc, "s", y, strlen(y), &err), 0);
	assert_int_equal(situation_read(&sit, doc.root, "s", &err), 0);
	res = eval_run(ev, &sit, DATE);
	assert_int_equal(res->schemes[demo].verdict, VERDICT_TO_CHECK);
	assert_true(varset_has(&res->schemes[demo].miss,
	    rules_var_index(R, "age")));
	assert_false(varset_has(&res->schemes[demo].miss,
	    rules_var_index(R, "income")));
	/* Departmental override applies in 41 only. */
	ydoc_release(&doc);
	situation_clear(&sit);
	y = "{age: 30, children: [], income: 0, housing: owner, "
	    "department: \"41\"}";
	assert_int_equal(ydoc_parse(&doc, "s", y, strlen(y), &err), 0);
	assert_int_equal(situation_read(&sit, doc.root, "s", &err), 0);
	res = eval_run(ev, &sit, DATE);
	assert_int_equal(res->schemes[other].verdict, VERDICT_UNLIKELY);
	assert_string_equal(res->schemes[other].def->department, "41");
	/* Answers to questions that do not apply are ignored: rent. */
	ydoc_release(&doc);
	eval_free(ev);
	situation_release(&sit);
}

/*
 * An operand unknown whatever is still answered (the person said "don't
 * know") leaves its arithmetic or comparison unknown: what the other
 * operands miss is no longer worth asking (issue 14). The demo amount is
 * max(0, base × (1.5 for a couple, else 1) − income).
 */
static void
test_dont_know_settles(void **state)
{
	struct error err = { 0 };
	struct situation sit;
	struct ydoc doc;
	struct evaluator *ev = eval_new(R);
	const struct result *res;
	int demo = rules_scheme_index(R, "demo");
	int couple = rules_var_index(R, "couple");
	int income = rules_var_index(R, "income");
	const char *y[] = {
		/* income not asked yet: couple can settle the amount */
		"{age: 30, children: [], housing: owner}",
		/* income "don't know": the amount stays unknown */
		"{age: 30, children: [], housing: owner, income: unknown}",
	};
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		situation_init(&sit, R);
		assert_int_equal(ydoc_parse(&doc, "s", y[k], strlen(y[k]),
		    &err), 0);
		assert_int_equal(situation_read(&sit, doc.root, "s", &err),
		    0);
		assert_int_equal(sit.answered[income], k);
		res = eval_run(ev, &sit, DATE);
		assert_int_equal(res->schemes[demo].verdict,
		    VERDICT_TO_CHECK);
		assert_int_equal(res->schemes[demo].has_amount, 0);
		assert_int_equal(varset_has(&res->schemes[demo].open, couple),
		    k == 0);
		assert_int_equal(varset_has(&res->open, couple), k == 0);
		/* The "don't know" itself stays what is missing. */
		assert_true(varset_has(&res->schemes[demo].miss, income));
		ydoc_release(&doc);
		situation_release(&sit);
	}
	eval_free(ev);
}

static void
test_situation_errors(void **state)
{
	struct error err;
	struct situation sit;
	struct ydoc doc;
	static const struct {
		const char *yaml, *msg;
		int line, col;
	} cases[] = {
		{ "agee: 3", "unknown variable \"agee\"", 1, 1 },
		{ "age: trois", "age: a number is expected, not \"trois\"", 1,
		    6 },
		{ "age: 300", "age: 300 is above the maximum 120", 1, 6 },
		{ "income: -5", "income: a negative value is not possible", 1,
		    9 },
		{ "couple: oui", "couple: true or false is expected, not "
		    "\"oui\"", 1, 9 },
		{ "couple: \"yes\"", "couple: true or false is expected, not "
		    "\"yes\"", 1, 9 },
		{ "housing: castle", "housing: \"castle\" is not one of its "
		    "options", 1, 10 },
		{ "receives: [rsa, x]", "receives: \"x\" is not one of its "
		    "options", 1, 17 },
		{ "children: [{age: 3, eyes: 2}]", "children: unknown field "
		    "\"eyes\"", 1, 21 },
		{ "age: 2.5", "age: a whole number is expected", 1, 6 },
		{ "birth: 2026-02-30", "birth: a date YYYY-MM-DD is expected, "
		    "not \"2026-02-30\"", 1, 8 },
		{ "- 1", "a situation must be a mapping of answers (key: "
		    "value)", 1, 1 },
	};
	size_t i;

	(void)state;
	situation_init(&sit, R);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&err, 0, sizeof err);
		situation_clear(&sit);
		assert_int_equal(ydoc_parse(&doc, "s", cases[i].yaml,
		    strlen(cases[i].yaml), &err), 0);
		assert_int_equal(situation_read(&sit, doc.root, "s", &err), -1);
		assert_string_equal(err.msg, cases[i].msg);
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.col, cases[i].col);
		ydoc_release(&doc);
	}
	/* Broken YAML: position of the problem. */
	memset(&err, 0, sizeof err);
	assert_int_equal(ydoc_parse(&doc, "s", "age: [1, 2\nx: 3",
	    strlen("age: [1, 2\nx: 3"), &err), -1);
	assert_int_equal(err.line, 2);
	assert_int_equal(ydoc_parse(&doc, "s", "a: &x 1\nb: *x",
	    strlen("a: &x 1\nb: *x"), &err), -1);
	assert_string_equal(err.msg, "anchors and tags are not allowed");
	assert_int_equal(ydoc_parse(&doc, "s", "a: 1\na: 2", 9, &err), -1);
	assert_string_equal(err.msg, "duplicate key \"a\"");
	situation_release(&sit);
}

static void
test_agent_answers(void **state)
{
	struct error err = { 0 };
	struct situation sit;
	int age = rules_var_index(R, "age"), couple = rules_var_index(R,
	    "couple"), housing = rules_var_index(R, "housing"),
	    income = rules_var_index(R, "income"),
	    receives = rules_var_index(R, "receives"),
	    birth = rules_var_index(R, "birth");

	(void)state;
	situation_init(&sit, R);
	assert_int_equal(situation_parse_answer(&sit, couple, "oui", &err), 0);
	assert_int_equal(sit.vals[couple].u.b, 1);
	assert_int_equal(situation_parse_answer(&sit, couple, "N", &err), 0);
	assert_int_equal(sit.vals[couple].u.b, 0);
	assert_int_equal(situation_parse_answer(&sit, couple, "peut-être",
	    &err), -1);
	assert_int_equal(situation_parse_answer(&sit, income, "1 200,50",
	    &err), 0);
	assert_true(sit.vals[income].u.n == NUM_INT(1200) + NUM_SCALE / 2);
	assert_int_equal(situation_parse_answer(&sit, income, "-3", &err), -1);
	assert_int_equal(situation_parse_answer(&sit, age, "300", &err), -1);
	/* typed at the interview: the question is on the screen, its id
	   is not in the message (a file's names it: engine.sh) */
	assert_string_equal(err.msg, "300 is above the maximum 120");
	assert_int_equal(situation_parse_answer(&sit, housing, "2", &err), 0);
	assert_string_equal(sit.vals[housing].u.s, "owner");
	assert_int_equal(situation_parse_answer(&sit, housing, "9", &err), -1);
	assert_int_equal(situation_parse_answer(&sit, receives, "1, 3", &err),
	    0);
	assert_int_equal(sit.vals[receives].u.l.n, 2);
	assert_int_equal(situation_parse_answer(&sit, birth, "16/11/2012",
	    &err), 0);
	assert_int_equal(situation_parse_answer(&sit, birth, "31/02/2012",
	    &err), -1);
	situation_release(&sit);
}

static void
test_bad_rule_bases(void **state)
{
	static const struct {
		const char *file, *content, *msg;
	} cases[] = {
		{ "derived/common.yaml", "derived:\n  - {id: a, expr: \"b\"}\n"
		    "  - {id: b, expr: \"a\"}\n",
		    "derived variable \"a\" depends on itself" },
		{ "schemes/insertion/demo.yaml", "id: demo\ncode: X\ndomain: "
		    "insertion\nname: D\nconditions:\n  - {id: a, expr: "
		    "\"agee > 3\", text: t}\nroute: {kind: partner}\n",
		    "unknown variable \"agee\"" },
		{ "schemes/insertion/demo.yaml", "id: demo\ncode: X\ndomain: "
		    "insertion\nname: D\nconditions: []\nroute: {kind: "
		    "partner}\nfoo: 1\n", "unknown key \"foo\" in a scheme" },
		{ "urgencies.yaml", "never_read: [income]\nurgencies:\n  - {id: "
		    "u, priority: P1, when: \"income < 3\", title: t}\n",
		    "an urgency must not depend on \"income\"" },
		{ "schemes/insertion/other.yaml", "id: other\ncode: X\ndomain: "
		    "insertion\nname: D\nconditions:\n  - {id: a, expr: "
		    "\"scheme('other').likely\", text: t}\nroute: {kind: "
		    "partner}\n", "scheme \"other\" depends on itself through "
		    "scheme()" },
		{ "schemes/insertion/demo.yaml", "id: demo\ncode: X\ndomain: "
		    "insertion\nname: D\nconditions: []\nvariants:\n  - {id: "
		    "v, when: \"true\", services: [nope]}\nroute: {kind: "
		    "partner}\n", "unknown service kind \"nope\"" },
		{ "schemes/insertion/demo.yaml", "id: demo\ncode: X\ndomain: "
		    "insertion\nname: D\nconditions: []\nvariants:\n  - {id: "
		    "v, when: \"true\", documents: [nope]}\nroute: {kind: "
		    "partner}\n", "unknown document \"nope\"" },
		{ "schemes/insertion/demo.yaml", "id: demo\ncode: X\ndomain: "
		    "insertion\nname: D\nconditions: []\nroute: {kind: "
		    "partner}\nreceived_if: \"1 + 1\"\n",
		    "type error: this field expects yes/no, got number" },
		/* A document's `when` (rules/documents): yes/no, known keys. */
		{ "documents/extra.yaml", "documents:\n  d1: {label: \"Un "
		    "document\", when: \"1 + 1\"}\n",
		    "type error: this field expects yes/no, got number" },
		{ "documents/extra.yaml", "documents:\n  d1: {label: \"Un "
		    "document\", whom: \"x\"}\n",
		    "unknown key \"whom\" in a document" },
		{ "documents/extra.yaml", "documents:\n  d1: [a, b]\n",
		    "document \"d1\" must be a label or a map (label, help, "
		    "when)" },
	};
	size_t i;
	char cmd[512], path[512];

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct error err = { 0 };
		struct rules *r;
		FILE *f;

		snprintf(cmd, sizeof cmd, "rm -rf build/tmp-rules && mkdir -p "
		    "build && cp -r " MINI " build/tmp-rules");
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof path, "build/tmp-rules/%s",
		    cases[i].file);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(cases[i].content, f);
		fclose(f);
		r = rules_load("build/tmp-rules", DATE, &err);
		assert_null(r);
		assert_string_equal(err.msg, cases[i].msg);
		assert_true(err.line > 0);
	}
	assert_int_equal(system("rm -rf build/tmp-rules"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kleene_and_or),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_exact_arithmetic),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_bounded_counts),
		cmocka_unit_test(test_errors_with_positions),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_scheme_results),
		cmocka_unit_test(test_dont_know_settles),
		cmocka_unit_test(test_situation_errors),
		cmocka_unit_test(test_agent_answers),
		cmocka_unit_test(test_bad_rule_bases),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
