/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ydoc.c - libyaml events to a positioned tree; JSON read into the same
 * tree by a strict reader of its own.
 */
#include "ydoc.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ctype.h>
#include <yaml.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "hash.h"
#include "i18n.h"

#define YDOC_MAX_DEPTH	64
/* Bounds memory: a 4 MiB file of "- a" lines would make a million nodes. */
#define YDOC_MAX_NODES	200000

struct builder {
	struct ydoc	*doc;
	yaml_parser_t	 parser;
	struct error	*err;
	int		 depth;
	long		 nodes;
};

/*
 * The keys of one mapping, hashed so that finding a duplicate stays
 * linear in the size of the mapping (a 100k-key mapping was quadratic).
 * Open addressing over indices into the node's keys; kept in the arena.
 */
struct keyset {
	int	*slot;		/* index + 1, 0 = empty */
	size_t	 cap;		/* power of two */
};

/* Returns the index of an equal key already in `n`, or -1 after adding. */
static int
keyset_add(struct builder *b, struct keyset *ks, const struct ynode *n,
    const char *key)
{
	size_t i, mask;
	int k;

	if ((size_t)n->n * 2 >= ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 2 : 16;

		ks->slot = arena_alloc(&b->doc->arena, sizeof(int) * ncap);
		memset(ks->slot, 0, sizeof(int) * ncap);
		ks->cap = ncap;
		for (k = 0; k < n->n; k++) {
			i = hash_str(n->keys[k]) & (ncap - 1);
			while (ks->slot[i] != 0)
				i = (i + 1) & (ncap - 1);
			ks->slot[i] = k + 1;
		}
	}
	mask = ks->cap - 1;
	for (i = hash_str(key) & mask; ks->slot[i] != 0; i = (i + 1) & mask)
		if (strcmp(n->keys[ks->slot[i] - 1], key) == 0)
			return ks->slot[i] - 1;
	ks->slot[i] = n->n + 1;	/* the key about to be appended */
	return -1;
}

static int
parse_node(struct builder *b, yaml_event_t *ev, struct ynode **out);

static struct ynode *
node_new(struct builder *b, enum ynode_kind kind, const yaml_event_t *ev)
{
	struct ynode *n = arena_alloc(&b->doc->arena, sizeof *n);

	b->nodes++;
	n->kind = kind;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	return n;
}

/*
 * What libyaml says of a syntax error (its `problem` and `context`, in
 * English), as the interface's catalogue translates it: the messages of
 * its scanner and parser that a file written by hand can meet. Any other
 * stays as libyaml wrote it.
 */
