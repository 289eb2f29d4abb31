/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules.c - load rules/ into one checked, immutable model.
 *
 * Loading runs in two passes so files may refer to each other in any
 * order: first every file is parsed and every name registered (questions,
 * derived variables, parameters, schemes, documents, service kinds), then
 * every expression is compiled against those names and every reference
 * checked. The first error stops the load with its file:line:col.
 */
#include "rules.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enode.h"
#include "hash.h"
#include "image.h"
#include "strbuf.h"
#include "ydoc.h"

struct loader {
	struct rules	*r;
	struct error	*err;
	int32_t		 date;
	struct ydoc	**docs;		/* kept until the end of the load */
	int		 ndocs, capdocs;
	uint64_t	 hash;
	/* The expression compiler's view of the names (expr_names) and
	   the derived variables being compiled (a cycle otherwise). */
	struct expr_names names;
	unsigned char	*dbusy;
	int		 ndbusy;
	/* The names the expressions read, hashed (name_find): variables,
	   derived variables, parameters, national schemes. */
	struct name_table {
		const void	*base;	/* the array hashed, and its length */
		int		 n;
		int		*slot;	/* index + 1, 0 empty */
		unsigned	 mask;
	}		 tvars, tderived, tparams, tschemes;
	/* Each document's entry, for its `when` (compiled in pass 2). */
	const struct ydoc	**doc_file;
	const struct ynode	**doc_node;
};

static const struct expr_names	*names(struct loader *);

#define LA(l)	(&(l)->r->arena)

