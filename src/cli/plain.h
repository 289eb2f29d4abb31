/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plain.h - the line-by-line interview (screen readers, TERM=dumb, pipes).
 *
 * Questions are printed with numbered options; the person types an
 * answer per line. An empty line means "don't know", "?" shows the
 * agent's help, "<" goes back, "." ends the interview now; "0" or
 * "aucune" answers a multiple choice with none of its options. Each
 * urgency is announced as soon as the answers reveal it. After an
 * orientation (--depth orientation), the agent may go on to the full
 * check. At the end (or at end of input) a one-line summary, then the
 * result and the plan are printed.
 */
#ifndef PLAIN_H
#define PLAIN_H

#include <stdio.h>

#include "interview.h"

struct territory;

/*
 * Called after each answer is recorded (answered) or forgotten (back);
 * a non-zero return stops the interview (the answer could not be saved).
 */
struct plain_hooks {
	int	(*answered)(void *arg, int var);
	int	(*forgot)(void *arg, int var);
	void	*arg;
	/*
	 * When set, the commune question searches it by name or postal
	 * code (as the full-screen one does) and refuses a code that is
	 * not in it. Borrowed.
	 */
	const struct territory	*territory;
};

/* Run to the end; returns 0, 1 on a write error, 2 when a hook failed. */
int	plain_run(struct interview *, FILE *in, FILE *out,
	    const struct plain_hooks *);

#endif
