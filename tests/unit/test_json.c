/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_json.c - the one JSON writer (json.h), checked against jansson:
 * escapes, exact numbers, nesting refused when out of place, trees
 * written and read back, and the report of random situations (every
 * scheme, plan and next question) parsed by jansson to the values the
 * engine holds. And the JSON reader (ydoc_parse_json): what it decodes,
 * with positions, and where it says each refusal is.
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
#include "situation.h"
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

/*
 * Atoms (quoted once, copied): the same bytes as json_key, json_str and
 * json_member_str, compact and pretty, at the top of the buffer and
 * across its end; out of place, refused as the plain calls are.
 */
static void
test_atoms(void **state)
{
	static const char *const cases[] = {
		"", "id", "quote \" and \\ backslash", "tab\tnl\n",
		"\x01\x7f", "À vérifier – 1 234,56 €",
		"a string longer than the padding of an atom, to copy whole",
		NULL
	};
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct json_writer w, v;
	struct json_atom key, str, mem, nul;
	int i, k, pretty;

	(void)state;
	for (pretty = 0; pretty < 2; pretty++)
		for (i = 0; cases[i] != NULL; i++) {
			json_atom_init(&key, cases[i]);
			json_atom_init(&str, cases[(i + 1) % 7]);
			json_atom_init_member(&mem, cases[i],
			    cases[(i + 2) % 7]);
			json_writer_init(&w, sb_put, &a, pretty);
			json_writer_init(&v, sb_put, &b, pretty);
			json_array_begin(&w);
			json_array_begin(&v);
			/* 300 rounds: more than the writer's buffer */
			for (k = 0; k < 300; k++) {
				json_object_begin(&w);
				json_key_atom(&w, &key);
				json_str_atom(&w, &str);
				json_member_atom(&w, &mem);
				json_object_end(&w);
				json_str_atom(&w, &str);
				json_object_begin(&v);
				json_key(&v, cases[i]);
				json_str(&v, cases[(i + 1) % 7]);
				json_member_str(&v, cases[i],
				    cases[(i + 2) % 7]);
				json_object_end(&v);
				json_str(&v, cases[(i + 1) % 7]);
			}
			json_array_end(&w);
			json_array_end(&v);
			assert_int_equal(json_writer_finish(&w), 0);
			assert_int_equal(json_writer_finish(&v), 0);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.s, b.s, a.len);
			strbuf_release(&a);
			strbuf_release(&b);
			json_atom_release(&key);
			json_atom_release(&str);
			json_atom_release(&mem);
		}

	json_atom_init(&key, "k");
	json_atom_init_member(&mem, "k", "v");
	json_atom_init(&nul, NULL);
	json_writer_init(&w, sb_put, &a, 0);
	json_array_begin(&w);
	json_str_atom(&w, &nul);		/* null as a value: fine */
	json_array_end(&w);
	assert_int_equal(json_writer_finish(&w), 0);
	assert_string_equal(a.s, "[null]");
	strbuf_release(&a);
	for (i = 0; i < 5; i++) {
		json_writer_init(&w, sb_put, &a, 0);
		json_object_begin(&w);
		switch (i) {
		case 0: json_key_atom(&w, &nul); break;	/* null key */
		case 1: json_key_atom(&w, &mem); break;	/* a member */
		case 2: json_member_atom(&w, &key); break;	/* a key */
		case 3: json_str_atom(&w, &key); break;	/* no key */
		default:
			json_key_atom(&w, &key);
			json_member_atom(&w, &mem);	/* after a key */
			break;
		}
		json_str(&w, "x");
		json_object_end(&w);
		assert_int_equal(json_writer_finish(&w), -1);
		strbuf_release(&a);
	}
	json_writer_init(&w, sb_put, &a, 0);
	json_array_begin(&w);
	json_key_atom(&w, &key);		/* a key in an array */
	json_array_end(&w);
	assert_int_equal(json_writer_finish(&w), -1);
	strbuf_release(&a);
	json_atom_release(&key);
	json_atom_release(&mem);
	json_atom_release(&nul);
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

