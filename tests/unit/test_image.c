/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_image.c - the compiled rule image (src/model/image.c) on the
 * shipped rule base: a model mapped from its image gives what the model
 * loaded from the YAML gives, on every rule test (same passes), on every
 * rule-test situation and on random situations (the same report, and
 * the interview's replay equal to the evaluation, the property of
 * test_property.c); and a stale, truncated or corrupted image is refused
 * and rebuilt by rules_load_cached(), also when it was summed before and
 * changed since with its mtime put back. The cache is a temporary folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval.h"
#include "image.h"
#include "interview.h"
#include "randsit.h"
#include "report.h"
#include "rules.h"
#include "ruletest.h"
#include "situation.h"
#include "testsits.h"
#include "ydoc.h"

#define RULES "rules"

static struct rules *Y, *I;	/* from the YAML, from the image */
static int32_t DATE;
static char cache[64];

static int
setup(void **state)
{
	struct error err = { 0 };
	struct rules *first;

	(void)state;
	snprintf(cache, sizeof cache, "/tmp/aig-image-XXXXXX");
	if (mkdtemp(cache) == NULL)
		return 1;
	setenv("XDG_CACHE_HOME", cache, 1);
	date_parse("2026-11-15", &DATE);
	Y = rules_load(RULES, DATE, &err);
	first = rules_load_cached(RULES, DATE, NULL, &err);	/* writes */
	I = rules_load_cached(RULES, DATE, NULL, &err);		/* maps */
	if (Y == NULL || first == NULL || I == NULL) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
		return 1;
	}
	if (first->image != NULL || I->image == NULL) {
		fprintf(stderr, "expected a YAML load, then a mapped image\n");
		return 1;
	}
	rules_free(first);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	rules_free(Y);
	rules_free(I);
	snprintf(cmd, sizeof cmd, "rm -rf %s", cache);
	return system(cmd) != 0;
}

/* The same counts, names and warnings. */
static void
test_model(void **state)
{
	int i;

	(void)state;
	assert_int_equal(Y->nvars, I->nvars);
	assert_int_equal(Y->nderived, I->nderived);
	assert_int_equal(Y->nparams, I->nparams);
	assert_int_equal(Y->nschemes, I->nschemes);
	assert_int_equal(Y->nurgencies, I->nurgencies);
	assert_string_equal(Y->version, I->version);
	assert_string_equal(Y->dir, I->dir);
	assert_int_equal(Y->nwarnings, I->nwarnings);
	assert_string_equal(Y->warnings != NULL ? Y->warnings : "",
	    I->warnings != NULL ? I->warnings : "");
	for (i = 0; i < Y->nvars; i++) {
		assert_string_equal(Y->vars[i].id, I->vars[i].id);
		assert_string_equal(Y->vars[i].file, I->vars[i].file);
	}
	for (i = 0; i < Y->nschemes; i++)
		assert_string_equal(Y->schemes[i].name, I->schemes[i].name);
	/* The glossary is in the image (the summary prints it): its
	   strings lie in the mapping, not in the heap of the writer. */
	assert_true(Y->nglossary > 0);
	assert_int_equal(Y->nglossary, I->nglossary);
	assert_non_null(I->image);
	for (i = 0; i < Y->nglossary; i++) {
		const unsigned char *a = (const unsigned char *)
		    I->glossary[i].acronym, *b = I->image;

		assert_true(a >= b && a < b + I->image_len);
		assert_string_equal(Y->glossary[i].acronym,
		    I->glossary[i].acronym);
		assert_string_equal(Y->glossary[i].expansion,
		    I->glossary[i].expansion);
	}
	/* Interned strings stay interned: one copy, found by pointer. */
	assert_ptr_equal(rules_intern(I, I->schemes[0].domain),
	    I->schemes[0].domain);
}

