/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ydoc.c - libFuzzer harness: any bytes through the YAML loader and
 * the situation reader (with the fixture rule base). Must never crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "situation.h"
#include "ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rules *r;
	struct error err;
	struct ydoc doc;
	struct situation sit;

	if (r == NULL) {
		r = rules_load(getenv("AIG_FUZZ_RULES") ? getenv("AIG_FUZZ_RULES") :
		    "tests/data/rules-mini", 20000, &err);
		if (r == NULL)
			abort();
	}
	if (ydoc_parse(&doc, "fuzz", (const char *)data, size, &err) == 0) {
		situation_init(&sit, r);
		(void)situation_read(&sit, doc.root, "fuzz", &err);
		situation_release(&sit);
		ydoc_release(&doc);
	}
	return 0;
}