static const char *const yaml_messages[] = {
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected <document start>"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected alphabetic or numeric character"),
	N_("did not find expected comment or line break"),
	N_("could not find expected ':'"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("found character that cannot start any token"),
	N_("found unexpected ':'"),
	N_("found unexpected end of stream"),
	N_("found unexpected document indicator"),
	N_("found unknown escape character"),
	N_("found undefined alias"),
	N_("found duplicate anchor; first occurrence"),
	N_("block sequence entries are not allowed in this context"),
	N_("mapping keys are not allowed in this context"),
	N_("mapping values are not allowed in this context"),
	N_("control characters are not allowed"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid trailing UTF-8 octet"),
	N_("invalid length of a UTF-8 sequence"),
	N_("invalid Unicode character"),
	N_("incomplete UTF-8 octet sequence"),
	N_("input is too long"),
	N_("while parsing a block collection"),
	N_("while parsing a block mapping"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow node"),
	N_("while parsing a flow sequence"),
	N_("while parsing a node"),
	N_("while scanning a block scalar"),
	N_("while scanning a plain scalar"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a simple key"),
	N_("while scanning an alias"),
	N_("while scanning an anchor"),
};

/* `m` (libyaml's) in the interface's language when it is one of those. */
static const char *
yaml_message(const char *m)
{
	size_t i;

	for (i = 0; i < sizeof yaml_messages / sizeof *yaml_messages; i++)
		if (strcmp(m, yaml_messages[i]) == 0)
			return _(yaml_messages[i]);
	return m;
}

static int
next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		const yaml_parser_t *p = &b->parser;

		return error_set(b->err, b->doc->file,
		    (int)p->problem_mark.line + 1,
		    (int)p->problem_mark.column + 1, _("invalid YAML: %s%s%s"),
		    p->problem ? yaml_message(p->problem) : _("syntax error"),
		    p->context ? " " : "",
		    p->context ? yaml_message(p->context) : "");
	}
	return 0;
}

/* Append to a growable array kept in the arena (doubling). */
static void
grow(struct builder *b, struct ynode *n, int *cap, int is_map)
{
	int ncap;
	void *p;

	if (n->n < *cap)
		return;
	ncap = *cap ? *cap * 2 : 4;
	p = arena_alloc(&b->doc->arena, sizeof(struct ynode *) * (size_t)ncap);
	if (n->n)
		memcpy(p, n->items, sizeof(struct ynode *) * (size_t)n->n);
	n->items = p;
	if (is_map) {
		p = arena_alloc(&b->doc->arena, sizeof(char *) * (size_t)ncap);
		if (n->n)
			memcpy(p, n->keys, sizeof(char *) * (size_t)n->n);
		n->keys = p;
		p = arena_alloc(&b->doc->arena,
		    sizeof(struct ynode *) * (size_t)ncap);
		if (n->n)
			memcpy(p, n->kpos, sizeof(struct ynode *) * (size_t)n->n);
		n->kpos = p;
	}
	*cap = ncap;
}

static int
parse_collection(struct builder *b, yaml_event_t *start, struct ynode **out)
{
	int is_map = start->type == YAML_MAPPING_START_EVENT;
	yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT :
	    YAML_SEQUENCE_END_EVENT;
	struct ynode *n = node_new(b, is_map ? Y_MAP : Y_SEQ, start);
	int cap = 0;
	struct keyset ks = { NULL, 0 };
	yaml_event_t ev;

	if (++b->depth > YDOC_MAX_DEPTH)
		return error_set(b->err, b->doc->file, n->line, n->col,
		    _("nesting deeper than %d levels"), YDOC_MAX_DEPTH);
	if (b->nodes > YDOC_MAX_NODES)
		return error_set(b->err, b->doc->file, n->line, n->col,
		    _("more than %d values in the file"), YDOC_MAX_NODES);
	for (;;) {
		struct ynode *key = NULL, *val;

		if (next_event(b, &ev) == -1)
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		if (is_map) {
			if (parse_node(b, &ev, &key) == -1)
				return -1;
			if (key->kind != Y_SCALAR)
				return error_set(b->err, b->doc->file,
				    key->line, key->col,
				    _("a mapping key must be a plain value"));
			if (keyset_add(b, &ks, n, key->str) != -1)
				return error_set(b->err, b->doc->file,
				    key->line, key->col,
				    _("duplicate key \"%s\""), key->str);
			if (next_event(b, &ev) == -1)
				return -1;
		}
		if (parse_node(b, &ev, &val) == -1)
			return -1;
		grow(b, n, &cap, is_map);
		if (is_map) {
			n->keys[n->n] = key->str;
			n->kpos[n->n] = key;
		}
		n->items[n->n++] = val;
	}
	b->depth--;
	*out = n;
	return 0;
}

/* Consumes `ev`. */
static int
parse_node(struct builder *b, yaml_event_t *ev, struct ynode **out)
{
	struct ynode *n;
	int rc = 0;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (b->nodes > YDOC_MAX_NODES) {
			rc = error_set(b->err, b->doc->file,
			    (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    _("more than %d values in the file"),
			    YDOC_MAX_NODES);
			break;
		}
		if (ev->data.scalar.anchor != NULL ||
		    (ev->data.scalar.tag != NULL &&
		    ev->data.scalar.plain_implicit == 0 &&
		    ev->data.scalar.quoted_implicit == 0)) {
			rc = error_set(b->err, b->doc->file,
			    (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    _("anchors and tags are not allowed"));
			break;
		}
		n = node_new(b, Y_SCALAR, ev);
		n->str = arena_strndup(&b->doc->arena,
		    (const char *)ev->data.scalar.value, ev->data.scalar.length);
		if (strlen(n->str) != ev->data.scalar.length) {
			rc = error_set(b->err, b->doc->file, n->line, n->col,
			    _("NUL byte in a value"));
			break;
		}
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		*out = n;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if ((ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor :
		    ev->data.mapping_start.anchor) != NULL) {
			rc = error_set(b->err, b->doc->file,
			    (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    _("anchors and tags are not allowed"));
			break;
		}
		rc = parse_collection(b, ev, out);
		break;
	case YAML_ALIAS_EVENT:
		rc = error_set(b->err, b->doc->file,
		    (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1,
		    _("aliases are not allowed"));
		break;
	default:
		rc = error_set(b->err, b->doc->file,
		    (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, _("unexpected YAML event"));
		break;
	}
	yaml_event_delete(ev);
	return rc;
}

int
ydoc_parse(struct ydoc *doc, const char *file, const char *buf, size_t len,
    struct error *err)
{
	struct builder b;
	yaml_event_t ev;
	int rc = -1, done = 0;

	memset(doc, 0, sizeof *doc);
	arena_init(&doc->arena);
	doc->file = arena_strdup(&doc->arena, file);
	memset(&b, 0, sizeof b);
	b.doc = doc;
	b.err = err;
	if (!yaml_parser_initialize(&b.parser)) {
		error_set(err, file, 0, 0,
		    _("cannot initialise the YAML parser"));
		goto out;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)buf,
	    len);
	while (!done) {
		if (next_event(&b, &ev) == -1)
			goto out;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			yaml_event_delete(&ev);
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_ALIAS_EVENT:
			if (doc->root != NULL) {
				error_set(err, doc->file,
				    (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1,
				    _("more than one document in the file"));
				yaml_event_delete(&ev);
				goto out;
			}
			if (parse_node(&b, &ev, &doc->root) == -1)
				goto out;
			break;
		default:
			yaml_event_delete(&ev);
			break;
		}
	}
	rc = 0;
out:
	yaml_parser_delete(&b.parser);
	if (rc == -1) {
		/* The error's file must outlive the arena. */
		if (err != NULL)
			err->file = file;
		ydoc_release(doc);
	}
	return rc;
}

/*
 * A JSON number's text as a plain decimal ("3e1" -> "30", "-1.50E-1" ->
 * "-0.15"), the form num_parse() reads. NULL if it would take more than
 * 60 characters (1e400, 1e-400): no exact decimal of the engine is that
 * long.
 */
static const char *
json_decimal(struct arena *a, const char *s, size_t n)
{
	char digits[64], out[64];
	size_t nd = 0, i, o = 0;
	const char *p = s, *end = s + n;
	long exp = 0, e = 0;
	int neg = 0, eneg = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	for (; p < end && isdigit((unsigned char)*p); p++)
		if (nd > 0 || *p != '0') {
			if (nd >= sizeof digits - 1)
				return NULL;
			digits[nd++] = *p;
		}
	if (p < end && *p == '.')
		for (p++; p < end && isdigit((unsigned char)*p); p++) {
			if (nd > 0 || *p != '0') {
				if (nd >= sizeof digits - 1)
					return NULL;
				digits[nd++] = *p;
			}
			exp--;
		}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end && isdigit((unsigned char)*p); p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		exp += eneg ? -e : e;
	}
	/* Trailing zeros of the digits move into the exponent. */
	while (nd > 0 && digits[nd - 1] == '0' && exp < 0) {
		nd--;
		exp++;
	}
	if (nd == 0)
		return "0";
	if (exp > 40 || exp < -40 || nd + (exp > 0 ? (size_t)exp : 0) +
	    (exp < 0 ? (size_t)-exp : 0) + 3 > sizeof out)
		return NULL;
	if (neg)
		out[o++] = '-';
	if (exp >= 0) {
		memcpy(out + o, digits, nd);
		o += nd;
		for (e = 0; e < exp; e++)
			out[o++] = '0';
	} else if ((long)nd > -exp) {
		i = nd - (size_t)-exp;
		memcpy(out + o, digits, i);
		o += i;
		out[o++] = '.';
		memcpy(out + o, digits + i, nd - i);
		o += nd - i;
	} else {
		out[o++] = '0';
		out[o++] = '.';
		for (e = 0; e < -exp - (long)nd; e++)
			out[o++] = '0';
		memcpy(out + o, digits, nd);
		o += nd;
	}
	return arena_strndup(a, out, o);
}

/* ---- JSON ------------------------------------------------------------ */

/*
 * JSON (RFC 8259) is read here in one pass, straight into the tree: no
 * library, no second walk. Strict: the grammar of the RFC and nothing
 * more (no comments, no trailing commas, no byte order mark, no NaN),
 * UTF-8 checked (no overlong forms, no surrogates, nothing above
 * U+10FFFF), escapes decoded (surrogate pairs joined, a lone half
 * refused), NUL refused in any form, duplicate keys refused. Each node
 * gets its line and column (in characters, 1-based); each number its
 * exact text, turned into a plain decimal (json_decimal). The number of
 * values (counted as JSON's commas and opening brackets, an upper bound)
 * and the nesting are bounded as for YAML. Errors name the place where
 * the fault starts (the offending token, character or escape).
 */
struct jreader {
	struct ydoc	*doc;
	struct error	*err;
	const char	*buf, *p, *end;
	const char	*line_start;
	int		 line;
	/* Continuation bytes of UTF-8 between line_start and p: only
	   strings hold any, and a string never spans lines, so the column
	   of p is (p - line_start) - cont + 1. */
	size_t		 cont;
	long		 values;
	int		 depth;
	/* Items and keys of the containers being read, innermost last:
	   copied to the arena at the size they end with. */
	struct ynode	**stack;
	size_t		 top, cap;
};

/* Column of `p` in characters, 1-based. */
static int
jcol(const char *line_start, const char *p)
{
	int col = 1;

	for (; line_start < p; line_start++)
		if (((unsigned char)*line_start & 0xc0) != 0x80)
			col++;
	return col;
}

/* Column of the reader's position (not inside a string). */
static int
jr_col(const struct jreader *r, const char *p)
{
	return (int)(p - r->line_start - (ptrdiff_t)r->cont) + 1;
}

/* Length of the valid UTF-8 sequence at `p` (before `end`), 0 if none. */
static size_t
jr_utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];

	if (c >= 0xc2 && c <= 0xdf)
		return end - p >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (end - p < 3 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && p[1] < 0xa0) ||	/* overlong */
		    (c == 0xed && p[1] >= 0xa0))	/* surrogate */
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (end - p < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && p[1] < 0x90) ||	/* overlong */
		    (c == 0xf4 && p[1] >= 0x90))	/* above U+10FFFF */
			return 0;
		return 4;
	}
	return 0;
}

