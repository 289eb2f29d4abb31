/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.h - JSON string literals: the one escaper of the program.
 *
 * Reports, the case export, the command line's JSON Lines and the
 * directory's data·inclusion export all quote their strings here: '"'
 * and '\' escaped, \n \r \t by name, other control bytes as \u00XX,
 * everything else (UTF-8 included) as it is.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdio.h>

/*
 * Hand `s` as a JSON string literal, quotes included, to `put` in one
 * or more pieces (bytes, length); NULL gives the literal null.
 */
void	json_quote(const char *s,
	    void (*put)(void *ctx, const char *bytes, size_t n), void *ctx);

/* The same, written to `f`. */
void	json_string(FILE *f, const char *s);

#endif
