/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_cli.h - the `cases` and `stats` subcommands over the case store.
 *
 * Entry points for main.c: argv[0] is the subcommand name ("cases",
 * "stats"); db_path NULL means store_default_path(). They print to
 * stdout/stderr and return the exit status of SPEC §7 (0 ok, 1 runtime
 * failure, 2 bad usage or invalid input).
 */
#ifndef STORE_CLI_H
#define STORE_CLI_H

/*
 *	cases list [--agent LOGIN] [--unfinished]
 *	cases show ID
 *	cases export [--format csv|json] [ID]
 *	cases erase ID
 *	cases purge [--days N]
 */
int	store_cmd_cases(const char *rules_dir, const char *db_path, int argc,
	    char **argv);

/*	stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv] */
int	store_cmd_stats(const char *rules_dir, const char *db_path, int argc,
	    char **argv);

/* Retention used by `cases purge` without --days (from the config);
 * 365 days until set. */
void	store_cli_set_retention(int days);

#endif
