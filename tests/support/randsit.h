/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * randsit.h - random situations (tests and benchmarks only).
 */
#ifndef RANDSIT_H
#define RANDSIT_H

#include "situation.h"

void	randsit_seed(unsigned long long);
/* Fill a cleared situation with random answers. */
void	randsit_fill(struct situation *, int32_t date);

#endif
