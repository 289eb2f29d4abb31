/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_cli.c - `aiguillage cases …` and `aiguillage stats`: list, show,
 * export, erase and purge stored interviews; anonymous statistics.
 *
 * Thin front end over store.h: it parses arguments, prints, and maps
 * failures to exit statuses. Reading another agent's case (show, export)
 * is logged in the case's access log.
 */
#include "store_cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "command.h"
#include "format.h"
#include "i18n.h"
#include "outfilter.h"
#include "report.h"
#include "rules.h"
#include "store.h"
#include "value.h"
#include "xmalloc.h"
#include "ydoc.h"

static int retention_days = 365;
static int stats_threshold = 5;

/* The shortest period `stats` reports on. */
#define STATS_MIN_DAYS	28

void
store_cli_set_stats_threshold(int n)
{
	if (n > 0)
		stats_threshold = n;
}

/* A count, or "<N" under the threshold (store_stat_text). */
static void
stat_count(long v, const char *sep)
{
	char buf[32];

	(void)store_stat_text(v, stats_threshold, buf, sizeof buf);
	printf("%s%s", buf, sep);
}

/* The same in JSON: null when hidden. */
static void
json_stat_count(struct json_writer *w, const char *key, long v)
{
	char buf[32];

	json_key(w, key);
	if (store_stat_text(v, stats_threshold, buf, sizeof buf))
		json_null_value(w);
	else
		json_int(w, v);
}

static void
stat_cell(long v, int width)
{
	char buf[32];

	(void)store_stat_text(v, stats_threshold, buf, sizeof buf);
	printf(" %*s", width, buf);
}

void
store_cli_set_retention(int days)
{
	if (days >= 0)
		retention_days = days;
}

static void
warn(const char *msg)
{
	fprintf(stderr, "aiguillage: %s\n", msg);
}

static int
usage_cases(void)
{
	fputs(_("usage: aiguillage cases list [--agent LOGIN] "
	    "[--unfinished] [--json]\n"
	    "       aiguillage cases show ID [--json]\n"
	    "       aiguillage cases export [--format csv|json] [ID]\n"
	    "       aiguillage cases erase ID\n"
	    "       aiguillage cases purge [--days N]\n"), stderr);
	return EXIT_USAGE;
}

/* A failed store call: message, and 2 for a missing case, else 1. */
static int
fail(struct store *st, const struct error *err)
{
	warn(err->msg);
	return st != NULL && (store_status(st) == STORE_NOT_FOUND ||
	    store_status(st) == STORE_INVALID) ? EXIT_USAGE : EXIT_RUNTIME;
}

static int
parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v <= 0) {
		fprintf(stderr, _("aiguillage: \"%s\" is not a case number\n"),
		    s);
		return -1;
	}
	*id = v;
	return 0;
}

static char *
when(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0 || localtime_r(&tt, &tm) == NULL)
		snprintf(buf, size, "-");
	else
		strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

/* A field that may be empty, for tab-separated lines. */
static const char *
orempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

/* One line a case: tab-separated, or a JSON object (JSON Lines). */
static int
cases_list(struct store *st, const struct store_filter *f, int json)
{
	struct json_writer w;
	struct store_case *cs;
	struct error err;
	char t[32];
	int i, n;

	if (store_case_list(st, f, &cs, &n, &err) == -1)
		return fail(st, &err);
	for (i = 0; i < n; i++) {
		if (!json) {
			printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%d\n",
			    cs[i].id, when(cs[i].created, t, sizeof t),
			    cs[i].agent, orempty(cs[i].site),
			    orempty(cs[i].channel), cs[i].finished ?
			    "finished" : "unfinished", cs[i].nanswers);
			continue;
		}
		json_writer_file(&w, stdout, 0);
		json_object_begin(&w);
		json_member_int(&w, "id", cs[i].id);
		json_member_str(&w, "created",
		    when(cs[i].created, t, sizeof t));
		json_member_str(&w, "agent", cs[i].agent);
		json_member_str(&w, "site",
		    cs[i].site != NULL ? cs[i].site : "");
		json_member_str(&w, "channel",
		    cs[i].channel != NULL ? cs[i].channel : "");
		json_member_str(&w, "status",
		    cs[i].finished ? "finished" : "unfinished");
		json_member_int(&w, "answers", cs[i].nanswers);
		json_object_end(&w);
		json_newline(&w);
		(void)json_writer_finish(&w);
	}
	store_cases_free(cs, n);
	return 0;
}

