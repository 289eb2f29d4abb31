/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * situation.c - reading, validating and writing answers.
 */
#include "situation.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <strings.h>

#include "i18n.h"
#include "utf8.h"
#include "ydoc.h"

void
situation_init(struct situation *s, const struct rules *r)
{
	memset(s, 0, sizeof *s);
	s->rules = r;
	s->vals = xcalloc((size_t)r->nvars + 1, sizeof *s->vals);
	s->answered = xcalloc((size_t)r->nvars + 1, 1);
	arena_init(&s->arena);
}

void
situation_release(struct situation *s)
{
	free(s->vals);
	free(s->answered);
	free(s->keys);
	arena_release(&s->arena);
	memset(s, 0, sizeof *s);
}

void
situation_set_territory(struct situation *s, const struct territory *t)
{
	s->territory = t;
}

void
situation_clear(struct situation *s)
{
	memset(s->vals, 0, sizeof *s->vals * (size_t)s->rules->nvars);
	memset(s->answered, 0, (size_t)s->rules->nvars);
	arena_reset(&s->arena);		/* its memory serves the next one */
}

/* The index of the variable of key `key` (a node of a mapping), or -1
   (rules_var_index, by hash: the one the JSON reader gave the key). */
static int
var_index(struct situation *s, const struct ynode *key)
{
	const struct rules *r = s->rules;
	const char *id = key->str;
	unsigned h;
	int i, k;

	if (s->nkeys == 0) {
		for (s->nkeys = 16; s->nkeys < 2 * (unsigned)r->nvars; )
			s->nkeys *= 2;
		s->keys = xcalloc(s->nkeys, sizeof *s->keys);
		for (i = 0; i < r->nvars; i++) {
			for (h = ydoc_key_hash(r->vars[i].id) &
			    (s->nkeys - 1); s->keys[h] != 0;
			    h = (h + 1) & (s->nkeys - 1))
				;
			s->keys[h] = i + 1;
		}
	}
	h = key->khash != 0 ? key->khash : ydoc_key_hash(id);
	for (h &= s->nkeys - 1; (k = s->keys[h]) != 0;
	    h = (h + 1) & (s->nkeys - 1))
		if (strcmp(r->vars[k - 1].id, id) == 0)
			return k - 1;
	return -1;
}


/*
 * The shape of an INSEE code: a commune is 5 characters, digits except
 * Corsica's 2A/2B prefix; a department is 2 digits, 2A, 2B or 3 digits
 * (overseas). Anything else (letters, control characters) is refused
 * here, before it can reach the store, a screen or a printer.
 */
static int
code_is_commune(const char *c)
{
	int i;

	if (strlen(c) != 5)
		return 0;
	if (!(isdigit((unsigned char)c[0]) && (isdigit((unsigned char)c[1]) ||
	    (c[0] == '2' && (c[1] == 'A' || c[1] == 'B')))))
		return 0;
	for (i = 2; i < 5; i++)
		if (!isdigit((unsigned char)c[i]))
			return 0;
	return 1;
}

static int
code_is_department(const char *c)
{
	size_t n = strlen(c);

	if (n == 2)
		return isdigit((unsigned char)c[0]) && (isdigit((unsigned
		    char)c[1]) || (c[0] == '2' && (c[1] == 'A' || c[1] == 'B')));
	return n == 3 && isdigit((unsigned char)c[0]) &&
	    isdigit((unsigned char)c[1]) && isdigit((unsigned char)c[2]);
}

static const char *const yes_words[] = { "true", "yes", "oui", "o", "y",
	"vrai", "1", NULL };
static const char *const no_words[] = { "false", "no", "non", "n", "faux",
	"0", NULL };

