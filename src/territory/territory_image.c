/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * territory_image.c - the service directory as an image, mapped in place.
 *
 * Loading the directory parses some 300 KB of YAML (kinds, the directory
 * files, the sectorisations, the local ones) and folds the text of every
 * service: most of the start of a command that shows offices. The loaded
 * directory (kinds, files, structures, services, sectors, the folded
 * texts and the services sorted by id) is written once as an image
 * (model/image.h: one block, every pointer an offset listed in a table,
 * sizes and a checksum checked, a stale or broken image refused and
 * rebuilt) and mapped by later runs. Its key hashes the program and the
 * name, size and content of every file the loader reads, the local data
 * included, so an image is never used for other files.
 *
 * What the image leaves out: the YAML trees (the nodes of structures and
 * services, which only the data·inclusion export reads: it loads the
 * YAML again), the commune table (loaded on first need, as always) and
 * the arena, which a mapped territory starts empty. The file names
 * follow the folders the program is given (the shipped image is built
 * from "rules").
 */
#include "territory_priv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hash.h"
#include "image.h"
#include "xmalloc.h"

#define TERRITORY_MAGIC	"AIGTIMG1"

/* In VERIFY mode, a pointer into an array must be one of its elements. */
static void
element(struct image_walk *w, const void *p, const void *base, int n,
    size_t size)
{
	const char *c = p, *b = base;

	if (!image_verifying(w) || p == NULL)
		return;
	if (b == NULL || c < b || c >= b + (size_t)n * size ||
	    (size_t)(c - b) % size != 0)
		image_fail(w);
}

static void
walk_verif(struct image_walk *w, const struct verification *v)
{
	(void)image_ptr(w, &v->source, 0);
	(void)image_ptr(w, &v->source_date, 0);
	(void)image_ptr(w, &v->checked_on, 0);
	(void)image_ptr(w, &v->note, 0);
}

/* A YAML document left out: its tree and arena are cleared. */
static void
walk_doc(struct image_walk *w, const struct ydoc *d)
{
	(void)image_ptr(w, &d->file, 0);
	image_clear(w, &d->arena, sizeof d->arena);
	image_clear(w, &d->root, sizeof d->root);
}

static void
walk_territory(struct image_walk *w, const void *root)
{
	const struct territory_priv *tp = root;
	const struct territory *t = &tp->pub;
	int i;

#define STR(f)	((void)image_ptr(w, &(f), 0))
	STR(t->dir);
	STR(t->local_dir);
	if (image_array(w, &t->kinds, sizeof *t->kinds, t->nkinds))
		for (i = 0; i < t->nkinds; i++) {
			STR(t->kinds[i].id);
			STR(t->kinds[i].name);
			image_strs(w, &t->kinds[i].annuaire,
			    t->kinds[i].nannuaire);
		}
	if (image_array(w, &t->structures, sizeof *t->structures,
	    t->nstructures))
		for (i = 0; i < t->nstructures; i++) {
			const struct structure *s = &t->structures[i];

			STR(s->id);
			STR(s->name);
			STR(s->description);
			STR(s->address);
			STR(s->address_more);
			STR(s->postcode);
			STR(s->insee);
			STR(s->town);
			STR(s->phone);
			STR(s->email);
			STR(s->website);
			STR(s->hours);
			STR(s->hours_text);
			STR(s->phone_hours);
			walk_verif(w, &s->verif);
			STR(s->dep);
			STR(s->file);
			image_clear(w, &s->node, sizeof s->node);
		}
	if (image_array(w, &t->sectors, sizeof *t->sectors, t->nsectors))
		for (i = 0; i < t->nsectors; i++) {
			STR(t->sectors[i].id);
			STR(t->sectors[i].dep);
			image_strs(w, &t->sectors[i].communes,
			    t->sectors[i].ncommunes);
		}
	if (image_array(w, &t->services, sizeof *t->services, t->nservices))
		for (i = 0; i < t->nservices; i++) {
			const struct service *s = &t->services[i];

			STR(s->id);
			STR(s->name);
			STR(s->description);
			STR(s->kind);
			(void)image_ptr(w, &s->structure, sizeof *s->structure);
			element(w, s->structure, t->structures,
			    t->nstructures, sizeof *t->structures);
			STR(s->phone);
			STR(s->hours);
			STR(s->link);
			(void)image_ptr(w, &s->sector, sizeof *s->sector);
			element(w, s->sector, t->sectors, t->nsectors,
			    sizeof *t->sectors);
			walk_verif(w, &s->verif);
			STR(s->dep);
			STR(s->file);
			image_clear(w, &s->node, sizeof s->node);
		}
	if (image_array(w, &t->files, sizeof *t->files, t->nfiles))
		for (i = 0; i < t->nfiles; i++) {
			const struct directory_file *df = &t->files[i];

			STR(df->path);
			STR(df->source);
			STR(df->dep);
			STR(df->cog);
			(void)image_ptr(w, &df->contact, sizeof *df->contact);
			element(w, df->contact, t->services, t->nservices,
			    sizeof *t->services);
			walk_doc(w, &df->doc);
		}
	image_strs(w, &tp->service_keys, t->nservices);
	if (image_array(w, &tp->by_id, sizeof *tp->by_id, t->nservices))
		for (i = 0; i < t->nservices; i++) {
			(void)image_ptr(w, &tp->by_id[i], sizeof *tp->by_id[i]);
			element(w, tp->by_id[i], t->services, t->nservices,
			    sizeof *t->services);
		}
	if (image_array(w, &tp->sfiles, sizeof *tp->sfiles, tp->nsfiles))
		for (i = 0; i < tp->nsfiles; i++) {
			const struct sectors_file *sf = &tp->sfiles[i];

			STR(sf->path);
			STR(sf->dep);
			STR(sf->source);
			image_strs(w, &sf->kinds, sf->nkinds);
			walk_doc(w, &sf->doc);
		}
#undef STR
	/* The directory's own invariants, which its users rely on. */
	if (image_verifying(w) && (tp->by_id == NULL) != (t->nservices == 0))
		image_fail(w);
}