static void
run_rule_tests(const struct rules *r, struct ruletest_stats *st)
{
	DIR *d = opendir(RULES "/tests");
	struct dirent *de;
	FILE *out = fopen("/dev/null", "w");

	assert_non_null(d);
	memset(st, 0, sizeof *st);
	st->likely = calloc((size_t)r->nnational + 1, sizeof(int));
	st->unlikely = calloc((size_t)r->nnational + 1, sizeof(int));
	while ((de = readdir(d)) != NULL) {
		char path[512];
		struct error err = { 0 };

		if (strstr(de->d_name, ".yaml") == NULL)
			continue;
		snprintf(path, sizeof path, RULES "/tests/%s", de->d_name);
		assert_int_equal(ruletest_file(r, path, out, 0, st, &err), 0);
	}
	closedir(d);
	fclose(out);
}

static void
test_rule_tests(void **state)
{
	struct ruletest_stats a, b;

	(void)state;
	run_rule_tests(Y, &a);
	run_rule_tests(I, &b);
	fprintf(stderr, "rule tests: YAML %d passed, %d failed; image %d "
	    "passed, %d failed\n", a.passed, a.failed, b.passed, b.failed);
	assert_true(b.passed > 400);
	assert_int_equal(a.passed, b.passed);
	assert_int_equal(b.failed, 0);
	assert_memory_equal(a.likely, b.likely, sizeof(int) *
	    (size_t)Y->nnational);
	free(a.likely);
	free(a.unlikely);
	free(b.likely);
	free(b.unlikely);
}

/* The JSON report of `sit` evaluated over `r`. Caller frees. */
static char *
report(const struct rules *r, const struct situation *sit)
{
	struct evaluator *ev = eval_new(r);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report_json(f, r, eval_run(ev, sit, DATE), NULL, 0);
	fclose(f);
	eval_free(ev);
	return buf;
}

struct compared {
	int	n, bad;
};

/*
 * `sit` (over Y) read again over I, through its YAML text as a file
 * would give it; both evaluated, and replayed as an interview over I.
 */
static void
compare(const struct situation *sit, const char *what, void *ctx)
{
	struct compared *c = ctx;
	struct situation other;
	struct ydoc doc;
	struct error err = { 0 };
	struct interview *it;
	char *y = situation_to_yaml(sit, 0), *a, *b;

	c->n++;
	situation_init(&other, I);
	assert_int_equal(ydoc_parse(&doc, what, y, strlen(y), &err), 0);
	assert_int_equal(situation_read(&other, doc.root, what, &err), 0);
	a = report(Y, sit);
	b = report(I, &other);
	it = interview_new(I, DATE);
	interview_replay(it, &other);
	if (strcmp(a, b) != 0 && c->bad++ < 3)
		fprintf(stderr, "%s: YAML and image differ\n%s%s", what, a, b);
	{
		struct evaluator *ev = eval_new(I);
		const struct result *full = eval_run(ev, &other, DATE);
		int i;

		for (i = 0; i < I->nnational; i++)
			if (full->schemes[i].verdict !=
			    it->res->schemes[i].verdict ||
			    full->schemes[i].amount !=
			    it->res->schemes[i].amount) {
				if (c->bad++ < 3)
					fprintf(stderr, "%s: replay over the "
					    "image differs on %s\n", what,
					    I->schemes[i].id);
				break;
			}
		eval_free(ev);
	}
	interview_free(it);
	free(a);
	free(b);
	ydoc_release(&doc);
	situation_release(&other);
	free(y);
}

static void
test_rule_test_situations(void **state)
{
	struct compared c = { 0, 0 };
	struct error err = { 0 };

	(void)state;
	assert_true(testsits_each(Y, RULES, compare, &c, &err) > 100);
	fprintf(stderr, "image = YAML on %d of %d rule-test situations\n",
	    c.n - c.bad, c.n);
	assert_int_equal(c.bad, 0);
}

/* compare() on `n` random situations of seed `seed`. */
static void
compare_random(int n, unsigned seed, const char *label, struct compared *c)
{
	int i;

	randsit_seed(seed);
	for (i = 0; i < n; i++) {
		struct situation sit;
		char what[48];

		situation_init(&sit, Y);
		randsit_fill(&sit, DATE);
		snprintf(what, sizeof what, "%s #%d", label, i);
		compare(&sit, what, c);
		situation_release(&sit);
	}
}

