/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_expr.c - libFuzzer harness: any text as an expression, compiled
 * against the fixture rule base and, when it compiles, evaluated on an
 * empty situation. Must never crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "rules.h"
#include "situation.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
struct value eval_expr_for_test(struct evaluator *, const struct situation *,
    const struct expr *, int32_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rules *r;
	static struct evaluator *ev;
	static struct situation sit;
	struct error err;
	struct expr *e;
	char *src;

	if (r == NULL) {
		r = rules_load("tests/data/rules-mini", 20000, &err);
		if (r == NULL)
			abort();
		ev = eval_new(r);
		situation_init(&sit, r);
	}
	src = xstrndup((const char *)data, size);
	e = rules_compile(r, src, "fuzz", 1, 1, T_ANY, &err);
	if (e != NULL)
		(void)eval_expr_for_test(ev, &sit, e, 20000);
	free(src);
	return 0;
}