static void
print_amount(FILE *fp, const struct store_scheme *x)
{
	char buf[32];

	if (x->has_amount)
		fprintf(fp, " %s €%s%s%s", num_format_cents(x->amount, buf),
		    x->period ? "/" : "", x->period ? x->period : "",
		    x->unconfirmed ? format_unconfirmed() : "");
}

static void	export_json(FILE *, const struct store_case_data *);

/*
 * The admin role on SQLite (issue 16; doc/admin.md): root, an account
 * listed in the configuration's `admins`, or the user of a private
 * database (not shared by a group: its only agent). Agents of a shared
 * database erase their own cases only and never purge. On PostgreSQL
 * the program does not judge: the server refuses what the role of the
 * login does not allow, and we report its refusal.
 */
static int
is_admin(const struct opts *o, struct store *st)
{
	const char *me = store_agent(), *p = o->config.admins;
	size_t n = strlen(me), k;

	/* PostgreSQL: the server decides (grants, row-level security). */
	if (store_server_roles(st))
		return 1;
	if (geteuid() == 0)
		return 1;
	if (o->config.group[0] == '\0' && !store_dir_shared(store_path(st)))
		return 1;
	while (*p != '\0') {
		p += strspn(p, ", \t");
		k = strcspn(p, ", \t");
		if (k == n && k > 0 && strncmp(p, me, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

/* May we erase case `id`? Ours, or we are an administrator. 0, or the
 * exit status after the message. */
static int
may_erase(const struct opts *o, struct store *st, int64_t id)
{
	struct store_case c;
	struct error err;
	int rc = 0;

	if (is_admin(o, st))
		return 0;
	memset(&c, 0, sizeof c);
	if (store_case_get(st, id, &c, &err) == -1)
		return fail(st, &err);
	if (strcmp(c.agent, store_agent()) != 0) {
		/* TRANSLATORS: the case number, then the agent's login. */
		fprintf(stderr, _("aiguillage: cannot erase case %lld: it is "
		    "%s's; only an administrator (admins in the "
		    "configuration) may erase another agent's case\n"),
		    (long long)id, c.agent);
		rc = EXIT_RUNTIME;
	}
	store_case_release(&c);
	return rc;
}

/*
 * `now`: the version of the rules in use (NULL when they cannot be
 * read): a case evaluated with others says so, as the cases screen and a
 * reprint do.
 */
static int
cases_show(struct store *st, int64_t id, int json, const char *now)
{
	struct store_case_data d;
	struct error err;
	char t[32];
	int i;

	/* Log first: a read that cannot be logged does not happen. */
	if (store_log_read(st, id, store_agent(), &err) == -1 ||
	    store_case_fetch(st, id, &d, &err) == -1)
		return fail(st, &err);
	if (json) {	/* as cases export --format json */
		export_json(stdout, &d);
		store_case_data_release(&d);
		return 0;
	}
	/* TRANSLATORS: "cases show": the labels of the first lines are
	   padded to one width, keep them aligned. */
	printf("%s %" PRId64 "\n", _("case"), d.c.id);
	printf(_("  created    %s\n"), when(d.c.created, t, sizeof t));
	printf(_("  updated    %s\n"), when(d.c.updated, t, sizeof t));
	printf(_("  status     %s\n"), d.c.finished ? _("finished") :
	    _("unfinished"));
	printf(_("  agent      %s\n"), d.c.agent);
	printf(_("  site       %s\n"), orempty(d.c.site));
	printf(_("  channel    %s\n"), orempty(d.c.channel));
	if (now != NULL && now[0] != '\0' &&
	    strcmp(now, d.c.rules_version) != 0)
		/* TRANSLATORS: the version of the case's rules, then that of
		   the rules in use. */
		printf(_("  rules      %s (not the rules in use now: %s; "
		    "below, the result as it was then)\n"),
		    d.c.rules_version, now);
	else
		printf(_("  rules      %s\n"), d.c.rules_version);
	printf(_("  date       %s\n"), d.c.eval_date);
	if (d.c.reference != NULL)
		printf(_("  reference  %s\n"), d.c.reference);
	printf(_("answers (%d)\n"), d.nanswers);
	for (i = 0; i < d.nanswers; i++)
		printf("  %s: %s\n", d.answers[i].var, d.answers[i].value);
	if (d.c.finished) {
		printf(_("urgencies (%d)\n"), d.nurgencies);
		for (i = 0; i < d.nurgencies; i++)
			printf("  %s %s\n", orempty(d.urgencies[i].priority),
			    d.urgencies[i].urgency);
		printf("%s", _("schemes\n"));
		for (i = 0; i < d.nschemes; i++) {
			const struct store_scheme *x = &d.schemes[i];

			if (strcmp(x->verdict, "unlikely") == 0)
				continue;
			printf("  %-8s %s", x->verdict, x->scheme);
			if (x->variant != NULL)
				printf(" (%s)", x->variant);
			print_amount(stdout, x);
			if (x->received)
				printf("%s", _(" [received]"));
			else if (x->non_take_up)
				printf("%s", _(" [non-take-up]"));
			printf("\n");
		}
		printf(_("plan (%d)\n"), d.nplan);
		for (i = 0; i < d.nplan; i++)
			printf("  %d. %s%s%s%s\n", d.plan[i].step,
			    orempty(d.plan[i].title), d.plan[i].schemes[0] ?
			    " [" : "", d.plan[i].schemes, d.plan[i].schemes[0] ?
			    "]" : "");
		printf(_("documents (%d)\n"), d.ndocuments);
		for (i = 0; i < d.ndocuments; i++)
			printf("  %s\n", d.documents[i]);
	}
	if (d.nreads > 0) {
		printf("%s", _("read by\n"));
		for (i = 0; i < d.nreads; i++)
			printf("  %s %s (%s)\n", when(d.reads[i].at, t,
			    sizeof t), d.reads[i].reader, d.reads[i].action);
	}
	store_case_data_release(&d);
	return 0;
}

/* ---- export ---------------------------------------------------------- */

/* A stored answer (the YAML text of store_value_text) as JSON. */
static void
json_answer(struct json_writer *w, const char *text)
{
	struct ydoc doc;
	struct error err;
	char *yaml = xasprintf("v: %s\n", text);

	if (ydoc_parse(&doc, "answer", yaml, strlen(yaml), &err) == 0) {
		json_ynode_value(w, ynode_get(doc.root, "v"), NULL);
		ydoc_release(&doc);
	} else {
		json_str(w, text);
	}
	free(yaml);
}

static void
export_json(FILE *fp, const struct store_case_data *d)
{
	struct json_writer w;
	char t[32];
	int i;

	json_writer_file(&w, fp, 0);
	json_object_begin(&w);
	json_member_int(&w, "id", d->c.id);
	json_member_str(&w, "created", when(d->c.created, t, sizeof t));
	json_member_str(&w, "status",
	    d->c.finished ? "finished" : "unfinished");
	json_member_str(&w, "agent", d->c.agent);
	json_member_str(&w, "site", d->c.site);
	json_member_str(&w, "channel", d->c.channel);
	json_member_str(&w, "rules_version", d->c.rules_version);
	json_member_str(&w, "date", d->c.eval_date);
	json_member_str(&w, "reference", d->c.reference);
	json_key(&w, "answers");
	json_object_begin(&w);
	for (i = 0; i < d->nanswers; i++) {
		json_key(&w, d->answers[i].var);
		json_answer(&w, d->answers[i].value);
	}
	json_object_end(&w);
	json_key(&w, "urgencies");
	json_array_begin(&w);
	for (i = 0; i < d->nurgencies; i++) {
		json_object_begin(&w);
		json_member_str(&w, "id", d->urgencies[i].urgency);
		json_member_str(&w, "priority", d->urgencies[i].priority);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "schemes");
	json_array_begin(&w);
	for (i = 0; i < d->nschemes; i++) {
		const struct store_scheme *x = &d->schemes[i];

		json_object_begin(&w);
		json_member_str(&w, "id", x->scheme);
		json_member_str(&w, "code", x->code);
		json_member_str(&w, "domain", x->domain);
		json_member_str(&w, "verdict", x->verdict);
		json_member_str(&w, "variant", x->variant);
		json_key(&w, "amount");
		if (x->has_amount)
			json_cents(&w, x->amount);
		else
			json_null_value(&w);
		json_member_str(&w, "period", x->period);
		if (x->unconfirmed) {	/* as `eval --json` */
			json_key(&w, "amount_unconfirmed");
			json_bool(&w, 1);
		}
		json_key(&w, "non_take_up");
		json_bool(&w, x->non_take_up);
		json_key(&w, "received");
		json_bool(&w, x->received);
		json_member_str(&w, "route", x->route);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "plan");
	json_array_begin(&w);
	for (i = 0; i < d->nplan; i++) {
		json_object_begin(&w);
		json_member_int(&w, "step", d->plan[i].step);
		json_member_str(&w, "service", d->plan[i].service);
		json_member_str(&w, "title", d->plan[i].title);
		json_member_str(&w, "why", d->plan[i].why);
		json_member_str(&w, "schemes", d->plan[i].schemes);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "documents");
	json_array_begin(&w);
	for (i = 0; i < d->ndocuments; i++)
		json_str(&w, d->documents[i]);
	json_array_end(&w);
	json_object_end(&w);
	json_newline(&w);
	(void)json_writer_finish(&w);
}

/* One CSV field, quoted when needed (RFC 4180). */
static void
csv_field(FILE *fp, const char *s, int last)
{
	const char *p;

	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\n\r") != NULL) {
		fputc('"', fp);
		fputs(outfilter_csv_guard(s), fp);
		for (p = s; *p; p++) {
			if (*p == '"')
				fputc('"', fp);
			fputc(*p, fp);
		}
		fputc('"', fp);
	} else {
		fputs(outfilter_csv_guard(s), fp);
		fputs(s, fp);
	}
	fputc(last ? '\n' : ',', fp);
}

/* Long format: case,section,key,value,detail. */
static void
csv_row(FILE *fp, int64_t id, const char *section, const char *key,
    const char *value, const char *detail)
{
	fprintf(fp, "%" PRId64 ",", id);
	csv_field(fp, section, 0);
	csv_field(fp, key, 0);
	csv_field(fp, value, 0);
	csv_field(fp, detail, 1);
}

static void
export_csv(FILE *fp, const struct store_case_data *d)
{
	char t[32], buf[32], step[16];
	int64_t id = d->c.id;
	int i;

	csv_row(fp, id, "case", "created", when(d->c.created, t, sizeof t),
	    NULL);
	csv_row(fp, id, "case", "status", d->c.finished ? "finished" :
	    "unfinished", NULL);
	csv_row(fp, id, "case", "agent", d->c.agent, NULL);
	csv_row(fp, id, "case", "site", d->c.site, NULL);
	csv_row(fp, id, "case", "channel", d->c.channel, NULL);
	csv_row(fp, id, "case", "rules_version", d->c.rules_version, NULL);
	csv_row(fp, id, "case", "date", d->c.eval_date, NULL);
	if (d->c.reference != NULL)
		csv_row(fp, id, "case", "reference", d->c.reference, NULL);
	for (i = 0; i < d->nanswers; i++)
		csv_row(fp, id, "answer", d->answers[i].var,
		    d->answers[i].value, NULL);
	for (i = 0; i < d->nurgencies; i++)
		csv_row(fp, id, "urgency", d->urgencies[i].urgency,
		    d->urgencies[i].priority, NULL);
	for (i = 0; i < d->nschemes; i++) {
		const struct store_scheme *x = &d->schemes[i];

		csv_row(fp, id, "scheme", x->scheme, x->verdict, x->has_amount ?
		    num_format_cents(x->amount, buf) : NULL);
		if (x->non_take_up)
			csv_row(fp, id, "non_take_up", x->scheme, "true", NULL);
		if (x->received)
			csv_row(fp, id, "received", x->scheme, "true", NULL);
		if (x->unconfirmed)
			csv_row(fp, id, "amount_unconfirmed", x->scheme, "true",
			    NULL);
	}
	for (i = 0; i < d->nplan; i++) {
		snprintf(step, sizeof step, "%d", d->plan[i].step);
		csv_row(fp, id, "plan", step, d->plan[i].service,
		    d->plan[i].schemes);
	}
	for (i = 0; i < d->ndocuments; i++)
		csv_row(fp, id, "document", d->documents[i], NULL, NULL);
}

static int
export_one(struct store *st, int64_t id, int csv)
{
	struct store_case_data d;
	struct error err;

	if (store_log_access(st, id, store_agent(), "export", &err) == -1 ||
	    store_case_fetch(st, id, &d, &err) == -1)
		return fail(st, &err);
	if (csv)
		export_csv(stdout, &d);
	else
		export_json(stdout, &d);
	store_case_data_release(&d);
	return 0;
}

static int
cases_export(struct store *st, const char *id_arg, int csv)
{
	struct store_case *cs;
	struct error err;
	int64_t id;
	int i, n, rc = 0;

	if (csv)
		printf("case,section,key,value,detail\n");
	if (id_arg != NULL) {
		if (parse_id(id_arg, &id) == -1)
			return EXIT_USAGE;
		return export_one(st, id, csv);
	}
	if (store_case_list(st, NULL, &cs, &n, &err) == -1)
		return fail(st, &err);
	for (i = n - 1; i >= 0 && rc == 0; i--)	/* oldest first */
		rc = export_one(st, cs[i].id, csv);
	store_cases_free(cs, n);
	return rc;
}

/* The options of the cases subcommands, and which take each. */
enum { CO_AGENT = 1, CO_UNFINISHED, CO_JSON, CO_FORMAT, CO_DAYS };

int
store_cmd_cases(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "agent", required_argument, NULL, CO_AGENT },
		{ "unfinished", no_argument, NULL, CO_UNFINISHED },
		{ "json", no_argument, NULL, CO_JSON },
		{ "format", required_argument, NULL, CO_FORMAT },
		{ "days", required_argument, NULL, CO_DAYS },
		{ NULL, 0, NULL, 0 }
	};
	struct store_filter f = { NULL, 0, -1, -1 };
	struct store *st;
	struct error err;
	const char *sub, *format = NULL, *arg = NULL;
	int64_t id;
	int c, rc, count, days = retention_days, json = o->json;
	unsigned allowed;
	char *end;
	long v;

	if (argc < 2)
		return usage_cases();
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "help") == 0) {
		usage_cases();
		return 0;
	}
	if (strcmp(sub, "list") == 0)
		allowed = 1u << CO_AGENT | 1u << CO_UNFINISHED | 1u << CO_JSON;
	else if (strcmp(sub, "show") == 0)
		allowed = 1u << CO_JSON;
	else if (strcmp(sub, "export") == 0)
		allowed = 1u << CO_FORMAT | 1u << CO_JSON;
	else if (strcmp(sub, "purge") == 0)
		allowed = 1u << CO_DAYS;
	else if (strcmp(sub, "erase") == 0)
		allowed = 0;
	else {
		fprintf(stderr, _("aiguillage: unknown cases command \"%s\"\n"),
		    sub);
		return usage_cases();
	}
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":", longopts,
	    NULL)) != -1) {
		if (c == CO_JSON && !(allowed & 1u << CO_JSON)) {
			fprintf(stderr, _("aiguillage: cases %s has no JSON "
			    "output\n"), sub);
			return EXIT_USAGE;
		}
		if (c < CO_AGENT || c > CO_DAYS || !(allowed & 1u << c))
			return usage_cases();
		switch (c) {
		case CO_AGENT:
			f.agent = optarg;
			break;
		case CO_UNFINISHED:
			f.unfinished = 1;
			break;
		case CO_JSON:
			json = 1;
			break;
		case CO_FORMAT:
			format = optarg;
			break;
		case CO_DAYS:
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > 100000) {
				fprintf(stderr, _("aiguillage: \"%s\" is not "
				    "a number of days\n"), optarg);
				return EXIT_USAGE;
			}
			days = (int)v;
			break;
		}
	}
	if (json && !(allowed & 1u << CO_JSON)) {	/* global --json */
		fprintf(stderr, _("aiguillage: cases %s has no JSON output\n"),
		    sub);
		return EXIT_USAGE;
	}
	optind++;	/* past the subcommand: argv + 1 was parsed */
	if (optind < argc)
		arg = argv[optind++];
	if (optind < argc)
		return usage_cases();
	if ((strcmp(sub, "show") == 0 || strcmp(sub, "erase") == 0) &&
	    arg == NULL)
		return usage_cases();
	if ((strcmp(sub, "list") == 0 || strcmp(sub, "purge") == 0) &&
	    arg != NULL)
		return usage_cases();
	if (arg != NULL && strcmp(sub, "export") != 0 &&
	    parse_id(arg, &id) == -1)
		return EXIT_USAGE;
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0) {
		fprintf(stderr, _("aiguillage: unknown export format \"%s\" "
		    "(csv or json)\n"), format);
		return EXIT_USAGE;
	}
	if (json && format != NULL && strcmp(format, "csv") == 0)
		return usage_cases();
	if ((st = opts_store(o)) == NULL)
		return EXIT_RUNTIME;
	if (strcmp(sub, "list") == 0) {
		rc = cases_list(st, &f, json);
	} else if (strcmp(sub, "show") == 0) {
		const struct rules *r = NULL;

		/* The rules in use, to compare versions: read only here
		   (`cases` needs the store alone); broken, they are named
		   and the case still shown. */
		if (!json) {
			o->needs |= NEED_RULES;
			r = opts_rules(o);
		}
		rc = cases_show(st, id, json, r != NULL ? r->version : NULL);
	} else if (strcmp(sub, "export") == 0) {
		rc = cases_export(st, arg, format != NULL &&
		    strcmp(format, "csv") == 0);
	} else if (strcmp(sub, "erase") == 0) {
		if ((rc = may_erase(o, st, id)) != 0)
			return rc;
		rc = store_case_erase(st, id, &err);
		if (rc == -1) {
			rc = fail(st, &err);
		} else {
			printf("erased case %" PRId64 "\n", id);
			if (rc == 1)
				warn(_("another program is reading the "
				    "database: the erased data leaves the "
				    "write-ahead log at the next checkpoint"));
			rc = 0;
		}
	} else {
		if (!is_admin(o, st)) {
			fputs(_("aiguillage: cannot purge a shared database: "
			    "only an administrator (root, or admins in the "
			    "configuration) may purge it\n"), stderr);
			return EXIT_RUNTIME;
		}
		rc = store_purge(st, days, &count, &err);
		if (rc == -1) {
			rc = fail(st, &err);
		} else {
			printf("purged %d case%s older than %d days\n", count,
			    count == 1 ? "" : "s", days);
			rc = 0;
		}
	}
	return rc;
}

