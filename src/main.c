/*
 * main.c - the aiguillage command: option parsing and subcommands.
 *
 * Only this file and the UI talk to the user. Exit status (SPEC §7):
 * 0 success, 1 runtime failure, 2 bad usage or invalid input, 3 invalid
 * rule base.
 */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "eval.h"
#include "interview.h"
#include "plain.h"
#include "report.h"
#include "rules.h"
#include "ruletest.h"
#include "situation.h"
#include "store.h"
#include "store_cli.h"
#include "territory.h"
#include "territory_cli.h"
#include "summary.h"
#include "ui.h"
#include "ui_screens_extra.h"
#include "i18n.h"

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2
#define EXIT_RULES	3

struct opts {
	const char	*rules_dir;
	int32_t		 date;
	int		 date_given;
	int		 json;
	int		 verbose;
	int		 plain;
	int		 no_save;
	int		 why;		/* replay: why each question */
	long long	 resume;	/* case id, 0 none */
	const char	*replay;
	const char	*db;
	const char	*config_path;
	struct config	 config;
	const char	*lang;
	char		**args;		/* positional arguments */
	int		 nargs;
};

static char exe_rules[PATH_MAX + 16];

static void
print_error(const struct error *err)
{
	char buf[1200];

	error_format(err, buf, sizeof buf);
	fprintf(stderr, "aiguillage: %s\n", buf);
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

static void
usage(FILE *f)
{
	fputs(
"usage: aiguillage [options] <command> [arguments]\n"
"\n"
"commands:\n"
"  eval FILE... [--json]     evaluate situations (YAML or JSON, - for stdin)\n"
"  interview [--plain] [--replay FILE [--why]] [--json]\n"
"                            an interview (plain: line by line on stdin;\n"
"                            --why: what each replayed question could change)\n"
"  check                     validate the rule base\n"
"  commune QUERY             find a commune and its competent offices\n"
"  directory list|search TEXT|export --format data-inclusion\n"
"  territory import FILE.csv load a department's sectorisation\n"
"  print CASE [--format text|html] [--lang fr|en] [--lp]   the person's summary\n"
"  cases list|show|export|erase|purge   stored interviews\n"
"  stats [--from D --to D] [--csv]      anonymous statistics\n"
"  test [FILE...]            run the rule tests\n"
"  help                      this text\n"
"\n"
"options:\n"
"  --rules DIR    rule base (env AIGUILLAGE_RULES)\n"
"  --date D       evaluation date YYYY-MM-DD (default: today)\n"
"  --json         JSON output (one object per line)\n"
"  --db FILE      database (env AIGUILLAGE_DB)\n"
"  --config FILE  configuration (env AIGUILLAGE_CONFIG)\n"
"  --no-save      interview without saving it\n"
"  --resume ID    resume an unfinished interview\n"
"  -v, --verbose  more output\n", f);
}

static struct territory *territory;	/* loaded with the rules */

static int
load_rules(const struct opts *o, struct rules **out)
{
	struct error err = { 0 };

	*out = rules_load(o->rules_dir, o->date, &err);
	if (*out == NULL) {
		print_error(&err);
		return EXIT_RULES;
	}
	i18n_localize_rules(*out);
	territory = territory_load(o->rules_dir, &err);
	if (territory == NULL) {
		print_error(&err);
		rules_free(*out);
		*out = NULL;
		return EXIT_RULES;
	}
	return 0;
}

static void
unload_rules(struct rules *r)
{
	territory_free(territory);
	territory = NULL;
	rules_free(r);
}

static int
cmd_eval(struct opts *o)
{
	struct rules *r;
	struct evaluator *ev;
	struct situation sit;
	struct error err;
	int i, rc;

	if (o->nargs == 0) {
		fputs("aiguillage: eval needs a situation file (or - for "
		    "stdin)\n", stderr);
		return EXIT_USAGE;
	}
	if ((rc = load_rules(o, &r)) != 0)
		return rc;
	ev = eval_new(r);
	eval_set_territory(ev, territory);
	situation_init(&sit, r);
	for (i = 0; i < o->nargs; i++) {
		const struct result *res;

		memset(&err, 0, sizeof err);
		situation_clear(&sit);
		if (situation_load(&sit, o->args[i], &err) == -1) {
			print_error(&err);
			rc = EXIT_USAGE;
			break;
		}
		res = eval_run(ev, &sit, o->date);
		if (o->json)
			report_json(stdout, r, res, NULL, 0);
		else {
			if (o->nargs > 1)
				printf("== %s ==\n", o->args[i]);
			report_text(stdout, r, res);
		}
	}
	if (fflush(stdout) == EOF && rc == 0) {
		perror("aiguillage: write");
		rc = EXIT_RUNTIME;
	}
	situation_release(&sit);
	eval_free(ev);
	unload_rules(r);
	return rc;
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
	{
		char *tw = NULL;
		int nt = territory_check(territory, &tw);

		if (tw != NULL)
			fputs(tw, stderr);
		free(tw);
		if (nt > 0) {
			fprintf(stderr, "aiguillage: %d sector problem(s)\n",
			    nt);
			unload_rules(r);
			return EXIT_RULES;
		}
	}
	printf("%s: %d questions, %d derived variables, %d parameters, "
	    "%d schemes (+%d departmental), %d urgencies, %d consistency "
	    "checks; %d warning(s); version %s\n", o->rules_dir, r->nvars,
	    r->nderived, r->nparams, r->nnational, r->nschemes - r->nnational,
	    r->nurgencies, r->nchecks, r->nwarnings, r->version);
	unload_rules(r);
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
				printf("note: scheme %s has %d likely and %d "
				    "unlikely case(s)\n", r->schemes[i].id,
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
	unload_rules(r);
	return rc;
}

/* An interview saved answer by answer (SPEC §8). */
struct session {
	struct store		*st;
	int64_t			 id;
	const struct rules	*rules;
	struct interview	*it;
};

static int
session_answered(void *arg, int var)
{
	struct session *s = arg;
	struct error err = { 0 };

	if (s->st == NULL)
		return 0;
	if (store_answer(s->st, s->id, s->rules, var, &s->it->sit.vals[var],
	    &err) == -1) {
		print_error(&err);
		fputs("aiguillage: the answer was not saved; the interview "
		    "stops here (answers given so far are kept)\n", stderr);
		return 1;
	}
	return 0;
}

static int
session_forgot(void *arg, int var)
{
	struct session *s = arg;
	struct error err = { 0 };

	if (s->st == NULL)
		return 0;
	if (store_forget(s->st, s->id, s->rules, var, &err) == -1) {
		print_error(&err);
		return 1;
	}
	return 0;
}

/* Open the database and start (or resume) a case. */
static int
session_open(struct opts *o, struct session *s, struct rules *r,
    struct interview *it)
{
	struct error err = { 0 };
	const char *path = o->db;
	char *dflt = NULL;
	int flags = o->config.group[0] != '\0' ? STORE_GROUP : 0;

	memset(s, 0, sizeof *s);
	s->rules = r;
	s->it = it;
	if (o->no_save)
		return 0;
	if (path == NULL && o->config.database[0] != '\0')
		path = o->config.database;
	if (path == NULL)
		path = dflt = store_default_path();
	s->st = store_open(path, flags, &err);
	free(dflt);
	if (s->st == NULL) {
		print_error(&err);
		fputs("aiguillage: nothing can be saved; use --no-save to run "
		    "an interview without saving it\n", stderr);
		return EXIT_RUNTIME;
	}
	if (o->resume > 0) {
		int *order = NULL, norder = 0, i;

		s->id = o->resume;
		if (store_case_load(s->st, s->id, &it->sit, &order, &norder,
		    &err) == -1) {
			print_error(&err);
			return EXIT_USAGE;
		}
		for (i = 0; i < norder; i++)
			interview_answered(it, order[i]);
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

static int
session_finish(struct session *s)
{
	struct error err = { 0 };
	int rc = 0;

	if (s->st == NULL)
		return 0;
	if (store_case_finish(s->st, s->id, s->rules, s->it->res, &err) == -1) {
		print_error(&err);
		rc = EXIT_RUNTIME;
	}
	store_close(s->st);
	s->st = NULL;
	return rc;
}

/* Set the context variables the configuration gives (channel). */
static void
set_context(struct opts *o, struct interview *it)
{
	struct error err = { 0 };
	int v = rules_var_index(it->rules, "channel");

	if (v >= 0 && !it->sit.answered[v] && o->config.channel[0] != '\0' &&
	    situation_parse_answer(&it->sit, v, o->config.channel, &err) == -1)
		fprintf(stderr, "aiguillage: configuration: channel \"%s\" is "
		    "not an option of the rule base\n", o->config.channel);
}

/*
 * For rule authors: the outcomes an answer to `var` could still change,
 * at the moment it is asked (urgencies, schemes, orientation, a
 * consistency check); `res` NULL: the file answers `var` though its
 * implied_if holds, and the answer is taken as given.
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
	if (varset_has(&res->open_warnings, var))
		printf(" consistency");
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
		fprintf(stderr, "aiguillage: interview takes no argument "
		    "(\"%s\")\n", o->args[0]);
		return EXIT_USAGE;
	}
	if ((rc = load_rules(o, &r)) != 0)
		return rc;
	it = interview_new(r, o->date);
	eval_set_territory(it->ev, territory);
	if ((rc = session_open(o, &sess, r, it)) != 0) {
		interview_free(it);
		unload_rules(r);
		return rc;
	}
	set_context(o, it);
	if (o->replay != NULL) {
		struct situation src;
		struct error err = { 0 };

		situation_init(&src, r);
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
				report_text(stdout, r, it->res);
			}
		}
		situation_release(&src);
	} else {
		struct plain_hooks h = { session_answered, session_forgot,
		    &sess };
		int wd, min;

		eval_clock_now(&wd, &min);	/* night and weekend lines */
		eval_set_clock(it->ev, wd, min);

		if (sess.st != NULL)
			/* TRANSLATORS: %lld is the case number, twice. */
			printf(_("Case %lld (every answer is saved; to resume: "
			    "aiguillage interview --resume %lld)\n"),
			    (long long)sess.id, (long long)sess.id);
		rc = plain_run(it, stdin, stdout, &h);
		rc = rc == 1 ? EXIT_RUNTIME : rc == 2 ? EXIT_RUNTIME : 0;
		if (rc == 0)
			rc = session_finish(&sess);
	}
	if (sess.st != NULL)
		store_close(sess.st);
	interview_free(it);
	unload_rules(r);
	return rc;
}

static int
cmd_store(struct opts *o, int (*fn)(const char *, const char *, int,
    char **), const char *name)
{
	char **argv = xcalloc((size_t)o->nargs + 2, sizeof *argv);
	int rc;

	argv[0] = (char *)name;
	memcpy(argv + 1, o->args, sizeof *argv * (size_t)o->nargs);
	store_cli_set_retention(o->config.retention_days);
	rc = fn(o->rules_dir, o->db != NULL ? o->db :
	    o->config.database[0] != '\0' ? o->config.database : NULL,
	    o->nargs + 1, argv);
	free(argv);
	return rc;
}

static int
cmd_territory_fn(struct opts *o, int (*fn)(const char *, int, char **),
    const char *name)
{
	char **argv = xcalloc((size_t)o->nargs + 2, sizeof *argv);
	int rc;

	argv[0] = (char *)name;
	memcpy(argv + 1, o->args, sizeof *argv * (size_t)o->nargs);
	rc = fn(o->rules_dir, o->nargs + 1, argv);
	free(argv);
	return rc;
}

static int
cmd_commune(struct opts *o)
{
	return cmd_territory_fn(o, territory_cmd_commune, "commune");
}

static int
cmd_directory(struct opts *o)
{
	return cmd_territory_fn(o, territory_cmd_directory, "directory");
}

static int
cmd_territory(struct opts *o)
{
	return cmd_territory_fn(o, territory_cmd_import, "territory");
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
 * The person's summary; with --lp it goes to the configured printer
 * (`printer` in the configuration) through lp instead of the terminal.
 */
static int
cmd_print(struct opts *o)
{
	FILE *lp;
	char cmd[256];
	int i, k, use_lp = 0, rc, saved, status;

	for (i = k = 0; i < o->nargs; i++) {
		if (strcmp(o->args[i], "--lp") == 0)
			use_lp = 1;
		else
			o->args[k++] = o->args[i];
	}
	o->nargs = k;
	if (!use_lp)
		return cmd_store(o, summary_cmd_print, "print");
	if (!printer_name_ok(o->config.printer)) {
		fprintf(stderr, "aiguillage: --lp needs a printer in the "
		    "configuration (printer = NAME)\n");
		return EXIT_USAGE;
	}
	snprintf(cmd, sizeof cmd, "lp -s -d %s", o->config.printer);
	fflush(stdout);
	if ((lp = popen(cmd, "w")) == NULL || (saved = dup(1)) == -1) {
		perror("aiguillage: lp");
		if (lp != NULL)
			pclose(lp);
		return EXIT_RUNTIME;
	}
	dup2(fileno(lp), 1);
	rc = cmd_store(o, summary_cmd_print, "print");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	status = pclose(lp);
	if (rc == 0 && status != 0) {
		fprintf(stderr, "aiguillage: lp failed (printer \"%s\")\n",
		    o->config.printer);
		rc = EXIT_RUNTIME;
	}
	return rc;
}

static int
cmd_cases(struct opts *o)
{
	return cmd_store(o, store_cmd_cases, "cases");
}

static int
cmd_stats(struct opts *o)
{
	return cmd_store(o, store_cmd_stats, "stats");
}

/* --- the full-screen application -------------------------------------- */

struct ui_store {
	struct opts	*o;
	struct store	*st;
	int64_t		 id;		/* current case, 0 none */
	int		 failed;	/* a save failed: said once */
};

static void
ui_save_failed(struct ui_store *u, const struct error *err)
{
	/* The UI owns the screen; the message goes to stderr after it. */
	if (!u->failed)
		print_error(err);
	u->failed = 1;
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
	int rc;

	if (u->st == NULL || u->id == 0)
		return;
	if (it->sit.answered[var])
		rc = store_answer(u->st, u->id, it->rules, var,
		    &it->sit.vals[var], &err);
	else
		rc = store_forget(u->st, u->id, it->rules, var, &err);
	if (rc == -1)
		ui_save_failed(u, &err);
}

static void
ui_finished(void *ctx, const struct interview *it, const struct result *res)
{
	struct ui_store *u = ctx;
	struct error err = { 0 };

	if (u->st != NULL && u->id != 0 &&
	    store_case_finish(u->st, u->id, it->rules, res, &err) == -1)
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
	int *order = NULL, norder = 0, i;

	if (u->st == NULL) {
		snprintf(msg, (size_t)msgsize, "%s",
		    _("the database is not available"));
		return -1;
	}
	u->id = strtoll(id, NULL, 10);
	if (store_case_load(u->st, u->id, &it->sit, &order, &norder,
	    &err) == -1) {
		snprintf(msg, (size_t)msgsize, "%s", err.msg);
		u->id = 0;
		return -1;
	}
	for (i = 0; i < norder; i++)
		interview_answered(it, order[i]);
	free(order);
	return 0;
}

/* The person's summary, from the results screen. */
static int
ui_write_summary(void *ctx, FILE *out, const struct rules *r,
    const struct interview *it, const struct result *res, int discreet)
{
	struct summary_opts so;

	(void)ctx;
	(void)it;
	memset(&so, 0, sizeof so);
	/* The interface's language (--lang, else the configuration): the
	 * rule texts of the loaded model are already in it. `aiguillage
	 * print --lang` prints any case in either language. */
	so.lang = i18n_lang();
	so.discreet = discreet;
	return summary_text(out, r, res, &so);
}

static int
cmd_ui(struct opts *o)
{
	struct ui_store u = { o, NULL, 0, 0 };
	struct ui_hooks h;
	struct error terr = { 0 };
	int rc;

	/* The UI loads the rules; the territory is loaded here once, for
	 * the commune search and the offices of the plan. */
	territory = territory_load(o->rules_dir, &terr);
	if (territory == NULL) {
		print_error(&terr);
		return EXIT_RULES;
	}
	if (!o->no_save) {
		struct error err = { 0 };
		const char *path = o->db != NULL ? o->db :
		    o->config.database[0] != '\0' ? o->config.database : NULL;
		char *dflt = path == NULL ? store_default_path() : NULL;

		u.st = store_open(path != NULL ? path : dflt,
		    o->config.group[0] != '\0' ? STORE_GROUP : 0, &err);
		free(dflt);
		if (u.st == NULL) {
			print_error(&err);
			fputs("aiguillage: nothing can be saved; start with "
			    "--no-save to work without saving\n", stderr);
			territory_free(territory);
			return EXIT_RUNTIME;
		}
	}
	memset(&h, 0, sizeof h);
	h.ctx = &u;
	h.territory = territory;
	h.interview_started = ui_started;
	h.answer_saved = ui_answer_saved;
	h.interview_finished = ui_finished;
	h.list_unfinished = ui_list_unfinished;
	h.resume = ui_resume;
	h.write_summary = ui_write_summary;
	{
		/* u.st is NULL with --no-save: the screens say so. */
		struct ui_extra_ctx x = { territory, u.st };

		ui_extra_set(&x);
	}
	h.directory_screen = &ui_directory_screen;
	h.cases_screen = &ui_cases_screen;
	h.stats_screen = &ui_stats_screen;
	ui_set_hooks(&h);
	rc = ui_main(o->rules_dir, o->date);
	if (u.st != NULL)
		store_close(u.st);
	territory_free(territory);
	territory = NULL;
	return rc;
}

static const struct command {
	const char	*name;
	int		(*fn)(struct opts *);
	int		 passthrough;	/* the command parses its own options */
} commands[] = {
	{ "eval", cmd_eval, 0 },
	{ "interview", cmd_interview, 0 },
	{ "commune", cmd_commune, 1 },
	{ "directory", cmd_directory, 1 },
	{ "territory", cmd_territory, 1 },
	{ "print", cmd_print, 1 },
	{ "cases", cmd_cases, 1 },
	{ "stats", cmd_stats, 1 },
	{ "check", cmd_check, 0 },
	{ "test", cmd_test, 0 },
};

int
main(int argc, char **argv)
{
	struct opts o;
	const struct command *cmd = NULL;
	const char *env;
	int i;
	size_t k;

	memset(&o, 0, sizeof o);
	o.args = xcalloc((size_t)argc + 1, sizeof *o.args);
	o.date = date_today();
	env = getenv("AIGUILLAGE_RULES");
	o.rules_dir = env != NULL && *env ? env : NULL;
	env = getenv("AIGUILLAGE_DB");
	o.db = env != NULL && *env ? env : NULL;
	env = getenv("AIGUILLAGE_CONFIG");
	o.config_path = env != NULL && *env ? env : NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (cmd != NULL && cmd->passthrough) {
			o.args[o.nargs++] = argv[i];
			continue;
		}
		if (strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0 ||
		    strcmp(a, "--resume") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "aiguillage: %s needs a value\n",
				    a);
				{
				free(o.args);
				return EXIT_USAGE;
			}
			}
			if (a[2] == 'd')
				o.db = argv[++i];
			else if (a[2] == 'c')
				o.config_path = argv[++i];
			else {
				char *end;

				o.resume = strtoll(argv[++i], &end, 10);
				if (*end != '\0' || o.resume <= 0) {
					fprintf(stderr, "aiguillage: --resume "
					    "needs a case number\n");
					{
				free(o.args);
				return EXIT_USAGE;
			}
				}
			}
		} else if (strcmp(a, "--no-save") == 0) {
			o.no_save = 1;
		} else if (strcmp(a, "--rules") == 0 ||
		    strcmp(a, "--date") == 0 || strcmp(a, "--lang") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "aiguillage: %s needs a value\n",
				    a);
				{
				free(o.args);
				return EXIT_USAGE;
			}
			}
			if (a[2] == 'r')
				o.rules_dir = argv[++i];
			else if (a[2] == 'l')
				o.lang = argv[++i];
			else if (date_parse(argv[++i], &o.date) == -1) {
				fprintf(stderr, "aiguillage: invalid date "
				    "\"%s\" (YYYY-MM-DD)\n", argv[i]);
				{
				free(o.args);
				return EXIT_USAGE;
			}
			} else
				o.date_given = 1;
		} else if (strcmp(a, "--replay") == 0) {
			if (i + 1 >= argc) {
				fputs("aiguillage: --replay needs a file\n",
				    stderr);
				{
				free(o.args);
				return EXIT_USAGE;
			}
			}
			o.replay = argv[++i];
		} else if (strcmp(a, "--plain") == 0) {
			o.plain = 1;
		} else if (strcmp(a, "--why") == 0) {
			o.why = 1;
		} else if (strcmp(a, "--json") == 0) {
			o.json = 1;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			o.verbose = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 ||
		    (cmd == NULL && strcmp(a, "help") == 0)) {
			usage(stdout);
			free(o.args);
			return 0;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "aiguillage: unknown option \"%s\"\n", a);
			usage(stderr);
			{
				free(o.args);
				return EXIT_USAGE;
			}
		} else if (cmd == NULL) {
			for (k = 0; k < sizeof commands / sizeof commands[0];
			    k++)
				if (strcmp(commands[k].name, a) == 0)
					cmd = &commands[k];
			if (cmd == NULL) {
				fprintf(stderr, "aiguillage: unknown command "
				    "\"%s\"\n", a);
				usage(stderr);
				{
				free(o.args);
				return EXIT_USAGE;
			}
			}
		} else {
			o.args[o.nargs++] = argv[i];
		}
	}
	if (o.rules_dir == NULL)
		o.rules_dir = default_rules_dir();
	{
		struct error err = { 0 };

		if (config_load(&o.config, o.config_path, &err) == -1) {
			print_error(&err);
			{
				free(o.args);
				return EXIT_USAGE;
			}
		}
	}
	(void)i18n_init(o.lang != NULL ? o.lang : o.config.language[0] ?
	    o.config.language : NULL, NULL);
	if (cmd == NULL) {
		/* No command: the full-screen application on a terminal, the
		 * plain interview otherwise (pipes, TERM=dumb, --plain). */
		const char *term = getenv("TERM");

		if (o.plain || !isatty(0) || !isatty(1) || term == NULL ||
		    strcmp(term, "dumb") == 0)
			i = cmd_interview(&o);
		else
			i = cmd_ui(&o);
		free(o.args);
		return i;
	}
	i = cmd->fn(&o);
	free(o.args);
	return i;
}
