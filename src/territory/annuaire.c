/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * annuaire.c - import of the DILA Annuaire de l'administration, base de
 * données locales (JSON, format V1.4), doc/territory.md §4b.
 *
 * The file is an object whose "service" member is the list of records
 * (the data.gouv.fr file), or that list alone (an export of the API).
 * A small pull reader walks it: every record is parsed into a tree in an
 * arena, mapped, then freed, so memory stays that of one record however
 * large the file. Members that the API export writes as JSON text
 * ("pivot": "[{…}]") are parsed again from that text.
 *
 * A record of the department is kept when one of its pivots names a
 * type_service_local that kinds.yaml maps to a kind: its office becomes
 * a structure, each kind a service, and the pivot's communes the
 * service's sector. Everything a kept record says is checked; any
 * problem, with the record's id and line, refuses the whole file.
 */
#include "annuaire.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "strbuf.h"
#include "ydoc.h"

#define RECORD_MAX	(1 << 20)	/* bytes of one record */
#define DEPTH_MAX	32
#define ID_MAX		64

/* ------------------------------------------------------------------ */
/* YAML output, in a strbuf                                            */

static void
sb_put(void *ctx, const char *bytes, size_t n)
{
	strbuf_addn(ctx, bytes, n);
}

/* A YAML double-quoted scalar: JSON's escapes are YAML's. */
static void
sb_quote(struct strbuf *b, const char *s)
{
	if (s == NULL)
		strbuf_add(b, "null");
	else
		json_quote(s, sb_put, b);
}

/* ------------------------------------------------------------------ */
/* JSON pull reader                                                    */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype	 type;
	int		 line, col;
	const char	*s;		/* J_STR, J_NUM; "true"/"false" */
	int		 n;
	const char	**keys;		/* J_OBJ */
	struct jval	**items;	/* J_ARR, J_OBJ */
};

struct jreader {
	FILE		*f;		/* or NULL: mem */
	const char	*mem;
	size_t		 memlen;
	char		 buf[65536];
	size_t		 len, pos;
	int		 line, col;
	size_t		 used;		/* bytes of the current record */
	size_t		 limit;		/* 0: none */
	struct arena	*arena;
	struct error	*err;
	const char	*path;
	int		 failed;
};

static int
jr_fill(struct jreader *r)
{
	if (r->pos < r->len)
		return 1;
	if (r->f == NULL) {
		if (r->mem == NULL)
			return 0;
		r->len = r->memlen < sizeof r->buf ? r->memlen : sizeof r->buf;
		memcpy(r->buf, r->mem, r->len);
		r->mem += r->len;
		r->memlen -= r->len;
		if (r->memlen == 0)
			r->mem = NULL;
	} else
		r->len = fread(r->buf, 1, sizeof r->buf, r->f);
	r->pos = 0;
	return r->len > 0;
}

static int
jr_peek(struct jreader *r)
{
	return jr_fill(r) ? (unsigned char)r->buf[r->pos] : EOF;
}