/*
 * The text at `p` for a message, in `out` (printable, valid UTF-8): a
 * string literal up to its closing quote, a run of letters, digits and
 * number characters, or one character; at most about 30 bytes.
 */
static const char *
jr_near(const struct jreader *r, const char *p, char *out, size_t size)
{
	const char *q = p, *end = r->end;
	size_t n;

	if (p >= end)
		return _("end of file");
	if (*q == '"') {
		for (q++; q < end && *q != '"' && (unsigned char)*q >= 0x20;
		    q++)
			if (*q == '\\' && q + 1 < end)
				q++;
		if (q < end && *q == '"')
			q++;
	} else if (isalnum((unsigned char)*q) || *q == '-' || *q == '+' ||
	    *q == '.')
		while (q < end && (isalnum((unsigned char)*q) || *q == '-' ||
		    *q == '+' || *q == '.'))
			q++;
	else if ((unsigned char)*q >= 0x80 || (unsigned char)*q < 0x20 ||
	    *q == 0x7f) {
		snprintf(out, size, _("byte 0x%02x"), (unsigned char)*q);
		return out;
	} else
		q++;
	n = (size_t)(q - p);
	if (n > 30) {
		n = 30;
		while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--;
	}
	/* Up to the first control byte or invalid UTF-8: the message
	   must print as it is. */
	for (q = p; q < p + n;) {
		size_t l;

		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			break;
		if ((unsigned char)*q < 0x80) {
			q++;
			continue;
		}
		if ((l = jr_utf8((const unsigned char *)q,
		    (const unsigned char *)p + n)) == 0)
			break;
		q += l;
	}
	n = (size_t)(q - p);
	snprintf(out, size, "'%.*s'", (int)n, p);
	return out;
}

