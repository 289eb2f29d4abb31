/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * options.h - the options of the aiguillage program, parsed with
 * getopt_long (long names, --opt=value, "--" ending the options).
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdio.h>

#include "command.h"

/*
 * Every option the program knows: id, long name, argument (a getopt_long
 * has_arg), letter (0: none), the argument's name and the help line. The
 * GLOBAL ones are taken by every command, before its name and, for the
 * commands whose options are in the table, anywhere; the others only by
 * the commands that list them (struct command.opts).
 */
#define OPTION_TABLE \
	X(RULES, "rules", required_argument, 0, N_("DIR"), \
	    N_("the rule base (env AIGUILLAGE_RULES)")) \
	X(DATE, "date", required_argument, 0, N_("DATE"), \
	    N_("evaluation date YYYY-MM-DD (default: today)")) \
	X(LANG, "lang", required_argument, 0, "fr|en", \
	    N_("the interface's language")) \
	X(DB, "db", required_argument, 0, N_("FILE"), \
	    N_("the database (env AIGUILLAGE_DB)")) \
	X(CONFIG, "config", required_argument, 0, N_("FILE"), \
	    N_("the configuration (env AIGUILLAGE_CONFIG)")) \
	X(VERBOSE, "verbose", no_argument, 'v', NULL, N_("more output")) \
	X(HELP, "help", no_argument, 'h', NULL, \
	    N_("this help, or a command's (aiguillage COMMAND --help)")) \
	X(VERSION, "version", no_argument, 0, NULL, \
	    N_("the program's version")) \
	X(JSON, "json", no_argument, 0, NULL, \
	    N_("JSON output (one object per line)")) \
	X(PLAIN, "plain", no_argument, 0, NULL, \
	    N_("line by line on stdin and stdout (screen readers, pipes)")) \
	X(REPLAY, "replay", required_argument, 0, N_("FILE"), \
	    N_("answer the interview from a situation file")) \
	X(WHY, "why", no_argument, 0, NULL, \
	    N_("with --replay: what each question could change")) \
	X(DEPTH, "depth", required_argument, 0, "orientation|full", \
	    N_("how far the interview goes (default: full)")) \
	X(RESUME, "resume", required_argument, 0, N_("ID"), \
	    N_("resume an unfinished interview")) \
	X(NO_SAVE, "no-save", no_argument, 0, NULL, \
	    N_("run the interview without saving it")) \
	X(LINES, "lines", no_argument, 0, NULL, \
	    N_("JSON Lines input: one situation (a JSON object) per line")) \
	X(COMPACT, "compact", no_argument, 0, NULL, \
	    N_("compact JSON lines: ids and values, no rule texts")) \
	X(JOBS, "jobs", required_argument, 0, N_("N"), \
	    N_("with --lines: evaluate in N threads (default: one per "\
	    "processor)"))

enum option_id {
#define X(id, name, arg, letter, argname, help)	OPT_##id,
	OPTION_TABLE
#undef X
	OPT_COUNT
};

#define O(id)		(1u << OPT_##id)
#define O_GLOBAL	(O(RULES) | O(DATE) | O(LANG) | O(DB) | O(CONFIG) | \
	O(VERBOSE) | O(HELP) | O(VERSION))
#define O_INTERVIEW	(O(JSON) | O(PLAIN) | O(REPLAY) | O(WHY) | O(DEPTH) | \
	O(RESUME) | O(NO_SAVE))


/* Returned by options_parse for an unknown option (say the usage). */
#define OPTIONS_UNKNOWN	(-2)

/*
 * Parse the options of argv[1…] (argv[0] names the program or the
 * command) into `o`: with `stop`, up to the first argument that is not
 * an option (the command's name, left at argv[optind]); without, all of
 * them, the arguments going to o->args in their order (options and
 * arguments may mix; "--" ends the options). `allowed` is an O()
 * mask: another option is refused, --json with "has no JSON output".
 * *given collects the options seen (help and version are only noted).
 * Returns 0, EXIT_USAGE after saying why, or OPTIONS_UNKNOWN after
 * naming an unknown option.
 */
int	options_parse(struct opts *o, int argc, char **argv, int stop,
	    unsigned allowed, unsigned *given);

/* One help line per option of the O() mask `mask`, in table order. */
void	options_help(FILE *, unsigned mask);

/* The long name of option `id` (enum option_id). */
const char	*options_name(int id);

#endif
