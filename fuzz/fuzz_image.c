/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_image.c - libFuzzer harness for the rule-image loader
 * (src/model/image.c): any bytes as an image. To get past the checksum,
 * which random bytes never match, the harness writes the right one into
 * the header of half of the inputs, so that the size, pointer-table and
 * model checks (IMAGE_VERIFY) are fuzzed too. Seed: an image of the
 * fixture rule base, written before the corpus is read. Must never crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_seal.h"
#include "image.h"
#include "rules.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define KEY	UINT64_C(0x1919191919191919)

/* Before the corpus is read: a sound image of the fixture rules. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct error err = { 0 };
	struct rules *r;

	(void)argc;
	(void)argv;
	if (system("mkdir -p build/corpus-image") != 0)
		abort();
	r = rules_load("tests/data/rules-mini", 20000, &err);
	if (r == NULL)
		abort();
	if (rules_image_write(r, "build/corpus-image/mini.img", KEY, &err)
	    == -1)
		abort();
	rules_free(r);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err;
	struct rules *r;
	void *mem;

	if (size > (1u << 22))
		return 0;
	mem = aligned_alloc(16, (size + 15) & ~(size_t)15);
	memcpy(mem, data, size);
	fuzz_image_seal(mem, size, KEY);
	r = rules_image_from(mem, size, KEY, IMAGE_VERIFY, &err);
	if (r != NULL)
		rules_free(r);
	free(mem);
	return 0;
}