/* "invalid JSON: WHAT near TEXT" at `p` (not inside a string). */
static int
jr_fail_near(struct jreader *r, const char *p, const char *what)
{
	char near[48];

	return error_set(r->err, r->doc->file, r->line, jr_col(r, p),
	    _("invalid JSON: %s near %s"), what, jr_near(r, p, near,
	    sizeof near));
}

/* "invalid JSON: ..." at `p`, anywhere on the current line. */
static int
jr_fail(struct jreader *r, const char *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
jr_fail(struct jreader *r, const char *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error_set(r->err, r->doc->file, r->line,
	    jcol(r->line_start, p), _("invalid JSON: %s"), msg);
}

static void
jr_skip_ws(struct jreader *r)
{
	const char *p = r->p, *end = r->end;

	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		else if (*p == '\n') {
			r->line++;
			r->line_start = ++p;
			r->cont = 0;
		} else
			break;
	}
	r->p = p;
}

/* jr_skip_ws, inlined for the common cases: no space, or one. */
static inline void
jr_ws(struct jreader *r)
{
	const char *p = r->p;

	if (p < r->end && *p == ' ')
		p++;
	r->p = p;
	if (p < r->end && (unsigned char)*p > ' ')
		return;
	jr_skip_ws(r);
}

static void
jr_push(struct jreader *r, struct ynode *n)
{
	if (r->top == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->stack = xrealloc(r->stack, sizeof *r->stack * r->cap);
	}
	r->stack[r->top++] = n;
}

