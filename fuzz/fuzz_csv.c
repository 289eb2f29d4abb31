/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_csv.c - libFuzzer harness: any bytes as a sectorisation CSV
 * (`aiguillage sectors import`), checked against the shipped territory.
 * Must never crash. The bytes go through a file, as for the command:
 * the importer reads a path (file_slurp and its limits included), here
 * that of a memory file.
 */
/* memfd_create */
#define _GNU_SOURCE
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "territory.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The input lives in a memory file (a regular file, as the reader
 * demands) opened again by its /proc path: no disk write per run.
 */
static int memfd = -1;

static void
path_init(char *path, size_t n)
{
	if ((memfd = memfd_create("fuzz-input", 0)) == -1)
		abort();
	snprintf(path, n, "/proc/self/fd/%d", memfd);
}

static int
fill(const uint8_t *data, size_t size)
{
	if (ftruncate(memfd, 0) == -1)
		return -1;
	return pwrite(memfd, data, size, 0) == (ssize_t)size ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct territory *t;
	static char path[64];
	struct import_result res;
	struct error err;

	if (t == NULL) {
		t = territory_load(getenv("AIG_FUZZ_RULES") ?
		    getenv("AIG_FUZZ_RULES") : "rules", &err);
		if (t == NULL)
			abort();
		path_init(path, sizeof path);
	}
	if (fill(data, size) == -1)
		abort();
	(void)territory_import_check(t, path, &res, &err);
	territory_import_release(&res);
	return 0;
}
