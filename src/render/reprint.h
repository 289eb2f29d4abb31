/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reprint.h - a stored case's summary, printed again (`aiguillage print
 * CASE`, F2 on an open case of the cases screen).
 *
 * The case's answers are evaluated again at the date of its interview,
 * with the rules in use. The confidential answers are never stored, so
 * what depends on them is left out, and the sheet says what it could not
 * reproduce (summary_opts: reprint, unsettled, rights_left, rules_then,
 * dropped, printed).
 */
#ifndef REPRINT_H
#define REPRINT_H

#include <stdint.h>

#include "error.h"
#include "situation.h"
#include "summary.h"

struct evaluator;
struct result;
struct store;
struct territory;

struct reprint {
	const struct rules	*rules;
	struct situation	 sit;	/* the stored answers */
	int32_t			 date;	/* of the interview */
	const struct result	*res;	/* evaluated again */
	/* Filled for summary_text, summary_html: the caller may add
	   lang, discreet and person_ref. */
	struct summary_opts	 o;
	/* private */
	struct evaluator	*ev;
	struct summary_place	 place;	/* o.ctx */
	char			*rules_then;
};

/*
 * Read case `id` from `st` and evaluate it again with `r` (and `t` for
 * the offices; NULL: kinds of office only). The access is logged first,
 * as a print by the agent: a print that cannot be logged does not
 * happen. 0, or -1 with `err` filled (store_status() says why). Release
 * with reprint_release() in both cases. `o` points back into the struct
 * (its offices): do not copy it.
 */
int	reprint_load(struct reprint *, struct store *st, int64_t id,
	    const struct rules *r, const struct territory *t,
	    struct error *err);
void	reprint_release(struct reprint *);

#endif
