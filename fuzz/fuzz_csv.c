/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_csv.c - libFuzzer harness: any bytes as a sectorisation CSV
 * (`aiguillage sectors import`), checked against the shipped territory.
 * Must never crash. The bytes go through a file, as for the command:
 * the importer reads a path (file_slurp and its limits included), here
 * that of a memory file.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_memfile.h"
#include "territory.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct territory *t;
	struct import_result res;
	struct error err;

	if (t == NULL) {
		t = territory_load(getenv("AIG_FUZZ_RULES") ?
		    getenv("AIG_FUZZ_RULES") : "rules", &err);
		if (t == NULL)
			abort();
	}
	(void)territory_import_check(t, fuzz_memfile(data, size), &res,
	    &err);
	territory_import_release(&res);
	return 0;
}