static int
fail(struct loader *l, const struct ydoc *d, const struct ynode *n,
    const char *fmt, const char *a, const char *b)
{
	char msg[400];

	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return error_set(l->err, arena_strdup(LA(l), d->file),
	    n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static void
warn(struct loader *l, const char *file, int line, const char *fmt,
    const char *a, const char *b)
{
	char msg[600], *w;
	size_t old = l->r->warnings ? strlen(l->r->warnings) : 0;
	int n;

	n = snprintf(msg, sizeof msg, "%s:%d: warning: ", file, line);
	snprintf(msg + n, sizeof msg - (size_t)n, fmt, a ? a : "", b ? b : "");
	w = xrealloc(l->r->warnings, old + strlen(msg) + 2);
	memcpy(w + old, msg, strlen(msg));
	w[old + strlen(msg)] = '\n';
	w[old + strlen(msg) + 1] = '\0';
	l->r->warnings = w;
	l->r->nwarnings++;
}

/* --- file discovery ------------------------------------------------------ */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted paths of *.yaml files in dir (not recursive). Caller frees all. */
static char **
list_yaml(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	int n = 0, cap = 0;

	*count = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 6 ||
		    (strcmp(de->d_name + len - 5, ".yaml") != 0 &&
		    strcmp(de->d_name + len - 4, ".yml") != 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		v[n++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(v, (size_t)n, sizeof *v, cmp_str);
	*count = n;
	return v;
}

static void
free_list(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static struct ydoc *
load_doc(struct loader *l, const char *path)
{
	struct ydoc *d;
	size_t len;
	char *buf;

	buf = file_slurp(path, &len, l->err);
	if (buf == NULL) {
		l->err->file = arena_strdup(LA(l), path);
		return NULL;
	}
	l->hash = hash_bytes(l->hash, buf, len);
	if (l->ndocs == l->capdocs) {
		l->capdocs = l->capdocs ? l->capdocs * 2 : 64;
		l->docs = xrealloc(l->docs, sizeof *l->docs *
		    (size_t)l->capdocs);
	}
	d = xmalloc(sizeof *d);
	if (ydoc_parse(d, arena_strdup(LA(l), path), buf, len, l->err) == -1) {
		free(buf);
		free(d);
		return NULL;
	}
	l->docs[l->ndocs] = d;
	free(buf);
	l->ndocs++;
	return d;
}

/* --- scalar helpers ------------------------------------------------------ */

/* 0 when `n` is a node of `kind` (Y_MAP or Y_SEQ), else -1 naming `what`. */
static int
want_kind(struct loader *l, const struct ydoc *d, const struct ynode *n,
    int kind, const char *what)
{
	if (n != NULL && (int)n->kind == kind)
		return 0;
	return fail(l, d, n, kind == Y_MAP ? "%s must be a mapping" :
	    "%s must be a list", what, NULL);
}

static inline int
want_map(struct loader *l, const struct ydoc *d, const struct ynode *n,
    const char *what)
{
	return want_kind(l, d, n, Y_MAP, what);
}

static inline int
want_seq(struct loader *l, const struct ydoc *d, const struct ynode *n,
    const char *what)
{
	return want_kind(l, d, n, Y_SEQ, what);
}

/* Optional string field; *out = NULL when absent or null. */
static int
get_str(struct loader *l, const struct ydoc *d, const struct ynode *map,
    const char *key, int required, const char **out)
{
	const struct ynode *n = ynode_get(map, key);

	*out = NULL;
	if (n == NULL || ynode_is_null(n)) {
		if (required)
			return fail(l, d, map, "missing \"%s\"", key, NULL);
		return 0;
	}
	if (n->kind != Y_SCALAR)
		return fail(l, d, n, "\"%s\" must be a single value", key, NULL);
	*out = arena_strdup(LA(l), n->str);
	return 0;
}

/* --- texts: French typography and plain language --------------------------- */

/*
 * Every text of the rule base is read through get_text(), which warns
 * (never fails: an expert's wording is not an error) about what breaks
 * the house's rules for French text:
 *   - an ordinary space before « : ; ? ! » or » (or after «): the rule
 *     files carry the no-break spaces themselves (U+202F before ; ? ! and
 *     inside « », U+00A0 before :);
 *   - an acronym that rules/glossary.yaml does not expand (only when the
 *     rule base has a glossary);
 * and, in a text read by the person (TX_PERSON: question texts, option
 * labels, text_person), a « (e) » gender form or a sentence of more than
 * TX_MAX_WORDS words.
 */
enum { TX_AGENT, TX_PERSON };
#define TX_MAX_WORDS	25

/* An excerpt of s around byte i, for a warning (static buffer). */
static const char *
tx_excerpt(const char *s, size_t i)
{
	static char buf[64];
	size_t a = i > 24 ? i - 24 : 0, b = i + 24, len = strlen(s);

	if (b > len)
		b = len;
	while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80)
		a--;
	while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80)
		b++;
	snprintf(buf, sizeof buf, "%s%.*s%s", a > 0 ? "…" : "", (int)(b - a),
	    s + a, b < len ? "…" : "");
	return buf;
}

/* Bytes of the letter at s (ASCII or a UTF-8 sequence), 0 if not one. */
static int
tx_letter(const unsigned char *s, int *upper)
{
	*upper = 0;
	if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
		*upper = *s <= 'Z';
		return 1;
	}
	if (*s == 0xC3 && s[1] >= 0x80 && s[1] <= 0xBF && s[1] != 0x97 &&
	    s[1] != 0xB7) {
		*upper = s[1] <= 0x9E;
		return 2;
	}
	if (*s >= 0xC4 && *s <= 0xC5 && s[1] >= 0x80 && s[1] <= 0xBF)
		return 2;	/* Latin Extended-A: œ, Œ… (never an acronym) */
	return 0;
}

static int
tx_in_glossary(const struct rules *r, const char *w, size_t n)
{
	int i;

	for (i = 0; i < r->nglossary; i++)
		if (strlen(r->glossary[i].acronym) == n &&
		    memcmp(r->glossary[i].acronym, w, n) == 0)
			return 1;
	return 0;
}

/*
 * Acronyms of s: words of two capitals or more (hyphenated parts
 * included), no digit, not part of a web or mail address. A compound
 * ("PCO-TND") passes when it, or each of its parts, is in the glossary.
 */
static void
tx_acronyms(struct loader *l, const char *file, int line, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *w;
	int up, n, letters, uppers, digits;

	while (*p) {
		if (!tx_letter(p, &up) && !(*p >= '0' && *p <= '9')) {
			p++;
			continue;
		}
		w = p;
		letters = uppers = digits = 0;
		for (;;) {
			if ((n = tx_letter(p, &up)) > 0) {
				letters++;
				uppers += up;
				p += n;
			} else if (*p >= '0' && *p <= '9') {
				digits++;
				p++;
			} else if (*p == '-' && (tx_letter(p + 1, &up) ||
			    (p[1] >= '0' && p[1] <= '9'))) {
				p++;
			} else {
				break;
			}
		}
		if (letters < 2 || uppers != letters || digits > 0)
			continue;
		/* web or mail addresses: www.X.fr, X@Y, /X/ */
		if ((w > (const unsigned char *)s && (w[-1] == '.' ||
		    w[-1] == '/' || w[-1] == '@' || w[-1] == '_')) ||
		    ((*p == '.' || *p == '@' || *p == '/' || *p == '_') &&
		    tx_letter(p + 1, &up)))
			continue;
		if (!tx_in_glossary(l->r, (const char *)w, (size_t)(p - w))) {
			const unsigned char *a = w, *b;
			int ok = 1;

			while (a < p && ok) {
				b = a;
				while (b < p && *b != '-')
					b++;
				if (b - a < 2 || !tx_in_glossary(l->r,
				    (const char *)a, (size_t)(b - a)))
					ok = 0;
				a = b < p ? b + 1 : b;
			}
			if (!ok) {
				char acr[64];

				snprintf(acr, sizeof acr, "%.*s", (int)(p - w),
				    (const char *)w);
				warn(l, file, line, "acronym \"%s\" is not in "
				    "rules/glossary.yaml (in \"%s\")", acr,
				    tx_excerpt(s, (size_t)(w - (const unsigned
				    char *)s)));
			}
		}
	}
}

/* « seul(e) », « inscrit(e)s », « ancien(ne) »: a letter, then one of
   these endings in parentheses. */
static const char *
tx_gender_form(const char *s)
{
	static const char *const ends[] = { "(e)", "(es)", "(ne)", "(nes)",
	    "(le)", "(les)", "(ve)", "(se)", "(euse)", "(trice)", "(ère)",
	    NULL };
	const char *p;
	int up, k;

	for (p = strchr(s, '('); p != NULL; p = strchr(p + 1, '('))
		for (k = 0; ends[k] != NULL; k++)
			if (strncmp(p, ends[k], strlen(ends[k])) == 0 &&
			    p > s && (tx_letter((const unsigned char *)p - 1,
			    &up) || (p - s >= 2 &&
			    tx_letter((const unsigned char *)p - 2, &up) == 2)))
				return p;
	return NULL;
}

/*
 * The first sentence of s longer than TX_MAX_WORDS words: its start, and
 * its length in *words. A sentence ends at . ? ! followed by a space or
 * the end; a word is a run without spaces holding a letter or a digit.
 */
static const char *
tx_long_sentence(const char *s, int *words)
{
	const unsigned char *p = (const unsigned char *)s, *start = p;
	int n = 0, inword = 0, alnum = 0, up;

	for (;; p++) {
		int space = *p == ' ' || *p == '\0' || (p[0] == 0xC2 &&
		    p[1] == 0xA0) || (p[0] == 0xE2 && p[1] == 0x80 &&
		    p[2] == 0xAF);

		if (space) {
			if (inword && alnum)
				n++;
			inword = alnum = 0;
		} else {
			inword = 1;
			if (tx_letter(p, &up) || (*p >= '0' && *p <= '9') ||
			    *p >= 0xC0)
				alnum = 1;
		}
		if (*p == '\0' || ((*p == '.' || *p == '?' || *p == '!') &&
		    (p[1] == ' ' || p[1] == '\0' || p[1] == '"'))) {
			if (inword && alnum)
				n++;
			inword = alnum = 0;
			if (n > TX_MAX_WORDS) {
				*words = n;
				return (const char *)start;
			}
			if (*p == '\0')
				return NULL;
			n = 0;
			start = p + 1;
			while (*start == ' ')
				start++;
		}
	}
}

static void
lint_text(struct loader *l, const char *file, int line, const char *s,
    int how)
{
	const char *p;
	int words;

	for (p = s; *p; p++)
		if ((p[0] == ' ' && p[1] != '\0' && strchr(":;?!", p[1])) ||
		    (p[0] == ' ' && strncmp(p + 1, "»", 2) == 0) ||
		    (strncmp(p, "«", 2) == 0 && p[2] == ' ')) {
			warn(l, file, line, "ordinary space before a sign or "
			    "inside « » (a no-break space is wanted: U+202F "
			    "before ; ? ! and inside « », U+00A0 before :) in "
			    "\"%s\"%s", tx_excerpt(s, (size_t)(p - s)), "");
			break;
		}
	if (l->r->glossary != NULL)
		tx_acronyms(l, file, line, s);
	if (how != TX_PERSON)
		return;
	if ((p = tx_gender_form(s)) != NULL)
		warn(l, file, line, "a text for the person uses a « (e) » form: "
		    "\"%s\"%s", tx_excerpt(s, (size_t)(p - s)), "");
	if ((p = tx_long_sentence(s, &words)) != NULL) {
		char n[16];

		snprintf(n, sizeof n, "%d", words);
		warn(l, file, line, "a sentence of %s words in a text for the "
		    "person (25 at most): \"%s\"", n, tx_excerpt(p, 0));
	}
}

/* get_str() for a text someone reads: the same, then lint_text(). */
static int
get_text(struct loader *l, const struct ydoc *d, const struct ynode *map,
    const char *key, int required, const char **out, int how)
{
	if (get_str(l, d, map, key, required, out) == -1)
		return -1;
	if (*out != NULL)
		lint_text(l, d->file, ynode_get(map, key)->line, *out, how);
	return 0;
}

static int
get_bool(struct loader *l, const struct ydoc *d, const struct ynode *map,
    const char *key, int dflt, int *out)
{
	const struct ynode *n = ynode_get(map, key);

	*out = dflt;
	if (n == NULL || ynode_is_null(n))
		return 0;
	if (n->kind == Y_SCALAR && !n->quoted) {
		if (strcmp(n->str, "true") == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(n->str, "false") == 0) {
			*out = 0;
			return 0;
		}
	}
	return fail(l, d, n, "\"%s\" must be true or false", key, NULL);
}

/* A list of strings (or one string). */
static int
get_strs(struct loader *l, const struct ydoc *d, const struct ynode *map,
    const char *key, const char ***out, int *count)
{
	const struct ynode *n = ynode_get(map, key);
	int i;

	*out = NULL;
	*count = 0;
	if (n == NULL || ynode_is_null(n))
		return 0;
	if (n->kind == Y_SCALAR) {
		*out = arena_alloc(LA(l), sizeof **out);
		(*out)[0] = arena_strdup(LA(l), n->str);
		*count = 1;
		return 0;
	}
	if (n->kind != Y_SEQ)
		return fail(l, d, n, "\"%s\" must be a list", key, NULL);
	*out = arena_alloc(LA(l), sizeof **out * (size_t)(n->n + 1));
	for (i = 0; i < n->n; i++) {
		if (n->items[i]->kind != Y_SCALAR)
			return fail(l, d, n->items[i],
			    "\"%s\" must be a list of values", key, NULL);
		(*out)[i] = arena_strdup(LA(l), n->items[i]->str);
	}
	*count = n->n;
	return 0;
}

/* Replace each string of an array by its interned copy. */
static void
intern_all(struct loader *l, const char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		v[i] = rules_intern(l->r, v[i]);
}

/* Reject keys not in `allowed` (NULL-terminated); x_* and note/comment pass. */
static int
check_keys(struct loader *l, const struct ydoc *d, const struct ynode *map,
    const char *const *allowed, const char *what)
{
	int i, k;

	for (i = 0; i < map->n; i++) {
		const char *key = map->keys[i];

		if (strncmp(key, "x_", 2) == 0 || strcmp(key, "note") == 0 ||
		    strcmp(key, "comment") == 0)
			continue;
		for (k = 0; allowed[k] != NULL; k++)
			if (strcmp(allowed[k], key) == 0)
				break;
		if (allowed[k] == NULL)
			return fail(l, d, map->kpos[i], "unknown key \"%s\" in %s",
			    key, what);
	}
	return 0;
}

/* An expression field: compile now (names must be registered). */
/*
 * Loads the rule file `name` (relative to the rule folder) into *out and
 * checks that its top is a mapping (`what` names the file in messages)
 * with no key outside `top` (NULL: any key). With `optional`, a missing
 * file is no error. Returns 1 when loaded, 0 when optional and missing
 * (*out = NULL), -1 on error (in l->err).
 */
static int
open_rule_file(struct loader *l, const char *name, int optional,
    const char *what, const char *const *top, struct ydoc **out)
{
	char *path = xasprintf("%s/%s", l->r->dir, name);
	struct stat st;
	struct ydoc *d = NULL;
	int rc = -1;

	if (optional && stat(path, &st) == -1)
		rc = 0;
	else if ((d = load_doc(l, path)) != NULL &&
	    want_map(l, d, d->root, what) == 0 &&
	    (top == NULL || check_keys(l, d, d->root, top, what) == 0))
		rc = 1;
	free(path);
	*out = d;
	return rc;
}

static int
get_expr(struct loader *l, const struct ydoc *d, const struct ynode *map,
    const char *key, int required, enum xtype want, struct expr **out,
    const char **src)
{
	const struct ynode *n = ynode_get(map, key);

	*out = NULL;
	if (src != NULL)
		*src = NULL;
	if (n == NULL || ynode_is_null(n)) {
		if (required)
			return fail(l, d, map, "missing \"%s\"", key, NULL);
		return 0;
	}
	if (n->kind != Y_SCALAR)
		return fail(l, d, n, "\"%s\" must be an expression (a string)",
		    key, NULL);
	*out = expr_compile(names(l), n->str, arena_strdup(LA(l), d->file),
	    n->line, n->col + (n->quoted ? 1 : 0), want, l->err);
	if (*out == NULL)
		return -1;
	if (src != NULL)
		*src = arena_strdup(LA(l), n->str);
	return 0;
}

/* --- names for the expression compiler ------------------------------------ */

/*
 * find_named through a table of hashes of the names, made again when the
 * array moved or grew: the loader names each variable, derived variable
 * and parameter hundreds of times (a linear search of them all was a
 * twentieth of a cold start). The first of equal names, as find_named.
 */
static int
name_find(struct name_table *t, const void *base, int n, size_t size,
    size_t off, const char *key)
{
	const char *p = base, *name;
	unsigned h;
	int i, k;

	if (t->base != base || t->n != n) {
		free(t->slot);
		for (t->mask = 15; t->mask < 2 * (unsigned)n; )
			t->mask = t->mask * 2 + 1;
		t->slot = xcalloc((size_t)t->mask + 1, sizeof *t->slot);
		t->base = base;
		t->n = n;
		for (i = 0; i < n; i++) {
			memcpy(&name, p + (size_t)i * size + off, sizeof name);
			for (h = ydoc_key_hash(name) & t->mask; (k = t->slot[h])
			    != 0; h = (h + 1) & t->mask) {
				const char *o;

				memcpy(&o, p + (size_t)(k - 1) * size + off,
				    sizeof o);
				if (strcmp(o, name) == 0)
					break;	/* the first one stays */
			}
			if (k == 0)
				t->slot[h] = i + 1;
		}
	}
	for (h = ydoc_key_hash(key) & t->mask; (k = t->slot[h]) != 0;
	    h = (h + 1) & t->mask) {
		memcpy(&name, p + (size_t)(k - 1) * size + off, sizeof name);
		if (strcmp(name, key) == 0)
			return k - 1;
	}
	return -1;
}

#define NAME_FIND(t, arr, n, type, member, key) \
	name_find((t), (arr), (n), sizeof(type), offsetof(type, member), (key))

static int
names_var(void *ctx, const char *name)
{
	struct loader *l = ctx;

	return NAME_FIND(&l->tvars, l->r->vars, l->r->nvars, struct var, id,
	    name);
}

/* A parameter some expression reads is used (param_warnings). */
static int
names_param(void *ctx, const char *name)
{
	struct loader *l = ctx;
	int i = NAME_FIND(&l->tparams, l->r->params, l->r->nparams,
	    struct param, name, name);

	if (i >= 0)
		l->r->params[i].used = 1;
	return i;
}

static int
names_scheme(void *ctx, const char *name)
{
	struct loader *l = ctx;

	return NAME_FIND(&l->tschemes, l->r->schemes, l->r->nnational,
	    struct scheme, id, name);
}

static const char *
names_intern(void *ctx, const char *s)
{
	return rules_intern(((struct loader *)ctx)->r, s);
}

/* A derived variable, compiled the first time it is named (expr.h). */
static int
names_derived(void *ctx, const char *name, struct type *type,
    struct error *err)
{
	struct loader *l = ctx;
	struct derived *d;
	int i = NAME_FIND(&l->tderived, l->r->derived, l->r->nderived,
	    struct derived, id, name);

	if (i < 0)
		return -1;
	d = &l->r->derived[i];
	if (d->expr == NULL) {
		if (l->ndbusy < l->r->nderived) {
			l->dbusy = xrealloc(l->dbusy, (size_t)l->r->nderived);
			memset(l->dbusy + l->ndbusy, 0, (size_t)(l->r->nderived -
			    l->ndbusy));
			l->ndbusy = l->r->nderived;
		}
		if (l->dbusy[i])
			return -3;
		l->dbusy[i] = 1;
		d->expr = expr_compile(names(l), d->src, d->file, d->line,
		    d->col, T_ANY, err);
		l->dbusy[i] = 0;
		if (d->expr == NULL)
			return -2;
	}
	*type = d->expr->type;
	return i;
}

/* What the loader's names hold (dbusy, the hashed tables). */
static void
loader_names_free(struct loader *l)
{
	free(l->dbusy);
	free(l->tvars.slot);
	free(l->tderived.slot);
	free(l->tparams.slot);
	free(l->tschemes.slot);
}

/* The names as they are now (the questions may have moved). */
static const struct expr_names *
names(struct loader *l)
{
	l->names.ctx = l;
	l->names.arena = &l->r->arena;
	l->names.vars = l->r->vars;
	l->names.var_index = names_var;
	l->names.param_index = names_param;
	l->names.scheme_index = names_scheme;
	l->names.derived = names_derived;
	l->names.intern = names_intern;
	return &l->names;
}

struct expr *
rules_compile(struct rules *r, const char *src, const char *file, int line,
    int col, enum xtype want, struct error *err)
{
	struct loader l;
	struct expr *e;

	memset(&l, 0, sizeof l);
	l.r = r;
	l.err = err;
	e = expr_compile(names(&l), src, file, line, col, want, err);
	loader_names_free(&l);
	if (e != NULL)		/* a root: its compiled form beside it */
		e->compiled = enode_compile_in(&r->arena, e);
	return e;
}

static void
walk_vars(const struct rules *r, const struct expr *e,
    void (*fn)(void *, int), void *arg, unsigned char *seen)
{
	int i;

	if (e == NULL)
		return;
	switch (e->op) {
	case X_VAR:
		fn(arg, e->idx);
		break;
	case X_DERIVED:
		if (!seen[e->idx]) {
			seen[e->idx] = 1;
			walk_vars(r, r->derived[e->idx].expr, fn, arg, seen);
		}
		break;
	default:
		break;
	}
	walk_vars(r, e->a, fn, arg, seen);
	walk_vars(r, e->b, fn, arg, seen);
	walk_vars(r, e->c, fn, arg, seen);
	walk_vars(r, e->where, fn, arg, seen);
	for (i = 0; i < e->nargs; i++)
		walk_vars(r, e->args[i], fn, arg, seen);
}

void
rules_vars_read(const struct rules *r, const struct expr *e,
    void (*fn)(void *arg, int var), void *arg)
{
	unsigned char *seen = xcalloc((size_t)r->nderived + 1, 1);

	walk_vars(r, e, fn, arg, seen);
	free(seen);
}

/* --- interned strings ------------------------------------------------------ */

/* Whether `p` lies in the mapped image of `r` (not to be freed). */
static int
in_image(const struct rules *r, const void *p)
{
	const unsigned char *b = r->image;

	return b != NULL && (const unsigned char *)p >= b &&
	    (const unsigned char *)p < b + r->image_len;
}

const char *
rules_intern(struct rules *r, const char *s)
{
	unsigned i, k;

	if (r->intern_count * 2 >= r->intern_size) {
		unsigned nsize = r->intern_size ? r->intern_size * 2 : 1024;
		const char **n = xcalloc(nsize, sizeof *n);

		for (i = 0; i < r->intern_size; i++)
			if (r->intern[i] != NULL) {
				k = hash_str(r->intern[i]) & (nsize - 1);
				while (n[k] != NULL)
					k = (k + 1) & (nsize - 1);
				n[k] = r->intern[i];
			}
		if (!in_image(r, r->intern))
			free(r->intern);
		r->intern = n;
		r->intern_size = nsize;
	}
	k = hash_str(s) & (r->intern_size - 1);
	while (r->intern[k] != NULL) {
		if (strcmp(r->intern[k], s) == 0)
			return r->intern[k];
		k = (k + 1) & (r->intern_size - 1);
	}
	r->intern[k] = arena_strdup(&r->arena, s);
	r->intern_count++;
	return r->intern[k];
}

/* --- lookups --------------------------------------------------------------- */

/*
 * Index of the first of the `n` elements of `base` (each `size` bytes)
 * whose `const char *` member at byte offset `off` equals `key`, or -1.
 * Every by-name lookup of the model goes through here.
 */
static int
find_named(const void *base, int n, size_t size, size_t off, const char *key)
{
	const char *p = base;
	const char *name;
	int i;

	for (i = 0; i < n; i++, p += size) {
		memcpy(&name, p + off, sizeof name);
		if (strcmp(name, key) == 0)
			return i;
	}
	return -1;
}

#define FIND_NAMED(arr, n, type, member, key) \
	find_named((arr), (n), sizeof(type), offsetof(type, member), (key))

int
rules_var_index(const struct rules *r, const char *id)
{
	return FIND_NAMED(r->vars, r->nvars, struct var, id, id);
}

int
rules_derived_index(const struct rules *r, const char *id)
{
	return FIND_NAMED(r->derived, r->nderived, struct derived, id, id);
}

int
rules_param_index(const struct rules *r, const char *name)
{
	return FIND_NAMED(r->params, r->nparams, struct param, name, name);
}

int
rules_scheme_index(const struct rules *r, const char *id)
{
	return FIND_NAMED(r->schemes, r->nnational, struct scheme, id, id);
}

const struct document *
rules_document(const struct rules *r, const char *id)
{
	int i = FIND_NAMED(r->documents, r->ndocuments, struct document, id,
	    id);

	return i < 0 ? NULL : &r->documents[i];
}

const struct service_kind *
rules_kind(const struct rules *r, const char *id)
{
	int i = FIND_NAMED(r->kinds, r->nkinds, struct service_kind, id, id);

	return i < 0 ? NULL : &r->kinds[i];
}

/* Where a scheme is claimed: its variant's services, else its route's. */
const char *const *
scheme_services(const struct scheme *s, int variant, int *n)
{
	if (variant >= 0 && variant < s->nvariants &&
	    s->variants[variant].nservices > 0) {
		*n = s->variants[variant].nservices;
		return s->variants[variant].services;
	}
	*n = s->nservices;
	return s->services;
}

/* What a scheme is claimed with: its variant's documents, else its own. */
const char *const *
scheme_documents(const struct scheme *s, int variant, int *n)
{
	if (variant >= 0 && variant < s->nvariants &&
	    s->variants[variant].ndocuments > 0) {
		*n = s->variants[variant].ndocuments;
		return s->variants[variant].documents;
	}
	*n = s->ndocuments;
	return s->documents;
}

const char *
rules_domain_label(const struct rules *r, const char *id)
{
	int i = find_named(r->domains, r->ndomains, sizeof *r->domains, 0, id);

	if (i < 0)
		return id;
	return r->domain_labels != NULL && r->domain_labels[i] != NULL ?
	    r->domain_labels[i] : id;
}

int
param_at(const struct param *p, int32_t date, num_t *out)
{
	int i;

	for (i = p->nvalues - 1; i >= 0; i--)
		if (p->values[i].from <= date) {
			*out = p->values[i].value;
			return 0;
		}
	return -1;
}

const char *
route_kind_name(enum route_kind k)
{
	static const char *names[] = { "emergency", "mds_appointment",
	    "mds_service", "partner", "partner_help" };

	return names[k];
}

/* --- pass 1: registration -------------------------------------------------- */

static const struct {
	const char	*name;
	enum qtype	 qt;
	enum xtype	 t, elem;
} qtypes[] = {
	{ "bool", Q_BOOL, T_BOOL, T_ANY },
	{ "int", Q_INT, T_NUM, T_ANY },
	{ "money", Q_MONEY, T_NUM, T_ANY },
	{ "enum", Q_ENUM, T_STR, T_ANY },
	{ "set", Q_SET, T_LIST, T_STR },
	{ "string", Q_STRING, T_STR, T_ANY },
	{ "date", Q_DATE, T_DATE, T_ANY },
	{ "commune", Q_COMMUNE, T_STR, T_ANY },
	{ "department", Q_DEPARTMENT, T_STR, T_ANY },
	{ "record", Q_RECORD, T_RECORD, T_ANY },
	{ "list", Q_LIST, T_LIST, T_RECORD },
};

static const char *const question_keys[] = { "id", "type", "text",
	"text_third", "help", "options", "min", "max", "ask_if", "sensitive",
	"ask", "fields", "group", "implied_if", "implied", NULL };

static const char *const option_keys[] = { "value", "label", "show_if",
	"sensitive", NULL };

static int load_var(struct loader *, const struct ydoc *,
    const struct ynode *, struct var *, int is_field);

static int
get_num(struct loader *l, const struct ydoc *d, const struct ynode *map,
    const char *key, int *has, num_t *out)
{
	const struct ynode *n = ynode_get(map, key);

	*has = 0;
	if (n == NULL || ynode_is_null(n))
		return 0;
	if (n->kind != Y_SCALAR || num_parse(n->str, 0, out) == -1)
		return fail(l, d, n, "\"%s\" must be a number", key, NULL);
	*has = 1;
	return 0;
}

/*
 * The list `key` of question `q`, which it has exactly when its type
 * `wants` one: *out is the list, or NULL when absent; -1 when it is there
 * but not wanted (`only`), wanted but not there (`needs`) or not a list.
 */
static int
typed_list(struct loader *l, const struct ydoc *d, const struct ynode *q,
    const char *key, int wants, const char *only, const char *needs,
    const struct ynode **out)
{
	*out = ynode_get(q, key);
	if (wants != (*out != NULL))
		return fail(l, d, q, *out != NULL ? only : needs, NULL, NULL);
	return *out != NULL ? want_seq(l, d, *out, key) : 0;
}

static int
load_var(struct loader *l, const struct ydoc *d, const struct ynode *q,
    struct var *v, int is_field)
{
	const char *type;
	const struct ynode *opts, *fields;
	size_t k;
	int i;

	if (want_map(l, d, q, "a question") == -1 ||
	    check_keys(l, d, q, question_keys, "a question") == -1 ||
	    get_str(l, d, q, "id", 1, &v->id) == -1 ||
	    get_str(l, d, q, "type", 1, &type) == -1 ||
	    get_text(l, d, q, "text", 0, &v->text, TX_PERSON) == -1 ||
	    get_text(l, d, q, "text_third", 0, &v->text_third, TX_AGENT) == -1 ||
	    get_text(l, d, q, "help", 0, &v->help, TX_AGENT) == -1 ||
	    get_str(l, d, q, "group", 0, &v->group) == -1 ||
	    get_bool(l, d, q, "sensitive", 0, &v->sensitive) == -1 ||
	    get_bool(l, d, q, "ask", 1, &v->ask) == -1 ||
	    get_num(l, d, q, "min", &v->has_min, &v->min) == -1 ||
	    get_num(l, d, q, "max", &v->has_max, &v->max) == -1 ||
	    get_str(l, d, q, "ask_if", 0, &v->ask_if_src) == -1 ||
	    get_str(l, d, q, "implied_if", 0, &v->implied_if_src) == -1)
		return -1;
	if (v->has_min && v->has_max && v->min > v->max)
		return fail(l, d, ynode_get(q, "min"), "\"min\" is greater "
		    "than \"max\"", NULL, NULL);
	v->file = arena_strdup(LA(l), d->file);
	v->line = q->line;
	v->col = q->col;
	if (is_field && (ynode_get(q, "implied_if") != NULL ||
	    ynode_get(q, "implied") != NULL))
		return fail(l, d, q, "\"implied_if\" is not for fields", NULL,
		    NULL);
	if ((ynode_get(q, "implied_if") == NULL) !=
	    (ynode_get(q, "implied") == NULL))
		return fail(l, d, q, "\"implied_if\" and \"implied\" go "
		    "together", NULL, NULL);
	for (k = 0; k < sizeof qtypes / sizeof qtypes[0]; k++)
		if (strcmp(qtypes[k].name, type) == 0)
			break;
	if (k == sizeof qtypes / sizeof qtypes[0])
		return fail(l, d, ynode_get(q, "type"),
		    "unknown question type \"%s\"", type, NULL);
	v->qt = qtypes[k].qt;
	v->type.t = qtypes[k].t;
	v->type.elem = qtypes[k].elem;
	if (v->qt == Q_RECORD || v->qt == Q_LIST)
		v->type.rec = v;
	if (is_field && (v->qt == Q_RECORD || v->qt == Q_LIST))
		return fail(l, d, q, "a field cannot be a record or a list",
		    NULL, NULL);
	if (typed_list(l, d, q, "options", v->qt == Q_ENUM || v->qt == Q_SET,
	    "\"options\" only go with enum and set questions",
	    "an enum or set question needs \"options\"", &opts) == -1)
		return -1;
	if (opts != NULL) {
		v->opts = arena_alloc(LA(l), sizeof *v->opts *
		    (size_t)opts->n);
		for (i = 0; i < opts->n; i++) {
			const struct ynode *o = opts->items[i];
			const char *val = NULL;

			if (o->kind == Y_SCALAR) {
				val = o->str;
			} else if (check_keys(l, d, o, option_keys,
			    "an option") == -1 ||
			    get_str(l, d, o, "value", 1, &val) == -1 ||
			    get_text(l, d, o, "label", 0,
			    &v->opts[i].label, TX_PERSON) == -1 ||
			    get_str(l, d, o, "show_if", 0,
			    &v->opts[i].show_if_src) == -1 ||
			    get_bool(l, d, o, "sensitive", 0,
			    &v->opts[i].sensitive) == -1) {
				return -1;
			}
			if (v->opts[i].show_if_src != NULL && is_field)
				return fail(l, d, ynode_get(o, "show_if"),
				    "\"show_if\" goes only with the options of a "
				    "question, not of a field", NULL, NULL);
			if (v->opts[i].sensitive && is_field)
				return fail(l, d, ynode_get(o, "sensitive"),
				    "\"sensitive\" goes only with the options "
				    "of a question, not of a field", NULL,
				    NULL);
			v->sensitive_opts |= v->opts[i].sensitive;
			if (o->kind == Y_SCALAR && !o->quoted &&
			    (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0 ||
			    strcmp(val, "true") == 0 ||
			    strcmp(val, "false") == 0 ||
			    strcmp(val, "on") == 0 || strcmp(val, "off") == 0))
				return fail(l, d, o, "option \"%s\" reads as a "
				    "boolean: use another word", val, NULL);
			if (var_option(v, val) >= 0)
				return fail(l, d, o, "duplicate option \"%s\"",
				    val, NULL);
			v->opts[i].value = rules_intern(l->r, val);
			v->nopts = i + 1;
		}
	}
	if (typed_list(l, d, q, "fields", v->qt == Q_RECORD ||
	    v->qt == Q_LIST, "\"fields\" only go with record and list "
	    "questions", "a record or list question needs \"fields\"",
	    &fields) == -1)
		return -1;
	if (fields != NULL) {
		v->fields = arena_alloc(LA(l), sizeof *v->fields *
		    (size_t)fields->n);
		for (i = 0; i < fields->n; i++) {
			if (load_var(l, d, fields->items[i], &v->fields[i],
			    1) == -1)
				return -1;
			v->fields[i].index = i;
		}
		v->nfields = fields->n;
	}
	return 0;
}

/*
 * Every *.yaml file of rules/<sub>, in name order: each must be a mapping
 * whose `key` is a list (or a mapping when `map`), handed to `fn`.
 */
static int
each_file(struct loader *l, const char *sub, const char *key, int map,
    int (*fn)(struct loader *, const struct ydoc *, const struct ynode *))
{
	char *dir = xasprintf("%s/%s", l->r->dir, sub), what[64];
	char **files;
	int nfiles, f, rc = -1;

	snprintf(what, sizeof what, "\"%s\"", key);
	files = list_yaml(dir, &nfiles);
	for (f = 0; f < nfiles; f++) {
		struct ydoc *d = load_doc(l, files[f]);
		const struct ynode *list;

		if (d == NULL)
			goto out;
		if (d->root == NULL)
			continue;
		list = ynode_get(d->root, key);
		if (want_map(l, d, d->root, "the file") == -1 ||
		    (map ? want_map(l, d, list, what) :
		    want_seq(l, d, list, what)) == -1 || fn(l, d, list) == -1)
			goto out;
	}
	rc = 0;
out:
	free_list(files, nfiles);
	free(dir);
	return rc;
}

static int
questions_file(struct loader *l, const struct ydoc *d, const struct ynode *qs)
{
	int i;

	for (i = 0; i < qs->n; i++) {
		struct var *v;

		if (l->r->nvars + 1 >= RULES_MAX_VARS)
			return fail(l, d, qs->items[i], "more than %s questions",
			    "255", NULL);
		l->r->vars = xrealloc(l->r->vars, sizeof *l->r->vars *
		    (size_t)(l->r->nvars + 1));
		v = &l->r->vars[l->r->nvars];
		memset(v, 0, sizeof *v);
		if (load_var(l, d, qs->items[i], v, 0) == -1)
			return -1;
		if (rules_var_index(l->r, v->id) >= 0)
			return fail(l, d, qs->items[i], "question \"%s\" is "
			    "defined twice", v->id, NULL);
		v->index = l->r->nvars++;
	}
	return 0;
}

static int
load_questions(struct loader *l)
{
	int i;

	if (each_file(l, "questions", "questions", 0, questions_file) == -1)
		return -1;
	/* The evaluation date is always a variable. */
	if (rules_var_index(l->r, "date") < 0) {
		struct var *v;

		l->r->vars = xrealloc(l->r->vars, sizeof *l->r->vars *
		    (size_t)(l->r->nvars + 1));
		v = &l->r->vars[l->r->nvars];
		memset(v, 0, sizeof *v);
		v->id = "date";
		v->qt = Q_DATE;
		v->type.t = T_DATE;
		v->index = l->r->nvars++;
		v->file = "(built-in)";
	}
	/* Records point at their own definition, now that it stays put. */
	for (i = 0; i < l->r->nvars; i++)
		if (l->r->vars[i].qt == Q_RECORD || l->r->vars[i].qt == Q_LIST)
			l->r->vars[i].type.rec = &l->r->vars[i];
	return 0;
}

static int
derived_file(struct loader *l, const struct ydoc *d, const struct ynode *ds)
{
	static const char *const keys[] = { "id", "expr", "text", NULL };
	int i;

	l->r->derived = xrealloc(l->r->derived, sizeof *l->r->derived *
	    (size_t)(l->r->nderived + ds->n));
	for (i = 0; i < ds->n; i++) {
		struct derived *dv = &l->r->derived[l->r->nderived];
		const struct ynode *n = ds->items[i], *e;

		memset(dv, 0, sizeof *dv);
		if (want_map(l, d, n, "a derived variable") == -1 ||
		    check_keys(l, d, n, keys, "a derived variable") ||
		    get_str(l, d, n, "id", 1, &dv->id) == -1 ||
		    get_text(l, d, n, "text", 0, &dv->text, TX_AGENT) == -1 ||
		    get_str(l, d, n, "expr", 1, &dv->src) == -1)
			return -1;
		if (rules_derived_index(l->r, dv->id) >= 0 ||
		    rules_var_index(l->r, dv->id) >= 0)
			return fail(l, d, n, "\"%s\" is already defined", dv->id,
			    NULL);
		e = ynode_get(n, "expr");
		dv->file = arena_strdup(LA(l), d->file);
		dv->line = e->line;
		dv->col = e->col + (e->quoted ? 1 : 0);
		l->r->nderived++;
	}
	return 0;
}

static int
cmp_pvalue(const void *a, const void *b)
{
	const struct param_value *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

/*
 * "checked: YYYY-MM-DD" records the day someone looked for a newer value
 * and found none; "note" says what was looked at.  A checked parameter
 * needs its note, and "frozen" (never revalued) excludes "checked".
 */
static int
get_checked(struct loader *l, const struct ydoc *d, const struct ynode *n,
    struct param *p)
{
	const struct ynode *c = ynode_get(n, "checked");

	p->has_checked = 0;
	if (c == NULL || ynode_is_null(c)) {
		if (p->note != NULL)
			return fail(l, d, ynode_get(n, "note"), "\"note\" "
			    "goes with \"checked\" (the date of the check)",
			    NULL, NULL);
		return 0;
	}
	if (c->kind != Y_SCALAR || date_parse(c->str, &p->checked) == -1)
		return fail(l, d, c, "\"checked\" must be a date YYYY-MM-DD",
		    NULL, NULL);
	p->has_checked = 1;
	if (p->frozen)
		return fail(l, d, c, "\"checked\" and \"frozen\" exclude "
		    "each other", NULL, NULL);
	if (p->note == NULL || p->note[0] == '\0')
		return fail(l, d, c, "\"checked\" needs a \"note\" saying "
		    "what was looked for and not found", NULL, NULL);
	return 0;
}

/*
 * "unconfirmed_from: YYYY-MM-DD": from that day a newer value was due and
 * none was found; a checked parameter only (its note says what was
 * looked for). The amounts that read it say it is not confirmed.
 */
static int
get_unconfirmed(struct loader *l, const struct ydoc *d,
    const struct ynode *n, struct param *p)
{
	const struct ynode *c = ynode_get(n, "unconfirmed_from");

	p->unconfirmed_from = 0;
	if (c == NULL || ynode_is_null(c))
		return 0;
	if (c->kind != Y_SCALAR ||
	    date_parse(c->str, &p->unconfirmed_from) == -1)
		return fail(l, d, c, "\"unconfirmed_from\" must be a date "
		    "YYYY-MM-DD", NULL, NULL);
	if (!p->has_checked)
		return fail(l, d, c, "\"unconfirmed_from\" goes with "
		    "\"checked\" and its note (what was looked for)", NULL,
		    NULL);
	return 0;
}

static int
params_file(struct loader *l, const struct ydoc *d, const struct ynode *ps)
{
	static const char *const keys[] = { "unit", "reference", "source",
	    "values", "frozen", "checked", "note", "description",
	    "unconfirmed_from", NULL };
	int i, j;

	l->r->params = xrealloc(l->r->params, sizeof *l->r->params *
	    (size_t)(l->r->nparams + ps->n));
	for (i = 0; i < ps->n; i++) {
		struct param *p = &l->r->params[l->r->nparams];
		const struct ynode *n = ps->items[i], *vals;

		memset(p, 0, sizeof *p);
		p->name = arena_strdup(LA(l), ps->keys[i]);
		if (rules_param_index(l->r, p->name) >= 0) {
			fail(l, d, ps->kpos[i], "parameter \"%s\" is "
			    "defined twice", p->name, NULL);
			return -1;
		}
		if (want_map(l, d, n, "a parameter") == -1 ||
		    check_keys(l, d, n, keys, "a parameter") == -1 ||
		    get_str(l, d, n, "unit", 0, &p->unit) == -1 ||
		    get_str(l, d, n, "reference", 0,
		    &p->reference) == -1 ||
		    get_str(l, d, n, "source", 0, &p->source) == -1 ||
		    get_bool(l, d, n, "frozen", 0, &p->frozen) == -1 ||
		    get_str(l, d, n, "note", 0, &p->note) == -1)
			return -1;
		if (get_checked(l, d, n, p) == -1 ||
		    get_unconfirmed(l, d, n, p) == -1)
			return -1;
		if (p->reference == NULL && p->source == NULL) {
			fail(l, d, ps->kpos[i], "parameter \"%s\" has "
			    "no reference or source", p->name, NULL);
			return -1;
		}
		vals = ynode_get(n, "values");
		if (want_seq(l, d, vals, "\"values\"") == -1)
			return -1;
		if (vals->n == 0) {
			fail(l, d, vals, "parameter \"%s\" has no value",
			    p->name, NULL);
			return -1;
		}
		p->values = arena_alloc(LA(l), sizeof *p->values *
		    (size_t)vals->n);
		for (j = 0; j < vals->n; j++) {
			const struct ynode *v = vals->items[j];
			const struct ynode *from = ynode_get(v, "from");
			const struct ynode *val = ynode_get(v, "value");

			if (want_map(l, d, v, "a dated value") == -1)
				return -1;
			if (from == NULL || from->kind != Y_SCALAR ||
			    date_parse(from->str,
			    &p->values[j].from) == -1) {
				fail(l, d, from ? from : v, "\"from\" "
				    "must be a date YYYY-MM-DD", NULL,
				    NULL);
				return -1;
			}
			if (val == NULL || val->kind != Y_SCALAR ||
			    num_parse(val->str, 0,
			    &p->values[j].value) == -1) {
				fail(l, d, val ? val : v, "\"value\" "
				    "must be a number", NULL, NULL);
				return -1;
			}
		}
		p->nvalues = vals->n;
		qsort(p->values, (size_t)p->nvalues, sizeof *p->values,
		    cmp_pvalue);
		for (j = 1; j < p->nvalues; j++)
			if (p->values[j].from == p->values[j - 1].from) {
				fail(l, d, vals, "two values of \"%s\" "
				    "start on the same date", p->name,
				    NULL);
				return -1;
			}
		p->file = arena_strdup(LA(l), d->file);
		p->line = ps->kpos[i]->line;
		p->col = ps->kpos[i]->col;
		l->r->nparams++;
	}
	return 0;
}

static int
documents_file(struct loader *l, const struct ydoc *d, const struct ynode *ds)
{
	int i;

	static const char *const keys[] = { "label", "help", "when", NULL };

	l->r->documents = xrealloc(l->r->documents, sizeof *l->r->documents *
	    (size_t)(l->r->ndocuments + ds->n));
	l->doc_file = xrealloc(l->doc_file, sizeof *l->doc_file *
	    (size_t)(l->r->ndocuments + ds->n));
	l->doc_node = xrealloc(l->doc_node, sizeof *l->doc_node *
	    (size_t)(l->r->ndocuments + ds->n));
	for (i = 0; i < ds->n; i++) {
		struct document *doc =
		    &l->r->documents[l->r->ndocuments];

		memset(doc, 0, sizeof *doc);
		l->doc_file[l->r->ndocuments] = d;
		l->doc_node[l->r->ndocuments] = ds->items[i];
		doc->id = rules_intern(l->r, ds->keys[i]);
		if (rules_document(l->r, doc->id) != NULL) {
			fail(l, d, ds->kpos[i], "document \"%s\" is "
			    "defined twice", doc->id, NULL);
			return -1;
		}
		if (ds->items[i]->kind == Y_SCALAR) {
			doc->label = arena_strdup(LA(l),
			    ds->items[i]->str);
			lint_text(l, d->file, ds->items[i]->line, doc->label,
			    TX_AGENT);
		} else if (ds->items[i]->kind != Y_MAP) {
			return fail(l, d, ds->items[i], "document \"%s\" must "
			    "be a label or a map (label, help, when)",
			    doc->id, NULL);
		} else if (check_keys(l, d, ds->items[i], keys,
		    "a document") == -1 || get_text(l, d, ds->items[i],
		    "label", 1, &doc->label, TX_AGENT) == -1 || get_text(l, d,
		    ds->items[i], "help", 0, &doc->help, TX_AGENT) == -1) {
			return -1;
		}
		l->r->ndocuments++;
	}
	return 0;
}

/*
 * rules/glossary.yaml, if present: "glossary", a list of {acronym,
 * expansion, source}. Loaded first, so that every text read after it has
 * its acronyms checked (a rule base without a glossary is not).
 */
static int
load_glossary(struct loader *l)
{
	static const char *const keys[] = { "acronym", "expansion", "source",
	    NULL };
	struct ydoc *d;
	const struct ynode *gs;
	int i, rc;

	rc = open_rule_file(l, "glossary.yaml", 1, "the glossary", NULL, &d);
	if (rc <= 0)
		return rc;
	gs = ynode_get(d->root, "glossary");
	if (want_seq(l, d, gs, "\"glossary\"") == -1)
		return -1;
	l->r->glossary = arena_alloc(LA(l), sizeof *l->r->glossary *
	    (size_t)(gs->n + 1));
	for (i = 0; i < gs->n; i++) {
		struct gloss *g = &l->r->glossary[i];

		if (want_map(l, d, gs->items[i], "a glossary entry") == -1 ||
		    check_keys(l, d, gs->items[i], keys,
		    "a glossary entry") == -1 ||
		    get_str(l, d, gs->items[i], "acronym", 1,
		    &g->acronym) == -1 ||
		    get_str(l, d, gs->items[i], "expansion", 1,
		    &g->expansion) == -1 ||
		    get_str(l, d, gs->items[i], "source", 0, &g->source) == -1)
			return -1;
		if (FIND_NAMED(l->r->glossary, i, struct gloss, acronym,
		    g->acronym) >= 0)
			return fail(l, d, gs->items[i], "acronym \"%s\" is "
			    "in the glossary twice", g->acronym, NULL);
		l->r->nglossary = i + 1;
	}
	return 0;
}

static int
load_kinds(struct loader *l)
{
	struct ydoc *d;
	const struct ynode *ks;
	int i;

	if (open_rule_file(l, "services/kinds.yaml", 0, "the service kinds",
	    NULL, &d) == -1)
		return -1;
	ks = ynode_get(d->root, "kinds");
	if (want_seq(l, d, ks, "\"kinds\"") == -1)
		return -1;
	l->r->kinds = arena_alloc(LA(l), sizeof *l->r->kinds * (size_t)ks->n);
	for (i = 0; i < ks->n; i++) {
		struct service_kind *k = &l->r->kinds[i];

		if (want_map(l, d, ks->items[i], "a service kind") == -1 ||
		    get_str(l, d, ks->items[i], "id", 1, &k->id) == -1 ||
		    (k->id = rules_intern(l->r, k->id)) == NULL ||
		    get_text(l, d, ks->items[i], "name", 1, &k->name,
		    TX_AGENT) == -1 ||
		    get_bool(l, d, ks->items[i], "sectorised", 0,
		    &k->sectorised) == -1 ||
		    get_bool(l, d, ks->items[i], "line", 0, &k->line) == -1 ||
		    get_bool(l, d, ks->items[i], "communal", 0,
		    &k->communal) == -1)
			return -1;
		if (rules_kind(l->r, k->id) != NULL)
			return fail(l, d, ks->items[i], "service kind \"%s\" "
			    "is defined twice", k->id, NULL);
		l->r->nkinds = i + 1;
	}
	return 0;
}

/* Scheme files: one folder per domain under rules/schemes. Pass 1 keeps the docs. */
struct scheme_file {
	struct ydoc	*doc;
	const char	*id;
	const char	*department;
};

static int
collect_schemes(struct loader *l, struct scheme_file **out, int *count)
{
	char *dir = xasprintf("%s/schemes", l->r->dir);
	DIR *dd = opendir(dir);
	struct dirent *de;
	char **domains = NULL;
	int ndomains = 0, i, f, n = 0, rc = -1;
	struct scheme_file *v = NULL;

	*out = NULL;
	*count = 0;
	if (dd == NULL) {
		rc = error_set(l->err, arena_strdup(LA(l), dir), 0, 0,
		    "cannot open the scheme folder");
		free(dir);
		return rc;
	}
	while ((de = readdir(dd)) != NULL) {
		char *p;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			domains = xrealloc(domains, sizeof *domains *
			    (size_t)(ndomains + 1));
			domains[ndomains++] = p;
		} else {
			free(p);
		}
	}
	closedir(dd);
	if (ndomains > 0)
		qsort(domains, (size_t)ndomains, sizeof *domains, cmp_str);
	for (i = 0; i < ndomains; i++) {
		int nfiles;
		char **files = list_yaml(domains[i], &nfiles);

		for (f = 0; f < nfiles; f++) {
			struct ydoc *d = load_doc(l, files[f]);
			const char *id, *dept;

			if (d == NULL) {
				free_list(files, nfiles);
				goto out;
			}
			if (want_map(l, d, d->root, "a scheme file") == -1 ||
			    get_str(l, d, d->root, "id", 1, &id) == -1 ||
			    get_str(l, d, d->root, "department", 0,
			    &dept) == -1) {
				free_list(files, nfiles);
				goto out;
			}
			v = xrealloc(v, sizeof *v * (size_t)(n + 1));
			v[n].doc = d;
			v[n].id = id;
			v[n].department = dept;
			n++;
		}
		free_list(files, nfiles);
	}
	rc = 0;
out:
	free_list(domains, ndomains);
	free(dir);
	*out = v;
	*count = n;
	return rc;
}

static int
register_schemes(struct loader *l, struct scheme_file *sf, int n)
{
	int i, pass, k = 0;

	l->r->schemes = arena_alloc(LA(l), sizeof *l->r->schemes *
	    (size_t)(n ? n : 1));
	/* National definitions first, so their indexes are stable. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			struct scheme *s;

			if ((sf[i].department != NULL) != pass)
				continue;
			s = &l->r->schemes[k];
			s->id = sf[i].id;
			s->department = sf[i].department;
			s->index = k;
			s->base = pass == 0 ? k :
			    rules_scheme_index(l->r, sf[i].id);
			if (pass == 0 && rules_scheme_index(l->r, s->id) >= 0)
				return fail(l, sf[i].doc, sf[i].doc->root,
				    "scheme \"%s\" is defined twice", s->id,
				    NULL);
			if (pass == 1 && s->base < 0)
				return fail(l, sf[i].doc, sf[i].doc->root,
				    "departmental scheme \"%s\" has no "
				    "national definition", s->id, NULL);
			s->file = (const char *)sf[i].doc;	/* pass 2 */
			k++;
			if (pass == 0)
				l->r->nnational = k;
			l->r->nschemes = k;
		}
	}
	return 0;
}

