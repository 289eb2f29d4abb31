/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * options.c - the option table (options.h) and getopt_long over it.
 */
#include "options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "interview.h"
#include "value.h"

struct option_help {
	const char	*name;
	int		 has_arg;	/* getopt_long's */
	int		 letter;
	const char	*argname;
	const char	*help;
};

static const struct option_help option_help[] = {
#define X(id, name, arg, letter, argname, help)	\
	{ name, arg, letter, argname, help },
	OPTION_TABLE
#undef X
};

const char *
options_name(int id)
{
	return option_help[id].name;
}

static void
option_line(FILE *f, int id)
{
	const struct option_help *h = &option_help[id];
	const char *arg = h->argname != NULL ? _(h->argname) : "", *p;
	char left[64];
	int cols;

	if (h->letter)
		snprintf(left, sizeof left, "-%c, --%s%s%s", h->letter,
		    h->name, *arg ? " " : "", arg);
	else
		snprintf(left, sizeof left, "    --%s%s%s", h->name,
		    *arg ? " " : "", arg);
	/* Pad by characters, not bytes: a translated argument name may
	 * hold accented letters. */
	for (p = left, cols = 0; *p != '\0'; p++)
		cols += (*p & 0xc0) != 0x80;
	fprintf(f, "  %s%*s %s\n", left, cols < 24 ? 24 - cols : 0, "",
	    _(h->help));
}

void
options_help(FILE *f, unsigned mask)
{
	int id;

	for (id = 0; id < OPT_COUNT; id++)
		if (mask & (1u << id))
			option_line(f, id);
}

int
options_parse(struct opts *o, int argc, char **argv, int stop,
    unsigned allowed, unsigned *given)
{
	struct option longopts[OPT_COUNT + 1];
	char shortopts[8 + 2 * OPT_COUNT];
	int n = 0, id, c;
	char *end;

	/* From the table: the long options (val: 0x100 + id), and after
	 * "+:" or ":" the letters. */
	strcpy(shortopts, stop ? "+:" : ":");
	for (id = 0; id < OPT_COUNT; id++) {
		const struct option_help *h = &option_help[id];

		longopts[id].name = h->name;
		longopts[id].has_arg = h->has_arg;
		longopts[id].flag = NULL;
		longopts[id].val = 0x100 + id;
		if (h->letter) {
			n = (int)strlen(shortopts);
			shortopts[n++] = (char)h->letter;
			if (h->has_arg == required_argument)
				shortopts[n++] = ':';
			shortopts[n] = '\0';
		}
	}
	memset(&longopts[OPT_COUNT], 0, sizeof longopts[OPT_COUNT]);
	optind = 0;	/* GNU getopt starts afresh (and at argv[1]) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		for (id = 0; id < OPT_COUNT && c < 0x100; id++)
			if (option_help[id].letter == c)
				c = 0x100 + id;
		if (c == ':') {
			fprintf(stderr, _("aiguillage: %s needs a value\n"),
			    argv[optind - 1]);
			return EXIT_USAGE;
		} else if (c == '?') {
			fprintf(stderr, _("aiguillage: unknown option "
			    "\"%s\"\n"), argv[optind - 1]);
			return OPTIONS_UNKNOWN;
		}
		id = c - 0x100;
		if (!(allowed & (1u << id))) {
			if (id == OPT_JSON)
				fprintf(stderr, _("aiguillage: %s has no JSON "
				    "output\n"), o->command);
			else
				fprintf(stderr, _("aiguillage: --%s is not an "
				    "option of %s\n"), option_help[id].name,
				    o->command);
			return EXIT_USAGE;
		}
		*given |= 1u << id;
		switch (id) {
		case OPT_RULES:
			o->rules_dir = optarg;
			break;
		case OPT_DATE:
			if (date_parse(optarg, &o->date) == -1) {
				fprintf(stderr, _("aiguillage: invalid date "
				    "\"%s\" (YYYY-MM-DD)\n"), optarg);
				return EXIT_USAGE;
			}
			o->date_given = 1;
			break;
		case OPT_LANG:
			o->lang = optarg;
			break;
		case OPT_DB:
			o->db = optarg;
			break;
		case OPT_CONFIG:
			o->config_path = optarg;
			break;
		case OPT_VERBOSE:
			o->verbose = 1;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_PLAIN:
			o->plain = 1;
			break;
		case OPT_REPLAY:
			o->replay = optarg;
			break;
		case OPT_WHY:
			o->why = 1;
			break;
		case OPT_DEPTH: {
			enum depth d;

			if (depth_parse(optarg, &d) == -1) {
				fprintf(stderr, _("aiguillage: --depth is "
				    "orientation or full, not \"%s\"\n"),
				    optarg);
				return EXIT_USAGE;
			}
			o->depth = (int)d;
			break;
		}
		case OPT_RESUME:
			o->resume = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o->resume <= 0) {
				fputs(_("aiguillage: --resume needs a case "
				    "number\n"), stderr);
				return EXIT_USAGE;
			}
			break;
		case OPT_NO_SAVE:
			o->no_save = 1;
			break;
		case OPT_LINES:
			o->lines = 1;
			break;
		case OPT_COMPACT:
			o->compact = 1;
			break;
		case OPT_JOBS:
			o->jobs = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o->jobs < 1 ||
			    o->jobs > 256) {
				fputs(_("aiguillage: --jobs needs a number of "
				    "threads from 1 to 256\n"), stderr);
				return EXIT_USAGE;
			}
			break;
		default:	/* help, version: acted on by main() */
			break;
		}
	}
	if (!stop)
		while (optind < argc)
			o->args[o->nargs++] = argv[optind++];
	return 0;
}

