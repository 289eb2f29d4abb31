/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ydoc.h - a YAML (or JSON) file loaded as a small tree with positions.
 *
 * libyaml's event stream is turned into maps, sequences and scalars, each
 * remembering its line and column, so every later complaint about a rule
 * or a situation can point at the exact place. Anchors, aliases and tags
 * are refused: rule files must stay plain. Nesting is limited (fuzzing).
 */
#ifndef YDOC_H
#define YDOC_H

#include <stdio.h>

#include "error.h"
#include "xmalloc.h"

enum ynode_kind { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ynode_kind	 kind;
	int		 line, col;	/* 1-based */
	/* A key of a JSON object: ydoc_key_hash of its text (0 when not
	   computed: YAML), for the reader of a situation. */
	unsigned	 khash;
	/* Y_SCALAR */
	const char	*str;
	int		 quoted;	/* written in quotes: never a bool/null */
	/* Y_MAP: keys[i] -> items[i]; Y_SEQ: items[i] */
	int		 n;
	const char	**keys;
	struct ynode	**kpos;		/* key nodes, for positions */
	struct ynode	**items;
};

struct ydoc {
	struct arena	 arena;
	const char	*file;		/* arena copy */
	struct ynode	*root;		/* NULL for an empty document */
};

/*
 * Parse `len` bytes of YAML/JSON. `file` names it in errors. Returns 0 and
 * fills `doc` (release with ydoc_release), or -1 with `err` filled (the
 * error's file points into doc and stays valid until ydoc_release; on
 * failure doc is already released and err->file is set to `file`).
 */
int	ydoc_parse(struct ydoc *doc, const char *file, const char *buf,
	    size_t len, struct error *err);
/*
 * The same for JSON (RFC 8259, read by jansson): every valid JSON text
 * is read, escapes and surrogate pairs included; duplicate keys, NUL
 * characters and invalid UTF-8 are refused. Strings become quoted
 * scalars; numbers become plain scalars holding the number as an exact
 * decimal ("3e1" -> "30", "1.5E-1" -> "0.15"), the text num_parse()
 * reads; true, false and null become the plain scalars of those names.
 * Every node has its line and column.
 */
int	ydoc_parse_json(struct ydoc *doc, const char *file, const char *buf,
	    size_t len, struct error *err);
/*
 * True if a file is to be read as JSON: its name ends in ".json", or it
 * does not end in ".yaml" or ".yml" and its first byte other than white
 * space is '{' or '['.
 */
int	ydoc_is_json(const char *path, const char *buf, size_t len);
/* Read and parse a file (JSON or YAML, see ydoc_is_json); "-" reads
 * standard input. */
int	ydoc_load(struct ydoc *doc, const char *path, struct error *err);
void	ydoc_release(struct ydoc *doc);

/*
 * The JSON number at `p` (before `end`), as the JSON reader reads it: its
 * scalar text, an exact decimal ("3e1" -> "30"), in `a` to *str and its
 * end to *stop, 0. -1 if it is not a number (*leading_zero set if a
 * leading zero is why); -2 if the engine cannot hold it exactly (an
 * integer outside 64 bits, a decimal of more than 60 characters).
 */
int	json_number(struct arena *a, const char *p, const char *end,
	    const char **str, const char **stop, int *leading_zero);
/*
 * The first byte from `p` (before `end`) that is not plain ASCII inside a
 * JSON string (0x20 to 0x7F but '"' and '\\'), or `end`.
 */
const unsigned char *json_plain(const unsigned char *p,
	    const unsigned char *end);
/* A hash of a key, never 0 (the one of ynode.khash). */
unsigned	 ydoc_key_hash(const char *key);

/* Map lookup; NULL if absent or `map` is not a map. */
struct ynode	*ynode_get(const struct ynode *map, const char *key);
/* True for a plain scalar ~, null, Null, NULL or empty. */
int		 ynode_is_null(const struct ynode *);

/*
 * Open a regular file for reading (fopen "rb"); a device, a FIFO or a
 * socket is refused without blocking. NULL with `err` filled.
 */
FILE	*file_open_regular(const char *path, struct error *err);
/*
 * Read a whole file ("-" = stdin) into a NUL-terminated buffer. Caller
 * frees. Refuses a named file that is not a regular file (a device, a
 * pipe) and anything larger than FILE_MAX_BYTES, with `err` filled.
 */
#define FILE_MAX_BYTES	(4 << 20)
char	*file_slurp(const char *path, size_t *len, struct error *err);

#endif