/* --- pass 2: compile ------------------------------------------------------- */

static const char *const scheme_keys[] = { "id", "code", "domain", "name",
	"long_name", "operator", "department", "conditions", "to_check_if",
	"to_check_text",
	"variants", "amount", "amount_is", "counted", "period", "rounding", "route",
	"documents",
	"how_to_apply", "delay", "retroactive", "non_take_up", "received_if",
	"non_take_up_text", "text_person", "incompatible_with", "sources",
	NULL };

/*
 * "counted": the derived variables (amounts) of the benefits its resources
 * count. Each must be a derived number; it is compiled as an expression
 * so that the usual checks (unknown name, type) give a position.
 */
static int
compile_counted(struct loader *l, const struct ydoc *d,
    const struct ynode *root, struct scheme *s)
{
	const struct ynode *n = ynode_get(root, "counted");
	int i;

	s->counted = NULL;
	s->counted_ids = NULL;
	s->ncounted = 0;
	if (n == NULL || ynode_is_null(n))
		return 0;
	if (n->kind != Y_SEQ)
		return fail(l, d, n, "\"counted\" must be a list of derived "
		    "variables", NULL, NULL);
	s->counted = arena_alloc(LA(l), sizeof *s->counted * (size_t)(n->n + 1));
	s->counted_ids = arena_alloc(LA(l), sizeof *s->counted_ids *
	    (size_t)(n->n + 1));
	for (i = 0; i < n->n; i++) {
		const struct ynode *it = n->items[i];

		if (it->kind != Y_SCALAR || rules_derived_index(l->r,
		    it->str) < 0)
			return fail(l, d, it, "\"counted\": \"%s\" is not a "
			    "derived variable", it->kind == Y_SCALAR ?
			    it->str : "?", NULL);
		s->counted[i] = expr_compile(names(l), it->str,
		    arena_strdup(LA(l), d->file), it->line, it->col +
		    (it->quoted ? 1 : 0), T_NUM, l->err);
		if (s->counted[i] == NULL)
			return -1;
		s->counted_ids[i] = rules_intern(l->r, it->str);
	}
	s->ncounted = n->n;
	return 0;
}

