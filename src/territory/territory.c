/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * territory.c - communes of France, the service directory, sectors.
 *
 * Loading: communes.tsv is read with one read(2) and parsed in place; the
 * folded search keys and a bitmask of word initials are computed once, and
 * the communes are sorted once in ranking order (doc/territory.md §2: main
 * rows first, population, INSEE code, type). A text search is then one scan
 * in that order: the mask rejects most rows with one AND, and each tier's
 * matches come out already sorted.
 *
 * The directory files are ydoc trees kept alive for the export; structures,
 * services and sectors point into them. Imported sectorisations
 * (rules/territory/sectors/<dept>.yaml, written by territory_import_write)
 * replace the directory's sectors for the kinds they list.
 */
#include "territory.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirs.h"
#include "geo.h"
#include "hash.h"
#include "i18n.h"
#include "image.h"
#include "json.h"
#include "strbuf.h"
#include "territory_priv.h"
#include "utf8.h"

#define CHECK_MAGIC	"AIGCHK01"
#define GEO_MAGIC	"AIGGEO01"

#define MAX_QUERY	256
#define MAX_WORDS	32

#define PRIV(t)	((struct territory_priv *)(t))
#define CPRIV(t) ((const struct territory_priv *)(t))

/* err->file must outlive the territory the error came from. */
static char err_path[PATH_MAX];

/*
 * The offices of one commune and kind are asked again and again: for
 * every plan step of every situation of a batch (eval --lines), among a
 * few communes. The answer depends on the territory alone, which does
 * not change once loaded, so each thread keeps its last answers, in
 * OFFICES_SETS sets of OFFICES_WAYS chosen by a hash of the commune and
 * the kind (the oldest of a set makes room). Freeing any territory bumps
 * offices_epoch, which empties every thread's memo on its next look: a
 * territory loaded later at the same address never gets an answer meant
 * for the one before. The computation itself runs under offices_lock: it
 * may fill the territory's lazy state (a commune row looked up for the
 * first time, the centres of communes read on first need), which threads
 * evaluating at once must not do together.
 */
#define OFFICES_SETS		128	/* a power of two */
#define OFFICES_WAYS		4
#define OFFICES_MEMO_MAX	4	/* longer answers are not kept */

struct offices_memo_entry {
	const struct territory	*t;		/* NULL: empty */
	int			 has_insee;	/* insee was not NULL */
	int			 max, n;
	char			 insee[8];
	char			 kind[32];
	struct office		 out[OFFICES_MEMO_MAX];
};

struct offices_memo {
	unsigned			epoch;
	unsigned char			next[OFFICES_SETS];	/* to replace */
	struct offices_memo_entry	e[OFFICES_SETS][OFFICES_WAYS];
};

/* Each thread's memo, allocated on its first look and freed when the
   thread ends: 64 KB of static TLS would be zeroed, a page fault a page,
   at every start of the program (issue 19). */
static _Thread_local struct offices_memo *offices_memo;
static pthread_key_t offices_key;
static pthread_once_t offices_once = PTHREAD_ONCE_INIT;
static atomic_uint offices_epoch;
static pthread_mutex_t offices_lock = PTHREAD_MUTEX_INITIALIZER;

