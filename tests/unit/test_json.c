/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_json.c - the one JSON writer (json.h), checked against jansson:
 * escapes, exact numbers, nesting refused when out of place, trees
 * written and read back, and the report of random situations (every
 * scheme, plan and next question) parsed by jansson to the values the
 * engine holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "eval.h"
#include "json.h"
#include "randsit.h"
#include "report.h"
#include "rules.h"
#include "strbuf.h"
#include "ydoc.h"

static void
sb_put(void *b, const char *bytes, size_t n)
{
	strbuf_addn(b, bytes, n);
}

static json_t *
parse(const char *s)
{
	json_error_t jerr;

	return json_loads(s, JSON_DECODE_ANY, &jerr);
}

static void
test_strings(void **state)
{
	static const char *const cases[] = {
		"", "plain", "quote \" and \\ backslash", "tab\tnl\nret\r",
		"\x01\x1f\x7f", "À vérifier – 1 234,56 €", "日本 😀",
		"/slash/", NULL
	};
	int i;

	(void)state;
	for (i = 0; cases[i] != NULL; i++) {
		struct strbuf b = STRBUF_INIT;
		struct json_writer w;
		json_t *v;

		json_writer_init(&w, sb_put, &b, 0);
		json_str(&w, cases[i]);
		assert_int_equal(json_writer_finish(&w), 0);
		v = parse(b.s);
		assert_non_null(v);
		assert_string_equal(json_string_value(v), cases[i]);
		json_decref(v);
		strbuf_release(&b);
	}
	{
		/* Invalid UTF-8: each bad byte becomes U+FFFD. */
		struct strbuf b = STRBUF_INIT;
		struct json_writer w;
		json_t *v;

		json_writer_init(&w, sb_put, &b, 0);
		json_str(&w, "a\xff" "b\xc3");
		json_str(&w, NULL);	/* a second value: refused */
		assert_int_equal(json_writer_finish(&w), -1);
		assert_string_equal(b.s, "\"a\\ufffdb\\ufffd\"");
		v = parse(b.s);
		assert_string_equal(json_string_value(v),
		    "a\xef\xbf\xbd" "b\xef\xbf\xbd");
		json_decref(v);
		strbuf_release(&b);
	}
}

/*
 * The writer copies strings into its buffer itself: the same bytes as
 * json_quote's runs, whatever falls on the buffer's edge (long strings
 * of escapes, UTF-8 sequences and invalid bytes at every offset).
 */
static void
test_long_strings(void **state)
{
	static const char *const pieces[] = {
		"a", "\"", "\\", "\n", "\x01", "\x7f", "é", "€", "😀", "\xff",
		"\xc3", "plain text ", "\t"
	};
	char s[12000];
	unsigned seed = 1;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		struct strbuf b = STRBUF_INIT, ref = STRBUF_INIT;
		struct json_writer w;
		size_t len = 0, max;

		seed = seed * 1103515245u + 12345u;
		max = 1 + (seed >> 8) % (sizeof s - 16);
		while (len < max) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % (sizeof pieces /
			    sizeof *pieces)];
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		s[len] = '\0';
		json_writer_init(&w, sb_put, &b, 0);
		json_array_begin(&w);
		/* An offset in the buffer that changes with the round. */
		json_str(&w, s + len - (size_t)round % (len + 1));
		json_str(&w, s);
		json_array_end(&w);
		assert_int_equal(json_writer_finish(&w), 0);
		strbuf_addn(&ref, "[", 1);
		json_quote(s + len - (size_t)round % (len + 1), sb_put, &ref);
		strbuf_addn(&ref, ", ", 2);
		json_quote(s, sb_put, &ref);
		strbuf_addn(&ref, "]", 1);
		assert_string_equal(b.s, ref.s);
		strbuf_release(&b);
		strbuf_release(&ref);
	}
}

static void
test_numbers(void **state)
{
	struct strbuf b = STRBUF_INIT;
	struct json_writer w;

	(void)state;
	json_writer_init(&w, sb_put, &b, 0);
	json_array_begin(&w);
	json_num(&w, NUM_INT(7));
	json_num(&w, NUM_SCALE * 3 / 2);
	json_num(&w, -1);
	json_cents(&w, NUM_INT(573) + NUM_SCALE * 49 / 100);
	json_cents(&w, 0);
	json_int(&w, -42);
	json_bool(&w, 1);
	json_null_value(&w);
	json_array_end(&w);
	assert_int_equal(json_writer_finish(&w), 0);
	assert_string_equal(b.s,
	    "[7, 1.5, -0.000001, 573.49, 0.00, -42, true, null]");
	strbuf_release(&b);
}

