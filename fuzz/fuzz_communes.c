/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_communes.c - libFuzzer harness for the commune index
 * (src/territory/commune_index.c): any bytes as <rules>.communes.img,
 * mapped as the program maps it, with IMAGE_VERIFY. Half of the inputs
 * are sealed with the key of the rules' communes.tsv and the right
 * checksum (fuzz_seal.h), so the checks of the table behind them are
 * fuzzed too. A table that passes is searched as the program searches
 * it (names, prefixes, postal codes, codes).
 *
 * The rule base is a small one made before the corpus is read, in
 * build/fuzz-communes: the fixture services and the first rows of the
 * shipped communes.tsv (the department 01); its index, built the way a
 * first search builds it, is the seed. The cache points to an empty
 * folder afterwards, so that only the fuzzed image can be mapped.
 * Must never crash.
 */
/* setenv */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_seal.h"
#include "image.h"
#include "territory_priv.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define BASE	"build/fuzz-communes"
#define RULES	BASE "/rules"

static uint64_t key;

static void
die(const char *what, const struct error *err)
{
	fprintf(stderr, "fuzz_communes: %s: %s:%d:%d: %s\n", what,
	    err->file ? err->file : "", err->line, err->col, err->msg);
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct error err = { 0 };
	const struct commune *out[4];
	struct territory *t;
	char *cached, *cmd;

	(void)argc;
	(void)argv;
	if (system("rm -rf " BASE " && mkdir -p " RULES "/territory "
	    BASE "/cache " BASE "/empty build/corpus-communes && "
	    "cp -r tests/data/rules-mini/services " RULES "/ && "
	    "head -n 160 rules/territory/communes.tsv > "
	    RULES "/territory/communes.tsv") != 0)
		abort();
	setenv("XDG_CACHE_HOME", BASE "/cache", 1);
	if ((t = territory_load(RULES, &err)) == NULL)
		die("load", &err);
	if (territory_search(t, "a", out, 4) <= 0)	/* builds and saves */
		die("no commune", &err);
	territory_free(t);
	if ((cached = image_cache_path(RULES, "communes")) == NULL)
		abort();
	cmd = malloc(strlen(cached) + 64);
	sprintf(cmd, "cp '%s' build/corpus-communes/seed.img", cached);
	if (system(cmd) != 0)
		abort();
	free(cmd);
	free(cached);
	setenv("XDG_CACHE_HOME", BASE "/empty", 1);
	if ((key = commune_index_key(RULES)) == 0)
		abort();
	return 0;
}

/* What the program does with the table: searches and lookups. */
static void
use(const struct territory *t)
{
	static const char *const queries[] = { "a", "b", "sa", "saint",
	    "bourg en", "l isle", "01", "010", "01000", "01001", "ain",
	    "bourg 01", "zz" };
	const struct commune *out[8];
	size_t i;

	for (i = 0; i < sizeof queries / sizeof *queries; i++)
		(void)territory_search(t, queries[i], out, 8);
	(void)territory_commune(t, "01001");
	(void)territory_has_department(t, "01");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int linked;
	struct error err;
	struct territory *t;
	struct territory_priv *tp;
	const char *path;

	if (size > (1u << 22))
		return 0;
	path = fuzz_image_file(data, size, key);
	if (!linked) {	/* the shipped image is the memory file */
		unlink(RULES ".communes.img");
		if (symlink(path, RULES ".communes.img") != 0)
			abort();
		linked = 1;
	}
	if ((t = territory_load(RULES, &err)) == NULL)
		die("load", &err);
	tp = (struct territory_priv *)t;
	if (commune_index_map(tp, IMAGE_VERIFY) == 0) {
		tp->communes_state = 1;
		use(t);
	}
	territory_free(t);
	return 0;
}