static int
compile_scheme(struct loader *l, struct scheme *s)
{
	const struct ydoc *d = (const struct ydoc *)s->file;
	const struct ynode *root = d->root, *n, *route, *apply;
	const char *kind, *amount_is;
	static const char *const amount_kinds[] = { "received", "payment",
	    "ceiling", NULL };
	static const char *const kinds[] = { "emergency", "mds_appointment",
	    "mds_service", "partner", "partner_help", NULL };
	int i, k;

	s->file = arena_strdup(LA(l), d->file);
	s->line = root->line;
	s->col = root->col;
	if (check_keys(l, d, root, scheme_keys, "a scheme") == -1 ||
	    get_str(l, d, root, "code", 1, &s->code) == -1 ||
	    get_str(l, d, root, "domain", 1, &s->domain) == -1 ||
	    get_text(l, d, root, "name", 1, &s->name, TX_AGENT) == -1 ||
	    get_text(l, d, root, "long_name", 0, &s->long_name, TX_AGENT) == -1 ||
	    get_text(l, d, root, "operator", 0, &s->operator_, TX_AGENT) == -1 ||
	    get_str(l, d, root, "period", 0, &s->period) == -1 ||
	    get_str(l, d, root, "amount_is", 0, &amount_is) == -1 ||
	    get_text(l, d, root, "rounding", 0, &s->rounding, TX_AGENT) == -1 ||
	    get_text(l, d, root, "delay", 0, &s->delay, TX_AGENT) == -1 ||
	    get_text(l, d, root, "non_take_up_text", 0,
	    &s->non_take_up_text, TX_AGENT) == -1 ||
	    get_text(l, d, root, "to_check_text", 0, &s->to_check_text,
	    TX_AGENT) == -1 ||
	    get_text(l, d, root, "text_person", 0, &s->text_person,
	    TX_PERSON) == -1 ||
	    get_bool(l, d, root, "retroactive", -1, &s->retroactive) == -1 ||
	    get_strs(l, d, root, "documents", &s->documents,
	    &s->ndocuments) == -1 ||
	    get_expr(l, d, root, "to_check_if", 0, T_BOOL, &s->to_check_if,
	    NULL) == -1 ||
	    get_expr(l, d, root, "amount", 0, T_NUM, &s->amount, NULL) == -1 ||
	    get_expr(l, d, root, "non_take_up", 0, T_BOOL, &s->non_take_up,
	    NULL) == -1 ||
	    get_expr(l, d, root, "received_if", 0, T_BOOL, &s->received_if,
	    NULL) == -1)
		return -1;
	if (compile_counted(l, d, root, s) == -1)
		return -1;
	/* Why a likely verdict is to check: said only with what makes it,
	   and missed when it is not said. */
	if (s->to_check_text != NULL && s->to_check_if == NULL)
		return fail(l, d, ynode_get(root, "to_check_text"),
		    "\"to_check_text\" goes with \"to_check_if\": it says why "
		    "to_check_if makes the right to check", NULL, NULL);
	if (s->to_check_if != NULL && s->to_check_text == NULL)
		warn(l, s->file, s->line, "scheme \"%s\": \"to_check_if\" "
		    "without \"to_check_text\": a right whose conditions all "
		    "hold reads \"to check\" with no reason", s->id, NULL);
	s->domain = rules_intern(l->r, s->domain);
	intern_all(l, s->documents, s->ndocuments);
	s->amount_is = AMOUNT_RECEIVED;
	if (amount_is != NULL) {
		for (i = 0; amount_kinds[i] != NULL; i++)
			if (strcmp(amount_kinds[i], amount_is) == 0)
				break;
		if (amount_kinds[i] == NULL)
			return fail(l, d, ynode_get(root, "amount_is"),
			    "\"amount_is\" must be received, payment or "
			    "ceiling, not \"%s\"", amount_is, NULL);
		if (s->amount == NULL)
			return fail(l, d, ynode_get(root, "amount_is"),
			    "scheme \"%s\" has \"amount_is\" but no "
			    "\"amount\"", s->id, NULL);
		s->amount_is = (enum amount_is)i;
	}
	if (s->amount != NULL && s->period == NULL)
		return fail(l, d, root, "scheme \"%s\" has an amount but no "
		    "\"period\"", s->id, NULL);
	if (s->period != NULL && strcmp(s->period, "month") != 0 &&
	    strcmp(s->period, "year") != 0 && strcmp(s->period, "once") != 0)
		return fail(l, d, ynode_get(root, "period"), "\"period\" must "
		    "be month, year or once, not \"%s\"", s->period, NULL);
	/* Domain list, in load order. */
	for (i = 0; i < l->r->ndomains; i++)
		if (strcmp(l->r->domains[i], s->domain) == 0)
			break;
	if (i == l->r->ndomains) {
		l->r->domains = xrealloc(l->r->domains, sizeof *l->r->domains *
		    (size_t)(l->r->ndomains + 1));
		l->r->domains[l->r->ndomains++] = s->domain;
	}
	n = ynode_get(root, "conditions");
	if (want_seq(l, d, n, "\"conditions\"") == -1)
		return -1;
	s->conds = arena_alloc(LA(l), sizeof *s->conds * (size_t)(n->n + 1));
	for (i = 0; i < n->n; i++) {
		struct condition *c = &s->conds[i];
		static const char *const ck[] = { "id", "expr", "text", NULL };

		if (want_map(l, d, n->items[i], "a condition") == -1 ||
		    check_keys(l, d, n->items[i], ck, "a condition") == -1 ||
		    get_str(l, d, n->items[i], "id", 1, &c->id) == -1 ||
		    get_text(l, d, n->items[i], "text", 1, &c->text, TX_AGENT) == -1 ||
		    get_expr(l, d, n->items[i], "expr", 1, T_BOOL, &c->expr,
		    &c->src) == -1)
			return -1;
		s->nconds = i + 1;
	}
	n = ynode_get(root, "variants");
	if (n != NULL) {
		if (want_seq(l, d, n, "\"variants\"") == -1)
			return -1;
		s->variants = arena_alloc(LA(l), sizeof *s->variants *
		    (size_t)(n->n + 1));
		for (i = 0; i < n->n; i++) {
			struct variant *v = &s->variants[i];
			static const char *const vk[] = { "id", "when", "text",
			    "services", "documents", NULL };

			if (want_map(l, d, n->items[i], "a variant") == -1 ||
			    check_keys(l, d, n->items[i], vk, "a variant") ||
			    get_str(l, d, n->items[i], "id", 1, &v->id) == -1 ||
			    get_text(l, d, n->items[i], "text", 0,
			    &v->text, TX_AGENT) == -1 ||
			    get_expr(l, d, n->items[i], "when", 1, T_BOOL,
			    &v->when, NULL) == -1 ||
			    get_strs(l, d, n->items[i], "services",
			    &v->services, &v->nservices) == -1 ||
			    get_strs(l, d, n->items[i], "documents",
			    &v->documents, &v->ndocuments) == -1)
				return -1;
			s->nvariants = i + 1;
			intern_all(l, v->services, v->nservices);
			for (k = 0; k < v->nservices; k++)
				if (rules_kind(l->r, v->services[k]) == NULL)
					return fail(l, d, ynode_get(
					    n->items[i], "services"),
					    "unknown service kind \"%s\"",
					    v->services[k], NULL);
			intern_all(l, v->documents, v->ndocuments);
			for (k = 0; k < v->ndocuments; k++)
				if (rules_document(l->r, v->documents[k]) ==
				    NULL)
					return fail(l, d, ynode_get(
					    n->items[i], "documents"),
					    "unknown document \"%s\"",
					    v->documents[k], NULL);
		}
	}
	route = ynode_get(root, "route");
	if (want_map(l, d, route, "\"route\"") == -1 ||
	    get_str(l, d, route, "kind", 1, &kind) == -1 ||
	    get_strs(l, d, route, "services", &s->services,
	    &s->nservices) == -1)
		return -1;
	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], kind) == 0)
			break;
	if (kinds[i] == NULL)
		return fail(l, d, ynode_get(route, "kind"), "unknown route "
		    "kind \"%s\"", kind, NULL);
	s->route = (enum route_kind)i;
	intern_all(l, s->services, s->nservices);
	for (i = 0; i < s->nservices; i++)
		if (rules_kind(l->r, s->services[i]) == NULL)
			return fail(l, d, ynode_get(route, "services"),
			    "unknown service kind \"%s\"", s->services[i],
			    NULL);
	for (i = 0; i < s->ndocuments; i++)
		if (rules_document(l->r, s->documents[i]) == NULL)
			return fail(l, d, ynode_get(root, "documents"),
			    "unknown document \"%s\"", s->documents[i], NULL);
	apply = ynode_get(root, "how_to_apply");
	if (apply != NULL && (want_map(l, d, apply, "\"how_to_apply\"") ||
	    get_str(l, d, apply, "online", 0, &s->apply_online) == -1 ||
	    get_str(l, d, apply, "form", 0, &s->apply_form) == -1 ||
	    get_text(l, d, apply, "text", 0, &s->apply_text, TX_AGENT) == -1))
		return -1;
	n = ynode_get(root, "incompatible_with");
	if (n != NULL) {
		if (want_seq(l, d, n, "\"incompatible_with\"") == -1)
			return -1;
		s->incompat = arena_alloc(LA(l), sizeof *s->incompat *
		    (size_t)(n->n + 1));
		for (i = 0; i < n->n; i++) {
			static const char *const ikeys[] = { "scheme", "note",
			    "kind", NULL };
			struct incompat *c = &s->incompat[i];
			const char *ikind;

			if (want_map(l, d, n->items[i], "an incompatibility") ||
			    check_keys(l, d, n->items[i], ikeys,
			    "an incompatibility") == -1 ||
			    get_str(l, d, n->items[i], "scheme", 1,
			    &c->scheme) == -1 ||
			    get_text(l, d, n->items[i], "note", 0,
			    &c->note, TX_AGENT) == -1 ||
			    get_str(l, d, n->items[i], "kind", 0,
			    &ikind) == -1)
				return -1;
			if (ikind != NULL && strcmp(ikind, "counted") != 0 &&
			    strcmp(ikind, "excludes") != 0)
				return fail(l, d, ynode_get(n->items[i], "kind"),
				    "\"kind\" is \"excludes\" or \"counted\", "
				    "not \"%s\"", ikind, NULL);
			c->counted = ikind != NULL &&
			    strcmp(ikind, "counted") == 0;
			if ((c->index = rules_scheme_index(l->r,
			    c->scheme)) < 0)
				return fail(l, d, n->items[i], "unknown scheme "
				    "\"%s\"", c->scheme, NULL);
			s->nincompat = i + 1;
		}
	}
	n = ynode_get(root, "sources");
	if (n != NULL) {
		if (want_seq(l, d, n, "\"sources\"") == -1)
			return -1;
		s->sources = arena_alloc(LA(l), sizeof *s->sources *
		    (size_t)(n->n + 1));
		for (i = 0; i < n->n; i++) {
			struct source *src = &s->sources[i];

			if (n->items[i]->kind == Y_SCALAR)
				src->title = arena_strdup(LA(l),
				    n->items[i]->str);
			else if (get_str(l, d, n->items[i], "title", 0,
			    &src->title) == -1 || get_str(l, d, n->items[i],
			    "url", 0, &src->url) == -1)
				return -1;
			s->nsources = i + 1;
		}
	}
	if (s->department != NULL) {
		const struct scheme *b = &l->r->schemes[s->base];

		if (strcmp(b->domain, s->domain) != 0)
			return fail(l, d, root, "departmental scheme \"%s\" "
			    "changes the domain", s->id, NULL);
	}
	return 0;
}

