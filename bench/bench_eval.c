/*
 * bench_eval.c - speed of the engine on the shipped rule base (SPEC §13):
 * rule-base load (the bulk of start-up), full evaluation per situation,
 * next-question selection per step, questions asked per interview, and
 * resident memory. Run by `make bench`; never a timed test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "eval.h"
#include "interview.h"
#include "randsit.h"
#include "rules.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "rules";
	int n = argc > 2 ? atoi(argv[2]) : 20000, i, k, ninterviews = 2000;
	int pool = 2000;	/* distinct situations, evaluated in turn */
	struct error err = { 0 };
	struct rules *r = NULL;
	struct evaluator *ev;
	struct situation *sits;
	int32_t date = date_from_ymd(2026, 11, 15);
	double t0, t, load_best = 1e9, steps_time = 0;
	long steps = 0;
	int *asked, askable = 0;
	struct rusage ru;
	long rss_session;

	for (i = 0; i < 10; i++) {
		t0 = now();
		if (r != NULL)
			rules_free(r);
		r = rules_load(dir, date, &err);
		t = now() - t0;
		if (r == NULL) {
			fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line,
			    err.col, err.msg);
			return 3;
		}
		if (t < load_best)
			load_best = t;
	}
	for (i = 0; i < r->nvars; i++)
		askable += r->vars[i].ask;
	sits = calloc((size_t)pool, sizeof *sits);
	ev = eval_new(r);
	situation_init(&sits[0], r);
	randsit_fill(&sits[0], date);
	(void)eval_run(ev, &sits[0], date);
	getrusage(RUSAGE_SELF, &ru);
	rss_session = ru.ru_maxrss;
	for (i = 1; i < pool; i++) {
		situation_init(&sits[i], r);
		randsit_fill(&sits[i], date);
	}
	t0 = now();
	for (i = 0; i < n; i++)
		(void)eval_run(ev, &sits[i % pool], date);
	t = now() - t0;
	printf("rules: %d schemes, %d questions (%d askable), %d derived, "
	    "%d parameters\n", r->nnational, r->nvars, askable, r->nderived,
	    r->nparams);
	printf("rule base load:        %8.2f ms (best of 10)\n",
	    load_best * 1e3);
	printf("full evaluation:       %8.1f us per situation, %.0f "
	    "situations/s (%d random situations, every scheme, urgencies, "
	    "plan, next questions)\n", t / n * 1e6, n / t, n);
	(void)k;
	/* Interviews: replay random situations, timing each next question. */
	asked = calloc((size_t)ninterviews, sizeof *asked);
	for (i = 0; i < ninterviews; i++) {
		struct interview *it = interview_new(r, date);
		const struct situation *src = &sits[i % pool];
		int var;

		for (;;) {
			t0 = now();
			var = interview_next(it);
			steps_time += now() - t0;
			steps++;
			if (var < 0)
				break;
			if (src->answered[var])
				it->sit.vals[var] = src->vals[var];
			interview_answered(it, var);
		}
		asked[i] = it->nhistory;
		interview_free(it);
	}
	qsort(asked, (size_t)ninterviews, sizeof *asked, cmp_int);
	{
		double mean = 0;

		for (k = 0; k < ninterviews; k++)
			mean += asked[k];
		mean /= ninterviews;
		printf("next question:         %8.1f us per step (%ld steps)\n",
		    steps_time / (double)steps * 1e6, steps);
		printf("questions asked:       mean %.1f, p95 %d, max %d of %d "
		    "askable (%d random interviews)\n", mean,
		    asked[ninterviews * 95 / 100], asked[ninterviews - 1],
		    askable, ninterviews);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("resident memory:       %8.1f MB after loading the rules and "
	    "one evaluation (%.1f MB peak with %d situations held)\n",
	    (double)rss_session / 1024.0, (double)ru.ru_maxrss / 1024.0,
	    pool);
	for (i = 0; i < pool; i++)
		situation_release(&sits[i]);
	free(sits);
	free(asked);
	eval_free(ev);
	rules_free(r);
	return 0;
}
