/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c - the JSON writer (json.h): escaping, nesting, numbers.
 */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/*
 * Length of the valid UTF-8 sequence at `p` (1 to 4), or 0 if it is not
 * one (a stray continuation byte, an overlong form, a surrogate, a code
 * point past U+10FFFF, a sequence cut short).
 */
static size_t
utf8_valid(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) ||
		    (p[0] == 0xed && p[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) ||
		    (p[0] == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/*
 * Bytes that go out as they are in a JSON string: printable ASCII but
 * '"' and '\\' (1); the rest stops a run (0): an escape, or UTF-8 to
 * check.
 */
static const unsigned char plain[256] = {
	['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/*
 * The escape of the byte at *p, or NULL when the bytes from *p are valid
 * UTF-8 that go out as they are: *p is then moved past them.
 */
static const char *
escape_at(const unsigned char **p, char u[8])
{
	switch (**p) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		if (**p >= 0x80) {
			size_t n = utf8_valid(*p);

			if (n > 0) {
				*p += n;
				return NULL;
			}
			/* Invalid UTF-8 would make invalid JSON. */
			return "\\ufffd";
		}
		if (**p >= 0x20) {	/* DEL */
			(*p)++;
			return NULL;
		}
		snprintf(u, 8, "\\u%04x", **p);
		return u;
	}
}

/* json_quote, inlined where `put` is known (the writer's buffer). */
static inline __attribute__((always_inline)) void
quote(const char *s, void (*put)(void *, const char *, size_t), void *ctx)
{
	const unsigned char *p, *q, *run;
	const char *esc;
	char u[8];

	if (s == NULL) {
		put(ctx, "null", 4);
		return;
	}
	put(ctx, "\"", 1);
	/* Runs of bytes that need no escape go out in one piece. */
	for (run = p = (const unsigned char *)s; *p != '\0'; ) {
		if (plain[*p]) {
			p++;
			continue;
		}
		q = p;
		if ((esc = escape_at(&q, u)) == NULL) {
			p = q;		/* valid UTF-8: part of the run */
			continue;
		}
		if (p > run)
			put(ctx, (const char *)run, (size_t)(p - run));
		put(ctx, esc, strlen(esc));
		run = ++p;
	}
	if (p > run)
		put(ctx, (const char *)run, (size_t)(p - run));
	put(ctx, "\"", 1);
}

void
json_quote(const char *s, void (*put)(void *, const char *, size_t),
    void *ctx)
{
	quote(s, put, ctx);
}

static void
put_file(void *f, const char *bytes, size_t n)
{
	fwrite(bytes, 1, n, f);
}

void
json_quote_file(FILE *f, const char *s)
{
	json_quote(s, put_file, f);
}

/* --- the writer ----------------------------------------------------------- */

void
json_writer_init(struct json_writer *w, void (*put)(void *, const char *,
    size_t), void *ctx, int flags)
{
	memset(w, 0, offsetof(struct json_writer, buf));
	w->put = put;
	w->ctx = ctx;
	w->flags = flags;
}

void
json_writer_file(struct json_writer *w, FILE *f, int flags)
{
	json_writer_init(w, put_file, f, flags);
}

static void
flush(struct json_writer *w)
{
	if (w->len > 0)
		w->put(w->ctx, w->buf, w->len);
	w->len = 0;
}

static inline void
emit(struct json_writer *w, const char *bytes, size_t n)
{
	if (w->len + n > sizeof w->buf) {
		flush(w);
		if (n > sizeof w->buf) {
			w->put(w->ctx, bytes, n);
			return;
		}
	}
	memcpy(w->buf + w->len, bytes, n);
	w->len += n;
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/*
 * True when the 8 bytes of `x` all go out as they are (plain[]): none
 * below 0x20 or from 0x80, none '"' or '\\' (the zero-byte tests of "Bit
 * Twiddling Hacks", exact as a whole).
 */
static inline int
word_plain(uint64_t x)
{
	uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');

	return ((((x - ONES * 0x20) & ~x) | x | ((q - ONES) & ~q) |
	    ((b - ONES) & ~b)) & HIGHS) == 0;
}

/*
 * json_quote into the writer's buffer: the bytes that need no escape are
 * scanned 8 at a time and copied in runs (no call per run).
 */
static void
quote_w(struct json_writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	const char *esc;
	size_t len, n, k;
	uint64_t x;
	char u[8];

	if (s == NULL) {
		emit(w, "null", 4);
		return;
	}
	emit(w, "\"", 1);
	/* Most strings are short ids and values: byte by byte first. */
	if (sizeof w->buf - w->len >= 32) {
		char *out = w->buf + w->len;

		for (k = 0; k < 30 && plain[p[k]]; k++)	/* plain[0] is 0 */
			out[k] = (char)p[k];
		w->len += k;
		p += k;
		if (*p == '\0') {
			emit(w, "\"", 1);
			return;
		}
	}
	len = strlen((const char *)p);
	while (len > 0) {
		if (w->len == sizeof w->buf)
			flush(w);
		n = sizeof w->buf - w->len;
		if (n > len)
			n = len;
		for (k = 0; k + 8 <= n; k += 8) {
			memcpy(&x, p + k, 8);
			if (!word_plain(x))
				break;
		}
		while (k < n && plain[p[k]])
			k++;
		memcpy(w->buf + w->len, p, k);
		w->len += k;
		p += k;
		len -= k;
		if (k == n)
			continue;	/* the buffer is full, or the end */
		q = p;
		if ((esc = escape_at(&q, u)) == NULL) {
			emit(w, (const char *)p, (size_t)(q - p));
			len -= (size_t)(q - p);	/* valid UTF-8, as it is */
			p = q;
			continue;
		}
		emit(w, esc, strlen(esc));
		p++;
		len--;
	}
	emit(w, "\"", 1);
}

/*
 * The fast path of the compact writer: `s` quoted at `o` when each of its
 * bytes goes out as it is (plain[]) and it has at most QUICK_MAX of them;
 * returns the end, or NULL (nothing is committed: the caller then takes
 * the general path). Ids, keys and values of the reports are nearly all
 * such strings.
 */
#define QUICK_MAX	60
#define QUICK_ROOM	(2 + 1 + QUICK_MAX + 1 + 2)	/* ", " "..." ": " */

static inline char *
quick_quoted(char *o, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k;

	*o++ = '"';
	/* Four bytes a round; plain[0] is 0, so the end stops it. */
	for (k = 0; k < QUICK_MAX; k += 4) {
		if (!plain[s[k]])
			break;
		o[k] = (char)s[k];
		if (!plain[s[k + 1]]) {
			k += 1;
			break;
		}
		o[k + 1] = (char)s[k + 1];
		if (!plain[s[k + 2]]) {
			k += 2;
			break;
		}
		o[k + 2] = (char)s[k + 2];
		if (!plain[s[k + 3]]) {
			k += 3;
			break;
		}
		o[k + 3] = (char)s[k + 3];
	}
	if (k >= QUICK_MAX || s[k] != '\0')
		return NULL;
	o[k] = '"';
	return o + k + 1;
}

/* Whether the fast path may write the next item of the compact writer. */
static inline int
quick_ok(const struct json_writer *w, size_t room)
{
	return !w->error && w->depth > 0 && !(w->flags & JSON_PRETTY) &&
	    sizeof w->buf - w->len >= room;
}

/* A newline and the indentation of `depth` (pretty). */
static void
indent(struct json_writer *w, int depth)
{
	static const char spaces[] = "\n                                "
	    "                                ";
	size_t n = 1 + 2 * (size_t)depth;

	emit(w, spaces, n < sizeof spaces - 1 ? n : sizeof spaces - 1);
}

/* Before an item of an array or a member of an object: the separator. */
static void
separate(struct json_writer *w)
{
	if (w->items[w->depth - 1]++ > 0)
		emit(w, w->flags & JSON_PRETTY ? "," : ", ", w->flags &
		    JSON_PRETTY ? 1 : 2);
	if (w->flags & JSON_PRETTY)
		indent(w, w->depth);
}

/* Whether a value may come now; writes what goes before it. */
static int
value_ok(struct json_writer *w)
{
	if (w->error)
		return 0;
	if (w->depth == 0) {
		if (w->top_done)	/* two values without a newline */
			w->error = 1;
	} else if (w->open[w->depth - 1] == '{') {
		if (!w->after_key)	/* a member without its key */
			w->error = 1;
		w->after_key = 0;
	} else {
		separate(w);
	}
	return !w->error;
}

/* After a scalar value: one at the top level is a whole text. */
static void
value_done(struct json_writer *w)
{
	if (w->depth == 0)
		w->top_done = 1;
}

/* begin and end are inlined in the four calls that use them: a compact
   line opens and closes some 180 containers. */
static inline __attribute__((always_inline)) void
begin(struct json_writer *w, char c)
{
	/* The compact writer's fast path: a container as a member's value
	   or an item of an array. */
	if (quick_ok(w, 4) && w->depth < JSON_MAX_DEPTH) {
		char *o = w->buf + w->len;
		int d = w->depth - 1;

		if (w->open[d] == '{' && w->after_key) {
			w->after_key = 0;
			*o++ = c;
		} else if (w->open[d] == '[') {
			if (w->items[d]++ > 0) {
				*o++ = ',';
				*o++ = ' ';
			}
			*o++ = c;
		} else
			goto slow;
		w->len = (size_t)(o - w->buf);
		w->open[w->depth] = c;
		w->items[w->depth] = 0;
		w->depth++;
		return;
	}
slow:
	if (!value_ok(w))
		return;
	if (w->depth == JSON_MAX_DEPTH) {
		w->error = 1;
		return;
	}
	emit(w, &c, 1);
	w->open[w->depth] = c;
	w->items[w->depth] = 0;
	w->depth++;
}

static inline __attribute__((always_inline)) void
end(struct json_writer *w, char open, char close)
{
	if (quick_ok(w, 1) && w->depth > 1 && w->open[w->depth - 1] == open &&
	    !w->after_key) {
		w->buf[w->len++] = close;
		w->depth--;
		return;
	}
	if (w->error)
		return;
	if (w->depth == 0 || w->open[w->depth - 1] != open || w->after_key) {
		w->error = 1;
		return;
	}
	if ((w->flags & JSON_PRETTY) && w->items[w->depth - 1] > 0)
		indent(w, w->depth - 1);
	emit(w, &close, 1);
	w->depth--;
	value_done(w);
}

void
json_object_begin(struct json_writer *w)
{
	begin(w, '{');
}

void
json_object_end(struct json_writer *w)
{
	end(w, '{', '}');
}

void
json_array_begin(struct json_writer *w)
{
	begin(w, '[');
}

void
json_array_end(struct json_writer *w)
{
	end(w, '[', ']');
}

/* json_key when the fast path can: 1 if done. */
static inline int
quick_key(struct json_writer *w, const char *key)
{
	char *o = w->buf + w->len;

	if (!quick_ok(w, QUICK_ROOM) || key == NULL ||
	    w->open[w->depth - 1] != '{' || w->after_key)
		return 0;
	if (w->items[w->depth - 1] > 0) {
		o[0] = ',';
		o[1] = ' ';
		o += 2;
	}
	if ((o = quick_quoted(o, key)) == NULL)
		return 0;
	o[0] = ':';
	o[1] = ' ';
	w->len = (size_t)(o + 2 - w->buf);
	w->items[w->depth - 1]++;
	w->after_key = 1;
	return 1;
}

/* json_str when the fast path can: 1 if done. */
static inline int
quick_str(struct json_writer *w, const char *s)
{
	char *o = w->buf + w->len;
	int in_array;

	if (!quick_ok(w, QUICK_ROOM) || s == NULL)
		return 0;
	in_array = w->open[w->depth - 1] == '[';
	if (!in_array && !w->after_key)
		return 0;
	if (in_array && w->items[w->depth - 1] > 0) {
		o[0] = ',';
		o[1] = ' ';
		o += 2;
	}
	if ((o = quick_quoted(o, s)) == NULL)
		return 0;
	w->len = (size_t)(o - w->buf);
	if (in_array)
		w->items[w->depth - 1]++;
	else
		w->after_key = 0;
	return 1;
}

void
json_key(struct json_writer *w, const char *key)
{
	if (quick_key(w, key))
		return;
	if (w->error)
		return;
	if (w->depth == 0 || w->open[w->depth - 1] != '{' || w->after_key ||
	    key == NULL) {
		w->error = 1;
		return;
	}
	separate(w);
	quote_w(w, key);
	emit(w, ": ", 2);
	w->after_key = 1;
}

void
json_str(struct json_writer *w, const char *s)
{
	if (quick_str(w, s))
		return;
	if (!value_ok(w))
		return;
	quote_w(w, s);
	value_done(w);
}

void
json_member_str(struct json_writer *w, const char *key, const char *s)
{
	if (!quick_key(w, key))
		json_key(w, key);
	json_str(w, s);
}

/* --- atoms --------------------------------------------------------------- */

static void
put_strbuf(void *sb, const char *bytes, size_t n)
{
	strbuf_addn(sb, bytes, n);
}

/* An atom of `key` (NULL: none) and `s`, each quoted. */
static void
atom_make(struct json_atom *a, const char *key, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	static const char pad[JSON_ATOM_PAD];

	if (key != NULL) {
		json_quote(key, put_strbuf, &sb);
		strbuf_addn(&sb, ": ", 2);
	}
	json_quote(s, put_strbuf, &sb);
	a->n = sb.len;
	a->null = key == NULL && s == NULL;
	a->member = key != NULL;
	strbuf_addn(&sb, pad, sizeof pad);
	a->q = strbuf_detach(&sb);
}

void
json_atom_init(struct json_atom *a, const char *s)
{
	atom_make(a, NULL, s);
}

void
json_atom_init_member(struct json_atom *a, const char *key, const char *s)
{
	atom_make(a, key, s);
}

void
json_atom_release(struct json_atom *a)
{
	free(a->q);
	a->q = NULL;
	a->n = 0;
}

/* An atom's bytes at `o`, which has room for JSON_ATOM_PAD bytes or the
   atom: short ones as a copy of fixed size (no call). */
static inline char *
atom_put(char *o, const struct json_atom *a)
{
	if (a->n <= JSON_ATOM_PAD)
		memcpy(o, a->q, JSON_ATOM_PAD);
	else
		memcpy(o, a->q, a->n);
	return o + a->n;
}

/* Room for an atom and four bytes around it. */
#define ATOM_ROOM(a)	((a)->n + JSON_ATOM_PAD + 4)

/*
 * A key atom (then `after_key` is set) or a member atom (`after_key`
 * stays clear): both go where a key may.
 */
static inline void
keyed_atom(struct json_writer *w, const struct json_atom *k, int after_key)
{
	char *o;
	int d;

	if (quick_ok(w, ATOM_ROOM(k)) && !k->null &&
	    w->open[(d = w->depth - 1)] == '{' && !w->after_key) {
		o = w->buf + w->len;
		if (w->items[d]++ > 0) {
			o[0] = ',';
			o[1] = ' ';
			o += 2;
		}
		o = atom_put(o, k);
		if (after_key) {
			o[0] = ':';
			o[1] = ' ';
			o += 2;
		}
		w->len = (size_t)(o - w->buf);
		w->after_key = after_key;
		return;
	}
	if (w->error)
		return;
	if (w->depth == 0 || w->open[w->depth - 1] != '{' || w->after_key ||
	    k->null) {
		w->error = 1;
		return;
	}
	separate(w);
	emit(w, k->q, k->n);
	if (after_key)
		emit(w, ": ", 2);
	w->after_key = after_key;
}

void
json_key_atom(struct json_writer *w, const struct json_atom *k)
{
	if (k->member)
		w->error = 1;
	keyed_atom(w, k, 1);
}

void
json_member_atom(struct json_writer *w, const struct json_atom *m)
{
	if (!m->member)
		w->error = 1;
	keyed_atom(w, m, 0);
}

void
json_str_atom(struct json_writer *w, const struct json_atom *s)
{
	char *o;
	int d;

	if (s->member)
		w->error = 1;
	if (quick_ok(w, ATOM_ROOM(s))) {
		d = w->depth - 1;
		o = w->buf + w->len;
		if (w->open[d] == '{' && w->after_key) {
			w->after_key = 0;
			w->len = (size_t)(atom_put(o, s) - w->buf);
			return;
		}
		if (w->open[d] == '[') {
			if (w->items[d]++ > 0) {
				o[0] = ',';
				o[1] = ' ';
				o += 2;
			}
			w->len = (size_t)(atom_put(o, s) - w->buf);
			return;
		}
	}
	if (!value_ok(w))
		return;
	emit(w, s->q, s->n);
	value_done(w);
}

void
json_member_int(struct json_writer *w, const char *key, long long n)
{
	json_key(w, key);
	json_int(w, n);
}

static void
raw_value(struct json_writer *w, const char *text)
{
	if (!value_ok(w))
		return;
	emit(w, text, strlen(text));
	value_done(w);
}

void
json_num(struct json_writer *w, num_t n)
{
	char buf[40];

	raw_value(w, num_format(n, buf));
}

void
json_cents(struct json_writer *w, num_t n)
{
	char buf[40];

	raw_value(w, num_format_cents(n, buf));
}

void
json_int(struct json_writer *w, long long n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", n);
	raw_value(w, buf);
}

void
json_bool(struct json_writer *w, int b)
{
	raw_value(w, b ? "true" : "false");
}

void
json_null_value(struct json_writer *w)
{
	raw_value(w, "null");
}

void
json_newline(struct json_writer *w)
{
	if (w->error)
		return;
	if (w->depth != 0 || w->after_key) {
		w->error = 1;
		return;
	}
	emit(w, "\n", 1);
	w->top_done = 0;
}

int
json_writer_finish(struct json_writer *w)
{
	flush(w);
	return w->error || w->depth != 0 || w->after_key ? -1 : 0;
}

/* --- trees ---------------------------------------------------------------- */

void
json_ynode_value(struct json_writer *w, const struct ynode *n,
    const char *skip)
{
	num_t v;
	char num[40];
	int i;

	if (n == NULL || ynode_is_null(n)) {
		json_null_value(w);
		return;
	}
	switch (n->kind) {
	case Y_SCALAR:
		if (!n->quoted && (strcmp(n->str, "true") == 0 ||
		    strcmp(n->str, "false") == 0))
			json_bool(w, n->str[0] == 't');
		else if (!n->quoted && num_parse(n->str, 0, &v) == 0)
			raw_value(w, num_format(v, num));
		else
			json_str(w, n->str);
		break;
	case Y_SEQ:
		json_array_begin(w);
		for (i = 0; i < n->n; i++)
			json_ynode_value(w, n->items[i], skip);
		json_array_end(w);
		break;
	case Y_MAP:
		json_object_begin(w);
		for (i = 0; i < n->n; i++) {
			if (skip != NULL &&
			    strncmp(n->keys[i], skip, strlen(skip)) == 0)
				continue;
			json_key(w, n->keys[i]);
			json_ynode_value(w, n->items[i], skip);
		}
		json_object_end(w);
		break;
	}
}

void
json_ynode(const struct ynode *n, const char *skip,
    void (*put)(void *, const char *, size_t), void *ctx)
{
	struct json_writer w;

	json_writer_init(&w, put, ctx, 0);
	json_ynode_value(&w, n, skip);
	(void)json_writer_finish(&w);
}

void
json_node(FILE *f, const struct ynode *n)
{
	json_ynode(n, NULL, put_file, f);
}
