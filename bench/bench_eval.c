/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <dirent.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "eval.h"
#include "interview.h"
#include "randsit.h"
#include "testsits.h"
#include "timing.h"
#include "rules.h"

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Questions asked per depth: rule-test situations and profiles. */
struct depth_count {
	int	*asked;
	int	*unknown;	/* of them, not answered by the situation */
	int	 n, cap;
};

static struct depth_count depths[2];

static void
depth_add(struct depth_count *d, const struct interview *it,
    const struct situation *src)
{
	int k, unknown = 0;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 512;
		d->asked = realloc(d->asked, sizeof *d->asked *
		    (size_t)d->cap);
		d->unknown = realloc(d->unknown, sizeof *d->unknown *
		    (size_t)d->cap);
	}
	for (k = 0; k < it->nhistory; k++)
		unknown += !src->answered[it->history[k]];
	d->unknown[d->n] = unknown;
	d->asked[d->n++] = it->nhistory;
}

struct depth_ctx {
	const struct rules	*r;
	int32_t			 date;
};

/* Replay a rule-test situation at both depths. */
static void
replay_depths(const struct situation *src, const char *what, void *ctx)
{
	struct depth_ctx *c = ctx;
	int d;

	(void)what;
	for (d = DEPTH_FULL; d <= DEPTH_ORIENTATION; d++) {
		struct interview *it = interview_new(c->r, c->date);

		it->depth = (enum depth)d;
		interview_replay(it, src);
		depth_add(&depths[d], it, src);
		interview_free(it);
	}
}

static void
print_depths(void)
{
	int d;

	for (d = DEPTH_ORIENTATION; d >= DEPTH_FULL; d--) {
		struct depth_count *c = &depths[d];

		if (c->n == 0)
			continue;
		int med, max, ok;

		qsort(c->asked, (size_t)c->n, sizeof *c->asked, cmp_int);
		qsort(c->unknown, (size_t)c->n, sizeof *c->unknown, cmp_int);
		med = c->asked[c->n / 2];
		max = c->asked[c->n - 1];
		/* Issue 14: orientation median <= 10 and max <= 15, full
		   check median <= 25. */
		ok = d == DEPTH_ORIENTATION ? med <= 10 && max <= 15 :
		    med <= 25;
		printf("questions asked, %-11s median %d, max %d (%d "
		    "rule-test situations and profiles; target %s: %s)\n",
		    depth_name((enum depth)d), med, max, c->n,
		    d == DEPTH_ORIENTATION ? "median <= 10, max <= 15" :
		    "median <= 25", ok ? "met" : "NOT MET");
		/* A rule test gives only what its rules read: the replay
		   answers "don't know" to the rest, which asks more. */
		printf("                 %-11s of them answered \"don't "
		    "know\" (not in the situation): median %d, max %d\n",
		    "", c->unknown[c->n / 2], c->unknown[c->n - 1]);
		free(c->asked);
		free(c->unknown);
	}
}

/*
 * Typical single-domain situations, complete as the person would answer
 * (bench/profiles): the questions each one is asked.
 */
static void
profiles(const struct rules *r, int32_t date, int askable)
{
	const char *dir = "bench/profiles";
	char *names[64], path[512];
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0, k;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && n < 64)
		if (strstr(de->d_name, ".yaml") != NULL)
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_name);
	for (k = 0; k < n; k++) {
		struct situation src;
		struct error err = { 0 };
		struct interview *it;

		snprintf(path, sizeof path, "%s/%s", dir, names[k]);
		situation_init(&src, r);
		if (situation_load(&src, path, &err) == -1) {
			fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line,
			    err.col, err.msg);
			situation_release(&src);
			continue;
		}
		it = interview_new(r, date);
		it->depth = DEPTH_ORIENTATION;
		interview_replay(it, &src);
		depth_add(&depths[DEPTH_ORIENTATION], it, &src);
		printf("  %-28s orientation %2d, ", names[k], it->nhistory);
		interview_free(it);
		it = interview_new(r, date);
		interview_replay(it, &src);
		depth_add(&depths[DEPTH_FULL], it, &src);
		printf("full %2d of %d askable questions (%.0f %%)\n",
		    it->nhistory, askable, 100.0 * it->nhistory / askable);
		interview_free(it);
		situation_release(&src);
		free(names[k]);
	}
}

struct replays {
	const struct rules	*r;
	int32_t			 date;
	int			*asked;
	int			 n, cap;
	double			 steps_time;
	long			 steps;
};

