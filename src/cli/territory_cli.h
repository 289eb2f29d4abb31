/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * territory_cli.h - the commune, directory and territory subcommands.
 *
 * Each entry point takes the options (the territory comes from
 * opts_territory(), command.h) and the subcommand's arguments (argv[0]
 * is the subcommand name) and returns the exit status
 * of SPEC §7: 0 success, 1 runtime failure, 2 bad usage or invalid input,
 * 3 invalid rule base. They print to stdout/stderr; main only dispatches.
 */
#ifndef TERRITORY_CLI_H
#define TERRITORY_CLI_H

#include "command.h"

/*
 * aiguillage commune [-n N] [--no-offices] [--json] QUERY...
 * Matching communes, best first (department, postal codes, INSEE code),
 * then the offices for the first one, unverified ones marked "à vérifier".
 * --json: the communes as JSON Lines, without the offices.
 */
int	territory_cmd_commune(struct opts *, int argc, char **argv);

/*
 * aiguillage directory list [--kind K] [--dep D] [--commune INSEE] [--json]
 * aiguillage directory search TEXT [--kind K] [--dep D] [--commune INSEE]
 * aiguillage directory export --format data-inclusion [-o FILE]
 */
int	territory_cmd_directory(struct opts *, int argc, char **argv);

/*
 * aiguillage territory import FILE.csv [--dry-run]
 * Validates a department's sectorisation; all problems are listed and
 * nothing is written when there is one (exit 2).
 */
int	territory_cmd_import(struct opts *, int argc, char **argv);

#endif