/*
 * The copy of the root keeps what the walker knows and nothing else: a
 * field added to struct territory_priv for a state built at run time
 * (the commune table and its search keys) starts empty, as after
 * territory_load.
 */
static void
clean_territory(void *copy)
{
	struct territory_priv *c = copy, k;

	memset(&k, 0, sizeof k);
	k.pub.dir = c->pub.dir;
	k.pub.local_dir = c->pub.local_dir;
	k.pub.kinds = c->pub.kinds;
	k.pub.nkinds = c->pub.nkinds;
	k.pub.files = c->pub.files;
	k.pub.nfiles = c->pub.nfiles;
	k.pub.structures = c->pub.structures;
	k.pub.nstructures = c->pub.nstructures;
	k.pub.services = c->pub.services;
	k.pub.nservices = c->pub.nservices;
	k.pub.sectors = c->pub.sectors;
	k.pub.nsectors = c->pub.nsectors;
	k.service_keys = c->service_keys;
	k.by_id = c->by_id;
	k.sfiles = c->sfiles;
	k.nsfiles = c->nsfiles;
	memcpy(c, &k, sizeof k);
}

static const struct image_kind territory_kind_image = {
	TERRITORY_MAGIC, "territory image", sizeof(struct territory_priv),
	walk_territory, clean_territory, 0
};

int
territory_image_write(const struct territory_priv *tp, const char *path,
    uint64_t key, struct error *err)
{
	return image_write(&territory_kind_image, tp, path, key, err);
}

struct territory_priv *
territory_image_map(const char *path, uint64_t key, int flags,
    struct error *err)
{
	struct territory_priv *tp;
	void *mem;
	size_t len;

	tp = image_map(&territory_kind_image, path, key, flags, &mem, &len,
	    err);
	if (tp == NULL)
		return NULL;
	tp->image = mem;
	tp->image_len = len;
	return tp;
}

uint64_t
territory_image_key(const char *rules_dir, const char *local_dir)
{
	static const struct {
		const char	*sub, *rel;
	} parts[] = {
		{ "services", "services" },
		{ "territory/sectors", "territory/sectors" }
	}, lparts[] = {
		{ "services", "local/services" },
		{ "sectors", "local/sectors" }
	};
	uint64_t h = UINT64_C(14695981039346656037);
	size_t i;
	int rc = 0;

	h = hash_bytes(h, TERRITORY_MAGIC AIG_VERSION,
	    sizeof TERRITORY_MAGIC AIG_VERSION);
	h = image_hash_program(h);
	for (i = 0; i < sizeof parts / sizeof *parts && rc == 0; i++) {
		char *p = xasprintf("%s/%s", rules_dir, parts[i].sub);

		rc = image_hash_tree(&h, p, parts[i].rel);
		free(p);
	}
	/* Local data or none: never the same key. */
	h = hash_bytes(h, local_dir != NULL ? "local" : "none", 5);
	for (i = 0; local_dir != NULL && i < sizeof lparts / sizeof *lparts &&
	    rc == 0; i++) {
		char *p = xasprintf("%s/%s", local_dir, lparts[i].sub);

		rc = image_hash_tree(&h, p, lparts[i].rel);
		free(p);
	}
	image_files_save();
	if (rc == -1)
		return 0;
	return h ? h : 1;
}

