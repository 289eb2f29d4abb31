/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commune_index.c - the commune table with its search keys, as an image.
 *
 * The commands that search communes or check sectors need the whole
 * table of communes.tsv (37,500 rows) with, for the search, each name
 * folded (key, compact form, article), the ranking order and the word
 * masks (territory.c, doc/territory.md §2). Parsing and folding it is
 * some 45 M instructions at each start; its image (model/image.h: one
 * block, pointers as offsets listed in a table, sizes and checksum
 * checked) is mapped instead: built by make beside the rules
 * (<rules>.communes.img), else written to the cache the first time the
 * keys are built, with the search index (territory_priv.h: bigrams and
 * trigrams of word starts, answers to one- and two-character queries,
 * the rows of the ranks, the postal code index). Its key hashes the
 * program and communes.tsv (name, size, content). It is mapped as it is
 * read (a lazy image kind): a search touches the pages it reads, and
 * once summed it leaves the page cache (image.c, drop_cached). Commands
 * that only look communes up by code (eval) never touch it: they read
 * single rows of the mapped communes.tsv.
 */
#include "territory_priv.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hash.h"
#include "image.h"
#include "xmalloc.h"

#define COMMUNES_MAGIC	"AIGCIMG1"

/* What the image holds: the table as build_keys leaves it. */
struct commune_table {
	struct commune	*communes;
	int		 ncommunes;
	int		 ndeps;
	int		*order;
	uint32_t	*masks, *order_mask;
	const char	**deps;
	int		*bigram_off, *bigram_rank;	/* territory_priv.h */
	int		*trigram_off, *trigram_rank;
	int		*initial_off, *pair_off;
	struct search_hit *initial_hits, *pair_hits;
	int		*postal_off, *postal_idx, *postal_odd;
	int		 npostal_odd;
	struct search_row *search_rows;	/* by rank, keys in `keys` */
	/* the buffers the strings lie in: communes.tsv, the keys */
	char		*tsv, *keys;
	size_t		 tsv_len, keys_len;
};

/* In VERIFY mode: offsets that grow from 0, values indices of `n`. */
static void
check_csr(struct image_walk *w, const int *off, int noff, const int *val,
    int n)
{
	int i;

	if (!image_verifying(w))
		return;
	if (off == NULL || val == NULL || off[0] != 0) {
		image_fail(w);
		return;
	}
	for (i = 0; i < noff; i++)
		if (off[i + 1] < off[i]) {
			image_fail(w);
			return;
		}
	for (i = 0; i < off[noff]; i++)
		if (val[i] < 0 || val[i] >= n) {
			image_fail(w);
			return;
		}
}

/* In VERIFY mode: each search row within the keys, its key and compact
   form ending there, its articles within them, its department known
   (or UINT16_MAX: none of territory.deps, which holds 128 at most). */
static void
check_rows(struct image_walk *w, const struct commune_table *ct)
{
	const struct search_row *sr;
	size_t kl;
	int i;

	if (!image_verifying(w))
		return;
	if (ct->keys == NULL || ct->keys_len == 0 ||
	    ct->keys[ct->keys_len - 1] != '\0') {
		image_fail(w);
		return;
	}
	for (i = 0; i < ct->ncommunes; i++) {
		sr = &ct->search_rows[i];
		if (sr->key >= ct->keys_len ||
		    (kl = strlen(ct->keys + sr->key)) >= ct->keys_len -
		    sr->key - 1 || sr->compact != kl + 1 ||
		    strlen(ct->keys + sr->key + sr->compact) <
		    sr->art_compact || kl < sr->art || (sr->dep != UINT16_MAX &&
		    sr->dep >= ct->ndeps)) {
			image_fail(w);
			return;
		}
	}
}

/*
 * An index of `noff` lists of hits (offsets *off, hits *hits): in VERIFY
 * mode, offsets that grow from 0, each hit a commune of `n` and a
 * department of `ndeps` (or UINT16_MAX), its spare bytes 0.
 */
static void
walk_hits(struct image_walk *w, int *const *off, int noff,
    struct search_hit *const *hits, int n, int ndeps)
{
	int i;

	if (!image_array(w, off, sizeof **off, noff + 1) ||
	    (*off)[noff] == INT_MAX ||
	    !image_array(w, hits, sizeof **hits, (*off)[noff] + 1)) {
		if (image_verifying(w))
			image_fail(w);
		return;
	}
	if (!image_verifying(w))
		return;
	if ((*off)[0] != 0) {
		image_fail(w);
		return;
	}
	for (i = 0; i < noff; i++)
		if ((*off)[i + 1] < (*off)[i]) {
			image_fail(w);
			return;
		}
	for (i = 0; i < (*off)[noff]; i++) {
		const struct search_hit *h = &(*hits)[i];

		if (h->idx < 0 || h->idx >= n || h->spare != 0 ||
		    (h->dep != UINT16_MAX && h->dep >= ndeps)) {
			image_fail(w);
			return;
		}
	}
}