static struct ynode *
jr_node(struct jreader *r, enum ynode_kind kind, const char *p)
{
	struct ynode *n = arena_alloc(&r->doc->arena, sizeof *n);

	n->kind = kind;
	n->line = r->line;
	n->col = jr_col(r, p);
	return n;
}

/* The value of the 4 hex digits at `p`, or -1. */
static long
jr_hex4(const char *p)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int c = (unsigned char)p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static char *
jr_put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80)
		*o++ = (char)cp;
	else if (cp < 0x800) {
		*o++ = (char)(0xc0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/*
 * The plain ASCII bytes of a string from `p` (before `end`): from 0x20 to
 * 0x7F, but '"' and '\\'. With SSE2 (every x86-64 processor), 16 at a
 * time while 16 remain; the rest one by one.
 */
const unsigned char *
json_plain(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
	    bslash = _mm_set1_epi8('\\');

	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)p);
		/* signed: bytes from 0x80 are negative, below 0x20 */
		__m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, space),
		    _mm_or_si128(_mm_cmpeq_epi8(x, quote),
		    _mm_cmpeq_epi8(x, bslash)));
		int m = _mm_movemask_epi8(bad);

		if (m != 0)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}

/*
 * The string literal at r->p (on its opening quote), decoded into the
 * arena; r->p moves past it. A first pass checks it and finds its end,
 * the second copies it (in one piece when it has no escape).
 */
static int
jr_string(struct jreader *r, const char **out)
{
	const unsigned char *s = (const unsigned char *)r->p + 1, *p = s,
	    *end = (const unsigned char *)r->end;
	size_t cont = 0, len;
	int escapes = 0;
	char *o, *str;

	for (;;) {
		p = json_plain(p, end);	/* the common case */
		if (p >= end)
			return jr_fail(r, (const char *)p,
			    _("end of file in a string"));
		if (*p == '"')
			break;
		if (*p == '\\') {
			long u, lo;

			escapes = 1;
			if (end - p < 2)
				return jr_fail(r, (const char *)p,
				    _("end of file in a string"));
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				p += 2;
				continue;
			case 'u':
				break;
			default:
				return jr_fail(r, (const char *)p,
				    _("invalid escape '\\%.*s'"),
				    p[1] >= 0x20 && p[1] < 0x7f ? 1 : 0,
				    (const char *)p + 1);
			}
			if (end - p < 6 || (u = jr_hex4((const char *)p + 2))
			    == -1)
				return jr_fail(r, (const char *)p,
				    _("invalid escape: \\u needs 4 hexadecimal "
				    "digits"));
			if (u == 0)
				return jr_fail(r, (const char *)p,
				    _("\\u0000 (NUL) is not allowed"));
			if (u >= 0xdc00 && u <= 0xdfff)
				return jr_fail(r, (const char *)p,
				    _("invalid Unicode '\\u%04lX': a low "
				    "surrogate without a high one"), u);
			if (u >= 0xd800 && u <= 0xdbff) {
				if (end - p < 12 || p[6] != '\\' ||
				    p[7] != 'u' || (lo = jr_hex4(
				    (const char *)p + 8)) < 0xdc00 ||
				    lo > 0xdfff)
					return jr_fail(r, (const char *)p,
					    _("invalid Unicode '\\u%04lX': a "
					    "high surrogate without a low "
					    "one"), u);
				p += 12;
			} else
				p += 6;
			continue;
		}
		if (*p < 0x20)
			return jr_fail(r, (const char *)p,
			    _("control character 0x%02x in a string"), *p);
		if ((len = jr_utf8(p, end)) == 0)
			return jr_fail(r, (const char *)p,
			    _("invalid UTF-8 (byte 0x%02x)"), *p);
		cont += len - 1;
		p += len;
	}
	len = (size_t)(p - s);
	str = arena_alloc(&r->doc->arena, len + 1);
	if (!escapes)
		memcpy(str, s, len);
	else {
		const unsigned char *q = s;

		o = str;
		while (q < p) {
			unsigned long cp;

			if (*q != '\\') {
				*o++ = (char)*q++;
				continue;
			}
			switch (q[1]) {
			case 'b': *o++ = '\b'; break;
			case 'f': *o++ = '\f'; break;
			case 'n': *o++ = '\n'; break;
			case 'r': *o++ = '\r'; break;
			case 't': *o++ = '\t'; break;
			case 'u':
				cp = (unsigned long)jr_hex4((const char *)q + 2);
				if (cp >= 0xd800 && cp <= 0xdbff) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    ((unsigned long)jr_hex4(
					    (const char *)q + 8) - 0xdc00);
					q += 6;
				}
				o = jr_put_utf8(o, cp);
				q += 6;
				continue;
			default: *o++ = (char)q[1]; break;
			}
			q += 2;
		}
		*o = '\0';
	}
	r->cont += cont;
	r->p = (const char *)p + 1;
	*out = str;
	return 0;
}

