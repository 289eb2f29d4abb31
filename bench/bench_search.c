/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_search.c - commune search and territory load timings.
 *
 * Prints the time to load the territory (communes.tsv + directory) from
 * the YAML and the TSV, and through the images (the directory's and the
 * commune index, as the program does: built beside the rules by make, or
 * in the cache), the mean time per query over
 * tests/data/commune-queries.tsv, and the mean, p99 and worst time per
 * keystroke when every query is typed one character at a time (each
 * prefix searched, as the interview's commune field does). Target
 * (issue 19): p99 <= 0.3 ms per keystroke. Run from the source tree root:
 *   bench_search [RULES_DIR] [QUERIES_TSV]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "territory.h"
#include "timing.h"

int
main(int argc, char **argv)
{
	const char *rules = argc > 1 ? argv[1] : "rules";
	const char *qpath = argc > 2 ? argv[2] : "tests/data/commune-queries.tsv";
	char line[1024], *queries[1024], worst_q[1024] = "";
	const struct commune *out[20];
	struct territory *t;
	struct error err;
	FILE *f;
	static double lat[4096];
	double t0, load_best = 1e18, total, worst = 0, dt;
	int nq = 0, header = 0, i, r, rounds = 20, nkeys = 0;
	size_t k;

	for (r = 0; r < 5; r++) {
		t0 = timing_now() * 1e6;
		t = territory_load(rules, &err);
		if (t != NULL && territory_communes_load(t, &err) == -1) {
			territory_free(t);
			t = NULL;
		}
		dt = timing_now() * 1e6 - t0;
		if (t == NULL) {
			fprintf(stderr, "bench_search: %s: %s\n",
			    err.file ? err.file : rules, err.msg);
			return 1;
		}
		if (dt < load_best)
			load_best = dt;
		if (r < 4)
			territory_free(t);
	}
	{
		struct territory *m;
		double mapped_best = 1e18;

		for (r = 0; r < 5; r++) {
			t0 = timing_now() * 1e6;
			m = territory_load_cached(rules, NULL, &err);
			if (m != NULL && territory_communes_load(m, &err) == -1) {
				territory_free(m);
				m = NULL;
			}
			dt = timing_now() * 1e6 - t0;
			if (m == NULL) {
				fprintf(stderr, "bench_search: %s: %s\n",
				    err.file ? err.file : rules, err.msg);
				return 1;
			}
			if (dt < mapped_best && r > 0)	/* the first writes */
				mapped_best = dt;
			territory_free(m);
		}
		printf("territory load through the images (directory + commune "
		    "index, best of 4): %.2f ms\n", mapped_best / 1e3);
	}
	if ((f = fopen(qpath, "r")) == NULL) {
		perror(qpath);
		return 1;
	}
	while (fgets(line, sizeof line, f) != NULL && nq < 1024) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!header++)
			continue;
		line[strcspn(line, "\t\n")] = '\0';
		queries[nq++] = strdup(line);
	}
	fclose(f);

	printf("territory load from YAML and TSV (communes.tsv %d rows + "
	    "directory, best of 5): "
	    "%.2f ms\n", t->ncommunes, load_best / 1e3);

	t0 = timing_now() * 1e6;
	for (r = 0; r < rounds; r++)
		for (i = 0; i < nq; i++)
			territory_search(t, queries[i], out, 20);
	total = timing_now() * 1e6 - t0;
	printf("full query: %d queries x %d rounds, mean %.1f us per query\n",
	    nq, rounds, total / (nq * rounds));

	total = 0;
	for (i = 0; i < nq; i++) {
		char prefix[1024];

		for (k = 1; k <= strlen(queries[i]); k++) {
			memcpy(prefix, queries[i], k);
			prefix[k] = '\0';
			t0 = timing_now() * 1e6;
			territory_search(t, prefix, out, 20);
			dt = timing_now() * 1e6 - t0;
			total += dt;
			if (nkeys < 4096)
				lat[nkeys] = dt;
			if (dt > worst) {
				worst = dt;
				snprintf(worst_q, sizeof worst_q, "%s", prefix);
			}
			nkeys++;
		}
	}
	qsort(lat, (size_t)(nkeys < 4096 ? nkeys : 4096), sizeof *lat,
	    timing_cmp);
	printf("per keystroke: %d prefixes, mean %.1f us, median %.1f us, "
	    "p99 %.1f us, worst %.1f us (\"%s\"); target p99 <= 300 us\n",
	    nkeys, total / nkeys, lat[nkeys / 2], lat[nkeys * 99 / 100],
	    worst, worst_q);
	for (i = 0; i < nq; i++)
		free(queries[i]);
	territory_free(t);
	return 0;
}
