/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * territory_cli.c - `aiguillage commune`, `directory` and `territory
 * import`: thin front ends over the territory module.
 */
#include "territory_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annuaire.h"
#include "command.h"
#include "format.h"
#include "i18n.h"
#include "report.h"
#include "territory.h"

#define MAX_RESULTS	200
#define MAX_OFFICES	32

/* "aiguillage: unknown option" for what getopt_long refused at argv[i]. */
static int
bad_option(int c, char **argv, int i)
{
	if (c == ':')
		fprintf(stderr, _("aiguillage: option \"%s\" needs a value\n"),
		    argv[i - 1]);
	else
		fprintf(stderr, _("aiguillage: unknown option \"%s\"\n"),
		    argv[i - 1]);
	return EXIT_USAGE;
}

static int
usage(const char *text)
{
	fprintf(stderr, "aiguillage: %s\n", text);
	return EXIT_USAGE;
}

static int
verified(const struct service *s)
{
	return s->verif.status == VERIF_VERIFIED &&
	    s->structure->verif.status == VERIF_VERIFIED;
}

/*
 * Where an office's facts come from: "source: URL (2024-02-20)", or that
 * none is citable. The structure's source when the service has none.
 */
static void
print_source(const struct service *s, const char *indent)
{
	const struct verification *v = s->verif.source != NULL ? &s->verif :
	    &s->structure->verif;

	if (v->source == NULL) {
		printf(_("%ssource: none citable\n"), indent);
		return;
	}
	printf(_("%ssource: %s (%s)\n"), indent, v->source,
	    v->source_date != NULL ? v->source_date : _("undated"));
}

/* One office: name, address, phone, hours, verification mark, source. */
static void
print_office(const struct office *o, const char *indent)
{
	const struct service *s = o->service;
	const struct structure *st = s->structure;
	const char *hours;
	char phone[64];

	printf("%s%s", indent, s->name);
	if (!verified(s))
		printf(" %s", _("[to verify]"));
	if (st->state == STRUCT_TO_CONFIRM)
		printf(" %s", _("(opening to confirm)"));
	printf("\n");
	if (st->address != NULL || st->town != NULL)
		printf("%s  %s%s%s%s%s\n", indent,
		    st->address ? st->address : "",
		    st->address && st->town ? ", " : "",
		    st->postcode ? st->postcode : "",
		    st->postcode && st->town ? " " : "",
		    st->town ? st->town : "");
	if (s->phone != NULL) {
		territory_phone_format(s->phone, phone, sizeof phone);
		/* TRANSLATORS: a telephone number in the list of offices. */
		printf(_("%s  tel. %s\n"), indent, phone);
	}
	if ((hours = territory_service_hours(s)) != NULL) {
		char h[512];

		printf(_("%s  hours: %s\n"), indent,
		    format_hours(hours, h, sizeof h));
	}
	if (s->link != NULL && s->phone == NULL)
		printf("%s  %s\n", indent, s->link);
	{
		char more[32];

		snprintf(more, sizeof more, "%s  ", indent);
		print_source(s, more);
	}
}

/*
 * Office o[i], not known to be the competent one: one short line (name,
 * town, marks) and its source, under a heading that says why it is listed
 * (the first of a run of the same reason); the nearest ones with their
 * distance.
 */
static void
print_unconfirmed(const struct office *o, int i)
{
	const struct structure *st = o[i].service->structure;

	if (i == 0 || o[i - 1].why != o[i].why)
		printf("%s", o[i].why == OFFICE_NEAREST ? _("    no office "
		    "known to be competent for the commune: the nearest "
		    "first\n") : _("    offices of the department (the "
		    "competent one is not known):\n"));
	printf("      %s%s%s%s%s\n", st->name, st->town ? ", " : "",
	    st->town ? st->town : "", verified(o[i].service) ? "" :
	    _(" [to verify]"), st->state == STRUCT_TO_CONFIRM ?
	    _(" (opening to confirm)") : "");
	print_source(o[i].service, "        ");
	if (o[i].why == OFFICE_NEAREST)
		/* TRANSLATORS: %d is a distance in kilometres. */
		printf(_("        nearest, not confirmed as competent: %d km "
		    "between the commune centres\n"), o[i].km);
}

