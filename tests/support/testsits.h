/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testsits.h - the situations of the rule tests (tests and benchmarks).
 */
#ifndef TESTSITS_H
#define TESTSITS_H

#include "situation.h"

/*
 * Call `fn` on the situation of every case in the .yaml files of DIR/tests, with
 * "file: name" for messages. Returns the number of cases, -1 with `err`
 * filled on an unreadable file.
 */
int	testsits_each(const struct rules *, const char *dir,
	    void (*fn)(const struct situation *, const char *what, void *),
	    void *ctx, struct error *err);

#endif
