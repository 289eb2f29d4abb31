/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ruletest.h - run the rule tests in rules/tests.
 *
 * Each case is a situation plus expected verdicts, variants, amounts,
 * urgencies and plan services. Failures are printed with expected and
 * actual values; a malformed test file is an error (file:line:col).
 */
#ifndef RULETEST_H
#define RULETEST_H

#include <stdio.h>

#include "rules.h"

struct ruletest_stats {
	int	passed;
	int	failed;
	/* Per national scheme: cases expecting likely / unlikely. */
	int	*likely;
	int	*unlikely;
};

/*
 * Run the tests in `path` (a file). Prints failures to `out`. Returns 0,
 * or -1 with `err` filled when the file itself is invalid.
 */
int	ruletest_file(const struct rules *, const char *path, FILE *out,
	    int verbose, struct ruletest_stats *, struct error *err);

#endif