static void
print_offices(const struct territory *t, const struct commune *c)
{
	const struct service *contact = NULL;
	const struct directory_file *df = territory_department(t, c->dep);
	struct office o[MAX_OFFICES];
	char unknown[2048] = "", unsure[2048] = "";
	int k, i, n, shown, near;

	/* TRANSLATORS: commune name, department code, INSEE code. */
	printf(_("\nOffices for %s (%s), INSEE %s:\n"), c->name, c->dep,
	    c->insee);
	if (df == NULL)
		printf(_("  no directory for department %s: national numbers "
		    "only\n"), c->dep);
	for (k = 0; k < t->nkinds; k++) {
		const struct territory_kind *kd = &t->kinds[k];

		if (kd->line)
			continue;
		n = territory_offices(t, c->insee, kd->id, o, MAX_OFFICES);
		if (n == 0)
			continue;
		shown = near = 0;
		for (i = 0; i < n; i++)
			near |= o[i].why == OFFICE_NEAREST;
		for (i = 0; i < n; i++) {
			if (o[i].why == OFFICE_CONTACT_GENERAL) {
				/* Nearest offices placed or none. */
				char *list = near ? unsure : unknown;

				contact = o[i].service;
				if (strlen(list) + strlen(kd->name) + 4 <
				    sizeof unknown) {
					if (*list)
						strcat(list, "; ");
					strcat(list, kd->name);
				}
				continue;
			}
			if (!shown++)
				printf("  %s\n", kd->name);
			if (o[i].why == OFFICE_DEPARTMENT_UNSECTORED ||
			    o[i].why == OFFICE_NEAREST) {
				print_unconfirmed(o, i);
				continue;
			}
			print_office(&o[i], "    ");
			if (o[i].why == OFFICE_NATIONAL)
				printf("%s", _("      (national number)\n"));
		}
	}
	if (contact != NULL) {
		struct office co = { contact, OFFICE_CONTACT_GENERAL, -1 };

		if (*unknown)
			printf(_("  Competent office not known for this "
			    "commune (no sector, and no office of the kind "
			    "can be placed by distance): %s\n"), unknown);
		if (*unsure)
			printf(_("  Competent office not confirmed for this "
			    "commune (the nearest offices above are not "
			    "known to serve it): %s\n"), unsure);
		printf("%s", _("  General contact of the department, which "
		    "knows the competent office:\n"));
		print_office(&co, "    ");
	}
}

/* One commune of a search as a JSON object, on one line. */
static void
commune_json(const struct territory *t, const struct commune *c)
{
	char label[512];

	territory_commune_label(t, c, label, sizeof label);
	fputs("{\"insee\": ", stdout);
	json_quote_file(stdout, c->insee);
	fputs(", \"name\": ", stdout);
	json_quote_file(stdout, c->name);
	fputs(", \"label\": ", stdout);
	json_quote_file(stdout, label);
	fputs(", \"dep\": ", stdout);
	json_quote_file(stdout, c->dep);
	fputs(", \"postcodes\": ", stdout);
	json_quote_file(stdout, c->postcodes);
	fputs(", \"type\": ", stdout);
	json_quote_file(stdout, c->type == COMMUNE_CURRENT ? "current" :
	    territory_commune_type_name(c->type));
	fputs("}\n", stdout);
}

int
territory_cmd_commune(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "no-offices", no_argument, NULL, 'O' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	const struct commune *out[MAX_RESULTS];
	struct territory *t;
	char query[1024] = "", label[512], *end;
	int i, n, c, limit = 10, offices = 1, json = o->json;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			limit = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || limit < 1 || limit > MAX_RESULTS)
				return usage(_("option \"-n\": a number from "
				    "1 to 200 is expected"));
			break;
		case 'O':
			offices = 0;
			break;
		case 'j':
			json = 1;
			break;
		case ':':
			if (optopt == 'n')
				return usage(_("option \"-n\" needs a "
				    "number"));
			/* FALLTHROUGH */
		default:
			return bad_option(c, argv, optind);
		}
	}
	for (i = optind; i < argc; i++) {
		if (strlen(query) + strlen(argv[i]) + 2 > sizeof query)
			return usage(_("query too long"));
		if (*query)
			strcat(query, " ");
		strcat(query, argv[i]);
	}
	if (*query == '\0')
		return usage(_("usage: aiguillage commune [-n N] QUERY..."));
	if ((t = opts_territory(o)) == NULL)
		return EXIT_RULES;
	n = territory_search(t, query, out, limit);
	if (json) {	/* the communes only: no offices */
		for (i = 0; i < n && i < limit; i++)
			commune_json(t, out[i]);
		return 0;
	}
	if (n == 0) {
		printf(_("no commune matches \"%s\"\n"), query);
		return 0;
	}
	for (i = 0; i < n && i < limit; i++) {
		territory_commune_label(t, out[i], label, sizeof label);
		printf("%2d. %s — %s — INSEE %s", i + 1, label,
		    *out[i]->postcodes ? out[i]->postcodes :
		    _("no postal code"), out[i]->insee);
		if (out[i]->type != COMMUNE_CURRENT)
			printf(" (%s)", territory_commune_type_name(
			    out[i]->type));
		printf("\n");
	}
	if (n > limit)
		printf(Q_("    … %d more\n", "    … %d more\n", n - limit),
		    n - limit);
	if (offices)
		print_offices(t, territory_commune_resolve(t, out[0]));
	return 0;
}

