/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * print.h - the `print` command (a person's summary, render/summary.h).
 */
#ifndef PRINT_H
#define PRINT_H

#include "command.h"

/*
 * The `print` command:
 *
 *	print CASE [--format text|html|pdf] [--lang fr|en] [--discreet]
 *	    [--ref TEXT]
 *	print --situation FILE [--date YYYY-MM-DD] [--format …] [--lang …]
 *	    [--discreet] [--ref TEXT]
 *
 * argv[0] is "print". A CASE is read from the store (opts_store(),
 * read-only), at its evaluation date, and the read is logged in its
 * access log; --situation evaluates a situation file (YAML/JSON, "-" for
 * stdin) without any database. Offices come from the territory when it
 * loads. A CASE is a reprint: what depends on the confidential answers,
 * never stored, is left out and the summary says so (summary_opts
 * .reprint). --format pdf pipes the HTML page through weasyprint (an A4
 * PDF on stdout). Prints to stdout; returns the SPEC §7
 * exit status (0 ok, 1 runtime failure, 2 bad usage or input, 3 invalid
 * rule base). Call i18n_init() first.
 */
int	print_cmd(struct opts *, int argc, char **argv);

#endif
