/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * print.c - the `print` command: a person's summary on stdout.
 *
 * The summary itself is built and rendered by render/summary.c; this
 * file finds what it is made from (a stored case, read-only, or a
 * situation file), the rule base and the territory for the offices.
 */
#include "print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "i18n.h"
#include "rules.h"
#include "situation.h"
#include "store.h"
#include "summary.h"
#include "territory.h"
#include "xmalloc.h"

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2
#define EXIT_RULES	3

struct print_ctx {
	const struct territory	*t;
	const char		*commune;
};

static int
print_offices(void *ctx, const char *kind, struct office *out, int max)
{
	const struct print_ctx *pc = ctx;

	return territory_offices(pc->t, pc->commune ? pc->commune : "", kind,
	    out, max);
}

static int
print_usage(void)
{
	fputs(_("usage: aiguillage print CASE [--format text|html] "
	    "[--lang fr|en] [--discreet] [--ref TEXT]\n"
	    "       aiguillage print --situation FILE [--date YYYY-MM-DD] "
	    "[--format text|html] [--lang fr|en] [--discreet] [--ref TEXT]\n"),
	    stderr);
	return EXIT_USAGE;
}

static void
print_error(const struct error *err)
{
	char buf[1200];

	error_format(err, buf, sizeof buf);
	fprintf(stderr, "aiguillage: %s\n", buf);
}

/* Load the case `id` into `sit`; sets *date to its evaluation date. */
static int
print_load_case(const char *db_path, const char *case_id,
    struct situation *sit, int32_t *date)
{
	struct store *st;
	struct store_case c;
	struct error err;
	char *path, *end;
	long long id;
	int rc = 0;

	id = strtoll(case_id, &end, 10);
	if (*case_id == '\0' || *end != '\0' || id <= 0) {
		fprintf(stderr, _("aiguillage: invalid case number \"%s\"\n"),
		    case_id);
		return EXIT_USAGE;
	}
	memset(&err, 0, sizeof err);
	path = db_path != NULL ? xstrdup(db_path) : store_default_path();
	st = store_open(path, STORE_READONLY, &err);
	free(path);
	if (st == NULL) {
		print_error(&err);
		return EXIT_RUNTIME;
	}
	memset(&c, 0, sizeof c);
	if (store_case_get(st, id, &c, &err) == -1 ||
	    store_case_load(st, id, sit, NULL, NULL, &err) == -1) {
		print_error(&err);
		rc = store_status(st) == STORE_NOT_FOUND ? EXIT_USAGE :
		    EXIT_RUNTIME;
	} else {
		if (c.eval_date != NULL)
			date_parse(c.eval_date, date);
		/* a read-only store cannot log: reading is still allowed */
		(void)store_log_read(st, id, store_agent(), &err);
	}
	store_case_release(&c);
	store_close(st);
	return rc;
}

int
print_cmd(const char *rules_dir, const char *db_path, int argc,
    char **argv)
{
	struct summary_opts o;
	struct print_ctx pc;
	struct rules *r;
	struct territory *t;
	struct evaluator *ev;
	struct situation sit;
	struct error err;
	const struct result *res;
	const char *format = "text", *sitfile = NULL, *case_id = NULL;
	int32_t date = date_today();
	int i, rc = 0;

	memset(&o, 0, sizeof o);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;

		if (strcmp(a, "--format") == 0 && has)
			format = argv[++i];
		else if (strcmp(a, "--lang") == 0 && has)
			o.lang = argv[++i];
		else if (strcmp(a, "--ref") == 0 && has)
			o.person_ref = argv[++i];
		else if (strcmp(a, "--situation") == 0 && has)
			sitfile = argv[++i];
		else if (strcmp(a, "--date") == 0 && has) {
			if (date_parse(argv[++i], &date) == -1) {
				fprintf(stderr, _("aiguillage: invalid date "
				    "\"%s\" (YYYY-MM-DD)\n"), argv[i]);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--discreet") == 0)
			o.discreet = 1;
		else if (a[0] == '-' && a[1] != '\0')
			return print_usage();
		else if (case_id == NULL)
			case_id = a;
		else
			return print_usage();
	}
	if ((case_id == NULL) == (sitfile == NULL) ||
	    (strcmp(format, "text") != 0 && strcmp(format, "html") != 0))
		return print_usage();
	if (o.lang != NULL && strcmp(o.lang, "fr") != 0 &&
	    strcmp(o.lang, "en") != 0) {
		fprintf(stderr, _("aiguillage: unknown language \"%s\" (fr "
		    "or en)\n"), o.lang);
		return EXIT_USAGE;
	}
	memset(&err, 0, sizeof err);
	if ((r = rules_load(rules_dir, date, &err)) == NULL) {
		print_error(&err);
		return EXIT_RULES;
	}
	/* Without a territory the summary names kinds of office only. */
	t = territory_load(rules_dir, &err);
	if (t == NULL) {
		print_error(&err);
		fputs(_("aiguillage: offices left out of the summary\n"),
		    stderr);
	}
	situation_init(&sit, r);
	memset(&err, 0, sizeof err);
	if (sitfile != NULL) {
		if (situation_load(&sit, sitfile, &err) == -1) {
			print_error(&err);
			rc = EXIT_USAGE;
		}
	} else
		rc = print_load_case(db_path, case_id, &sit, &date);
	if (rc == 0) {
		ev = eval_new(r);
		if (t != NULL)
			eval_set_territory(ev, t);
		res = eval_run(ev, &sit, date);
		pc.t = t;
		pc.commune = res->commune;
		if (t != NULL) {
			o.offices = print_offices;
			o.ctx = &pc;
		}
		if ((strcmp(format, "html") == 0 ? summary_html(stdout, r, res,
		    &o) : summary_text(stdout, r, res, &o)) == -1) {
			perror("aiguillage: write");
			rc = EXIT_RUNTIME;
		}
		eval_free(ev);
	}
	situation_release(&sit);
	if (t != NULL)
		territory_free(t);
	rules_free(r);
	return rc;
}
