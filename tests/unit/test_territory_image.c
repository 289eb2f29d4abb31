/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_territory_image.c - the territory's image (src/territory/
 * territory_image.c) on the shipped directory: a territory mapped from
 * its image holds what the one loaded from the YAML holds (every field of
 * every kind, file, structure, service and sector, as text; the offices
 * of every commune of the departments with a directory and of a sample
 * of the others, for every kind; directory searches; the export), file
 * names follow the folder given; a stale, truncated or corrupted image is
 * refused and rebuilt; local data (an imported sectorisation) changes the
 * key and is seen at once. The commune index (commune_index.c): a
 * table mapped from it finds, for every query of
 * tests/data/commune-queries.tsv and every prefix of it, what the table
 * parsed from communes.tsv finds, and the same as a scan of the whole
 * table without the search index; it checks the sectors the same; a
 * broken index is refused and written again. The cache is a temporary
 * folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "strbuf.h"
#include "territory.h"
#include "territory_priv.h"

#define RULES	"rules"

static char cache[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(cache, sizeof cache, "/tmp/aig-timage-XXXXXX");
	if (mkdtemp(cache) == NULL)
		return 1;
	setenv("XDG_CACHE_HOME", cache, 1);
	return 0;
}

static void
rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

static int
teardown(void **state)
{
	(void)state;
	rm_rf(cache);
	return 0;
}

static struct territory *
load(const char *dir, const char *local, int cached)
{
	struct error err = { 0 };
	struct territory *t = cached ? territory_load_cached(dir, local, &err) :
	    territory_load_layered(dir, local, &err);

	if (t == NULL)
		fail_msg("load %s: %s:%d: %s", dir, err.file ? err.file : "",
		    err.line, err.msg);
	return t;
}

#define S(x)	((x) != NULL ? (x) : "(null)")

/* Index of `p` in an array of `n` elements of `size` bytes, or -1. */
static int
idx(const void *p, const void *base, int n, size_t size)
{
	if (p == NULL || base == NULL)
		return -1;
	if ((const char *)p < (const char *)base ||
	    (const char *)p >= (const char *)base + (size_t)n * size)
		return -2;
	return (int)(((const char *)p - (const char *)base) / size);
}

static void
verif_text(struct strbuf *b, const struct verification *v)
{
	strbuf_printf(b, " verif=%d|%s|%s|%s|%s", (int)v->status,
	    S(v->source), S(v->source_date), S(v->checked_on), S(v->note));
}

/* Every field of the directory as text; pointers as indices. */
static char *
dump(const struct territory *t)
{
	struct strbuf b = STRBUF_INIT;
	int i, k;

	strbuf_printf(&b, "dir=%s local=%s\n", t->dir, S(t->local_dir));
	for (i = 0; i < t->nkinds; i++) {
		const struct territory_kind *kd = &t->kinds[i];

		strbuf_printf(&b, "kind %s|%s|%d|%d|%d:", kd->id, kd->name,
		    kd->sectorised, kd->line, kd->departmental);
		for (k = 0; k < kd->nannuaire; k++)
			strbuf_printf(&b, " %s", kd->annuaire[k]);
		strbuf_add(&b, "\n");
	}
	for (i = 0; i < t->nfiles; i++) {
		const struct directory_file *f = &t->files[i];

		strbuf_printf(&b, "file %s|%s|%s|%s|%s|%d|%d|%d\n", f->path,
		    f->doc.file, S(f->source), S(f->dep), S(f->cog), f->local,
		    f->annuaire, idx(f->contact, t->services, t->nservices,
		    sizeof *t->services));
	}
	for (i = 0; i < t->nstructures; i++) {
		const struct structure *s = &t->structures[i];
		int f;

		for (f = 0; f < t->nfiles; f++)
			if (t->files[f].doc.file == s->file)
				break;
		strbuf_printf(&b, "structure %s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|"
		    "%s|%s|%s|%d|%d|%s|file %d", s->id, S(s->name),
		    S(s->description), S(s->address), S(s->address_more),
		    S(s->postcode), S(s->insee), S(s->town), S(s->phone),
		    S(s->email), S(s->website), S(s->hours), S(s->hours_text),
		    S(s->phone_hours), s->walk_in, (int)s->state, S(s->dep), f);
		verif_text(&b, &s->verif);
		strbuf_add(&b, "\n");
	}
	for (i = 0; i < t->nservices; i++) {
		const struct service *s = &t->services[i];
		int f;

		for (f = 0; f < t->nfiles; f++)
			if (t->files[f].doc.file == s->file)
				break;
		strbuf_printf(&b, "service %s|%s|%s|%s|%d|%s|%s|%s|%d|%d|%s|"
		    "file %d", s->id, S(s->name), S(s->description), s->kind,
		    idx(s->structure, t->structures, t->nstructures,
		    sizeof *t->structures), S(s->phone), S(s->hours),
		    S(s->link), s->urgent, idx(s->sector, t->sectors,
		    t->nsectors, sizeof *t->sectors), S(s->dep), f);
		verif_text(&b, &s->verif);
		strbuf_add(&b, "\n");
	}
	for (i = 0; i < t->nsectors; i++) {
		const struct sector *sc = &t->sectors[i];

		strbuf_printf(&b, "sector %s|%s|%d|%d:", sc->id, sc->dep,
		    sc->imported, sc->partial);
		for (k = 0; k < sc->ncommunes; k++)
			strbuf_printf(&b, " %s", sc->communes[k]);
		strbuf_add(&b, "\n");
	}
	return b.s;
}

