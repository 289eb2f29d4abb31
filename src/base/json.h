/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.h - writing JSON: the one writer of the program.
 *
 * JSON is read with jansson (ydoc_parse_json) and written here, by a
 * streaming writer that builds no tree: each call hands its bytes on at
 * once (through a buffer), so a report of any size costs no allocation.
 * The writer keeps the nesting: it puts the commas and the colons, and a
 * call out of place (a key in an array, a value where a key is due, an
 * end that does not match, a container left open) is refused and makes
 * json_writer_finish fail, so that what it writes is always one valid
 * JSON text per top-level value. fuzz/fuzz_json.c checks that jansson
 * parses every output and that writing what it read gives it back.
 *
 * Strings: '"' and '\' escaped, \n \r \t by name, other control bytes as
 * \u00XX, valid UTF-8 as it is, and each byte that is not valid UTF-8 as
 * \ufffd (the replacement character). Numbers: the engine's exact
 * decimals (num_t), written in their shortest exact form (1.5, 7) or
 * with two decimals for money (json_cents); never a float.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdio.h>

#include "value.h"
#include "ydoc.h"

#define JSON_MAX_DEPTH	32

/* json_writer_init flags. */
#define JSON_PRETTY	0x01	/* one member per line, two-space indent */

struct json_writer {
	void		(*put)(void *ctx, const char *bytes, size_t n);
	void		 *ctx;
	int		  flags;
	int		  depth;
	char		  open[JSON_MAX_DEPTH];	/* '{' or '[' per level */
	int		  items[JSON_MAX_DEPTH];	/* written at each level */
	int		  after_key;	/* a key waits for its value */
	int		  top_done;	/* a top-level value is complete */
	int		  error;	/* a call out of place was refused */
	size_t		  len;
	char		  buf[4096];
};

/*
 * Start a writer that hands its output to `put` (in pieces of up to the
 * buffer's size, at the latest by json_writer_finish).
 */
void	json_writer_init(struct json_writer *, void (*put)(void *ctx,
	    const char *bytes, size_t n), void *ctx, int flags);
/* The same, writing to `f`. */
void	json_writer_file(struct json_writer *, FILE *f, int flags);
/*
 * Hand on what is buffered. Returns 0, or -1 when a call was out of
 * place or a container is still open (what was written is then not one
 * valid JSON text).
 */
int	json_writer_finish(struct json_writer *);

void	json_object_begin(struct json_writer *);
void	json_object_end(struct json_writer *);
void	json_array_begin(struct json_writer *);
void	json_array_end(struct json_writer *);
/* The key of the next member of the current object. */
void	json_key(struct json_writer *, const char *key);

/* Values. A NULL string is written as null. */
void	json_str(struct json_writer *, const char *s);
void	json_num(struct json_writer *, num_t n);	/* exact, shortest */
void	json_cents(struct json_writer *, num_t n);	/* two decimals */
void	json_int(struct json_writer *, long long n);
void	json_bool(struct json_writer *, int b);
void	json_null_value(struct json_writer *);
/* A member: its key, then its string (NULL: null) or whole number. */
void	json_member_str(struct json_writer *, const char *key,
	    const char *s);
void	json_member_int(struct json_writer *, const char *key, long long n);
/*
 * A YAML or JSON tree. The one definition of a number: a plain scalar
 * that num_parse() reads (an exact decimal of the engine, at most 6
 * decimal places) is written as a JSON number in its shortest exact form
 * ("007" -> 7, "1.50" -> 1.5); plain true and false as themselves; null,
 * ~ and empty as null; everything else as a string. Keys of a mapping
 * that start with `skip` (if not NULL) are left out.
 */
void	json_ynode_value(struct json_writer *, const struct ynode *n,
	    const char *skip);
/*
 * A string quoted once and written many times: the ids of the rule base
 * that every line of `eval --lines --compact` repeats. json_atom_init
 * quotes `s` (NULL: null) as json_str writes it, into memory of the
 * atom's own; json_key_atom and json_str_atom then do what json_key and
 * json_str do with that string, the nesting checked the same way, its
 * bytes copied as they are. A null atom is refused as a key; a member
 * atom (json_atom_init_member) is written by json_member_atom only.
 */
struct json_atom {
	/* the quoted text, JSON_ATOM_PAD more bytes readable */
	char	*q;
	size_t	 n;	/* its length */
	int	 null;	/* NULL was quoted: "null" */
	int	 member;	/* a whole member (json_atom_init_member) */
};

#define JSON_ATOM_PAD	32

void	json_atom_init(struct json_atom *, const char *s);
/* A whole member, `key` and its string `s` (NULL: null), quoted once,
 * for json_member_atom: what json_member_str writes. */
void	json_atom_init_member(struct json_atom *, const char *key,
	    const char *s);
void	json_atom_release(struct json_atom *);
void	json_key_atom(struct json_writer *, const struct json_atom *key);
void	json_str_atom(struct json_writer *, const struct json_atom *s);
/* A member made by json_atom_init_member. */
void	json_member_atom(struct json_writer *, const struct json_atom *m);

/* Between two top-level values: a newline (JSON Lines). */
void	json_newline(struct json_writer *);

/*
 * Fragments, for callers that write the structure themselves: `s` as a
 * JSON string literal, quotes included (NULL gives null), handed to
 * `put` in one or more pieces; the same written to `f`.
 */
void	json_quote(const char *s,
	    void (*put)(void *ctx, const char *bytes, size_t n), void *ctx);
void	json_quote_file(FILE *f, const char *s);
/* A tree as one compact JSON text (json_ynode_value), to `put` or `f`. */
void	json_ynode(const struct ynode *n, const char *skip,
	    void (*put)(void *ctx, const char *bytes, size_t n), void *ctx);
void	json_node(FILE *f, const struct ynode *n);

#endif
