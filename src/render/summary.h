/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary.h - the person's summary (SPEC §11), in text or HTML.
 *
 * What the person takes home or hears on the phone: urgencies first
 * (with the national lines to call), then where to go (the plan, with
 * the competent office's name, address, phone and hours, and "to verify"
 * beside unverified directory data), the rights to claim with estimated
 * amounts and how to apply, one merged checklist of documents to bring,
 * the date and the rules version, and a footer saying that it orients
 * and decides nothing.
 *
 * Every fixed string goes through the interface catalogue (_()) and every
 * rule text through i18n_rule(), in the language of the options, so the
 * same case prints in French or English whatever the agent's interface
 * language. No curses here.
 */
#ifndef SUMMARY_H
#define SUMMARY_H

#include <stdio.h>

#include "eval.h"
#include "rules.h"
#include "territory.h"

struct summary_opts {
	/* "fr" or "en"; NULL: the current language (i18n_lang()). */
	const char	*lang;
	/*
	 * Discreet mode (violence, abuse): urgencies marked `discreet` are
	 * replaced by neutral wording, with their plan steps and the
	 * emergency-route schemes; no reference, nothing about where the
	 * person lives.
	 */
	int		 discreet;
	/*
	 * Reprint from the case store: the result was evaluated from the
	 * stored answers, without the confidential (sensitive) ones, which
	 * are never stored. What depends on a confidential answer is then
	 * left out, never guessed (a right to check only because such an
	 * answer is unknown, its plan step and documents), and a section
	 * says plainly which parts could not be reproduced.
	 */
	int		 reprint;
	/*
	 * Reprint: the version of the rules the interview was evaluated
	 * with (the case's). When it is not the rules' now, the sheet says
	 * the rights were assessed again with other rules. NULL: not known.
	 */
	const char	*rules_then;
	/* Reprint: the day it is printed (0: not said). */
	int32_t		 printed;
	/* Reprint: answers of the case the rules in use no longer accept
	   (a question gone, a value no longer allowed), left out. */
	int		 dropped;
	/*
	 * Made before the interview's orientation was done (F8 early):
	 * about this many more questions could change the urgencies or
	 * where to go, and the sheet says so first. 0: settled.
	 */
	int		 unsettled;
	/*
	 * Made after the orientation, before the full check of every right
	 * was finished: about this many more questions could find other
	 * rights, and the sheet says so under the rights. 0: finished.
	 */
	int		 rights_left;
	/* Optional free reference (a file number, never a name). */
	const char	*person_ref;
	/*
	 * Optional office lookup for the national lines and offices an
	 * urgency names beyond the one its plan step already carries:
	 * up to `max` offices of service kind `kind` for the person's
	 * commune, returns how many were stored (territory_offices fits).
	 * NULL: only the offices found in the plan are shown, and kind
	 * names otherwise.
	 */
	int		(*offices)(void *ctx, const char *kind,
			    struct office *out, int max);
	void		*ctx;
};

/*
 * The usual `offices`: the territory's offices for the commune of the
 * result (ctx: a struct summary_place, which must outlive the summary).
 */
struct summary_place {
	const struct territory	*t;
	const struct result	*res;
};
int	summary_place_offices(void *ctx, const char *kind, struct office *out,
	    int max);

/*
 * Plain text, wrapped at 80 columns (counted with wcwidth, so accented
 * letters and dashes count one column; a single word longer than a line,
 * such as a web address, is never cut). `opts` may be NULL (defaults).
 * Returns 0, or -1 when writing failed.
 */
int	summary_text(FILE *, const struct rules *, const struct result *,
	    const struct summary_opts *opts);

/*
 * One self-contained printable HTML page (UTF-8, inline CSS with an
 * @media print section, no script, no external resource); every text is
 * escaped. Returns 0, or -1 when writing failed.
 */
int	summary_html(FILE *, const struct rules *, const struct result *,
	    const struct summary_opts *opts);

#endif