/* Offices of `insee` for every kind, as text. */
static void
offices_text(struct strbuf *b, const struct territory *t, const char *insee)
{
	struct office o[32];
	int k, i, n;

	for (k = 0; k < t->nkinds; k++) {
		n = territory_offices(t, insee, t->kinds[k].id, o, 32);
		strbuf_printf(b, "%s %s %d:", insee, t->kinds[k].id,
		    (int)territory_routing(o, n));
		for (i = 0; i < n; i++)
			strbuf_printf(b, " %s/%d", o[i].service->id,
			    (int)o[i].why);
		strbuf_add(b, "\n");
	}
}

static char *
offices_all(const struct territory *t, const struct territory *table)
{
	struct strbuf b = STRBUF_INIT;
	int i;

	for (i = 0; i < table->ncommunes; i++) {
		const struct commune *c = &table->communes[i];

		if (territory_department(t, c->dep) != NULL || i % 97 == 0)
			offices_text(&b, t, c->insee);
	}
	return b.s;
}

static char *
find_text(const struct territory *t)
{
	static const char *const texts[] = { "pmi", "caf", "accueil social",
	    "mds", "logement", "urgence", NULL };
	const struct service *out[64];
	struct strbuf b = STRBUF_INIT;
	struct service_filter f;
	int i, k, n;

	for (i = 0; texts[i] != NULL; i++) {
		memset(&f, 0, sizeof f);
		f.text = texts[i];
		n = territory_services_find(t, &f, out, 64);
		strbuf_printf(&b, "%s %d:", texts[i], n);
		for (k = 0; k < n && k < 64; k++)
			strbuf_printf(&b, " %s", out[k]->id);
		strbuf_add(&b, "\n");
	}
	memset(&f, 0, sizeof f);
	f.commune = "41269";
	n = territory_services_find(t, &f, out, 64);
	strbuf_printf(&b, "41269 %d\n", n);
	return b.s;
}