static int
forbid_vars(struct loader *l, const struct ydoc *d, const struct ynode *at,
    const struct expr *e, const char **forbidden, int nforbidden);

struct forbid_ctx {
	const struct rules	*r;
	const char		**names;
	int			 n;
	const char		*hit;
};

static void
forbid_cb(void *arg, int var)
{
	struct forbid_ctx *c = arg;
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->r->vars[var].id, c->names[i]) == 0)
			c->hit = c->names[i];
}

static int
forbid_vars(struct loader *l, const struct ydoc *d, const struct ynode *at,
    const struct expr *e, const char **forbidden, int nforbidden)
{
	struct forbid_ctx c = { l->r, forbidden, nforbidden, NULL };

	rules_vars_read(l->r, e, forbid_cb, &c);
	if (c.hit != NULL)
		return fail(l, d, at, "an urgency must not depend on \"%s\"",
		    c.hit, NULL);
	return 0;
}

static int
load_urgencies(struct loader *l)
{
	struct ydoc *d;
	const struct ynode *us;
	const char **forbidden;
	int nforbidden, i, k;
	static const char *const keys[] = { "id", "priority", "when", "title",
	    "banner", "text_person", "actions", "services", "schemes",
	    "discreet", "ask_if", "night_lines", NULL };

	if (open_rule_file(l, "urgencies.yaml", 0, "the urgency file", NULL,
	    &d) == -1 || get_strs(l, d, d->root, "never_read", &forbidden,
	    &nforbidden) == -1)
		return -1;
	us = ynode_get(d->root, "urgencies");
	if (want_seq(l, d, us, "\"urgencies\"") == -1)
		return -1;
	l->r->urgencies = arena_alloc(LA(l), sizeof *l->r->urgencies *
	    (size_t)(us->n + 1));
	for (i = 0; i < us->n; i++) {
		struct urgency *u = &l->r->urgencies[i];
		const struct ynode *n = us->items[i];
		const char *prio;

		if (want_map(l, d, n, "an urgency") == -1 ||
		    check_keys(l, d, n, keys, "an urgency") == -1 ||
		    get_str(l, d, n, "id", 1, &u->id) == -1 ||
		    get_text(l, d, n, "title", 1, &u->title, TX_AGENT) == -1 ||
		    get_text(l, d, n, "banner", 0, &u->banner, TX_AGENT) == -1 ||
		    get_text(l, d, n, "text_person", 0, &u->text_person,
		    TX_PERSON) == -1 ||
		    get_str(l, d, n, "priority", 1, &prio) == -1 ||
		    get_strs(l, d, n, "actions", &u->actions,
		    &u->nactions) == -1 ||
		    get_strs(l, d, n, "services", &u->services,
		    &u->nservices) == -1 ||
		    get_strs(l, d, n, "schemes", &u->schemes,
		    &u->nschemes) == -1 ||
		    get_bool(l, d, n, "discreet", 0, &u->discreet) == -1 ||
		    get_strs(l, d, n, "night_lines", &u->night_lines,
		    &u->nnight_lines) == -1 ||
		    get_expr(l, d, n, "when", 1, T_BOOL, &u->when, NULL) == -1 ||
		    get_expr(l, d, n, "ask_if", 0, T_BOOL, &u->ask_if,
		    NULL) == -1)
			return -1;
		for (k = 0; k < u->nactions; k++)
			lint_text(l, d->file, ynode_get(n, "actions")->kind ==
			    Y_SEQ ? ynode_get(n, "actions")->items[k]->line :
			    ynode_get(n, "actions")->line, u->actions[k],
			    TX_AGENT);
		if (FIND_NAMED(l->r->urgencies, i, struct urgency, id,
		    u->id) >= 0)
			return fail(l, d, n, "urgency \"%s\" is defined twice",
			    u->id, NULL);
		if (strlen(prio) == 2 && prio[0] == 'P' && prio[1] >= '0' &&
		    prio[1] <= '3') {
			u->priority = prio;
		} else if (get_expr(l, d, n, "priority", 1, T_STR,
		    &u->priority_expr, NULL) == -1) {
			return -1;
		}
		intern_all(l, u->services, u->nservices);
		intern_all(l, u->night_lines, u->nnight_lines);
		l->r->nnight_lines += u->nnight_lines;
		for (k = 0; k < u->nnight_lines; k++)
			if (rules_kind(l->r, u->night_lines[k]) == NULL)
				return fail(l, d, ynode_get(n, "night_lines"),
				    "unknown service kind \"%s\"",
				    u->night_lines[k], NULL);
		u->scheme_idx = arena_alloc(LA(l), sizeof(int) *
		    (size_t)(u->nschemes + 1));
		for (k = 0; k < u->nschemes; k++)
			u->scheme_idx[k] = rules_scheme_index(l->r,
			    u->schemes[k]);
		for (k = 0; k < u->nservices; k++)
			if (rules_kind(l->r, u->services[k]) == NULL)
				return fail(l, d, ynode_get(n, "services"),
				    "unknown service kind \"%s\"",
				    u->services[k], NULL);
		for (k = 0; k < u->nschemes; k++)
			if (rules_scheme_index(l->r, u->schemes[k]) < 0)
				return fail(l, d, ynode_get(n, "schemes"),
				    "unknown scheme \"%s\"", u->schemes[k],
				    NULL);
		if (forbid_vars(l, d, ynode_get(n, "when"), u->when, forbidden,
		    nforbidden) == -1 || (u->ask_if != NULL &&
		    forbid_vars(l, d, ynode_get(n, "ask_if"), u->ask_if,
		    forbidden, nforbidden) == -1) ||
		    (u->priority_expr != NULL &&
		    forbid_vars(l, d, ynode_get(n, "priority"),
		    u->priority_expr, forbidden, nforbidden) == -1))
			return -1;
		l->r->nurgencies = i + 1;
	}
	return 0;
}

