/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - the aiguillage command: the command table and its dispatch.
 *
 * Each command is a row of `commands` (git's run_builtin): its name, its
 * function, what it needs (command.h), the options it takes and its
 * help. main() parses the options with getopt_long (global ones before
 * the command, and anywhere for the commands whose options are in the
 * table; the others parse their own arguments), runs the command, and
 * releases what was set up for it in one place (opts_release). Exit
 * status (SPEC §7): 0 success, 1 runtime failure, 2 bad usage or
 * invalid input, 3 invalid rule base. The man page (doc/aiguillage.1)
 * follows this table: tests/cli/manpage.sh compares them.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "config.h"
#include "eval.h"
#include "interview.h"
#include "localize.h"
#include "options.h"
#include "outfilter.h"
#include "plain.h"
#include "print.h"
#include "report.h"
#include "rules.h"
#include "ruletest.h"
#include "situation.h"
#include "store.h"
#include "store_cli.h"
#include "strbuf.h"
#include "territory.h"
#include "territory_cli.h"
#include "summary.h"
#include "ui.h"
#include "ui_screens_extra.h"
#include "i18n.h"

static char exe_rules[PATH_MAX + 16];

/* The commands below say their errors with this name (command.h). */
static void
print_error(const struct error *err)
{
	opts_error(err);
}

/*
 * What a resumed case's answers that the rules in use no longer accept
 * (store_case_load's `dropped`) mean for the agent, in `buf`.
 */
static void
dropped_note(char *buf, size_t size, int n, const char *ids)
{
	/* TRANSLATORS: a case resumed after the rules changed; %d
	   answers, %s their question ids. */
	snprintf(buf, size, Q_("%d recorded answer no longer fits the rules "
	    "in use (%s): its question comes again.", "%d recorded answers "
	    "no longer fit the rules in use (%s): their questions come "
	    "again.", n), n, ids);
}

/* rules/ beside the executable (a source tree), else the installed path. */
static const char *
default_rules_dir(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	struct stat st;
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(exe_rules, sizeof exe_rules, "%s/rules", self);
			if (stat(exe_rules, &st) == 0 && S_ISDIR(st.st_mode))
				return exe_rules;
			/* build/aiguillage in a source tree */
			if ((slash = strrchr(self, '/')) != NULL) {
				*slash = '\0';
				snprintf(exe_rules, sizeof exe_rules,
				    "%s/rules", self);
				if (stat(exe_rules, &st) == 0 &&
				    S_ISDIR(st.st_mode))
					return exe_rules;
			}
		}
	}
#ifdef AIG_RULES_DIR
	return AIG_RULES_DIR;
#else
	return "rules";
#endif
}

/* The rule base, in the interface's language, and the territory. */
static int
load_rules(struct opts *o, struct rules **out)
{
	if ((*out = opts_rules(o)) == NULL || opts_territory(o) == NULL)
		return EXIT_RULES;
	localize_rules(*out);
	return 0;
}

/* One evaluation's output to `out`, as the options say (--compact:
   `compact`, made once for the command). */
static void
eval_write(FILE *out, const struct opts *o, const struct rules *r,
    const struct result *res, const char *name,
    const struct report_compact *compact)
{
	if (compact != NULL)
		report_json_compact(out, compact, res);
	else if (o->json)
		report_json(out, r, res, NULL, 0);
	else {
		if (name != NULL)
			fprintf(out, "== %s ==\n", name);
		report_text(out, r, res, o->verbose);
	}
}

/* A json_writer's output into a buffer (compact lines). */
static void
lines_put(void *sb, const char *bytes, size_t n)
{
	strbuf_addn(sb, bytes, n);
}

/*
 * --lines: every line of `path` ("-" stdin) that is not blank holds one
 * situation, a JSON object; one result each, in order. Returns 0, or
 * EXIT_USAGE after the first error (file:line:column).
 */
static int
eval_lines(struct opts *o, const struct rules *r, struct evaluator *ev,
    struct situation *sit, const char *path,
    const struct report_compact *compact)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct strbuf out = STRBUF_INIT;
	struct error err;
	FILE *f = stdin;
	char *line = NULL, *p;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;

	memset(&err, 0, sizeof err);
	if (strcmp(path, "-") != 0 &&
	    (f = file_open_regular(path, &err)) == NULL) {
		print_error(&err);
		return EXIT_USAGE;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		char label[PATH_MAX + 16];

		lineno++;
		for (p = line; *p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\n'; p++)
			;
		if (*p == '\0')
			continue;	/* a blank line */
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		situation_clear(sit);
		if (situation_read_line(sit, line, (size_t)n, name, lineno,
		    &err) == -1) {
			print_error(&err);
			rc = EXIT_USAGE;
			break;
		}
		if (compact != NULL) {
			out.len = 0;
			report_json_compact_with(compact, lines_put, &out,
			    eval_run(ev, sit, o->date));
			fwrite(out.s, 1, out.len, stdout);
			continue;
		}
		snprintf(label, sizeof label, "%s:%d", name, lineno);
		eval_write(stdout, o, r, eval_run(ev, sit, o->date), label,
		    NULL);
	}
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "aiguillage: %s: %s\n", name, strerror(errno));
		rc = EXIT_RUNTIME;
	}
	free(line);
	strbuf_release(&out);
	if (f != stdin)
		fclose(f);
	return rc;
}

/*
 * --lines in worker threads (--jobs N, N > 1). The main thread reads the
 * lines in batches (LINES_BATCH, or LINES_BATCH_FULL for the larger
 * full reports); each worker takes the oldest batch not
 * yet taken and, with its own evaluator and situation, reads, evaluates
 * and writes each line of it into the batch's memory stream, stopping at
 * the first line in error (kept with the batch); compact lines are
 * written straight into the batch's buffer, which keeps its room from one
 * batch to the next. The main thread writes
 * the batches to stdout in input order, as they finish; at a batch in
 * error it writes what came before the line, says the error and stops
 * everything: the output is the same, byte for byte, as eval_lines'.
 * At most LINES_AHEAD(N) batches are in memory. What the threads share
 * is read only while they run: the options, the rule base (localized
 * before), the compact line's ids (report_compact), the territory, whose
 * communes are looked up and offices computed under its own lock
 * (territory_commune_check, territory_has_department, territory_offices:
 * the commune table is not loaded whole).
 */
#define LINES_BATCH	16	/* compact lines, about 16 KB each */
#define LINES_BATCH_FULL 8	/* full reports, about 72 KB each */
#define LINES_AHEAD(n)	(2 * (n))

struct lines_batch {
	char		*text;		/* its lines, each NUL-terminated */
	size_t		 len, cap;
	size_t		 off[LINES_BATCH];
	size_t		 size[LINES_BATCH];
	int		 lineno[LINES_BATCH];	/* in the file */
	int		 n;
	struct strbuf	 out;		/* what its lines wrote */
	int		 failed;	/* err holds a line's error */
	struct error	 err;
	int		 done;
};

struct lines_run {
	const struct opts	*o;
	const struct rules	*r;
	const struct report_compact *compact;	/* --compact */
	const char		*name;
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;	/* a batch to take, or the end */
	pthread_cond_t		 ready;	/* a batch done */
	struct lines_batch	*ring;
	int			 nring;
	int			 batch;		/* lines a batch */
	long			 nread, ntaken;	/* batches read, taken */
	int			 eof, stop;
};

