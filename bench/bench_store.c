/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_store.c - concurrent agents on one case database (SPEC §13).
 *
 *	bench_store [-a AGENTS] [-n ANSWERS] [-t THINK_MS] [-r RULES] DB
 *
 * Forks AGENTS processes (default 50); each opens the store, starts a
 * case and saves ANSWERS answers (default 40) to distinct questions, one
 * transaction each, optionally pausing up to THINK_MS between answers (a
 * person typing). Every save is timed. The parent then checks that every
 * answer of every agent is in the database and prints the per-answer
 * save time (median, 99th percentile, maximum). Exit status 0 when no
 * answer is lost and no save failed, 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rules.h"
#include "store.h"
#include "timing.h"

/* A plausible value for a question, or "don't know". */
static struct value
some_value(const struct var *v, int i)
{
	switch (v->qt) {
	case Q_BOOL:
		return value_bool(i & 1);
	case Q_INT:
	case Q_MONEY:
		return value_num(v->has_min ? v->min : NUM_INT(i % 7));
	case Q_ENUM:
		return value_str(v->opts[i % v->nopts].value);
	default:
		return value_unknown();
	}
}

/* The questions agents answer: non-sensitive ones, in order. */
static int
pick_vars(const struct rules *r, int *vars, int want)
{
	int i, n = 0;

	for (i = 0; i < r->nvars && n < want; i++)
		if (!r->vars[i].sensitive)
			vars[n++] = i;
	return n;
}

/*
 * One agent: connect and open its case, say so on `ready`, wait for the
 * start (EOF on `go`: every agent is connected, so that no save is timed
 * while 300 server processes are still being started), then write `n`
 * timings (ms) to `fd`.
 */
static int
agent(const char *db, const struct rules *r, const int *vars, int n,
    int think, int fd, int k, int ready, int go)
{
	char b = 0;
	struct store *st;
	struct error err;
	char login[32];
	int64_t id;
	double t0, dt;
	int i;

	srand((unsigned)getpid());
	snprintf(login, sizeof login, "agent%02d", k);
	st = store_open(db, 0, &err);
	if (st == NULL) {
		fprintf(stderr, "bench_store: %s: %s\n", login, err.msg);
		return 1;
	}
	if (store_case_new(st, login, "bench", "phone", r->version,
	    date_today(), NULL, &id, &err) == -1) {
		fprintf(stderr, "bench_store: %s: %s\n", login, err.msg);
		return 1;
	}
	if (write(ready, &b, 1) != 1 || read(go, &b, 1) != 0)
		return 1;
	for (i = 0; i < n; i++) {
		struct value v = some_value(&r->vars[vars[i]], i);

		if (think > 0)
			usleep((useconds_t)(rand() % (think * 1000)));
		t0 = timing_now() * 1e3;
		if (store_answer(st, id, r, vars[i], &v, &err) != 0) {
			fprintf(stderr, "bench_store: %s: %s\n", login,
			    err.msg);
			return 1;
		}
		dt = timing_now() * 1e3 - t0;
		if (write(fd, &dt, sizeof dt) != sizeof dt)
			return 1;
	}
	store_close(st);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *rules_dir = "rules", *db;
	int agents = 50, n = 40, think = 0, c, i, k, failed = 0, got = 0;
	int pfd[2], rfd[2], gfd[2], nvars, lost = 0;
	char b;
	struct store_case *cs;
	struct rules *r;
	struct store *st;
	struct error err;
	double *t, dt, start;
	int *vars;

	while ((c = getopt(argc, argv, "a:n:t:r:")) != -1) {
		switch (c) {
		case 'a': agents = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 't': think = atoi(optarg); break;
		case 'r': rules_dir = optarg; break;
		default: goto usage;
		}
	}
	if (optind != argc - 1 || agents < 1 || n < 1)
		goto usage;
	db = argv[optind];
	if ((r = rules_load(rules_dir, date_today(), &err)) == NULL) {
		fprintf(stderr, "bench_store: %s\n", err.msg);
		return 1;
	}
	vars = calloc((size_t)n, sizeof *vars);
	nvars = pick_vars(r, vars, n);
	if (nvars < n) {
		fprintf(stderr, "bench_store: only %d questions\n", nvars);
		return 1;
	}
	/* Create the database before the stampede. */
	if ((st = store_open(db, 0, &err)) == NULL) {
		fprintf(stderr, "bench_store: %s\n", err.msg);
		return 1;
	}
	store_close(st);
	if (pipe(pfd) == -1 || pipe(rfd) == -1 || pipe(gfd) == -1)
		return 1;
	for (k = 0; k < agents; k++) {
		pid_t pid = fork();

		if (pid == -1)
			return 1;
		if (pid == 0) {
			close(pfd[0]);
			close(rfd[0]);
			close(gfd[1]);
			_exit(agent(db, r, vars, n, think, pfd[1], k, rfd[1],
			    gfd[0]));
		}
	}
	close(pfd[1]);
	close(rfd[1]);
	close(gfd[0]);
	/* Every agent connected (or dead: its end closes), then the start. */
	for (k = 0; k < agents && read(rfd[0], &b, 1) == 1; k++)
		;
	close(rfd[0]);
	start = timing_now() * 1e3;
	close(gfd[1]);
	t = calloc((size_t)agents * (size_t)n, sizeof *t);
	while (got < agents * n && read(pfd[0], &dt, sizeof dt) ==
	    sizeof dt)
		t[got++] = dt;
	for (k = 0; k < agents; k++) {
		int status;

		if (wait(&status) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			failed++;
	}
	start = timing_now() * 1e3 - start;

	/* Every answer of every agent is there. */
	if ((st = store_open(db, 0, &err)) == NULL ||
	    store_case_list(st, NULL, &cs, &c, &err) == -1) {
		fprintf(stderr, "bench_store: %s\n", err.msg);
		return 1;
	}
	for (i = 0; i < c; i++)
		if (strcmp(cs[i].site, "bench") == 0 && cs[i].nanswers != n)
			lost += n - cs[i].nanswers;
	k = 0;
	for (i = 0; i < c; i++)
		k += strcmp(cs[i].site, "bench") == 0;
	store_cases_free(cs, c);
	store_close(st);

	qsort(t, (size_t)got, sizeof *t, timing_cmp);
	printf("agents %d, answers each %d, think %d ms: %d saves in %.0f ms, "
	    "%d failed agents, %d cases, %d answers lost\n", agents, n, think,
	    got, start, failed, k, lost);
	if (got > 0)
		printf("answer save: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
		    t[got / 2], t[(size_t)(got * 0.99) < (size_t)got ?
		    (size_t)(got * 0.99) : (size_t)got - 1], t[got - 1]);
	free(t);
	free(vars);
	rules_free(r);
	return failed || lost || got != agents * n || k != agents ? 1 : 0;
usage:
	fprintf(stderr, "usage: bench_store [-a AGENTS] [-n ANSWERS] "
	    "[-t THINK_MS] [-r RULES] DB\n");
	return 2;
}