/* ydoc_parse_json of `text`; 0 or -1, the error in *err. */
static int
read_json(const char *text, struct ydoc *doc, struct error *err)
{
	memset(err, 0, sizeof *err);
	return ydoc_parse_json(doc, "t.json", text, strlen(text), err);
}

/* The reader: values, escapes, numbers and positions. */
static void
test_reader(void **state)
{
	static const char *text = "{\"a\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\", "
	    "\"\u00e9t\u00e9\": [1, -0, 2.50, 1E+2, -1.5e-3, 0.1e1],\n"
	    "  \"\\u00e9\\ud83d\\ude00\\u20ac\": {\"k\": true, \"l\": false, "
	    "\"m\": null},\r\n\t\"n\": \"\\u0041\u00e9\"}";
	struct ydoc doc;
	struct error err;
	const struct ynode *n;

	(void)state;
	assert_int_equal(read_json(text, &doc, &err), 0);
	n = doc.root;
	assert_int_equal(n->kind, Y_MAP);
	assert_int_equal(n->n, 4);
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 1);
	assert_string_equal(n->keys[0], "a");
	assert_string_equal(n->items[0]->str, "\"\\/\b\f\n\r\t");
	assert_true(n->items[0]->quoted);
	assert_int_equal(n->kpos[0]->col, 2);
	assert_int_equal(n->items[0]->col, 7);
	assert_string_equal(n->keys[1], "\u00e9t\u00e9");
	/* Columns count characters: "été" is 3 of them, 5 bytes. */
	assert_int_equal(n->items[1]->col, 34);
	assert_int_equal(n->items[1]->n, 6);
	assert_string_equal(n->items[1]->items[0]->str, "1");
	assert_string_equal(n->items[1]->items[1]->str, "0");
	assert_string_equal(n->items[1]->items[2]->str, "2.5");
	assert_string_equal(n->items[1]->items[3]->str, "100");
	assert_string_equal(n->items[1]->items[4]->str, "-0.0015");
	assert_string_equal(n->items[1]->items[5]->str, "1");
	assert_false(n->items[1]->items[0]->quoted);
	assert_string_equal(n->keys[2], "\xc3\xa9\xf0\x9f\x98\x80\xe2\x82\xac");
	assert_int_equal(n->kpos[2]->line, 2);
	assert_int_equal(n->kpos[2]->col, 3);
	assert_string_equal(n->items[2]->keys[1], "l");
	assert_string_equal(n->items[2]->items[0]->str, "true");
	assert_string_equal(n->items[2]->items[1]->str, "false");
	assert_true(ynode_is_null(n->items[2]->items[2]));
	assert_false(n->items[2]->items[0]->quoted);
	assert_int_equal(n->kpos[3]->line, 3);
	assert_int_equal(n->kpos[3]->col, 2);
	assert_string_equal(n->items[3]->str, "A\u00e9");
	ydoc_release(&doc);
	/* Any value at the top; white space around it. */
	assert_int_equal(read_json(" \"x\"\n", &doc, &err), 0);
	assert_string_equal(doc.root->str, "x");
	assert_int_equal(doc.root->col, 2);
	ydoc_release(&doc);
	assert_int_equal(read_json("[]", &doc, &err), 0);
	assert_int_equal(doc.root->kind, Y_SEQ);
	assert_int_equal(doc.root->n, 0);
	ydoc_release(&doc);
}