/* One worker: batches until the input ends or the run stops. */
static void *
lines_worker(void *arg)
{
	struct lines_run *lr = arg;
	struct evaluator *ev;
	struct situation sit;

	pthread_mutex_lock(&lr->lock);
	ev = eval_new(lr->r);
	situation_init(&sit, lr->r);
	pthread_mutex_unlock(&lr->lock);
	eval_set_territory(ev, lr->o->territory);
	situation_set_territory(&sit, lr->o->territory);
	for (;;) {
		struct lines_batch *b;
		FILE *out;
		int i;

		pthread_mutex_lock(&lr->lock);
		while (lr->ntaken == lr->nread && !lr->eof && !lr->stop)
			pthread_cond_wait(&lr->work, &lr->lock);
		if (lr->stop || lr->ntaken == lr->nread) {
			pthread_mutex_unlock(&lr->lock);
			break;
		}
		b = &lr->ring[lr->ntaken++ % lr->nring];
		pthread_mutex_unlock(&lr->lock);
		for (i = 0; i < b->n; i++) {
			char label[PATH_MAX + 16];
			const struct result *res;
			char *text = NULL;
			size_t len = 0;

			situation_clear(&sit);
			memset(&b->err, 0, sizeof b->err);
			if (situation_read_line(&sit, b->text + b->off[i],
			    b->size[i], lr->name, b->lineno[i],
			    &b->err) == -1) {
				b->failed = 1;
				break;
			}
			res = eval_run(ev, &sit, lr->o->date);
			/* The compact line straight into the batch's buffer;
			   the larger reports through a stream. */
			if (lr->compact != NULL) {
				report_json_compact_with(lr->compact,
				    lines_put, &b->out, res);
				continue;
			}
			snprintf(label, sizeof label, "%s:%d", lr->name,
			    b->lineno[i]);
			if ((out = open_memstream(&text, &len)) == NULL) {
				perror("aiguillage: open_memstream");
				exit(EXIT_RUNTIME);
			}
			eval_write(out, lr->o, lr->r, res, label, NULL);
			if (fclose(out) == EOF) {
				perror("aiguillage: open_memstream");
				exit(EXIT_RUNTIME);
			}
			strbuf_addn(&b->out, text, len);
			free(text);
		}
		pthread_mutex_lock(&lr->lock);
		b->done = 1;
		pthread_cond_signal(&lr->ready);	/* the main thread */
		pthread_mutex_unlock(&lr->lock);
	}
	pthread_mutex_lock(&lr->lock);
	situation_release(&sit);
	eval_free(ev);
	pthread_mutex_unlock(&lr->lock);
	return NULL;
}

/* The next batch of non-blank lines of `f` into `b`; its count. */
static int
lines_read_batch(FILE *f, struct lines_batch *b, int max, int *lineno,
    char **line, size_t *cap)
{
	ssize_t n;
	const char *p;

	b->n = 0;
	b->len = 0;
	while (b->n < max && (n = getline(line, cap, f)) != -1) {
		(*lineno)++;
		for (p = *line; *p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\n'; p++)
			;
		if (*p == '\0')
			continue;	/* a blank line */
		while (n > 0 && ((*line)[n - 1] == '\n' ||
		    (*line)[n - 1] == '\r'))
			(*line)[--n] = '\0';
		if (b->len + (size_t)n + 1 > b->cap) {
			b->cap = (b->len + (size_t)n + 1) * 2;
			b->text = xrealloc(b->text, b->cap);
		}
		memcpy(b->text + b->len, *line, (size_t)n + 1);
		b->off[b->n] = b->len;
		b->size[b->n] = (size_t)n;
		b->lineno[b->n] = *lineno;
		b->len += (size_t)n + 1;
		b->n++;
	}
	return b->n;
}

static int
eval_lines_jobs(struct opts *o, const struct rules *r, const char *path,
    int jobs, const struct report_compact *compact)
{
	struct lines_run lr;
	pthread_t *tids;
	FILE *f = stdin;
	char *line = NULL;
	size_t cap = 0;
	long nwritten = 0;
	int lineno = 0, rc = 0, i, started = 0;
	struct error err;

	memset(&err, 0, sizeof err);
	if (strcmp(path, "-") != 0 &&
	    (f = file_open_regular(path, &err)) == NULL) {
		print_error(&err);
		return EXIT_USAGE;
	}
	memset(&lr, 0, sizeof lr);
	lr.o = o;
	lr.r = r;
	lr.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	lr.nring = LINES_AHEAD(jobs);
	lr.batch = o->compact ? LINES_BATCH : LINES_BATCH_FULL;
	lr.compact = compact;
	lr.ring = xcalloc((size_t)lr.nring, sizeof *lr.ring);
	pthread_mutex_init(&lr.lock, NULL);
	pthread_cond_init(&lr.work, NULL);
	pthread_cond_init(&lr.ready, NULL);
	tids = xcalloc((size_t)jobs, sizeof *tids);
	for (i = 0; i < jobs; i++)
		if (pthread_create(&tids[i], NULL, lines_worker, &lr) == 0)
			started++;
	if (started == 0) {
		fputs("aiguillage: cannot start a thread\n", stderr);
		rc = EXIT_RUNTIME;
	}
	while (rc == 0) {
		struct lines_batch *b;

		/* Read ahead while there is room. */
		pthread_mutex_lock(&lr.lock);
		while (!lr.eof && lr.nread - nwritten < lr.nring) {
			b = &lr.ring[lr.nread % lr.nring];
			pthread_mutex_unlock(&lr.lock);
			b->out.len = 0;		/* its room kept */
			b->failed = b->done = 0;
			i = lines_read_batch(f, b, lr.batch, &lineno, &line,
			    &cap);
			pthread_mutex_lock(&lr.lock);
			if (i > 0) {
				lr.nread++;
				pthread_cond_signal(&lr.work);
			}
			if (i < lr.batch) {
				lr.eof = 1;
				pthread_cond_broadcast(&lr.work);
			}
		}
		if (nwritten == lr.nread) {	/* all written */
			pthread_mutex_unlock(&lr.lock);
			break;
		}
		/* Write the oldest batch once done. */
		b = &lr.ring[nwritten % lr.nring];
		while (!b->done)
			pthread_cond_wait(&lr.ready, &lr.lock);
		pthread_mutex_unlock(&lr.lock);
		if (b->out.len > 0)
			fwrite(b->out.s, 1, b->out.len, stdout);
		if (b->failed) {
			print_error(&b->err);
			rc = EXIT_USAGE;
		}
		nwritten++;
	}
	pthread_mutex_lock(&lr.lock);
	lr.stop = 1;
	pthread_cond_broadcast(&lr.work);
	pthread_mutex_unlock(&lr.lock);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "aiguillage: %s: %s\n", lr.name,
		    strerror(errno));
		rc = EXIT_RUNTIME;
	}
	for (i = 0; i < lr.nring; i++) {
		free(lr.ring[i].text);
		strbuf_release(&lr.ring[i].out);
	}
	free(lr.ring);
	free(tids);
	free(line);
	pthread_cond_destroy(&lr.work);
	pthread_cond_destroy(&lr.ready);
	pthread_mutex_destroy(&lr.lock);
	if (f != stdin)
		fclose(f);
	return rc;
}

/*
 * The number of threads of eval --lines for `path`: --jobs, else one per
 * processor, but one for a file too small to gain from more.
 */
#define LINES_JOBS_MIN_BYTES	(256 * 1024)

