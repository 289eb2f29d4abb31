/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reprint.c - a stored case's summary, printed again (reprint.h).
 */
#include "reprint.h"

#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "store.h"
#include "xmalloc.h"

/*
 * The orientation's questions a stored case leaves open, as its interview
 * saw them: blind to the confidential answers, which the store never
 * keeps (interview.c, choose). Not 0 when the agent finished (F8) before
 * the orientation was done: the reprint says so, as the first sheet did.
 * Those of the full check into *rights_left once the orientation is.
 */
static int
unsettled(const struct rules *r, const struct territory *t,
    const struct situation *sit, int32_t date, int *rights_left)
{
	struct situation blind;
	struct evaluator *ev = eval_new(r);
	const struct result *res;
	int k, n;

	if (t != NULL)
		eval_set_territory(ev, t);
	eval_set_order(ev, 1);		/* the interview's */
	situation_init(&blind, r);
	for (k = 0; k < r->nvars; k++) {
		blind.vals[k] = r->vars[k].sensitive ? value_unknown() :
		    situation_public(&r->vars[k], &sit->vals[k],
		    &blind.arena);
		blind.answered[k] = r->vars[k].sensitive ? 1 :
		    sit->answered[k];
	}
	res = eval_run(ev, &blind, date);
	n = res->norientation;
	*rights_left = n == 0 ? res->nnext : 0;
	eval_free(ev);
	situation_release(&blind);
	return n;
}

int
reprint_load(struct reprint *rp, struct store *st, int64_t id,
    const struct rules *r, const struct territory *t, struct error *err)
{
	struct store_case c;
	char *dropped = NULL;

	memset(rp, 0, sizeof *rp);
	rp->rules = r;
	situation_init(&rp->sit, r);
	rp->date = date_today();
	memset(&c, 0, sizeof c);
	/* Log first: printing another agent's case that cannot be logged
	 * does not happen (issue 16). */
	if (store_log_access(st, id, store_agent(), "print", err) == -1 ||
	    store_case_get(st, id, &c, err) == -1 ||
	    store_case_load(st, id, &rp->sit, NULL, NULL, &dropped,
	    &rp->o.dropped, err) == -1) {
		store_case_release(&c);
		return -1;
	}
	free(dropped);			/* the sheet says how many only */
	if (c.eval_date != NULL)
		(void)date_parse(c.eval_date, &rp->date);
	if (c.rules_version != NULL)
		rp->rules_then = xstrdup(c.rules_version);
	store_case_release(&c);
	/* the stored answers lack the confidential ones */
	rp->o.reprint = 1;
	rp->o.rules_then = rp->rules_then;
	rp->o.printed = date_today();
	rp->o.unsettled = unsettled(r, t, &rp->sit, rp->date,
	    &rp->o.rights_left);
	rp->ev = eval_new(r);
	if (t != NULL)
		eval_set_territory(rp->ev, t);
	rp->res = eval_run(rp->ev, &rp->sit, rp->date);
	if (t != NULL) {
		rp->place.t = t;
		rp->place.res = rp->res;
		rp->o.offices = summary_place_offices;
		rp->o.ctx = &rp->place;
	}
	return 0;
}

void
reprint_release(struct reprint *rp)
{
	if (rp->ev != NULL)
		eval_free(rp->ev);
	situation_release(&rp->sit);
	free(rp->rules_then);
	memset(rp, 0, sizeof *rp);
}
