/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plain.h - the line-by-line interview (screen readers, TERM=dumb, pipes).
 *
 * Questions are printed with numbered options; the person types an
 * answer per line. An empty line means "don't know", "?" shows the
 * agent's help, "<" goes back, "." ends the interview now. At the end
 * (or at end of input) the result and the plan are printed.
 */
#ifndef PLAIN_H
#define PLAIN_H

#include <stdio.h>

#include "interview.h"

/*
 * Called after each answer is recorded (answered) or forgotten (back);
 * a non-zero return stops the interview (the answer could not be saved).
 */
struct plain_hooks {
	int	(*answered)(void *arg, int var);
	int	(*forgot)(void *arg, int var);
	void	*arg;
};

/* Run to the end; returns 0, 1 on a write error, 2 when a hook failed. */
int	plain_run(struct interview *, FILE *in, FILE *out,
	    const struct plain_hooks *);

#endif
