/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ydoc.c - libyaml events to a positioned tree.
 */
#include "ydoc.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ctype.h>
#include <jansson.h>
#include <yaml.h>

#include "hash.h"

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

static int
next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		const yaml_parser_t *p = &b->parser;

		return error_set(b->err, b->doc->file,
		    (int)p->problem_mark.line + 1,
		    (int)p->problem_mark.column + 1, "invalid YAML: %s%s%s",
		    p->problem ? p->problem : "syntax error",
		    p->context ? " " : "", p->context ? p->context : "");
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
		    "nesting deeper than %d levels", YDOC_MAX_DEPTH);
	if (b->nodes > YDOC_MAX_NODES)
		return error_set(b->err, b->doc->file, n->line, n->col,
		    "more than %d values in the file", YDOC_MAX_NODES);
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
				    "a mapping key must be a plain value");
			if (keyset_add(b, &ks, n, key->str) != -1)
				return error_set(b->err, b->doc->file,
				    key->line, key->col,
				    "duplicate key \"%s\"", key->str);
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
			    "more than %d values in the file", YDOC_MAX_NODES);
			break;
		}
		if (ev->data.scalar.anchor != NULL ||
		    (ev->data.scalar.tag != NULL &&
		    ev->data.scalar.plain_implicit == 0 &&
		    ev->data.scalar.quoted_implicit == 0)) {
			rc = error_set(b->err, b->doc->file,
			    (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    "anchors and tags are not allowed");
			break;
		}
		n = node_new(b, Y_SCALAR, ev);
		n->str = arena_strndup(&b->doc->arena,
		    (const char *)ev->data.scalar.value, ev->data.scalar.length);
		if (strlen(n->str) != ev->data.scalar.length) {
			rc = error_set(b->err, b->doc->file, n->line, n->col,
			    "NUL byte in a value");
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
			    "anchors and tags are not allowed");
			break;
		}
		rc = parse_collection(b, ev, out);
		break;
	case YAML_ALIAS_EVENT:
		rc = error_set(b->err, b->doc->file,
		    (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "aliases are not allowed");
		break;
	default:
		rc = error_set(b->err, b->doc->file,
		    (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "unexpected YAML event");
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
		error_set(err, file, 0, 0, "cannot initialise the YAML parser");
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
				    "more than one document in the file");
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

/* ---- JSON ------------------------------------------------------------ */

/*
 * JSON is decoded by jansson (strict RFC 8259: escapes and surrogate
 * pairs, UTF-8 checked, duplicate keys and NUL refused). jansson keeps no
 * positions and turns numbers into binary floating point, so a second,
 * trivial walk over the text, already known to be valid, follows the
 * decoded tree value by value: it gives each node its line and column
 * and each number its exact text, which becomes the engine's exact
 * decimal (3e1 is 30, 0.1 is 0.1). Before jansson runs, a count of the
 * values and of the nesting bounds memory and depth as for YAML.
 */
struct jwalk {
	struct ydoc	*doc;
	struct error	*err;
	const char	*p, *end;
	const char	*line_start;
	int		 line;
	/* Column of colp, counted on from there: a JSON text is often one
	 * long line, and counting from its start each time is quadratic. */
	const char	*colp;
	int		 col;
};

/* Column of `p` (at or after the last one asked on this line). */
static int
jwalk_col(struct jwalk *w, const char *p)
{
	if (w->colp < w->line_start || w->colp > p) {
		w->colp = w->line_start;
		w->col = 1;
	}
	for (; w->colp < p; w->colp++)
		if (((unsigned char)*w->colp & 0xc0) != 0x80)
			w->col++;
	return w->col;
}

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

/* Line and column of byte `off` of `buf`. */
static void
jpos(const char *buf, size_t off, int *line, int *col)
{
	const char *ls = buf, *p;

	*line = 1;
	for (p = buf; p < buf + off; p++)
		if (*p == '\n') {
			(*line)++;
			ls = p + 1;
		}
	*col = jcol(ls, buf + off);
}

static void
jskip_ws(struct jwalk *w)
{
	while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' ||
	    *w->p == '\n' || *w->p == '\r')) {
		if (*w->p == '\n') {
			w->line++;
			w->line_start = w->p + 1;
		}
		w->p++;
	}
}

