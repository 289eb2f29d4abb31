/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timing.c - the clock and the order of the benchmarks (timing.h).
 */
#include "timing.h"

#include <time.h>

double
timing_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
timing_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}