static int
word_in(const char *s, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/*
 * Check bounds of a number answer. From a file (`file` set) the message
 * names the question's id, for its author; typed at the interview, the
 * question is on the screen: the agent reads the value and the bound.
 */
static int
check_range(const struct var *v, num_t n, struct error *err, const char *file,
    int line, int col)
{
	char a[32], b[32], msg[160];

	msg[0] = '\0';
	if (v->qt == Q_INT && n % NUM_SCALE != 0)
		snprintf(msg, sizeof msg, "%s", _("a whole number is expected"));
	else if (v->has_min && n < v->min)
		snprintf(msg, sizeof msg, _("%s is below the minimum %s"),
		    num_format(n, a), num_format(v->min, b));
	else if (v->has_max && n > v->max)
		snprintf(msg, sizeof msg, _("%s is above the maximum %s"),
		    num_format(n, a), num_format(v->max, b));
	else if (!v->has_min && n < 0 && (v->qt == Q_MONEY ||
	    v->qt == Q_INT))
		snprintf(msg, sizeof msg, "%s",
		    _("a negative value is not possible"));
	if (msg[0] == '\0')
		return 0;
	if (file == NULL)
		return error_set(err, NULL, 0, 0, "%s", msg);
	return error_set(err, file, line, col, _("%s: %s"), v->id, msg);
}

/* A scalar for a non-list variable. `strict`: file input (no "oui"). */
static int
read_scalar(struct situation *s, const struct var *v, const struct ynode *n,
    const char *file, struct value *out, struct error *err)
{
	const char *str = n->str;
	num_t num;
	int i;

	if (n->kind != Y_SCALAR)
		return error_set(err, file, n->line, n->col,
		    _("%s: a single value is expected"), v->id);
	switch (v->qt) {
	case Q_BOOL:
		if (!n->quoted && (strcmp(str, "true") == 0 ||
		    strcmp(str, "yes") == 0 || strcmp(str, "on") == 0)) {
			*out = value_bool(1);
			return 0;
		}
		if (!n->quoted && (strcmp(str, "false") == 0 ||
		    strcmp(str, "no") == 0 || strcmp(str, "off") == 0)) {
			*out = value_bool(0);
			return 0;
		}
		return error_set(err, file, n->line, n->col,
		    _("%s: true or false is expected, not \"%s\""), v->id, str);
	case Q_INT:
	case Q_MONEY:
		if (num_parse(str, v->qt == Q_MONEY, &num) == -1)
			return error_set(err, file, n->line, n->col,
			    _("%s: a number is expected, not \"%s\""), v->id, str);
		if (check_range(v, num, err, file, n->line, n->col) == -1)
			return -1;
		*out = value_num(num);
		return 0;
	case Q_ENUM:
		i = var_option(v, str);
		if (i < 0)
			return error_set(err, file, n->line, n->col,
			    _("%s: \"%s\" is not one of its options"), v->id, str);
		*out = value_istr(v->opts[i].value);
		return 0;
	case Q_DATE:
		if (date_parse(str, &out->u.d) == -1)
			return error_set(err, file, n->line, n->col,
			    _("%s: a date YYYY-MM-DD is expected, not \"%s\""),
			    v->id, str);
		out->t = V_DATE;
		return 0;
	case Q_DEPARTMENT:
		if (!code_is_department(str))
			return error_set(err, file, n->line, n->col,
			    _("%s: a department code (\"32\", \"2A\", \"971\") "
			    "is expected"), v->id);
		if (s->territory != NULL &&
		    !territory_has_department(s->territory, str))
			return error_set(err, file, n->line, n->col,
			    _("%s: unknown department \"%s\""), v->id, str);
		*out = value_str(arena_strdup(&s->arena, str));
		return 0;
	case Q_COMMUNE: {
		char msg[256];

		if (!code_is_commune(str))
			return error_set(err, file, n->line, n->col,
			    _("%s: an INSEE commune code of 5 characters is "
			    "expected"), v->id);
		if (s->territory != NULL && territory_commune_check(
		    s->territory, str, msg, sizeof msg) == -1)
			return error_set(err, file, n->line, n->col, "%s: %s",
			    v->id, msg);
		*out = value_str(arena_strdup(&s->arena, str));
		return 0;
	}
	case Q_STRING:
		*out = value_str(arena_strdup(&s->arena, str));
		return 0;
	default:
		return error_set(err, file, n->line, n->col,
		    _("%s: unexpected value"), v->id);
	}
}

static int
read_record(struct situation *s, const struct var *v, const struct ynode *n,
    const char *file, struct value *out, struct error *err)
{
	struct record *rec;
	int i, k;

	if (n->kind != Y_MAP)
		return error_set(err, file, n->line, n->col,
		    _("%s: a mapping of fields is expected"), v->id);
	rec = arena_alloc(&s->arena, sizeof *rec);
	rec->nfields = v->nfields;
	rec->f = arena_alloc(&s->arena, sizeof *rec->f * (size_t)(v->nfields +
	    1));
	for (i = 0; i < n->n; i++) {
		for (k = 0; k < v->nfields; k++)
			if (strcmp(v->fields[k].id, n->keys[i]) == 0)
				break;
		if (k == v->nfields)
			return error_set(err, file, n->kpos[i]->line,
			    n->kpos[i]->col, _("%s: unknown field \"%s\""), v->id,
			    n->keys[i]);
		if (ynode_is_null(n->items[i]))
			continue;
		if (read_scalar(s, &v->fields[k], n->items[i], file,
		    &rec->f[k], err) == -1)
			return -1;
	}
	out->t = V_RECORD;
	out->u.r = rec;
	return 0;
}

static int
read_value(struct situation *s, const struct var *v, const struct ynode *n,
    const char *file, struct value *out, struct error *err)
{
	struct value *items;
	int i, k;

	switch (v->qt) {
	case Q_RECORD:
		return read_record(s, v, n, file, out, err);
	case Q_SET:
	case Q_LIST:
		if (n->kind != Y_SEQ)
			return error_set(err, file, n->line, n->col,
			    _("%s: a list is expected"), v->id);
		if (n->n > SITUATION_MAX_ITEMS)
			return error_set(err, file, n->line, n->col,
			    _("%s: more than %d items"), v->id,
			    SITUATION_MAX_ITEMS);
		items = arena_alloc(&s->arena, sizeof *items *
		    (size_t)(n->n + 1));
		for (i = 0; i < n->n; i++) {
			const struct ynode *it = n->items[i];

			if (v->qt == Q_LIST) {
				if (read_record(s, v, it, file, &items[i],
				    err) == -1)
					return -1;
				continue;
			}
			if (it->kind != Y_SCALAR ||
			    (k = var_option(v, it->str)) < 0)
				return error_set(err, file, it->line, it->col,
				    _("%s: \"%s\" is not one of its options"),
				    v->id, it->kind == Y_SCALAR ? it->str :
				    "(a list)");
			items[i] = value_istr(v->opts[k].value);
		}
		out->t = V_LIST;
		out->u.l.items = items;
		out->u.l.n = n->n;
		return 0;
	default:
		return read_scalar(s, v, n, file, out, err);
	}
}

int
situation_read(struct situation *s, const struct ynode *root, const char *file,
    struct error *err)
{
	int i, k;

	if (root == NULL)
		return 0;		/* empty file: everything unknown */
	if (root->kind != Y_MAP)
		return error_set(err, file, root->line, root->col,
		    _("a situation must be a mapping of answers (key: value)"));
	for (i = 0; i < root->n; i++) {
		const struct ynode *key = root->kpos[i], *val = root->items[i];

		k = var_index(s, key);
		if (k < 0)
			return error_set(err, file, key->line, key->col,
			    _("unknown variable \"%s\""), root->keys[i]);
		s->answered[k] = 1;
		if (ynode_is_null(val) || (val->kind == Y_SCALAR &&
		    !val->quoted && strcmp(val->str, "unknown") == 0 &&
		    s->rules->vars[k].qt != Q_ENUM)) {
			s->vals[k] = value_unknown();
			continue;
		}
		if (read_value(s, &s->rules->vars[k], val, file, &s->vals[k],
		    err) == -1)
			return -1;
	}
	return 0;
}

int
situation_load(struct situation *s, const char *path, struct error *err)
{
	struct ydoc doc;
	int rc;

	if (ydoc_load(&doc, path, err) == -1)
		return -1;
	rc = situation_read(s, doc.root, doc.file, err);
	if (rc == -1)
		err->file = path[0] == '-' && path[1] == '\0' ? "<stdin>" : path;
	ydoc_release(&doc);
	return rc;
}

/*
 * --- A plain line of JSON Lines, read without a tree ---------------------
 *
 * Most lines of a bulk file are plain: ASCII keys and strings without
 * escapes, numbers, true, false and null, lists of options, a record, a
 * list of records. Such a line is read here straight into the situation,
 * each value through read_scalar, read_record's rules and read_value's,
 * as the tree would give them. Anything else, and any fault (of JSON or of
 * an answer), gives the line up: the answers it set are undone and the
 * line is read again through the tree, which says what is wrong and where.
 * So the fast path decides nothing on its own: test_lines_fast
 * (tests/unit/test_json.c) and fuzz_json check that both readers give the
 * same answers, or the same refusal at the same place.
 */
#define FAST_STR	128	/* longer strings: the tree */
#define FAST_ITEMS	64	/* longer lists: the tree */

struct fast {
	const char		*p, *end;
	struct situation	*s;
	int			 set[RULES_MAX_VARS];	/* answered here */
	struct value		 was[RULES_MAX_VARS];	/* their values before */
	int			 nset;
};

static inline void
fast_ws(struct fast *f)
{
	const char *p = f->p;

	if (p < f->end && *p == ' ')	/* most often one space, or none */
		p++;
	if (p < f->end && (unsigned char)*p > ' ') {
		f->p = p;
		return;
	}
	while (p < f->end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	f->p = p;
}

static inline int
fast_is(struct fast *f, char c)
{
	fast_ws(f);
	if (f->p < f->end && *f->p == c) {
		f->p++;
		return 1;
	}
	return 0;
}

/* A string of plain ASCII (json_plain), shorter than FAST_STR, into `buf`. */
static int
fast_string(struct fast *f, char *buf)
{
	const unsigned char *s = (const unsigned char *)f->p + 1, *p;
	size_t n;

	p = json_plain(s, (const unsigned char *)f->end);
	n = (size_t)(p - s);
	if (p >= (const unsigned char *)f->end || *p != '"' ||
	    n >= FAST_STR)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	f->p = (const char *)p + 1;
	return 0;
}

/* A number, as the JSON reader reads it (json_number). */
static int
fast_number(struct fast *f, struct ynode *n)
{
	const char *stop;
	int lz;

	if (json_number(&f->s->arena, f->p, f->end, &n->str, &stop, &lz) != 0)
		return -1;
	f->p = stop;
	return 0;
}

/* A scalar into `n` (its text in `buf` when a string); 1 for null. */
static int
fast_scalar(struct fast *f, struct ynode *n, char *buf)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t len;
	int i;

	memset(n, 0, sizeof *n);
	n->kind = Y_SCALAR;
	n->line = 1;
	fast_ws(f);
	if (f->p >= f->end)
		return -1;
	if (*f->p == '"') {
		n->quoted = 1;
		n->str = buf;
		return fast_string(f, buf);
	}
	if (*f->p == '-' || isdigit((unsigned char)*f->p))
		return fast_number(f, n);
	for (i = 0; i < 3; i++) {
		len = strlen(words[i]);
		if ((size_t)(f->end - f->p) >= len &&
		    memcmp(f->p, words[i], len) == 0 &&
		    ((size_t)(f->end - f->p) == len ||
		    !isalnum((unsigned char)f->p[len]))) {
			f->p += len;
			n->str = words[i];
			return i == 2;
		}
	}
	return -1;
}

/* A record of `v`'s fields, as read_record reads one. */
static int
fast_record(struct fast *f, const struct var *v, struct value *out)
{
	struct situation *s = f->s;
	struct record *rec;
	struct ynode n;
	char key[FAST_STR], buf[FAST_STR];
	uint64_t seen = 0;
	int k, rc;

	if (!fast_is(f, '{') || v->nfields > 64)
		return -1;
	rec = arena_alloc(&s->arena, sizeof *rec);
	rec->nfields = v->nfields;
	rec->f = arena_alloc(&s->arena, sizeof *rec->f * (size_t)(v->nfields +
	    1));
	if (!fast_is(f, '}'))
		for (;;) {
			fast_ws(f);
			if (f->p >= f->end || *f->p != '"' ||
			    fast_string(f, key) == -1 || !fast_is(f, ':'))
				return -1;
			for (k = 0; k < v->nfields; k++)
				if (strcmp(v->fields[k].id, key) == 0)
					break;
			if (k == v->nfields || (seen >> k & 1))
				return -1;	/* unknown, or twice */
			seen |= UINT64_C(1) << k;
			if ((rc = fast_scalar(f, &n, buf)) == -1 || (rc == 0 &&
			    read_scalar(s, &v->fields[k], &n, NULL, &rec->f[k],
			    NULL) == -1))
				return -1;
			if (fast_is(f, '}'))
				break;
			if (!fast_is(f, ','))
				return -1;
		}
	out->t = V_RECORD;
	out->u.r = rec;
	return 0;
}

/* A list of options (Q_SET) or of records (Q_LIST), as read_value. */
static int
fast_list(struct fast *f, const struct var *v, struct value *out)
{
	struct value items[FAST_ITEMS], *kept;
	struct ynode n;
	char buf[FAST_STR];
	int count = 0, k;

	if (!fast_is(f, '['))
		return -1;
	if (!fast_is(f, ']'))
		for (;;) {
			if (count == FAST_ITEMS)
				return -1;
			if (v->qt == Q_LIST) {
				if (fast_record(f, v, &items[count]) == -1)
					return -1;
			} else {
				fast_ws(f);
				if (f->p >= f->end || *f->p != '"' ||
				    fast_scalar(f, &n, buf) != 0 ||
				    (k = var_option(v, buf)) < 0)
					return -1;
				items[count] = value_istr(v->opts[k].value);
			}
			count++;
			if (fast_is(f, ']'))
				break;
			if (!fast_is(f, ','))
				return -1;
		}
	kept = arena_alloc(&f->s->arena, sizeof *items * (size_t)(count + 1));
	memcpy(kept, items, sizeof *items * (size_t)count);
	out->t = V_LIST;
	out->u.l.items = kept;
	out->u.l.n = count;
	return 0;
}

/* One answer: the value after a key of variable `k`. */
static int
fast_answer(struct fast *f, int k)
{
	struct situation *s = f->s;
	const struct var *v = &s->rules->vars[k];
	struct ynode n;
	char buf[FAST_STR];
	int rc;

	fast_ws(f);
	if (f->p >= f->end)
		return -1;
	if (*f->p == '{')
		return v->qt == Q_RECORD ? fast_record(f, v, &s->vals[k]) : -1;
	if (*f->p == '[')
		return v->qt == Q_SET || v->qt == Q_LIST ?
		    fast_list(f, v, &s->vals[k]) : -1;
	if ((rc = fast_scalar(f, &n, buf)) == -1)
		return -1;
	if (rc == 1) {			/* null: "don't know" */
		s->vals[k] = value_unknown();
		return 0;
	}
	if (v->qt == Q_RECORD || v->qt == Q_SET || v->qt == Q_LIST)
		return -1;
	return read_scalar(s, v, &n, NULL, &s->vals[k], NULL);
}

/* 1 if the line was read, 0 if it is for the tree (nothing is set). */
static int
fast_line(struct situation *s, const char *buf, size_t len)
{
	struct fast f;
	struct ynode key;
	char kbuf[FAST_STR];
	int k, i;

	f.p = buf;
	f.end = buf + len;
	f.s = s;
	f.nset = 0;
	memset(&key, 0, sizeof key);
	key.str = kbuf;
	if (!fast_is(&f, '{'))
		return 0;
	if (!fast_is(&f, '}'))
		for (;;) {
			fast_ws(&f);
			if (f.p >= f.end || *f.p != '"' ||
			    fast_string(&f, kbuf) == -1)
				goto tree;
			key.khash = ydoc_key_hash(kbuf);
			if ((k = var_index(s, &key)) < 0 || s->answered[k] ||
			    f.nset == RULES_MAX_VARS)
				goto tree;	/* unknown, or twice */
			s->answered[k] = 1;
			f.was[f.nset] = s->vals[k];
			f.set[f.nset++] = k;
			if (!fast_is(&f, ':') || fast_answer(&f, k) == -1)
				goto tree;
			if (fast_is(&f, '}'))
				break;
			if (!fast_is(&f, ','))
				goto tree;
		}
	fast_ws(&f);
	if (f.p == f.end) {
		s->nfast++;
		return 1;
	}
tree:
	for (i = 0; i < f.nset; i++) {
		s->answered[f.set[i]] = 0;
		s->vals[f.set[i]] = f.was[i];
	}
	return 0;
}

/* Deep equality of two answers, records field by field. */
static int
same_value(const struct value *a, const struct value *b)
{
	int i;

	if (a->t != b->t || (a->t == V_STR && a->interned != b->interned))
		return 0;
	if (a->t == V_RECORD) {
		if (a->u.r->nfields != b->u.r->nfields)
			return 0;
		for (i = 0; i < a->u.r->nfields; i++)
			if (!same_value(&a->u.r->f[i], &b->u.r->f[i]))
				return 0;
		return 1;
	}
	if (a->t == V_LIST) {
		if (a->u.l.n != b->u.l.n)
			return 0;
		for (i = 0; i < a->u.l.n; i++)
			if (!same_value(&a->u.l.items[i], &b->u.l.items[i]))
				return 0;
		return 1;
	}
	return value_equal(a, b);
}

int
situation_same(const struct situation *a, const struct situation *b)
{
	int i;

	if (a->rules != b->rules)
		return 0;	/* not even the same questions */
	for (i = 0; i < a->rules->nvars; i++)
		if (a->answered[i] != b->answered[i] ||
		    !same_value(&a->vals[i], &b->vals[i]))
			return i;
	return -1;
}

int
situation_read_line(struct situation *s, const char *buf, size_t len,
    const char *file, int line, struct error *err)
{
	struct ydoc doc;
	int rc;

	if (fast_line(s, buf, len))
		return 0;
	if (ydoc_parse_json(&doc, file, buf, len, err) == -1) {
		err->line += line - 1;	/* the text is one line */
		return -1;
	}
	rc = situation_read(s, doc.root, file, err);
	if (rc == -1) {
		err->file = file;	/* not the document's copy */
		if (err->line > 0)
			err->line += line - 1;
	}
	ydoc_release(&doc);
	return rc;
}

/* An option by number (1-based), by value, or by exact label. */
static int
find_option(const struct var *v, const char *t)
{
	char *end;
	long n;
	int i;

	n = strtol(t, &end, 10);
	if (*t != '\0' && *end == '\0' && n >= 1 && n <= v->nopts)
		return (int)n - 1;
	for (i = 0; i < v->nopts; i++)
		if (strcasecmp(v->opts[i].value, t) == 0 ||
		    (v->opts[i].label != NULL &&
		    strcasecmp(v->opts[i].label, t) == 0))
			return i;
	return -1;
}

static struct record *
record_new(struct situation *s, const struct var *v)
{
	struct record *rec = arena_alloc(&s->arena, sizeof *rec);

	rec->nfields = v->nfields;
	rec->f = arena_alloc(&s->arena, sizeof *rec->f *
	    (size_t)(v->nfields + 1));
	return rec;
}

void
situation_list_resize(struct situation *s, int var, int n)
{
	const struct var *v = &s->rules->vars[var];
	struct value *items, *old = s->vals[var].t == V_LIST ?
	    (struct value *)s->vals[var].u.l.items : NULL;
	int i, nold = old ? s->vals[var].u.l.n : 0;

	items = arena_alloc(&s->arena, sizeof *items * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		if (i < nold) {
			items[i] = old[i];
		} else {
			items[i].t = V_RECORD;
			items[i].u.r = record_new(s, v);
		}
	}
	s->vals[var].t = V_LIST;
	s->vals[var].u.l.items = items;
	s->vals[var].u.l.n = n;
	s->answered[var] = 1;
}

struct record *
situation_record(struct situation *s, int var, int item)
{
	const struct var *v = &s->rules->vars[var];

	if (item < 0) {
		if (s->vals[var].t != V_RECORD) {
			s->vals[var].t = V_RECORD;
			s->vals[var].u.r = record_new(s, v);
		}
		s->answered[var] = 1;
		return (struct record *)s->vals[var].u.r;
	}
	if (s->vals[var].t != V_LIST || item >= s->vals[var].u.l.n)
		situation_list_resize(s, var, item + 1);
	return (struct record *)s->vals[var].u.l.items[item].u.r;
}

int
situation_parse_field(struct situation *s, int var, int item, int field,
    const char *text, struct error *err)
{
	const struct var *f = &s->rules->vars[var].fields[field];
	struct situation tmp;
	struct rules fake;
	struct record *rec;
	int rc;

	/* Parse with the field's own definition, through a one-variable
	 * view of the rules. */
	memset(&fake, 0, sizeof fake);
	fake.vars = (struct var *)f;
	fake.nvars = 1;
	memset(&tmp, 0, sizeof tmp);
	tmp.rules = &fake;
	tmp.vals = arena_alloc(&s->arena, sizeof *tmp.vals);
	tmp.answered = arena_alloc(&s->arena, 1);
	tmp.arena = s->arena;
	rc = situation_parse_answer(&tmp, 0, text, err);
	s->arena = tmp.arena;
	if (rc == -1)
		return -1;
	rec = situation_record(s, var, item);
	rec->f[field] = tmp.vals[0];
	return 0;
}

int
situation_parse_answer(struct situation *s, int var, const char *text,
    struct error *err)
{
	const struct var *v = &s->rules->vars[var];
	char *buf = xstrdup(text), *t = utf8_trim(buf), msg[256];
	struct value val;
	num_t num;
	int i, rc = -1;

	switch (v->qt) {
	case Q_BOOL:
		if (word_in(t, yes_words))
			val = value_bool(1);
		else if (word_in(t, no_words))
			val = value_bool(0);
		else {
			error_set(err, NULL, 0, 0, _("answer yes or no (o/n)"));
			goto out;
		}
		break;
	case Q_INT:
	case Q_MONEY:
		if (num_parse(t, 1, &num) == -1) {
			error_set(err, NULL, 0, 0, _("a number is expected, not "
			    "\"%s\""), t);
			goto out;
		}
		if (check_range(v, num, err, NULL, 0, 0) == -1)
			goto out;
		val = value_num(num);
		break;
	case Q_ENUM:
		i = find_option(v, t);
		if (i < 0) {
			error_set(err, NULL, 0, 0, _("choose an option by its "
			    "number (1 to %d)"), v->nopts);
			goto out;
		}
		val = value_istr(v->opts[i].value);
		break;
	case Q_SET: {
		struct value *items = arena_alloc(&s->arena, sizeof *items *
		    (size_t)(v->nopts + 1));
		char *tok, *save = NULL;
		int n = 0, k;

		for (tok = strtok_r(t, ", ;", &save); tok != NULL;
		    tok = strtok_r(NULL, ", ;", &save)) {
			i = find_option(v, tok);
			if (i < 0) {
				error_set(err, NULL, 0, 0, _("\"%s\" is not an "
				    "option: give option numbers separated by "
				    "commas"), tok);
				goto out;
			}
			for (k = 0; k < n; k++)
				if (items[k].u.s == v->opts[i].value)
					break;
			if (k == n)
				items[n++] = value_istr(v->opts[i].value);
		}
		val.t = V_LIST;
		val.u.l.items = items;
		val.u.l.n = n;
		break;
	}
	case Q_DATE:
		if (date_parse(t, &val.u.d) == -1) {
			int d, m, y;
			char tail;

			if (sscanf(t, "%d/%d/%d%c", &d, &m, &y, &tail) == 3) {
				char iso[16];

				snprintf(iso, sizeof iso, "%04d-%02d-%02d",
				    y % 10000, m % 100, d % 100);
				if (date_parse(iso, &val.u.d) == 0) {
					val.t = V_DATE;
					break;
				}
			}
			error_set(err, NULL, 0, 0, _("a date is expected "
			    "(JJ/MM/AAAA or AAAA-MM-JJ)"));
			goto out;
		}
		val.t = V_DATE;
		break;
	case Q_COMMUNE:
	case Q_DEPARTMENT:
	case Q_STRING:
		if (v->qt == Q_COMMUNE && !code_is_commune(t)) {
			error_set(err, NULL, 0, 0, _("an INSEE commune code of 5 "
			    "characters is expected"));
			goto out;
		}
		if (v->qt == Q_DEPARTMENT && !code_is_department(t)) {
			error_set(err, NULL, 0, 0, _("a department code such as "
			    "32, 2A or 971 is expected"));
			goto out;
		}
		if (s->territory != NULL && v->qt == Q_COMMUNE &&
		    territory_commune_check(s->territory, t, msg,
		    sizeof msg) == -1) {
			error_set(err, NULL, 0, 0, "%s", msg);
			goto out;
		}
		if (s->territory != NULL && v->qt == Q_DEPARTMENT &&
		    !territory_has_department(s->territory, t)) {
			error_set(err, NULL, 0, 0, _("unknown department \"%s\""),
			    t);
			goto out;
		}
		val = value_str(arena_strdup(&s->arena, t));
		break;
	default:
		error_set(err, NULL, 0, 0, _("%s is answered field by field"),
		    v->id);
		goto out;
	}
	s->vals[var] = val;
	s->answered[var] = 1;
	rc = 0;
out:
	free(buf);
	return rc;
}

void
situation_set_unknown(struct situation *s, int var)
{
	s->vals[var] = value_unknown();
	s->answered[var] = 1;
}

void
situation_unset(struct situation *s, int var)
{
	s->vals[var] = value_unknown();
	s->answered[var] = 0;
}

/* YAML-safe scalar: quote when needed. */
static void
put_scalar(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
put_scalar(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	while (*len + (size_t)n + 1 > *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*buf = xrealloc(*buf, *cap);
	}
	va_start(ap, fmt);
	vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*len += (size_t)n;
}

static void
put_value(char **buf, size_t *len, size_t *cap, const struct value *v)
{
	char tmp[40];
	int i;

	switch (v->t) {
	case V_UNKNOWN:
		put_scalar(buf, len, cap, "null");
		break;
	case V_BOOL:
		put_scalar(buf, len, cap, "%s", v->u.b ? "true" : "false");
		break;
	case V_NUM:
		put_scalar(buf, len, cap, "%s", num_format(v->u.n, tmp));
		break;
	case V_DATE:
		put_scalar(buf, len, cap, "%s", date_format(v->u.d, tmp));
		break;
	case V_STR: {
		const char *p;

		put_scalar(buf, len, cap, "\"");
		for (p = v->u.s; *p; p++)
			put_scalar(buf, len, cap, (*p == '"' || *p == '\\') ?
			    "\\%c" : "%c", *p);
		put_scalar(buf, len, cap, "\"");
		break;
	}
	case V_LIST:
		put_scalar(buf, len, cap, "[");
		for (i = 0; i < v->u.l.n; i++) {
			if (i)
				put_scalar(buf, len, cap, ", ");
			put_value(buf, len, cap, &v->u.l.items[i]);
		}
		put_scalar(buf, len, cap, "]");
		break;
	case V_RECORD:
		put_scalar(buf, len, cap, "{");
		for (i = 0; i < v->u.r->nfields; i++)
			if (v->u.r->f[i].t != V_UNKNOWN) {
				put_scalar(buf, len, cap, "f%d: ", i);
				put_value(buf, len, cap, &v->u.r->f[i]);
				put_scalar(buf, len, cap, ", ");
			}
		put_scalar(buf, len, cap, "}");
		break;
	}
}

/* Whether `item`, an answer to `v`, is one of its sensitive options. */
static int
option_sensitive(const struct var *v, const struct value *item)
{
	int k;

	return item->t == V_STR && (k = var_option(v, item->u.s)) >= 0 &&
	    v->opts[k].sensitive;
}

struct value
situation_public(const struct var *v, const struct value *val,
    struct arena *a)
{
	struct value out = *val, *items = NULL;
	int i, n = 0;

	if (!v->sensitive_opts)
		return out;
	if (val->t == V_STR)
		return option_sensitive(v, val) ? value_unknown() : out;
	if (val->t != V_LIST)
		return out;
	/* The items are copied from the first sensitive one on. */
	for (i = 0; i < val->u.l.n; i++) {
		if (!option_sensitive(v, &val->u.l.items[i])) {
			if (items != NULL)
				items[n++] = val->u.l.items[i];
			continue;
		}
		if (items == NULL) {
			items = arena_alloc(a, sizeof *items *
			    (size_t)val->u.l.n);
			memcpy(items, val->u.l.items, sizeof *items *
			    (size_t)i);
			n = i;
		}
	}
	if (items != NULL) {
		out.u.l.items = items;
		out.u.l.n = n;
	}
	return out;
}

char *
situation_to_yaml(const struct situation *s, int skip_sensitive)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	struct arena tmp;
	int i;

	arena_init(&tmp);

	put_scalar(&buf, &len, &cap, "%s", "");
	for (i = 0; i < s->rules->nvars; i++) {
		const struct var *v = &s->rules->vars[i];

		if (!s->answered[i] || (skip_sensitive && v->sensitive))
			continue;
		put_scalar(&buf, &len, &cap, "%s: ", v->id);
		if ((v->qt == Q_RECORD || v->qt == Q_LIST) &&
		    s->vals[i].t != V_UNKNOWN) {
			/* Field names, not indexes. */
			const struct value *items = &s->vals[i];
			int n = 1, k, f;

			if (v->qt == Q_LIST) {
				items = s->vals[i].u.l.items;
				n = s->vals[i].u.l.n;
				put_scalar(&buf, &len, &cap, "[");
			}
			for (k = 0; k < n; k++) {
				const struct record *r = items[k].u.r;
				int first = 1;

				put_scalar(&buf, &len, &cap, "%s{", k ? ", " :
				    "");
				for (f = 0; f < r->nfields; f++) {
					if (r->f[f].t == V_UNKNOWN)
						continue;
					put_scalar(&buf, &len, &cap, "%s%s: ",
					    first ? "" : ", ", v->fields[f].id);
					put_value(&buf, &len, &cap, &r->f[f]);
					first = 0;
				}
				put_scalar(&buf, &len, &cap, "}");
			}
			if (v->qt == Q_LIST)
				put_scalar(&buf, &len, &cap, "]");
		} else {
			struct value pub = skip_sensitive ?
			    situation_public(v, &s->vals[i], &tmp) : s->vals[i];

			put_value(&buf, &len, &cap, &pub);
		}
		put_scalar(&buf, &len, &cap, "\n");
	}
	arena_release(&tmp);
	return buf;
}

char *
situation_value_text(const struct rules *r, const struct var *v,
    const struct value *val, char *buf, int size)
{
	char tmp[40];
	int i, n = 0;

	(void)r;
	buf[0] = '\0';
	switch (val->t) {
	case V_UNKNOWN:
		snprintf(buf, (size_t)size, "?");
		break;
	case V_BOOL:
		snprintf(buf, (size_t)size, "%s", val->u.b ? "oui" : "non");
		break;
	case V_NUM:
		snprintf(buf, (size_t)size, "%s%s", num_format(val->u.n, tmp),
		    v->qt == Q_MONEY ? " €" : "");
		break;
	case V_DATE:
		snprintf(buf, (size_t)size, "%s", date_format(val->u.d, tmp));
		break;
	case V_STR:
		i = var_option(v, val->u.s);
		snprintf(buf, (size_t)size, "%s", i >= 0 && v->opts[i].label ?
		    v->opts[i].label : val->u.s);
		break;
	case V_LIST:
		for (i = 0; i < val->u.l.n && n < size - 1; i++) {
			char item[256];

			if (val->u.l.items[i].t == V_RECORD)
				snprintf(item, sizeof item, "#%d", i + 1);
			else
				situation_value_text(r, v, &val->u.l.items[i],
				    item, sizeof item);
			n += snprintf(buf + n, (size_t)(size - n), "%s%s",
			    i ? ", " : "", item);
		}
		if (val->u.l.n == 0)
			snprintf(buf, (size_t)size, "-");
		break;
	case V_RECORD:
		snprintf(buf, (size_t)size, "…");
		break;
	}
	return buf;
}