static int
usage_stats(void)
{
	fputs(_("usage: aiguillage stats [--from YYYY-MM-DD] "
	    "[--to YYYY-MM-DD] [--csv|--json]\n"
	    "       aiguillage stats --export [--from YYYY-MM-DD] "
	    "[--to YYYY-MM-DD]\n"
	    "       aiguillage stats --merge FILE... [--csv|--json]\n"), stderr);
	return EXIT_USAGE;
}

/* The first line of a `stats --export` file: version 2 has the
   rights received; a merge still reads version 1 (without them). */
#define STATS_EXPORT_HEAD	"# aiguillage stats export 2"
#define STATS_EXPORT_HEAD1	"# aiguillage stats export 1"

/* The counts of a stats row, in their order, with their text width. */
static const struct {
	const char	*name;
	size_t		 off;
	int		 width;
} stat_cols[] = {
	{ "cases", offsetof(struct store_stat, cases), 7 },
	{ "likely", offsetof(struct store_stat, likely), 7 },
	{ "to_check", offsetof(struct store_stat, to_check), 8 },
	{ "unlikely", offsetof(struct store_stat, unlikely), 8 },
	{ "non_take_up", offsetof(struct store_stat, non_take_up), 11 },
	{ "received", offsetof(struct store_stat, received), 8 },
};
#define NSTAT_COLS	((int)(sizeof stat_cols / sizeof *stat_cols))

