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

/* Run to the end; returns 0, or 1 on a write error. */
int	plain_run(struct interview *, FILE *in, FILE *out);

#endif
