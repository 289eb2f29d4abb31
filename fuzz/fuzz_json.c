/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json.c - libFuzzer harness for JSON in and out.
 *
 * Reading: any bytes as a JSON situation, through the JSON reader
 * (ydoc_parse_json) and the situation reader on the shipped rule base
 * and territory (commune and department codes checked against its
 * table). Must never crash. The reader against jansson, an independent
 * strict parser (duplicate keys and NUL refused): the same texts
 * accepted, but for the bounds the reader adds (nesting, number of
 * values, numbers the engine cannot hold exactly), and the same tree
 * (keys in order, strings byte for byte, numbers to the same double).
 *
 * Writing, against jansson: what the reader accepts is written again by
 * the one JSON writer (json.h), compact and pretty; jansson must parse
 * both to the same tree, and reading that output and writing it again
 * must give the same bytes (the writer is a fixed point of the reader).
 * The bytes as a string must come back from jansson as they were (valid
 * UTF-8) or at least parse. And the bytes as a program of writer calls:
 * whatever sequence the writer accepts (json_writer_finish 0) must be
 * JSON Lines that jansson parses line by line.
 *
 * And the bytes as a line of JSON Lines: situation_read_line, which reads
 * most lines without a tree, against the tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json.h"
#include "rules.h"
#include "situation.h"
#include "ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct out {
	char	*s;
	size_t	 len, cap;
};

static void
put_out(void *ctx, const char *bytes, size_t n)
{
	struct out *o = ctx;

	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->s = realloc(o->s, o->cap);
		if (o->s == NULL)
			abort();
	}
	memcpy(o->s + o->len, bytes, n);
	o->len += n;
	o->s[o->len] = '\0';
}

/* `n` written by the writer with `flags`; aborts if the writer refuses. */
static struct out
write_tree(const struct ynode *n, int flags)
{
	struct json_writer w;
	struct out o = { NULL, 0, 0 };

	json_writer_init(&w, put_out, &o, flags);
	json_ynode_value(&w, n, NULL);
	if (json_writer_finish(&w) != 0)
		abort();
	put_out(&o, "", 0);
	return o;
}

static json_t *
jansson_parse(const struct out *o)
{
	json_error_t jerr;

	return json_loadb(o->s, o->len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
	    &jerr);
}

/* The tree read against jansson's; aborts where they differ. */
static void
same_tree(const struct ynode *n, json_t *j)
{
	const char *key;
	json_t *v;
	char num[64];
	size_t i = 0;

	if (n == NULL || n->line < 1 || n->col < 1)
		abort();
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		if (n->kind != Y_MAP || (size_t)n->n != json_object_size(j))
			abort();
		json_object_foreach(j, key, v) {
			if (strcmp(n->keys[i], key) != 0 ||
			    !n->kpos[i]->quoted || n->kpos[i]->line < 1)
				abort();
			same_tree(n->items[i++], v);
		}
		break;
	case JSON_ARRAY:
		if (n->kind != Y_SEQ || (size_t)n->n != json_array_size(j))
			abort();
		json_array_foreach(j, i, v)
			same_tree(n->items[i], v);
		break;
	case JSON_STRING:
		if (n->kind != Y_SCALAR || !n->quoted ||
		    strlen(n->str) != json_string_length(j) ||
		    strcmp(n->str, json_string_value(j)) != 0)
			abort();
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(j));
		if (n->kind != Y_SCALAR || n->quoted || strcmp(n->str, num))
			abort();
		break;
	case JSON_REAL:
		/* Both round the same exact decimal to a double. */
		if (n->kind != Y_SCALAR || n->quoted ||
		    strtod(n->str, NULL) != json_real_value(j))
			abort();
		break;
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_NULL:
		if (n->kind != Y_SCALAR || n->quoted || strcmp(n->str,
		    json_is_true(j) ? "true" : json_is_false(j) ? "false" :
		    "null") != 0)
			abort();
		break;
	}
}

/* A refusal for a bound of the reader that jansson does not have. */
static int
bound_refusal(const struct error *err)
{
	return strstr(err->msg, "nesting deeper than") != NULL ||
	    strstr(err->msg, "values in the file") != NULL ||
	    strstr(err->msg, "is too large or too precise") != NULL;
}

/* ydoc_parse_json against jansson (the second property above). */
static void
against_jansson(const uint8_t *data, size_t size, int rc,
    const struct ydoc *doc, const struct error *err)
{
	json_error_t jerr;
	json_t *j;

	/* jansson takes a NUL byte for the end of the text ("4\0x" is 4);
	   no JSON text holds one, and the reader refuses it anywhere. */
	if (memchr(data, '\0', size) != NULL) {
		if (rc == 0)
			abort();
		return;
	}
	j = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &jerr);
	if (rc == 0) {
		if (j == NULL)
			abort();	/* accepted what jansson refuses */
		same_tree(doc->root, j);
	} else if (j != NULL && !bound_refusal(err))
		abort();		/* refused what jansson accepts */
	json_decref(j);
}

/* Reader and writer, round trip (the first property above). */
static void
round_trip(const struct ynode *root)
{
	struct out compact = write_tree(root, 0);
	struct out pretty = write_tree(root, JSON_PRETTY);
	json_t *a = jansson_parse(&compact), *b = jansson_parse(&pretty);
	struct ydoc again;
	struct error err;

	if (a == NULL || b == NULL || !json_equal(a, b))
		abort();
	if (ydoc_parse_json(&again, "again.json", compact.s, compact.len,
	    &err) != 0)
		abort();
	{
		struct out twice = write_tree(again.root, 0);

		if (twice.len != compact.len ||
		    memcmp(twice.s, compact.s, compact.len) != 0)
			abort();
		free(twice.s);
	}
	ydoc_release(&again);
	json_decref(a);
	json_decref(b);
	free(compact.s);
	free(pretty.s);
}