/* Each refusal, where it starts (line:column) and what it says. */
static void
test_reader_errors(void **state)
{
	static const struct {
		const char	*text;
		int		 line, col;
		const char	*msg;
	} bad[] = {
		{ "", 1, 1, "unexpected token near end of file" },
		{ "{\"a\": 1} x", 1, 10, "end of file expected near 'x'" },
		{ "{\"a\": 1,}", 1, 9, "string or '}' expected" },
		{ "[1,]", 1, 4, "invalid token near ']'" },
		{ "{\"a\" 1}", 1, 6, "':' expected near '1'" },
		{ "{\"a\": 1 \"b\": 2}", 1, 9, "',' or '}' expected" },
		{ "[1 2]", 1, 4, "',' or ']' expected" },
		{ "{\"a\": tru}", 1, 7, "invalid token near 'tru'" },
		{ "{\"a\": truex}", 1, 7, "invalid token near 'truex'" },
		{ "[01]", 1, 2, "leading zero" },
		{ "[1.]", 1, 2, "invalid number near '1.'" },
		{ "[1e]", 1, 2, "invalid number" },
		{ "[-]", 1, 2, "invalid number" },
		{ "[+1]", 1, 2, "invalid token" },
		{ "[.5]", 1, 2, "invalid token" },
		{ "[NaN]", 1, 2, "invalid token" },
		{ "[\"a\x01\"]", 1, 4, "control character 0x01" },
		{ "[\"a\nb\"]", 1, 4, "control character 0x0a" },
		{ "[\"a\\x\"]", 1, 4, "invalid escape '\\x'" },
		{ "[\"\\u12g4\"]", 1, 3, "\\u needs 4 hexadecimal digits" },
		{ "[\"\\u0000\"]", 1, 3, "NUL" },
		{ "{\"\\u0000\": 1}", 1, 3, "NUL" },
		{ "[\"x\\ud800\"]", 1, 4, "high surrogate without a low" },
		{ "[\"\\ud800\\u0041\"]", 1, 3, "high surrogate" },
		{ "[\"\\udc00\"]", 1, 3, "low surrogate without a high" },
		{ "[\"\xff\"]", 1, 3, "invalid UTF-8 (byte 0xff)" },
		{ "[\"\xc3\xa9\xc0\xaf\"]", 1, 4, "invalid UTF-8 (byte 0xc0)" },
		{ "[\"\xed\xa0\x80\"]", 1, 3, "invalid UTF-8" },
		{ "[\"\xf4\x90\x80\x80\"]", 1, 3, "invalid UTF-8" },
		{ "[\"\xe2\x82\"]", 1, 3, "invalid UTF-8" },
		{ "[\"abc", 1, 6, "end of file in a string" },
		{ "\xef\xbb\xbf{}", 1, 1, "invalid token near byte 0xef" },
		{ "{\"a\": 1,\n \"b\": 2,\n \"a\": 3}", 3, 2,
		    "duplicate object key near '\"a\"'" },
		{ "{\"\u00e9\": 1, \"\\u00e9\": 2}", 1, 10,
		    "duplicate object key" },
		{ "[{\"k\": [1, {\"x\": 1, \"x\": 1}]}]", 1, 21,
		    "duplicate object key" },
		{ "[\"\u00e9\u00e9\", x]", 1, 8, "invalid token near 'x'" },
		{ "[9223372036854775808]", 1, 2, "too large or too precise" },
		{ "[-9223372036854775809]", 1, 2, "too large or too precise" },
		{ "[1e400]", 1, 2, "too large or too precise" },
		{ "[1e-400]", 1, 2, "too large or too precise" },
	};
	char deep[200];
	struct ydoc doc;
	struct error err;
	size_t i;
	int wrong = 0;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (read_json(bad[i].text, &doc, &err) != -1) {
			print_message("accepted: %s\n", bad[i].text);
			ydoc_release(&doc);
			wrong++;
		} else if (err.line != bad[i].line || err.col != bad[i].col ||
		    strstr(err.msg, bad[i].msg) == NULL ||
		    strcmp(err.file, "t.json") != 0) {
			print_message("%s: %d:%d: %s\n", bad[i].text,
			    err.line, err.col, err.msg);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
	/* The largest integers and 64 levels are fine, not 65. */
	assert_int_equal(read_json("[9223372036854775807, "
	    "-9223372036854775808]", &doc, &err), 0);
	assert_string_equal(doc.root->items[1]->str, "-9223372036854775808");
	ydoc_release(&doc);
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	deep[128] = '\0';
	assert_int_equal(read_json(deep, &doc, &err), 0);
	ydoc_release(&doc);
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	deep[130] = '\0';
	assert_int_equal(read_json(deep, &doc, &err), -1);
	assert_int_equal(err.col, 65);
	assert_non_null(strstr(err.msg, "nesting deeper than 64"));
}

static const struct rules *R;

/* The report of random situations: valid, and the engine's values. */
/* The compact line of `res` (one report_compact for many): each
   scheme's id, verdict and reasons as the engine has them. */
static void
compact_check(const struct report_compact *rc, const struct result *res)
{
	static const char *const words[] = { "false", "true", "unknown" };
	struct strbuf b = STRBUF_INIT;
	json_t *v, *schemes;
	int k, j;

	assert_int_equal(report_json_compact_with(rc, sb_put, &b, res), 0);
	assert_int_equal(b.s[b.len - 1], '\n');
	v = parse(b.s);
	assert_non_null(v);
	schemes = json_object_get(v, "schemes");
	assert_int_equal(json_array_size(schemes), R->nnational);
	for (k = 0; k < R->nnational; k++) {
		const struct scheme_result *sr = &res->schemes[k];
		json_t *o = json_array_get(schemes, (size_t)k);
		json_t *reasons = json_object_get(o, "reasons");

		assert_string_equal(json_string_value(json_object_get(o,
		    "id")), sr->def->id);
		assert_string_equal(json_string_value(json_object_get(o,
		    "verdict")), verdict_name(sr->verdict));
		assert_int_equal(json_object_size(reasons), sr->def->nconds);
		for (j = 0; j < sr->def->nconds; j++)
			assert_string_equal(json_string_value(json_object_get(
			    reasons, sr->def->conds[j].id)), words[
			    sr->conds[j] == 1 ? 1 : sr->conds[j] == 0 ? 0 : 2]);
	}
	json_decref(v);
	strbuf_release(&b);
}

static void
test_report(void **state)
{
	int32_t date = date_from_ymd(2026, 11, 15);
	struct evaluator *ev = eval_new(R);
	struct report_compact *rc = report_compact_new(R);
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
		compact_check(rc, res);
		situation_release(&s);
	}
	report_compact_free(rc);
	eval_free(ev);
}