/* Past a string literal; `p` is on its opening quote. */
static const char *
jskip_string(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++)
		if (*p == '\\' && p + 1 < end)
			p++;
	return p < end ? p + 1 : end;
}

/*
 * Bounds before decoding: at most YDOC_MAX_NODES values (counted as
 * commas and opening brackets outside strings, an upper bound) and
 * YDOC_MAX_DEPTH levels. Works on any bytes.
 */
static int
json_bounds(const char *file, const char *buf, size_t len, struct error *err)
{
	const char *p = buf, *end = buf + len;
	long values = 1;
	int depth = 0, line, col;

	while (p < end) {
		switch (*p) {
		case '"':
			p = jskip_string(p, end);
			continue;
		case '[':
		case '{':
			if (++depth > YDOC_MAX_DEPTH) {
				jpos(buf, (size_t)(p - buf), &line, &col);
				return error_set(err, file, line, col,
				    "nesting deeper than %d levels",
				    YDOC_MAX_DEPTH);
			}
			values++;
			break;
		case ']':
		case '}':
			depth--;
			break;
		case ',':
			if (++values > YDOC_MAX_NODES) {
				jpos(buf, (size_t)(p - buf), &line, &col);
				return error_set(err, file, line, col,
				    "more than %d values in the file",
				    YDOC_MAX_NODES);
			}
			break;
		}
		p++;
	}
	return 0;
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

static int
jwalk_lost(struct jwalk *w)
{
	return error_set(w->err, w->doc->file, w->line,
	    jwalk_col(w, w->p), "JSON text and decoded tree disagree");
}

static int
jwalk_expect(struct jwalk *w, char c)
{
	jskip_ws(w);
	if (w->p >= w->end || *w->p != c)
		return jwalk_lost(w);
	w->p++;
	return 0;
}

static int
jwalk_node(struct jwalk *w, json_t *j, struct ynode **out)
{
	struct ynode *n;
	const char *start;

	jskip_ws(w);
	if (w->p >= w->end)
		return jwalk_lost(w);
	n = arena_alloc(&w->doc->arena, sizeof *n);
	memset(n, 0, sizeof *n);
	n->line = w->line;
	n->col = jwalk_col(w, w->p);
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *val;
		size_t cap = json_object_size(j), i = 0;

		n->kind = Y_MAP;
		n->keys = arena_alloc(&w->doc->arena, sizeof(char *) *
		    (cap ? cap : 1));
		n->kpos = arena_alloc(&w->doc->arena,
		    sizeof(struct ynode *) * (cap ? cap : 1));
		n->items = arena_alloc(&w->doc->arena,
		    sizeof(struct ynode *) * (cap ? cap : 1));
		if (jwalk_expect(w, '{') == -1)
			return -1;
		json_object_foreach(j, key, val) {
			struct ynode *k = arena_alloc(&w->doc->arena,
			    sizeof *k);

			if (i > 0 && jwalk_expect(w, ',') == -1)
				return -1;
			jskip_ws(w);
			if (w->p >= w->end || *w->p != '"')
				return jwalk_lost(w);
			memset(k, 0, sizeof *k);
			k->kind = Y_SCALAR;
			k->quoted = 1;
			k->line = w->line;
			k->col = jwalk_col(w, w->p);
			k->str = arena_strdup(&w->doc->arena, key);
			w->p = jskip_string(w->p, w->end);
			if (jwalk_expect(w, ':') == -1 ||
			    jwalk_node(w, val, &n->items[i]) == -1)
				return -1;
			n->keys[i] = k->str;
			n->kpos[i] = k;
			i++;
		}
		n->n = (int)i;
		if (jwalk_expect(w, '}') == -1)
			return -1;
		break;
	}
	case JSON_ARRAY: {
		size_t i, cap = json_array_size(j);

		n->kind = Y_SEQ;
		n->items = arena_alloc(&w->doc->arena,
		    sizeof(struct ynode *) * (cap ? cap : 1));
		if (jwalk_expect(w, '[') == -1)
			return -1;
		for (i = 0; i < cap; i++) {
			if (i > 0 && jwalk_expect(w, ',') == -1)
				return -1;
			if (jwalk_node(w, json_array_get(j, i),
			    &n->items[i]) == -1)
				return -1;
		}
		n->n = (int)cap;
		if (jwalk_expect(w, ']') == -1)
			return -1;
		break;
	}
	case JSON_STRING:
		if (*w->p != '"')
			return jwalk_lost(w);
		n->kind = Y_SCALAR;
		n->quoted = 1;
		n->str = arena_strdup(&w->doc->arena, json_string_value(j));
		w->p = jskip_string(w->p, w->end);
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		start = w->p;
		while (w->p < w->end && strchr("-+.eE0123456789", *w->p) &&
		    *w->p != '\0')
			w->p++;
		if (w->p == start)
			return jwalk_lost(w);
		n->kind = Y_SCALAR;
		n->str = json_decimal(&w->doc->arena, start,
		    (size_t)(w->p - start));
		if (n->str == NULL)
			return error_set(w->err, w->doc->file, n->line, n->col,
			    "number %.*s is too large or too precise",
			    (int)(w->p - start > 40 ? 40 : w->p - start),
			    start);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_NULL:
		n->kind = Y_SCALAR;
		n->str = json_is_true(j) ? "true" : json_is_false(j) ?
		    "false" : "null";
		start = n->str;
		if ((size_t)(w->end - w->p) < strlen(start) ||
		    memcmp(w->p, start, strlen(start)) != 0)
			return jwalk_lost(w);
		w->p += strlen(start);
		break;
	}
	*out = n;
	return 0;
}

