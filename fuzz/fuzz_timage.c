/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_timage.c - libFuzzer harness for the territory image loader
 * (src/territory/territory_image.c): any bytes as the image of the
 * directory, mapped from a file as the program maps it, with
 * IMAGE_VERIFY. Half of the inputs are sealed with the right key and
 * checksum (fuzz_seal.h), so the checks behind them are fuzzed too. An
 * image that passes is used as the program uses it: every service and
 * structure by id, every department file, a text search of the
 * directory. Seed: the image of the shipped directory (AIG_FUZZ_RULES,
 * else rules/), written before the corpus is read. Must never crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_seal.h"
#include "image.h"
#include "territory_priv.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define KEY	UINT64_C(0x1818181818181818)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("AIG_FUZZ_RULES");
	struct error err = { 0 };
	struct territory *t;

	(void)argc;
	(void)argv;
	if (system("mkdir -p build/corpus-timage") != 0)
		abort();
	if ((t = territory_load(dir != NULL ? dir : "rules", &err)) == NULL ||
	    territory_image_write((struct territory_priv *)t,
	    "build/corpus-timage/shipped.img", KEY, &err) == -1) {
		fprintf(stderr, "fuzz_timage: %s:%d:%d: %s\n", err.file,
		    err.line, err.col, err.msg);
		abort();
	}
	territory_free(t);
	return 0;
}

/* What the program does with a mapped directory, communes aside. */
static void
use(const struct territory *t)
{
	static const char *const deps[] = { "32", "41", "2A", "national",
	    "" };
	const struct service *found[16];
	struct service_filter f;
	size_t i;
	int k;

	for (k = 0; k < t->nservices; k++) {
		(void)territory_service(t, t->services[k].id);
		(void)territory_kind(t, t->services[k].kind);
	}
	for (k = 0; k < t->nstructures; k++)
		(void)territory_structure(t, t->structures[k].id);
	for (i = 0; i < sizeof deps / sizeof *deps; i++)
		(void)territory_department(t, deps[i]);
	memset(&f, 0, sizeof f);
	f.text = "maison";
	(void)territory_services_find(t, &f, found, 16);
	f.text = NULL;
	f.kind = "mds";
	f.dep = "32";
	(void)territory_services_find(t, &f, found, 16);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct territory_priv *tp;
	struct error err;

	if (size > (1u << 22))
		return 0;
	tp = territory_image_map(fuzz_image_file(data, size, KEY), KEY,
	    IMAGE_VERIFY, &err);
	if (tp != NULL) {
		use(&tp->pub);
		territory_free(&tp->pub);
	}
	return 0;
}