/*
 * A prerequisite's `except`: for a scheme of its list, the condition
 * under which the person does not need the step for that scheme (the
 * CPAM asks no tax notice of an RSA recipient claiming the CSS).
 */
static int
load_prereq_except(struct loader *l, const struct ydoc *d,
    const struct ynode *n, struct prerequisite *p)
{
	const struct ynode *ex = ynode_get(n, "except");
	int i, k;

	if (ex == NULL)
		return 0;
	if (want_map(l, d, ex, "\"except\"") == -1)
		return -1;
	p->except = arena_alloc(LA(l), sizeof *p->except *
	    (size_t)(p->nschemes + 1));
	for (i = 0; i < ex->n; i++) {
		for (k = 0; k < p->nschemes; k++)
			if (strcmp(p->schemes[k], ex->keys[i]) == 0)
				break;
		if (k == p->nschemes)
			return fail(l, d, ex->kpos[i], "\"%s\" is not in the "
			    "schemes of prerequisite \"%s\"", ex->keys[i],
			    p->id);
		if (get_expr(l, d, ex, ex->keys[i], 1, T_BOOL, &p->except[k],
		    NULL) == -1)
			return -1;
	}
	return 0;
}

static int
load_orientation(struct loader *l)
{
	struct ydoc *d;
	const struct ynode *ps, *mds, *ref;
	int i, k;
	static const char *const keys[] = { "prerequisites", "mds_appointment",
	    "referent", "assisted_if", "office_hours", "night",
	    "domains", NULL };
	static const char *const prereq_keys[] = { "id", "when", "service",
	    "title", "why", "schemes", "except", NULL };
	const struct ynode *hours, *night, *dom;

	if (open_rule_file(l, "orientation.yaml", 0, "the orientation file",
	    keys, &d) == -1)
		return -1;
	/* Headings of the domains (the folders of rules/schemes). */
	dom = ynode_get(d->root, "domains");
	if (dom != NULL) {
		if (want_map(l, d, dom, "\"domains\"") == -1)
			return -1;
		l->r->domain_labels = arena_alloc(LA(l),
		    sizeof *l->r->domain_labels * (size_t)(l->r->ndomains + 1));
		for (i = 0; i < dom->n; i++) {
			for (k = 0; k < l->r->ndomains; k++)
				if (strcmp(l->r->domains[k], dom->keys[i]) == 0)
					break;
			if (k == l->r->ndomains)
				return fail(l, d, dom->kpos[i],
				    "unknown domain "
				    "\"%s\" (not a folder of rules/schemes)",
				    dom->keys[i], NULL);
			if (get_text(l, d, dom, dom->keys[i], 1,
			    &l->r->domain_labels[k], TX_AGENT) == -1)
				return -1;
		}
	}
	ps = ynode_get(d->root, "prerequisites");
	if (ps != NULL) {
		if (want_seq(l, d, ps, "\"prerequisites\"") == -1)
			return -1;
		l->r->prereqs = arena_alloc(LA(l), sizeof *l->r->prereqs *
		    (size_t)(ps->n + 1));
		for (i = 0; i < ps->n; i++) {
			struct prerequisite *p = &l->r->prereqs[i];
			const struct ynode *n = ps->items[i];

			if (want_map(l, d, n, "a prerequisite") == -1 ||
			    check_keys(l, d, n, prereq_keys,
			    "a prerequisite") == -1 ||
			    get_str(l, d, n, "id", 1, &p->id) == -1 ||
			    get_str(l, d, n, "service", 1, &p->service) == -1 ||
			    get_text(l, d, n, "title", 1, &p->title, TX_AGENT) == -1 ||
			    get_text(l, d, n, "why", 0, &p->why, TX_AGENT) == -1 ||
			    get_strs(l, d, n, "schemes", &p->schemes,
			    &p->nschemes) == -1 ||
			    get_expr(l, d, n, "when", 1, T_BOOL, &p->when,
			    NULL) == -1)
				return -1;
			p->service = rules_intern(l->r, p->service);
			p->scheme_idx = arena_alloc(LA(l), sizeof(int) *
			    (size_t)(p->nschemes + 1));
			for (k = 0; k < p->nschemes; k++)
				p->scheme_idx[k] = rules_scheme_index(l->r,
				    p->schemes[k]);
			if (rules_kind(l->r, p->service) == NULL)
				return fail(l, d, n,
				    "unknown service kind \"%s\"",
				    p->service, NULL);
			for (k = 0; k < p->nschemes; k++)
				if (rules_scheme_index(l->r,
				    p->schemes[k]) < 0)
					return fail(l, d, n,
					    "unknown scheme \"%s\"",
					    p->schemes[k], NULL);
			if (load_prereq_except(l, d, n, p) == -1)
				return -1;
			l->r->nprereqs = i + 1;
		}
	}
	mds = ynode_get(d->root, "mds_appointment");
	if (mds != NULL && (want_map(l, d, mds, "\"mds_appointment\"") ||
	    get_str(l, d, mds, "service", 1, &l->r->mds_service) == -1 ||
	    get_text(l, d, mds, "title", 1, &l->r->mds_title, TX_AGENT) == -1 ||
	    get_text(l, d, mds, "why", 0, &l->r->mds_why, TX_AGENT) == -1 ||
	    get_expr(l, d, mds, "global_if", 0, T_BOOL, &l->r->mds_global_if,
	    NULL) == -1))
		return -1;
	if (l->r->mds_service != NULL) {
		l->r->mds_service = rules_intern(l->r, l->r->mds_service);
		if (rules_kind(l->r, l->r->mds_service) == NULL)
			return fail(l, d, mds, "unknown service kind \"%s\"",
			    l->r->mds_service, NULL);
	}
	ref = ynode_get(d->root, "referent");
	if (ref != NULL && (want_map(l, d, ref, "\"referent\"") ||
	    get_text(l, d, ref, "title", 1, &l->r->referent_title, TX_AGENT) == -1 ||
	    get_expr(l, d, ref, "when", 1, T_BOOL, &l->r->referent_when,
	    NULL) == -1))
		return -1;
	if (get_expr(l, d, d->root, "assisted_if", 0, T_BOOL,
	    &l->r->assisted_if, NULL) == -1)
		return -1;
	hours = ynode_get(d->root, "office_hours");
	if (hours != NULL) {
		const char **days, *open, *close;
		int ndays, h1, m1, h2, m2;

		if (want_map(l, d, hours, "\"office_hours\"") == -1 ||
		    get_strs(l, d, hours, "days", &days, &ndays) == -1 ||
		    get_str(l, d, hours, "open", 1, &open) == -1 ||
		    get_str(l, d, hours, "close", 1, &close) == -1)
			return -1;
		for (i = 0; i < ndays; i++) {
			if (strlen(days[i]) != 1 || days[i][0] < '1' ||
			    days[i][0] > '7')
				return fail(l, d, hours,
				    "office days are 1 (Monday) to "
				    "7 (Sunday), not \"%s\"", days[i], NULL);
			l->r->office_days |= 1 << (days[i][0] - '0');
		}
		if (sscanf(open, "%2d:%2d", &h1, &m1) != 2 ||
		    sscanf(close, "%2d:%2d", &h2, &m2) != 2 || h1 > 23 ||
		    h2 > 24 || m1 > 59 || m2 > 59 || h1 * 60 + m1 >= h2 * 60 + m2)
			return fail(l, d, hours,
			    "office hours must be \"HH:MM\", "
			    "opening before closing", NULL, NULL);
		l->r->office_open = h1 * 60 + m1;
		l->r->office_close = h2 * 60 + m2;
	}
	night = ynode_get(d->root, "night");
	if (night != NULL && (want_map(l, d, night, "\"night\"") == -1 ||
	    get_text(l, d, night, "title", 1, &l->r->night_title, TX_AGENT) == -1 ||
	    get_text(l, d, night, "why", 0, &l->r->night_why, TX_AGENT) == -1))
		return -1;
	return 0;
}

/* Scheme-to-scheme references must not loop. */
static int
scheme_refs(const struct expr *e, int *out, int n, int max)
{
	int i;

	if (e == NULL)
		return n;
	if (e->op == X_SCHEME && n < max)
		out[n++] = e->idx;
	n = scheme_refs(e->a, out, n, max);
	n = scheme_refs(e->b, out, n, max);
	n = scheme_refs(e->c, out, n, max);
	n = scheme_refs(e->where, out, n, max);
	for (i = 0; i < e->nargs; i++)
		n = scheme_refs(e->args[i], out, n, max);
	return n;
}

static int
scheme_deps(const struct rules *r, const struct scheme *s, int *out, int max)
{
	int n = 0, i;

	for (i = 0; i < s->nconds; i++)
		n = scheme_refs(s->conds[i].expr, out, n, max);
	for (i = 0; i < s->nvariants; i++)
		n = scheme_refs(s->variants[i].when, out, n, max);
	n = scheme_refs(s->to_check_if, out, n, max);
	n = scheme_refs(s->amount, out, n, max);
	n = scheme_refs(s->non_take_up, out, n, max);
	n = scheme_refs(s->received_if, out, n, max);
	(void)r;
	return n;
}

static int
visit_scheme(struct loader *l, int i, unsigned char *state)
{
	int deps[256], n, k;

	if (state[i] == 2)
		return 0;
	if (state[i] == 1)
		return error_set(l->err, l->r->schemes[i].file,
		    l->r->schemes[i].line, l->r->schemes[i].col,
		    "scheme \"%s\" depends on itself through scheme()",
		    l->r->schemes[i].id);
	state[i] = 1;
	n = scheme_deps(l->r, &l->r->schemes[i], deps, 256);
	for (k = 0; k < n; k++) {
		int j, dep = deps[k];

		/* Through departmental overrides too. */
		for (j = 0; j < l->r->nschemes; j++)
			if (l->r->schemes[j].base == dep &&
			    visit_scheme(l, j, state) == -1)
				return -1;
	}
	state[i] = 2;
	return 0;
}

static int
check_cycles(struct loader *l)
{
	unsigned char *state = xcalloc((size_t)l->r->nschemes + 1, 1);
	int i, rc = 0;

	for (i = 0; i < l->r->nschemes && rc == 0; i++)
		rc = visit_scheme(l, i, state);
	free(state);
	return rc;
}

/* Mark every variable and derived variable an expression reads. */
static void
mark_used(const struct expr *e, unsigned char *vars, unsigned char *derived,
    const struct rules *r)
{
	int i;

	if (e == NULL)
		return;
	if (e->op == X_VAR)
		vars[e->idx] = 1;
	if (e->op == X_DERIVED && !derived[e->idx]) {
		derived[e->idx] = 1;
		mark_used(r->derived[e->idx].expr, vars, derived, r);
	}
	mark_used(e->a, vars, derived, r);
	mark_used(e->b, vars, derived, r);
	mark_used(e->c, vars, derived, r);
	mark_used(e->where, vars, derived, r);
	for (i = 0; i < e->nargs; i++)
		mark_used(e->args[i], vars, derived, r);
}

/* Whether an option of `v` has a show_if. */
static int
var_shows_if(const struct var *v)
{
	int i;

	for (i = 0; i < v->nopts; i++)
		if (v->opts[i].show_if_src != NULL)
			return 1;
	return 0;
}

/* The show_if of each option of question `q` (struct var_option). */
static int
option_shows(struct loader *l, const struct ydoc *d, const struct ynode *q,
    struct var *v)
{
	const struct ynode *opts = ynode_get(q, "options");
	int i;

	for (i = 0; opts != NULL && i < v->nopts && i < opts->n; i++)
		if (opts->items[i]->kind == Y_MAP &&
		    get_expr(l, d, opts->items[i], "show_if", 0, T_BOOL,
		    &v->opts[i].show_if, NULL) == -1)
			return -1;
	return 0;
}

/*
 * `implied_if` and `implied`: when the condition holds, the answer follows
 * from earlier ones and is never asked ("no unemployment benefit received"
 * makes that income 0). `implied` is a literal of the question's type
 * (`[]` for a set), or an expression of that type computed from earlier
 * answers ("has(receives, 'cheque_energie')"): then `implied_x`. An enum
 * takes a bare option only.
 */
static int
implied(struct loader *l, const struct ydoc *d, const struct ynode *q,
    struct var *v)
{
	const struct ynode *n = ynode_get(q, "implied");
	struct expr *x;

	if (v->implied_if_src == NULL)
		return 0;
	if (v->type.t != T_BOOL && v->type.t != T_NUM && v->type.t != T_STR &&
	    v->qt != Q_SET)
		return fail(l, d, n, "\"implied\" goes with bool, number, "
		    "enum, string or set questions", NULL, NULL);
	if (get_expr(l, d, q, "implied_if", 1, T_BOOL, &v->implied_if,
	    NULL) == -1)
		return -1;
	/* An enum option is written bare, as in situation files. */
	if (v->qt == Q_ENUM) {
		int o = n->kind == Y_SCALAR ? var_option(v, n->str) : -1;

		if (o < 0)
			return fail(l, d, n, "\"implied\" must be an option "
			    "of \"%s\"", v->id, NULL);
		v->implied = value_istr(v->opts[o].value);
		return 0;
	}
	if (n->kind == Y_SEQ && v->qt == Q_SET) {
		if (n->n != 0)
			return fail(l, d, n, "\"implied\" of a set is [] or "
			    "an expression", NULL, NULL);
		memset(&v->implied, 0, sizeof v->implied);
		v->implied.t = V_LIST;	/* the empty set */
		return 0;
	}
	if (get_expr(l, d, q, "implied", 1, v->type.t, &x, NULL) == -1)
		return -1;
	if (x->op != X_LIT) {
		v->implied = value_unknown();
		v->implied_x = x;
		return 0;
	}
	if (x->lit.t == V_NUM && ((v->has_min && x->lit.u.n < v->min) ||
	    (v->has_max && x->lit.u.n > v->max)))
		return fail(l, d, n, "\"implied\" is out of the question's "
		    "range", NULL, NULL);
	v->implied = x->lit;
	return 0;
}