static long
stat_col(const struct store_stat *s, int k)
{
	long v;

	memcpy(&v, (const char *)s + stat_cols[k].off, sizeof v);
	return v;
}

/* The CSV header line of the counts (stats --csv and --export). */
static void
stat_csv_head(void)
{
	int k;

	fputs("dimension,key", stdout);
	for (k = 0; k < NSTAT_COLS; k++)
		printf(",%s", stat_cols[k].name);
	putchar('\n');
}

static void
print_stats(const struct store_stat *s, int n, int csv, int json)
{
	const char *dim = NULL;
	int i, k;

	if (csv)
		stat_csv_head();
	for (i = 0; i < n; i++) {
		if (json) {
			struct json_writer w;

			json_writer_file(&w, stdout, 0);
			json_object_begin(&w);
			json_member_str(&w, "dimension", s[i].dim);
			json_member_str(&w, "key", s[i].key);
			for (k = 0; k < NSTAT_COLS; k++)
				json_stat_count(&w, stat_cols[k].name,
				    stat_col(&s[i], k));
			json_object_end(&w);
			json_newline(&w);
			(void)json_writer_finish(&w);
		} else if (csv) {
			fputs(s[i].dim, stdout);
			fputc(',', stdout);
			csv_field(stdout, s[i].key, 0);
			for (k = 0; k < NSTAT_COLS; k++)
				stat_count(stat_col(&s[i], k),
				    k + 1 < NSTAT_COLS ? "," : "\n");
		} else {
			if (dim == NULL || strcmp(dim, s[i].dim) != 0) {
				dim = s[i].dim;
				printf("%s%-28s", i ? "\n" : "", dim);
				for (k = 0; k < NSTAT_COLS; k++)
					printf(" %*s", stat_cols[k].width,
					    stat_cols[k].name);
				putchar('\n');
			}
			printf("  %-26.26s", *s[i].key ? s[i].key : "-");
			for (k = 0; k < NSTAT_COLS; k++)
				stat_cell(stat_col(&s[i], k),
				    stat_cols[k].width);
			putchar('\n');
		}
	}
}