static int
eval_jobs(const struct opts *o, const char *path)
{
	struct stat st;
	long n;

	if (o->jobs > 0)
		return o->jobs;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size < LINES_JOBS_MIN_BYTES)
		return 1;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int
cmd_eval(struct opts *o)
{
	struct rules *r;
	struct evaluator *ev;
	struct situation sit;
	struct error err;
	struct report_compact *compact = NULL;
	int i, rc, jobs;

	if (o->nargs == 0) {
		fputs(_("aiguillage: eval needs a situation file (or - for "
		    "stdin)\n"), stderr);
		return EXIT_USAGE;
	}
	if ((rc = load_rules(o, &r)) != 0)
		return rc;
	ev = eval_new(r);
	if (o->compact)		/* the ids quoted once for all results */
		compact = report_compact_new(r);
	eval_set_territory(ev, o->territory);
	situation_init(&sit, r);
	situation_set_territory(&sit, o->territory);
	for (i = 0; i < o->nargs && rc == 0; i++) {
		if (o->lines) {
			jobs = eval_jobs(o, o->args[i]);
			rc = jobs > 1 ? eval_lines_jobs(o, r, o->args[i],
			    jobs, compact) : eval_lines(o, r, ev, &sit,
			    o->args[i], compact);
			continue;
		}
		memset(&err, 0, sizeof err);
		situation_clear(&sit);
		if (situation_load(&sit, o->args[i], &err) == -1) {
			print_error(&err);
			rc = EXIT_USAGE;
			break;
		}
		eval_write(stdout, o, r, eval_run(ev, &sit, o->date),
		    o->nargs > 1 ? o->args[i] : NULL, compact);
	}
	if (fflush(stdout) == EOF && rc == 0) {
		perror("aiguillage: write");
		rc = EXIT_RUNTIME;
	}
	situation_release(&sit);
	report_compact_free(compact);
	eval_free(ev);
	return rc;
}

/* A list of kind names after `head`, for check_department. */
static void
print_kinds(const struct territory *t, const char *dep, const char *head,
    const char *const *ids, int n)
{
	int i;

	if (n == 0)
		return;
	printf(_("department %s: "), dep);
	printf("%s ", head);
	for (i = 0; i < n; i++) {
		const struct territory_kind *k = territory_kind(t, ids[i]);

		printf("%s%s", i ? ", " : "", k != NULL && k->name != NULL ?
		    i18n_rule(k->name) : ids[i]);
	}
	putchar('\n');
}

/*
 * What the directory holds for the site's department (configuration
 * `department`): a department unknown to the commune table is an error
 * of the configuration; else its offices, and the kinds the plan cannot
 * route by sector there, so that the department's IT knows what to load.
 */
static int
check_department(struct opts *o)
{
	const char *dep = o->config.department;
	struct department_cover c;

	if (territory_department_cover(o->territory, dep, &c) == -1) {
		fprintf(stderr, _("aiguillage: the configuration's department "
		    "%s is not a department of the commune table\n"), dep);
		return EXIT_USAGE;
	}
	if (!c.directory)
		printf(_("department %s: no directory file: the plan gives "
		    "national lines only (doc/territory.md)\n"), dep);
	else
		printf(Q_("department %s: %d office in the directory, %d "
		    "verified\n", "department %s: %d offices in the "
		    "directory, %d verified\n", c.offices), dep, c.offices,
		    c.verified);
	print_kinds(o->territory, dep, _("offices without a "
	    "sectorisation (the plan gives the nearest ones, not confirmed "
	    "as competent; aiguillage territory import):"), c.unsectored,
	    c.nunsectored);
	print_kinds(o->territory, dep, _("no office in the directory "
	    "(the plan says \"not in the directory yet\"):"), c.missing,
	    c.nmissing);
	return 0;
}

/*
 * The parameters whose value is not confirmed at `date` (their
 * unconfirmed_from): what the rule maintainers have to look for again;
 * the amounts that read them say so.
 */
static void
check_unconfirmed(const struct rules *r, int32_t date)
{
	char since[16];
	int i;

	for (i = 0; i < r->nparams; i++)
		if (r->params[i].unconfirmed_from != 0 &&
		    date >= r->params[i].unconfirmed_from)
			/* TRANSLATORS: a line of "aiguillage check" (file,
			   line, parameter, date). */
			fprintf(stderr, _("%s:%d: note: parameter \"%s\" "
			    "not confirmed since %s: the amounts that read "
			    "it say so\n"), r->params[i].file,
			    r->params[i].line, r->params[i].name,
			    date_format(r->params[i].unconfirmed_from, since));
}