/* An index of `noff` lists (offsets *off, values *val: check_csr). */
static void
walk_csr(struct image_walk *w, int *const *off, int noff, int *const *val,
    int n)
{
	if (image_array(w, off, sizeof **off, noff + 1) &&
	    image_array(w, val, sizeof **val, (*off)[noff] + 1))
		check_csr(w, *off, noff, *val, n);
	else if (image_verifying(w))
		image_fail(w);
}

static void
walk_table(struct image_walk *w, const void *root)
{
	const struct commune_table *ct = root;
	int i, n = ct->ncommunes;

	(void)image_ptr(w, &ct->tsv, ct->tsv_len);
	(void)image_ptr(w, &ct->keys, ct->keys_len);
	if (image_verifying(w) && (ct->tsv == NULL || ct->keys == NULL))
		image_fail(w);
	if (image_array(w, &ct->communes, sizeof *ct->communes, n))
		for (i = 0; i < n; i++) {
			const struct commune *c = &ct->communes[i];

			(void)image_str_in(w, &c->insee);
			(void)image_str_in(w, &c->name);
			(void)image_str_in(w, &c->dep);
			(void)image_str_in(w, &c->postcodes);
			(void)image_str_in(w, &c->epci);
			(void)image_str_in(w, &c->parent);
			(void)image_str_in(w, &c->key);
			(void)image_str_in(w, &c->compact);
			if (image_verifying(w) && (c->key == NULL ||
			    c->compact == NULL || c->insee == NULL ||
			    c->name == NULL || c->dep == NULL ||
			    c->postcodes == NULL || c->parent == NULL ||
			    c->rank < 0 || c->rank >= n ||
			    (unsigned)c->type > COMMUNE_ASSOCIEE ||
			    c->art > strlen(c->key) ||
			    c->art_compact > strlen(c->compact)))
				image_fail(w);
		}
	(void)image_array(w, &ct->order, sizeof *ct->order, n);
	(void)image_array(w, &ct->masks, sizeof *ct->masks, n);
	(void)image_array(w, &ct->order_mask, sizeof *ct->order_mask, n);
	if (image_array(w, &ct->deps, sizeof *ct->deps, ct->ndeps))
		for (i = 0; i < ct->ndeps; i++)
			(void)image_str_in(w, &ct->deps[i]);
	walk_csr(w, &ct->bigram_off, SEARCH_BIGRAMS, &ct->bigram_rank, n);
	walk_csr(w, &ct->trigram_off, SEARCH_TRIGRAMS, &ct->trigram_rank, n);
	walk_hits(w, &ct->initial_off, SEARCH_SYMBOLS, &ct->initial_hits, n,
	    ct->ndeps);
	walk_hits(w, &ct->pair_off, SEARCH_BIGRAMS * 4, &ct->pair_hits, n,
	    ct->ndeps);
	walk_csr(w, &ct->postal_off, POSTAL_BUCKETS, &ct->postal_idx, n);
	if (image_array(w, &ct->search_rows, sizeof *ct->search_rows, n))
		check_rows(w, ct);
	else if (image_verifying(w))
		image_fail(w);
	if (image_array(w, &ct->postal_odd, sizeof *ct->postal_odd,
	    ct->npostal_odd + 1)) {
		for (i = 0; image_verifying(w) && i < ct->npostal_odd; i++)
			if (ct->postal_odd[i] < 0 || ct->postal_odd[i] >= n)
				image_fail(w);
	} else if (image_verifying(w))
		image_fail(w);
	if (image_verifying(w)) {
		if (n <= 0 || ct->order == NULL || ct->masks == NULL ||
		    ct->order_mask == NULL)
			image_fail(w);
		for (i = 0; i < n && ct->order != NULL; i++)
			if (ct->order[i] < 0 || ct->order[i] >= n)
				image_fail(w);
		for (i = 0; i < ct->ndeps; i++)
			if (ct->deps[i] == NULL)
				image_fail(w);
	}
}

static void
clean_table(void *copy)
{
	(void)copy;	/* nothing of the run in it */
}

static const struct image_kind commune_kind = {
	COMMUNES_MAGIC, "commune index", sizeof(struct commune_table),
	walk_table, clean_table, 1
};