/*
 * An implied answer is settled by the questions its implied_if reads:
 * keep them (through derived variables) for the evaluator.
 */
static int
implied_reads(struct loader *l)
{
	struct rules *r = l->r;
	unsigned char *vars = xcalloc((size_t)r->nvars + 1, 1);
	unsigned char *derived = xcalloc((size_t)r->nderived + 1, 1);
	int i, k;

	for (i = 0; i < r->nvars; i++) {
		struct var *v = &r->vars[i];

		if (v->implied_if == NULL)
			continue;
		memset(vars, 0, (size_t)r->nvars);
		memset(derived, 0, (size_t)r->nderived);
		mark_used(v->implied_if, vars, derived, r);
		if (v->implied_x != NULL)
			mark_used(v->implied_x, vars, derived, r);
		v->implied_reads = arena_alloc(LA(l),
		    sizeof *v->implied_reads);
		memset(v->implied_reads, 0, sizeof *v->implied_reads);
		for (k = 0; k < r->nvars; k++) {
			if (!vars[k])
				continue;
			if (k >= i) {
				free(vars);
				free(derived);
				return error_set(l->err, v->file, v->line,
				    v->col, "\"implied_if\" or \"implied\" of "
				    "\"%s\" reads "
				    "\"%s\", which is not asked before it",
				    v->id, r->vars[k].id);
			}
			varset_add(v->implied_reads, k);
		}
	}
	free(vars);
	free(derived);
	return 0;
}

/*
 * The questions an expression reads, through derived variables and the
 * schemes it names (national and departmental definitions). `dseen` and
 * `sseen` mark what was already followed. Reports whether it reads a
 * scheme's result (scheme() or likely_domains()).
 */
static int
collect_reads(const struct rules *r, const struct expr *e, struct varset *out,
    unsigned char *dseen, unsigned char *sseen)
{
	int i, k, schemes = 0;

	if (e == NULL)
		return 0;
	switch (e->op) {
	case X_VAR:
		varset_add(out, e->idx);
		break;
	case X_DERIVED:
		if (!dseen[e->idx]) {
			dseen[e->idx] = 1;
			schemes |= collect_reads(r, r->derived[e->idx].expr,
			    out, dseen, sseen);
		}
		break;
	case X_SCHEME:
		schemes = 1;
		for (i = 0; i < r->nschemes; i++) {
			const struct scheme *s = &r->schemes[i];

			if (s->base != e->idx || sseen[i])
				continue;
			sseen[i] = 1;
			for (k = 0; k < s->nconds; k++)
				collect_reads(r, s->conds[k].expr, out, dseen,
				    sseen);
			for (k = 0; k < s->nvariants; k++)
				collect_reads(r, s->variants[k].when, out,
				    dseen, sseen);
			collect_reads(r, s->to_check_if, out, dseen, sseen);
			collect_reads(r, s->amount, out, dseen, sseen);
			collect_reads(r, s->non_take_up, out, dseen, sseen);
		}
		break;
	case X_CALL:
		/* Every scheme: not followed (orientation only). */
		if (e->fn == F_LIKELY_DOMAINS)
			schemes = 1;
		break;
	default:
		break;
	}
	schemes |= collect_reads(r, e->a, out, dseen, sseen);
	schemes |= collect_reads(r, e->b, out, dseen, sseen);
	schemes |= collect_reads(r, e->c, out, dseen, sseen);
	schemes |= collect_reads(r, e->where, out, dseen, sseen);
	for (i = 0; i < e->nargs; i++)
		schemes |= collect_reads(r, e->args[i], out, dseen, sseen);
	return schemes;
}

/* Each scheme's reads (struct scheme.reads). */
static void
scheme_reads(struct loader *l)
{
	struct rules *r = l->r;
	unsigned char *dseen = xcalloc((size_t)r->nderived + 1, 1);
	unsigned char *sseen = xcalloc((size_t)r->nschemes + 1, 1);
	int i, k;

	for (i = 0; i < r->nschemes; i++) {
		struct scheme *s = &r->schemes[i];

		memset(dseen, 0, (size_t)r->nderived);
		memset(sseen, 0, (size_t)r->nschemes);
		sseen[i] = 1;
		memset(&s->reads, 0, sizeof s->reads);
		for (k = 0; k < s->nconds; k++)
			collect_reads(r, s->conds[k].expr, &s->reads, dseen,
			    sseen);
		for (k = 0; k < s->nvariants; k++)
			collect_reads(r, s->variants[k].when, &s->reads, dseen,
			    sseen);
		collect_reads(r, s->to_check_if, &s->reads, dseen, sseen);
		collect_reads(r, s->amount, &s->reads, dseen, sseen);
		collect_reads(r, s->non_take_up, &s->reads, dseen, sseen);
	}
	free(dseen);
	free(sseen);
}


/*
 * rules/interview.yaml (optional): the question asking why the person
 * comes, the schemes each of its answers calls for (by domain or id), and
 * the rights everyone may miss. Only the order of the questions reads it.
 */