static int
cmd_check(struct opts *o)
{
	struct rules *r;
	int rc;

	if ((rc = load_rules(o, &r)) != 0)
		return rc;
	if (r->warnings != NULL)
		fputs(r->warnings, stderr);
	check_unconfirmed(r, o->date);
	{
		char *tw = NULL;
		/* kept in the cache under a key of all it reads, unless
		   the YAML is asked for */
		int nt = o->territory_yaml ? territory_check(o->territory,
		    &tw) : territory_check_cached(o->territory, &tw);

		if (tw != NULL)
			fputs(tw, stderr);
		free(tw);
		if (nt > 0) {
			fprintf(stderr, Q_("aiguillage: %d sector problem\n",
			    "aiguillage: %d sector problems\n", nt), nt);
			return EXIT_RULES;
		}
	}
	if (o->config.department[0] != '\0' &&
	    (rc = check_department(o)) != 0)
		return rc;
	/* TRANSLATORS: the last line of "aiguillage check". */
	printf(_("%s: %d questions, %d derived variables, %d parameters, "
	    "%d schemes (+%d departmental), %d urgencies, %d consistency "
	    "checks; %d warning(s); version %s\n"), o->rules_dir, r->nvars,
	    r->nderived, r->nparams, r->nnational, r->nschemes - r->nnational,
	    r->nurgencies, r->nchecks, r->nwarnings, r->version);
	return 0;
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmd_test(struct opts *o)
{
	struct rules *r;
	struct ruletest_stats st = { 0 };
	struct error err = { 0 };
	char **files = NULL, *dir = NULL;
	int nfiles = 0, i, rc, own = 0;

	if ((rc = load_rules(o, &r)) != 0)
		return rc;
	st.likely = xcalloc((size_t)r->nnational + 1, sizeof(int));
	st.unlikely = xcalloc((size_t)r->nnational + 1, sizeof(int));
	if (o->nargs > 0) {
		files = o->args;
		nfiles = o->nargs;
	} else {
		DIR *d;
		struct dirent *de;

		dir = xasprintf("%s/tests", o->rules_dir);
		if ((d = opendir(dir)) != NULL) {
			while ((de = readdir(d)) != NULL) {
				size_t len = strlen(de->d_name);

				if (len < 6 || strcmp(de->d_name + len - 5,
				    ".yaml") != 0)
					continue;
				files = xrealloc(files, sizeof *files *
				    (size_t)(nfiles + 1));
				files[nfiles++] = xasprintf("%s/%s", dir,
				    de->d_name);
			}
			closedir(d);
		}
		own = 1;
		if (nfiles > 0)
			qsort(files, (size_t)nfiles, sizeof *files, cmp_path);
	}
	for (i = 0; i < nfiles; i++)
		if (ruletest_file(r, files[i], stdout, o->verbose, &st,
		    &err) == -1) {
			print_error(&err);
			rc = EXIT_RULES;
			break;
		}
	if (rc == 0 && o->nargs == 0 && o->verbose) {
		for (i = 0; i < r->nnational; i++)
			if (st.likely[i] == 0 || st.unlikely[i] == 0)
				printf(_("note: scheme %s has %d likely and %d "
				    "unlikely case(s)\n"), r->schemes[i].id,
				    st.likely[i], st.unlikely[i]);
	}
	if (rc == 0) {
		printf("%d passed, %d failed\n", st.passed, st.failed);
		if (st.failed > 0)
			rc = EXIT_RUNTIME;
	}
	if (own) {
		for (i = 0; i < nfiles; i++)
			free(files[i]);
		free(files);
	}
	free(dir);
	free(st.likely);
	free(st.unlikely);
	return rc;
}

/*
 * What the store holds of an interview's answers: only the disclosed
 * ones (interview.h: those the blind interview asked for), in the order
 * they were disclosed, each written again when it changes and forgotten
 * when it is no longer given. Sensitive answers are never disclosed.
 */
struct synced {
	unsigned char	*stored;	/* per variable */
	unsigned	*version;	/* it->version[] when written */
};

static void
synced_init(struct synced *sy, const struct rules *r)
{
	sy->stored = xcalloc((size_t)r->nvars + 1, 1);
	sy->version = xcalloc((size_t)r->nvars + 1, sizeof *sy->version);
}

static void
synced_release(struct synced *sy)
{
	free(sy->stored);
	free(sy->version);
	memset(sy, 0, sizeof *sy);
}

/* The answers of a resumed case, read from the store: disclosed. */
static void
synced_loaded(struct synced *sy, struct interview *it, const int *order,
    int n)
{
	int i;

	for (i = 0; i < n; i++) {
		interview_answered(it, order[i]);
		interview_disclose(it, order[i]);
		sy->stored[order[i]] = 1;
		sy->version[order[i]] = it->version[order[i]];
	}
}

/* Bring the store in line with the disclosed answers. */
static int
synced_write(struct synced *sy, struct store *st, int64_t id,
    const struct interview *it, struct error *err)
{
	const struct rules *r = it->rules;
	int k, i;

	for (k = 0; k < r->nvars; k++)
		if (sy->stored[k] && !(it->disclosed[k] &&
		    it->sit.answered[k])) {
			if (store_forget(st, id, r, k, err) == -1)
				return -1;
			sy->stored[k] = 0;
		}
	for (i = 0; i < it->ndorder; i++) {
		k = it->dorder[i];
		if (!it->sit.answered[k] || (sy->stored[k] &&
		    sy->version[k] == it->version[k]))
			continue;
		if (store_answer(st, id, r, k, &it->sit.vals[k], err) == -1)
			return -1;
		sy->stored[k] = 1;
		sy->version[k] = it->version[k];
	}
	return 0;
}

/* An interview saved answer by answer (SPEC §8). */
struct session {
	struct store		*st;
	int64_t			 id;
	const struct rules	*rules;
	struct interview	*it;
	const struct territory	*territory;
	struct synced		 sy;
};

/*
 * The disclosed answers saved: 0, or 1 with the error printed (and, when
 * `stops`, that the interview stops there).
 */
static int
session_sync(struct session *s, int stops)
{
	struct error err = { 0 };

	if (s->st == NULL)
		return 0;
	if (synced_write(&s->sy, s->st, s->id, s->it, &err) == -1) {
		print_error(&err);
		if (stops)
			fputs(_("aiguillage: the answer was not saved; the "
			    "interview stops here (answers given so far are "
			    "kept)\n"), stderr);
		return 1;
	}
	return 0;
}

/* After each answer (`var` or any other). */
static int
session_answered(void *arg, int var)
{
	(void)var;
	return session_sync(arg, 1);
}

/* After an answer is forgotten. */
static int
session_forgot(void *arg, int var)
{
	(void)var;
	return session_sync(arg, 0);
}

/* Open the database and start (or resume) a case. */
static int
session_open(struct opts *o, struct session *s, struct rules *r,
    struct interview *it)
{
	struct error err = { 0 };

	memset(s, 0, sizeof *s);
	s->rules = r;
	s->it = it;
	s->territory = o->territory;
	synced_init(&s->sy, r);
	if (o->no_save)
		return 0;
	if ((s->st = opts_store(o)) == NULL) {
		fputs(_("aiguillage: nothing can be saved; use --no-save to "
		    "run an interview without saving it\n"), stderr);
		return EXIT_RUNTIME;
	}
	if (o->resume > 0) {
		int *order = NULL, norder = 0, ndropped = 0;
		char *dropped = NULL, note[512];

		s->id = o->resume;
		if (store_log_access(s->st, s->id, store_agent(), "resume",
		    &err) == -1 || store_case_load(s->st, s->id, &it->sit,
		    &order, &norder, &dropped, &ndropped, &err) == -1) {
			print_error(&err);
			return EXIT_USAGE;
		}
		if (dropped != NULL) {
			dropped_note(note, sizeof note, ndropped, dropped);
			fprintf(stderr, _("aiguillage: %s\n"), note);
			free(dropped);
		}
		synced_loaded(&s->sy, it, order, norder);
		free(order);
		return 0;
	}
	if (store_case_new(s->st, store_agent(), o->config.site,
	    o->config.channel, r->version, o->date, NULL, &s->id, &err) == -1) {
		print_error(&err);
		return EXIT_RUNTIME;
	}
	return 0;
}

/*
 * No inference from the store (doc/situation.md): what is stored for a
 * case (verdicts, non-take-up, plan, documents, urgencies) is computed
 * again, by an evaluator of its own, as if every sensitive answer were
 * unknown, so that two interviews differing only in a sensitive answer
 * store the same rows. The answers themselves are never stored
 * (store_answer). The screen and the summary keep the full result.
 */
static int
finish_without_sensitive(struct store *st, int64_t id,
    const struct interview *it, const struct territory *t,
    struct error *err)
{
	const struct rules *r = it->rules;
	struct evaluator *ev = eval_new(r);
	struct situation safe;
	int k, rc;

	eval_set_territory(ev, t);
	situation_init(&safe, r);
	for (k = 0; k < r->nvars; k++) {
		if (!it->disclosed[k])
			continue;	/* unknown, unanswered */
		/* shares it->sit's arena, but for a set that lost its
		   sensitive options (situation_public) */
		safe.vals[k] = situation_public(&r->vars[k], &it->sit.vals[k],
		    &safe.arena);
		safe.answered[k] = it->sit.answered[k];
	}
	rc = store_case_finish(st, id, r, eval_run(ev, &safe, it->date), err);
	situation_release(&safe);
	eval_free(ev);
	return rc;
}

static int
session_finish(struct session *s)
{
	struct error err = { 0 };
	int rc = 0;

	if (s->st == NULL)
		return 0;
	if (synced_write(&s->sy, s->st, s->id, s->it, &err) == -1 ||
	    finish_without_sensitive(s->st, s->id, s->it, s->territory,
	    &err) == -1) {
		print_error(&err);
		rc = EXIT_RUNTIME;
	}
	return rc;
}

/*
 * Set the context variables the configuration gives (channel), and check
 * the commune and department answers given from now on against the
 * territory (a resumed case's stored answers were checked when given).
 */
static void
set_context(struct opts *o, struct interview *it)
{
	struct error err = { 0 };
	int v = rules_var_index(it->rules, "channel");

	situation_set_territory(&it->sit, o->territory);

	if (v >= 0 && !it->sit.answered[v] && o->config.channel[0] != '\0' &&
	    situation_parse_answer(&it->sit, v, o->config.channel, &err) == -1)
		fprintf(stderr, _("aiguillage: configuration: channel \"%s\" "
		    "is not an option of the rule base\n"), o->config.channel);
}

/* The class of a question for --why (eval.h, enum ask_class). */
static const char *
ask_class_name(int c)
{
	static const char *const names[] = { "urgency", "orientation",
	    "reason", "key right", "other" };

	return c >= 0 && c <= ASK_OTHER ? names[c] : "?";
}

/*
 * For rule authors: the outcomes an answer to `var` could still change,
 * at the moment it is asked (urgencies, schemes, orientation, a step of
 * the plan, a consistency check); `res` NULL: the file answers `var`
 * though its implied_if holds, and the answer is taken as given.
 */
static void
print_why(const struct rules *r, const struct result *res, int var)
{
	int i, n = 0;

	printf("%s:", r->vars[var].id);
	if (res == NULL) {		/* an answer to an implied question */
		printf(" given, implied %s\n", r->vars[var].implied_if_src);
		return;
	}
	if (varset_has(&res->open_urgencies, var))
		printf(" urgencies");
	else if (varset_has(&res->open_urgencies_full, var))
		printf(" urgencies(full)");
	for (i = 0; i < r->nnational; i++)
		if (varset_has(&res->schemes[i].open, var)) {
			if (n++ < 8)
				printf(" %s(%s)", r->schemes[i].id,
				    verdict_name(res->schemes[i].verdict));
		}
	if (n > 8)
		printf(" +%d schemes", n - 8);
	if (varset_has(&res->open_orientation, var))
		printf(" orientation");
	else if (varset_has(&res->open_plan, var))
		printf(" plan");
	if (varset_has(&res->open_warnings, var))
		printf(" consistency");
	if (res->asked_for[var] >= 0)
		printf(" ask_if(%s)", r->vars[res->asked_for[var]].id);
	for (i = 0; i < res->nnext; i++)
		if (res->next[i] == var)
			printf(" [%s]", ask_class_name(res->next_class[i]));
	putchar('\n');
}

static int
cmd_interview(struct opts *o)
{
	struct rules *r;
	struct interview *it;
	struct session sess;
	int rc, i;

	if (o->nargs > 0) {
		fprintf(stderr, _("aiguillage: interview takes no argument "
		    "(\"%s\")\n"), o->args[0]);
		return EXIT_USAGE;
	}
	if ((rc = load_rules(o, &r)) != 0)
		return rc;
	it = interview_new(r, o->date);
	it->depth = (enum depth)o->depth;
	eval_set_territory(it->ev, o->territory);
	if ((rc = session_open(o, &sess, r, it)) != 0) {
		synced_release(&sess.sy);
		interview_free(it);
		return rc;
	}
	set_context(o, it);
	if (o->replay != NULL) {
		struct situation src;
		struct error err = { 0 };

		situation_init(&src, r);
		situation_set_territory(&src, o->territory);
		if (situation_load(&src, o->replay, &err) == -1) {
			print_error(&err);
			rc = EXIT_USAGE;
		} else {
			int var, guard = 0;

			/* As interview_replay, saving every answer. */
			while ((var = interview_replay_next(it, &src)) >= 0 &&
			    guard++ <= 2 * r->nvars) {
				if (o->why)
					print_why(r, eval_implied(it->ev, var) ?
					    NULL : it->res, var);
				it->sit.vals[var] = src.answered[var] ?
				    src.vals[var] : value_unknown();
				interview_answered(it, var);
				if (session_answered(&sess, var) != 0) {
					rc = EXIT_RUNTIME;
					break;
				}
			}
			it->res = eval_run(it->ev, &it->sit, it->date);
			if (rc == 0)
				rc = session_finish(&sess);
			if (o->json) {
				report_json(stdout, r, it->res, it->history,
				    it->nhistory);
			} else {
				printf("asked (%d of %d questions):",
				    it->nhistory, r->nvars);
				for (i = 0; i < it->nhistory; i++)
					printf(" %s", r->vars[it->history[i]].id);
				printf("\n\n");
				report_text(stdout, r, it->res, o->verbose);
			}
		}
		situation_release(&src);
	} else {
		struct plain_hooks h = { session_answered, session_forgot,
		    &sess, o->territory };
		FILE *out;
		int wd, min;

		eval_clock_now(&wd, &min);	/* night and weekend lines */
		eval_set_clock(it->ev, wd, min);

		if (sess.st != NULL)
			/* TRANSLATORS: %lld is the case number, twice. */
			printf(_("Case %lld (every answer is saved; to resume: "
			    "aiguillage interview --resume %lld)\n"),
			    (long long)sess.id, (long long)sess.id);
		/* On a terminal, lines break between words, not in them. */
		if ((out = outfilter_wrap(stdout, STDOUT_FILENO)) == NULL)
			out = stdout;
		rc = plain_run(it, stdin, out, &h);
		if (out != stdout && fclose(out) == EOF && rc == 0)
			rc = 1;
		rc = rc == 1 ? EXIT_RUNTIME : rc == 2 ? EXIT_RUNTIME : 0;
		if (rc == 0)
			rc = session_finish(&sess);
	}
	synced_release(&sess.sy);
	interview_free(it);
	return rc;
}

/* A command that parses its own arguments: argv[0] is its name. */
static int
cmd_own(struct opts *o, int (*fn)(struct opts *, int, char **))
{
	char **argv = xcalloc((size_t)o->nargs + 2, sizeof *argv);
	int rc;

	argv[0] = (char *)o->command;
	memcpy(argv + 1, o->args, sizeof *argv * (size_t)o->nargs);
	rc = fn(o, o->nargs + 1, argv);
	free(argv);
	return rc;
}

static int
cmd_commune(struct opts *o)
{
	return cmd_own(o, territory_cmd_commune);
}

static int
cmd_directory(struct opts *o)
{
	return cmd_own(o, territory_cmd_directory);
}

static int
cmd_territory(struct opts *o)
{
	return cmd_own(o, territory_cmd_import);
}

/* A printer name lp accepts, with nothing a shell would interpret. */
static int
printer_name_ok(const char *p)
{
	if (*p == '\0' || *p == '-')
		return 0;
	for (; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.')
			return 0;
	return 1;
}

/*
 * The printer of `print --lp`: on PostgreSQL the one the server's agents
 * table records for the login, when it records one; else the
 * configuration's (the agent's [agent NAME] section, the site's [site
 * NAME], then `printer`). NULL, with the message said, when the
 * database could not be opened. Static storage or o->config.
 */
static const char *
lp_printer(struct opts *o)
{
	static char mine[128];
	const char *path = o->db;
	char *dflt = NULL, *p;
	struct store *st;

	if (path == NULL && o->config.database[0] != '\0')
		path = o->config.database;
	if (path == NULL)
		path = dflt = store_default_path();
	if (!store_is_conninfo(path)) {
		free(dflt);
		return o->config.printer;
	}
	free(dflt);
	if ((st = opts_store(o)) == NULL)
		return NULL;
	if ((p = store_agent_printer(st)) == NULL)
		return o->config.printer;
	snprintf(mine, sizeof mine, "%s", p);
	free(p);
	return mine;
}

/*
 * The person's summary; with --lp it goes to the agent's printer
 * (lp_printer) through lp instead of the terminal.
 */
static int
cmd_print(struct opts *o)
{
	FILE *lp;
	char cmd[256];
	const char *printer;
	int i, k, use_lp = 0, rc, saved, status;

	for (i = k = 0; i < o->nargs; i++) {
		if (strcmp(o->args[i], "--lp") == 0)
			use_lp = 1;
		else
			o->args[k++] = o->args[i];
	}
	o->nargs = k;
	if (!use_lp)
		return cmd_own(o, print_cmd);
	if ((printer = lp_printer(o)) == NULL)
		return EXIT_RUNTIME;
	if (!printer_name_ok(printer)) {
		fputs(_("aiguillage: --lp needs a printer in the "
		    "configuration (printer = NAME)\n"), stderr);
		return EXIT_USAGE;
	}
	snprintf(cmd, sizeof cmd, "lp -s -d %s", printer);
	fflush(stdout);
	if ((lp = popen(cmd, "w")) == NULL || (saved = dup(1)) == -1) {
		perror("aiguillage: lp");
		if (lp != NULL)
			pclose(lp);
		return EXIT_RUNTIME;
	}
	dup2(fileno(lp), 1);
	rc = cmd_own(o, print_cmd);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	status = pclose(lp);
	if (rc == 0 && status != 0) {
		fprintf(stderr, _("aiguillage: lp failed (printer \"%s\")\n"),
		    printer);
		rc = EXIT_RUNTIME;
	}
	return rc;
}

static int
cmd_cases(struct opts *o)
{
	store_cli_set_retention(o->config.retention_days);
	return cmd_own(o, store_cmd_cases);
}

static int
cmd_stats(struct opts *o)
{
	store_cli_set_stats_threshold(o->config.stats_threshold);
	return cmd_own(o, store_cmd_stats);
}

/* --- the full-screen application -------------------------------------- */

struct ui_store {
	struct opts	*o;
	struct store	*st;
	int64_t		 id;		/* current case, 0 none */
	int		 failed;	/* a save failed: the UI stops */
	struct error	 err;		/* the first failure */
	char		 why[1200];	/* err, formatted for the screen */
	char		 ref[24];	/* ui_case_ref() */
	struct synced	 sy;		/* of the current case */
	int		 no_store;	/* the store did not open */
};

/*
 * A save failed. The UI owns the screen: it shows ui_save_error() and
 * stops; the message goes to stderr too, once the screen is restored.
 */
static void
ui_save_failed(struct ui_store *u, const struct error *err)
{
	if (u->failed)
		return;
	u->err = *err;
	error_format(err, u->why, sizeof u->why);
	u->failed = 1;
}

static const char *
ui_case_ref(void *ctx)
{
	struct ui_store *u = ctx;

	if (u->st == NULL || u->id == 0)
		return NULL;
	snprintf(u->ref, sizeof u->ref, "%lld", (long long)u->id);
	return u->ref;
}

static const char *
ui_save_error(void *ctx)
{
	struct ui_store *u = ctx;

	return u->failed ? u->why : NULL;
}

static void
ui_started(void *ctx, struct interview *it)
{
	struct ui_store *u = ctx;
	struct error err = { 0 };

	set_context(u->o, it);
	{
		int wd, min;

		eval_clock_now(&wd, &min);	/* night and weekend lines */
		eval_set_clock(it->ev, wd, min);
	}
	u->id = 0;
	synced_release(&u->sy);
	synced_init(&u->sy, it->rules);
	if (u->st != NULL && store_case_new(u->st, store_agent(),
	    u->o->config.site, u->o->config.channel, it->rules->version,
	    it->date, NULL, &u->id, &err) == -1)
		ui_save_failed(u, &err);
}

static void
ui_answer_saved(void *ctx, const struct interview *it, int var)
{
	struct ui_store *u = ctx;
	struct error err = { 0 };

	(void)var;	/* the disclosed answers, `var` or others */
	if (u->st == NULL || u->id == 0)
		return;
	if (synced_write(&u->sy, u->st, u->id, it, &err) == -1)
		ui_save_failed(u, &err);
}

static void
ui_finished(void *ctx, const struct interview *it, const struct result *res)
{
	struct ui_store *u = ctx;
	struct error err = { 0 };

	(void)res;	/* the store gets its own, without sensitive answers */
	if (u->st != NULL && u->id != 0 && (synced_write(&u->sy, u->st, u->id,
	    it, &err) == -1 || finish_without_sensitive(u->st, u->id, it,
	    u->o->territory, &err) == -1))
		ui_save_failed(u, &err);
}

static int
ui_list_unfinished(void *ctx, struct ui_case *out, int max)
{
	struct ui_store *u = ctx;
	struct store_case *cases = NULL;
	struct error err = { 0 };
	int n = 0, i;

	if (u->st == NULL ||
	    store_unfinished(u->st, store_agent(), &cases, &n, &err) == -1)
		return 0;
	for (i = 0; i < n && i < max; i++) {
		snprintf(out[i].id, sizeof out[i].id, "%lld",
		    (long long)cases[i].id);
		/* TRANSLATORS: case number, date, number of answers. */
		snprintf(out[i].label, sizeof out[i].label,
		    Q_("case %lld — %s — %d answer", "case %lld — %s — %d "
		    "answers", cases[i].nanswers), (long long)cases[i].id,
		    cases[i].eval_date ? cases[i].eval_date : "",
		    cases[i].nanswers);
	}
	store_cases_free(cases, n);
	return i;
}

static int
ui_resume(void *ctx, const char *id, struct interview *it, char *msg,
    int msgsize)
{
	struct ui_store *u = ctx;
	struct error err = { 0 };
	int *order = NULL, norder = 0, ndropped = 0;
	char *dropped = NULL;

	if (u->st == NULL) {
		snprintf(msg, (size_t)msgsize, "%s",
		    _("the database is not available"));
		return -1;
	}
	u->id = strtoll(id, NULL, 10);
	if (store_log_access(u->st, u->id, store_agent(), "resume",
	    &err) == -1 || store_case_load(u->st, u->id, &it->sit, &order,
	    &norder, &dropped, &ndropped, &err) == -1) {
		snprintf(msg, (size_t)msgsize, "%s", err.msg);
		u->id = 0;
		return -1;
	}
	if (dropped != NULL) {
		dropped_note(msg, (size_t)msgsize, ndropped, dropped);
		free(dropped);
	}
	synced_release(&u->sy);
	synced_init(&u->sy, it->rules);
	synced_loaded(&u->sy, it, order, norder);
	free(order);
	situation_set_territory(&it->sit, u->o->territory);
	return 0;
}

/* The person's summary, from the results screen. */
static int
ui_write_summary(void *ctx, FILE *out, const struct rules *r,
    const struct interview *it, const struct result *res, int discreet)
{
	struct summary_opts so;

	(void)ctx;
	memset(&so, 0, sizeof so);
	/* The interface's language (--lang, else the configuration): the
	 * rule texts of the loaded model are already in it. `aiguillage
	 * print --lang` prints any case in either language. */
	so.lang = i18n_lang();
	so.discreet = discreet;
	/* Finished (F8) before the orientation was done, or before the
	   full check was: the sheet says so, as the results screen does. */
	if (!interview_oriented(it) && res->nnext > 0)
		so.unsettled = it->norientation;
	else
		so.rights_left = res->nnext;
	return summary_text(out, r, res, &so);
}

/*
 * Once the home screen is on the terminal: the territory (the commune
 * search, the offices of the plan) and the store (the cases), which the
 * home screen does not show. What goes wrong is said once the terminal
 * is restored (cmd_ui).
 */
static int
ui_first_frame(void *ctx, struct ui_hooks *h)
{
	struct ui_store *u = ctx;
	struct territory *territory;

	opts_hold_messages();
	if ((territory = opts_territory(u->o)) == NULL)
		return EXIT_RULES;
	h->territory = territory;
	if (!u->o->no_save && (u->st = opts_store(u->o)) == NULL) {
		u->no_store = 1;
		return EXIT_RUNTIME;
	}
	{
		/* u->st is NULL with --no-save: the screens say so. */
		struct ui_extra_ctx x = { territory, u->st,
		    u->o->config.stats_threshold };

		ui_extra_set(&x);
	}
	return 0;
}

static int
cmd_ui(struct opts *o)
{
	struct ui_store u;
	struct ui_hooks h;
	int rc;

	/* The UI loads the rules (the home screen shows their version);
	 * the territory and the store come after the first frame
	 * (ui_first_frame). */
	memset(&u, 0, sizeof u);
	u.o = o;
	memset(&h, 0, sizeof h);
	h.ctx = &u;
	h.first_frame = ui_first_frame;
	h.interview_started = ui_started;
	h.answer_saved = ui_answer_saved;
	h.interview_finished = ui_finished;
	h.save_error = ui_save_error;
	h.case_ref = ui_case_ref;
	h.list_unfinished = ui_list_unfinished;
	h.resume = ui_resume;
	h.write_summary = ui_write_summary;
	h.directory_screen = &ui_directory_screen;
	h.cases_screen = &ui_cases_screen;
	h.stats_screen = &ui_stats_screen;
	h.depth = o->depth == DEPTH_ORIENTATION;
	ui_set_hooks(&h);
	rc = ui_main(o->rules_dir, o->date);
	opts_say_held();
	if (u.no_store)
		fputs(_("aiguillage: nothing can be saved; start with "
		    "--no-save to work without saving\n"), stderr);
	if (u.failed) {
		print_error(&u.err);
		fputs(_("aiguillage: the interview was stopped: the answers "
		    "after this error were not saved\n"), stderr);
		if (rc == 0)
			rc = EXIT_RUNTIME;
	}
	synced_release(&u.sy);
	return rc;
}

/* --- options and the command table --------------------------------------- */

/* struct command.flags */
#define CMD_OWN_ARGS	0x01	/* parses the arguments after its name */
#define CMD_JSON	0x02	/* honours --json */

static const struct command {
	const char	*name;
	int		(*fn)(struct opts *);
	unsigned	 needs;		/* NEED_*, set up by command.c */
	unsigned	 flags;		/* CMD_* */
	unsigned	 opts;		/* O(...): the options it takes */
	const char	*synopsis;	/* after "aiguillage [options] NAME" */
	const char	*help;		/* what it does, one line */
} commands[] = {
	{ "interview", cmd_interview,
	    NEED_RULES | NEED_TERRITORY | NEED_STORE, CMD_JSON, O_INTERVIEW,
	    N_("[--plain] [--replay FILE [--why]] [--depth orientation|full] "
	    "[--resume ID] [--no-save] [--json]"),
	    N_("an interview (plain: line by line; --replay: from a "
	    "situation file)") },
	{ "eval", cmd_eval, NEED_RULES | NEED_TERRITORY, CMD_JSON,
	    O(JSON) | O(LINES) | O(COMPACT) | O(JOBS),
	    N_("FILE... [--json] [--compact] [--lines [--jobs N]]"),
	    N_("evaluate situations (YAML or JSON, - for stdin)") },
	{ "check", cmd_check, NEED_RULES | NEED_TERRITORY, 0, 0, "",
	    N_("validate the rule base and the territory") },
	{ "test", cmd_test, NEED_RULES | NEED_TERRITORY, 0, 0, N_("[FILE...]"),
	    N_("run the rule tests") },
	{ "commune", cmd_commune, NEED_TERRITORY, CMD_OWN_ARGS | CMD_JSON, 0,
	    N_("[-n N] [--no-offices] [--json] QUERY..."),
	    N_("find a commune and its competent offices") },
	{ "directory", cmd_directory, NEED_TERRITORY,
	    CMD_OWN_ARGS | CMD_JSON, 0,
	    N_("list|search TEXT [--kind K] [--dep D] [--commune INSEE] "
	    "[--json] | export --format data-inclusion [-o FILE] "
	    "[--verified-only] | import-annuaire FILE.json "
	    "[--department NN] [--dry-run]"),
	    N_("the service directory") },
	{ "territory", cmd_territory, NEED_TERRITORY, CMD_OWN_ARGS, 0,
	    N_("import FILE.csv [--dry-run]"),
	    N_("load a department's sectorisation (CSV: commune,office)") },
	{ "print", cmd_print, NEED_RULES | NEED_TERRITORY | NEED_STORE,
	    CMD_OWN_ARGS, 0,
	    N_("CASE|--situation FILE [--format text|html|pdf] [--lang fr|en] "
	    "[--discreet] [--ref TEXT] [--date DATE] [--lp]"),
	    N_("the person's summary") },
	{ "cases", cmd_cases, NEED_STORE, CMD_OWN_ARGS | CMD_JSON, 0,
	    N_("list [--agent LOGIN] [--unfinished] [--json] | show ID | "
	    "export [--format csv|json] [ID] | erase ID | purge [--days N]"),
	    N_("stored interviews") },
	{ "stats", cmd_stats, NEED_STORE, CMD_OWN_ARGS | CMD_JSON, 0,
	    N_("[--from DATE] [--to DATE] [--csv|--json|--export] | "
	    "--merge FILE... [--csv|--json]"),
	    N_("anonymous statistics") },
};
#define NCOMMANDS	(sizeof commands / sizeof commands[0])

/* Without a command: the full-screen application, or the plain interview. */
static const struct command default_command = {
	"", NULL, NEED_RULES | NEED_TERRITORY | NEED_STORE, CMD_JSON,
	O_INTERVIEW, "", ""
};

static const char *
program_version(void)
{
#ifdef AIG_VERSION
	return AIG_VERSION;
#else
	return "unknown";
#endif
}

static void
usage(FILE *f)
{
	size_t k;

	fprintf(f, _("usage: aiguillage [options] [command] [arguments]\n"
	    "\n"
	    "Without a command: the full-screen application on a terminal,\n"
	    "the plain interview otherwise (pipes, TERM=dumb, --plain).\n"
	    "\n"
	    "commands:\n"));
	for (k = 0; k < NCOMMANDS; k++)
		fprintf(f, "  %-10s %s\n", commands[k].name,
		    _(commands[k].help));
	fputs(_("\noptions:\n"), f);
	options_help(f, O_GLOBAL);
	fputs(_("\naiguillage COMMAND --help shows a command's arguments "
	    "and options.\n"), f);
}

static void
command_usage(FILE *f, const struct command *c)
{
	/* TRANSLATORS: the command's name, then its arguments. */
	fprintf(f, _("usage: aiguillage [options] %s %s\n"), c->name,
	    c->synopsis[0] != '\0' ? _(c->synopsis) : "");
	fprintf(f, "\n%s\n", _(c->help));
	if (c->opts != 0) {
		fputs(_("\noptions of the command:\n"), f);
		options_help(f, c->opts);
	}
	fputs(_("\noptions:\n"), f);
	options_help(f, O_GLOBAL);
}

static const struct command *
find_command(const char *name)
{
	size_t k;

	for (k = 0; k < NCOMMANDS; k++)
		if (strcmp(commands[k].name, name) == 0)
			return &commands[k];
	return NULL;
}

/* Set up the language, run the command, release what it set up. */
static int
run_command(const struct command *cmd, struct opts *o, unsigned given)
{
	struct error err = { 0 };
	const char *term;
	int rc;

	if (o->rules_dir == NULL)
		o->rules_dir = default_rules_dir();
	if (config_load(&o->config, o->config_path, &err) == -1) {
		print_error(&err);
		return EXIT_USAGE;
	}
	if (o->db == NULL && o->config.database[0] != '\0')
		o->db = o->config.database;
	/* The site's depth (config_load checked it), unless --depth. */
	if (!(given & O(DEPTH)) && o->config.depth[0] != '\0') {
		enum depth d;

		if (depth_parse(o->config.depth, &d) == 0)
			o->depth = (int)d;
	}
	(void)i18n_init(o->lang != NULL ? o->lang : o->config.language[0] ?
	    o->config.language : NULL, NULL);
	if (given & O(VERSION)) {
		printf("aiguillage %s\n", program_version());
		return 0;
	}
	if (given & O(HELP)) {
		if (cmd == &default_command)
			usage(stdout);
		else
			command_usage(stdout, cmd);
		return fflush(stdout) == EOF ? EXIT_RUNTIME : 0;
	}
	o->needs = cmd->needs;
	if (cmd != &default_command) {
		/* line by line for the plain interview's dialogue */
		(void)outfilter_install(cmd->fn == cmd_interview);
		rc = cmd->fn(o);
	} else if (o->plain || !isatty(0) || !isatty(1) ||
	    (term = getenv("TERM")) == NULL || strcmp(term, "dumb") == 0) {
		/* pipes, TERM=dumb, --plain */
		(void)outfilter_install(1);
		o->command = "interview";
		rc = cmd_interview(o);
	} else
		rc = cmd_ui(o);
	opts_release(o);
	return rc;
}

/*
 * No core dump, ever: the process holds sensitive answers (residence
 * status, violence) from the first question, and a crash must not leave
 * them in a core file or let another process of the same user read our
 * memory (PR_SET_DUMPABLE also refuses ptrace and /proc/PID/mem).
 * Issue 15, item 3. Failures are ignored: nothing better can be done.
 */
static void
no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/*
 * The heap and the stack faulted in at once (issue 19). A run touches a
 * few hundred KB of heap (the evaluator's tables, the YAML parser's
 * buffers, ncurses' three screens) and some 40 KB of stack, a page fault
 * for each page first written, and a fault costs 10 to 40 us on a
 * virtual machine (the host maps the page) where one
 * madvise(MADV_POPULATE_WRITE) fills a page in under 1 us. malloc takes
 * HEAP_START bytes more than asked when it grows the heap (M_TOP_PAD,
 * also kept when memory is given back), which the first allocation then
 * populates; the stack's mapping already spans the STACK_START bytes
 * below main's frame. M_TOP_PAD fixes glibc's thresholds, which would
 * otherwise grow with the blocks freed: M_MMAP_THRESHOLD is set above
 * what they would reach for a batch of files (a file read whole, 128 KB
 * and more), so that those stay on the heap. Not with the sanitizers,
 * whose allocator is not on the heap; nothing when the kernel cannot.
 */
#define HEAP_START	(512 * 1024)
#define STACK_START	(64 * 1024)

static void
prefault(void)
{
#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE) && \
    !defined(__SANITIZE_ADDRESS__)
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;
	char here;
	void *p;

	hi = (uintptr_t)&here & ~(page - 1);
	mem_populate((void *)(hi - STACK_START), STACK_START);
	if (mallopt(M_TOP_PAD, HEAP_START) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024) != 1 ||
	    (p = malloc(1)) == NULL)
		return;
	lo = (uintptr_t)p & ~(page - 1);
	hi = (uintptr_t)sbrk(0);
	if (hi > lo && hi - lo <= 2 * HEAP_START)
		mem_populate((void *)lo, hi - lo);
	free(p);
#endif
}

int
main(int argc, char **argv)
{
	struct opts o;
	const struct command *cmd = &default_command;
	const char *env;
	unsigned given = 0;
	int i, rc;

	no_core_dumps();
	prefault();
	memset(&o, 0, sizeof o);
	o.args = xcalloc((size_t)argc + 1, sizeof *o.args);
	o.date = date_today();
	o.command = "aiguillage";
	env = getenv("AIGUILLAGE_RULES");
	o.rules_dir = env != NULL && *env ? env : NULL;
	env = getenv("AIGUILLAGE_DB");
	o.db = env != NULL && *env ? env : NULL;
	env = getenv("AIGUILLAGE_CONFIG");
	o.config_path = env != NULL && *env ? env : NULL;
	/* The environment's language for usage errors; run_command()
	 * chooses again with --lang and the configuration. */
	(void)i18n_init(NULL, NULL);

	/* Options before the command: any of them, checked below. */
	rc = options_parse(&o, argc, argv, 1, ~0u, &given);
	if (o.lang != NULL)
		i18n_set_lang(o.lang);
	if (rc == 0 && optind < argc && strcmp(argv[optind], "help") == 0 &&
	    optind + 2 >= argc) {
		/* "help", and "help COMMAND" as git has it */
		given |= O(HELP);
		optind++;
	}
	if (rc == 0 && optind < argc) {
		if ((cmd = find_command(argv[optind])) == NULL) {
			fprintf(stderr, _("aiguillage: unknown command "
			    "\"%s\"\n"), argv[optind]);
			usage(stderr);
			rc = EXIT_USAGE;
		}
		o.command = argv[optind++];
	}
	if (rc == 0 && cmd->flags & CMD_OWN_ARGS) {
		/* Its own parser reads the rest; --help (before "--") and
		 * --json are answered here the same way for every command. */
		for (i = optind; i < argc && strcmp(argv[i], "--") != 0; i++)
			if (strcmp(argv[i], "--help") == 0 ||
			    strcmp(argv[i], "-h") == 0)
				given |= O(HELP);
			else if (strcmp(argv[i], "--json") == 0)
				given |= O(JSON);
		while (optind < argc)
			o.args[o.nargs++] = argv[optind++];
	} else if (rc == 0 && cmd != &default_command)
		rc = options_parse(&o, argc - optind + 1, argv + optind - 1, 0,
		    O_GLOBAL | cmd->opts, &given);
	if (rc == 0 && (given & O(JSON)) && !(cmd->flags & CMD_JSON)) {
		fprintf(stderr, _("aiguillage: %s has no JSON output\n"),
		    o.command);
		rc = EXIT_USAGE;
	} else if (rc == 0 && (given & ~(O_GLOBAL | cmd->opts |
	    (cmd->flags & CMD_JSON ? O(JSON) : 0)))) {
		for (i = 0; i < OPT_COUNT; i++)
			if (given & ~(O_GLOBAL | cmd->opts) & (1u << i))
				break;
		fprintf(stderr, _("aiguillage: --%s is not an option of %s\n"),
		    options_name(i), o.command);
		rc = EXIT_USAGE;
	}
	if (rc == OPTIONS_UNKNOWN) {
		usage(stderr);
		rc = EXIT_USAGE;
	}
	if (rc == 0)
		rc = run_command(cmd, &o, given);
	free(o.args);
	return rc;
}