/* Whether the digits of integer `s` (`n` long, no sign) exceed `max`. */
static int
jr_digits_over(const char *s, size_t n, const char *max)
{
	size_t ml = strlen(max);

	return n > ml || (n == ml && memcmp(s, max, n) > 0);
}

int
json_number(struct arena *a, const char *p, const char *end,
    const char **str, const char **stop, int *leading_zero)
{
	const char *start = p, *digits;
	int integer = 1;

	*leading_zero = 0;
	if (*p == '-')
		p++;
	digits = p;
	if (p >= end || !isdigit((unsigned char)*p))
		return -1;
	if (*p == '0') {
		p++;
		if (p < end && isdigit((unsigned char)*p)) {
			*leading_zero = 1;
			return -1;
		}
	} else
		while (p < end && isdigit((unsigned char)*p))
			p++;
	if (p < end && *p == '.') {
		integer = 0;
		if (++p >= end || !isdigit((unsigned char)*p))
			return -1;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		integer = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !isdigit((unsigned char)*p))
			return -1;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	*stop = p;
	if ((integer && jr_digits_over(digits, (size_t)(p - digits),
	    start[0] == '-' ? "9223372036854775808" :
	    "9223372036854775807")) || (*str = json_decimal(a, start,
	    (size_t)(p - start))) == NULL)
		return -2;
	return 0;
}

static int
jr_number(struct jreader *r, struct ynode *n)
{
	const char *start = r->p, *stop;
	int lz;

	switch (json_number(&r->doc->arena, start, r->end, &n->str, &stop,
	    &lz)) {
	case -1:
		return jr_fail_near(r, start, lz ?
		    _("invalid number (leading zero)") : _("invalid number"));
	case -2:	/* what the engine cannot hold exactly */
		return error_set(r->err, r->doc->file, n->line, n->col,
		    _("number %.*s is too large or too precise"),
		    (int)(stop - start > 40 ? 40 : stop - start), start);
	}
	r->p = stop;
	return 0;
}

/* Room for one more value (commas and opening brackets counted). */
static int
jr_count(struct jreader *r, const char *p)
{
	if (++r->values > YDOC_MAX_NODES)
		return error_set(r->err, r->doc->file, r->line, jr_col(r, p),
		    _("more than %d values in the file"), YDOC_MAX_NODES);
	return 0;
}

static int	jr_value(struct jreader *, struct ynode **);

/*
 * The keys of the map being read (items base..top of the stack, key
 * nodes at even places): equal to `key`? Linear for a few keys, then a
 * table of their hashes in the arena, large enough from the start for a
 * situation's keys (a rehash hashes them all again).
 */
struct jkeys {
	int	*slot;		/* member index + 1, 0 = empty */
	size_t	 cap;		/* power of two */
};

/* A hash of a key, 8 bytes at a time. */
unsigned
ydoc_key_hash(const char *key)
{
	size_t n = strlen(key), i;
	uint64_t h = n * UINT64_C(0x9e3779b97f4a7c15), x;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&x, key + i, 8);
		h = (h ^ x) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 32;
	}
	x = 0;
	memcpy(&x, key + i, n - i);
	h = (h ^ x) * UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 29;
	return (unsigned)h != 0 ? (unsigned)h : 1;
}

/* Whether `key` (its node, khash set) is one of the `nmem` keys read. */
static int
jr_key_seen(struct jreader *r, struct jkeys *ks, size_t base, int nmem,
    const struct ynode *kn)
{
	const char *key = kn->str;
	size_t i, mask;
	int k;

	if (nmem < 8) {
		for (k = 0; k < nmem; k++)
			if (strcmp(r->stack[base + 2 * (size_t)k]->str,
			    key) == 0)
				return 1;
		return 0;
	}
	if ((size_t)nmem * 2 >= ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 4 : 256;

		ks->slot = arena_alloc(&r->doc->arena, sizeof(int) * ncap);
		ks->cap = ncap;
		for (k = 0; k < nmem; k++) {
			i = r->stack[base + 2 * (size_t)k]->khash & (ncap - 1);
			while (ks->slot[i] != 0)
				i = (i + 1) & (ncap - 1);
			ks->slot[i] = k + 1;
		}
	}
	mask = ks->cap - 1;
	for (i = kn->khash & mask; ks->slot[i] != 0; i = (i + 1) & mask) {
		const struct ynode *o = r->stack[base + 2 *
		    (size_t)(ks->slot[i] - 1)];

		if (o->khash == kn->khash && strcmp(o->str, key) == 0)
			return 1;
	}
	ks->slot[i] = nmem + 1;
	return 0;
}