/*
 * `stats --export`: the counts of this site for a merge elsewhere, exact
 * (a merge sums them; the threshold applies to what the merge shows).
 * Counts only: no case, answer or agent leaves the site.
 */
static void
export_stats(const struct store_stat *s, int n)
{
	const char *p;
	int i, k;

	printf("%s\n", STATS_EXPORT_HEAD);
	stat_csv_head();
	for (i = 0; i < n; i++) {
		printf("%s,\"", s[i].dim);
		for (p = s[i].key; *p; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
		for (k = 0; k < NSTAT_COLS; k++)
			printf(",%ld", stat_col(&s[i], k));
		putchar('\n');
	}
}

static int
dim_index(const char *d)
{
	static const char *const dims[] = { "total", "channel", "site",
	    "month", "domain", "scheme", "service", "site_channel" };
	int i;

	for (i = 0; i < (int)(sizeof dims / sizeof dims[0]); i++)
		if (strcmp(dims[i], d) == 0)
			return i;
	return -1;
}

static const char *
dim_name(const char *d)
{
	static const char *const dims[] = { "total", "channel", "site",
	    "month", "domain", "scheme", "service", "site_channel" };
	int i = dim_index(d);

	return i >= 0 ? dims[i] : NULL;
}

static int
cmp_stat(const void *a, const void *b)
{
	const struct store_stat *x = a, *y = b;
	int d = dim_index(x->dim) - dim_index(y->dim);

	return d != 0 ? d : strcmp(x->key, y->key);
}

/* Parse one line of an export of `ncounts` counts (5: version 1, 6)
 * into `x` (key allocated). 0, or the column of the error (1-based). */
static int
parse_export_line(char *line, int ncounts, struct store_stat *x)
{
	char *p = line, *comma, *k, *end;
	long v[NSTAT_COLS] = { 0 };
	int i;

	if ((comma = strchr(p, ',')) == NULL)
		return 1;
	*comma = '\0';
	if ((x->dim = dim_name(p)) == NULL)
		return 1;
	p = comma + 1;
	k = xmalloc(strlen(p) + 1);
	i = 0;
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"')
				k[i++] = *p++;
			else if (*p == '"')
				break;
			else
				k[i++] = *p;
		}
		if (*p != '"') {
			free(k);
			return (int)(p - line) + 1;
		}
		p++;
	} else {
		while (*p && *p != ',')
			k[i++] = *p++;
	}
	k[i] = '\0';
	x->key = k;
	for (i = 0; i < ncounts; i++) {
		if (*p != ',') {
			free(k);
			return (int)(p - line) + 1;
		}
		p++;
		v[i] = strtol(p, &end, 10);
		if (end == p || v[i] < 0 || v[i] > 100000000) {
			free(k);
			return (int)(p - line) + 1;
		}
		p = end;
	}
	if (*p != '\0' && *p != '\n' && *p != '\r') {
		free(k);
		return (int)(p - line) + 1;
	}
	x->cases = v[0];
	x->likely = v[1];
	x->to_check = v[2];
	x->unlikely = v[3];
	x->non_take_up = v[4];
	x->received = v[5];
	return 0;
}