/* The bytes up to the first NUL as one string value. */
static void
string_trip(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);
	struct json_writer w;
	struct out o = { NULL, 0, 0 };
	json_t *got, *want;

	if (s == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	json_writer_init(&w, put_out, &o, 0);
	json_str(&w, s);
	if (json_writer_finish(&w) != 0)
		abort();
	got = jansson_parse(&o);
	if (got == NULL || !json_is_string(got))
		abort();
	want = json_stringn(s, n);	/* NULL: not valid UTF-8 */
	if (want != NULL && !json_equal(got, want))
		abort();
	json_decref(want);
	json_decref(got);
	free(o.s);
	free(s);
}

/* The bytes as writer calls (the third property above). */
static void
call_trip(const uint8_t *data, size_t size)
{
	struct json_writer w;
	struct out o = { NULL, 0, 0 };
	char key[4] = "k";
	size_t i;
	char *line, *nl;

	json_writer_init(&w, put_out, &o, size > 0 && data[0] & 1 ?
	    JSON_PRETTY : 0);
	for (i = 1; i < size; i++) {
		switch (data[i] % 12) {
		case 0: json_object_begin(&w); break;
		case 1: json_object_end(&w); break;
		case 2: json_array_begin(&w); break;
		case 3: json_array_end(&w); break;
		case 4:
			key[1] = (char)data[i];	/* any byte, even \n */
			key[2] = '\0';
			json_key(&w, key);
			break;
		case 5: json_str(&w, "a\"\\\n\x01\xe9\xff"); break;
		case 6: json_num(&w, (num_t)data[i] * 12345 - 1000000); break;
		case 7: json_cents(&w, -(num_t)data[i] * 99999); break;
		case 8: json_int(&w, (long long)data[i] << 40); break;
		case 9: json_bool(&w, data[i] & 16); break;
		case 10: json_null_value(&w); break;
		default: json_newline(&w); break;
		}
	}
	if (json_writer_finish(&w) == 0 && o.s != NULL) {
		/* Compact: one value per line. Pretty: values may span lines,
		   so the whole output is checked value by value. */
		if (w.flags & JSON_PRETTY) {
			json_error_t jerr;
			size_t off = 0;

			while (off < o.len) {
				json_t *v;

				while (off < o.len && o.s[off] == '\n')
					off++;
				if (off == o.len)
					break;
				v = json_loadb(o.s + off, o.len - off,
				    JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK,
				    &jerr);
				if (v == NULL)
					abort();
				off += jerr.position;
				json_decref(v);
			}
		} else {
			for (line = o.s; *line != '\0'; line = nl + 1) {
				json_error_t jerr;
				json_t *v;

				nl = strchr(line, '\n');
				if (nl == NULL)
					nl = line + strlen(line);
				if (nl > line) {
					v = json_loadb(line, (size_t)(nl -
					    line), JSON_DECODE_ANY, &jerr);
					if (v == NULL)
						abort();
					json_decref(v);
				}
				if (*nl == '\0')
					break;
			}
		}
	}
	free(o.s);
}

/*
 * The bytes as one line of JSON Lines: situation_read_line (which reads
 * most lines without a tree) must give what the tree gives, the same
 * answers or the same refusal at the same place.
 */
static void
same_as_tree(const struct rules *r, const struct territory *t,
    const uint8_t *data, size_t size)
{
	struct situation a, b;
	struct error ea, eb;
	struct ydoc doc;
	int ra, rb;

	situation_init(&a, r);
	situation_init(&b, r);
	situation_set_territory(&a, t);
	situation_set_territory(&b, t);
	memset(&ea, 0, sizeof ea);
	memset(&eb, 0, sizeof eb);
	ra = situation_read_line(&a, (const char *)data, size, "f.jsonl", 1,
	    &ea);
	rb = ydoc_parse_json(&doc, "f.jsonl", (const char *)data, size, &eb);
	if (rb == 0) {
		rb = situation_read(&b, doc.root, "f.jsonl", &eb);
		ydoc_release(&doc);
	}
	if (ra != rb || (ra == -1 && (strcmp(ea.msg, eb.msg) != 0 ||
	    ea.line != eb.line || ea.col != eb.col)) ||
	    (ra == 0 && situation_same(&a, &b) != -1))
		abort();
	situation_release(&a);
	situation_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rules *r;
	static struct territory *t;
	struct error err;
	struct ydoc doc;
	struct situation sit;
	int rc;

	if (r == NULL) {
		r = rules_load(getenv("AIG_FUZZ_RULES") ?
		    getenv("AIG_FUZZ_RULES") : "rules", 20000, &err);
		if (r == NULL)
			abort();
		t = territory_load(getenv("AIG_FUZZ_RULES") ?
		    getenv("AIG_FUZZ_RULES") : "rules", &err);
		if (t == NULL)
			abort();
	}
	string_trip(data, size);
	call_trip(data, size);
	rc = ydoc_parse_json(&doc, "fuzz.json", (const char *)data, size,
	    &err);
	against_jansson(data, size, rc, &doc, &err);
	if (rc == 0) {
		/* Every node has a position inside the text. */
		if (doc.root != NULL && (doc.root->line < 1 ||
		    doc.root->col < 1))
			abort();
		round_trip(doc.root);
		situation_init(&sit, r);
		situation_set_territory(&sit, t);
		(void)situation_read(&sit, doc.root, "fuzz.json", &err);
		situation_release(&sit);
		ydoc_release(&doc);
	} else if (err.line < 1 || err.col < 1) {
		abort();	/* every refusal says where */
	}
	same_as_tree(r, t, data, size);
	return 0;
}