static int
load_interview(struct loader *l)
{
	static const char *const top[] = { "reason", "reasons", "key_rights",
	    "from_documents", NULL };
	static const char *const rkeys[] = { "domains", "schemes", NULL };
	struct rules *r = l->r;
	const struct ynode *rs;
	const char **ids;
	const char *reason;
	struct ydoc *d;
	int i, j, k, n, rc;

	r->reason_var = -1;
	rc = open_rule_file(l, "interview.yaml", 1, "the interview file", top,
	    &d);
	if (rc <= 0)
		return rc;
	if (get_str(l, d, d->root, "reason", 0, &reason) == -1 ||
	    get_strs(l, d, d->root, "key_rights", &ids, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		k = rules_scheme_index(r, ids[i]);
		if (k < 0)
			return fail(l, d, ynode_get(d->root, "key_rights"),
			    "unknown "
			    "scheme \"%s\"", ids[i], NULL);
		r->schemes[k].key_right = 1;
	}
	if (get_strs(l, d, d->root, "from_documents", &ids, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		k = rules_var_index(r, ids[i]);
		if (k < 0)
			return fail(l, d, ynode_get(d->root, "from_documents"),
			    "unknown question \"%s\"", ids[i], NULL);
		r->vars[k].from_documents = 1;
	}
	if (reason == NULL) {
		return 0;
	}
	r->reason_var = rules_var_index(r, reason);
	if (r->reason_var < 0 || r->vars[r->reason_var].qt != Q_SET ||
	    r->vars[r->reason_var].nopts > 32) {
		fail(l, d, ynode_get(d->root, "reason"), "\"%s\" must be a "
		    "question of type set (at most 32 options)", reason, NULL);
		r->reason_var = -1;
		return -1;
	}
	rs = ynode_get(d->root, "reasons");
	if (rs == NULL) {
		return 0;
	}
	if (want_map(l, d, rs, "\"reasons\"") == -1)
		return -1;
	for (i = 0; i < rs->n; i++) {
		const struct ynode *e = rs->items[i];
		int opt = var_option(&r->vars[r->reason_var], rs->keys[i]);

		if (opt < 0)
			return fail(l, d, rs->kpos[i],
			    "\"%s\" is not an answer of "
			    "the reason question", rs->keys[i], NULL);
		if (want_map(l, d, e, "a visit reason") == -1 ||
		    check_keys(l, d, e, rkeys, "a visit reason") == -1 ||
		    get_strs(l, d, e, "domains", &ids, &n) == -1)
			return -1;
		for (j = 0; j < n; j++) {
			int found = 0;

			for (k = 0; k < r->nnational; k++)
				if (r->schemes[k].domain != NULL &&
				    strcmp(r->schemes[k].domain, ids[j]) == 0) {
					r->schemes[k].reasons |=
					    UINT32_C(1) << opt;
					found = 1;
				}
			if (!found)
				return fail(l, d, ynode_get(e, "domains"),
				    "unknown "
				    "domain \"%s\"", ids[j], NULL);
		}
		if (get_strs(l, d, e, "schemes", &ids, &n) == -1)
			return -1;
		for (j = 0; j < n; j++) {
			k = rules_scheme_index(r, ids[j]);
			if (k < 0)
				return fail(l, d, ynode_get(e, "schemes"),
				    "unknown "
				    "scheme \"%s\"", ids[j], NULL);
			r->schemes[k].reasons |= UINT32_C(1) << opt;
		}
	}
	return 0;
}

/*
 * rules/consistency.yaml (optional): answers that contradict each other.
 * A check reads answers only: its warning must be known before any
 * scheme is evaluated, since it lowers their verdicts.
 */
static int
load_consistency(struct loader *l)
{
	static const char *const keys[] = { "id", "when", "text", NULL };
	static const char *const top[] = { "checks", NULL };
	struct rules *r = l->r;
	unsigned char *dseen = NULL, *sseen = NULL;
	const struct ynode *cs;
	struct ydoc *d;
	int i, rc;

	rc = open_rule_file(l, "consistency.yaml", 1, "the consistency file",
	    top, &d);
	if (rc <= 0)
		return rc;
	cs = ynode_get(d->root, "checks");
	if (want_seq(l, d, cs, "\"checks\"") == -1)
		return -1;
	rc = -1;
	r->checks = arena_alloc(LA(l), sizeof *r->checks * (size_t)(cs->n +
	    1));
	memset(r->checks, 0, sizeof *r->checks * (size_t)(cs->n + 1));
	dseen = xcalloc((size_t)r->nderived + 1, 1);
	sseen = xcalloc((size_t)r->nschemes + 1, 1);
	for (i = 0; i < cs->n; i++) {
		struct consistency *c = &r->checks[i];
		const struct ynode *n = cs->items[i];

		if (want_map(l, d, n, "a consistency check") == -1 ||
		    check_keys(l, d, n, keys, "a consistency check") == -1 ||
		    get_str(l, d, n, "id", 1, &c->id) == -1 ||
		    get_text(l, d, n, "text", 1, &c->text, TX_AGENT) == -1 ||
		    get_expr(l, d, n, "when", 1, T_BOOL, &c->when, NULL) == -1)
			goto out;
		if (FIND_NAMED(r->checks, i, struct consistency, id,
		    c->id) >= 0) {
			fail(l, d, n, "consistency check \"%s\" is defined "
			    "twice", c->id, NULL);
			goto out;
		}
		c->file = arena_strdup(LA(l), d->file);
		c->line = n->line;
		c->col = n->col;
		memset(dseen, 0, (size_t)r->nderived);
		memset(sseen, 0, (size_t)r->nschemes);
		if (collect_reads(r, c->when, &c->reads, dseen, sseen)) {
			fail(l, d, ynode_get(n, "when"), "consistency check "
			    "\"%s\" reads a scheme's result: it may read "
			    "answers and derived variables only", c->id, NULL);
			goto out;
		}
		r->nchecks = i + 1;
	}
	rc = 0;
out:
	free(dseen);
	free(sseen);
	return rc;
}

/*
 * Questions no rule reads are never asked: say so (SPEC §7 "unreachable
 * questions"). The commune and the date feed orientation directly.
 */
/*
 * The first day from which `e` reads an unconfirmed parameter, directly
 * or through derived values (`memo`: per derived value, 0 not computed
 * yet, else its day + 1, INT32_MAX for none).
 */
static int32_t
unconfirmed_from(const struct rules *r, const struct expr *e, int32_t *memo)
{
	int32_t d = INT32_MAX, k;
	int i;

	if (e == NULL)
		return INT32_MAX;
	if (e->op == X_PARAM && r->params[e->idx].unconfirmed_from != 0)
		d = r->params[e->idx].unconfirmed_from;
	if (e->op == X_DERIVED) {
		if (memo[e->idx] == 0) {
			memo[e->idx] = INT32_MAX;	/* no cycle: checked */
			k = unconfirmed_from(r, r->derived[e->idx].expr, memo);
			memo[e->idx] = k == INT32_MAX ? k : k + 1;
		}
		k = memo[e->idx] == INT32_MAX ? INT32_MAX : memo[e->idx] - 1;
		d = k < d ? k : d;
	}
	k = unconfirmed_from(r, e->a, memo);
	d = k < d ? k : d;
	k = unconfirmed_from(r, e->b, memo);
	d = k < d ? k : d;
	k = unconfirmed_from(r, e->c, memo);
	d = k < d ? k : d;
	k = unconfirmed_from(r, e->where, memo);
	d = k < d ? k : d;
	for (i = 0; i < e->nargs; i++) {
		k = unconfirmed_from(r, e->args[i], memo);
		d = k < d ? k : d;
	}
	return d;
}

/* Each scheme's amount_unconfirmed_from. */
static void
amounts_unconfirmed(struct loader *l)
{
	struct rules *r = l->r;
	int32_t *memo = xcalloc((size_t)r->nderived + 1, sizeof *memo);
	int i;

	for (i = 0; i < r->nschemes; i++)
		r->schemes[i].amount_unconfirmed_from = unconfirmed_from(r,
		    r->schemes[i].amount, memo);
	free(memo);
}

/* What the rules read (rules->vars_read, derived_used), in the arena. */
static void
usage_compute(struct loader *l)
{
	struct rules *r = l->r;
	unsigned char *vars = arena_alloc(&r->arena, (size_t)r->nvars + 1);
	unsigned char *derived = arena_alloc(&r->arena,
	    (size_t)r->nderived + 1);
	int i, k;

	memset(vars, 0, (size_t)r->nvars + 1);
	memset(derived, 0, (size_t)r->nderived + 1);

	for (i = 0; i < r->nschemes; i++) {
		const struct scheme *s = &r->schemes[i];

		for (k = 0; k < s->nconds; k++)
			mark_used(s->conds[k].expr, vars, derived, r);
		for (k = 0; k < s->nvariants; k++)
			mark_used(s->variants[k].when, vars, derived, r);
		mark_used(s->to_check_if, vars, derived, r);
		mark_used(s->amount, vars, derived, r);
		mark_used(s->non_take_up, vars, derived, r);
		mark_used(s->received_if, vars, derived, r);
	}
	for (i = 0; i < r->nurgencies; i++) {
		mark_used(r->urgencies[i].when, vars, derived, r);
		mark_used(r->urgencies[i].priority_expr, vars, derived, r);
		mark_used(r->urgencies[i].ask_if, vars, derived, r);
	}
	/* The reason for the visit orders the interview (interview.yaml). */
	if (r->reason_var >= 0)
		vars[r->reason_var] = 1;
	for (i = 0; i < r->nprereqs; i++) {
		mark_used(r->prereqs[i].when, vars, derived, r);
		for (k = 0; r->prereqs[i].except != NULL &&
		    k < r->prereqs[i].nschemes; k++)
			mark_used(r->prereqs[i].except[k], vars, derived, r);
	}
	for (i = 0; i < r->nchecks; i++)
		mark_used(r->checks[i].when, vars, derived, r);
	mark_used(r->mds_global_if, vars, derived, r);
	mark_used(r->referent_when, vars, derived, r);
	mark_used(r->assisted_if, vars, derived, r);
	for (i = 0; i < r->nvars; i++) {
		const struct var *v = &r->vars[i];

		mark_used(v->ask_if, vars, derived, r);
		for (k = 0; k < v->nfields; k++)
			mark_used(v->fields[k].ask_if, vars, derived, r);
		for (k = 0; k < v->nopts; k++)
			mark_used(v->opts[k].show_if, vars, derived, r);
	}
	r->vars_read = vars;
	r->derived_used = derived;
}

/* The warnings of what no rule reads (usage_compute found it). */
static void
usage_warnings(struct loader *l)
{
	const struct rules *r = l->r;
	const unsigned char *vars = r->vars_read, *derived = r->derived_used;
	int i;

	if (vars == NULL || derived == NULL)
		return;
	for (i = 0; i < r->nvars; i++) {
		const struct var *v = &r->vars[i];

		if (!vars[i] && v->ask && v->qt != Q_COMMUNE &&
		    v->qt != Q_DEPARTMENT)	/* both feed orientation */
			warn(l, v->file, v->line, "question \"%s\" is read by no "
			    "rule: it will never be asked", v->id, NULL);
	}
	for (i = 0; i < r->nderived; i++)
		if (!derived[i])
			warn(l, r->derived[i].file, r->derived[i].line,
			    "derived variable \"%s\" is never used",
			    r->derived[i].id, NULL);
}

static void
param_warnings(struct loader *l)
{
	int i;
	char when[16], last[16], checked[16], dates[64];
	num_t v;

	date_format(l->date, when);
	for (i = 0; i < l->r->nparams; i++) {
		const struct param *p = &l->r->params[i];
		int32_t newest = p->values[p->nvalues - 1].from;

		if (param_at(p, l->date, &v) == -1)
			warn(l, p->file, p->line, "parameter \"%s\" has no "
			    "value at %s", p->name, when);
		else if (!p->frozen && newest < l->date - 396 &&
		    !p->has_checked)
			warn(l, p->file, p->line, "parameter \"%s\" has had "
			    "no new value since %s (more than 13 months)",
			    p->name, date_format(newest, last));
		else if (!p->frozen && newest < l->date - 396 &&
		    p->checked < l->date - 396) {
			snprintf(dates, sizeof dates, "%s and was last checked "
			    "on %s", date_format(newest, last),
			    date_format(p->checked, checked));
			warn(l, p->file, p->line, "parameter \"%s\" has had "
			    "no new value since %s (more than 13 months)",
			    p->name, dates);
		}
		if (!p->used)
			warn(l, p->file, p->line, "parameter \"%s\" is never "
			    "used", p->name, NULL);
	}
}

struct rules *
rules_load(const char *dir, int32_t date, struct error *err)
{
	struct loader l;
	struct rules *r = xcalloc(1, sizeof *r);
	struct scheme_file *sf = NULL;
	int nsf = 0, i, ok = 0;
	struct stat st;

	memset(&l, 0, sizeof l);
	l.r = r;
	l.err = err;
	l.date = date;
	l.hash = HASH64_INIT;
	arena_init(&r->arena);
	r->dir = arena_strdup(&r->arena, dir);
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		error_set(err, r->dir, 0, 0, "rule base not found (a folder "
		    "with questions/, schemes/… is expected)");
		goto out;
	}
	if (load_glossary(&l) == -1 || load_kinds(&l) == -1 || each_file(&l, "documents", "documents", 1, documents_file) == -1 ||
	    load_questions(&l) == -1 || each_file(&l, "derived", "derived", 0, derived_file) == -1 ||
	    each_file(&l, "parameters", "parameters", 1, params_file) == -1 || collect_schemes(&l, &sf, &nsf) == -1 ||
	    register_schemes(&l, sf, nsf) == -1)
		goto out;
	/* Pass 2. */
	for (i = 0; i < r->nvars; i++) {
		struct var *v = &r->vars[i];

		if (v->ask_if_src != NULL || v->implied_if_src != NULL ||
		    var_shows_if(v)) {
			const struct ydoc *d = NULL;
			const struct ynode *n;
			int k;

			/* Position of the ask_if scalar: find its doc. */
			for (k = 0; k < l.ndocs; k++)
				if (strcmp(l.docs[k]->file, v->file) == 0)
					d = l.docs[k];
			n = d != NULL ? ynode_get(d->root, "questions") : NULL;
			for (k = 0; n != NULL && k < n->n; k++) {
				const struct ynode *id = ynode_get(n->items[k],
				    "id");
				if (id != NULL && strcmp(id->str, v->id) == 0) {
					if (get_expr(&l, d, n->items[k],
					    "ask_if", 0, T_BOOL, &v->ask_if,
					    NULL) == -1 ||
					    implied(&l, d, n->items[k], v) == -1 ||
					    option_shows(&l, d, n->items[k],
					    v) == -1)
						goto out;
					break;
				}
			}
		}
	}
	/* Field ask_if, with the record's fields in scope. */
	for (i = 0; i < r->nvars; i++) {
		struct var *v = &r->vars[i];
		int k;

		for (k = 0; k < v->nfields; k++) {
			struct var *f = &v->fields[k];

			if (f->ask_if_src == NULL)
				continue;
			f->ask_if = expr_compile_scoped(names(&l), f->ask_if_src,
			    v->file, f->line, f->col, v, err);
			if (f->ask_if == NULL)
				goto out;
		}
	}
	/* When a document is asked for (rules/documents). */
	for (i = 0; i < r->ndocuments; i++)
		if (l.doc_node[i]->kind == Y_MAP && get_expr(&l,
		    l.doc_file[i], l.doc_node[i], "when", 0, T_BOOL,
		    &r->documents[i].when, NULL) == -1)
			goto out;
	for (i = 0; i < r->nderived; i++) {
		struct derived *dv = &r->derived[i];

		struct type t;

		if (names_derived(&l, dv->id, &t, err) < 0)
			goto out;
	}
	for (i = 0; i < r->nschemes; i++) {
		struct ydoc *d = (struct ydoc *)r->schemes[i].file;

		if (compile_scheme(&l, &r->schemes[i]) == -1)
			goto out;
		ydoc_release(d);	/* everything needed was copied */
	}
	if (check_cycles(&l) == -1 || load_urgencies(&l) == -1 ||
	    load_orientation(&l) == -1)
		goto out;
	if (implied_reads(&l) == -1 || load_consistency(&l) == -1 ||
	    load_interview(&l) == -1)
		goto out;
	scheme_reads(&l);
	usage_compute(&l);
	amounts_unconfirmed(&l);
	enode_compile_rules(r);
	r->load_warnings = arena_strdup(&r->arena, r->warnings != NULL ?
	    r->warnings : "");
	r->nload_warnings = r->nwarnings;
	param_warnings(&l);
	usage_warnings(&l);
	snprintf(r->version, sizeof r->version, "%016llx",
	    (unsigned long long)l.hash);
	ok = 1;
out:
	for (i = 0; i < l.ndocs; i++) {
		ydoc_release(l.docs[i]);
		free(l.docs[i]);
	}
	free(l.docs);
	free(l.doc_file);
	free(l.doc_node);
	loader_names_free(&l);
	free(sf);
	if (!ok) {
		/* Keep the error's file alive beyond the arena. */
		static char file[4096];

		if (err != NULL && err->file != NULL) {
			snprintf(file, sizeof file, "%s", err->file);
			err->file = file;
		}
		rules_free(r);
		return NULL;
	}
	return r;
}

/* --- the compiled image ---------------------------------------------------- */

uint64_t
rules_image_key(const char *dir, const char *salt)
{
	static const char *const parts[] = {
		"consistency.yaml", "glossary.yaml", "interview.yaml",
		"orientation.yaml", "urgencies.yaml", "derived", "documents",
		"parameters", "questions", "schemes", "services/kinds.yaml"
	};
	uint64_t h = HASH64_INIT;
	size_t i;

	h = hash_bytes(h, AIG_VERSION, sizeof AIG_VERSION);
	h = image_hash_program(h);
	if (salt != NULL && *salt != '\0')	/* NULL and "": none */
		h = hash_bytes(h, salt, strlen(salt) + 1);
	for (i = 0; i < sizeof parts / sizeof *parts; i++) {
		char *p = xasprintf("%s/%s", dir, parts[i]);
		int rc = image_hash_tree(&h, p, parts[i]);

		free(p);
		if (rc == -1)
			return 0;
	}
	/* Any other *.yaml at the top would be a new kind of rule file
	   (the names as list_yaml takes them, the folder's names
	   remembered by its stat: image.c). */
	{
		char **v;
		int n = image_dir_names(dir, &v), k;

		for (k = 0; k < n; k++) {
			size_t len = strlen(v[k]);

			if (len >= 6 && (strcmp(v[k] + len - 5, ".yaml") == 0 ||
			    strcmp(v[k] + len - 4, ".yml") == 0))
				h = hash_bytes(h, v[k], len + 1);
		}
		free_list(v, n < 0 ? 0 : n);
	}
	image_files_save();
	return h ? h : 1;
}

char *
rules_image_cache_path(const char *dir)
{
	return image_cache_path(dir, "rules");
}

/* Moving the file names of a mapped model from one folder to another. */
#define REBASE_MEMO	256

struct rebase {
	struct rules	*r;
	const char	*from, *to;
	size_t		 fl, tl;
	/* names are shared by the objects of a file: each moved once */
	const char	*old[REBASE_MEMO], *moved[REBASE_MEMO];
};

static void
rebase_path(struct rebase *rb, const char **file)
{
	uintptr_t slot;
	size_t rest;
	char *p;

	if (*file == NULL || strncmp(*file, rb->from, rb->fl) != 0 ||
	    (*file)[rb->fl] != '/')
		return;
	slot = ((uintptr_t)*file >> 3) % REBASE_MEMO;
	if (rb->old[slot] != *file) {
		rest = strlen(*file + rb->fl);
		p = arena_alloc(&rb->r->arena, rb->tl + rest + 1);
		memcpy(p, rb->to, rb->tl);
		memcpy(p + rb->tl, *file + rb->fl, rest + 1);
		rb->old[slot] = *file;
		rb->moved[slot] = p;
	}
	*file = rb->moved[slot];
}

/*
 * The lines of `text` whose file name starts with the image's folder,
 * moved under the run's (as rebase_path does). Returns a malloc'ed copy.
 */
static char *
rebase_lines(const struct rebase *rb, const char *text)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		nl = nl != NULL ? nl + 1 : p + strlen(p);
		if (strncmp(p, rb->from, rb->fl) == 0 && p[rb->fl] == '/') {
			strbuf_add(&b, rb->to);
			p += rb->fl;
		}
		strbuf_addn(&b, p, (size_t)(nl - p));
		p = nl;
	}
	return strbuf_detach(&b);
}

/*
 * Make a mapped model look as rules_load(dir, date) would have made it:
 * its folder and the file names of its messages under `dir`, and the
 * warnings of `date` (which say how old parameters are).
 */
static void
image_settle(struct rules *r, const char *dir, int32_t date)
{
	struct loader l;
	struct rebase rb;
	int i, k;

	arena_init(&r->arena);
	memset(&rb, 0, sizeof rb);
	rb.r = r;
	rb.from = r->dir;
	rb.fl = strlen(rb.from);
	rb.to = r->dir = arena_strdup(&r->arena, dir);
	rb.tl = strlen(dir);
	if (strcmp(rb.from, dir) != 0) {
		for (i = 0; i < r->nvars; i++) {
			rebase_path(&rb, &r->vars[i].file);
			for (k = 0; k < r->vars[i].nfields; k++)
				rebase_path(&rb, &r->vars[i].fields[k].file);
		}
		for (i = 0; i < r->nderived; i++)
			rebase_path(&rb, &r->derived[i].file);
		for (i = 0; i < r->nparams; i++)
			rebase_path(&rb, &r->params[i].file);
		for (i = 0; i < r->nschemes; i++)
			rebase_path(&rb, &r->schemes[i].file);
		for (i = 0; i < r->nchecks; i++)
			rebase_path(&rb, &r->checks[i].file);
	}
	r->warnings = NULL;
	r->nwarnings = 0;
	if (r->nload_warnings > 0 && r->load_warnings != NULL)
		r->warnings = rebase_lines(&rb, r->load_warnings);
	r->nwarnings = r->nload_warnings;
	memset(&l, 0, sizeof l);
	l.r = r;
	l.date = date;
	param_warnings(&l);
	usage_warnings(&l);
}

struct rules *
rules_load_cached(const char *dir, int32_t date, const char *salt,
    struct error *err)
{
	return rules_load_cached_flags(dir, date, salt, 0, err);
}

struct rules *
rules_load_cached_flags(const char *dir, int32_t date, const char *salt,
    int flags, struct error *err)
{
	struct error ierr;
	struct rules *r;
	uint64_t key = rules_image_key(dir, salt);
	char *shipped, *cache;

	if (key == 0)		/* unreadable: the loader will say why */
		return rules_load(dir, date, err);
	shipped = image_shipped_path(dir, ".img");
	cache = rules_image_cache_path(dir);
	memset(&ierr, 0, sizeof ierr);
	/*
	 * The cache first: an image there of the same key was written for
	 * this folder, its file names need no moving (which would copy the
	 * pages of every question, parameter and scheme). The shipped one
	 * names the files under "rules": once moved, it is written to the
	 * cache for the next runs.
	 */
	r = cache != NULL ? rules_image_map(cache, key, flags, &ierr) : NULL;
	if (r == NULL && (r = rules_image_map(shipped, key, flags, &ierr)) !=
	    NULL && cache != NULL && strcmp(r->dir, dir) != 0) {
		image_settle(r, dir, date);
		(void)rules_image_write(r, cache, key, &ierr);
	} else if (r != NULL)
		image_settle(r, dir, date);
	else if ((r = rules_load(dir, date, err)) != NULL && cache != NULL)
		(void)rules_image_write(r, cache, key, &ierr);
	free(shipped);
	free(cache);
	return r;
}

void
rules_free(struct rules *r)
{
	if (r == NULL)
		return;
	if (r->image != NULL) {
		void *m = r->image;
		size_t len = r->image_len;
		int mapped = r->image_mapped;

		free(r->warnings);
		if (!in_image(r, r->intern))
			free(r->intern);
		arena_release(&r->arena);
		if (mapped)
			munmap(m, len);
		return;
	}
	free(r->vars);
	free(r->derived);
	free(r->params);
	free(r->documents);
	free(r->domains);
	free(r->warnings);
	free(r->intern);
	free(r->enodes);
	arena_release(&r->arena);
	free(r);
}