static void
test_random_situations(void **state)
{
	struct compared c = { 0, 0 };

	(void)state;
	compare_random(getenv("AIG_RANDOM") ? atoi(getenv("AIG_RANDOM")) :
	    500, 19, "random", &c);
	fprintf(stderr, "image = YAML on %d of %d random situations\n",
	    c.n - c.bad, c.n);
	assert_int_equal(c.bad, 0);
}

/*
 * Mapped as it is read (IMAGE_LAZY, the full-screen interface's), the
 * image is the same model: the same reports and replays as the YAML.
 */
static void
test_lazy(void **state)
{
	struct error err = { 0 };
	struct compared c = { 0, 0 };
	struct rules *populated = I, *lazy;

	(void)state;
	lazy = rules_load_cached_flags(RULES, DATE, NULL, IMAGE_LAZY, &err);
	assert_non_null(lazy);
	assert_non_null(lazy->image);	/* mapped, not loaded */
	I = lazy;
	compare_random(200, 23, "lazy, random", &c);
	I = populated;
	rules_free(lazy);
	assert_int_equal(c.bad, 0);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/*
 * Replace the file at `path` (a new file renamed over it, as the image
 * writer does: the mapped model I keeps the old one).
 */
static void
spill(const char *path, const unsigned char *buf, size_t len)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.test", path);
	f = fopen(tmp, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	assert_int_equal(rename(tmp, path), 0);
}

/* rules_load_cached() loads the YAML and writes a sound image again. */
static void
assert_rebuilt(const char *path, uint64_t key)
{
	struct error err = { 0 };
	struct rules *r = rules_load_cached(RULES, DATE, NULL, &err), *m;

	assert_non_null(r);
	assert_null(r->image);		/* the image was not used */
	rules_free(r);
	m = rules_image_map(path, key, IMAGE_VERIFY, &err);
	assert_non_null(m);
	rules_free(m);
}

static void
test_refused_and_rebuilt(void **state)
{
	struct error err = { 0 };
	uint64_t key = rules_image_key(RULES, NULL);
	char *path = rules_image_cache_path(RULES);
	unsigned char *good, *bad;
	size_t len, k;
	struct rules *r;

	(void)state;
	assert_non_null(path);
	assert_true(strncmp(path, cache, strlen(cache)) == 0);
	good = slurp(path, &len);
	assert_true(len > 100000);
	r = rules_image_map(path, key, IMAGE_VERIFY, &err);
	assert_non_null(r);	/* sound, every pointer in bounds */
	rules_free(r);

	/* Stale: another key (a rule file, the program, local data). */
	assert_null(rules_image_map(path, key + 1, 0, &err));
	assert_non_null(strstr(err.msg, "stale"));

	/* Truncated, at the header, in the block, by one byte. */
	spill(path, good, 10);
	assert_null(rules_image_map(path, key, 0, &err));
	assert_rebuilt(path, key);
	spill(path, good, len / 2);
	assert_null(rules_image_map(path, key, 0, &err));
	assert_non_null(strstr(err.msg, "truncated"));
	assert_rebuilt(path, key);
	spill(path, good, len - 1);
	assert_null(rules_image_map(path, key, 0, &err));
	assert_rebuilt(path, key);

	/* Corrupted: one bit anywhere (header, block, pointer table). */
	bad = malloc(len);
	for (k = 9; k < len; k += len / 7 + 1) {
		memcpy(bad, good, len);
		bad[k] ^= 0x10;
		spill(path, bad, len);
		assert_null(rules_image_map(path, key, 0, &err));
		assert_rebuilt(path, key);
	}
	/* Empty, and not a file. */
	spill(path, good, 0);
	assert_null(rules_image_map(path, key, 0, &err));
	assert_rebuilt(path, key);
	free(bad);
	free(good);
	free(path);
}

/*
 * The stale image of a changed rule base is never used: a copy of the
 * rules with one parameter changed gets another key, and its load
 * reports the changed value.
 */
static void
test_changed_rules(void **state)
{
	char dir[128], cmd[512];
	struct error err = { 0 };
	struct rules *a, *b;
	uint64_t k1, k2;

	(void)state;
	snprintf(dir, sizeof dir, "%s/rules-copy", cache);
	snprintf(cmd, sizeof cmd, "cp -r " RULES " %s", dir);
	assert_int_equal(system(cmd), 0);
	k1 = rules_image_key(dir, NULL);
	a = rules_load_cached(dir, DATE, NULL, &err);
	assert_non_null(a);
	rules_free(a);
	a = rules_load_cached(dir, DATE, NULL, &err);
	assert_non_null(a->image);
	/* A comment added to one file: another key, the YAML again. */
	snprintf(cmd, sizeof cmd, "echo '# changed' >> %s/interview.yaml",
	    dir);
	assert_int_equal(system(cmd), 0);
	k2 = rules_image_key(dir, NULL);
	assert_true(k1 != k2);
	assert_true(rules_image_key(dir, "local") != k2);
	b = rules_load_cached(dir, DATE, NULL, &err);
	assert_non_null(b);
	assert_null(b->image);
	rules_free(a);
	rules_free(b);
}

/*
 * An image shipped beside a folder that is not where it was made (the
 * installed rules: made as "rules") is used, its file names moved to
 * the folder, and written to the cache for that folder; the next run
 * maps that one, already moved. Both pass every rule test and name the
 * files as a YAML load of the folder does.
 */
static void
test_moved_shipped(void **state)
{
	char dir[128], shipped[160];
	struct error err = { 0 };
	struct ruletest_stats st;
	struct rules *a, *b, *y;
	uint64_t key;
	char *cached;
	int i;

	(void)state;
	snprintf(dir, sizeof dir, "%s/moved", cache);
	snprintf(shipped, sizeof shipped, "%s.img", dir);
	{
		char *real = realpath(RULES, NULL);

		assert_non_null(real);
		assert_int_equal(symlink(real, dir), 0);
		free(real);
	}
	key = rules_image_key(dir, NULL);
	assert_true(key == rules_image_key(RULES, NULL));
	assert_int_equal(rules_image_write(Y, shipped, key, &err), 0);
	cached = rules_image_cache_path(dir);
	assert_non_null(cached);
	(void)unlink(cached);
	a = rules_load_cached(dir, DATE, NULL, &err);	/* the shipped one */
	assert_non_null(a);
	assert_non_null(a->image);
	assert_string_equal(a->dir, dir);
	assert_int_equal(access(cached, F_OK), 0);	/* written, moved */
	b = rules_load_cached(dir, DATE, NULL, &err);	/* the cache's */
	assert_non_null(b);
	assert_non_null(b->image);
	y = rules_load(dir, DATE, &err);
	assert_non_null(y);
	for (i = 0; i < y->nvars; i++) {
		assert_string_equal(a->vars[i].file, y->vars[i].file);
		assert_string_equal(b->vars[i].file, y->vars[i].file);
	}
	for (i = 0; i < y->nschemes; i++)
		assert_string_equal(b->schemes[i].file, y->schemes[i].file);
	assert_string_equal(a->warnings != NULL ? a->warnings : "",
	    y->warnings != NULL ? y->warnings : "");
	assert_string_equal(b->warnings != NULL ? b->warnings : "",
	    y->warnings != NULL ? y->warnings : "");
	run_rule_tests(b, &st);
	assert_true(st.passed > 0 && st.failed == 0);
	free(st.likely);
	free(st.unlikely);
	rules_free(a);
	rules_free(b);
	rules_free(y);
	unlink(shipped);
	unlink(cached);
	unlink(dir);
	free(cached);
}

/*
 * The warnings of the texts, found while reading the YAML, come again
 * from the image (a mapped model reads no YAML): a copy of the rules
 * with a text that breaks the French typography warns the same, file
 * and line, loaded from YAML, written, mapped, and mapped under another
 * folder name.
 */
static void
test_load_warnings(void **state)
{
	char dir[128], moved[160], img[192], cmd[1024];
	struct error err = { 0 };
	struct rules *y, *m, *mv;

	(void)state;
	snprintf(dir, sizeof dir, "%s/lint", cache);
	snprintf(moved, sizeof moved, "%s/lint-moved", cache);
	snprintf(img, sizeof img, "%s/lint.img", cache);
	snprintf(cmd, sizeof cmd, "rm -rf %s %s && cp -r " RULES " %s && "
	    "sed -i '0,/\xc2\xa0:/s// :/' %s/questions/00-urgence.yaml && "
	    "ln -s lint %s", dir, moved, dir, dir, moved);
	assert_int_equal(system(cmd), 0);
	y = rules_load(dir, DATE, &err);
	assert_non_null(y);
	assert_non_null(y->warnings);
	assert_non_null(strstr(y->warnings, "/questions/00-urgence.yaml:"));
	assert_non_null(strstr(y->warnings, "ordinary space before a sign"));
	/* shipped beside each folder name, as make writes rules.img */
	assert_int_equal(rules_image_write(y, img, rules_image_key(dir, NULL),
	    &err), 0);
	m = rules_load_cached(dir, DATE, NULL, &err);
	assert_non_null(m);
	assert_non_null(m->image);
	assert_int_equal(m->nwarnings, y->nwarnings);
	assert_string_equal(m->warnings, y->warnings);
	snprintf(cmd, sizeof cmd, "cp %s %s.img", img, moved);
	assert_int_equal(system(cmd), 0);
	mv = rules_load_cached(moved, DATE, NULL, &err);
	assert_non_null(mv);
	assert_non_null(mv->image);
	assert_int_equal(mv->nwarnings, y->nwarnings);
	assert_non_null(strstr(mv->warnings, "lint-moved/questions/"
	    "00-urgence.yaml:"));
	/* the glossary is part of the model (acronyms, their warnings):
	   another glossary, another key */
	{
		uint64_t before = rules_image_key(dir, NULL);

		snprintf(cmd, sizeof cmd, "printf '  - {acronym: ZZQX, "
		    "expansion: \"x\"}\\n' >>%s/glossary.yaml", dir);
		assert_int_equal(system(cmd), 0);
		assert_true(rules_image_key(dir, NULL) != before);
	}
	rules_free(y);
	rules_free(m);
	rules_free(mv);
	snprintf(cmd, sizeof cmd, "rm -rf %s %s %s %s.img", dir, moved, img,
	    moved);
	assert_int_equal(system(cmd), 0);
}

/* Overwrite one byte of `path` (the first 'a' becomes 'b', else the
   first byte '#'): the same size, another content. */
static void
flip_byte(const char *path)
{
	FILE *f = fopen(path, "r+b");
	int c, at = 0, found = -1;

	assert_non_null(f);
	while ((c = fgetc(f)) != EOF) {
		if (c == 'a') {
			found = at;
			break;
		}
		at++;
	}
	assert_true(found >= 0);
	assert_int_equal(fseek(f, found, SEEK_SET), 0);
	assert_int_equal(fputc('b', f), 'b');
	assert_int_equal(fclose(f), 0);
}

/* What `stats` counts while rules_image_key(dir) runs, with the list
   read from the cache again first: files read (not found unchanged in
   files.idx), folders read. */
static unsigned long
key_count(const char *dir, uint64_t *key, void (*stats)(unsigned long *))
{
	unsigned long before, after;

	image_files_forget();
	stats(&before);
	*key = rules_image_key(dir, NULL);
	stats(&after);
	return after - before;
}

static unsigned long
key_reads(const char *dir, uint64_t *key)
{
	return key_count(dir, key, image_files_stats);
}

static unsigned long
key_lists(const char *dir, uint64_t *key)
{
	return key_count(dir, key, image_dirs_stats);
}

/* A copy of the rules in the cache folder, `name`, its path in `dir`,
   left to settle (older than 2 s): its key, with more than `least`
   counted by `count` the first time (read, remembered), none the next. */
static uint64_t
settled_key(char *dir, size_t size, const char *name,
    unsigned long (*count)(const char *, uint64_t *), unsigned long least)
{
	char cmd[640];
	uint64_t k0, k1;

	snprintf(dir, size, "%s/%s", cache, name);
	snprintf(cmd, sizeof cmd, "cp -r " RULES " %s", dir);
	assert_int_equal(system(cmd), 0);
	sleep(3);
	assert_true(count(dir, &k0) > least);
	assert_int_equal(count(dir, &k1), 0);
	assert_true(k1 == k0);
	return k1;
}

/*
 * The key's file hashes remembered by stat (files.idx): a settled rule
 * base is hashed without reading one file; a rule file rewritten with
 * the same size and its mtime put back (touch -r) is read again and gives
 * another key (its ctime changed); a file changed less than 2 s before
 * is read at every run (not remembered), so a second change within the
 * same clock tick is seen too; a damaged files.idx is ignored.
 */
static void
test_key_by_stat(void **state)
{
	char dir[128], file[192], stamp[192], idx[192], cmd[640];
	uint64_t k1, k2, k3, k4;
	FILE *f;
	int c;

	(void)state;
	k1 = settled_key(dir, sizeof dir, "rules-stat", key_reads, 50);
	/* same size, other content, mtime put back */
	snprintf(file, sizeof file, "%s/interview.yaml", dir);
	snprintf(stamp, sizeof stamp, "%s/stamp", cache);
	snprintf(cmd, sizeof cmd, "touch -r %s %s", file, stamp);
	assert_int_equal(system(cmd), 0);
	flip_byte(file);
	snprintf(cmd, sizeof cmd, "touch -r %s %s", stamp, file);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(key_reads(dir, &k2), 1);
	assert_true(k2 != k1);
	/* changed again at once, same size, mtime put back: read again */
	flip_byte(file);
	snprintf(cmd, sizeof cmd, "touch -r %s %s", stamp, file);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(key_reads(dir, &k3), 1);
	assert_true(k3 != k2 && k3 != k1);
	/* the key is of the contents: a fresh cache gives the same */
	snprintf(idx, sizeof idx, "%s/aiguillage/files.idx", cache);
	f = fopen(idx, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 40, SEEK_SET), 0);
	c = fgetc(f);
	assert_true(c != EOF);
	assert_int_equal(fseek(f, 40, SEEK_SET), 0);
	assert_int_equal(fputc(c ^ 0xff, f), c ^ 0xff);
	assert_int_equal(fclose(f), 0);
	assert_true(key_reads(dir, &k4) > 50);	/* damaged: all read */
	assert_true(k4 == k3);
	assert_int_equal(unlink(idx), 0);
	assert_true(key_reads(dir, &k4) > 50);
	assert_true(k4 == k3);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static int64_t
mtime_ns(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

/*
 * The names of the folders remembered by their stat (files.idx): a
 * settled rule base is keyed without reading one folder; a file added,
 * renamed or removed changes its folder's times, which is read again and
 * gives another key. A file written in place leaves its folder's times
 * as they were (the times of the folders cannot stand for their files):
 * it is seen by its own stat.
 */
static void
test_key_dirs(void **state)
{
	char dir[128], sub[160], file[224], other[224], cmd[640];
	uint64_t k1, k2, k3, k4, k5;
	int64_t before;

	(void)state;
	k1 = settled_key(dir, sizeof dir, "rules-dirs", key_lists, 10);
	/* written in place: the folder's mtime is unchanged, the key not */
	snprintf(sub, sizeof sub, "%s/schemes/logement", dir);
	snprintf(file, sizeof file, "%s/dalo.yaml", sub);
	before = mtime_ns(sub);
	snprintf(cmd, sizeof cmd, "printf '\n' >> %s", file);
	assert_int_equal(system(cmd), 0);
	assert_true(mtime_ns(sub) == before);
	assert_int_equal(key_lists(dir, &k2), 0);
	assert_true(k2 != k1);
	/* a file added to a folder: that folder alone is read again */
	snprintf(other, sizeof other, "%s/zz.yaml", sub);
	snprintf(cmd, sizeof cmd, "cp %s %s", file, other);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(key_lists(dir, &k3), 1);
	assert_true(k3 != k2);
	/* renamed at once (the same clock tick maybe): read again */
	snprintf(cmd, sizeof cmd, "mv %s %s/zy.yaml", other, sub);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(key_lists(dir, &k4), 1);
	assert_true(k4 != k3 && k4 != k2);
	/* removed: the key of the files as they were */
	snprintf(cmd, sizeof cmd, "rm %s/zy.yaml", sub);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(key_lists(dir, &k5), 1);
	assert_true(k5 == k2);
	/* a new rule file at the top */
	snprintf(cmd, sizeof cmd, "touch %s/new.yaml", dir);
	assert_int_equal(system(cmd), 0);
	assert_true(key_lists(dir, &k5) >= 1);
	assert_true(k5 != k2);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Images summed by mapping `path` (the list read from the cache again
   first); `ok` whether the map must succeed. */
static unsigned long
map_sums(const char *path, uint64_t key, int ok)
{
	struct error err = { 0 };
	unsigned long before, after;
	struct rules *r;

	image_files_forget();
	image_sum_stats(&before);
	r = rules_image_map(path, key, 0, &err);
	image_sum_stats(&after);
	if (ok)
		assert_non_null(r);
	else {
		assert_null(r);
		assert_non_null(strstr(err.msg, "corrupt"));
	}
	rules_free(r);
	return after - before;
}

/*
 * The image's checksum remembered by stat (files.idx): an image changed
 * less than 2 s before is summed at every map; a settled one once, then
 * not again; one byte changed in place with its mtime put back (touch
 * -r: its ctime changed) is summed again, refused and rebuilt.
 */
static void
test_sum_by_stat(void **state)
{
	char stamp[192], cmd[4400];
	uint64_t key = rules_image_key(RULES, NULL);
	char *path = rules_image_cache_path(RULES);
	unsigned char *good;
	size_t len;
	FILE *f;
	int c;

	(void)state;
	good = slurp(path, &len);
	spill(path, good, len);		/* a new file, mapped by no model */
	assert_int_equal(map_sums(path, key, 1), 1);	/* fresh: summed */
	assert_int_equal(map_sums(path, key, 1), 1);	/* still */
	sleep(3);
	assert_int_equal(map_sums(path, key, 1), 1);	/* settled: noted */
	assert_int_equal(map_sums(path, key, 1), 0);
	assert_int_equal(map_sums(path, key, 1), 0);
	/* one byte of the block changed in place, mtime put back */
	snprintf(stamp, sizeof stamp, "%s/stamp-img", cache);
	snprintf(cmd, sizeof cmd, "touch -r %s %s", path, stamp);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, (long)len / 2, SEEK_SET), 0);
	c = fgetc(f);
	assert_true(c != EOF);
	assert_int_equal(fseek(f, (long)len / 2, SEEK_SET), 0);
	assert_int_equal(fputc(c ^ 0x04, f), c ^ 0x04);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof cmd, "touch -r %s %s", stamp, path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(map_sums(path, key, 0), 1);	/* summed, refused */
	assert_rebuilt(path, key);
	free(good);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_rule_tests),
		cmocka_unit_test(test_rule_test_situations),
		cmocka_unit_test(test_random_situations),
		cmocka_unit_test(test_lazy),
		cmocka_unit_test(test_refused_and_rebuilt),
		cmocka_unit_test(test_changed_rules),
		cmocka_unit_test(test_key_by_stat),
		cmocka_unit_test(test_key_dirs),
		cmocka_unit_test(test_sum_by_stat),
		cmocka_unit_test(test_moved_shipped),
		cmocka_unit_test(test_load_warnings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
