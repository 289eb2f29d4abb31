/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * count.c - test driver for tests/store/kill.sh: the answers stored.
 *
 *	count DB
 *
 * Prints the number of answers held by the cases of agent "writer" in
 * DB (what writer.c saved). Not installed; built by make check-build.
 */
#include <stdio.h>

#include "store.h"

int
main(int argc, char **argv)
{
	/* Every case: the database is the writer's alone (on PostgreSQL its
	 * cases are the login's, not "writer"'s). */
	struct store_filter f = { NULL, 0, -1, -1 };
	struct store *st;
	struct store_case *c;
	struct error err;
	int i, n, total = 0;

	if (argc < 2 || (st = store_open(argv[1], 0, &err)) == NULL ||
	    store_case_list(st, &f, &c, &n, &err) == -1) {
		fprintf(stderr, "count: %s\n", argc < 2 ? "usage" : err.msg);
		return 1;
	}
	for (i = 0; i < n; i++)
		total += c[i].nanswers;
	printf("%d\n", total);
	store_cases_free(c, n);
	store_close(st);
	return 0;
}