/* Replay one situation, timing each next question. */
static void
replay(const struct situation *src, const char *what, void *ctx)
{
	struct replays *rp = ctx;
	struct interview *it = interview_new(rp->r, rp->date);
	double t0;
	int var;

	(void)what;
	for (;;) {
		t0 = timing_now();
		var = interview_next(it);
		rp->steps_time += timing_now() - t0;
		rp->steps++;
		if (var < 0)
			break;
		if (src->answered[var])
			it->sit.vals[var] = src->vals[var];
		interview_answered(it, var);
	}
	if (rp->n == rp->cap) {
		rp->cap = rp->cap ? rp->cap * 2 : 512;
		rp->asked = realloc(rp->asked, sizeof *rp->asked *
		    (size_t)rp->cap);
	}
	rp->asked[rp->n++] = it->nhistory;
	interview_free(it);
}

static void
print_asked(struct replays *rp, int askable, const char *what)
{
	double mean = 0;
	int k;

	qsort(rp->asked, (size_t)rp->n, sizeof *rp->asked, cmp_int);
	for (k = 0; k < rp->n; k++)
		mean += rp->asked[k];
	mean /= rp->n;
	printf("questions asked:       mean %.1f, median %d, p95 %d, max %d "
	    "of %d askable (%d %s)\n", mean, rp->asked[rp->n / 2],
	    rp->asked[rp->n * 95 / 100], rp->asked[rp->n - 1], askable, rp->n,
	    what);
}

/*
 * Throughput on every core: each thread its own evaluator over the shared
 * rule base and situations (as eval --lines --jobs), a share of the
 * situations each.
 */
struct share {
	const struct rules	*r;
	const struct situation	*sits;
	int			 pool, from, n;
	int32_t			 date;
};

static void *
share_run(void *arg)
{
	struct share *sh = arg;
	struct evaluator *ev = eval_new(sh->r);
	int i;

	for (i = 0; i < sh->n; i++)
		(void)eval_run(ev, &sh->sits[(sh->from + i) % sh->pool],
		    sh->date);
	eval_free(ev);
	return NULL;
}

/* Evaluations a second over `nthreads` threads, `n` situations in all:
   the best of 5 rounds. */
static double
threads_rate(const struct rules *r, const struct situation *sits, int pool,
    int n, int32_t date, int nthreads)
{
	pthread_t tid[64];
	struct share sh[64];
	double best = 0, t0, rate;
	int k, i;

	for (k = 0; k < 5; k++) {
		t0 = timing_now();
		for (i = 0; i < nthreads; i++) {
			sh[i] = (struct share){ r, sits, pool, i * (n /
			    nthreads), n / nthreads, date };
			if (pthread_create(&tid[i], NULL, share_run,
			    &sh[i]) != 0)
				return 0;
		}
		for (i = 0; i < nthreads; i++)
			pthread_join(tid[i], NULL);
		rate = (double)(n / nthreads * nthreads) /
		    (timing_now() - t0);
		if (rate > best)
			best = rate;
	}
	return best;
}