/*
 * One line read by situation_read_line, line 7 of its file, and by the
 * tree (ydoc_parse_json then situation_read): the same answers, or the
 * same refusal at the same place. `fast`: 1 if the line must be read
 * without a tree, 0 if it must go through one, -1 either. Returns
 * whether it was read without a tree.
 */
static int
same_line(const char *line, int fast)
{
	struct situation a, b;
	struct ydoc doc;
	struct error ea, eb;
	int ra, rb, i, was_fast;

	situation_init(&a, R);
	situation_init(&b, R);
	memset(&ea, 0, sizeof ea);
	memset(&eb, 0, sizeof eb);
	ra = situation_read_line(&a, line, strlen(line), "t.jsonl", 7, &ea);
	rb = ydoc_parse_json(&doc, "t.jsonl", line, strlen(line), &eb);
	if (rb == 0) {
		rb = situation_read(&b, doc.root, "t.jsonl", &eb);
		ydoc_release(&doc);
	}
	was_fast = a.nfast == 1;
	if (ra != rb || (fast != -1 && was_fast != fast))
		fail_msg("%s: %d (%s) against the tree's %d (%s), %s", line,
		    ra, ea.msg, rb, eb.msg, was_fast ? "fast" : "tree");
	if (ra == -1) {
		assert_string_equal(ea.msg, eb.msg);
		assert_int_equal(ea.line, eb.line + 6);
		assert_int_equal(ea.col, eb.col);
	} else if ((i = situation_same(&a, &b)) != -1) {
		fail_msg("%s: %s differs", line, R->vars[i].id);
	}
	situation_release(&a);
	situation_release(&b);
	return was_fast;
}