static void
assert_same(const struct territory *y, const struct territory *m)
{
	char *a, *b;

	a = dump(y);
	b = dump(m);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = offices_all(y, y);
	b = offices_all(m, y);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = find_text(y);
	b = find_text(m);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void
test_same(void **state)
{
	struct territory *y, *first, *m;
	char *a, *b;

	(void)state;
	y = load(RULES, NULL, 0);
	first = load(RULES, NULL, 1);	/* writes the image */
	m = load(RULES, NULL, 1);	/* maps it */
	assert_false(territory_is_mapped(first));
	assert_true(territory_is_mapped(m));
	assert_int_equal(territory_communes_load(y, NULL), 0);
	assert_same(y, m);
	/* The export reads the YAML again: the same text. */
	a = territory_export_json(y, 0);
	b = territory_export_json(m, 0);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* Commune search and check work on a mapped territory too. */
	{
		const struct commune *out[3];
		char *w = NULL;

		assert_true(territory_search(m, "vendome", out, 3) >= 1);
		assert_string_equal(out[0]->insee, "41269");
		assert_int_equal(territory_check(m, &w), 0);
		free(w);
	}
	territory_free(first);
	territory_free(m);
	/* Another spelling of the folder: the names follow it. */
	m = load("./" RULES, NULL, 1);
	assert_true(territory_is_mapped(m));
	assert_string_equal(m->dir, "./" RULES);
	assert_int_equal(strncmp(m->files[0].path, "./" RULES "/", 8), 0);
	assert_ptr_equal(m->files[0].doc.file, m->structures[0].file);
	territory_free(m);
	territory_free(y);
}

static void
test_verify(void **state)
{
	struct error err = { 0 };
	uint64_t key = territory_image_key(RULES, NULL);
	char *path = image_cache_path(RULES, "territory");
	struct territory *t = load(RULES, NULL, 1);
	struct territory_priv *tp;

	(void)state;
	territory_free(t);
	tp = territory_image_map(path, key, IMAGE_VERIFY, &err);
	if (tp == NULL)
		fail_msg("%s", err.msg);
	territory_free(&tp->pub);
	assert_null(territory_image_map(path, key + 1, 0, &err));
	free(path);
}

static void
put_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *
get_file(const char *path, size_t *len)
{
	struct error err;
	char *s = file_slurp(path, len, &err);

	assert_non_null(s);
	return s;
}

/* A whole file of any size. */
static char *
get_file_big(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	s = xmalloc((size_t)n);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return s;
}

/* A broken image is refused, the YAML read, the image written again. */
static void
test_rebuilt(void **state)
{
	char *path = image_cache_path(RULES, "territory"), *good, *bad;
	struct territory *t;
	size_t len, cut;
	int round;

	(void)state;
	t = load(RULES, NULL, 1);
	territory_free(t);
	good = get_file(path, &len);
	for (round = 0; round < 4; round++) {
		bad = xmalloc(len);
		memcpy(bad, good, len);
		cut = len;
		switch (round) {
		case 0:		/* truncated */
			cut = len / 2;
			break;
		case 1:		/* a byte of the block */
			bad[len / 3] ^= 0x40;
			break;
		case 2:		/* the start of the block */
			bad[IMAGE_HEADER + 8] ^= 0x01;
			break;
		case 3:		/* another key */
			bad[9] ^= 0x01;
			break;
		}
		put_file(path, bad, cut);
		t = load(RULES, NULL, 1);
		assert_false(territory_is_mapped(t));
		territory_free(t);
		t = load(RULES, NULL, 1);
		assert_true(territory_is_mapped(t));
		territory_free(t);
		free(bad);
	}
	free(good);
	free(path);
}

/* Local data: an imported sectorisation gives another key, seen at once. */
static void
test_local(void **state)
{
	char local[64];
	struct import_result r;
	struct error err = { 0 };
	struct territory *t;
	struct office o[8];
	uint64_t k0, k1;
	char *written = NULL;

	(void)state;
	snprintf(local, sizeof local, "/tmp/aig-tlocal-XXXXXX");
	assert_non_null(mkdtemp(local));
	k0 = territory_image_key(RULES, local);
	assert_true(k0 != territory_image_key(RULES, NULL));
	t = load(RULES, local, 1);
	territory_free(t);
	t = load(RULES, local, 1);
	assert_true(territory_is_mapped(t));
	assert_int_equal(territory_offices(t, "41136", "mds", o, 8) > 0, 1);
	assert_int_not_equal(o[0].why, OFFICE_SECTOR);
	assert_int_equal(territory_import_check(t,
	    "tests/data/import-41-clean.csv", &r, &err), 0);
	assert_int_equal(r.nproblems, 0);
	assert_int_equal(territory_import_write(t, &r, "import-41-clean.csv",
	    &written, &err), 0);
	assert_non_null(strstr(written, local));
	free(written);
	territory_import_release(&r);
	territory_free(t);
	k1 = territory_image_key(RULES, local);
	assert_true(k1 != k0);
	t = load(RULES, local, 1);
	assert_false(territory_is_mapped(t));
	assert_int_equal(territory_offices(t, "41136", "mds", o, 8) > 0, 1);
	assert_string_equal(o[0].service->id, "mds41-vendome-accueil-social");
	assert_int_equal(o[0].why, OFFICE_SECTOR);
	territory_free(t);
	t = load(RULES, local, 1);
	assert_true(territory_is_mapped(t));
	assert_int_equal(territory_offices(t, "41136", "mds", o, 8) > 0, 1);
	assert_string_equal(o[0].service->id, "mds41-vendome-accueil-social");
	assert_int_equal(o[0].why, OFFICE_SECTOR);
	{
		struct territory *y = load(RULES, local, 0);

		assert_int_equal(territory_communes_load(y, NULL), 0);
		assert_same(y, t);
		territory_free(y);
	}
	territory_free(t);
	rm_rf(local);
}


static void
search_one(const struct territory *t, struct strbuf *b, const char *q)
{
	const struct commune *out[12];
	int n, i;

	n = territory_search(t, q, out, 12);
	strbuf_printf(b, "%s %d:", q, n);
	for (i = 0; i < n && i < 12; i++)
		strbuf_printf(b, " %s/%d/%d", out[i]->insee, (int)out[i]->type,
		    out[i]->rank);
	strbuf_add(b, "\n");
}

/*
 * Results of every query of the table and of each of its prefixes that
 * folds to `min` characters or more, and of every query of two letters
 * or digits.
 */
static char *
search_all(const struct territory *t, size_t min)
{
	static const char sym[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	struct strbuf b = STRBUF_INIT;
	char line[1024], prefix[1024], folded[1024];
	FILE *f = fopen("tests/data/commune-queries.tsv", "r");
	size_t k, j;

	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\t\n")] = '\0';
		for (k = 1; k <= strlen(line); k++) {
			memcpy(prefix, line, k);
			prefix[k] = '\0';
			if (territory_fold(prefix, folded, sizeof folded) >= min)
				search_one(t, &b, prefix);
		}
	}
	fclose(f);
	for (k = 0; k < sizeof sym - 1; k++)
		for (j = 0; j < sizeof sym - 1; j++) {
			prefix[0] = sym[k];
			prefix[1] = sym[j];
			prefix[2] = '\0';
			search_one(t, &b, prefix);
		}
	return b.s;
}

/*
 * A one-character query with the site's department `home`: the answer
 * without it, the department's communes first (doc/territory.md §2).
 */
static void
check_initials_home(const struct territory *t, const char *home)
{
	static const struct commune *all[40000], *mine[40000];
	const struct commune **out = xmalloc(sizeof *out * 40000);
	char q[2] = "a";
	int n, m, i, k;

	for (q[0] = 'a'; q[0] <= 'z'; q[0]++) {
		territory_set_home((struct territory *)t, "");
		n = territory_search(t, q, all, 40000);
		assert_true(n < 40000);
		for (k = 0, i = 0; i < n; i++)
			if (strcmp(all[i]->dep, home) == 0)
				mine[k++] = all[i];
		for (i = 0; i < n; i++)
			if (strcmp(all[i]->dep, home) != 0)
				mine[k++] = all[i];
		territory_set_home((struct territory *)t, home);
		m = territory_search(t, q, out, 40000);
		assert_int_equal(m, n);
		assert_memory_equal(out, mine, sizeof *out * (size_t)n);
	}
	territory_set_home((struct territory *)t, "");
	free(out);
}

static int
index_mapped(const struct territory *t)
{
	return ((const struct territory_priv *)t)->cimage != NULL;
}

static void
test_commune_index(void **state)
{
	struct territory *parsed, *mapped;
	char *a, *b, *wa = NULL, *wb = NULL, *path, *good;
	size_t len;
	int round;

	(void)state;
	parsed = load(RULES, NULL, 0);
	path = image_cache_path(RULES, "communes");
	unlink(path);
	assert_int_equal(territory_communes_load(parsed, NULL), 0);
	assert_false(index_mapped(parsed));	/* and written */
	mapped = load(RULES, NULL, 0);
	assert_int_equal(territory_communes_load(mapped, NULL), 0);
	assert_true(index_mapped(mapped));
	assert_int_equal(mapped->ncommunes, parsed->ncommunes);
	assert_int_equal(mapped->ndeps, parsed->ndeps);
	a = search_all(parsed, 1);
	b = search_all(mapped, 1);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* The row of each rank is its commune's keys, articles and
	   department, in the image as built. */
	{
		const struct territory *ts[2] = { parsed, mapped };
		int k, i;

		for (k = 0; k < 2; k++) {
			const struct territory_priv *p = (const void *)ts[k];

			assert_non_null(p->search_rows);
			for (i = 0; i < ts[k]->ncommunes; i++) {
				const struct search_row *sr = &p->search_rows[i];
				const struct commune *c =
				    &ts[k]->communes[ts[k]->order[i]];

				assert_string_equal(p->search_keys + sr->key,
				    c->key);
				assert_string_equal(p->search_keys + sr->key +
				    sr->compact, c->compact);
				assert_int_equal(sr->art, c->art);
				assert_int_equal(sr->art_compact,
				    c->art_compact);
				assert_string_equal(ts[k]->deps[sr->dep],
				    c->dep);
			}
		}
	}
	/* The postal code index comes with the image, as built. */
	{
		const struct territory_priv *pp = (const void *)parsed;
		const struct territory_priv *mp = (const void *)mapped;
		int n = pp->postal_off[POSTAL_BUCKETS];

		assert_non_null(mp->postal_off);
		assert_memory_equal(pp->postal_off, mp->postal_off,
		    sizeof *pp->postal_off * (POSTAL_BUCKETS + 1));
		assert_memory_equal(pp->postal_idx, mp->postal_idx,
		    sizeof *pp->postal_idx * (size_t)n);
		assert_int_equal(pp->npostal_odd, mp->npostal_odd);
		if (pp->npostal_odd > 0)
			assert_memory_equal(pp->postal_odd, mp->postal_odd,
			    sizeof *pp->postal_odd *
			    (size_t)pp->npostal_odd);
		assert_true(n > mapped->ncommunes / 2);
	}
	/* The search index answers what the scan of the table answers. */
	{
		struct territory *scan = load(RULES, NULL, 0);
		struct territory_priv *sp = (struct territory_priv *)scan;

		assert_int_equal(territory_communes_load(scan, NULL), 0);
		assert_non_null(sp->bigram_off);
		assert_non_null(sp->trigram_off);
		assert_non_null(sp->initial_off);
		assert_non_null(sp->pair_off);
		a = search_all(mapped, 1);
		sp->bigram_off = sp->trigram_off = sp->initial_off = NULL;
		sp->pair_off = NULL;
		b = search_all(scan, 1);
		assert_string_equal(a, b);
		free(a);
		free(b);
		/* With the site's department, first within each tier; one
		   character, first whatever the tier. */
		territory_set_home(mapped, "32");
		territory_set_home(scan, "32");
		a = search_all(mapped, 2);
		b = search_all(scan, 2);
		assert_string_equal(a, b);
		free(a);
		free(b);
		territory_set_home(mapped, "");
		check_initials_home(mapped, "32");
		check_initials_home(mapped, "41");
		territory_free(scan);
	}
	assert_int_equal(territory_check(parsed, &wa),
	    territory_check(mapped, &wb));
	assert_string_equal(wa != NULL ? wa : "", wb != NULL ? wb : "");
	free(wa);
	free(wb);
	territory_free(mapped);
	territory_free(parsed);
	/* Verified walk of the index, then broken copies rebuilt. */
	{
		struct territory_priv *tp = xcalloc(1, sizeof *tp);

		tp->pub.dir = RULES;
		assert_int_equal(commune_index_map(tp, IMAGE_VERIFY), 0);
		munmap(tp->cimage, tp->cimage_len);
		free(tp);
	}
	good = get_file_big(path, &len);
	for (round = 0; round < 2; round++) {
		char *bad = xmalloc(len);

		memcpy(bad, good, len);
		if (round == 0)
			bad[len - len / 5] ^= 0x08;
		put_file(path, bad, round == 1 ? len - 8 : len);
		free(bad);
		mapped = load(RULES, NULL, 0);
		assert_int_equal(territory_communes_load(mapped, NULL), 0);
		assert_false(index_mapped(mapped));
		territory_free(mapped);
		mapped = load(RULES, NULL, 0);
		assert_int_equal(territory_communes_load(mapped, NULL), 0);
		assert_true(index_mapped(mapped));
		territory_free(mapped);
	}
	free(good);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_rebuilt),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_commune_index),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
