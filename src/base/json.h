/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.h - JSON string literals: the one escaper of the program.
 *
 * Reports, the case export, the command line's JSON Lines and the
 * directory's data·inclusion export all quote their strings here: '"'
 * and '\' escaped, \n \r \t by name, other control bytes as \u00XX,
 * valid UTF-8 as it is, and each byte that is not valid UTF-8 as \ufffd
 * (the replacement character): what comes out is always valid JSON.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdio.h>

#include "ydoc.h"

/*
 * Hand `s` as a JSON string literal, quotes included, to `put` in one
 * or more pieces (bytes, length); NULL gives the literal null.
 */
void	json_quote(const char *s,
	    void (*put)(void *ctx, const char *bytes, size_t n), void *ctx);

/* The same, written to `f`. */
void	json_string(FILE *f, const char *s);
/*
 * One member of an object written to `f`: `"key": ` and `s` as
 * json_string() writes it (NULL: null), after ", " unless `first`.
 */
void	json_member(FILE *f, int first, const char *key, const char *s);
/* The `n` strings of `v` as a JSON array written to `f`. */
void	json_string_array(FILE *f, char *const *v, int n);

/*
 * A YAML or JSON tree as JSON, the one converter. The one definition of
 * a number: a plain scalar that num_parse() reads (an exact decimal of
 * the engine, at most 6 decimal places) is written as a JSON number in
 * its shortest exact form (num_format: "007" -> 7, "1.50" -> 1.5); plain
 * true and false as themselves; null, ~ and empty as null; everything
 * else as a string. Keys of a mapping that start with `skip` (if not
 * NULL) are left out.
 */
void	json_ynode(const struct ynode *n, const char *skip,
	    void (*put)(void *ctx, const char *bytes, size_t n), void *ctx);
/* The same, written to `f`, nothing skipped. */
void	json_node(FILE *f, const struct ynode *n);

#endif
