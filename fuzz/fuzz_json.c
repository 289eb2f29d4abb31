/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json.c - libFuzzer harness: any bytes as a JSON situation, through
 * the JSON reader (jansson, then positions and exact numbers) and the
 * situation reader on the shipped rule base and territory (commune and
 * department codes checked against its table). Must never crash; what the
 * JSON reader accepts must come out of the one JSON writer again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "rules.h"
#include "situation.h"
#include "ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
put_nothing(void *ctx, const char *bytes, size_t n)
{
	size_t *total = ctx;

	(void)bytes;
	*total += n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rules *r;
	static struct territory *t;
	struct error err;
	struct ydoc doc;
	struct situation sit;
	size_t total = 0;

	if (r == NULL) {
		r = rules_load(getenv("AIG_FUZZ_RULES") ?
		    getenv("AIG_FUZZ_RULES") : "rules", 20000, &err);
		if (r == NULL)
			abort();
		t = territory_load(getenv("AIG_FUZZ_RULES") ?
		    getenv("AIG_FUZZ_RULES") : "rules", &err);
		if (t == NULL)
			abort();
	}
	if (ydoc_parse_json(&doc, "fuzz.json", (const char *)data, size,
	    &err) == 0) {
		/* Every node has a position inside the text. */
		if (doc.root != NULL && (doc.root->line < 1 ||
		    doc.root->col < 1))
			abort();
		json_ynode(doc.root, NULL, put_nothing, &total);
		situation_init(&sit, r);
		situation_set_territory(&sit, t);
		(void)situation_read(&sit, doc.root, "fuzz.json", &err);
		situation_release(&sit);
		ydoc_release(&doc);
	} else if (err.line < 1 || err.col < 1) {
		abort();	/* every refusal says where */
	}
	return 0;
}