static int
jr_fail(struct jreader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
jr_fail(struct jreader *r, const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	if (r->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->failed = 1;
	return error_set(r->err, r->path, r->line, r->col, "%s", msg);
}

static int
jr_get(struct jreader *r)
{
	int c = jr_peek(r);

	if (c == EOF)
		return EOF;
	r->pos++;
	if (c == '\n') {
		r->line++;
		r->col = 1;
	} else if ((c & 0xc0) != 0x80)
		r->col++;
	if (r->limit && ++r->used > r->limit) {
		jr_fail(r, _("a record is larger than %zu bytes"), r->limit);
		return EOF;
	}
	return c;
}

static void
jr_ws(struct jreader *r)
{
	int c;

	while ((c = jr_peek(r)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		jr_get(r);
}

static int
jr_expect(struct jreader *r, int want)
{
	int c;

	jr_ws(r);
	c = jr_get(r);
	if (c == want)
		return 0;
	if (c == EOF)
		return jr_fail(r, _("unexpected end of file, expected '%c'"),
		    want);
	return jr_fail(r, _("expected '%c'"), want);
}

static void
utf8_put(struct strbuf *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	strbuf_addn(b, u, n);
}

static long
jr_hex4(struct jreader *r)
{
	long v = 0;
	int i, c;

	for (i = 0; i < 4; i++) {
		c = jr_get(r);
		if (c == EOF || !isxdigit(c))
			return -1;
		v = v * 16 + (isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
	}
	return v;
}

/* A string after its opening quote, into the arena. */
static const char *
jr_string(struct jreader *r)
{
	struct strbuf b = STRBUF_INIT;
	const char *s;
	int c;

	strbuf_add(&b, "");
	for (;;) {
		c = jr_get(r);
		if (c == EOF) {
			jr_fail(r, _("unterminated string"));
			goto bad;
		}
		if (c == '"')
			break;
		if (c < 0x20) {
			jr_fail(r, _("control character in a string"));
			goto bad;
		}
		if (c != '\\') {
			char ch = (char)c;

			strbuf_addc(&b, ch);
			continue;
		}
		switch (c = jr_get(r)) {
		case '"': strbuf_add(&b, "\""); break;
		case '\\': strbuf_add(&b, "\\"); break;
		case '/': strbuf_add(&b, "/"); break;
		case 'b': strbuf_add(&b, "\b"); break;
		case 'f': strbuf_add(&b, "\f"); break;
		case 'n': strbuf_add(&b, "\n"); break;
		case 'r': strbuf_add(&b, "\r"); break;
		case 't': strbuf_add(&b, "\t"); break;
		case 'u': {
			long cp = jr_hex4(r), lo;

			if (cp >= 0xd800 && cp < 0xdc00) {
				if (jr_get(r) != '\\' || jr_get(r) != 'u' ||
				    (lo = jr_hex4(r)) < 0xdc00 || lo > 0xdfff)
					cp = -1;
				else
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000)
				cp = -1;
			if (cp <= 0) {
				jr_fail(r, _("bad \\u escape in a string"));
				goto bad;
			}
			utf8_put(&b, (unsigned long)cp);
			break;
		}
		default:
			jr_fail(r, _("bad escape in a string"));
			goto bad;
		}
	}
	s = arena_strndup(r->arena, b.s, b.len);
	free(b.s);
	return s;
bad:
	free(b.s);
	return NULL;
}

static struct jval *jr_value(struct jreader *, int depth);

static struct jval *
jr_new(struct jreader *r, enum jtype type, int line, int col)
{
	struct jval *v = arena_alloc(r->arena, sizeof *v);

	v->type = type;
	v->line = line;
	v->col = col;
	return v;
}

/* Array or object after its opening bracket. */
static struct jval *
jr_container(struct jreader *r, struct jval *v, int depth)
{
	struct jval **items = NULL;
	const char **keys = NULL;
	int n = 0, cap = 0, c, close = v->type == J_OBJ ? '}' : ']';

	jr_ws(r);
	if (jr_peek(r) == close) {
		jr_get(r);
		return v;
	}
	for (;;) {
		const char *key = NULL;
		struct jval *item;

		if (v->type == J_OBJ) {
			jr_ws(r);
			if (jr_get(r) != '"') {
				jr_fail(r, _("expected a member name"));
				goto bad;
			}
			if ((key = jr_string(r)) == NULL ||
			    jr_expect(r, ':') == -1)
				goto bad;
		}
		if ((item = jr_value(r, depth + 1)) == NULL)
			goto bad;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			items = xrealloc(items, sizeof *items * (size_t)cap);
			keys = xrealloc(keys, sizeof *keys * (size_t)cap);
		}
		items[n] = item;
		keys[n] = key;
		n++;
		jr_ws(r);
		c = jr_get(r);
		if (c == ',')
			continue;
		if (c == close)
			break;
		jr_fail(r, _("expected ',' or '%c'"), close);
		goto bad;
	}
	v->n = n;
	v->items = arena_alloc(r->arena, sizeof *v->items * (size_t)n);
	memcpy(v->items, items, sizeof *items * (size_t)n);
	if (v->type == J_OBJ) {
		v->keys = arena_alloc(r->arena, sizeof *v->keys * (size_t)n);
		memcpy(v->keys, keys, sizeof *keys * (size_t)n);
	}
	free(items);
	free(keys);
	return v;
bad:
	free(items);
	free(keys);
	return NULL;
}

static struct jval *
jr_value(struct jreader *r, int depth)
{
	struct jval *v;
	char word[64];
	int c, line, col, n = 0;

	if (depth > DEPTH_MAX) {
		jr_fail(r, _("nested more than %d levels deep"), DEPTH_MAX);
		return NULL;
	}
	jr_ws(r);
	line = r->line;
	col = r->col;
	c = jr_peek(r);
	if (c == '{' || c == '[') {
		jr_get(r);
		return jr_container(r, jr_new(r, c == '{' ? J_OBJ : J_ARR,
		    line, col), depth);
	}
	if (c == '"') {
		jr_get(r);
		v = jr_new(r, J_STR, line, col);
		return (v->s = jr_string(r)) == NULL ? NULL : v;
	}
	while ((c = jr_peek(r)) != EOF && (isalnum(c) || c == '-' ||
	    c == '+' || c == '.') && n < (int)sizeof word - 1)
		word[n++] = (char)jr_get(r);
	word[n] = '\0';
	if (strcmp(word, "null") == 0)
		return jr_new(r, J_NULL, line, col);
	if (strcmp(word, "true") == 0 || strcmp(word, "false") == 0) {
		v = jr_new(r, J_BOOL, line, col);
		v->s = word[0] == 't' ? "true" : "false";
		return v;
	}
	if (n > 0 && strspn(word, "0123456789+-.eE") == (size_t)n &&
	    (isdigit((unsigned char)word[0]) || word[0] == '-')) {
		v = jr_new(r, J_NUM, line, col);
		v->s = arena_strdup(r->arena, word);
		return v;
	}
	if (c == EOF && n == 0)
		jr_fail(r, _("unexpected end of file"));
	else
		jr_fail(r, _("not a JSON value"));
	return NULL;
}

static const struct jval *
jget(const struct jval *o, const char *key)
{
	int i;

	if (o == NULL || o->type != J_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->items[i];
	return NULL;
}

/* A string member, NULL when absent, null, empty or not a string. */
static const char *
jstr(const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);

	if (v == NULL || (v->type != J_STR && v->type != J_NUM) ||
	    v->s[0] == '\0')
		return NULL;
	return v->s;
}

/* ------------------------------------------------------------------ */
/* The import                                                          */

static const char *const day_fr[7] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
};
static const char *const day_osm[7] = {
	"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"
};

struct actx {
	const struct territory	*t;
	struct annuaire_result	*res;
	struct jreader		*r;
	const char		*path;
	const char		*dep;		/* the department, once known */
	int			 dep_given;
	struct strbuf		 st, sv, sec;
	char			**ids;		/* kept record ids */
	int			 nids;
	char			**other;	/* other departments seen */
	int			 nother;
	const char		*contact;	/* first conseil_departemental */
	int			 nsectors;
	struct arena		 keep;		/* strings kept across records */
	int			 line;		/* of the current record */
	const char		*id;		/* of the current record */
	int			 bad;		/* problems of the record */
};

static void
add_problem(struct actx *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_problem(struct actx *a, const char *fmt, ...)
{
	struct annuaire_result *res = a->res;
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	res->problems = xrealloc(res->problems, sizeof *res->problems *
	    (size_t)(res->nproblems + 1));
	res->problems[res->nproblems].line = a->line;
	res->problems[res->nproblems].msg = a->line == 0 && a->id == NULL ?
	    xstrdup(msg) : xasprintf(_("record \"%s\": %s"), a->id ? a->id :
	    "?", msg);
	res->nproblems++;
	a->bad++;
}

static void
add_note(struct actx *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_note(struct actx *a, const char *fmt, ...)
{
	struct annuaire_result *res = a->res;
	va_list ap;
	char msg[768];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	res->notes = xrealloc(res->notes, sizeof *res->notes *
	    (size_t)(res->nnotes + 1));
	res->notes[res->nnotes++] = xstrdup(msg);
}

/*
 * Text for the directory: control characters and runs of white space
 * become one space, trimmed. Into the arena.
 */
static char *
clean(struct arena *ar, const char *s)
{
	char *out, *o;
	int space = 0;

	if (s == NULL)
		return NULL;
	o = out = arena_alloc(ar, strlen(s) + 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == ' ') {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = (char)c;
	}
	*o = '\0';
	return *out ? out : NULL;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * A member that is a list, or JSON text of a list (API export). A
 * malformed one is a problem of the record, or sets *bad when `bad` is
 * not NULL (the record's department is not known yet).
 */
static const struct jval *
jlist_or(struct actx *a, const struct jval *rec, const char *key, int *bad)
{
	const struct jval *v = jget(rec, key);
	struct jreader sub;
	struct error err;
	struct jval *p;

	if (v == NULL || v->type == J_NULL)
		return NULL;
	if (v->type == J_ARR)
		return v;
	if (v->type == J_STR && v->s[0] == '\0')
		return NULL;
	if (v->type != J_STR) {
		if (bad != NULL)
			*bad = 1;
		else
			add_problem(a, _("\"%s\" is not a list"), key);
		return NULL;
	}
	memset(&sub, 0, sizeof sub);
	memset(&err, 0, sizeof err);
	sub.mem = v->s;
	sub.memlen = strlen(v->s);
	sub.line = sub.col = 1;
	sub.arena = a->r->arena;
	sub.err = &err;
	sub.path = key;
	p = jr_value(&sub, 1);
	if (p != NULL) {
		jr_ws(&sub);
		if (jr_peek(&sub) != EOF)
			p = NULL, jr_fail(&sub, _("text after the list"));
	}
	if (p == NULL || p->type != J_ARR) {
		if (bad != NULL)
			*bad = 1;
		else
			add_problem(a, _("\"%s\" is neither a list nor the JSON "
			    "text of one%s%s"), key, err.msg[0] ? ": " : "",
			    err.msg);
		return NULL;
	}
	return p;
}

static const struct jval *
jlist(struct actx *a, const struct jval *rec, const char *key)
{
	return jlist_or(a, rec, key, NULL);
}

/* Kind of a type_service_local, or NULL. */
static const struct territory_kind *
kind_of(const struct territory *t, const char *type)
{
	int k, j;

	for (k = 0; type != NULL && k < t->nkinds; k++)
		for (j = 0; j < t->kinds[k].nannuaire; j++)
			if (strcmp(t->kinds[k].annuaire[j], type) == 0)
				return &t->kinds[k];
	return NULL;
}

/* The current commune a code stands for (déléguée → parent), or NULL. */
static const struct commune *
commune_of(const struct territory *t, const char *code)
{
	const struct commune *c;
	int k;

	if (code == NULL)
		return NULL;
	if ((c = territory_commune_typed(t, code, COMMUNE_CURRENT)) != NULL)
		return c;
	for (k = COMMUNE_ARRONDISSEMENT; k <= COMMUNE_ASSOCIEE; k++)
		if ((c = territory_commune_typed(t, code,
		    (enum commune_type)k)) != NULL)
			return territory_commune_resolve(t, c);
	return NULL;
}

/*
 * The department of a commune code: the commune's, or for a code no
 * commune has, the department its first digits name ("32999" → "32"),
 * so that a wrong code of the department is reported, not ignored.
 */
static const char *
dep_of(const struct territory *t, const char *code)
{
	const struct commune *c = commune_of(t, code);
	size_t n;
	int i;

	if (c != NULL)
		return c->dep;
	if (code == NULL || strlen(code) != 5)
		return NULL;
	n = strncmp(code, "97", 2) == 0 || strncmp(code, "98", 2) == 0 ? 3 : 2;
	for (i = 0; i < t->ndeps; i++)
		if (strlen(t->deps[i]) == n && strncmp(t->deps[i], code, n) == 0)
			return t->deps[i];
	return NULL;
}

static int
day_index(const char *s)
{
	char low[32];
	size_t i;
	int d;

	if (s == NULL)
		return -1;
	for (i = 0; s[i] != '\0' && i < sizeof low - 1; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	for (d = 0; d < 7; d++)
		if (strcmp(low, day_fr[d]) == 0)
			return d;
	return -1;
}

/* "08:30" or "08:30:00" → minutes; -1 when absent; -2 when malformed. */
static int
minutes(const char *s)
{
	int h, m, sec = 0, n = 0;

	if (s == NULL)
		return -1;
	if (strlen(s) == 5 && sscanf(s, "%2d:%2d%n", &h, &m, &n) == 2 &&
	    n == 5)
		;
	else if (strlen(s) == 8 && sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec,
	    &n) == 3 && n == 8)
		;
	else
		return -2;
	if (!isdigit((unsigned char)s[0]) || h < 0 || m < 0 || m > 59 ||
	    sec != 0 || h > 24 || (h == 24 && m != 0))
		return -2;
	return h * 60 + m;
}

static int
cmp_int2(const void *a, const void *b)
{
	return ((const int *)a)[0] - ((const int *)b)[0];
}

int
annuaire_osm_hours(const int (*slots)[6], int n, char *out, size_t size,
    char *why, size_t whysize)
{
	int day[7][8], nday[7] = { 0 }, i, d, k, j;
	struct strbuf b = STRBUF_INIT;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		for (d = slots[i][0]; ; d = (d + 1) % 7) {
			for (k = 0; k < 2; k++) {
				if (slots[i][2 + 2 * k] < 0)
					continue;
				if (nday[d] == 4) {
					snprintf(why, whysize, _("more than 4 "
					    "intervals on %s"), day_fr[d]);
					return -1;
				}
				day[d][2 * nday[d]] = slots[i][2 + 2 * k];
				day[d][2 * nday[d] + 1] = slots[i][3 + 2 * k];
				nday[d]++;
			}
			if (d == slots[i][1])
				break;
		}
	}
	for (d = 0; d < 7; d++) {
		qsort(day[d], (size_t)nday[d], 2 * sizeof(int), cmp_int2);
		for (k = 1; k < nday[d]; k++)
			if (day[d][2 * k] < day[d][2 * k - 1]) {
				snprintf(why, whysize, _("overlapping hours on "
				    "%s"), day_fr[d]);
				return -1;
			}
	}
	strbuf_add(&b, "");
	for (d = 0; d < 7; d = j) {
		for (j = d + 1; j < 7 && nday[j] == nday[d] &&
		    memcmp(day[j], day[d], sizeof(int) * 2 *
		    (size_t)nday[d]) == 0; j++)
			;
		if (nday[d] == 0)
			continue;
		if (b.len > 0)
			strbuf_add(&b, "; ");
		strbuf_add(&b, day_osm[d]);
		if (j - 1 > d)
			strbuf_printf(&b, "-%s", day_osm[j - 1]);
		for (k = 0; k < nday[d]; k++)
			strbuf_printf(&b, "%s%02d:%02d-%02d:%02d", k ? "," : " ",
			    day[d][2 * k] / 60, day[d][2 * k] % 60,
			    day[d][2 * k + 1] / 60, day[d][2 * k + 1] % 60);
	}
	snprintf(out, size, "%s", b.s);
	free(b.s);
	return 0;
}

/* plage_ouverture → OSM hours and a text of the comments. */
static void
hours(struct actx *a, const struct jval *rec, char *osm, size_t size,
    struct strbuf *text)
{
	const struct jval *pl = jlist(a, rec, "plage_ouverture");
	int (*slots)[6] = NULL, n = 0, i, k;
	char why[128];
	const char *c;

	osm[0] = '\0';
	if ((c = clean(a->r->arena, jstr(rec,
	    "commentaire_plage_ouverture"))) != NULL)
		strbuf_add(text, c);
	if (pl == NULL)
		return;
	slots = xcalloc((size_t)pl->n + 1, sizeof *slots);
	for (i = 0; i < pl->n; i++) {
		const struct jval *p = pl->items[i];
		static const char *const keys[4] = {
			"valeur_heure_debut_1", "valeur_heure_fin_1",
			"valeur_heure_debut_2", "valeur_heure_fin_2"
		};
		int from, to, m[4], ok = 1;

		if (p->type != J_OBJ) {
			add_problem(a, _("plage_ouverture[%d] is not an object"),
			    i);
			continue;
		}
		if ((c = clean(a->r->arena, jstr(p, "commentaire"))) != NULL) {
			if (text->len > 0)
				strbuf_add(text, " ; ");
			strbuf_add(text, c);
		}
		from = day_index(jstr(p, "nom_jour_debut"));
		to = jstr(p, "nom_jour_fin") ? day_index(jstr(p,
		    "nom_jour_fin")) : from;
		if (from < 0 || to < 0) {
			add_problem(a, _("plage_ouverture[%d]: unknown day "
			    "\"%s\""), i, from < 0 ? (jstr(p, "nom_jour_debut") ?
			    jstr(p, "nom_jour_debut") : "") : jstr(p,
			    "nom_jour_fin"));
			continue;
		}
		for (k = 0; k < 4; k++) {
			m[k] = minutes(jstr(p, keys[k]));
			if (m[k] == -2) {
				add_problem(a, _("plage_ouverture[%d]: %s \"%s\" "
				    "is not a time"), i, keys[k],
				    jstr(p, keys[k]));
				ok = 0;
			}
		}
		for (k = 0; ok && k < 4; k += 2) {
			if ((m[k] < 0) != (m[k + 1] < 0)) {
				add_problem(a, _("plage_ouverture[%d]: %s "
				    "without %s"), i, keys[m[k] < 0 ? k + 1 : k],
				    keys[m[k] < 0 ? k : k + 1]);
				ok = 0;
			} else if (m[k] >= 0 && m[k + 1] <= m[k]) {
				add_problem(a, _("plage_ouverture[%d]: %s is not "
				    "after %s"), i, keys[k + 1], keys[k]);
				ok = 0;
			}
		}
		if (ok && m[0] < 0 && m[2] >= 0) {
			add_problem(a, _("plage_ouverture[%d]: a second "
			    "interval without a first"), i);
			ok = 0;
		}
		if (!ok)
			continue;
		slots[n][0] = from;
		slots[n][1] = to;
		for (k = 0; k < 4; k++)
			slots[n][2 + k] = m[k];
		n++;
	}
	if (annuaire_osm_hours((const int (*)[6])slots, n, osm, size, why,
	    sizeof why) == -1)
		add_problem(a, _("plage_ouverture: %s"), why);
	free(slots);
}

/* "05 62 67 40 40" → "+33562674040"; short numbers as dialled. */
static int
phone(const char *dep, const char *in, char *out, size_t size)
{
	char d[24];
	size_t n = 0;
	int plus = 0;
	const char *p;

	for (p = in; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n == sizeof d - 1)
				return -1;
			d[n++] = *p;
		} else if (*p == '+' && n == 0 && !plus)
			plus = 1;
		else if (strchr(" .-()/\t", *p) == NULL)
			return -1;
	}
	d[n] = '\0';
	if (plus && n >= 8 && n <= 15)
		snprintf(out, size, "+%s", d);
	else if (!plus && n == 10 && d[0] == '0' && strlen(dep) == 2)
		snprintf(out, size, "+33%s", d + 1);
	else if (!plus && n == 10 && d[0] == '0')
		snprintf(out, size, "%s", d);	/* overseas: as dialled */
	else if (!plus && n >= 3 && n <= 6 && d[0] != '0')
		snprintf(out, size, "%s", d);
	else
		return -1;
	return 0;
}

/* "09/08/2023 13:30:19" or "2023-08-09…" → "2023-08-09". */
static int
iso_date(const char *s, char out[11])
{
	int y, m, d, n = 0;

	if (s == NULL)
		return -1;
	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && n == 10)
		;
	else if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10)
		;
	else
		return -1;
	if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* One kind of a kept record and its communes in the department. */
struct kept {
	const struct territory_kind	*kind;
	const char			**codes;
	int				 ncodes, outside;
};

#define KINDS_MAX	8	/* kinds of one record */

/* What a kept record says, checked; strings in the record's arena. */
struct arecord {
	const struct commune	*commune;	/* where it stands, or NULL */
	const char		*name, *url;
	const char		*street, *more, *postcode;
	const char		*email, *site;
	char			 date[11], tel[32], hours[512];
	struct strbuf		 hours_text;
	struct kept		 kept[KINDS_MAX];
	int			 nkept;
};

static void
count_kind(struct annuaire_result *res, const char *kind, int sector,
    int ncodes)
{
	int i;

	for (i = 0; i < res->nkinds; i++)
		if (strcmp(res->kinds[i], kind) == 0)
			break;
	if (i == res->nkinds) {
		res->kinds = xrealloc(res->kinds, sizeof *res->kinds *
		    (size_t)(i + 1));
		res->kind_offices = xrealloc(res->kind_offices,
		    sizeof(int) * (size_t)(i + 1));
		res->kind_sectors = xrealloc(res->kind_sectors,
		    sizeof(int) * (size_t)(i + 1));
		res->kind_communes = xrealloc(res->kind_communes,
		    sizeof(int) * (size_t)(i + 1));
		res->kinds[i] = kind;
		res->kind_offices[i] = res->kind_sectors[i] = 0;
		res->kind_communes[i] = 0;
		res->nkinds++;
	}
	res->kind_offices[i]++;
	res->kind_sectors[i] += sector;
	res->kind_communes[i] += ncodes;
}

static void
count_skipped(struct annuaire_result *res, const char *type)
{
	int i;

	for (i = 0; i < res->nskip; i++)
		if (strcmp(res->skipped[i], type) == 0) {
			res->nskipped[i]++;
			return;
		}
	res->skipped = xrealloc(res->skipped, sizeof *res->skipped *
	    (size_t)(i + 1));
	res->nskipped = xrealloc(res->nskipped, sizeof(int) * (size_t)(i + 1));
	res->skipped[i] = xstrdup(type);
	res->nskipped[i] = 1;
	res->nskip++;
}

/* The verification block of a record. */
static void
yaml_verif(struct strbuf *b, const char *url, const char *date,
    const char *file, const char *id, const char *indent)
{
	char *note = xasprintf("Annuaire de l'administration (DILA), base de "
	    "données locales, fichier %s, fiche %s modifiée le %s.", file, id,
	    date);

	strbuf_printf(b, "%sx_verification:\n%s  statut: verifie\n%s  source: ",
	    indent, indent, indent);
	sb_quote(b, url);
	strbuf_printf(b, "\n%s  date_source: \"%s\"\n%s  verifie_le: null\n"
	    "%s  note: ", indent, date, indent, indent);
	sb_quote(b, note);
	strbuf_add(b, "\n");
	free(note);
}

static void
yaml_field(struct strbuf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	strbuf_printf(b, "    %s: ", key);
	sb_quote(b, value);
	strbuf_add(b, "\n");
}

/* Whether a service comes from an earlier annuaire import. */
static int
from_annuaire(const struct territory *t, const struct service *s)
{
	int i;

	for (i = 0; i < t->nfiles; i++)
		if (t->files[i].doc.file == s->file)
			return t->files[i].annuaire;
	return 0;
}

/* Conflicts: a directory record of the same kind and commune. */
static void
same_place(struct actx *a, const char *id, const char *name,
    const struct territory_kind *kd, const struct commune *c)
{
	int i;

	for (i = 0; c != NULL && i < a->t->nservices; i++) {
		const struct service *s = &a->t->services[i];

		if (s->dep == NULL || strcmp(s->dep, a->dep) != 0 ||
		    strcmp(s->kind, kd->id) != 0 ||
		    from_annuaire(a->t, s) ||
		    s->structure->insee == NULL ||
		    strcmp(commune_of(a->t, s->structure->insee) ?
		    commune_of(a->t, s->structure->insee)->insee :
		    s->structure->insee, c->insee) != 0)
			continue;
		add_note(a, _("record \"%s\" (%s) and directory record \"%s\" "
		    "(%s) are both of kind \"%s\" in %s (%s): both kept, the "
		    "directory record is not changed"), id, name, s->id,
		    s->name, kd->id, c->name, c->insee);
	}
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * The kinds a record is an office of (its pivots that kinds.yaml maps),
 * into o->kept, and whether it belongs to the department: standing in
 * it, or serving some of its communes. Without --department, the first
 * office fixes the department. Returns 1 to go on with the record.
 */
static int
record_scope(struct actx *a, const struct jval *rec,
    const struct jval *pivots, struct arecord *o)
{
	const struct territory *t = a->t;
	const char *recdep = dep_of(t, jstr(rec, "code_insee_commune"));
	int i, j, k, in_scope = 0;

	for (i = 0; pivots != NULL && i < pivots->n; i++) {
		const struct jval *p = pivots->items[i], *codes;
		const struct territory_kind *kd;

		if (p->type != J_OBJ)
			continue;
		codes = jget(p, "code_insee_commune");
		if (codes != NULL && codes->type != J_ARR)
			codes = NULL;
		if (recdep == NULL && codes != NULL && codes->n > 0 &&
		    codes->items[0]->type == J_STR)
			recdep = dep_of(t, codes->items[0]->s);
		if ((kd = kind_of(t, jstr(p, "type_service_local"))) == NULL)
			continue;
		for (j = 0; j < o->nkept && o->kept[j].kind != kd; j++)
			;
		if (j == o->nkept && o->nkept < KINDS_MAX)
			o->kept[o->nkept++].kind = kd;
		for (k = 0; a->dep != NULL && codes != NULL && k < codes->n;
		    k++)
			if (codes->items[k]->type == J_STR &&
			    dep_of(t, codes->items[k]->s) != NULL &&
			    strcmp(dep_of(t, codes->items[k]->s), a->dep) == 0)
				in_scope = 1;
	}
	if (a->dep == NULL && o->nkept > 0 && recdep != NULL)
		a->dep = recdep;
	if (a->dep != NULL && recdep != NULL && strcmp(recdep, a->dep) == 0)
		in_scope = 1;
	if (o->nkept == 0) {
		for (i = 0; in_scope && pivots != NULL && i < pivots->n; i++)
			if (jstr(pivots->items[i], "type_service_local"))
				count_skipped(a->res, jstr(pivots->items[i],
				    "type_service_local"));
		return 0;
	}
	if (!in_scope && !a->dep_given && recdep != NULL) {
		for (i = 0; i < a->nother; i++)
			if (strcmp(a->other[i], recdep) == 0)
				break;
		if (i == a->nother) {
			a->other = xrealloc(a->other, sizeof *a->other *
			    (size_t)(i + 1));
			a->other[a->nother++] = xstrdup(recdep);
		}
	}
	return in_scope;
}

/* id, nom, date_modification, url_service_public, code_insee_commune. */
static void
check_identity(struct actx *a, const struct jval *rec, struct arecord *o)
{
	const char *code = jstr(rec, "code_insee_commune");
	char *e;
	int i;

	if (a->id == NULL)
		add_problem(a, _("no \"id\""));
	else if (strlen(a->id) > ID_MAX ||
	    strspn(a->id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_") != strlen(a->id))
		add_problem(a, _("\"id\" must be at most %d letters, digits, "
		    "'-' or '_'"), ID_MAX);
	else {
		for (i = 0; i < a->nids; i++)
			if (strcmp(a->ids[i], a->id) == 0)
				break;
		if (i < a->nids)
			add_problem(a, _("the id appears twice in the file"));
		else {
			a->ids = xrealloc(a->ids, sizeof *a->ids *
			    (size_t)(a->nids + 1));
			a->ids[a->nids++] = xstrdup(a->id);
		}
	}
	o->name = e = clean(a->r->arena, jstr(rec, "nom"));
	if (e != NULL) {
		e += strlen(e);
		while (e > o->name && (e[-1] == '.' || e[-1] == ' '))
			*--e = '\0';	/* data·inclusion: no final period */
	}
	if (o->name == NULL || utf8_chars(o->name) < 3 ||
	    utf8_chars(o->name) > 150)
		add_problem(a, _("\"nom\" must be 3 to 150 characters"));
	if (iso_date(jstr(rec, "date_modification"), o->date) == -1)
		add_problem(a, _("\"date_modification\" is not a date "
		    "(\"DD/MM/YYYY hh:mm:ss\"): \"%s\""),
		    jstr(rec, "date_modification") ?
		    jstr(rec, "date_modification") : "");
	o->url = jstr(rec, "url_service_public");
	if (o->url == NULL || (strncmp(o->url, "https://", 8) != 0 &&
	    strncmp(o->url, "http://", 7) != 0) || strchr(o->url, ' ') != NULL)
		add_problem(a, _("no \"url_service_public\": the record has no "
		    "citable source"));
	o->commune = commune_of(a->t, code);
	if (code != NULL && o->commune == NULL)
		add_problem(a, _("\"code_insee_commune\": unknown commune code "
		    "\"%s\""), code);
}

/* Each kind's communes in the department: its sector. */
static void
check_sectors(struct actx *a, const struct jval *pivots, struct arecord *o)
{
	int i, j, k, m;

	for (i = 0; pivots != NULL && i < pivots->n; i++) {
		const struct jval *p = pivots->items[i], *codes;
		const struct territory_kind *kd;
		struct kept *kp;

		if (p->type != J_OBJ) {
			add_problem(a, _("pivot[%d] is not an object"), i);
			continue;
		}
		if ((kd = kind_of(a->t, jstr(p, "type_service_local"))) == NULL)
			continue;
		for (j = 0; j < o->nkept && o->kept[j].kind != kd; j++)
			;
		if (j == o->nkept)
			continue;
		kp = &o->kept[j];
		codes = jget(p, "code_insee_commune");
		if (codes == NULL || codes->type == J_NULL ||
		    codes->type == J_STR)
			continue;	/* no list: no sector */
		if (codes->type != J_ARR) {
			add_problem(a, _("pivot[%d].code_insee_commune is not a "
			    "list"), i);
			continue;
		}
		for (k = 0; k < codes->n; k++) {
			const struct jval *cv = codes->items[k];
			const struct commune *c = cv->type == J_STR ?
			    commune_of(a->t, cv->s) : NULL;

			if (c == NULL) {
				add_problem(a, _("pivot[%d] (%s): unknown commune "
				    "code \"%s\""), i, jstr(p,
				    "type_service_local"), cv->type == J_STR ?
				    cv->s : "(not a string)");
				continue;
			}
			if (strcmp(c->dep, a->dep) != 0) {
				kp->outside++;
				continue;
			}
			for (m = 0; m < kp->ncodes; m++)
				if (strcmp(kp->codes[m], c->insee) == 0)
					break;
			if (m < kp->ncodes)
				continue;	/* déléguée and parent */
			kp->codes = xrealloc(kp->codes, sizeof *kp->codes *
			    (size_t)(m + 1));
			kp->codes[kp->ncodes++] = c->insee;
		}
	}
}

/* Address, phone, mail, site and hours. */
static void
check_contact(struct actx *a, const struct jval *rec, struct arecord *o)
{
	const struct jval *ads = jlist(a, rec, "adresse");
	const struct jval *ad = NULL, *tels, *sites, *mail;
	const char *v;
	int i;

	for (i = 0; ads != NULL && i < ads->n; i++)
		if (ads->items[i]->type == J_OBJ && (jstr(ads->items[i],
		    "type_adresse") == NULL || strcasecmp(jstr(ads->items[i],
		    "type_adresse"), "Adresse") == 0)) {
			ad = ads->items[i];	/* not the postal address */
			break;
		}
	if (ad != NULL) {
		const char *c1 = clean(a->r->arena, jstr(ad, "complement1"));
		const char *c2 = clean(a->r->arena, jstr(ad, "complement2"));

		o->street = clean(a->r->arena, jstr(ad, "numero_voie"));
		o->more = c1 ? c1 : c2;
		if (c1 && c2) {
			char *m = xasprintf("%s, %s", c1, c2);

			o->more = arena_strdup(a->r->arena, m);
			free(m);
		}
		o->postcode = jstr(ad, "code_postal");
		if (o->postcode != NULL && (strlen(o->postcode) != 5 ||
		    strspn(o->postcode, "0123456789") != 5))
			add_problem(a, _("adresse: code_postal \"%s\" is not 5 "
			    "digits"), o->postcode);
	}
	tels = jlist(a, rec, "telephone");
	if (tels != NULL && tels->n > 0 && (v = tels->items[0]->type == J_OBJ ?
	    jstr(tels->items[0], "valeur") : tels->items[0]->type == J_STR ?
	    tels->items[0]->s : NULL) != NULL &&
	    phone(a->dep, v, o->tel, sizeof o->tel) == -1)
		add_problem(a, _("telephone \"%s\" is not a phone number"), v);
	mail = jget(rec, "adresse_courriel");
	if (mail != NULL && mail->type == J_ARR && mail->n > 0 &&
	    mail->items[0]->type == J_STR && mail->items[0]->s[0])
		o->email = mail->items[0]->s;
	else if (mail != NULL && mail->type == J_STR && mail->s[0])
		o->email = mail->s;
	if (o->email != NULL && (strchr(o->email, '@') == NULL ||
	    strchr(o->email, '@') != strrchr(o->email, '@') ||
	    strpbrk(o->email, " \t<>\"") != NULL))
		add_problem(a, _("adresse_courriel \"%s\" is not an address"),
		    o->email);
	sites = jlist(a, rec, "site_internet");
	if (sites != NULL && sites->n > 0 && sites->items[0]->type == J_OBJ)
		o->site = jstr(sites->items[0], "valeur");
	if (o->site != NULL && strncmp(o->site, "https://", 8) != 0 &&
	    strncmp(o->site, "http://", 7) != 0) {
		add_note(a, _("record \"%s\": site_internet \"%s\" has no "
		    "http(s) scheme: left out"), a->id ? a->id : "?", o->site);
		o->site = NULL;
	}
	hours(a, rec, o->hours, sizeof o->hours, &o->hours_text);
}

/* A clean record: its structure, its services and their sectors. */
static void
emit(struct actx *a, struct arecord *o)
{
	struct annuaire_result *res = a->res;
	int j, k;

	/* with the department: an office serving two is imported twice */
	strbuf_printf(&a->st, "  - id: \"dila%s-%s\"\n", a->dep, a->id);
	yaml_field(&a->st, "nom", o->name);
	strbuf_printf(&a->st, "    date_maj: \"%s\"\n", o->date);
	yaml_field(&a->st, "adresse", o->street);
	yaml_field(&a->st, "complement_adresse", o->more);
	yaml_field(&a->st, "code_postal", o->postcode);
	if (o->commune != NULL) {
		yaml_field(&a->st, "code_insee", o->commune->insee);
		yaml_field(&a->st, "commune", o->commune->name);
	}
	yaml_field(&a->st, "telephone", o->tel[0] ? o->tel : NULL);
	yaml_field(&a->st, "courriel", o->email);
	yaml_field(&a->st, "site_web", o->site);
	yaml_field(&a->st, "horaires_accueil", o->hours[0] ? o->hours : NULL);
	yaml_field(&a->st, "x_horaires_texte", o->hours_text.s);
	yaml_verif(&a->st, o->url, o->date, a->path, a->id, "    ");
	if (res->date == NULL || strcmp(o->date, res->date) > 0) {
		free(res->date);
		res->date = xstrdup(o->date);
	}
	for (j = 0; j < o->nkept; j++) {
		struct kept *kp = &o->kept[j];
		const struct territory_kind *kd = kp->kind;
		char *sid = xasprintf("dila%s-%s-%s", a->dep, a->id, kd->id);
		char *name = o->nkept > 1 && utf8_chars(o->name) +
		    utf8_chars(kd->name) + 3 <= 150 ? xasprintf("%s – %s",
		    o->name, kd->name) : xstrdup(o->name);
		char *desc = xasprintf("%s : fiche de l'Annuaire de "
		    "l'administration (service-public.gouv.fr), avec les "
		    "communes de sa compétence.", kd->name);

		strbuf_printf(&a->sv, "  - id: \"%s\"\n    structure_id: "
		    "\"dila%s-%s\"\n", sid, a->dep, a->id);
		yaml_field(&a->sv, "nom", name);
		yaml_field(&a->sv, "description", desc);
		strbuf_printf(&a->sv, "    date_maj: \"%s\"\n    x_kind: %s\n"
		    "    x_urgence: false\n", o->date, kd->id);
		if (kp->ncodes > 0) {
			strbuf_printf(&a->sv, "    x_secteur: \"%s\"\n", sid);
			qsort(kp->codes, (size_t)kp->ncodes, sizeof *kp->codes,
			    cmp_str);
			strbuf_printf(&a->sec, "  \"%s\":\n    communes: [", sid);
			for (k = 0; k < kp->ncodes; k++)
				strbuf_printf(&a->sec, "%s%s\"%s\"", k ? "," : "",
				    k && k % 10 == 0 ? "\n      " : k ? " " :
				    "", kp->codes[k]);
			strbuf_add(&a->sec, "]\n");
			a->nsectors++;
		} else
			add_note(a, _("record \"%s\" (%s, kind %s): no commune "
			    "of department %s in its competence: no sector"),
			    a->id, o->name, kd->id, a->dep);
		if (kp->outside > 0)
			add_note(a, _("record \"%s\" (%s, kind %s): %d communes "
			    "of other departments left out of its sector"),
			    a->id, o->name, kd->id, kp->outside);
		strbuf_printf(&a->sv, "    zone_eligibilite: [\"%s\"]\n", a->dep);
		yaml_verif(&a->sv, o->url, o->date, a->path, a->id, "    ");
		same_place(a, a->id, o->name, kd, o->commune);
		if (strcmp(kd->id, "conseil_departemental") == 0 &&
		    a->contact == NULL)
			a->contact = arena_strdup(&a->keep, sid);
		count_kind(res, kd->id, kp->ncodes > 0, kp->ncodes);
		free(desc);
		free(name);
		free(sid);
	}
	res->nkept++;
}

/* One record of the file. */
static void
record(struct actx *a, const struct jval *rec)
{
	struct arecord o;
	const struct jval *pivots;
	const char *recdep;
	int j, bad_pivot = 0;

	a->res->nread++;
	a->bad = 0;
	a->id = NULL;
	if (rec->type != J_OBJ) {
		add_problem(a, _("a record is not an object"));
		return;
	}
	memset(&o, 0, sizeof o);
	a->id = jstr(rec, "id");
	pivots = jlist_or(a, rec, "pivot", &bad_pivot);
	if (bad_pivot) {
		/* Its kinds are unknown: a problem only in the department. */
		recdep = dep_of(a->t, jstr(rec, "code_insee_commune"));
		if (recdep == NULL || a->dep == NULL ||
		    strcmp(recdep, a->dep) == 0)
			add_problem(a, _("\"pivot\" is neither a list nor the "
			    "JSON text of one"));
		return;
	}
	if (!record_scope(a, rec, pivots, &o))
		return;
	check_identity(a, rec, &o);
	check_sectors(a, pivots, &o);
	check_contact(a, rec, &o);
	if (a->bad == 0)
		emit(a, &o);
	for (j = 0; j < o.nkept; j++)
		free(o.kept[j].codes);
	free(o.hours_text.s);
}

/* The records of a list, after its '['. */
static int
records(struct actx *a)
{
	struct jreader *r = a->r;
	struct arena ar;
	struct jval *v;
	int c;

	jr_ws(r);
	if (jr_peek(r) == ']') {
		jr_get(r);
		return 0;
	}
	for (;;) {
		arena_init(&ar);
		r->arena = &ar;
		r->used = 0;
		r->limit = RECORD_MAX;
		jr_ws(r);
		a->line = r->line;
		v = jr_value(r, 1);
		r->limit = 0;
		if (v == NULL) {
			arena_release(&ar);
			return -1;
		}
		record(a, v);
		arena_release(&ar);
		r->arena = NULL;
		jr_ws(r);
		c = jr_get(r);
		if (c == ',')
			continue;
		if (c == ']')
			return 0;
		return jr_fail(r, _("expected ',' or ']' after a record"));
	}
}

/* The top level: [records] or {"service": [records], …}. */
static int
top(struct actx *a)
{
	struct jreader *r = a->r;
	struct arena ar;
	int c, found = 0;

	if (jr_peek(r) == 0xef) {	/* a UTF-8 byte order mark */
		jr_get(r);
		if (jr_get(r) != 0xbb || jr_get(r) != 0xbf)
			return jr_fail(r, _("not JSON"));
		r->col = 1;
	}
	jr_ws(r);
	c = jr_get(r);
	if (c == '[') {
		if (records(a) == -1)
			return -1;
	} else if (c == '{') {
		jr_ws(r);
		if (jr_peek(r) == '}')
			jr_get(r);
		else
			for (;;) {
				const char *key;

				arena_init(&ar);
				r->arena = &ar;
				jr_ws(r);
				if (jr_get(r) != '"' || (key = jr_string(r)) ==
				    NULL || jr_expect(r, ':') == -1) {
					arena_release(&ar);
					return jr_fail(r, _("expected a member "
					    "name"));
				}
				if (strcmp(key, "service") == 0) {
					arena_release(&ar);
					if (jr_expect(r, '[') == -1)
						return jr_fail(r, _("\"service\" "
						    "must be a list"));
					found = 1;
					if (records(a) == -1)
						return -1;
				} else {
					int bad = jr_value(r, 1) == NULL;

					arena_release(&ar);
					if (bad)
						return -1;
				}
				jr_ws(r);
				c = jr_get(r);
				if (c == ',')
					continue;
				if (c == '}')
					break;
				return jr_fail(r, _("expected ',' or '}'"));
			}
		if (!found)
			return jr_fail(r, _("no \"service\" list of records"));
	} else
		return jr_fail(r, _("expected the list of records or an object "
		    "with a \"service\" list"));
	jr_ws(r);
	if (jr_peek(r) != EOF)
		return jr_fail(r, _("text after the JSON value"));
	return 0;
}

int
territory_annuaire_check(const struct territory *t, const char *path,
    const char *dep, struct annuaire_result *res, struct error *err)
{
	struct jreader *r;
	struct actx a;
	const struct directory_file *df = NULL;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int i, rc = 0, old = 0;

	memset(res, 0, sizeof *res);
	memset(&a, 0, sizeof a);
	/* the department codes and the communes' departments come with
	   the whole commune table, loaded on first need */
	if (territory_communes_load(t, err) == -1)
		return -1;
	if (dep != NULL) {
		for (i = 0; i < t->ndeps; i++)
			if (strcmp(t->deps[i], dep) == 0)
				break;
		if (i == t->ndeps)
			return error_set(err, path, 0, 0, _("unknown department "
			    "\"%s\""), dep);
		a.dep = t->deps[i];
		a.dep_given = 1;
	}
	r = xcalloc(1, sizeof *r);
	if ((r->f = file_open_regular(path, err)) == NULL) {
		free(r);
		return -1;
	}
	r->line = r->col = 1;
	r->err = err;
	r->path = path;
	a.t = t;
	a.res = res;
	a.r = r;
	a.path = base;
	arena_init(&a.keep);
	strbuf_add(&a.st, "");
	strbuf_add(&a.sv, "");
	strbuf_add(&a.sec, "");
	if (top(&a) == -1)
		rc = -1;
	else if (ferror(r->f))
		rc = error_set(err, path, 0, 0, _("cannot read the file"));
	fclose(r->f);
	if (rc == 0 && a.nother > 0) {
		struct strbuf b = STRBUF_INIT;

		strbuf_add(&b, "");
		for (i = 0; i < a.nother; i++)
			strbuf_printf(&b, "%s%s", i ? ", " : "", a.other[i]);
		a.line = 0;
		a.id = NULL;
		add_problem(&a, _("the file holds offices of department %s and "
		    "of %s: choose one with --department"), a.dep, b.s);
		free(b.s);
	}
	if (rc == 0 && res->nkept == 0 && res->nproblems == 0) {
		a.line = 0;
		a.id = NULL;
		if (a.dep != NULL)
			add_problem(&a, _("no office of a kind the rules route "
			    "to in department %s"), a.dep);
		else
			add_problem(&a, "%s", _("no office of a kind the rules "
			    "route to"));
	}
	if (rc == 0 && a.dep != NULL) {
		res->dep = xstrdup(a.dep);
		for (i = 0; i < t->nfiles; i++)
			if (t->files[i].dep != NULL &&
			    strcmp(t->files[i].dep, a.dep) == 0) {
				if (df == NULL)
					df = &t->files[i];
				if (t->files[i].local && t->files[i].annuaire)
					old = i + 1;
			}
		if (old) {
			int n = 0;

			for (i = 0; i < t->nstructures; i++)
				if (t->structures[i].file ==
				    t->files[old - 1].doc.file)
					n++;
			add_note(&a, _("replaces the earlier import of department "
			    "%s (%s, %d offices)"), a.dep, t->files[old - 1].path,
			    n);
		}
	}
	if (rc == 0 && res->nproblems == 0) {
		struct strbuf b = STRBUF_INIT;

		strbuf_printf(&b, "# Offices of department %s from the DILA "
		    "Annuaire de l'administration,\n# base de données locales "
		    "(Service-Public.gouv.fr / DILA, Licence Ouverte 2.0),\n"
		    "# records modified up to %s (meta.fichier). Written by\n"
		    "# `aiguillage directory import-annuaire`; format: "
		    "doc/territory.md §3 and §4b.\n# Do not edit by hand: "
		    "import the file again.\nmeta:\n  source: \"aiguillage\"\n"
		    "  cog: \"%s\"\n  departement: \"%s\"\n  origine: annuaire\n"
		    "  fichier: ", a.dep, res->date, df && df->cog ?
		    df->cog : "2026", a.dep);
		sb_quote(&b, base);
		strbuf_printf(&b, "\n  date_fichier: \"%s\"\n", res->date);
		if (a.contact != NULL && (df == NULL || df->local))
			strbuf_printf(&b, "  contact_general: \"%s\"\n", a.contact);
		strbuf_add(&b, "structures:\n");
		strbuf_add(&b, a.st.s);
		strbuf_add(&b, "services:\n");
		strbuf_add(&b, a.sv.s);
		strbuf_add(&b, a.nsectors ? "secteurs:\n" : "secteurs: {}\n");
		strbuf_add(&b, a.sec.s);
		res->text = b.s;
	}
	for (i = 0; i < a.nids; i++)
		free(a.ids[i]);
	free(a.ids);
	for (i = 0; i < a.nother; i++)
		free(a.other[i]);
	free(a.other);
	free(a.st.s);
	free(a.sv.s);
	free(a.sec.s);
	arena_release(&a.keep);
	free(r);
	return rc;
}

void
territory_annuaire_release(struct annuaire_result *res)
{
	int i;

	for (i = 0; i < res->nproblems; i++)
		free(res->problems[i].msg);
	free(res->problems);
	for (i = 0; i < res->nnotes; i++)
		free(res->notes[i]);
	free(res->notes);
	free(res->kinds);
	free(res->kind_offices);
	free(res->kind_sectors);
	free(res->kind_communes);
	for (i = 0; i < res->nskip; i++)
		free(res->skipped[i]);
	free(res->skipped);
	free(res->nskipped);
	free(res->date);
	free(res->text);
	free(res->dep);
	memset(res, 0, sizeof *res);
}

int
territory_annuaire_write(const struct territory *t,
    const struct annuaire_result *res, char **written, struct error *err)
{
	char *name;
	int rc;

	if (res->nproblems > 0 || res->text == NULL || res->dep == NULL)
		return error_set(err, NULL, 0, 0, _("the import has problems"));
	name = xasprintf("%s-annuaire.yaml", res->dep);
	rc = territory_local_write(t, "services", name, res->text, written,
	    err);
	free(name);
	return rc;
}