int
ydoc_parse_json(struct ydoc *doc, const char *file, const char *buf,
    size_t len, struct error *err)
{
	json_error_t jerr;
	struct jwalk w;
	json_t *j;
	int rc = -1;

	memset(doc, 0, sizeof *doc);
	arena_init(&doc->arena);
	doc->file = arena_strdup(&doc->arena, file);
	if (json_bounds(file, buf, len, err) == -1)
		goto out;
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &jerr);
	if (j == NULL) {
		int line = jerr.line, col = jerr.column;

		if (jerr.position >= 0 && (size_t)jerr.position <= len)
			jpos(buf, (size_t)jerr.position, &line, &col);
		error_set(err, file, line > 0 ? line : 1, col > 0 ? col : 1,
		    "invalid JSON: %s", jerr.text);
		goto out;
	}
	memset(&w, 0, sizeof w);
	w.doc = doc;
	w.err = err;
	w.p = w.line_start = w.colp = buf;
	w.col = 1;
	w.end = buf + len;
	w.line = 1;
	/* A UTF-8 byte order mark is not JSON; jansson refuses it too. */
	rc = jwalk_node(&w, j, &doc->root);
	json_decref(j);
out:
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
		error_set(err, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		error_set(err, path, 0, 0, "not a regular file");
		close(fd);
		return NULL;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1 ||
	    (f = fdopen(fd, "rb")) == NULL) {
		error_set(err, path, 0, 0, "cannot open: %s", strerror(errno));
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
			error_set(err, path, 0, 0, "file larger than %d MiB",
			    FILE_MAX_BYTES >> 20);
			free(buf);
			if (!is_stdin)
				fclose(f);
			return NULL;
		}
	}
	if (ferror(f)) {
		error_set(err, path, 0, 0, "cannot read: %s", strerror(errno));
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
	return n->str[0] == '\0' || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0;
}