static int
fail(struct error *err, const char *path, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
fail(struct error *err, const char *path, int line, int col,
    const char *fmt, ...)
{
	char msg[sizeof err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (path != NULL) {
		snprintf(err_path, sizeof err_path, "%s", path);
		path = err_path;
	}
	return error_set(err, path, line, col, "%s", msg);
}

static const char *const abbrev[][2] = {
	{ "st", "saint" }, { "ste", "sainte" }, { "sts", "saints" },
	{ "stes", "saintes" }
};

size_t
territory_fold(const char *s, char *out, size_t size)
{
	char raw[MAX_QUERY * 2];
	size_t rawlen = utf8_fold(s, raw, sizeof raw), n = 0, i, w;
	int k;

	/* Words, with the saint abbreviations expanded. */
	if (size == 0)
		return 0;
	for (i = 0; i < rawlen; i = w + 1) {
		const char *word = raw + i;
		size_t wl;

		for (w = i; w < rawlen && raw[w] != ' '; w++)
			;
		wl = w - i;
		for (k = 0; wl >= 2 && wl <= 4 && word[0] == 's' &&
		    word[1] == 't' && k < 4; k++)
			if (strlen(abbrev[k][0]) == wl &&
			    memcmp(abbrev[k][0], word, wl) == 0) {
				word = abbrev[k][1];
				wl = strlen(word);
				break;
			}
		if (n > 0 && n + 1 < size)
			out[n++] = ' ';
		if (n + wl >= size)
			wl = size - 1 - n;
		memcpy(out + n, word, wl);
		n += wl;
	}
	out[n] = '\0';
	return n;
}

/* Bit per initial of each word: a-z 0..25, digits 26. */
static uint32_t
word_mask(const char *key)
{
	uint32_t m = 0;
	const char *p;

	for (p = key; *p != '\0'; p++)
		if (p == key || p[-1] == ' ')
			m |= *p >= 'a' ? UINT32_C(1) << (*p - 'a') :
			    UINT32_C(1) << 26;
	return m;
}

/* ------------------------------------------------------------------ */
/* communes.tsv                                                        */

static const char *const type_names[] = {
	"commune", "arrondissement", "deleguee", "associee"
};

const char *
territory_commune_type_name(enum commune_type t)
{
	static const char *const display[] = {
		"commune", "arrondissement municipal", "commune déléguée",
		"commune associée"
	};

	return (unsigned)t < 4 ? display[t] : "commune";
}

static int
is_main(const struct commune *c)
{
	return c->type == COMMUNE_CURRENT || c->type == COMMUNE_ARRONDISSEMENT;
}

/*
 * Sort commune indices in ranking order: main rows first, then population
 * (largest first), then file order (INSEE code, then type). A stable LSD
 * radix sort on a 32-bit key: 4 passes over the array instead of a
 * comparison sort, which was a fifth of the load time.
 */
static void
rank_sort(const struct commune *c, int *order, int n)
{
	uint32_t *key = xmalloc(sizeof *key * (size_t)n);
	int *tmp = xmalloc(sizeof *tmp * (size_t)n), *src = order, *dst = tmp;
	int i, pass, *swap;
	size_t cnt[257];

	for (i = 0; i < n; i++) {
		uint32_t pop = c[i].population < 0 ? 0 :
		    (uint32_t)c[i].population & 0x7fffffffu;

		order[i] = i;
		key[i] = (is_main(&c[i]) ? 0u : 0x80000000u) |
		    (0x7fffffffu - pop);
	}
	for (pass = 0; pass < 4; pass++) {
		int shift = pass * 8;

		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < n; i++)
			cnt[((key[src[i]] >> shift) & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			cnt[i] += cnt[i - 1];
		for (i = 0; i < n; i++)
			dst[cnt[(key[src[i]] >> shift) & 0xff]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	/* After an even number of passes the result is back in `order`. */
	free(tmp);
	free(key);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_service_id(const void *a, const void *b)
{
	return strcmp((*(const struct service *const *)a)->id,
	    (*(const struct service *const *)b)->id);
}

static char *
read_whole(const char *path, size_t *lenp, struct error *err)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return fail(err, path, 0, 0, "cannot open: %s",
		    strerror(errno)), NULL;
	if (fstat(fd, &st) == -1) {
		close(fd);
		return fail(err, path, 0, 0, "cannot stat: %s",
		    strerror(errno)), NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			fail(err, path, 0, 0, "cannot read: %s",
			    n == 0 ? "file shrank" : strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*lenp = got;
	return buf;
}

static int
is_article(const char *key, size_t fl)
{
	return (fl == 1 && key[0] == 'l') || (fl == 2 && (memcmp(key, "le", 2)
	    == 0 || memcmp(key, "la", 2) == 0)) || (fl == 3 &&
	    memcmp(key, "les", 3) == 0);
}

/*
 * Parse communes.tsv in place in one pass: fields become NUL-terminated
 * strings of the buffer; the folded keys go into one block. Nothing is
 * zeroed or allocated per row: this runs at every start-up.
 */
static int
load_communes(struct territory_priv *tp, struct error *err)
{
	struct territory *t = &tp->pub;
	char *path = xasprintf("%s/territory/communes.tsv", t->dir);
	char *p, *end, *line, *f[8];
	size_t len, cap = 0;
	int lineno = 0, header = 0, nf, i, k, ndeps;

	t->tsv = read_whole(path, &len, err);
	if (t->tsv == NULL) {
		free(path);
		return -1;
	}
	end = t->tsv + len;
	for (p = t->tsv; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		cap++;
	tp->communes_mem = xmalloc(sizeof *t->communes * (cap + 1));
	t->communes = tp->communes_mem;
	tp->tsv_len = len;
	for (line = t->tsv; line < end; line = p + 1) {
		struct commune *c;

		lineno++;
		/* Split the line on tabs up to its end, in one scan. */
		nf = 0;
		f[nf++] = line;
		for (p = line; p < end && *p != '\n'; p++)
			if (*p == '\t') {
				*p = '\0';
				if (nf < 8)
					f[nf] = p + 1;
				nf++;
			}
		*p = '\0';
		if (p > line && p[-1] == '\r')
			p[-1] = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		if (!header) {
			if (nf != 8 || strcmp(f[0], "insee") != 0 ||
			    strcmp(f[5], "type") != 0) {
				fail(err, path, lineno, 1, "expected the header "
				    "\"insee nom dep codes_postaux epci type "
				    "parent population\"");
				goto bad;
			}
			header = 1;
			continue;
		}
		if (nf != 8) {
			fail(err, path, lineno, 1, "expected 8 tab-separated "
			    "fields, found %d", nf);
			goto bad;
		}
		c = &t->communes[t->ncommunes];
		c->insee = f[0];
		c->name = f[1];
		c->dep = f[2];
		c->postcodes = f[3];
		c->epci = f[4];
		c->parent = f[6];
		c->population = atoi(f[7]);
		switch (f[5][0]) {
		case 'c':
			k = COMMUNE_CURRENT;
			break;
		case 'a':
			k = f[5][1] == 'r' ? COMMUNE_ARRONDISSEMENT :
			    COMMUNE_ASSOCIEE;
			break;
		case 'd':
			k = COMMUNE_DELEGUEE;
			break;
		default:
			k = -1;
		}
		if (k < 0 || strcmp(f[5], type_names[k]) != 0) {
			fail(err, path, lineno, 1, "unknown type \"%s\"", f[5]);
			goto bad;
		}
		c->type = (enum commune_type)k;
		if (strlen(c->insee) != 5 || *c->name == '\0' ||
		    *c->dep == '\0') {
			fail(err, path, lineno, 1, "bad insee, nom or dep");
			goto bad;
		}
		if (t->ncommunes > 0) {
			const struct commune *prev = c - 1;
			int d = memcmp(prev->insee, c->insee, 5);

			if (d > 0 || (d == 0 && prev->type >= c->type)) {
				fail(err, path, lineno, 1, "rows not sorted by "
				    "insee, then type");
				goto bad;
			}
			/* A commune déléguée with the code, the name and
			   the postal codes of its commune nouvelle
			   (Montauban-de-Bretagne, 35184) is the same place
			   to everyone who searches: listed twice, it reads
			   as two communes. */
			if (c->type != COMMUNE_CURRENT &&
			    prev->type == COMMUNE_CURRENT && d == 0 &&
			    strcmp(c->parent, c->insee) == 0 &&
			    strcmp(prev->name, c->name) == 0 &&
			    strcmp(prev->postcodes, c->postcodes) == 0)
				continue;
		}
		/* The search keys come later (build_keys). */
		c->key = c->compact = NULL;
		c->art = c->art_compact = 0;
		c->rank = -1;
		t->ncommunes++;
	}
	if (t->ncommunes == 0) {
		fail(err, path, lineno, 0, "no commune");
		goto bad;
	}

	/* Distinct department codes (rows are grouped by department). */
	t->deps = arena_alloc(&t->arena, sizeof *t->deps * 128);
	ndeps = 0;
	for (i = 0; i < t->ncommunes; i++) {
		const char *d = t->communes[i].dep;

		if (ndeps > 0 && strcmp(t->deps[ndeps - 1], d) == 0)
			continue;
		for (k = 0; k < ndeps; k++)
			if (strcmp(t->deps[k], d) == 0)
				break;
		if (k == ndeps && ndeps < 128)
			t->deps[ndeps++] = d;
	}
	qsort(t->deps, (size_t)ndeps, sizeof *t->deps, cmp_str);
	t->ndeps = ndeps;
	free(path);
	return 0;
bad:
	t->ncommunes = 0;
	free(path);
	return -1;
}

/*
 * Load the whole commune table once; later calls return what the first
 * one found. The territory is immutable for its users: this only fills
 * what they have not needed yet. Not thread-safe: eval --jobs loads the
 * table whole (territory_communes_load) before its threads start.
 */
static int
communes_need(const struct territory *ct)
{
	struct territory_priv *tp = (struct territory_priv *)ct;

	if (tp->communes_state == 0) {
		memset(&tp->communes_err, 0, sizeof tp->communes_err);
		if (commune_index_map(tp, 0) == 0)	/* keys built too */
			tp->communes_state = 1;
		else
			tp->communes_state = load_communes(tp,
			    &tp->communes_err) == 0 ? 1 : -1;
	}
	return tp->communes_state == 1 ? 0 : -1;
}

static void	build_search_index(struct territory_priv *);
static void	postal_need(struct territory_priv *);

/*
 * The search keys of one row (doc/territory.md §2 step 1), written at
 * `kp` (room for twice the name, twice): the folded name, the same
 * without spaces, and where each starts after a leading article.
 * Returns the first byte after them.
 */
static char *
set_keys(struct commune *c, char *kp)
{
	size_t kl, fl;
	char *q, *sp;

	kl = territory_fold(c->name, kp, MAX_QUERY);
	c->key = kp;
	c->compact = q = kp + kl + 1;
	for (sp = kp; *sp != '\0'; sp++)
		if (*sp != ' ')
			*q++ = *sp;
	*q++ = '\0';
	c->art = c->art_compact = 0;
	sp = strchr(c->key, ' ');
	fl = sp ? (size_t)(sp - c->key) : 0;
	if (sp != NULL && is_article(c->key, fl)) {
		c->art = (unsigned short)(fl + 1);
		c->art_compact = (unsigned short)fl;
	}
	return q;
}

/* The index in t->deps (sorted) of department `dep`, or -1. */
static int
dep_index(const struct territory *t, const char *dep)
{
	const char **d;

	if (dep == NULL || t->deps == NULL)
		return -1;
	d = bsearch(&dep, t->deps, (size_t)t->ndeps, sizeof *t->deps,
	    cmp_str);
	return d != NULL ? (int)(d - t->deps) : -1;
}

/*
 * The keys again, in rank order, and the row of each rank (struct
 * search_row): a search reads its candidates by rank, so that what it
 * reads of them lies in the order it reads it.
 */
static void
search_rows(struct territory_priv *tp)
{
	struct territory *t = &tp->pub;
	char *mem = xmalloc(tp->keys_len + 1), *kp = mem;
	const char *prev = NULL;
	int i, d = -1;

	tp->search_rows = arena_alloc(&t->arena, sizeof *tp->search_rows *
	    (size_t)(t->ncommunes + 1));
	for (i = 0; i < t->ncommunes; i++) {
		struct commune *c = &t->communes[t->order[i]];
		struct search_row *sr = &tp->search_rows[i];
		size_t kl = strlen(c->key) + 1, cl = strlen(c->compact) + 1;

		memcpy(kp, c->key, kl);
		memcpy(kp + kl, c->compact, cl);
		c->key = kp;
		c->compact = kp + kl;
		if (prev == NULL || strcmp(prev, c->dep) != 0)
			d = dep_index(t, prev = c->dep);
		memset(sr, 0, sizeof *sr);
		sr->key = (uint32_t)(kp - mem);
		sr->compact = (uint16_t)kl;	/* MAX_QUERY bytes at most */
		sr->art = (uint8_t)c->art;	/* an article: "les " */
		sr->art_compact = (uint8_t)c->art_compact;
		sr->dep = (uint16_t)(d < 0 ? UINT16_MAX : d);
		kp += kl + cl;
	}
	free(tp->keys_mem);
	tp->keys_mem = mem;
	tp->search_keys = mem;
	tp->keys_len = (size_t)(kp - mem);
}

/*
 * The search keys of every row (doc/territory.md §2 step 1), the ranking
 * order and the word masks: only searches need them, so `check` and the
 * sector import never fold 37,500 names.
 */
static void
build_keys(struct territory_priv *tp)
{
	struct territory *t = &tp->pub;
	char *kp;
	int i;

	/* key + compact: at most twice the name (oe, ae, ss) each. */
	tp->keys_mem = kp = xmalloc(tp->tsv_len * 4 + 16);
	for (i = 0; i < t->ncommunes; i++) {
		struct commune *c = &t->communes[i];

		kp = set_keys(c, kp);
	}
	tp->keys_len = (size_t)(kp - tp->keys_mem);
	/* Ranking order and masks. */
	t->order = arena_alloc(&t->arena, sizeof *t->order *
	    (size_t)t->ncommunes);
	tp->masks = arena_alloc(&t->arena, sizeof *tp->masks *
	    (size_t)t->ncommunes);
	tp->order_mask = arena_alloc(&t->arena, sizeof *tp->order_mask *
	    (size_t)t->ncommunes);
	for (i = 0; i < t->ncommunes; i++)
		tp->masks[i] = word_mask(t->communes[i].key);
	rank_sort(t->communes, t->order, t->ncommunes);
	for (i = 0; i < t->ncommunes; i++) {
		t->communes[t->order[i]].rank = i;
		tp->order_mask[i] = tp->masks[t->order[i]];
	}
	search_rows(tp);
	build_search_index(tp);
	tp->keys_built = 1;
}

/* The table with its search keys. */
static int
keys_need(const struct territory *ct)
{
	struct territory_priv *tp = (struct territory_priv *)ct;

	if (communes_need(ct) == -1)
		return -1;
	if (!tp->keys_built) {
		build_keys(tp);
		commune_index_save(tp);	/* mapped by the next run */
	}
	return 0;
}

int
territory_communes_load(const struct territory *t, struct error *err)
{
	if (keys_need(t) == 0)
		return 0;
	if (err != NULL)
		*err = CPRIV(t)->communes_err;
	return -1;
}

/* Map communes.tsv and find its first data row (after # lines, header). */
static int
map_communes(struct territory_priv *tp)
{
	char *path;
	struct stat st;
	void *m;
	const char *p, *end, *nl;
	int fd;

	if (tp->map_state != 0)
		return tp->map_state == 1 ? 0 : -1;
	tp->map_state = -1;
	path = xasprintf("%s/territory/communes.tsv", tp->pub.dir);
	fd = open(path, O_RDONLY);
	free(path);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return -1;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	tp->map = m;
	tp->maplen = (size_t)st.st_size;
	end = tp->map + tp->maplen;
	for (p = tp->map; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (*p != '#' && *p != '\n' && *p != '\r') {
			if (strncmp(p, "insee\t", 6) != 0)
				break;	/* no header: found by the full load */
			tp->body = (size_t)(nl + 1 - tp->map);
			tp->map_state = 1;
			return 0;
		}
		if (nl == end)
			break;
	}
	return -1;
}

/* Start of the line holding offset `o` of the mapped table. */
static size_t
line_start(const struct territory_priv *tp, size_t o)
{
	while (o > tp->body && tp->map[o - 1] != '\n')
		o--;
	return o;
}

/*
 * The row of the mapped table starting at `o` as a commune of the
 * arena, or NULL when it is not a well-formed row.
 */
static const struct commune *
parse_row(struct territory_priv *tp, size_t o)
{
	struct territory *t = &tp->pub;
	const char *end = tp->map + tp->maplen, *nl, *line = tp->map + o;
	char *copy, *f[8], *p;
	struct commune *c;
	size_t len;
	int nf = 0, k;

	nl = memchr(line, '\n', (size_t)(end - line));
	len = (size_t)((nl != NULL ? nl : end) - line);
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > 1024)
		return NULL;
	copy = arena_strndup(&t->arena, line, len);
	f[nf++] = copy;
	for (p = copy; *p != '\0'; p++)
		if (*p == '\t') {
			*p = '\0';
			if (nf == 8)
				return NULL;
			f[nf++] = p + 1;
		}
	if (nf != 8 || strlen(f[0]) != 5 || *f[1] == '\0' || *f[2] == '\0')
		return NULL;
	for (k = 0; k <= COMMUNE_ASSOCIEE; k++)
		if (strcmp(f[5], type_names[k]) == 0)
			break;
	if (k > COMMUNE_ASSOCIEE)
		return NULL;
	c = arena_alloc(&t->arena, sizeof *c);
	c->insee = f[0];
	c->name = f[1];
	c->dep = f[2];
	c->postcodes = f[3];
	c->epci = f[4];
	c->type = (enum commune_type)k;
	c->parent = f[6];
	c->population = atoi(f[7]);
	(void)set_keys(c, arena_alloc(&t->arena, 2 * MAX_QUERY + 2));
	c->rank = -1;
	return c;
}

/*
 * The offset of the first line of the mapped table whose first `n`
 * bytes are not below `key` (the rows are sorted by code).
 */
static size_t
first_row(const struct territory_priv *tp, const char *key, size_t n)
{
	size_t lo = tp->body, hi = tp->maplen, mid;
	int d;

	while (lo < hi) {
		mid = line_start(tp, lo + (hi - lo) / 2);
		if (mid < lo)
			mid = lo;
		d = tp->maplen - mid < n ? 1 : memcmp(tp->map + mid, key, n);
		if (d < 0) {
			const char *nl = memchr(tp->map + mid, '\n',
			    tp->maplen - mid);

			lo = nl == NULL ? tp->maplen : (size_t)(nl + 1 -
			    tp->map);
		} else if (mid == lo)
			break;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Whether department `dep` has a row in the mapped table, without
 * loading it: the rows whose code starts with `dep` ("97" is no
 * department, its rows say "971"...), their third column compared.
 * -1 when the table is not mapped.
 */
static int
dep_in_map(struct territory_priv *tp, const char *dep)
{
	size_t n = strlen(dep), o;
	const char *end, *f, *nl;

	if (n == 0 || n > 3)	/* no department has such a code */
		return 0;
	if (map_communes(tp) == -1)
		return -1;
	end = tp->map + tp->maplen;
	for (o = first_row(tp, dep, n);
	    o + n < tp->maplen && memcmp(tp->map + o, dep, n) == 0;
	    o = (size_t)(nl + 1 - tp->map)) {
		nl = memchr(tp->map + o, '\n', tp->maplen - o);
		if (nl == NULL)
			nl = end;
		f = memchr(tp->map + o, '\t', (size_t)(nl - (tp->map + o)));
		if (f != NULL)
			f = memchr(f + 1, '\t', (size_t)(nl - (f + 1)));
		if (f != NULL && (size_t)(nl - f) > n + 1 &&
		    memcmp(f + 1, dep, n) == 0 && f[1 + n] == '\t')
			return 1;
		if (nl == end)
			break;
	}
	return 0;
}

/*
 * One row by code and type without loading the table: a binary search
 * of the mapped communes.tsv (sorted by code, then type, which the full
 * load checks). Each row found is kept, so the same pointer comes back.
 */
static const struct commune *
lookup_row(const struct territory *ct, const char *insee,
    enum commune_type type)
{
	struct territory_priv *tp = (struct territory_priv *)ct;
	size_t o;
	const struct commune *c;
	int i;

	if (strlen(insee) != 5 || map_communes(tp) == -1)
		return NULL;
	for (i = 0; i < tp->nlooked; i++)
		if (tp->looked[i]->type == type &&
		    strcmp(tp->looked[i]->insee, insee) == 0)
			return tp->looked[i];
	for (o = first_row(tp, insee, 5);
	    o + 5 < tp->maplen && memcmp(tp->map + o, insee, 5) == 0;) {
		const char *nl;

		if ((c = parse_row(tp, o)) == NULL)
			return NULL;
		if (c->type == type) {
			if (tp->nlooked == tp->caplooked) {
				tp->caplooked = tp->caplooked ?
				    tp->caplooked * 2 : 8;
				tp->looked = xrealloc(tp->looked,
				    sizeof *tp->looked *
				    (size_t)tp->caplooked);
			}
			tp->looked[tp->nlooked++] = (struct commune *)c;
			return c;
		}
		if ((nl = memchr(tp->map + o, '\n', tp->maplen - o)) == NULL)
			break;
		o = (size_t)(nl + 1 - tp->map);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Commune lookup                                                      */

const struct commune *
territory_commune_typed(const struct territory *t, const char *insee,
    enum commune_type type)
{
	int lo = 0, hi = t->ncommunes, mid, d;

	if (CPRIV(t)->communes_state == 0)
		return lookup_row(t, insee, type);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		d = strcmp(t->communes[mid].insee, insee);
		if (d < 0 || (d == 0 && t->communes[mid].type < type))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->ncommunes && strcmp(t->communes[lo].insee, insee) == 0 &&
	    t->communes[lo].type == type)
		return &t->communes[lo];
	return NULL;
}

const struct commune *
territory_commune(const struct territory *t, const char *insee)
{
	const struct commune *c;

	if ((c = territory_commune_typed(t, insee, COMMUNE_CURRENT)) != NULL)
		return c;
	return territory_commune_typed(t, insee, COMMUNE_ARRONDISSEMENT);
}

/*
 * territory_has_department and territory_commune_check run under
 * offices_lock: they may fill the same lazy state as offices_compute (a
 * commune row parsed on first look, the mapping of the table), and the
 * threads of eval --lines read situations at once (src/cli/main.c),
 * without loading the whole table first.
 */
static int
has_department(const struct territory *t, const char *dep)
{
	int in_map;

	/* Not loaded yet: the mapped table answers without loading it. */
	if (CPRIV(t)->communes_state == 0 &&
	    (in_map = dep_in_map((struct territory_priv *)t, dep)) != -1)
		return in_map;
	/* the department codes come with the whole commune table */
	return communes_need(t) == 0 && t->ndeps > 0 && bsearch(&dep,
	    t->deps, (size_t)t->ndeps, sizeof *t->deps, cmp_str) != NULL;
}

/* The bit of a department code in dep_found ("32" 32, "2A" 100, "2B"
   101, "974" 1174), or -1. */
static int
dep_slot(const char *dep)
{
	int i, n = 0;

	if (dep[0] == '2' && (dep[1] == 'A' || dep[1] == 'B') && dep[2] == '\0')
		return dep[1] == 'A' ? 100 : 101;
	for (i = 0; i < 3 && dep[i] >= '0' && dep[i] <= '9'; i++)
		n = n * 10 + (dep[i] - '0');
	if (dep[i] != '\0' || i < 2)
		return -1;
	return i == 2 ? n : 200 + n;
}

int
territory_has_department(const struct territory *t, const char *dep)
{
	struct territory_priv *tp = (struct territory_priv *)t;
	int rc, k = dep_slot(dep);

	pthread_mutex_lock(&offices_lock);
	if (k >= 0 && (tp->dep_found[k >> 3] >> (k & 7) & 1))
		rc = 1;
	else if ((rc = has_department(t, dep)) == 1 && k >= 0)
		tp->dep_found[k >> 3] |= (unsigned char)(1u << (k & 7));
	pthread_mutex_unlock(&offices_lock);
	return rc;
}

static int
commune_check(const struct territory *t, const char *code, char *msg,
    size_t size)
{
	const struct commune *o = NULL;
	int k;

	if (territory_commune(t, code) != NULL)
		return 0;
	for (k = COMMUNE_ARRONDISSEMENT; k <= COMMUNE_ASSOCIEE && o == NULL;
	    k++)
		o = territory_commune_typed(t, code, (enum commune_type)k);
	if (o != NULL && o->type != COMMUNE_ARRONDISSEMENT)
		snprintf(msg, size, _("\"%s\" (%s) is not a current commune "
		    "but a %s of %s: use \"%s\""), code, o->name,
		    territory_commune_type_name(o->type),
		    territory_commune_resolve(t, o)->name, o->parent);
	else
		snprintf(msg, size, _("unknown commune code \"%s\""), code);
	return -1;
}

int
territory_commune_check(const struct territory *t, const char *code,
    char *msg, size_t size)
{
	int rc;

	pthread_mutex_lock(&offices_lock);
	rc = commune_check(t, code, msg, size);
	pthread_mutex_unlock(&offices_lock);
	return rc;
}

const struct commune *
territory_commune_resolve(const struct territory *t, const struct commune *c)
{
	const struct commune *p;

	if (c->type == COMMUNE_CURRENT || *c->parent == '\0')
		return c;
	p = territory_commune_typed(t, c->parent, COMMUNE_CURRENT);
	return p != NULL ? p : c;
}

void
territory_commune_label(const struct territory *t, const struct commune *c,
    char *buf, size_t size)
{
	const struct commune *p;

	if ((c->type == COMMUNE_DELEGUEE || c->type == COMMUNE_ASSOCIEE) &&
	    (p = territory_commune_resolve(t, c)) != c)
		snprintf(buf, size, "%s — %s (%s)", c->name, p->name, c->dep);
	else
		snprintf(buf, size, "%s (%s)", c->name, c->dep);
}

/* ------------------------------------------------------------------ */
/* Search                                                              */

struct query {
	const char	*q;		/* folded */
	size_t		 ql;
	char		 qc[MAX_QUERY];	/* without spaces */
	size_t		 qcl;
	const char	*w[MAX_WORDS];	/* words */
	size_t		 wl[MAX_WORDS];
	int		 nw;
	uint32_t	 mask;
};

static void
query_init(struct query *qy, const char *q)
{
	const char *p;
	size_t n = 0;

	qy->q = q;
	qy->ql = strlen(q);
	qy->nw = 0;
	for (p = q; *p != '\0'; p++) {
		if (*p != ' ')
			qy->qc[n++] = *p;
		if ((p == q || p[-1] == ' ') && qy->nw < MAX_WORDS) {
			qy->w[qy->nw] = p;
			qy->wl[qy->nw] = strcspn(p, " ");
			qy->nw++;
		}
	}
	qy->qc[n] = '\0';
	qy->qcl = n;
	qy->mask = word_mask(q);
}

/*
 * Whether `p` begins with the n bytes of `w` (no NUL among them): what
 * strncmp(p, w, n) == 0 says, inline, for the short words of a commune's
 * name that mostly differ at their first bytes.
 */
static inline int
prefix_eq(const char *p, const char *w, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (p[k] != w[k])
			return 0;
	return 1;
}

/* Each query word starts a word of `key`, in order. */
static int
word_prefix(const struct query *qy, const char *key)
{
	const char *p = key;
	int i;

	/* Called for thousands of communes a keystroke ("sa"): the words
	   are compared and skipped inline (they are short). */
	for (i = 0; i < qy->nw; i++) {
		for (;;) {
			if (prefix_eq(p, qy->w[i], qy->wl[i]))
				break;
			while (*p != ' ' && *p != '\0')
				p++;
			if (*p == '\0')
				return 0;
			p++;
		}
		while (*p != ' ' && *p != '\0')
			p++;
		if (*p == '\0')
			return i == qy->nw - 1;
		p++;
	}
	return 1;
}

/* Tier 0..3 of doc/territory.md §2 step 4, or -1: the commune whose
   key is `n` (its row `sr`). */
static int
match_tier(const struct query *qy, const char *n, const struct search_row *sr)
{
	const char *a = n + sr->art, *cp = n + sr->compact;
	int pn, pa;

	pn = prefix_eq(n, qy->q, qy->ql);
	pa = sr->art && prefix_eq(a, qy->q, qy->ql);
	if ((pn && n[qy->ql] == '\0') || (pa && a[qy->ql] == '\0'))
		return 0;
	if (pn || pa)
		return 1;
	if (prefix_eq(cp, qy->qc, qy->qcl) || (sr->art &&
	    prefix_eq(cp + sr->art_compact, qy->qc, qy->qcl)))
		return 2;
	if (word_prefix(qy, n))
		return 3;
	return -1;
}

/* Index of a folded character among the search symbols, or -1. */
static int
search_symbol(char ch)
{
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a';
	if (ch >= '0' && ch <= '9')
		return 26 + ch - '0';
	return -1;
}

/* The character of search symbol `s` (search_symbol's inverse). */
static char
symbol_char(int s)
{
	return (char)(s < 26 ? 'a' + s : '0' + s - 26);
}

/* Bigram of the first two characters at `p` (no space), or -1. */
static int
search_bigram(const char *p)
{
	int a = search_symbol(p[0]), b = a < 0 ? -1 : search_symbol(p[1]);

	return b < 0 ? -1 : a * SEARCH_SYMBOLS + b;
}

/* Trigram of the first three characters at `p` (no space), or -1. */
static int
search_trigram(const char *p)
{
	int ab = search_bigram(p), c = ab < 0 ? -1 : search_symbol(p[2]);

	return c < 0 ? -1 : ab * SEARCH_SYMBOLS + c;
}

/*
 * The bigrams (len 2) or trigrams (len 3) of the words of `key` in its
 * compact form, each once: at each word start, its character and the
 * next non-space ones ("l isle": "li", "lis", "is", "isl").
 */
static int
key_grams(const char *key, int len, int *out)
{
	const char *p, *q;
	char g[3];
	int n = 0, b, k, j;

	for (p = key; *p != '\0'; p++) {
		if (p != key && p[-1] != ' ')
			continue;
		g[0] = *p;
		for (q = p, j = 1; j < len; j++) {
			for (q++; *q == ' '; q++)
				;
			if ((g[j] = *q) == '\0')
				break;
		}
		if (j < len)
			continue;
		b = len == 2 ? search_bigram(g) : search_trigram(g);
		if (b < 0)
			continue;
		for (k = 0; k < n && out[k] != b; k++)
			;
		if (k == n && n < MAX_QUERY)
			out[n++] = b;
	}
	return n;
}

/*
 * The communes (ranks, ascending) of each of the `ngrams` grams of `len`
 * characters, in CSR form: *off (ngrams + 1) and *rank.
 */
static void
build_grams(struct territory_priv *tp, int len, int ngrams, int **offp,
    int **rankp)
{
	struct territory *t = &tp->pub;
	int bg[MAX_QUERY], i, k, n, *off, *rank, *fill;

	off = arena_alloc(&t->arena, sizeof *off * (size_t)(ngrams + 1));
	for (i = 0; i < t->ncommunes; i++) {
		n = key_grams(t->communes[t->order[i]].key, len, bg);
		for (k = 0; k < n; k++)
			off[bg[k] + 1]++;
	}
	for (k = 0; k < ngrams; k++)
		off[k + 1] += off[k];
	rank = arena_alloc(&t->arena, sizeof *rank *
	    (size_t)(off[ngrams] + 1));
	fill = xmalloc(sizeof *fill * (size_t)ngrams);
	memcpy(fill, off, sizeof *fill * (size_t)ngrams);
	for (i = 0; i < t->ncommunes; i++) {
		n = key_grams(t->communes[t->order[i]].key, len, bg);
		for (k = 0; k < n; k++)
			rank[fill[bg[k]]++] = i;
	}
	free(fill);
	*offp = off;
	*rankp = rank;
}

/*
 * The one-character queries `c` matches: its initials in `sym`, their
 * tiers in `tier`; returns how many.
 */
static int
initial_tiers(const struct commune *c, int *sym, int *tier)
{
	const char *p, *a = c->key + c->art;
	int n = 0, s, k;

	for (p = c->key; *p != '\0' && n < MAX_QUERY; p++) {
		if ((p != c->key && p[-1] != ' ') ||
		    (s = search_symbol(*p)) < 0)
			continue;
		for (k = 0; k < n && sym[k] != s; k++)
			;
		if (k == n) {
			sym[n] = s;
			tier[n++] = 3;
		}
		if (p == c->key)
			tier[k] = p[1] == '\0' ? 0 : 1;
		else if (c->art && p == a && tier[k] != 0)
			tier[k] = a[1] == '\0' ? 0 : 1;
	}
	return n;
}

/* The hit of the commune of rank `i`. */
static void
hit_set(struct search_hit *h, const struct territory_priv *tp, int i)
{
	h->idx = tp->pub.order[i];
	h->dep = tp->search_rows[i].dep;
	h->spare = 0;
}

/*
 * Two-character queries: for each bigram, its candidates (bigram_rank)
 * that match the query of those two characters, tier by tier, as the
 * scan of search_text finds them (struct territory_priv).
 */
static void
build_pairs(struct territory_priv *tp)
{
	struct territory *t = &tp->pub;
	int *off, *tiers, b, j, k, n = 0, cap = 0, *cand, ncand;
	struct search_hit *hits = NULL;
	struct query qy;
	char q[3];

	off = arena_alloc(&t->arena, sizeof *off * (SEARCH_BIGRAMS * 4 + 1));
	tiers = xmalloc(sizeof *tiers * (size_t)(t->ncommunes + 1));
	for (b = 0; b < SEARCH_BIGRAMS; b++) {
		q[0] = symbol_char(b / SEARCH_SYMBOLS);
		q[1] = symbol_char(b % SEARCH_SYMBOLS);
		q[2] = '\0';
		query_init(&qy, q);
		cand = tp->bigram_rank + tp->bigram_off[b];
		ncand = tp->bigram_off[b + 1] - tp->bigram_off[b];
		for (j = 0; j < ncand; j++) {
			const struct search_row *sr = &tp->search_rows[cand[j]];

			tiers[j] = (tp->order_mask[cand[j]] & qy.mask) !=
			    qy.mask ? -1 : match_tier(&qy, tp->search_keys +
			    sr->key, sr);
		}
		for (k = 0; k < 4; k++) {
			off[b * 4 + k] = n;
			for (j = 0; j < ncand; j++) {
				if (tiers[j] != k)
					continue;
				if (n == cap) {
					cap = cap ? 2 * cap : 4096;
					hits = xrealloc(hits, sizeof *hits *
					    (size_t)cap);
				}
				hit_set(&hits[n++], tp, cand[j]);
			}
		}
	}
	off[SEARCH_BIGRAMS * 4] = n;
	free(tiers);
	tp->pair_off = off;
	tp->pair_hits = arena_alloc(&t->arena, sizeof *hits * (size_t)(n + 1));
	if (n > 0)
		memcpy(tp->pair_hits, hits, sizeof *hits * (size_t)n);
	free(hits);
}

/*
 * The search index of the loaded keys (see struct territory_priv): what
 * lets search_text look at the few communes that can match instead of
 * all of them. Its answers are the scan's: same tiers, same rank order.
 */
static void
build_search_index(struct territory_priv *tp)
{
	struct territory *t = &tp->pub;
	int i, k, s, n, total, pass;
	int *off, *cnt;
	struct search_hit *hits = NULL;

	build_grams(tp, 2, SEARCH_BIGRAMS, &tp->bigram_off, &tp->bigram_rank);
	build_grams(tp, 3, SEARCH_TRIGRAMS, &tp->trigram_off,
	    &tp->trigram_rank);
	postal_need(tp);
	/*
	 * One-character queries. For a query of one character, match_tier
	 * gives tier 0 to a key (or key without its article) of that one
	 * character, tier 1 to one starting with it (tier 2, the compact
	 * forms, starts with the same characters), tier 3 to one with
	 * another word starting with it: each commune is put in the tiers
	 * of its initials, in rank order, tier by tier.
	 */
	off = arena_alloc(&t->arena, sizeof *off * (SEARCH_SYMBOLS + 1));
	cnt = xcalloc(SEARCH_SYMBOLS * 4, sizeof *cnt);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			for (s = 0, total = 0; s < SEARCH_SYMBOLS; s++) {
				off[s] = total;
				for (k = 0; k < 4; k++) {
					n = cnt[s * 4 + k];
					cnt[s * 4 + k] = total;
					total += n;
				}
			}
			off[SEARCH_SYMBOLS] = total;
			hits = arena_alloc(&t->arena, sizeof *hits *
			    (size_t)(total + 1));
		}
		for (i = 0; i < t->ncommunes; i++) {
			const struct commune *c = &t->communes[t->order[i]];
			int sym[MAX_QUERY], tier[MAX_QUERY], j;

			n = initial_tiers(c, sym, tier);
			for (j = 0; j < n; j++) {
				k = sym[j] * 4 + tier[j];
				if (pass == 0)
					cnt[k]++;
				else
					hit_set(&hits[cnt[k]++], tp, i);
			}
		}
	}
	free(cnt);
	tp->initial_off = off;
	tp->initial_hits = hits;
	build_pairs(tp);
}

/* Four tiers of match (match_tier), each split in two: the communes of
   the site's department, then the others. */
#define NTIERS	8

/*
 * The communes of the `n` hits `v` that are of the site's department
 * (homei: its index, -1 none) when `mine`, else the others (all of them
 * without a department), after the `k` in `out`, `max` at most: the new
 * count.
 */
static int
hits_out(const struct territory *t, const struct search_hit *v, int n,
    int homei, int mine, const struct commune **out, int max, int k)
{
	int i;

	if (mine && homei < 0)
		return k;
	for (i = 0; i < n && k < max; i++)
		if (homei < 0 || (v[i].dep == homei) == mine)
			out[k++] = &t->communes[v[i].idx];
	return k;
}

void
territory_set_home(struct territory *t, const char *dep)
{
	struct territory_priv *tp = PRIV(t);

	snprintf(tp->home, sizeof tp->home, "%s", dep != NULL ? dep : "");
}

static int
search_text(const struct territory *t, const char *q, const char *dep,
    const struct commune **out, int max)
{
	const struct territory_priv *tp = CPRIV(t);
	const struct commune **tier[NTIERS];
	int count[NTIERS] = { 0 }, total = 0, i, k, n;
	int home = dep == NULL && tp->home[0] != '\0';
	struct query qy;

	const int *cand = NULL;
	int ncand = t->ncommunes, j, b, depi, homei;

	query_init(&qy, q);
	if (qy.ql == 0)
		return 0;
	homei = home ? dep_index(t, tp->home) : -1;
	/* One character: the answer is in the index, the department's
	   communes first (doc/territory.md §2). */
	if (qy.ql == 1 && dep == NULL && tp->initial_off != NULL &&
	    (b = search_symbol(q[0])) >= 0) {
		const struct search_hit *v = tp->initial_hits +
		    tp->initial_off[b];

		n = tp->initial_off[b + 1] - tp->initial_off[b];
		k = hits_out(t, v, n, homei, 1, out, max, 0);
		(void)hits_out(t, v, n, homei, 0, out, max, k);
		return n;
	}
	/* Two: the answer is in the index, tier by tier, the department's
	   communes first within each, as the scan below gives it. */
	if (qy.ql == 2 && qy.nw == 1 && dep == NULL && tp->pair_off != NULL &&
	    (b = search_bigram(q)) >= 0) {
		for (k = 0, i = 0; i < 4; i++) {
			const struct search_hit *v = tp->pair_hits +
			    tp->pair_off[b * 4 + i];

			n = tp->pair_off[b * 4 + i + 1] - tp->pair_off[b * 4 + i];
			k = hits_out(t, v, n, homei, 1, out, max, k);
			k = hits_out(t, v, n, homei, 0, out, max, k);
			total += n;
		}
		return total;
	}
	/*
	 * A first word of two characters or more: only the communes with a
	 * word starting with its first two can match (a prefix of the key,
	 * of the key without its article, of their compact forms, or of a
	 * word), in the same rank order.
	 */
	if (qy.wl[0] >= 3 && tp->trigram_off != NULL &&
	    (b = search_trigram(qy.w[0])) >= 0) {
		cand = tp->trigram_rank + tp->trigram_off[b];
		ncand = tp->trigram_off[b + 1] - tp->trigram_off[b];
	} else if (qy.wl[0] >= 2 && tp->bigram_off != NULL &&
	    (b = search_bigram(qy.w[0])) >= 0) {
		cand = tp->bigram_rank + tp->bigram_off[b];
		ncand = tp->bigram_off[b + 1] - tp->bigram_off[b];
	}
	tier[0] = xmalloc(sizeof *tier[0] * (size_t)(max > 0 ? max : 1) *
	    NTIERS);
	for (k = 1; k < NTIERS; k++)
		tier[k] = tier[0] + (size_t)(max > 0 ? max : 1) * (size_t)k;
	depi = dep_index(t, dep);
	for (j = 0; j < ncand; j++) {
		const struct search_row *sr;

		i = cand != NULL ? cand[j] : j;
		if ((tp->order_mask[i] & qy.mask) != qy.mask)
			continue;
		sr = &tp->search_rows[i];
		if (dep != NULL && sr->dep != depi)
			continue;
		if ((k = match_tier(&qy, tp->search_keys + sr->key, sr)) < 0)
			continue;
		/* the site's department first within a tier */
		k = 2 * k + (home && sr->dep != homei);
		if (count[k] < max)
			tier[k][count[k]] = &t->communes[t->order[i]];
		count[k]++;
	}
	for (n = 0, k = 0; k < NTIERS; k++) {
		for (i = 0; i < count[k] && i < max && n < max; i++)
			out[n++] = tier[k][i];
		total += count[k];
	}
	free(tier[0]);
	return total;
}

/* Whether a postcode of `c` starts with the `n` bytes of `pre` (all 5
   digits of a code: that postcode). */
static int
has_postcode(const struct commune *c, const char *pre, size_t n)
{
	const char *p = c->postcodes;

	while (*p != '\0') {
		if (strncmp(p, pre, n) == 0)
			return 1;
		if ((p = strchr(p, ',')) == NULL)
			return 0;
		p++;
	}
	return 0;
}


/* The bucket of the postal code at `p`: its first three digits, or -1. */
static int
postal_bucket(const char *p)
{
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]))
		return -1;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/*
 * Call fn for each bucket of commune `c`'s postal codes, once a bucket
 * (-1 for the codes that begin otherwise). Codes are few: "30000,30900".
 */
static void
postal_buckets(const struct commune *c, void (*fn)(struct territory_priv *,
    int, int), struct territory_priv *tp, int i)
{
	int seen[16], nseen = 0, b, k;
	const char *p = c->postcodes;

	while (*p != '\0') {
		b = postal_bucket(p);
		for (k = 0; k < nseen && seen[k] != b; k++)
			;
		if (k == nseen) {
			if (nseen < (int)(sizeof seen / sizeof seen[0]))
				seen[nseen++] = b;
			fn(tp, b, i);	/* past 16: maybe again */
		}
		if ((p = strchr(p, ',')) == NULL)
			break;
		p++;
	}
}

static void
postal_count(struct territory_priv *tp, int b, int i)
{
	(void)i;
	if (b < 0)
		tp->npostal_odd++;
	else
		tp->postal_off[b + 1]++;
}

static void
postal_fill(struct territory_priv *tp, int b, int i)
{
	if (b < 0)
		tp->postal_odd[tp->npostal_odd++] = i;
	else
		tp->postal_idx[tp->postal_off[b]++] = i;
}

/* The postal code index (territory_priv.h), built with the search keys
   (when no commune image holds it). */
static void
postal_need(struct territory_priv *tp)
{
	struct territory *t = &tp->pub;
	int i, b, n;

	if (tp->postal_off != NULL)
		return;
	tp->postal_off = arena_alloc(&t->arena, sizeof *tp->postal_off *
	    (POSTAL_BUCKETS + 1));
	tp->npostal_odd = 0;
	for (i = 0; i < t->ncommunes; i++)
		postal_buckets(&t->communes[i], postal_count, tp, i);
	for (b = 0; b < POSTAL_BUCKETS; b++)
		tp->postal_off[b + 1] += tp->postal_off[b];
	n = tp->postal_off[POSTAL_BUCKETS];
	tp->postal_idx = arena_alloc(&t->arena, sizeof *tp->postal_idx *
	    (size_t)(n + 1));
	tp->postal_odd = arena_alloc(&t->arena, sizeof *tp->postal_odd *
	    (size_t)(tp->npostal_odd + 1));
	tp->npostal_odd = 0;
	for (i = 0; i < t->ncommunes; i++)	/* postal_off[b]: its end */
		postal_buckets(&t->communes[i], postal_fill, tp, i);
	for (b = POSTAL_BUCKETS; b > 0; b--)
		tp->postal_off[b] = tp->postal_off[b - 1];
	tp->postal_off[0] = 0;
}

/* Append to *h those of the communes idx[0..n) with a code `pre`. */
static int
postal_scan(const struct territory *t, const int *idx, int n,
    const char *pre, size_t pl, const struct commune ***h, int nh, int *cap)
{
	int k;

	for (k = 0; k < n; k++) {
		const struct commune *c = &t->communes[idx[k]];

		if (!has_postcode(c, pre, pl))
			continue;
		if (nh == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*h = xrealloc(*h, sizeof **h * (size_t)*cap);
		}
		(*h)[nh++] = c;
	}
	return nh;
}

/*
 * The communes with a postal code beginning with `pre` (`pl` characters,
 * 2 to 5), in *hits (allocated; NULL when none): those of its buckets,
 * then the odd ones. A commune can come twice. Returns how many.
 */
static int
postal_hits(const struct territory *t, const char *pre, size_t pl,
    const struct commune ***hits)
{
	struct territory_priv *tp = (struct territory_priv *)t;
	int lo, hi, b, n = 0, cap = 0;

	postal_need(tp);
	*hits = NULL;
	lo = 0;
	hi = -1;			/* only an odd code can match */
	if (pl == 2 && isdigit((unsigned char)pre[0]) &&
	    isdigit((unsigned char)pre[1])) {
		lo = ((pre[0] - '0') * 10 + (pre[1] - '0')) * 10;
		hi = lo + 9;
	} else if (pl >= 3 && (b = postal_bucket(pre)) >= 0)
		lo = hi = b;
	if (hi >= lo)
		n = postal_scan(t, tp->postal_idx + tp->postal_off[lo],
		    tp->postal_off[hi + 1] - tp->postal_off[lo], pre, pl,
		    hits, n, &cap);
	return postal_scan(t, tp->postal_odd, tp->npostal_odd, pre, pl, hits,
	    n, &cap);
}

/* Sorted hits without the repeats (a commune found in two buckets). */
static int
unique_hits(const struct commune **h, int n)
{
	int i, m = 0;

	for (i = 0; i < n; i++)
		if (m == 0 || h[m - 1] != h[i])
			h[m++] = h[i];
	return m;
}

static int
cmp_postal(const void *a, const void *b)
{
	const struct commune *x = *(const struct commune *const *)a;
	const struct commune *y = *(const struct commune *const *)b;
	int ax = x->type == COMMUNE_ARRONDISSEMENT;
	int ay = y->type == COMMUNE_ARRONDISSEMENT;

	if (is_main(x) != is_main(y))
		return is_main(x) ? -1 : 1;
	if (ax != ay)
		return ax ? -1 : 1;
	if (x->population != y->population)
		return x->population > y->population ? -1 : 1;
	return x < y ? -1 : x > y;	/* file order */
}

static int
search_code(const struct territory *t, const char *code,
    const struct commune **out, int max)
{
	const struct commune **hits;
	int nhits, cap, i, k;

	nhits = cap = postal_hits(t, code, 5, &hits);
	if (nhits > 1) {
		qsort(hits, (size_t)nhits, sizeof *hits, cmp_postal);
		nhits = unique_hits(hits, nhits);
	}
	for (k = 0; k < 4; k++) {
		const struct commune *c = territory_commune_typed(t, code,
		    (enum commune_type)k);

		if (c == NULL)
			continue;
		for (i = 0; i < nhits; i++)
			if (hits[i] == c)
				break;
		if (i < nhits)
			continue;
		if (nhits == cap) {
			cap = cap ? cap * 2 : 32;
			hits = xrealloc(hits, sizeof *hits * (size_t)cap);
		}
		hits[nhits++] = c;
	}
	for (i = 0; i < nhits && i < max; i++)
		out[i] = hits[i];
	free(hits);
	return nhits;
}

static int
cmp_by_rank(const void *a, const void *b)
{
	const struct commune *x = *(const struct commune *const *)a;
	const struct commune *y = *(const struct commune *const *)b;

	return x->rank - y->rank;
}

/* The communes of the code's buckets (postal_hits), by rank. */
static int
search_postal_prefix(const struct territory *t, const char *pre,
    const struct commune **out, int max)
{
	const struct commune **hits;
	int i, n;

	n = postal_hits(t, pre, strlen(pre), &hits);
	if (n > 1) {
		qsort(hits, (size_t)n, sizeof *hits, cmp_by_rank);
		n = unique_hits(hits, n);
	}
	for (i = 0; i < n && i < max; i++)
		out[i] = hits[i];
	free(hits);
	return n;
}

static const char *
known_dep(const struct territory *t, const char *word)
{
	char up[8];
	size_t i, n = strlen(word);
	const char **d;
	const char *key = up;

	if (n == 0 || n >= sizeof up)
		return NULL;
	for (i = 0; i <= n; i++)
		up[i] = (char)toupper((unsigned char)word[i]);
	d = bsearch(&key, t->deps, (size_t)t->ndeps, sizeof *t->deps,
	    cmp_str);
	return d != NULL ? *d : NULL;
}

static int
all_digits(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s != ' ' && !isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int
territory_search(const struct territory *t, const char *query,
    const struct commune **out, int max)
{
	char q[MAX_QUERY], *last, *p;
	const char *dep;
	size_t len;
	int n;

	if (max < 0)
		max = 0;
	if (keys_need(t) == -1)
		return 0;
	len = territory_fold(query, q, sizeof q);
	if (len == 0)
		return 0;
	if (strchr(q, ' ') != NULL && all_digits(q, q + len)) {
		for (p = last = q; *p != '\0'; p++)	/* "30 000" */
			if (*p != ' ')
				*last++ = *p;
		*last = '\0';
		len = strlen(q);
	}
	if (strchr(q, ' ') == NULL) {
		if (len == 5 && isdigit((unsigned char)q[0]) &&
		    (isdigit((unsigned char)q[1]) || q[1] == 'a' ||
		    q[1] == 'b') && all_digits(q + 2, q + 5)) {
			q[1] = (char)toupper((unsigned char)q[1]);
			return search_code(t, q, out, max);
		}
		if (len >= 2 && len <= 4 && all_digits(q, q + len))
			return search_postal_prefix(t, q, out, max);
		return search_text(t, q, NULL, out, max);
	}
	last = strrchr(q, ' ');
	if ((dep = known_dep(t, last + 1)) != NULL) {
		*last = '\0';
		n = search_text(t, q, dep, out, max);
		if (n > 0)
			return n;
		*last = ' ';
		if ((n = search_text(t, q, NULL, out, max)) > 0)
			return n;
		*last = '\0';
	}
	return search_text(t, q, NULL, out, max);
}

/* ------------------------------------------------------------------ */
/* Directory                                                           */

static const char *
sget(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);

	if (n == NULL || n->kind != Y_SCALAR || ynode_is_null(n))
		return NULL;
	return n->str;
}

static int
sflag(const struct ynode *map, const char *key)
{
	const char *s = sget(map, key);

	if (s == NULL)
		return -1;
	return strcmp(s, "true") == 0;
}

static int
need(const struct ydoc *d, const struct ynode *map, const char *key,
    const char *what, struct error *err)
{
	const struct ynode *n = ynode_get(map, key);

	if (n == NULL || n->kind != Y_SCALAR || ynode_is_null(n))
		return fail(err, d->file, n ? n->line : map->line,
		    n ? n->col : map->col, "%s: \"%s\" is required", what,
		    key);
	return 0;
}

static int
get_verif(const struct ydoc *d, const struct ynode *rec, const char *id,
    struct verification *v, struct error *err)
{
	const struct ynode *n = ynode_get(rec, "x_verification");
	const char *st;

	if (n == NULL || n->kind != Y_MAP)
		return fail(err, d->file, rec->line, rec->col, "\"%s\": "
		    "\"x_verification\" is required", id);
	st = sget(n, "statut");
	if (st == NULL || (strcmp(st, "verifie") != 0 &&
	    strcmp(st, "a_verifier") != 0))
		return fail(err, d->file, n->line, n->col, "\"%s\": "
		    "x_verification.statut must be verifie or a_verifier", id);
	v->status = strcmp(st, "verifie") == 0 ? VERIF_VERIFIED :
	    VERIF_TO_VERIFY;
	v->source = sget(n, "source");
	v->source_date = sget(n, "date_source");
	v->checked_on = sget(n, "verifie_le");
	v->note = sget(n, "note");
	return 0;
}

static int
load_kinds(struct territory *t, struct error *err)
{
	char *path = xasprintf("%s/services/kinds.yaml", t->dir);
	struct ydoc d;
	const struct ynode *ks;
	int i, rc = -1;

	if (ydoc_load(&d, path, err) == -1) {
		fail(err, path, err->line, err->col, "%s", err->msg);
		free(path);
		return -1;
	}
	ks = ynode_get(d.root, "kinds");
	if (ks == NULL || ks->kind != Y_SEQ) {
		fail(err, path, 1, 1, "\"kinds\" must be a list");
		goto out;
	}
	t->kinds = arena_alloc(&t->arena, sizeof *t->kinds * (size_t)ks->n);
	for (i = 0; i < ks->n; i++) {
		struct territory_kind *k = &t->kinds[i];
		const struct ynode *n = ks->items[i];

		if (n->kind != Y_MAP || sget(n, "id") == NULL) {
			fail(err, path, n->line, n->col, "a kind needs an id");
			goto out;
		}
		k->id = arena_strdup(&t->arena, sget(n, "id"));
		k->name = arena_strdup(&t->arena, sget(n, "name") ?
		    sget(n, "name") : k->id);
		k->sectorised = sflag(n, "sectorised") == 1;
		k->line = sflag(n, "line") == 1;
		k->departmental = sflag(n, "departmental") == 1;
		k->communal = sflag(n, "communal") == 1;
		if (ynode_get(n, "nearest_max_km") != NULL) {
			const struct ynode *m = ynode_get(n, "nearest_max_km");
			char *end;
			long km = m->kind == Y_SCALAR ?
			    strtol(m->str, &end, 10) : -1;

			if (m->kind != Y_SCALAR || end == m->str ||
			    *end != '\0' || km < 1 || km > 1000) {
				fail(err, path, m->line, m->col, "kind \"%s\": "
				    "nearest_max_km: expected a whole number "
				    "of kilometres from 1 to 1000", k->id);
				goto out;
			}
			if (!k->departmental) {
				fail(err, path, m->line, m->col, "kind \"%s\": "
				    "nearest_max_km needs departmental: true "
				    "(only the department's general contact "
				    "comes before the nearest office)", k->id);
				goto out;
			}
			k->nearest_max_km = (int)km;
		}
		if (ynode_get(n, "annuaire") != NULL) {
			const struct ynode *a = ynode_get(n, "annuaire");
			int j;

			if (a->kind != Y_SEQ) {
				fail(err, path, a->line, a->col, "kind \"%s\": "
				    "\"annuaire\" must be a list", k->id);
				goto out;
			}
			k->annuaire = arena_alloc(&t->arena,
			    sizeof *k->annuaire * (size_t)(a->n + 1));
			for (j = 0; j < a->n; j++) {
				if (a->items[j]->kind != Y_SCALAR) {
					fail(err, path, a->items[j]->line,
					    a->items[j]->col, "kind \"%s\": "
					    "annuaire: expected a code", k->id);
					goto out;
				}
				k->annuaire[j] = arena_strdup(&t->arena,
				    a->items[j]->str);
			}
			k->nannuaire = a->n;
		}
	}
	t->nkinds = ks->n;
	rc = 0;
out:
	ydoc_release(&d);
	free(path);
	return rc;
}

const struct territory_kind *
territory_kind(const struct territory *t, const char *id)
{
	int i;

	for (i = 0; i < t->nkinds; i++)
		if (strcmp(t->kinds[i].id, id) == 0)
			return &t->kinds[i];
	return NULL;
}

/* A service id against an element of by_id (bsearch), or two of them. */
static int
cmp_service_key(const void *key, const void *elem)
{
	return strcmp(key, (*(const struct service *const *)elem)->id);
}

const struct service *
territory_service(const struct territory *t, const char *id)
{
	const struct service *const *s;

	if (CPRIV(t)->by_id == NULL) {	/* still loading */
		int i;

		for (i = 0; i < t->nservices; i++)
			if (strcmp(t->services[i].id, id) == 0)
				return &t->services[i];
		return NULL;
	}
	s = bsearch(id, CPRIV(t)->by_id, (size_t)t->nservices,
	    sizeof *CPRIV(t)->by_id, cmp_service_key);
	return s != NULL ? *s : NULL;
}

const struct structure *
territory_structure(const struct territory *t, const char *id)
{
	int i;

	for (i = 0; i < t->nstructures; i++)
		if (strcmp(t->structures[i].id, id) == 0)
			return &t->structures[i];
	return NULL;
}

const struct directory_file *
territory_department(const struct territory *t, const char *dep)
{
	int i;

	for (i = 0; i < t->nfiles; i++)
		if (t->files[i].dep != NULL && strcmp(t->files[i].dep, dep) == 0)
			return &t->files[i];
	return NULL;
}

static int
yaml_filter(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 5 &&
	    strcmp(e->d_name + n - 5, ".yaml") == 0 &&
	    strcmp(e->d_name, "kinds.yaml") != 0;
}

/* Sorted *.yaml paths of `dir` (NULL when it does not exist). */
static char **
list_yaml(const char *dir, int *np, struct error *err)
{
	struct dirent **ents;
	char **paths;
	int n, i;

	*np = 0;
	n = scandir(dir, &ents, yaml_filter, alphasort);
	if (n == -1) {
		if (errno == ENOENT)
			return NULL;
		fail(err, dir, 0, 0, "cannot read the directory: %s",
		    strerror(errno));
		*np = -1;
		return NULL;
	}
	paths = xcalloc((size_t)n + 1, sizeof *paths);
	for (i = 0; i < n; i++) {
		paths[i] = xasprintf("%s/%s", dir, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	*np = n;
	return paths;
}

static void
free_paths(char **paths, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static int
seq_len(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);

	return n != NULL && n->kind == Y_SEQ ? n->n : 0;
}

static int
map_len(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);

	return n != NULL && n->kind == Y_MAP ? n->n : 0;
}

/* Strings of a flow/block sequence of scalars, into the arena. */
static int
get_strs(struct territory *t, const struct ydoc *d, const struct ynode *n,
    const char *what, const char ***out, int *nout, struct error *err)
{
	int i;

	if (n == NULL || n->kind != Y_SEQ)
		return fail(err, d->file, n ? n->line : 0, n ? n->col : 0,
		    "%s must be a list", what);
	*out = arena_alloc(&t->arena, sizeof **out * (size_t)(n->n + 1));
	for (i = 0; i < n->n; i++) {
		if (n->items[i]->kind != Y_SCALAR)
			return fail(err, d->file, n->items[i]->line,
			    n->items[i]->col, "%s: expected a string", what);
		(*out)[i] = n->items[i]->str;
	}
	*nout = n->n;
	return 0;
}

static void
service_key(struct territory_priv *tp, int i)
{
	struct territory *t = &tp->pub;
	const struct service *s = &t->services[i];
	char *text = xasprintf("%s %s %s %s %s", s->name, s->structure->name,
	    s->structure->town ? s->structure->town : "", s->kind,
	    s->description ? s->description : "");
	char *key = xmalloc(strlen(text) * 2 + 8);
	size_t n = 0;
	char word[MAX_QUERY];
	char *p, *sp;

	/* Fold word by word: descriptions are longer than a query. */
	key[0] = '\0';
	for (p = text; *p != '\0'; p = sp) {
		size_t wl;

		sp = p + strcspn(p, " ");
		{
			char save = *sp;

			*sp = '\0';
			wl = territory_fold(p, word, sizeof word);
			*sp = save;
		}
		if (wl > 0) {
			if (n > 0)
				key[n++] = ' ';
			memcpy(key + n, word, wl);
			n += wl;
		}
		while (*sp == ' ')
			sp++;
	}
	key[n] = '\0';
	tp->service_keys[i] = arena_strndup(&t->arena, key, n);
	free(key);
	free(text);
}

/* The sectorisation files: the shipped ones, then the local ones. */
static int
load_sectors_files(struct territory_priv *tp, int *nsec, struct error *err)
{
	struct territory *t = &tp->pub;
	char *dir = xasprintf("%s/territory/sectors", t->dir);
	char *ldir = t->local_dir == NULL ? NULL : xasprintf("%s/sectors",
	    t->local_dir);
	char **paths, **lpaths = NULL;
	int n, ln = 0, i, rc = -1;

	paths = list_yaml(dir, &n, err);
	free(dir);
	if (n != -1 && ldir != NULL)
		lpaths = list_yaml(ldir, &ln, err);
	free(ldir);
	if (n == -1 || ln == -1) {
		free_paths(paths, n);
		return -1;
	}
	if (ln > 0) {
		paths = xrealloc(paths, sizeof *paths * (size_t)(n + ln + 1));
		memcpy(paths + n, lpaths, sizeof *paths * (size_t)ln);
		n += ln;
		paths[n] = NULL;
	}
	free(lpaths);
	tp->sfiles = arena_alloc(&t->arena, sizeof *tp->sfiles *
	    (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		struct sectors_file *sf = &tp->sfiles[i];
		const struct ynode *r;

		sf->path = arena_strdup(&t->arena, paths[i]);
		if (ydoc_load(&sf->doc, sf->path, err) == -1) {
			fail(err, paths[i], err->line, err->col, "%s", err->msg);
			goto out;
		}
		tp->nsfiles = i + 1;
		r = sf->doc.root;
		if (r == NULL || r->kind != Y_MAP) {
			fail(err, sf->path, 1, 1, "expected a mapping");
			goto out;
		}
		if (need(&sf->doc, r, "departement", "sectors file", err) == -1)
			goto out;
		sf->dep = sget(r, "departement");
		sf->source = sget(r, "source");
		if (get_strs(t, &sf->doc, ynode_get(r, "kinds"), "\"kinds\"",
		    &sf->kinds, &sf->nkinds, err) == -1)
			goto out;
		if (ynode_get(r, "offices") == NULL ||
		    ynode_get(r, "offices")->kind != Y_MAP) {
			fail(err, sf->path, r->line, r->col, "\"offices\" must "
			    "be a mapping");
			goto out;
		}
		*nsec += map_len(r, "offices");
	}
	rc = 0;
out:
	free_paths(paths, n);
	return rc;
}

static struct sector *
find_sector(struct territory *t, const char *dep, const char *id)
{
	int i;

	for (i = 0; i < t->nsectors; i++)
		if (strcmp(t->sectors[i].id, id) == 0 &&
		    strcmp(t->sectors[i].dep, dep) == 0 &&
		    !t->sectors[i].imported)
			return &t->sectors[i];
	return NULL;
}

/* The list `key` of a directory file: *seq NULL when absent. */
static int
get_list(const struct ydoc *d, const struct ynode *r, const char *key,
    const struct ynode **seq, struct error *err)
{
	*seq = ynode_get(r, key);
	if (*seq != NULL && (*seq)->kind != Y_SEQ)
		return fail(err, d->file, (*seq)->line, (*seq)->col,
		    "\"%s\" must be a list", key);
	return 0;
}

static const char *const structure_fields[] = { "id", "nom", NULL };
static const char *const service_fields[] = { "id", "nom", "structure_id",
	"x_kind", NULL };

static int
structure_seen(const struct territory *t, const char *id)
{
	return territory_structure(t, id) != NULL;
}

static int
service_seen(const struct territory *t, const char *id)
{
	return territory_service(t, id) != NULL;
}

/*
 * The start of record `n` (`what`: "structure", "service") of a directory
 * file: a mapping holding `fields` (NULL-terminated), with an id that
 * `seen` does not know yet. Returns the id, or NULL with `err` filled.
 */
static const char *
get_record(const struct territory *t, const struct ydoc *d,
    const struct ynode *n, const char *what, const char *const *fields,
    int (*seen)(const struct territory *, const char *), struct error *err)
{
	const char *id;
	int k;

	if (n->kind != Y_MAP) {
		fail(err, d->file, n->line, n->col, "a %s must be a mapping",
		    what);
		return NULL;
	}
	for (k = 0; fields[k] != NULL; k++)
		if (need(d, n, fields[k], what, err) == -1)
			return NULL;
	id = sget(n, "id");
	if (seen(t, id)) {
		fail(err, d->file, n->line, n->col, "%s \"%s\" is defined "
		    "twice", what, id);
		return NULL;
	}
	return id;
}

static int
load_file(struct territory_priv *tp, struct directory_file *df,
    struct error *err)
{
	struct territory *t = &tp->pub;
	const struct ydoc *d = &df->doc;
	const struct ynode *r = d->root, *meta, *seq, *secs;
	const char *contact;
	int i, first_struct = t->nstructures;

	meta = ynode_get(r, "meta");
	if (meta == NULL || meta->kind != Y_MAP)
		return fail(err, d->file, r->line, r->col, "\"meta\" is "
		    "required");
	if (need(d, meta, "source", "meta", err) == -1 ||
	    need(d, meta, "cog", "meta", err) == -1)
		return -1;
	df->source = sget(meta, "source");
	df->cog = sget(meta, "cog");
	df->dep = sget(meta, "departement");
	df->annuaire = sget(meta, "origine") != NULL &&
	    strcmp(sget(meta, "origine"), "annuaire") == 0;
	contact = sget(meta, "contact_general");
	if (df->dep != NULL && contact == NULL && !df->local)
		return fail(err, d->file, meta->line, meta->col, "meta: "
		    "\"contact_general\" is required in a department file");
	if (df->local && df->dep == NULL)
		return fail(err, d->file, meta->line, meta->col, "meta: "
		    "\"departement\" is required in a local directory file");
	/*
	 * A local file adds to a department already known: one department
	 * string for all its records (routing compares the pointers), and
	 * the first file's general contact stays the department's.
	 */
	for (i = 0; df->dep != NULL && &t->files[i] != df; i++)
		if (t->files[i].dep != NULL &&
		    strcmp(t->files[i].dep, df->dep) == 0) {
			df->dep = t->files[i].dep;
			if (t->files[i].contact != NULL)
				contact = NULL;
			break;
		}

	/* Sectors of the file. */
	secs = ynode_get(r, "secteurs");
	if (secs != NULL && secs->kind != Y_MAP && !ynode_is_null(secs))
		return fail(err, d->file, secs->line, secs->col,
		    "\"secteurs\" must be a mapping");
	for (i = 0; secs != NULL && secs->kind == Y_MAP && i < secs->n; i++) {
		struct sector *sc = &t->sectors[t->nsectors];

		if (df->dep == NULL)
			return fail(err, d->file, secs->line, secs->col,
			    "sectors need meta.departement");
		sc->id = secs->keys[i];
		sc->dep = df->dep;
		sc->partial = df->annuaire;
		if (get_strs(t, d, ynode_get(secs->items[i], "communes"),
		    "sector communes", &sc->communes, &sc->ncommunes,
		    err) == -1)
			return -1;
		t->nsectors++;
	}

	if (get_list(d, r, "structures", &seq, err) == -1)
		return -1;
	for (i = 0; seq != NULL && i < seq->n; i++) {
		const struct ynode *n = seq->items[i];
		struct structure *s = &t->structures[t->nstructures];
		const char *st;

		if ((s->id = get_record(t, d, n, "structure",
		    structure_fields, structure_seen, err)) == NULL)
			return -1;
		s->name = sget(n, "nom");
		s->description = sget(n, "description");
		s->address = sget(n, "adresse");
		s->address_more = sget(n, "complement_adresse");
		s->postcode = sget(n, "code_postal");
		s->insee = sget(n, "code_insee");
		s->town = sget(n, "commune");
		s->phone = sget(n, "telephone");
		s->email = sget(n, "courriel");
		s->website = sget(n, "site_web");
		s->hours = sget(n, "horaires_accueil");
		s->hours_text = sget(n, "x_horaires_texte");
		s->phone_hours = sget(n, "x_horaires_telephone");
		s->walk_in = sflag(n, "x_accueil_sans_rdv");
		st = sget(n, "x_statut");
		s->state = st == NULL || strcmp(st, "ouverte") == 0 ?
		    STRUCT_OPEN : strcmp(st, "prevue") == 0 ? STRUCT_PLANNED :
		    STRUCT_TO_CONFIRM;
		s->dep = df->dep;
		s->file = d->file;
		s->node = n;
		if (get_verif(d, n, s->id, &s->verif, err) == -1)
			return -1;
		t->nstructures++;
	}

	if (get_list(d, r, "services", &seq, err) == -1)
		return -1;
	for (i = 0; seq != NULL && i < seq->n; i++) {
		const struct ynode *n = seq->items[i];
		struct service *s = &t->services[t->nservices];
		const char *sid, *sec;
		int k;

		if ((s->id = get_record(t, d, n, "service", service_fields,
		    service_seen, err)) == NULL)
			return -1;
		s->name = sget(n, "nom");
		s->description = sget(n, "description");
		s->kind = sget(n, "x_kind");
		if (territory_kind(t, s->kind) == NULL)
			return fail(err, d->file, ynode_get(n, "x_kind")->line,
			    ynode_get(n, "x_kind")->col, "service \"%s\": "
			    "unknown kind \"%s\"", s->id, s->kind);
		sid = sget(n, "structure_id");
		for (k = first_struct; k < t->nstructures; k++)
			if (strcmp(t->structures[k].id, sid) == 0)
				break;
		if (k == t->nstructures)
			return fail(err, d->file, n->line, n->col, "service "
			    "\"%s\": no structure \"%s\" in this file", s->id,
			    sid);
		s->structure = &t->structures[k];
		s->phone = sget(n, "telephone");
		if (s->phone == NULL)
			s->phone = s->structure->phone;
		s->hours = sget(n, "horaires_accueil");
		if (s->hours == NULL)
			s->hours = s->structure->hours;
		s->link = sget(n, "lien_mobilisation");
		s->urgent = sflag(n, "x_urgence") == 1;
		s->dep = df->dep;
		s->file = d->file;
		s->node = n;
		if (get_verif(d, n, s->id, &s->verif, err) == -1)
			return -1;
		if ((sec = sget(n, "x_secteur")) != NULL) {
			if (df->dep == NULL ||
			    (s->sector = find_sector(t, df->dep, sec)) == NULL)
				return fail(err, d->file,
				    ynode_get(n, "x_secteur")->line,
				    ynode_get(n, "x_secteur")->col, "service "
				    "\"%s\": unknown sector \"%s\"", s->id, sec);
		}
		t->nservices++;
	}
	if (contact != NULL) {
		const struct service *c = territory_service(t, contact);

		if (c == NULL || c->file != d->file)
			return fail(err, d->file, meta->line, meta->col,
			    "meta.contact_general: no service \"%s\" in this "
			    "file", contact);
		df->contact = c;
	}
	return 0;
}

/* An imported sectorisation replaces the file's sectors for its kinds. */
static int
apply_sectors_file(struct territory_priv *tp, const struct sectors_file *sf,
    struct error *err)
{
	struct territory *t = &tp->pub;
	const struct ynode *offs = ynode_get(sf->doc.root, "offices");
	int i, k;

	if (territory_department(t, sf->dep) == NULL)
		return fail(err, sf->path, 1, 1, "no directory file for "
		    "department \"%s\"", sf->dep);
	for (k = 0; k < sf->nkinds; k++) {
		const struct territory_kind *kd = territory_kind(t,
		    sf->kinds[k]);

		if (kd == NULL || !kd->sectorised)
			return fail(err, sf->path, 1, 1, "\"%s\" is not a "
			    "sectorised kind", sf->kinds[k]);
		for (i = 0; i < t->nservices; i++) {
			struct service *s = &t->services[i];

			if (s->dep != NULL && strcmp(s->dep, sf->dep) == 0 &&
			    strcmp(s->kind, kd->id) == 0)
				s->sector = NULL;
		}
	}
	for (i = 0; i < offs->n; i++) {
		struct service *s = (struct service *)territory_service(t,
		    offs->keys[i]);
		struct sector *sc = &t->sectors[t->nsectors];
		const struct ynode *kp = offs->kpos[i];

		if (s == NULL || s->dep == NULL || strcmp(s->dep, sf->dep) != 0)
			return fail(err, sf->path, kp->line, kp->col, "no "
			    "office \"%s\" in department %s", offs->keys[i],
			    sf->dep);
		for (k = 0; k < sf->nkinds; k++)
			if (strcmp(sf->kinds[k], s->kind) == 0)
				break;
		if (k == sf->nkinds)
			return fail(err, sf->path, kp->line, kp->col, "office "
			    "\"%s\" is of kind \"%s\", not listed in kinds",
			    s->id, s->kind);
		sc->id = s->id;
		sc->dep = sf->dep;
		sc->imported = 1;
		if (get_strs(t, &sf->doc, offs->items[i], "office communes",
		    &sc->communes, &sc->ncommunes, err) == -1)
			return -1;
		s->sector = sc;
		t->nsectors++;
	}
	return 0;
}

static int
load_directory(struct territory_priv *tp, struct error *err)
{
	struct territory *t = &tp->pub;
	char *dir = xasprintf("%s/services", t->dir);
	char **paths;
	int n, i, nstruct = 0, nserv = 0, nsec = 0, nlocal = 0, rc = -1;

	paths = list_yaml(dir, &n, err);
	free(dir);
	if (n == -1)
		return -1;
	/* The local directory files (import-annuaire) come after. */
	if (t->local_dir != NULL) {
		char *ldir = xasprintf("%s/services", t->local_dir);
		char **lpaths = list_yaml(ldir, &nlocal, err);

		free(ldir);
		if (nlocal == -1) {
			free_paths(paths, n);
			return -1;
		}
		if (nlocal > 0) {
			paths = xrealloc(paths, sizeof *paths *
			    (size_t)(n + nlocal + 1));
			memcpy(paths + n, lpaths, sizeof *paths *
			    (size_t)nlocal);
			n += nlocal;
			paths[n] = NULL;
		}
		free(lpaths);
	}
	t->files = arena_alloc(&t->arena, sizeof *t->files * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		struct directory_file *df = &t->files[i];
		const struct ynode *r;

		df->local = i >= n - nlocal;
		df->path = arena_strdup(&t->arena, paths[i]);
		if (ydoc_load(&df->doc, df->path, err) == -1) {
			fail(err, paths[i], err->line, err->col, "%s", err->msg);
			goto out;
		}
		t->nfiles = i + 1;
		r = df->doc.root;
		if (r == NULL || r->kind != Y_MAP) {
			fail(err, df->path, 1, 1, "expected a mapping with "
			    "meta, structures, services");
			goto out;
		}
		nstruct += seq_len(r, "structures");
		nserv += seq_len(r, "services");
		nsec += map_len(r, "secteurs");
	}
	if (load_sectors_files(tp, &nsec, err) == -1)
		goto out;
	t->structures = arena_alloc(&t->arena, sizeof *t->structures *
	    (size_t)(nstruct + 1));
	t->services = arena_alloc(&t->arena, sizeof *t->services *
	    (size_t)(nserv + 1));
	t->sectors = arena_alloc(&t->arena, sizeof *t->sectors *
	    (size_t)(nsec + 1));
	for (i = 0; i < t->nfiles; i++)
		if (load_file(tp, &t->files[i], err) == -1)
			goto out;
	for (i = 0; i < tp->nsfiles; i++)
		if (apply_sectors_file(tp, &tp->sfiles[i], err) == -1)
			goto out;
	tp->service_keys = arena_alloc(&t->arena, sizeof *tp->service_keys *
	    (size_t)(t->nservices + 1));
	for (i = 0; i < t->nservices; i++)
		service_key(tp, i);
	tp->by_id = arena_alloc(&t->arena, sizeof *tp->by_id *
	    (size_t)(t->nservices + 1));
	for (i = 0; i < t->nservices; i++)
		tp->by_id[i] = &t->services[i];
	qsort(tp->by_id, (size_t)t->nservices, sizeof *tp->by_id,
	    cmp_service_id);
	rc = 0;
out:
	free_paths(paths, n);
	return rc;
}

struct territory *
territory_load(const char *rules_dir, struct error *err)
{
	return territory_load_layered(rules_dir, NULL, err);
}

struct territory *
territory_load_layered(const char *rules_dir, const char *local_dir,
    struct error *err)
{
	struct territory_priv *tp = xcalloc(1, sizeof *tp);
	struct territory *t = &tp->pub;

	arena_init(&t->arena);
	t->dir = arena_strdup(&t->arena, rules_dir);
	t->local_dir = local_dir == NULL ? NULL : arena_strdup(&t->arena,
	    local_dir);
	if (load_kinds(t, err) == -1 || load_directory(tp, err) == -1) {
		/* err->file may point into the trees about to be freed. */
		if (err != NULL && err->file != NULL && err->file != err_path) {
			snprintf(err_path, sizeof err_path, "%s", err->file);
			err->file = err_path;
		}
		territory_free(t);
		return NULL;
	}
	return t;
}

void
territory_free(struct territory *t)
{
	struct territory_priv *tp = PRIV(t);
	int i;

	if (t == NULL)
		return;
	/* No thread's memo of offices may answer for it again. */
	atomic_fetch_add_explicit(&offices_epoch, 1, memory_order_release);
	for (i = 0; tp->image == NULL && i < t->nfiles; i++)
		ydoc_release(&t->files[i].doc);
	for (i = 0; tp->image == NULL && i < tp->nsfiles; i++)
		ydoc_release(&tp->sfiles[i].doc);
	free(t->tsv);
	if (tp->map != NULL)
		munmap((void *)tp->map, tp->maplen);
	free(tp->looked);
	geo_free(tp->geo);
	free(tp->communes_mem);
	free(tp->keys_mem);
	arena_release(&t->arena);
	if (tp->cimage != NULL)
		munmap(tp->cimage, tp->cimage_len);
	if (tp->image != NULL)	/* tp lies in it */
		munmap(tp->image, tp->image_len);
	else
		free(tp);
}

/* ------------------------------------------------------------------ */
/* Offices                                                             */

static int
sector_has(const struct sector *sc, const char *insee)
{
	int i;

	for (i = 0; i < sc->ncommunes; i++)
		if (strcmp(sc->communes[i], insee) == 0)
			return 1;
	return 0;
}

static int
proposable(const struct service *s)
{
	return s->structure->state != STRUCT_PLANNED;
}

static int
add_office(struct office *out, int n, int max, const struct service *s,
    enum office_why why)
{
	int i;

	for (i = 0; i < n; i++)
		if (out[i].service == s)
			return n;
	if (n < max) {
		out[n].service = s;
		out[n].why = why;
		out[n].km = -1;
		n++;
	}
	return n;
}

/*
 * Office `s` at position `at` of the `n` in `out`, the ones from `at`
 * moved after it (the last one dropped when `max` are there already):
 * the new count. Nothing moves when `s` is there already.
 */
static int
put_before(struct office *out, int at, int n, int max,
    const struct service *s, enum office_why why)
{
	int i;

	for (i = 0; i < n; i++)
		if (out[i].service == s)
			return n;
	if (at >= max)
		return n;
	if (n == max)
		n--;
	memmove(&out[at + 1], &out[at], sizeof *out * (size_t)(n - at));
	out[at].service = s;
	out[at].why = why;
	out[at].km = -1;
	return n + 1;
}

static int
add_national(const struct territory *t, const char *kind, struct office *out,
    int n, int max)
{
	int i;

	for (i = 0; i < t->nservices; i++) {
		const struct service *s = &t->services[i];

		if (s->dep == NULL && strcmp(s->kind, kind) == 0 &&
		    proposable(s))
			n = add_office(out, n, max, s, OFFICE_NATIONAL);
	}
	return n;
}

/*
 * How close an office stands to commune `c`, for want of coordinates
 * (communes.tsv has none): 0 in the commune itself, 1 in a commune of the
 * same EPCI, 2 elsewhere or unknown.
 */
static int
proximity(const struct territory *t, const struct service *s,
    const struct commune *c)
{
	const struct commune *oc;

	if (s->structure == NULL || s->structure->insee == NULL)
		return 2;
	if (strcmp(s->structure->insee, c->insee) == 0)
		return 0;
	oc = territory_commune(t, s->structure->insee);
	if (oc != NULL && oc->epci[0] != '\0' &&
	    strcmp(territory_commune_resolve(t, oc)->epci, c->epci) == 0)
		return 1;
	return 2;
}

/*
 * The key under which the table of centres at `path` was found sound:
 * the program and the file's content (remembered by stat, image.c).
 */
static uint64_t
geo_key(const char *path)
{
	uint64_t h = HASH64_INIT;
	int rc;

	h = hash_bytes(h, GEO_MAGIC AIG_VERSION, sizeof GEO_MAGIC
	    AIG_VERSION);
	h = image_hash_program(h);
	rc = image_hash_tree(&h, path, "territory/coords.tsv");
	image_files_save();
	return rc == -1 ? 0 : h ? h : 1;
}

/*
 * The table of commune centres, on first need; NULL when the rules have
 * none (the file is optional) or it is malformed (geo_err says why, for
 * territory_check; routing then goes on without distances). The table
 * is read and checked whole (geo_load) the first time, or when `full`
 * (check); once found sound, that is kept in the cache under a key of
 * its content (geo_key) and later runs map it, reading only the rows
 * they look up (geo_open): a changed file is checked whole again.
 */
static const struct geo *
geo_need(const struct territory *ct, int full)
{
	struct territory_priv *tp = (struct territory_priv *)ct;
	char *path, *tmp, *memo, *kept;
	uint64_t key;
	size_t len;

	if (tp->geo_state != 0 && (!full || tp->geo_state == -1 ||
	    geo_is_full(tp->geo)))
		return tp->geo;
	geo_free(tp->geo);
	tp->geo = NULL;
	/* in the arena: geo_err.file points to it */
	tmp = xasprintf("%s/territory/coords.tsv", ct->dir);
	path = arena_strdup(&tp->pub.arena, tmp);
	free(tmp);
	tp->geo_state = -1;
	if (access(path, F_OK) != 0)
		return NULL;
	key = geo_key(path);
	memo = key != 0 ? image_cache_path(ct->dir, "coords") : NULL;
	if (!full && (kept = image_memo_read(memo, key, &len)) != NULL) {
		if (strcmp(kept, "sound") == 0)
			tp->geo = geo_open(path, &tp->geo_err);
		free(kept);
	}
	if (tp->geo == NULL && (tp->geo = geo_load(path, &tp->geo_err)) !=
	    NULL)
		image_memo_write(memo, key, "sound", 5);
	free(memo);
	if (tp->geo != NULL)
		tp->geo_state = 1;
	return tp->geo;
}

/* The centre of the current commune holding `insee`: 1 when known. */
static int
commune_centre(const struct territory *t, const struct geo *g,
    const char *insee, double *lat, double *lon)
{
	const struct commune *c;

	if (insee == NULL || (c = territory_commune(t, insee)) == NULL)
		return 0;
	return geo_find(g, territory_commune_resolve(t, c)->insee, lat, lon);
}

struct candidate {
	const struct service	*service;
	double			 km;
	int			 index;	/* directory order, for ties */
};

static int
cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->km != y->km)
		return x->km < y->km ? -1 : 1;
	return x->index - y->index;
}

/*
 * No office of a sectorised kind is known to be competent for commune `c`:
 * the offices of the kind in department `df` that no complete
 * sectorisation rules out (nor, for a communal kind, a commune outside
 * c's EPCI), nearest first, then those whose commune has no known
 * centre. Adds nothing (returns `n`) when `c` or every such office
 * has no known centre.
 */
static int
add_nearest(const struct territory *t, const struct directory_file *df,
    const struct territory_kind *kd, const struct commune *c,
    struct office *out, int n, int max)
{
	const char *kind = kd->id;
	const struct geo *g = geo_need(t, 0);
	struct candidate *cand;
	double lat, lon, olat, olon;
	int i, ncand = 0, placed = 0;

	if (g == NULL || !geo_find(g, c->insee, &lat, &lon))
		return n;
	cand = xcalloc((size_t)t->nservices + 1, sizeof *cand);
	for (i = 0; i < t->nservices; i++) {
		const struct service *s = &t->services[i];

		if (s->dep != df->dep || strcmp(s->kind, kind) != 0 ||
		    !proposable(s) || (s->sector != NULL &&
		    !s->sector->partial) || (kd->communal &&
		    proximity(t, s, c) > 1))
			continue;
		cand[ncand].service = s;
		cand[ncand].index = i;
		if (s->structure != NULL && commune_centre(t, g,
		    s->structure->insee, &olat, &olon)) {
			cand[ncand].km = geo_distance_km(lat, lon, olat, olon);
			placed++;
		} else
			cand[ncand].km = -1;
		ncand++;
	}
	if (placed > 0) {
		qsort(cand, (size_t)ncand, sizeof *cand, cmp_candidate);
		for (i = 0; i < ncand; i++)	/* the unplaced, -1, first */
			if (cand[i].km >= 0) {
				int m = add_office(out, n, max,
				    cand[i].service, OFFICE_NEAREST);

				if (m > n)
					out[n].km = (int)(cand[i].km + 0.5);
				n = m;
			}
		for (i = 0; i < ncand; i++)
			if (cand[i].km < 0 && cand[i].service->sector == NULL)
				n = add_office(out, n, max, cand[i].service,
				    OFFICE_DEPARTMENT_UNSECTORED);
	}
	free(cand);
	return n;
}

/* territory_offices, computed (under offices_lock). */
static int
offices_compute(const struct territory *t, const char *insee,
    const char *kind, struct office *out, int max)
{
	const struct territory_kind *kd = territory_kind(t, kind);
	const struct commune *c = NULL;
	const struct directory_file *df = NULL;
	int n = 0, i, local = 0, near, placed;

	if (kd == NULL)
		return 0;
	if (insee != NULL) {
		if ((c = territory_commune_typed(t, insee, COMMUNE_CURRENT))
		    == NULL && (c = territory_commune(t, insee)) == NULL) {
			for (i = COMMUNE_DELEGUEE; i <= COMMUNE_ASSOCIEE; i++)
				if ((c = territory_commune_typed(t, insee,
				    (enum commune_type)i)) != NULL)
					break;
		}
		if (c == NULL)
			return 0;
		c = territory_commune_resolve(t, c);
		df = territory_department(t, c->dep);
	}
	if (kd->line)
		n = add_national(t, kind, out, n, max);
	if (df != NULL) {
		for (i = 0; i < t->nservices; i++) {
			const struct service *s = &t->services[i];

			if (s->dep == df->dep && strcmp(s->kind, kind) == 0 &&
			    s->sector != NULL && proposable(s) &&
			    sector_has(s->sector, c->insee)) {
				n = add_office(out, n, max, s, OFFICE_SECTOR);
				local++;
			}
		}
		if (local == 0 && !kd->sectorised) {
			for (i = 0; i < t->nservices; i++) {
				const struct service *s = &t->services[i];

				if (s->dep == df->dep && proposable(s) &&
				    strcmp(s->kind, kind) == 0 &&
				    (!kd->communal || proximity(t, s, c) <= 1))
					n = add_office(out, n, max, s,
					    OFFICE_DEPARTMENT);
			}
		} else if (local == 0 && (placed = add_nearest(t, df, kd,
		    c, out, n, max)) > n) {
			/* Not confirmed as competent: the council's contact,
			   after them, says which office is; before them when
			   the nearest is too far to be likely the one. */
			if (df->contact != NULL && kd->departmental &&
			    kd->nearest_max_km > 0 &&
			    out[n].why == OFFICE_NEAREST &&
			    out[n].km > kd->nearest_max_km)
				n = put_before(out, n, placed, max,
				    df->contact, OFFICE_CONTACT_GENERAL);
			else {
				n = placed;
				if (df->contact != NULL && kd->departmental)
					n = add_office(out, n, max,
					    df->contact,
					    OFFICE_CONTACT_GENERAL);
			}
		} else if (local == 0) {
			/* The council's switchboard answers for its own
			   services only, never for France Travail or a
			   CCAS. */
			if (df->contact != NULL && kd->departmental)
				n = add_office(out, n, max, df->contact,
				    OFFICE_CONTACT_GENERAL);
			for (near = 0; near <= (kd->communal ? 1 : 2); near++)
				for (i = 0; i < t->nservices; i++) {
					const struct service *s =
					    &t->services[i];

					if (s->dep == df->dep && s->sector ==
					    NULL && proposable(s) &&
					    strcmp(s->kind, kind) == 0 &&
					    proximity(t, s, c) == near)
						n = add_office(out, n, max, s,
						  OFFICE_DEPARTMENT_UNSECTORED);
				}
		}
	}
	if (!kd->line)
		n = add_national(t, kind, out, n, max);
	return n;
}

/* The memo of a thread that ends is freed with it. */
static void
offices_key_make(void)
{
	(void)pthread_key_create(&offices_key, free);
}

int
territory_offices(const struct territory *t, const char *insee,
    const char *kind, struct office *out, int max)
{
	struct offices_memo_entry *set, *m;
	const char *code = insee != NULL ? insee : "";
	size_t il = strlen(code), kl = strlen(kind);
	unsigned epoch = atomic_load_explicit(&offices_epoch,
	    memory_order_acquire);
	unsigned s;
	int n, w;

	if (il >= sizeof set->insee || kl >= sizeof set->kind || max < 0 ||
	    max > OFFICES_MEMO_MAX) {
		pthread_mutex_lock(&offices_lock);
		n = offices_compute(t, insee, kind, out, max);
		pthread_mutex_unlock(&offices_lock);
		return n;
	}
	if (offices_memo == NULL) {
		offices_memo = xcalloc(1, sizeof *offices_memo);
		offices_memo->epoch = epoch;
		(void)pthread_once(&offices_once, offices_key_make);
		(void)pthread_setspecific(offices_key, offices_memo);
	}
	if (offices_memo->epoch != epoch) {
		memset(offices_memo, 0, sizeof *offices_memo);
		offices_memo->epoch = epoch;
	}
	s = (unsigned)hash_bytes(hash_bytes(HASH64_INIT, code, il + 1), kind,
	    kl) & (OFFICES_SETS - 1);
	set = offices_memo->e[s];
	for (w = 0; w < OFFICES_WAYS; w++) {
		m = &set[w];
		if (m->t == t && m->max == max &&
		    m->has_insee == (insee != NULL) &&
		    memcmp(m->insee, code, il + 1) == 0 &&
		    memcmp(m->kind, kind, kl + 1) == 0) {
			memcpy(out, m->out, sizeof *out * (size_t)m->n);
			return m->n;
		}
	}
	pthread_mutex_lock(&offices_lock);
	n = offices_compute(t, insee, kind, out, max);
	pthread_mutex_unlock(&offices_lock);
	m = &set[offices_memo->next[s]];
	offices_memo->next[s] = (unsigned char)((offices_memo->next[s] + 1) %
	    OFFICES_WAYS);
	m->t = t;
	m->max = max;
	m->has_insee = insee != NULL;
	memcpy(m->insee, code, il + 1);
	memcpy(m->kind, kind, kl + 1);
	m->n = n;
	memcpy(m->out, out, sizeof *out * (size_t)n);
	return n;
}

/* Which kind of office decides the case, strongest first. */
static const struct {
	enum office_why		why;
	enum office_routing	routing;
} routing_order[] = {
	{ OFFICE_SECTOR, ROUTING_SECTOR },
	{ OFFICE_DEPARTMENT, ROUTING_DEPARTMENT },
	{ OFFICE_NEAREST, ROUTING_NEAREST },
	{ OFFICE_CONTACT_GENERAL, ROUTING_CONTACT },
	{ OFFICE_DEPARTMENT_UNSECTORED, ROUTING_NOT_CONFIRMED },
	{ OFFICE_NATIONAL, ROUTING_NATIONAL },
};

enum office_routing
territory_routing(const struct office *o, int n)
{
	int i, has[OFFICE_NATIONAL + 1] = { 0 };
	size_t k;

	/* The general contact before the nearest ones: it is the case. */
	for (i = 0; i < n && o[i].why == OFFICE_NATIONAL; i++)
		;
	if (i < n && o[i].why == OFFICE_CONTACT_GENERAL)
		return ROUTING_CONTACT;
	for (i = 0; i < n; i++)
		has[o[i].why] = 1;
	for (k = 0; k < sizeof routing_order / sizeof *routing_order; k++)
		if (has[routing_order[k].why])
			return routing_order[k].routing;
	return ROUTING_NONE;
}

const char *
territory_routing_id(enum office_routing r)
{
	switch (r) {
	case ROUTING_SECTOR: return "sector";
	case ROUTING_DEPARTMENT: return "department";
	case ROUTING_NEAREST: return "nearest";
	case ROUTING_CONTACT: return "contact_general";
	case ROUTING_NOT_CONFIRMED: return "not_confirmed";
	case ROUTING_NATIONAL: return "national";
	case ROUTING_NONE: break;
	}
	return "none";
}

const char *
territory_office_why_name(enum office_why why)
{
	switch (why) {
	case OFFICE_SECTOR:
		return "competent office for the commune";
	case OFFICE_DEPARTMENT:
		return "office of the department";
	case OFFICE_DEPARTMENT_UNSECTORED:
		return "office of the department (sector not known)";
	case OFFICE_CONTACT_GENERAL:
		return "competent office not known: general contact";
	case OFFICE_NEAREST:
		return "nearest, not confirmed as competent";
	case OFFICE_NATIONAL:
		return "national number";
	}
	return "";
}

int
territory_services_find(const struct territory *t,
    const struct service_filter *f, const struct service **out, int max)
{
	const struct territory_priv *tp = CPRIV(t);
	const struct commune *c = NULL;
	char q[MAX_QUERY];
	struct query qy;
	int i, k, n = 0;

	qy.nw = 0;
	if (f->text != NULL && territory_fold(f->text, q, sizeof q) > 0)
		query_init(&qy, q);
	if (f->commune != NULL) {
		if ((c = territory_commune(t, f->commune)) == NULL)
			return 0;
		c = territory_commune_resolve(t, c);
	}
	for (i = 0; i < t->nservices; i++) {
		const struct service *s = &t->services[i];
		const char *key = tp->service_keys[i];

		if (f->kind != NULL && strcmp(s->kind, f->kind) != 0)
			continue;
		if (f->dep != NULL && (strcmp(f->dep, "national") == 0 ?
		    s->dep != NULL : s->dep == NULL ||
		    strcmp(s->dep, f->dep) != 0))
			continue;
		if (c != NULL && s->dep != NULL && (strcmp(s->dep, c->dep) != 0
		    || (s->sector != NULL && !sector_has(s->sector,
		    c->insee))))
			continue;
		for (k = 0; k < qy.nw; k++) {
			char w[MAX_QUERY];

			snprintf(w, sizeof w, "%.*s", (int)qy.wl[k], qy.w[k]);
			if (strstr(key, w) == NULL)
				break;
		}
		if (k < qy.nw)
			continue;
		if (n < max)
			out[n] = s;
		n++;
	}
	return n;
}

const char *
territory_service_hours(const struct service *s)
{
	const struct structure *sx = s->structure;

	if (s->hours != NULL)
		return s->hours;
	if (sx == NULL)
		return NULL;
	return sx->hours_text != NULL ? sx->hours_text : sx->hours;
}

const char *
territory_service_phone(const struct service *s)
{
	const struct structure *sx = s->structure;

	return s->phone != NULL ? s->phone : sx != NULL ? sx->phone : NULL;
}

const char *
territory_office_name(const struct office *o)
{
	const struct structure *sx = o->service->structure;

	if (o->why == OFFICE_CONTACT_GENERAL || sx == NULL || sx->name == NULL)
		return o->service->name;
	return sx->name;
}

const char *
territory_service_web(const struct service *s)
{
	const struct structure *sx = s->structure;

	if (territory_service_phone(s) != NULL)
		return NULL;
	if (s->link != NULL)
		return s->link;
	return sx != NULL ? sx->website : NULL;
}

void
territory_phone_format(const char *phone, char *buf, size_t size)
{
	char d[16];
	size_t n;

	if (phone == NULL) {
		snprintf(buf, size, "%s", "");
		return;
	}
	if (strncmp(phone, "+33", 3) == 0 && strlen(phone) == 12 &&
	    strspn(phone + 3, "0123456789") == 9)
		snprintf(d, sizeof d, "0%s", phone + 3);
	else
		snprintf(d, sizeof d, "%.15s", phone);
	n = strlen(d);
	if (n == 10 && d[0] == '0' && strspn(d, "0123456789") == 10) {
		if (d[1] == '8')	/* 0 800 32 31 30 */
			snprintf(buf, size, "%c %.3s %.2s %.2s %.2s", d[0],
			    d + 1, d + 4, d + 6, d + 8);
		else
			snprintf(buf, size, "%.2s %.2s %.2s %.2s %.2s", d,
			    d + 2, d + 4, d + 6, d + 8);
		return;
	}
	snprintf(buf, size, "%s", phone);
}

/* ------------------------------------------------------------------ */
/* Check                                                               */

static int
commune_index(const struct territory *t, const char *insee)
{
	const struct commune *c = territory_commune_typed(t, insee,
	    COMMUNE_CURRENT);

	return c != NULL ? (int)(c - t->communes) : -1;
}

int
territory_department_cover(const struct territory *t, const char *dep,
    struct department_cover *c)
{
	int i, k, any, sectored;

	memset(c, 0, sizeof *c);
	if (!territory_has_department(t, dep))
		return -1;
	c->directory = territory_department(t, dep) != NULL;
	for (i = 0; i < t->nservices; i++) {
		const struct service *s = &t->services[i];

		if (s->dep == NULL || strcmp(s->dep, dep) != 0 ||
		    (s->structure != NULL &&
		    s->structure->state == STRUCT_PLANNED))
			continue;
		c->offices++;
		c->verified += s->verif.status == VERIF_VERIFIED;
	}
	for (k = 0; k < t->nkinds; k++) {
		const struct territory_kind *kd = &t->kinds[k];

		if (!kd->sectorised)
			continue;
		for (any = sectored = 0, i = 0; i < t->nservices; i++) {
			const struct service *s = &t->services[i];

			if (s->dep == NULL || strcmp(s->dep, dep) != 0 ||
			    strcmp(s->kind, kd->id) != 0)
				continue;
			any = 1;
			sectored |= s->sector != NULL;
		}
		if (!any && c->nmissing < DEP_COVER_KINDS)
			c->missing[c->nmissing++] = kd->id;
		else if (any && !sectored && c->nunsectored < DEP_COVER_KINDS)
			c->unsectored[c->nunsectored++] = kd->id;
	}
	return 0;
}

int
territory_check(const struct territory *t, char **warnings)
{
	struct strbuf b = STRBUF_INIT;
	int *count;
	const struct sector **seen;
	int problems = 0, f, k, i, j, nseen, complete;

	if (communes_need(t) == -1) {
		const struct error *e = &CPRIV(t)->communes_err;

		strbuf_printf(&b, "%s:%d: %s\n", e->file != NULL ? e->file : "",
		    e->line, e->msg);
		*warnings = b.s;
		return 1;
	}
	count = xcalloc((size_t)t->ncommunes, sizeof *count);
	seen = xcalloc((size_t)t->nsectors + 1, sizeof *seen);

	for (f = 0; f < t->nfiles; f++) {
		const struct directory_file *df = &t->files[f];

		if (df->dep == NULL)
			continue;
		for (j = 0; j < f; j++)		/* a department once */
			if (t->files[j].dep == df->dep)
				break;
		if (j < f)
			continue;
		for (k = 0; k < t->nkinds; k++) {
			const struct territory_kind *kd = &t->kinds[k];

			if (!kd->sectorised)
				continue;
			nseen = 0;
			for (i = 0; i < t->nservices; i++) {
				const struct service *s = &t->services[i];

				if (s->dep != df->dep || s->sector == NULL ||
				    strcmp(s->kind, kd->id) != 0)
					continue;
				for (j = 0; j < nseen; j++)
					if (seen[j] == s->sector)
						break;
				if (j == nseen)
					seen[nseen++] = s->sector;
			}
			if (nseen == 0)
				continue;
			memset(count, 0, sizeof *count * (size_t)t->ncommunes);
			complete = 0;
			for (j = 0; j < nseen; j++) {
				const struct sector *sc = seen[j];

				for (i = 0; i < sc->ncommunes; i++) {
					int ci = commune_index(t,
					    sc->communes[i]);

					if (ci < 0 || strcmp(t->communes[ci].dep,
					    df->dep) != 0) {
						strbuf_printf(&b, "%s: sector \"%s\""
						    ": \"%s\" is not a current "
						    "commune of department %s\n",
						    df->path, sc->id,
						    sc->communes[i], df->dep);
						problems++;
						continue;
					}
					if (!sc->partial) {
						count[ci]++;
						complete = 1;
					}
				}
			}
			/*
			 * An office's declared competence (annuaire) is
			 * checked for its codes only: it need not cover the
			 * department, and two offices may share a commune.
			 */
			for (i = 0; complete && i < t->ncommunes; i++) {
				const struct commune *c = &t->communes[i];

				if (c->type != COMMUNE_CURRENT ||
				    strcmp(c->dep, df->dep) != 0 ||
				    count[i] == 1)
					continue;
				strbuf_printf(&b, "%s: kind \"%s\": commune %s "
				    "(%s) is in %d sectors, expected 1\n",
				    df->path, kd->id, c->insee, c->name,
				    count[i]);
				problems++;
			}
		}
	}
	free(count);
	free(seen);
	if (geo_need(t, 1) == NULL && CPRIV(t)->geo_err.msg[0] != '\0') {
		const struct error *e = &CPRIV(t)->geo_err;

		strbuf_printf(&b, "%s:%d:%d: %s\n", e->file != NULL ? e->file :
		    "", e->line, e->col, e->msg);
		problems++;
	}
	*warnings = b.s;
	return problems;
}

/*
 * The result of territory_check depends on nothing but the program, the
 * folders the territory was read from (named in its messages), the
 * language of its messages and the files under them: the directory and
 * the sectors, shipped and local, the commune table and the centres.
 * Its key hashes all of them (their contents through the hashes that
 * image.c remembers by stat), so that a result kept under the key is
 * the one a new check would give.
 */
static uint64_t
check_key(const struct territory *t)
{
	static const char *const shipped[] = { "services", "territory" };
	static const char *const local[] = { "services", "sectors" };
	uint64_t h = HASH64_INIT;
	const char *lang = i18n_lang();
	size_t i;
	int rc = 0;

	h = hash_bytes(h, CHECK_MAGIC AIG_VERSION, sizeof CHECK_MAGIC
	    AIG_VERSION);
	h = image_hash_program(h);
	h = hash_bytes(h, t->dir, strlen(t->dir) + 1);
	h = hash_bytes(h, lang != NULL ? lang : "", lang != NULL ?
	    strlen(lang) + 1 : 1);
	for (i = 0; i < sizeof shipped / sizeof *shipped && rc == 0; i++) {
		char *p = xasprintf("%s/%s", t->dir, shipped[i]);

		rc = image_hash_tree(&h, p, shipped[i]);
		free(p);
	}
	h = hash_bytes(h, t->local_dir != NULL ? t->local_dir : "", t->local_dir
	    != NULL ? strlen(t->local_dir) + 1 : 1);
	for (i = 0; t->local_dir != NULL && i < sizeof local / sizeof *local &&
	    rc == 0; i++) {
		char *p = xasprintf("%s/%s", t->local_dir, local[i]);

		rc = image_hash_tree(&h, p, local[i]);
		free(p);
	}
	image_files_save();
	return rc == -1 ? 0 : h ? h : 1;
}

int
territory_check_cached(const struct territory *t, char **warnings)
{
	uint64_t key = check_key(t);
	char *path = key != 0 ? image_cache_path(t->dir, "check") : NULL;
	char *kept;
	size_t len;
	int n = -1;

	/* kept: the number of problems, a newline, the text */
	*warnings = NULL;
	if ((kept = image_memo_read(path, key, &len)) != NULL) {
		char *nl = strchr(kept, '\n'), *end;
		long v = strtol(kept, &end, 10);

		if (nl != NULL && end == nl && v >= 0 && v < INT_MAX &&
		    strlen(kept) == len) {
			n = (int)v;
			*warnings = nl[1] != '\0' ? xstrdup(nl + 1) : NULL;
		}
		free(kept);
	}
	if (n < 0) {
		char *text;

		n = territory_check(t, warnings);
		text = xasprintf("%d\n%s", n, *warnings != NULL ? *warnings :
		    "");
		image_memo_write(path, key, text, strlen(text));
		free(text);
	}
	free(path);
	return n;
}

/* ------------------------------------------------------------------ */
/* Export                                                              */

static void
sb_put(void *b, const char *bytes, size_t n)
{
	strbuf_addn(b, bytes, n);
}

/* The directory file a record was read from (NULL: none). */
static const struct directory_file *
file_of(const struct territory *t, const char *file)
{
	int f;

	for (f = 0; f < t->nfiles; f++)
		if (t->files[f].doc.file == file)
			return &t->files[f];
	return NULL;
}

/*
 * One record: ids prefixed with the source, x_* dropped but for
 * x_verification and x_statut; date_maj from the source's date.
 */
static void
json_record(const struct territory *t, struct json_writer *w,
    const struct directory_file *df, const struct ynode *n,
    const struct service *s)
{
	const struct ynode *v = ynode_get(n, "x_verification");
	const char *dsrc = NULL;
	int i;

	if (v != NULL && v->kind == Y_MAP && ynode_get(v, "date_source") &&
	    ynode_get(v, "date_source")->kind == Y_SCALAR &&
	    !ynode_is_null(ynode_get(v, "date_source")))
		dsrc = ynode_get(v, "date_source")->str;
	/* a month or a year "as found" is no date_maj: keep the record's */
	if (dsrc != NULL && (strlen(dsrc) != 10 || strspn(dsrc,
	    "0123456789-") != 10 || dsrc[4] != '-' || dsrc[7] != '-'))
		dsrc = NULL;
	json_object_begin(w);
	json_member_str(w, "source", df->source);
	for (i = 0; i < n->n; i++) {
		const char *k = n->keys[i];

		if ((strncmp(k, "x_", 2) == 0 && strcmp(k, "x_verification")
		    != 0 && strcmp(k, "x_statut") != 0) ||
		    strcmp(k, "source") == 0)
			continue;
		json_key(w, k);
		if (strcmp(k, "date_maj") == 0 && dsrc != NULL)
			json_str(w, dsrc);
		else if (strcmp(k, "zone_eligibilite") == 0 && s != NULL &&
		    s->sector == NULL && territory_kind(t, s->kind) != NULL &&
		    territory_kind(t, s->kind)->sectorised && s->dep != NULL)
			json_null_value(w);	/* its sector is not known */
		else if ((strcmp(k, "id") == 0 ||
		    strcmp(k, "structure_id") == 0) &&
		    n->items[i]->kind == Y_SCALAR) {
			char *id = xasprintf("%s--%s", df->source,
			    n->items[i]->str);

			json_str(w, id);
			free(id);
		} else if (strcmp(k, "zone_eligibilite") == 0 && s != NULL &&
		    s->sector != NULL) {
			int j;

			json_array_begin(w);
			for (j = 0; j < s->sector->ncommunes; j++)
				json_str(w, s->sector->communes[j]);
			json_array_end(w);
		} else
			json_ynode_value(w, n->items[i], "x_");
	}
	json_object_end(w);
}

/* Whether a structure goes into the export (see territory_export_json). */
static int
exported(const struct structure *s, int flags)
{
	if (s == NULL || s->state != STRUCT_OPEN)
		return 0;
	return !(flags & EXPORT_VERIFIED_ONLY) ||
	    s->verif.status == VERIF_VERIFIED;
}

char *
territory_export_json(const struct territory *t, int flags)
{
	struct strbuf b = STRBUF_INIT;
	struct json_writer w;
	int i;

	if (CPRIV(t)->image != NULL) {	/* the records' YAML is not mapped */
		struct error err = { 0 };
		struct territory *y = territory_load_layered(t->dir,
		    t->local_dir, &err);
		char *text;

		if (y == NULL)
			return NULL;
		text = territory_export_json(y, flags);
		territory_free(y);
		return text;
	}
	json_writer_init(&w, sb_put, &b, JSON_PRETTY);
	json_object_begin(&w);
	json_key(&w, "structures");
	json_array_begin(&w);
	for (i = 0; i < t->nstructures; i++) {
		const struct structure *s = &t->structures[i];

		if (exported(s, flags))
			json_record(t, &w, file_of(t, s->file), s->node, NULL);
	}
	json_array_end(&w);
	json_key(&w, "services");
	json_array_begin(&w);
	for (i = 0; i < t->nservices; i++) {
		const struct service *s = &t->services[i];

		if (exported(s->structure, flags) &&
		    (!(flags & EXPORT_VERIFIED_ONLY) ||
		    s->verif.status == VERIF_VERIFIED))
			json_record(t, &w, file_of(t, s->file), s->node, s);
	}
	json_array_end(&w);
	json_object_end(&w);
	json_newline(&w);
	if (json_writer_finish(&w) == -1)
		abort();	/* the calls above are out of place */
	return b.s;
}

/* ------------------------------------------------------------------ */
/* Import                                                              */

static void
problem(struct import_result *res, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct import_result *res, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	res->nproblems++;
	if (res->nlisted >= IMPORT_MAX_LISTED)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	res->problems = xrealloc(res->problems, sizeof *res->problems *
	    (size_t)(res->nlisted + 1));
	res->problems[res->nlisted].line = line;
	res->problems[res->nlisted].msg = xstrdup(msg);
	res->nlisted++;
}

/*
 * One CSV record from *pp: fields (malloc'ed, trimmed) into f[0..max).
 * Quotes may enclose a field, "" is a quote. Returns the number of fields,
 * -1 at the end of the input. *line advances past the newlines consumed.
 */
static int
csv_record(char **pp, char **f, int max, int *line)
{
	char *p = *pp;
	int n = 0;

	if (*p == '\0')
		return -1;
	for (;;) {
		struct strbuf b = STRBUF_INIT;

		strbuf_add(&b, "");
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					break;
				if (*p == '"' && p[1] == '"') {
					strbuf_addn(&b, "\"", 1);
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					if (*p == '\n')
						(*line)++;
					strbuf_addn(&b, p++, 1);
				}
			}
			while (*p != '\0' && *p != ',' && *p != '\n')
				p++;
		} else {
			char *s = p;

			while (*p != '\0' && *p != ',' && *p != '\n')
				p++;
			strbuf_addn(&b, s, (size_t)(p - s));
		}
		while (b.len > 0 && (b.s[b.len - 1] == ' ' ||
		    b.s[b.len - 1] == '\t' || b.s[b.len - 1] == '\r'))
			b.s[--b.len] = '\0';
		if (n < max)
			f[n] = b.s;
		else
			free(b.s);
		n++;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\n') {
			p++;
			(*line)++;
		}
		break;
	}
	*pp = p;
	return n;
}

static int
kind_slot(struct import_result *res, const char *kind)
{
	int i;

	for (i = 0; i < res->nkinds; i++)
		if (strcmp(res->kinds[i], kind) == 0)
			return i;
	res->kinds = xrealloc(res->kinds, sizeof *res->kinds *
	    (size_t)(res->nkinds + 1));
	res->kind_communes = xrealloc(res->kind_communes,
	    sizeof *res->kind_communes * (size_t)(res->nkinds + 1));
	res->kind_offices = xrealloc(res->kind_offices,
	    sizeof *res->kind_offices * (size_t)(res->nkinds + 1));
	res->kinds[res->nkinds] = kind;
	res->kind_communes[res->nkinds] = 0;
	res->kind_offices[res->nkinds] = 0;
	return res->nkinds++;
}

int
territory_import_check(const struct territory *t, const char *path,
    struct import_result *res, struct error *err)
{
	char *buf, *p, *f[2];
	int **seen = NULL, nseen = 0, line = 1, start, nf, i, k;
	size_t len;

	memset(res, 0, sizeof *res);
	if (communes_need(t) == -1) {	/* codes only: no search keys */
		if (err != NULL)
			*err = CPRIV(t)->communes_err;
		return -1;
	}
	if ((buf = file_slurp(path, &len, err)) == NULL) {
		fail(err, path, 0, 0, "%s", err->msg);
		return -1;
	}
	if (memchr(buf, '\0', len) != NULL) {
		free(buf);
		return fail(err, path, 0, 0, _("not a text file"));
	}
	p = buf;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	/* Header. */
	do {
		start = line;
		nf = csv_record(&p, f, 2, &line);
		if (nf == 1 && f[0][0] == '\0') {
			free(f[0]);
			continue;
		}
		break;
	} while (1);
	if (nf != 2 || strcasecmp(f[0], "commune") != 0 ||
	    strcasecmp(f[1], "office") != 0) {
		for (i = 0; i < nf && i < 2; i++)
			free(f[i]);
		free(buf);
		return fail(err, path, nf < 0 ? 0 : start, 0, "expected the "
		    "header \"commune,office\"");
	}
	free(f[0]);
	free(f[1]);

	while ((start = line, nf = csv_record(&p, f, 2, &line)) != -1) {
		const struct commune *c = NULL;
		const struct service *s = NULL;
		const struct territory_kind *kd = NULL;

		if (nf == 1 && f[0][0] == '\0') {
			free(f[0]);
			continue;
		}
		if (nf != 2) {
			problem(res, start, "expected 2 fields "
			    "(commune,office), found %d", nf);
			for (i = 0; i < nf && i < 2; i++)
				free(f[i]);
			continue;
		}
		/* Commune. */
		if ((c = territory_commune_typed(t, f[0], COMMUNE_CURRENT))
		    == NULL) {
			const struct commune *o = NULL;

			for (k = COMMUNE_ARRONDISSEMENT; k <= COMMUNE_ASSOCIEE &&
			    o == NULL; k++)
				o = territory_commune_typed(t, f[0],
				    (enum commune_type)k);
			if (o != NULL)
				problem(res, start, "\"%s\" (%s) is not a "
				    "current commune but a %s of %s: use \"%s\"",
				    f[0], o->name,
				    territory_commune_type_name(o->type),
				    territory_commune_resolve(t, o)->name,
				    o->parent);
			else
				problem(res, start, "unknown commune code "
				    "\"%s\"", f[0]);
		}
		/* Office. */
		if ((s = territory_service(t, f[1])) == NULL)
			problem(res, start, "unknown office \"%s\"", f[1]);
		else if (s->dep == NULL) {
			problem(res, start, "\"%s\" is a national service, "
			    "not an office of a department", f[1]);
			s = NULL;
		} else if (!(kd = territory_kind(t, s->kind))->sectorised) {
			problem(res, start, "office \"%s\" is of kind \"%s\", "
			    "which has no sectors", f[1], s->kind);
			s = NULL;
		}
		if (s != NULL) {
			if (res->dep == NULL)
				res->dep = s->dep;
			else if (strcmp(res->dep, s->dep) != 0) {
				problem(res, start, "office \"%s\" belongs to "
				    "department %s, but the file is for "
				    "department %s", s->id, s->dep, res->dep);
				s = NULL;
			}
		}
		if (c != NULL && res->dep != NULL &&
		    strcmp(c->dep, res->dep) != 0) {
			problem(res, start, "commune \"%s\" (%s) is in "
			    "department %s, not %s", c->insee, c->name, c->dep,
			    res->dep);
			c = NULL;
		}
		if (c != NULL && s != NULL) {
			int slot = kind_slot(res, s->kind);
			int ci = (int)(c - t->communes);

			if (slot >= nseen) {
				seen = xrealloc(seen, sizeof *seen *
				    (size_t)(slot + 1));
				seen[slot] = xcalloc((size_t)t->ncommunes,
				    sizeof **seen);
				nseen = slot + 1;
			}
			if (seen[slot][ci] != 0)
				problem(res, start, "duplicate: commune \"%s\" "
				    "(%s) already has an office of kind \"%s\" "
				    "(line %d)", c->insee, c->name, s->kind,
				    seen[slot][ci]);
			else {
				seen[slot][ci] = start;
				res->kind_communes[slot]++;
				res->row_commune = xrealloc(res->row_commune,
				    sizeof *res->row_commune *
				    (size_t)(res->nrows + 1));
				res->row_office = xrealloc(res->row_office,
				    sizeof *res->row_office *
				    (size_t)(res->nrows + 1));
				res->row_commune[res->nrows] = c->insee;
				res->row_office[res->nrows] = s;
				res->nrows++;
			}
		}
		free(f[0]);
		free(f[1]);
	}
	if (res->nrows == 0 && res->nproblems == 0)
		problem(res, 0, "no sector rows");

	/* Communes left without an office, and offices per kind. */
	for (k = 0; k < res->nkinds; k++) {
		for (i = 0; i < t->ncommunes; i++) {
			const struct commune *c = &t->communes[i];

			if (c->type == COMMUNE_CURRENT &&
			    strcmp(c->dep, res->dep) == 0 && seen[k][i] == 0)
				problem(res, 0, "commune \"%s\" (%s) has no "
				    "office of kind \"%s\"", c->insee, c->name,
				    res->kinds[k]);
		}
		for (i = 0; i < res->nrows; i++) {
			int j;

			if (strcmp(res->row_office[i]->kind, res->kinds[k]) != 0)
				continue;
			for (j = 0; j < i; j++)
				if (res->row_office[j] == res->row_office[i])
					break;
			if (j == i)
				res->kind_offices[k]++;
		}
	}
	for (k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
	free(buf);
	return 0;
}

void
territory_import_release(struct import_result *res)
{
	int i;

	for (i = 0; i < res->nlisted; i++)
		free(res->problems[i].msg);
	free(res->problems);
	free(res->kinds);
	free(res->kind_communes);
	free(res->kind_offices);
	free(res->row_commune);
	free(res->row_office);
	memset(res, 0, sizeof *res);
}

static void
yaml_office(struct strbuf *b, const char *id, const char **codes, int n)
{
	int i, col;

	strbuf_printf(b, "  \"%s\": [", id);
	col = (int)strlen(id) + 7;
	for (i = 0; i < n; i++) {
		if (i > 0) {
			strbuf_add(b, ",");
			col++;
			if (col > 70) {
				strbuf_add(b, "\n    ");
				col = 4;
			} else {
				strbuf_add(b, " ");
				col++;
			}
		}
		strbuf_printf(b, "\"%s\"", codes[i]);
		col += 7;
	}
	strbuf_add(b, "]\n");
}

static int
write_atomic(const char *dir, const char *path, const char *text,
    struct error *err)
{
	char *tmp = xasprintf("%s/.sectors.XXXXXX", dir);
	size_t len = strlen(text), off = 0;
	ssize_t w;
	int fd;

	if ((fd = mkstemp(tmp)) == -1) {
		fail(err, dir, 0, 0, "cannot create a temporary file: %s",
		    strerror(errno));
		free(tmp);
		return -1;
	}
	while (off < len) {
		w = write(fd, text + off, len - off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			goto bad;
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) == -1 || fsync(fd) == -1)
		goto bad;
	if (close(fd) == -1) {
		fd = -1;
		goto bad;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto bad;
	if ((fd = open(dir, O_RDONLY)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(tmp);
	return 0;
bad:
	fail(err, path, 0, 0, "cannot write: %s", strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

/* mkdir -p: 0, or -1 with errno set. */
static int
mkdir_p(const char *path)
{
	char *p = xstrdup(path), *q;
	int rc = 0;

	for (q = p + 1; rc == 0 && *q != '\0'; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST)
			rc = -1;
		*q = '/';
	}
	if (rc == 0 && mkdir(p, 0755) == -1 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int
territory_import_write(const struct territory *t,
    const struct import_result *res, const char *source_name,
    char **written, struct error *err)
{
	const struct territory_priv *tp = CPRIV(t);
	const struct sectors_file *old = NULL;
	const struct directory_file *df;
	struct strbuf b = STRBUF_INIT;
	const char **kinds = NULL, **codes;
	char *dir, *path;
	int nkinds = 0, i, j, k, n, rc;

	if (res->nproblems > 0 || res->dep == NULL)
		return fail(err, source_name, 0, 0, "the import has problems");
	df = territory_department(t, res->dep);
	for (i = 0; i < tp->nsfiles; i++)
		if (strcmp(tp->sfiles[i].dep, res->dep) == 0)
			old = &tp->sfiles[i];
	/* Kinds: the new ones, plus earlier imported ones not replaced. */
	kinds = xcalloc((size_t)(res->nkinds + (old ? old->nkinds : 0) + 1),
	    sizeof *kinds);
	for (k = 0; k < res->nkinds; k++)
		kinds[nkinds++] = res->kinds[k];
	for (k = 0; old != NULL && k < old->nkinds; k++) {
		for (j = 0; j < res->nkinds; j++)
			if (strcmp(res->kinds[j], old->kinds[k]) == 0)
				break;
		if (j == res->nkinds)
			kinds[nkinds++] = old->kinds[k];
	}
	strbuf_printf(&b, "# Sectorisation of department %s (commune -> office), "
	    "written by\n# `aiguillage territory import` from %s.\n"
	    "# Format: doc/territory.md §4. Do not edit by hand: import a "
	    "corrected file.\n", res->dep, source_name);
	strbuf_add(&b, "departement: ");
	strbuf_printf(&b, "\"%s\"\n", res->dep);
	if (df != NULL && df->cog != NULL)
		strbuf_printf(&b, "cog: %s\n", df->cog);
	strbuf_add(&b, "source: ");
	{
		struct strbuf q = STRBUF_INIT;

		json_quote(source_name, sb_put, &q);
		strbuf_add(&b, q.s);
		free(q.s);
	}
	strbuf_add(&b, "\nkinds: [");
	for (k = 0; k < nkinds; k++)
		strbuf_printf(&b, "%s%s", k ? ", " : "", kinds[k]);
	strbuf_add(&b, "]\noffices:\n");
	codes = xcalloc((size_t)res->nrows + 1, sizeof *codes);
	for (i = 0; i < res->nrows; i++) {
		for (j = 0; j < i; j++)
			if (res->row_office[j] == res->row_office[i])
				break;
		if (j < i)
			continue;
		for (n = 0, j = i; j < res->nrows; j++)
			if (res->row_office[j] == res->row_office[i])
				codes[n++] = res->row_commune[j];
		yaml_office(&b, res->row_office[i]->id, codes, n);
	}
	free(codes);
	for (k = res->nkinds; k < nkinds; k++)
		for (i = 0; i < t->nservices; i++) {
			const struct service *s = &t->services[i];

			if (s->dep != NULL && strcmp(s->dep, res->dep) == 0 &&
			    strcmp(s->kind, kinds[k]) == 0 && s->sector &&
			    s->sector->imported)
				yaml_office(&b, s->id, s->sector->communes,
				    s->sector->ncommunes);
		}
	free(kinds);

	if (t->local_dir != NULL && mkdir_p(t->local_dir) == -1) {
		fail(err, t->local_dir, 0, 0, "cannot create the directory: "
		    "%s", strerror(errno));
		free(b.s);
		return -1;
	}
	dir = t->local_dir != NULL ? xasprintf("%s/sectors", t->local_dir) :
	    xasprintf("%s/territory/sectors", t->dir);
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		fail(err, dir, 0, 0, "cannot create the directory: %s",
		    strerror(errno));
		free(dir);
		free(b.s);
		return -1;
	}
	path = xasprintf("%s/%s.yaml", dir, res->dep);
	rc = write_atomic(dir, path, b.s, err);
	free(dir);
	free(b.s);
	if (rc == 0 && written != NULL)
		*written = path;
	else
		free(path);
	return rc;
}

int
territory_local_write(const struct territory *t, const char *subdir,
    const char *name, const char *text, char **written, struct error *err)
{
	char *dir, *path;
	int rc;

	if (t->local_dir == NULL)
		return fail(err, name, 0, 0, "no local data directory: the "
		    "shipped rule base is never written");
	if (mkdir_p(t->local_dir) == -1)
		return fail(err, t->local_dir, 0, 0, "cannot create the "
		    "directory: %s", strerror(errno));
	dir = xasprintf("%s/%s", t->local_dir, subdir);
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		fail(err, dir, 0, 0, "cannot create the directory: %s",
		    strerror(errno));
		free(dir);
		return -1;
	}
	path = xasprintf("%s/%s", dir, name);
	rc = write_atomic(dir, path, text, err);
	free(dir);
	if (rc == 0 && written != NULL)
		*written = path;
	else
		free(path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Local data                                                          */

const char *
territory_local_salt(void)
{
	static char v[17];
	struct error err = { 0 };
	char *local = territory_local_default();

	if (territory_local_version(local, v, &err) == -1)
		v[0] = '\0';
	free(local);
	return v;
}

char *
territory_local_default(void)
{
	const char *env = getenv("AIGUILLAGE_LOCAL_DIR");
	struct stat st;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
#ifdef AIG_LOCALSTATEDIR
	/* Installed: the state directory the package creates (and purges). */
	if (stat(AIG_LOCALSTATEDIR "/lib/aiguillage", &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return xstrdup(AIG_LOCALSTATEDIR "/lib/aiguillage");
#else
	(void)st;
#endif
	return dirs_user_data();
}

int
territory_local_version(const char *local_dir, char out[17],
    struct error *err)
{
	/* sectors/ by file name alone, as before services/ existed */
	static const char *const subdirs[] = { "sectors", "services" };
	char **paths, buf[8192];
	uint64_t h = HASH64_INIT;
	int n, i, d, rc = 0, any = 0;

	out[0] = '\0';
	for (d = 0; d < 2 && rc == 0; d++) {
		char *dir = xasprintf("%s/%s", local_dir, subdirs[d]);

		paths = list_yaml(dir, &n, err);
		free(dir);
		if (n == -1)
			return -1;
		for (i = 0; i < n && rc == 0; i++) {
			const char *base = strrchr(paths[i], '/') + 1;
			FILE *f = fopen(paths[i], "rb");
			size_t k;

			if (f == NULL) {
				rc = fail(err, paths[i], 0, 0, "cannot read "
				    "the file: %s", strerror(errno));
				break;
			}
			if (d > 0)
				h = hash_bytes(h, "services/", 9);
			h = hash_bytes(h, base, strlen(base) + 1);
			while ((k = fread(buf, 1, sizeof buf, f)) > 0)
				h = hash_bytes(h, buf, k);
			if (ferror(f))
				rc = fail(err, paths[i], 0, 0, "cannot read "
				    "the file");
			fclose(f);
			any = 1;
		}
		free_paths(paths, n);
	}
	if (rc == 0 && any)
		snprintf(out, 17, "%016llx", (unsigned long long)h);
	return rc;
}

int
territory_version_mix(const char *rules_dir, char version[17],
    struct error *err)
{
	/* the shipped directory, sectors, communes and their centres */
	static const char *const shipped[] = { "services", "territory" };
	char *local = territory_local_default();
	char lv[17];
	uint64_t h = HASH64_INIT;
	size_t i;
	int rc;

	rc = territory_local_version(local, lv, err);
	free(local);
	if (rc == -1)
		return -1;
	h = hash_bytes(h, version, strlen(version));
	for (i = 0; rules_dir != NULL && i < sizeof shipped / sizeof *shipped;
	    i++) {
		char *p = xasprintf("%s/%s", rules_dir, shipped[i]);

		rc = image_hash_tree(&h, p, shipped[i]);
		if (rc == -1)
			fail(err, p, 0, 0, "cannot read the territory data");
		free(p);
		if (rc == -1)
			return -1;
	}
	if (lv[0] != '\0') {
		h = hash_bytes(h, "+", 1);
		h = hash_bytes(h, lv, strlen(lv));
	}
	image_files_save();
	snprintf(version, 17, "%016llx", (unsigned long long)h);
	return 0;
}
