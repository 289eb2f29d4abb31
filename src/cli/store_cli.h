/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_cli.h - the `cases` and `stats` subcommands over the case store.
 *
 * Entry points for main.c: argv[0] is the subcommand name ("cases",
 * "stats"); the store comes from opts_store() (command.h), opened once
 * the arguments are known to be right; --json (or the global one) gives
 * JSON Lines where the command lists things. They print to
 * stdout/stderr and return the exit status of SPEC §7 (0 ok, 1 runtime
 * failure, 2 bad usage or invalid input).
 */
#ifndef STORE_CLI_H
#define STORE_CLI_H

#include "command.h"

/*
 *	cases list [--agent LOGIN] [--unfinished] [--json]
 *	cases show ID [--json]
 *	cases export [--format csv|json] [ID]
 *	cases erase ID
 *	cases purge [--days N]
 */
int	store_cmd_cases(struct opts *, int argc, char **argv);

/*	stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv|--json] */
int	store_cmd_stats(struct opts *, int argc, char **argv);

/* Retention used by `cases purge` without --days (from the config);
 * 365 days until set. */
void	store_cli_set_retention(int days);
/* Counts under `n` are printed as "<n" by `stats` (from the config,
 * stats_threshold); 5 until set. */
void	store_cli_set_stats_threshold(int n);

#endif