static int
jr_container(struct jreader *r, struct ynode *n)
{
	int is_map = n->kind == Y_MAP, nmem = 0;
	char close = is_map ? '}' : ']';
	size_t base = r->top, i;
	struct jkeys ks = { NULL, 0 };

	if (++r->depth > YDOC_MAX_DEPTH)
		return error_set(r->err, r->doc->file, n->line, n->col,
		    _("nesting deeper than %d levels"), YDOC_MAX_DEPTH);
	if (jr_count(r, r->p) == -1)
		return -1;
	r->p++;
	jr_ws(r);
	if (r->p < r->end && *r->p == close)
		r->p++;
	else for (;;) {
		struct ynode *val;

		if (is_map) {
			struct ynode *key;
			const char *kstart;

			if (r->p >= r->end || *r->p != '"')
				return jr_fail_near(r, r->p,
				    _("string or '}' expected"));
			kstart = r->p;
			key = jr_node(r, Y_SCALAR, kstart);
			key->quoted = 1;
			if (jr_string(r, &key->str) == -1)
				return -1;
			key->khash = ydoc_key_hash(key->str);
			if (jr_key_seen(r, &ks, base, nmem, key)) {
				char near[48];

				return error_set(r->err, r->doc->file,
				    key->line, key->col, _("invalid JSON: "
				    "duplicate object key near %s"),
				    jr_near(r, kstart, near, sizeof near));
			}
			jr_push(r, key);
			jr_ws(r);
			if (r->p >= r->end || *r->p != ':')
				return jr_fail_near(r, r->p, _("':' expected"));
			r->p++;
		}
		if (jr_value(r, &val) == -1)
			return -1;
		jr_push(r, val);
		nmem++;
		jr_ws(r);
		if (r->p < r->end && *r->p == ',') {
			if (jr_count(r, r->p) == -1)
				return -1;
			r->p++;
			jr_ws(r);
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			break;
		}
		return jr_fail_near(r, r->p, is_map ? _("',' or '}' expected") :
		    _("',' or ']' expected"));
	}
	n->n = nmem;
	if (nmem > 0) {
		n->items = arena_alloc(&r->doc->arena,
		    sizeof *n->items * (size_t)nmem);
		if (is_map) {
			n->keys = arena_alloc(&r->doc->arena,
			    sizeof *n->keys * (size_t)nmem);
			n->kpos = arena_alloc(&r->doc->arena,
			    sizeof *n->kpos * (size_t)nmem);
			for (i = 0; i < (size_t)nmem; i++) {
				n->kpos[i] = r->stack[base + 2 * i];
				n->keys[i] = n->kpos[i]->str;
				n->items[i] = r->stack[base + 2 * i + 1];
			}
		} else
			memcpy(n->items, r->stack + base,
			    sizeof *n->items * (size_t)nmem);
	}
	r->top = base;
	r->depth--;
	return 0;
}

static int
jr_value(struct jreader *r, struct ynode **out)
{
	struct ynode *n;
	const char *p;

	jr_ws(r);
	p = r->p;
	if (p >= r->end)
		return jr_fail_near(r, p, _("unexpected token"));
	switch (*p) {
	case '{':
	case '[':
		n = jr_node(r, *p == '{' ? Y_MAP : Y_SEQ, p);
		if (jr_container(r, n) == -1)
			return -1;
		break;
	case '"':
		n = jr_node(r, Y_SCALAR, p);
		n->quoted = 1;
		if (jr_string(r, &n->str) == -1)
			return -1;
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		n = jr_node(r, Y_SCALAR, p);
		if (jr_number(r, n) == -1)
			return -1;
		break;
	default:
		n = jr_node(r, Y_SCALAR, p);
		if (r->end - p >= 4 && memcmp(p, "true", 4) == 0)
			n->str = "true";
		else if (r->end - p >= 5 && memcmp(p, "false", 5) == 0)
			n->str = "false";
		else if (r->end - p >= 4 && memcmp(p, "null", 4) == 0)
			n->str = "null";
		else
			return jr_fail_near(r, p, _("invalid token"));
		r->p = p + strlen(n->str);
		/* "truex" is one bad token, not true then x */
		if (r->p < r->end && isalnum((unsigned char)*r->p))
			return jr_fail_near(r, p, _("invalid token"));
		break;
	}
	*out = n;
	return 0;
}