/* The cost of an evaluator for `r` (eval_new, eval_free): best of 20. */
static double
new_time(const struct rules *r)
{
	double best = 1e9, t0, t;
	int i;

	for (i = 0; i < 20; i++) {
		t0 = timing_now();
		eval_free(eval_new(r));
		t = timing_now() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "rules";
	int n = argc > 2 ? atoi(argv[2]) : 20000, i, k, ninterviews = 2000;
	double rounds[5];
	int pool = 2000;	/* distinct situations, evaluated in turn */
	struct error err = { 0 };
	struct rules *r = NULL;
	struct evaluator *ev;
	struct situation *sits;
	int32_t date = date_from_ymd(2026, 11, 15);
	double t0, t, load_best = 1e9;
	struct replays rnd, tst;
	int askable = 0;
	struct rusage ru;
	long rss_session;

	for (i = 0; i < 10; i++) {
		t0 = timing_now();
		if (r != NULL)
			rules_free(r);
		r = rules_load(dir, date, &err);
		t = timing_now() - t0;
		if (r == NULL) {
			fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line,
			    err.col, err.msg);
			return 3;
		}
		if (t < load_best)
			load_best = t;
	}
	{
		/* The same base mapped from its compiled image (a private
		   temporary cache; the first call writes the image). */
		char cache[] = "/tmp/aig-bench-XXXXXX", *img;
		double map_best = 1e9, new_best[1] = { 1e9 };
		struct rules *m;

		if (mkdtemp(cache) != NULL) {
			setenv("XDG_CACHE_HOME", cache, 1);
			rules_free(rules_load_cached(dir, date, NULL, &err));
			for (i = 0; i < 10; i++) {
				t0 = timing_now();
				m = rules_load_cached(dir, date, NULL, &err);
				t = timing_now() - t0;
				if (m != NULL && m->image != NULL &&
				    t < map_best)
					map_best = t;
				if (i == 9 && m != NULL && m->image != NULL)
					new_best[0] = new_time(m);
				rules_free(m);
			}
			if ((img = rules_image_cache_path(dir)) != NULL) {
				unlink(img);
				free(img);
			}
			{
				char sub[64];

				snprintf(sub, sizeof sub, "%s/aiguillage",
				    cache);
				rmdir(sub);
			}
			rmdir(cache);
			if (map_best < 1e9)
				printf("rule base from its image: %6.2f ms "
				    "(best of 10: key of every rule file, "
				    "map, check, warnings)\n",
				    map_best * 1e3);
			if (new_best[0] < 1e9)
				printf("evaluator creation:    %8.1f us with "
				    "the image, %.1f us with the rules from "
				    "YAML (eval_new + eval_free, best of 20)\n",
				    new_best[0] * 1e6, new_time(r) * 1e6);
		}
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
	/* Five rounds; the best one is the machine without interference. */
	t = 1e9;
	for (k = 0; k < 5; k++) {
		double tk;

		t0 = timing_now();
		for (i = 0; i < n; i++)
			(void)eval_run(ev, &sits[i % pool], date);
		tk = timing_now() - t0;
		rounds[k] = tk;
		if (tk < t)
			t = tk;
	}
	qsort(rounds, 5, sizeof *rounds, timing_cmp);
	printf("rules: %d schemes, %d questions (%d askable), %d derived, "
	    "%d parameters\n", r->nnational, r->nvars, askable, r->nderived,
	    r->nparams);
	printf("rule base load:        %8.2f ms (best of 10)\n",
	    load_best * 1e3);
	/* Issue 19: >= 50,000 evaluations a second in-process. */
	printf("full evaluation:       %8.1f us per situation, %.0f "
	    "evaluations/s (best of 5 rounds of %d random situations, median "
	    "%.1f us, %.0f/s; every scheme, urgencies, plan, next questions; "
	    "target >= 50000/s: %s)\n",
	    t / n * 1e6, n / t, n, rounds[2] / n * 1e6, n / rounds[2],
	    n / t >= 50000 ? "met" : "NOT MET");
	{
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		int nt = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (int)ncpu;
		double rate = threads_rate(r, sits, pool, n, date, nt);

		/* The same target read on the whole machine, as the
		   JSON-Lines figure is (eval --lines uses every core). */
		printf("full evaluation, %d threads (every core, an evaluator "
		    "each): %.0f evaluations/s (best of 5 rounds of %d; "
		    ">= 50000/s on the whole machine: %s)\n", nt, rate, n,
		    rate >= 50000 ? "met" : "NOT MET");
	}
	/* Interviews: replay random and rule-test situations. */
	memset(&rnd, 0, sizeof rnd);
	rnd.r = r;
	rnd.date = date;
	tst = rnd;
	for (i = 0; i < ninterviews; i++)
		replay(&sits[i % pool], "random", &rnd);
	if (testsits_each(r, dir, replay, &tst, &err) < 0) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
		return 3;
	}
	{
		double step = (rnd.steps_time + tst.steps_time) /
		    (double)(rnd.steps + tst.steps);

		/* Issue 19: <= 0.2 ms. */
		printf("next question:         %8.1f us per step (%ld steps; "
		    "target <= 200 us: %s)\n", step * 1e6, rnd.steps +
		    tst.steps, step <= 200e-6 ? "met" : "NOT MET");
	}
	print_asked(&rnd, askable, "random interviews");
	print_asked(&tst, askable, "rule-test situations");
	printf("typical situations, complete answers (bench/profiles):\n");
	profiles(r, date, askable);
	{
		struct depth_ctx dc = { r, date };

		(void)testsits_each(r, dir, replay_depths, &dc, &err);
	}
	print_depths();
	getrusage(RUSAGE_SELF, &ru);
	printf("resident memory:       %8.1f MB after loading the rules and "
	    "one evaluation (%.1f MB peak with %d situations held)\n",
	    (double)rss_session / 1024.0, (double)ru.ru_maxrss / 1024.0,
	    pool);
	for (i = 0; i < pool; i++)
		situation_release(&sits[i]);
	free(sits);
	free(rnd.asked);
	free(tst.asked);
	eval_free(ev);
	rules_free(r);
	return 0;
}
