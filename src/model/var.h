/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * var.h - a situation variable (a question, or a field of a record or
 * list question): what the rule base defines and the expression compiler
 * reads (its type, its fields, its options). The rule base (rules.h)
 * holds them; the compiler (expr.h) sees them without the rule base.
 */
#ifndef VAR_H
#define VAR_H

#include <stdint.h>
#include <string.h>

#include "expr.h"
#include "value.h"

/* Bitset over situation variables (the questions). */
#define RULES_MAX_VARS	256
struct varset {
	uint64_t	w[RULES_MAX_VARS / 64];
};

enum qtype {
	Q_BOOL, Q_INT, Q_MONEY, Q_ENUM, Q_SET, Q_STRING, Q_DATE, Q_COMMUNE,
	Q_DEPARTMENT, Q_RECORD, Q_LIST
};

/*
 * An option of an enum or set question. `show_if` (top-level questions
 * only): the option is offered unless it is false on the answers given
 * (unknown shows it); an answer naming it is taken all the same.
 * `sensitive` (top-level questions only): choosing it says as much as a
 * sensitive answer (the AME received says "no residence permit"): it is
 * kept out of what is stored and of what chooses the questions, as a
 * sensitive answer is (situation_public).
 */
struct var_option {
	const char	*value;
	const char	*label;
	const char	*show_if_src;
	struct expr	*show_if;	/* NULL: always offered */
	int		 sensitive;
};

/* A situation variable, defined by its question. Also used for fields. */
struct var {
	const char	*id;
	int		 index;		/* in rules->vars; field index for fields */
	enum qtype	 qt;
	struct type	 type;
	const char	*text, *text_third, *help, *group;
	struct var_option *opts;
	int		 nopts;
	int		 has_min, has_max;
	num_t		 min, max;
	const char	*ask_if_src;
	struct expr	*ask_if;	/* NULL: always */
	/* implied_if holds: the answer is `implied` (a literal), or the
	   value of `implied_x` when it is an expression (then `implied` is
	   unknown), never asked. */
	const char	*implied_if_src;
	struct expr	*implied_if;
	struct value	 implied;
	struct expr	*implied_x;
	struct varset	*implied_reads;	/* the questions implied_if reads */
	int		 sensitive;
	int		 sensitive_opts;	/* an option is sensitive */
	int		 ask;		/* 0: set from context, never asked */
	int		 from_documents;	/* interview.yaml: its answer
					   comes from documents, asked
					   with the full check */
	struct var	*fields;	/* Q_RECORD, Q_LIST */
	int		 nfields;
	const char	*file;
	int		 line, col;
};

/* Index of `value` among a var's options, or -1. */
static inline int
var_option(const struct var *v, const char *value)
{
	int i;

	for (i = 0; i < v->nopts; i++)
		if (strcmp(v->opts[i].value, value) == 0)
			return i;
	return -1;
}

static inline void
varset_add(struct varset *s, int i)
{
	s->w[i >> 6] |= UINT64_C(1) << (i & 63);
}

static inline int
varset_has(const struct varset *s, int i)
{
	return (s->w[i >> 6] >> (i & 63)) & 1;
}

static inline int
varset_empty(const struct varset *s)
{
	unsigned i;

	for (i = 0; i < RULES_MAX_VARS / 64; i++)
		if (s->w[i] != 0)
			return 0;
	return 1;
}

static inline void
varset_union(struct varset *d, const struct varset *s)
{
	unsigned i;

	for (i = 0; i < RULES_MAX_VARS / 64; i++)
		d->w[i] |= s->w[i];
}

#endif
