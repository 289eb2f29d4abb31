/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.h - the result of an evaluation, written out.
 *
 * report_json writes the object of SPEC §7 on one line (JSON Lines when
 * several situations are evaluated); report_text a plain-text reading for
 * people (plain mode, `eval` without --json). No curses here.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "eval.h"
#include "json.h"

/* `asked` (may be NULL) adds "asked": [ids] for replayed interviews. */
void	report_json(FILE *, const struct rules *, const struct result *,
	    const int *asked, int nasked);
void	report_text(FILE *, const struct rules *, const struct result *);

/*
 * The sentence of warning `w` of `res` for the agent, in the interface
 * language: a consistency check's text, or for a contradicted implied
 * value the question, the answer given and the implied value. Into buf.
 */
char	*report_warning_text(const struct rules *, const struct result *,
	    int w, char *buf, size_t size);

#endif