uint64_t
commune_index_key(const char *rules_dir)
{
	uint64_t h = UINT64_C(14695981039346656037);
	char *p = xasprintf("%s/territory/communes.tsv", rules_dir);
	int rc;

	h = hash_bytes(h, COMMUNES_MAGIC AIG_VERSION,
	    sizeof COMMUNES_MAGIC AIG_VERSION);
	h = image_hash_program(h);
	rc = image_hash_tree(&h, p, "territory/communes.tsv");
	free(p);
	image_files_save();
	return rc == -1 ? 0 : h ? h : 1;
}

char *
commune_index_shipped(const char *rules_dir)
{
	return image_shipped_path(rules_dir, ".communes.img");
}

/* The table of `ct` put into the territory. */
static void
adopt(struct territory_priv *tp, const struct commune_table *ct)
{
	struct territory *t = &tp->pub;

	t->communes = ct->communes;
	t->ncommunes = ct->ncommunes;
	t->order = ct->order;
	t->deps = ct->deps;
	t->ndeps = ct->ndeps;
	tp->masks = ct->masks;
	tp->order_mask = ct->order_mask;
	tp->bigram_off = ct->bigram_off;
	tp->bigram_rank = ct->bigram_rank;
	tp->trigram_off = ct->trigram_off;
	tp->trigram_rank = ct->trigram_rank;
	tp->initial_off = ct->initial_off;
	tp->initial_hits = ct->initial_hits;
	tp->pair_off = ct->pair_off;
	tp->pair_hits = ct->pair_hits;
	tp->search_rows = ct->search_rows;
	tp->search_keys = ct->keys;
	tp->postal_off = ct->postal_off;
	tp->postal_idx = ct->postal_idx;
	tp->postal_odd = ct->postal_odd;
	tp->npostal_odd = ct->npostal_odd;
	tp->keys_built = 1;
}

int
commune_index_map(struct territory_priv *tp, int flags)
{
	struct error err = { 0 };
	struct commune_table *ct = NULL;
	uint64_t key = commune_index_key(tp->pub.dir);
	char *path;
	void *mem;
	size_t len;

	if (key == 0)
		return -1;
	path = commune_index_shipped(tp->pub.dir);
	ct = image_map(&commune_kind, path, key, flags, &mem, &len, &err);
	free(path);
	if (ct == NULL && (path = image_cache_path(tp->pub.dir, "communes"))
	    != NULL) {
		ct = image_map(&commune_kind, path, key, flags, &mem, &len,
		    &err);
		free(path);
	}
	if (ct == NULL)
		return -1;
	adopt(tp, ct);
	tp->cimage = mem;
	tp->cimage_len = len;
	return 0;
}

void
commune_index_save(const struct territory_priv *tp)
{
	struct error err = { 0 };
	const struct territory *t = &tp->pub;
	struct commune_table ct;
	uint64_t key;
	char *path;

	if (tp->cimage != NULL || !tp->keys_built || t->ncommunes <= 0 ||
	    (key = commune_index_key(t->dir)) == 0 ||
	    (path = image_cache_path(t->dir, "communes")) == NULL)
		return;
	memset(&ct, 0, sizeof ct);
	ct.communes = t->communes;
	ct.ncommunes = t->ncommunes;
	ct.order = t->order;
	ct.masks = tp->masks;
	ct.order_mask = tp->order_mask;
	ct.deps = t->deps;
	ct.ndeps = t->ndeps;
	ct.bigram_off = tp->bigram_off;
	ct.bigram_rank = tp->bigram_rank;
	ct.trigram_off = tp->trigram_off;
	ct.trigram_rank = tp->trigram_rank;
	ct.initial_off = tp->initial_off;
	ct.initial_hits = tp->initial_hits;
	ct.pair_off = tp->pair_off;
	ct.pair_hits = tp->pair_hits;
	ct.search_rows = tp->search_rows;
	ct.postal_off = tp->postal_off;
	ct.postal_idx = tp->postal_idx;
	ct.postal_odd = tp->postal_odd;
	ct.npostal_odd = tp->npostal_odd;
	ct.tsv = t->tsv;
	ct.tsv_len = tp->tsv_len + 1;	/* read_whole's NUL */
	ct.keys = tp->keys_mem;
	ct.keys_len = tp->keys_len;
	if (ct.bigram_off == NULL || ct.trigram_off == NULL ||
	    ct.initial_off == NULL || ct.pair_off == NULL ||
	    ct.postal_off == NULL ||
	    ct.search_rows == NULL ||
	    ct.tsv == NULL || ct.keys == NULL) {
		free(path);
		return;
	}
	(void)image_write(&commune_kind, &ct, path, key, &err);
	free(path);
}