int
ydoc_parse_json(struct ydoc *doc, const char *file, const char *buf,
    size_t len, struct error *err)
{
	struct jreader r;
	int rc = -1;

	memset(doc, 0, sizeof *doc);
	arena_init(&doc->arena);
	doc->file = arena_strdup(&doc->arena, file);
	memset(&r, 0, sizeof r);
	r.doc = doc;
	r.err = err;
	r.buf = r.p = r.line_start = buf;
	r.end = buf + len;
	r.line = 1;
	r.values = 1;
	/* A UTF-8 byte order mark is not JSON: refused as a bad token. */
	if (jr_value(&r, &doc->root) == 0) {
		jr_skip_ws(&r);
		if (r.p < r.end)
			jr_fail_near(&r, r.p, _("end of file expected"));
		else
			rc = 0;
	}
	free(r.stack);
	if (rc == -1) {
		if (err != NULL)
			err->file = file;
		ydoc_release(doc);
	}
	return rc;
}

int
ydoc_is_json(const char *path, const char *buf, size_t len)
{
	size_t n = strlen(path), i;

	if (n >= 5 && strcmp(path + n - 5, ".json") == 0)
		return 1;
	if ((n >= 5 && strcmp(path + n - 5, ".yaml") == 0) ||
	    (n >= 4 && strcmp(path + n - 4, ".yml") == 0))
		return 0;
	for (i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' &&
		    buf[i] != '\r')
			return buf[i] == '{' || buf[i] == '[';
	return 0;
}

FILE *
file_open_regular(const char *path, struct error *err)
{
	struct stat st;
	FILE *f;
	int fd;

	/* O_NONBLOCK: opening a FIFO with no writer must not block. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		error_set(err, path, 0, 0,
		    _("cannot open: %s"), strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		error_set(err, path, 0, 0, _("not a regular file"));
		close(fd);
		return NULL;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1 ||
	    (f = fdopen(fd, "rb")) == NULL) {
		error_set(err, path, 0, 0,
		    _("cannot open: %s"), strerror(errno));
		close(fd);
		return NULL;
	}
	return f;
}

char *
file_slurp(const char *path, size_t *lenp, struct error *err)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int is_stdin = strcmp(path, "-") == 0;

	if (is_stdin)
		f = stdin;
	else if ((f = file_open_regular(path, err)) == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if (cap > FILE_MAX_BYTES + 65536)
				cap = FILE_MAX_BYTES + 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
		if (len > FILE_MAX_BYTES) {
			error_set(err, path, 0, 0, _("file larger than %d MiB"),
			    FILE_MAX_BYTES >> 20);
			free(buf);
			if (!is_stdin)
				fclose(f);
			return NULL;
		}
	}
	if (ferror(f)) {
		error_set(err, path, 0, 0,
		    _("cannot read: %s"), strerror(errno));
		free(buf);
		if (!is_stdin)
			fclose(f);
		return NULL;
	}
	if (!is_stdin)
		fclose(f);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

int
ydoc_load(struct ydoc *doc, const char *path, struct error *err)
{
	size_t len;
	char *buf = file_slurp(path, &len, err);
	int rc;

	memset(doc, 0, sizeof *doc);
	if (buf == NULL)
		return -1;
	if (ydoc_is_json(path, buf, len))
		rc = ydoc_parse_json(doc, strcmp(path, "-") == 0 ? "<stdin>" :
		    path, buf, len, err);
	else
		rc = ydoc_parse(doc, strcmp(path, "-") == 0 ? "<stdin>" :
		    path, buf, len, err);
	free(buf);
	return rc;
}

void
ydoc_release(struct ydoc *doc)
{
	arena_release(&doc->arena);
	doc->root = NULL;
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	int i;

	if (map == NULL || map->kind != Y_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

int
ynode_is_null(const struct ynode *n)
{
	if (n == NULL)
		return 1;
	if (n->kind != Y_SCALAR || n->quoted)
		return 0;
	switch (n->str[0]) {	/* most values are no null: one look */
	case '\0':
		return 1;
	case '~':
		return n->str[1] == '\0';
	case 'n':
		return strcmp(n->str, "null") == 0;
	case 'N':
		return strcmp(n->str, "Null") == 0 ||
		    strcmp(n->str, "NULL") == 0;
	default:
		return 0;
	}
}
