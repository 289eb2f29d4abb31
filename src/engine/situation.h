/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * situation.h - the answers about one person: one value per variable.
 *
 * A situation is what the interview fills and what `eval` reads from a
 * YAML or JSON file (SPEC §5). Absent means unknown. Reading validates
 * every key and value against the questions: unknown keys, wrong types,
 * options that do not exist and absurd values are errors with positions.
 */
#ifndef SITUATION_H
#define SITUATION_H

#include "error.h"
#include "rules.h"
#include "territory.h"
#include "value.h"
#include "xmalloc.h"

struct ynode;

/* A list answer (children, other adults) longer than this is refused. */
#define SITUATION_MAX_ITEMS	1000

struct situation {
	const struct rules	*rules;
	struct value		*vals;		/* rules->nvars */
	unsigned char		*answered;	/* given, even as "don't know" */
	struct arena		 arena;		/* lists, records, strings */
	/* When set, commune and department answers must be in its table,
	 * not only have the shape of a code. */
	const struct territory	*territory;
	/* The variables by id (open addressing, index + 1), made on the
	   first read: a file's keys are found without a linear search. */
	int			*keys;
	unsigned		 nkeys;		/* a power of two, or 0 */
	/* Lines situation_read_line read without a tree (tests). */
	unsigned long		 nfast;
};

void	situation_init(struct situation *, const struct rules *);
void	situation_release(struct situation *);
void	situation_clear(struct situation *);
/* Check commune and department answers against `t` from now on (NULL:
 * their shape only). The territory must outlive the situation. */
void	situation_set_territory(struct situation *, const struct territory *t);

/*
 * Fill from a parsed YAML/JSON mapping. `file` names it in errors. Returns
 * 0, or -1 with `err` filled (file:line:col) and the situation unchanged
 * only in the sense that it must be cleared before reuse.
 */
int	situation_read(struct situation *, const struct ynode *root,
	    const char *file, struct error *err);
/* Load a situation file ("-" = stdin). */
int	situation_load(struct situation *, const char *path, struct error *err);
/*
 * Fill from one line of JSON Lines: `len` bytes holding one JSON object,
 * line `line` of `file` (errors say file:line:col; `file` must outlive
 * `err`).
 */
int	situation_read_line(struct situation *, const char *buf, size_t len,
	    const char *file, int line, struct error *err);
/*
 * The first variable whose answer differs between two situations (given
 * or not, value, record fields and list items compared), or -1 when they
 * hold the same answers; 0 when their rules differ.
 */
int	situation_same(const struct situation *, const struct situation *);

/*
 * Parse one answer typed by an agent for variable `var` (lenient: "oui",
 * "1 200,50", "1200€", an option number or value; sets as "1,3" or values
 * separated by commas). The empty string and "?" are not accepted here:
 * the caller decides "don't know". Returns 0 and stores the value (marking
 * the variable answered), or -1 with a message in err->msg.
 */
int	situation_parse_answer(struct situation *, int var, const char *text,
	    struct error *err);
/* Mark `var` answered as "don't know". */
void	situation_set_unknown(struct situation *, int var);
/* Forget the answer to `var` (not answered any more). */
void	situation_unset(struct situation *, int var);

/*
 * Lists and records, answered field by field. situation_list_resize makes
 * `var` (a list) hold `n` items with unknown fields (keeping existing
 * ones); item is -1 for a record variable. situation_parse_field parses a
 * field answer like situation_parse_answer.
 */
void	situation_list_resize(struct situation *, int var, int n);
int	situation_parse_field(struct situation *, int var, int item, int field,
	    const char *text, struct error *err);
/* The record of a list item (item >= 0) or of a record variable (-1),
 * created empty if needed. */
struct record	*situation_record(struct situation *, int var, int item);

/*
 * The answer `val` to `v` as it may be stored, and as what chooses the
 * questions reads it (doc/rules.md, "sensitive"): a set answer without
 * its sensitive options, unknown for an enum answer that is one, `*val`
 * otherwise. The items of a set that lost some are copied into `a`. A
 * sensitive question's answer is left to the caller (never stored).
 */
struct value	situation_public(const struct var *v,
		    const struct value *val, struct arena *a);

/* Write the known answers as YAML (one key per line). Sensitive ones
 * (and sensitive options) are skipped when `skip_sensitive`. Caller
 * frees. */
char	*situation_to_yaml(const struct situation *, int skip_sensitive);

/* The value as text for a person to read ("oui", "1 200,50 €"…) into buf. */
char	*situation_value_text(const struct rules *, const struct var *,
	    const struct value *, char *buf, int size);

#endif