static void
put_strbuf_test(void *sb, const char *bytes, size_t n)
{
	strbuf_addn(sb, bytes, n);
}

/*
 * Lines of JSON Lines: most are read without a tree (situation.c), and
 * always to what the tree gives, refusals included.
 */
static void
test_lines_fast(void **state)
{
	static const struct {
		const char	*line;
		int		 fast;
	} cases[] = {
		{ "{}", 1 },
		{ " {\t\"age\":\r30 , \"couple\" :true}\r", 1 },
		{ "{\"age\": 1e1, \"income_work\": 1250.50, \"couple\": false}", 1 },
		{ "{\"age\": null, \"visit_reason\": [\"money\", \"housing\"]}", 1 },
		{ "{\"children\": [{\"age\": 4}, {}], \"partner\": {\"age\": 31, "
		    "\"activity\": \"employed\", \"disability_rate\": null}}", 1 },
		{ "{\"receives\": [], \"children\": []}", 1 },
		{ "{\"commune\": \"32013\", \"date\": \"2026-02-28\", "
		    "\"children\": [{\"birth_date\": \"2020-02-29\"}]}", 1 },
		/* through the tree: escapes, other characters, long lists */
		{ "{\"commune\": \"3\\u0032013\"}", 0 },
		{ "{\"ag\\u0065\": 30}", 0 },
		{ "{\"postal_address\": \"\\u00e9\"}", 0 },
		{ "{\"age\": 30}\n", 0 },
		/* refusals, each where the tree says */
		{ "{\"age\": 30, \"age\": 31}", 0 },
		{ "{\"partner\": {\"age\": 30, \"age\": 31}}", 0 },
		{ "{\"nobody\": 1}", 0 },
		{ "{\"partner\": {\"nobody\": 1}}", 0 },
		{ "{\"activity\": \"astronaut\"}", 0 },
		{ "{\"receives\": [1]}", 0 },
		{ "{\"receives\": \"rsa\"}", 0 },
		{ "{\"age\": [30]}", 0 },
		{ "{\"age\": true}", 0 },
		{ "{\"age\": -3}", 0 },
		{ "{\"age\": 30.5}", 0 },
		{ "{\"age\": 01}", 0 },
		{ "{\"age\": 1.}", 0 },
		{ "{\"age\": 30,}", 0 },
		{ "{\"age\": 30} x", 0 },
		{ "{\"age\" 30}", 0 },
		{ "{\"couple\": truex}", 0 },
		{ "{\"income_work\": 123456789012345678901}", 0 },
		{ "{\"partner\": {\"age\": [1]}}", 0 },
		{ "{\"children\": [4]}", 0 },
		{ "{\"commune\": \"3201\"}", 0 },
		{ "{\"date\": \"2026-02-30\"}", 0 },
		{ "{\"date\": \"2026-2-03\"}", 0 },
		{ "[]", 0 },
		{ "", 0 },
	};
	int32_t date = date_from_ymd(2026, 11, 15);
	int i, nfast = 0;

	(void)state;
	for (i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++)
		(void)same_line(cases[i].line, cases[i].fast);
	/* Random situations, each written as one compact JSON line. */
	randsit_seed(7);
	for (i = 0; i < 300; i++) {
		struct situation s;
		struct strbuf sb = STRBUF_INIT;
		struct ydoc doc;
		struct error err;
		char *y;

		situation_init(&s, R);
		randsit_fill(&s, date);
		y = situation_to_yaml(&s, 0);
		assert_int_equal(ydoc_parse(&doc, "s.yaml", y, strlen(y),
		    &err), 0);
		json_ynode(doc.root, NULL, put_strbuf_test, &sb);
		nfast += same_line(sb.s, -1);
		ydoc_release(&doc);
		strbuf_release(&sb);
		free(y);
		situation_release(&s);
	}
	/* The fast path is the common one (a string outside ASCII or an
	   escape sends a line to the tree). */
	assert_true(nfast >= 270);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_atoms),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_reader_errors),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_lines_fast),
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