static void
print_service_line(const struct service *s, int json)
{
	char phone[64];

	territory_phone_format(s->phone, phone, sizeof phone);
	if (json) {
		fputs("{\"id\": ", stdout);
		json_quote_file(stdout, s->id);
		fputs(", \"kind\": ", stdout);
		json_quote_file(stdout, s->kind);
		fputs(", \"dep\": ", stdout);
		json_quote_file(stdout, s->dep ? s->dep : "national");
		fputs(", \"name\": ", stdout);
		json_quote_file(stdout, s->name);
		fputs(", \"phone\": ", stdout);
		json_quote_file(stdout, phone);
		printf(", \"verified\": %s}\n", verified(s) ? "true" :
		    "false");
		return;
	}
	printf("%s\t%s\t%s\t%s\t%s%s\n", s->id, s->kind,
	    s->dep ? s->dep : "national", s->name, phone,
	    verified(s) ? "" : _("\t[to verify]"));
}

static int
write_text(const char *path, const char *text)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");

	if (f == NULL) {
		fprintf(stderr, _("aiguillage: cannot open \"%s\": %s\n"),
		    path, strerror(errno));
		return EXIT_RUNTIME;
	}
	fputs(text, f);
	if (f == stdout ? fflush(f) != 0 || ferror(f) : fclose(f) != 0) {
		fprintf(stderr, _("aiguillage: cannot write \"%s\": %s\n"),
		    path, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* Read back what was written, as every later command will. */
static int
reload_check(struct opts *o, const struct territory *t)
{
	struct territory *t2;
	struct error err;
	char *warnings = NULL, *line, *save = NULL;
	int rc = 0;

	memset(&err, 0, sizeof err);
	if ((t2 = territory_load_layered(o->rules_dir, t->local_dir, &err)) ==
	    NULL) {
		opts_error(&err);
		return EXIT_RULES;
	}
	if (territory_check(t2, &warnings) > 0) {
		for (line = strtok_r(warnings, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			fprintf(stderr, "aiguillage: %s\n", line);
		rc = EXIT_RULES;
	}
	free(warnings);
	territory_free(t2);
	return rc;
}

/*
 * The arguments of an import after its command word (argv[0]): options
 * `longopts` (--department, --dry-run), then one FILE; then the
 * territory, all in `ic`. Returns 0, or the exit status after saying what
 * is wrong.
 */
/* The options of the two imports (directory import-annuaire, territory
   import). */
static const struct option annuaire_options[] = {
	{ "department", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};
static const struct option import_options[] = {
	{ "dry-run", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};
static const char annuaire_use[] = N_("usage: aiguillage directory "
    "import-annuaire FILE.json [--department NN] [--dry-run]");
static const char import_use[] = N_("usage: aiguillage territory import "
    "FILE.csv [--dry-run]");

struct import_cmd {
	struct territory	*t;
	struct error		 err;
	const char		*file, *dep;	/* dep: NULL unless given */
	char			*written;	/* the file written; freed */
	int			 dry;
};

static int
import_args(struct opts *o, int argc, char **argv,
    const struct option *longopts, const char *use, struct import_cmd *ic)
{
	int c;

	memset(ic, 0, sizeof *ic);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":", longopts,
	    NULL)) != -1) {
		if (c == 'd')
			ic->dep = optarg;
		else if (c == 'n')
			ic->dry = 1;
		else
			return bad_option(c, argv + 1, optind);
	}
	ic->file = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (ic->file == NULL || optind + 2 < argc)
		return usage(_(use));
	if ((ic->t = opts_territory(o)) == NULL)
		return EXIT_RULES;
	return 0;
}

/*
 * The problems of an import refused: the first `shown` of `n` (`nlisted`
 * recorded), each with its line, then their count.
 */
static int
import_refused(const char *file, const struct import_problem *p,
    int nlisted, int n, int shown)
{
	int i;

	for (i = 0; i < nlisted && i < shown; i++) {
		if (p[i].line > 0)
			fprintf(stderr, "aiguillage: %s:%d: %s\n", file,
			    p[i].line, p[i].msg);
		else
			fprintf(stderr, "aiguillage: %s: %s\n", file,
			    p[i].msg);
	}
	if (n > shown)
		fprintf(stderr, Q_("aiguillage: %s: and %d more problem\n",
		    "aiguillage: %s: and %d more problems\n", n - shown),
		    file, n - shown);
	fprintf(stderr, Q_("aiguillage: %d problem in %s: nothing was "
	    "changed\n", "aiguillage: %d problems in %s: nothing was "
	    "changed\n", n), n, file);
	return EXIT_USAGE;
}

/* directory import-annuaire FILE.json [--department NN] [--dry-run] */
static int
import_annuaire(struct opts *o, int argc, char **argv)
{
	struct annuaire_result res;
	struct import_cmd ic;
	int i, rc;

	if ((rc = import_args(o, argc, argv, annuaire_options,
	    annuaire_use, &ic)) != 0)
		return rc;
	if (territory_annuaire_check(ic.t, ic.file, ic.dep, &res,
	    &ic.err) == -1) {
		opts_error(&ic.err);
		territory_annuaire_release(&res);
		return EXIT_USAGE;
	}
	if (res.nproblems > 0) {
		rc = import_refused(ic.file, res.problems, res.nproblems,
		    res.nproblems, res.nproblems);
		territory_annuaire_release(&res);
		return rc;
	}
	printf(_("%d records read; department %s: %d offices kept "
	    "(records modified up to %s)\n"), res.nread, res.dep, res.nkept,
	    res.date);
	for (i = 0; i < res.nkinds; i++)
		printf(_("  kind %s: %d offices, %d with a sector (%d "
		    "communes)\n"), res.kinds[i], res.kind_offices[i],
		    res.kind_sectors[i], res.kind_communes[i]);
	for (i = 0; i < res.nskip; i++)
		printf(_("  type \"%s\": %d records of the department, no "
		    "kind in kinds.yaml: left out\n"), res.skipped[i],
		    res.nskipped[i]);
	for (i = 0; i < res.nnotes; i++)
		printf(_("note: %s\n"), res.notes[i]);
	if (ic.dry) {
		printf(_("dry run: nothing written\n"));
	} else if (territory_annuaire_write(ic.t, &res, &ic.written,
	    &ic.err) == -1) {
		opts_error(&ic.err);
		rc = EXIT_RUNTIME;
	} else {
		printf(_("wrote %s\n"), ic.written);
		free(ic.written);
		rc = reload_check(o, ic.t);
	}
	territory_annuaire_release(&res);
	return rc;
}

int
territory_cmd_directory(struct opts *o, int argc, char **argv)
{
	static const char use[] = N_("usage: aiguillage directory "
	    "list|search TEXT|export --format data-inclusion [-o FILE] "
	    "[--verified-only]|import-annuaire FILE.json [--department NN] "
	    "[--dry-run]");
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "dep", required_argument, NULL, 'd' },
		{ "commune", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "verified-only", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct service_filter f = { NULL, NULL, NULL, NULL };
	const struct service **out;
	const char *format = NULL, *output = "-", *sub;
	struct territory *t;
	int i, n, c, rc = 0, json = o->json, xflags = 0;

	if (argc < 2)
		return usage(_(use));
	sub = argv[1];
	if (strcmp(sub, "import-annuaire") == 0)
		return import_annuaire(o, argc, argv);
	if (strcmp(sub, "list") != 0 && strcmp(sub, "search") != 0 &&
	    strcmp(sub, "export") != 0) {
		fprintf(stderr, _("aiguillage: unknown directory command "
		    "\"%s\"\n"), sub);
		return EXIT_USAGE;
	}
	/* The options after the subcommand (argv + 1), in any order. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":o:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'k':
			f.kind = optarg;
			break;
		case 'd':
			f.dep = optarg;
			break;
		case 'c':
			f.commune = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'V':
			xflags |= EXPORT_VERIFIED_ONLY;
			break;
		default:
			return bad_option(c, argv + 1, optind);
		}
	}
	for (i = optind + 1; i < argc; i++) {
		if (strcmp(sub, "search") == 0 && f.text == NULL) {
			f.text = argv[i];
			continue;
		}
		fprintf(stderr, _("aiguillage: unexpected argument \"%s\"\n"),
		    argv[i]);
		return EXIT_USAGE;
	}
	if (strcmp(sub, "search") == 0 && f.text == NULL)
		return usage(_("usage: aiguillage directory search TEXT"));
	if (strcmp(sub, "export") == 0) {
		if (format == NULL || strcmp(format, "data-inclusion") != 0)
			return usage(_("directory export: \"--format "
			    "data-inclusion\" is required"));
		if (json)
			return usage(_("directory export has no --json: it "
			    "writes JSON (--format data-inclusion)"));
	} else if (format != NULL || strcmp(output, "-") != 0 || xflags)
		return usage(_("--format, -o and --verified-only are options "
		    "of directory export"));
	o->territory_yaml = strcmp(sub, "export") == 0;
	if ((t = opts_territory(o)) == NULL)
		return EXIT_RULES;
	if (strcmp(sub, "export") == 0) {
		char *text = territory_export_json(t, xflags);

		rc = write_text(output, text);
		free(text);
		return rc;
	}
	if (f.kind != NULL && territory_kind(t, f.kind) == NULL) {
		fprintf(stderr, _("aiguillage: unknown service kind \"%s\"\n"),
		    f.kind);
		return EXIT_USAGE;
	}
	if (f.dep != NULL && strcmp(f.dep, "national") != 0 &&
	    !territory_has_department(t, f.dep)) {
		fprintf(stderr, _("aiguillage: --dep: unknown department "
		    "\"%s\"\n"), f.dep);
		return EXIT_USAGE;
	}
	if (f.commune != NULL && territory_commune(t, f.commune) == NULL) {
		fprintf(stderr, _("aiguillage: unknown commune code \"%s\"\n"),
		    f.commune);
		return EXIT_USAGE;
	}
	out = xcalloc((size_t)t->nservices + 1, sizeof *out);
	n = territory_services_find(t, &f, out, t->nservices);
	for (i = 0; i < n; i++)
		print_service_line(out[i], json);
	if (n == 0 && !json)
		printf("%s", _("no service matches\n"));
	free(out);
	return 0;
}

/* Problems of an import listed one by one; the rest are counted. */
#define IMPORT_SHOWN	200

int
territory_cmd_import(struct opts *o, int argc, char **argv)
{
	struct import_cmd ic;
	struct import_result res;
	int rc, i;

	if (argc < 2)
		return usage(_(import_use));
	if (strcmp(argv[1], "import") != 0) {
		fprintf(stderr, _("aiguillage: unknown territory command "
		    "\"%s\"\n"), argv[1]);
		return EXIT_USAGE;
	}
	if ((rc = import_args(o, argc, argv, import_options, import_use,
	    &ic)) != 0)
		return rc;
	if (territory_import_check(ic.t, ic.file, &res, &ic.err) == -1) {
		opts_error(&ic.err);
		territory_import_release(&res);
		return EXIT_USAGE;
	}
	if (res.nproblems > 0) {
		/* A file of wrong rows would bury the terminal: the first
		 * IMPORT_SHOWN problems, then their count. */
		rc = import_refused(ic.file, res.problems, res.nlisted,
		    res.nproblems, IMPORT_SHOWN);
		territory_import_release(&res);
		return rc;
	}
	for (i = 0; i < res.nkinds; i++)
		printf("department %s, kind %s: %d communes, %d office%s\n",
		    res.dep, res.kinds[i], res.kind_communes[i],
		    res.kind_offices[i], res.kind_offices[i] > 1 ? "s" : "");
	if (ic.dry) {
		printf("dry run: nothing written\n");
	} else {
		const char *base = strrchr(ic.file, '/');

		if (territory_import_write(ic.t, &res, base ? base + 1 :
		    ic.file, &ic.written, &ic.err) == -1) {
			opts_error(&ic.err);
			rc = EXIT_RUNTIME;
		} else {
			printf("wrote %s\n", ic.written);
			free(ic.written);
			rc = reload_check(o, ic.t);
		}
	}
	territory_import_release(&res);
	return rc;
}
