/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timing.h - the clock and the order of the benchmarks (bench/): one
 * monotonic clock, one comparison for sorting timings (medians, p90).
 */
#ifndef TIMING_H
#define TIMING_H

/* Seconds on the monotonic clock (CLOCK_MONOTONIC), for differences. */
double	timing_now(void);
/* qsort() order of doubles, smallest first. */
int	timing_cmp(const void *a, const void *b);

#endif