/* Add the counts of export file `path` into *s (summing equal keys). */
static int
merge_file(const char *path, struct store_stat **s, int *n, int *cap)
{
	struct error err;
	char line[4096];
	FILE *fp;
	int lineno = 0, col, i, ncounts = NSTAT_COLS;

	if ((fp = file_open_regular(path, &err)) == NULL) {
		fprintf(stderr, _("aiguillage: cannot read \"%s\": %s\n"), path,
		    err.msg);
		return EXIT_RUNTIME;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		struct store_stat x;

		lineno++;
		if (lineno == 1) {
			if (strncmp(line, STATS_EXPORT_HEAD1,
			    strlen(STATS_EXPORT_HEAD1)) == 0) {
				/* An earlier aiguillage's: no received. */
				ncounts = NSTAT_COLS - 1;
				fprintf(stderr, _("aiguillage: %s: an export of "
				    "an earlier version, without the rights "
				    "received: they are left out of the "
				    "counts\n"), path);
			} else if (strncmp(line, STATS_EXPORT_HEAD,
			    strlen(STATS_EXPORT_HEAD)) != 0)
				goto bad;
			continue;
		}
		if (lineno == 2 || line[0] == '\n')
			continue;	/* the column names */
		memset(&x, 0, sizeof x);
		if ((col = parse_export_line(line, ncounts, &x)) != 0) {
			fprintf(stderr, _("aiguillage: %s:%d:%d: not a line of "
			    "a stats export\n"), path, lineno, col);
			fclose(fp);
			return EXIT_USAGE;
		}
		for (i = 0; i < *n; i++)
			if ((*s)[i].dim == x.dim && strcmp((*s)[i].key,
			    x.key) == 0)
				break;
		if (i < *n) {
			(*s)[i].cases += x.cases;
			(*s)[i].likely += x.likely;
			(*s)[i].to_check += x.to_check;
			(*s)[i].unlikely += x.unlikely;
			(*s)[i].non_take_up += x.non_take_up;
			(*s)[i].received += x.received;
			free(x.key);
			continue;
		}
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*s = xrealloc(*s, sizeof **s * (size_t)*cap);
		}
		(*s)[(*n)++] = x;
	}
	fclose(fp);
	if (lineno > 0)
		return 0;
