/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_rules.c - libFuzzer harness: any bytes as a scheme file in a copy
 * of the fixture rule base, loaded in full. Must never crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64];
	char path[128];
	struct error err;
	struct rules *r;
	FILE *f;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "build/fuzz-rules-%d", (int)getpid());
		snprintf(path, sizeof path, "rm -rf %s && cp -r "
		    "tests/data/rules-mini %s", dir, dir);
		if (system(path) != 0)
			abort();
	}
	snprintf(path, sizeof path, "%s/schemes/insertion/fuzz.yaml", dir);
	f = fopen(path, "wb");
	if (f == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	r = rules_load(dir, 20000, &err);
	rules_free(r);
	return 0;
}
