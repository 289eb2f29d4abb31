/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * command.h - what the commands of the aiguillage program share.
 *
 * Each command is a row of the table in main.c (git's run_builtin): its
 * name, its function, what it needs (NEED_*), the options it takes, its
 * synopsis and its help. main.c parses the options into a struct opts,
 * runs the command, then releases in one place whatever was set up for
 * it. A command asks for the rule base, the territory or the store with
 * opts_rules(), opts_territory(), opts_store() when it reaches the point
 * where it needs them (after checking its arguments, so bad usage never
 * loads or creates anything); each is set up once, on the first call,
 * as the command's NEED_* flags say, and freed by opts_release().
 */
#ifndef COMMAND_H
#define COMMAND_H

#include <stdint.h>

#include "config.h"
#include "error.h"

/* Exit status (SPEC §7). */
#define EXIT_RUNTIME	1	/* a runtime failure */
#define EXIT_USAGE	2	/* bad usage or invalid input */
#define EXIT_RULES	3	/* invalid rule base or territory */

/* What a command needs (struct command.needs). */
#define NEED_RULES	0x01	/* the rule base at --date */
#define NEED_TERRITORY	0x02	/* communes, directory, sectors */
#define NEED_STORE	0x04	/* the case store, read-write */
#define NEED_STORE_RO	0x08	/* the case store, read-only */

struct rules;
struct territory;
struct store;

/* The options of one run, and what was set up for its command. */
struct opts {
	const char	*command;	/* its name, for messages */
	unsigned	 needs;		/* its NEED_* flags */
	const char	*rules_dir;
	int32_t		 date;
	int		 date_given;
	int		 json;
	int		 verbose;
	int		 plain;
	int		 no_save;
	int		 lines;		/* eval: JSON Lines input */
	int		 compact;	/* eval: compact JSON lines */
	int		 jobs;		/* eval --lines: threads, 0 auto */
	int		 why;		/* replay: why each question */
	int		 depth;		/* enum depth */
	long long	 resume;	/* case id, 0 none */
	const char	*replay;
	const char	*db;
	const char	*config_path;
	struct config	 config;
	const char	*lang;
	char		**args;		/* positional arguments */
	int		 nargs;

	struct rules	*rules;		/* set up by opts_rules() */
	struct territory *territory;	/* by opts_territory() */
	int		 territory_yaml; /* read the YAML, not the image
					   (the export needs the records) */
	struct store	*store;		/* by opts_store() */
};

/* "aiguillage: <message>" on stderr (or held, below). */
void	opts_error(const struct error *err);
/*
 * While the full screen is up, what opts_*() have to say is held in
 * memory (opts_hold_messages), then written to stderr, in order, once the
 * terminal is restored (opts_say_held; nothing when none was held).
 */
void	opts_hold_messages(void);
void	opts_say_held(void);

/*
 * The rule base of `rules_dir` at `date`, as written (localize_rules()
 * puts it in the interface's language); loaded on the first call. NULL when it does not load, after saying
 * why on stderr (the command then exits with EXIT_RULES). The command
 * must declare NEED_RULES. Freed by opts_release().
 */
struct rules	*opts_rules(struct opts *);

/* The territory of `rules_dir` (NEED_TERRITORY), as opts_rules(), through
 * its image (territory_load_cached) unless territory_yaml is set. */
struct territory *opts_territory(struct opts *);

/*
 * The case store: --db, else the configuration's `database`, else
 * store_default_path(); read-only for NEED_STORE_RO, read-write (and
 * shared with the configured group) for NEED_STORE. Opened on the first
 * call; NULL when it cannot be, after saying why on stderr. Closed by
 * opts_release().
 */
struct store	*opts_store(struct opts *);

/* Free what was set up, in reverse order; `o` can be used again. */
void	opts_release(struct opts *);

#endif