/* Out of place: each sequence is refused, and nothing after it written. */
static void
test_nesting(void **state)
{
	struct strbuf b = STRBUF_INIT;
	struct json_writer w;
	int i;

	(void)state;
	json_writer_init(&w, sb_put, &b, 0);
	json_object_begin(&w);
	json_str(&w, "value without a key");
	assert_int_equal(json_writer_finish(&w), -1);
	strbuf_release(&b);

	json_writer_init(&w, sb_put, &b, 0);
	json_array_begin(&w);
	json_key(&w, "key in an array");
	assert_int_equal(json_writer_finish(&w), -1);
	strbuf_release(&b);

	json_writer_init(&w, sb_put, &b, 0);
	json_array_begin(&w);
	json_object_end(&w);
	assert_int_equal(json_writer_finish(&w), -1);
	strbuf_release(&b);

	json_writer_init(&w, sb_put, &b, 0);
	json_object_begin(&w);
	json_key(&w, "k");
	json_object_end(&w);		/* the key has no value */
	assert_int_equal(json_writer_finish(&w), -1);
	strbuf_release(&b);

	json_writer_init(&w, sb_put, &b, 0);
	json_object_begin(&w);		/* left open */
	assert_int_equal(json_writer_finish(&w), -1);
	strbuf_release(&b);

	json_writer_init(&w, sb_put, &b, 0);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_begin(&w);
	assert_int_equal(json_writer_finish(&w), -1);
	assert_int_equal(b.len, JSON_MAX_DEPTH);
	strbuf_release(&b);

	/* JSON Lines: values separated by newlines, pretty or not. */
	for (i = 0; i < 2; i++) {
		json_writer_init(&w, sb_put, &b, i ? JSON_PRETTY : 0);
		json_object_begin(&w);
		json_key(&w, "a");
		json_array_begin(&w);
		json_int(&w, 1);
		json_object_begin(&w);
		json_object_end(&w);
		json_array_end(&w);
		json_key(&w, "b\n");
		json_str(&w, "x");
		json_object_end(&w);
		json_newline(&w);
		json_int(&w, 2);
		json_newline(&w);
		assert_int_equal(json_writer_finish(&w), 0);
		assert_string_equal(b.s, i ? "{\n  \"a\": [\n    1,\n    {}\n"
		    "  ],\n  \"b\\n\": \"x\"\n}\n2\n" :
		    "{\"a\": [1, {}], \"b\\n\": \"x\"}\n2\n");
		strbuf_release(&b);
	}
}

/* A JSON text read (jansson) and written again: the same tree. */
static void
test_tree(void **state)
{
	static const char *text = "{\"n\": 3e1, \"m\": \"1.50\", \"p\": 1.50, "
	    "\"big\": 1e-7, \"e\": \"\\ud83d\\ude00\", \"l\": [true, false, "
	    "null, {}, []], \"x_skip\": 1, \"s\": \"a\\u0000b\"}";
	struct ydoc doc;
	struct error err;
	struct strbuf b = STRBUF_INIT;
	struct json_writer w;
	json_t *v;

	(void)state;
	/* NUL inside a string is refused by the reader. */
	assert_int_equal(ydoc_parse_json(&doc, "t.json", text, strlen(text),
	    &err), -1);
	/* Past the engine's decimals (7 places): kept as a string. */
	text = "{\"n\": 3e1, \"m\": \"1.50\", \"p\": 1.50, \"big\": 1e-7, "
	    "\"e\": \"\\ud83d\\ude00\", \"l\": [true, false, null, {}, []], "
	    "\"x_skip\": 1}";
	assert_int_equal(ydoc_parse_json(&doc, "t.json", text, strlen(text),
	    &err), 0);
	json_writer_init(&w, sb_put, &b, 0);
	json_ynode_value(&w, doc.root, "x_");
	assert_int_equal(json_writer_finish(&w), 0);
	v = parse(b.s);
	assert_non_null(v);
	assert_int_equal(json_integer_value(json_object_get(v, "n")), 30);
	assert_string_equal(json_string_value(json_object_get(v, "m")), "1.50");
	assert_true(json_real_value(json_object_get(v, "p")) == 1.5);
	assert_string_equal(json_string_value(json_object_get(v, "big")),
	    "0.0000001");
	assert_string_equal(json_string_value(json_object_get(v, "e")),
	    "\xf0\x9f\x98\x80");
	assert_int_equal(json_array_size(json_object_get(v, "l")), 5);
	assert_null(json_object_get(v, "x_skip"));
	json_decref(v);
	strbuf_release(&b);
	ydoc_release(&doc);
}

static const struct rules *R;

/* The report of random situations: valid, and the engine's values. */
static void
test_report(void **state)
{
	int32_t date = date_from_ymd(2026, 11, 15);
	struct evaluator *ev = eval_new(R);
	int i, k;

	(void)state;
	for (i = 0; i < 200; i++) {
		struct situation s;
		const struct result *res;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		json_t *v, *schemes;

		situation_init(&s, R);
		randsit_fill(&s, date);
		res = eval_run(ev, &s, date);
		assert_int_equal(report_json(f, R, res, NULL, 0), 0);
		fclose(f);
		assert_int_equal(buf[len - 1], '\n');
		v = parse(buf);
		assert_non_null(v);
		schemes = json_object_get(v, "schemes");
		assert_int_equal(json_array_size(schemes), R->nnational);
		for (k = 0; k < R->nnational; k++) {
			json_t *o = json_array_get(schemes, (size_t)k);
			json_t *a = json_object_get(o, "amount");

			assert_string_equal(json_string_value(json_object_get(
			    o, "verdict")), verdict_name(
			    res->schemes[k].verdict));
			if (res->schemes[k].has_amount) {
				char want[40], got[40];

				/* The decimal as written, to the cent. */
				snprintf(got, sizeof got, "%.2f",
				    json_number_value(a));
				num_format_cents(res->schemes[k].amount, want);
				assert_string_equal(got, want);
			} else {
				assert_true(json_is_null(a));
			}
		}
		assert_int_equal(json_array_size(json_object_get(v, "plan")),
		    res->nplan);
		assert_int_equal(json_array_size(json_object_get(v,
		    "next_questions")), res->nnext);
		json_decref(v);
		free(buf);
		situation_release(&s);
	}
	eval_free(ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_report),
	};
	struct error err = { 0 };
	struct rules *r = rules_load("rules", date_from_ymd(2026, 11, 15),
	    &err);
	int rc;

	if (r == NULL) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
		return 1;
	}
	R = r;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rules_free(r);
	return rc;
}