bad:
	fprintf(stderr, _("aiguillage: %s:1:1: not a stats export (it "
	    "starts with \"%s\")\n"), path, STATS_EXPORT_HEAD);
	fclose(fp);
	return EXIT_USAGE;
}

int
store_cmd_stats(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "export", no_argument, NULL, 'e' },
		{ "merge", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_stat *s = NULL;
	struct store *st;
	struct error err;
	int32_t from = -1, to = -1;
	int i, n = 0, cap = 0, c, rc = 0, csv = 0, json = o->json;
	int export = 0, merge = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			csv = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'e':
			export = 1;
			break;
		case 'm':
			merge = 1;
			break;
		case 'f':
		case 't':
			if (date_parse(optarg, c == 'f' ? &from : &to) == -1) {
				fprintf(stderr, _("aiguillage: \"%s\" is not "
				    "a date (YYYY-MM-DD)\n"), optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return usage_stats();
		}
	}
	if ((optind < argc && !merge) || (merge && optind == argc) ||
	    (csv && json) || (export && (csv || json || merge)) ||
	    (merge && (from >= 0 || to >= 0)))
		return usage_stats();
	if (merge) {
		/* Sums of other sites' exports: no database needed. */
		for (i = optind; i < argc && rc == 0; i++)
			rc = merge_file(argv[i], &s, &n, &cap);
		if (rc == 0) {
			if (n > 0)
				qsort(s, (size_t)n, sizeof *s, cmp_stat);
			print_stats(s, n, csv, json);
		}
		store_stats_free(s, n);
		return rc;
	}
	if (from >= 0 && to >= 0 && from > to) {
		warn(_("--from is after --to"));
		return EXIT_USAGE;
	}
	/* A day or a week of statistics can be one person's interview. */
	if (from >= 0 && (to >= 0 ? to : date_today()) - from + 1 <
	    STATS_MIN_DAYS) {
		warn(_("statistics cover at least a month (28 days)"));
		return EXIT_USAGE;
	}
	if ((st = opts_store(o)) == NULL)
		return EXIT_RUNTIME;
	if (store_stats(st, from, to, &s, &n, &err) == -1)
		return fail(st, &err);
	if (export)
		export_stats(s, n);
	else
		print_stats(s, n, csv, json);
	store_stats_free(s, n);
	return 0;
}