char *
territory_image_shipped(const char *rules_dir)
{
	return image_shipped_path(rules_dir, ".territory.img");
}

/* `path` under `from` moved under `to` (arena copy), or `path` itself. */
static const char *
rebase(struct arena *a, const char *path, const char *from, const char *to)
{
	size_t fl;
	char *p;
	const char *r;

	if (path == NULL || from == NULL || to == NULL)
		return path;
	fl = strlen(from);
	if (strncmp(path, from, fl) != 0 || path[fl] != '/' ||
	    strcmp(from, to) == 0)
		return path;
	p = xasprintf("%s%s", to, path + fl);
	r = arena_strdup(a, p);
	free(p);
	return r;
}

/*
 * Make a mapped directory look as territory_load_layered(rules_dir,
 * local_dir) makes it: its folders, and the file names of its records
 * (structures and services name their file by the same pointer as the
 * file's document, which routing and the screens compare).
 */
static void
settle(struct territory_priv *tp, const char *rules_dir,
    const char *local_dir)
{
	struct territory *t = &tp->pub;
	const char *odir = t->dir, *olocal = t->local_dir;
	int i, k;

	arena_init(&t->arena);
	t->dir = arena_strdup(&t->arena, rules_dir);
	t->local_dir = local_dir == NULL ? NULL : arena_strdup(&t->arena,
	    local_dir);
	for (i = 0; i < t->nfiles; i++) {
		struct directory_file *df = &t->files[i];
		const char *old = df->doc.file, *nf;

		nf = rebase(&t->arena, old, odir, t->dir);
		if (nf == old)
			nf = rebase(&t->arena, old, olocal, t->local_dir);
		df->path = nf == old ? df->path : rebase(&t->arena, df->path,
		    df->local ? olocal : odir, df->local ? t->local_dir :
		    t->dir);
		if (nf == old)
			continue;
		df->doc.file = nf;
		for (k = 0; k < t->nstructures; k++)
			if (t->structures[k].file == old)
				t->structures[k].file = nf;
		for (k = 0; k < t->nservices; k++)
			if (t->services[k].file == old)
				t->services[k].file = nf;
	}
	for (i = 0; i < tp->nsfiles; i++) {
		struct sectors_file *sf = &tp->sfiles[i];
		const char *p = rebase(&t->arena, sf->path, odir, t->dir);

		if (p == sf->path)
			p = rebase(&t->arena, sf->path, olocal, t->local_dir);
		sf->path = p;
		sf->doc.file = rebase(&t->arena, sf->doc.file, odir, t->dir);
	}
}

struct territory *
territory_load_cached(const char *rules_dir, const char *local_dir,
    struct error *err)
{
	struct error ierr;
	struct territory_priv *tp = NULL;
	struct territory *t;
	uint64_t key = territory_image_key(rules_dir, local_dir);
	char *shipped, *cache;

	if (key == 0)		/* unreadable: the loader will say why */
		return territory_load_layered(rules_dir, local_dir, err);
	shipped = territory_image_shipped(rules_dir);
	cache = image_cache_path(rules_dir, "territory");
	memset(&ierr, 0, sizeof ierr);
	/*
	 * The cache first, as rules_load_cached does: an image there of the
	 * same key was written for these folders, its file names need no
	 * moving (which writes to the pages of every structure and service,
	 * a page fault each, issue 19). The shipped one names its files
	 * under "rules": once moved, it is written to the cache.
	 */
	if (cache != NULL && (tp = territory_image_map(cache, key, 0,
	    &ierr)) != NULL)
		settle(tp, rules_dir, local_dir);
	else if ((tp = territory_image_map(shipped, key, 0, &ierr)) != NULL) {
		int moved = tp->pub.dir == NULL ||
		    strcmp(tp->pub.dir, rules_dir) != 0;

		settle(tp, rules_dir, local_dir);
		if (moved && cache != NULL)
			(void)territory_image_write(tp, cache, key, &ierr);
	}
	if (tp != NULL)
		t = &tp->pub;
	else if ((t = territory_load_layered(rules_dir, local_dir, err))
	    != NULL && cache != NULL)
		(void)territory_image_write((struct territory_priv *)t, cache,
		    key, &ierr);
	free(shipped);
	free(cache);
	return t;
}

int
territory_is_mapped(const struct territory *t)
{
	return ((const struct territory_priv *)t)->image != NULL;
}
