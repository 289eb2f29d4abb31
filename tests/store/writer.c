/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * writer.c - test driver for the tests/store scripts: one agent writing.
 *
 *	writer DB RULES N [SECONDS]
 *
 * Starts a case (agent "writer", site "kill-test") and saves N answers,
 * one transaction each (a new case whenever the questions run out),
 * printing "saved K" after the K-th is committed,
 * then "done" and sleeps SECONDS (default 60) so the script can kill it.
 * Not installed; built by make check-build (store_writer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rules.h"
#include "store.h"

int
main(int argc, char **argv)
{
	struct rules *r = NULL;
	struct store *st = NULL;
	struct error err;
	int64_t id;
	int n, k, var;

	if (argc < 4)
		return 2;
	n = atoi(argv[3]);
	if ((r = rules_load(argv[2], date_today(), &err)) == NULL ||
	    (st = store_open(argv[1], 0, &err)) == NULL ||
	    store_case_new(st, "writer", "kill-test", "other", r->version,
	    date_today(), NULL, &id, &err) == -1) {
		goto fail;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("case %lld\n", (long long)id);
	for (k = 0, var = 0; k < n; var++) {
		struct value v = value_unknown();

		if (var == r->nvars) {
			var = -1;
			if (store_case_new(st, "writer", "kill-test", "other",
			    r->version, date_today(), NULL, &id, &err) == -1) {
				goto fail;
			}
			continue;
		}
		if (r->vars[var].sensitive)
			continue;
		if (r->vars[var].qt == Q_INT || r->vars[var].qt == Q_MONEY)
			v = value_num(r->vars[var].has_min ? r->vars[var].min :
			    0);
		if (store_answer(st, id, r, var, &v, &err) != 0)
			goto fail;
		printf("saved %d\n", ++k);
	}
	printf("done\n");
	sleep(argc > 4 ? (unsigned)atoi(argv[4]) : 60);
	store_close(st);
	rules_free(r);
	return 0;
fail:
	/* The store and the rules freed: a failed save is no leak. */
	fprintf(stderr, "writer: %s\n", err.msg);
	store_close(st);
	if (r != NULL)
		rules_free(r);
	return 1;
}
