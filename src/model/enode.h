/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * enode.h - the compiled form of the rule base's expressions.
 *
 * The loader compiles every expression root of the rule base (the
 * conditions, amounts and variants of the schemes, the derived values,
 * the ask_if and implied_if of the questions, the urgencies, checks and
 * orientation) once, into one block of nodes of one cache line each,
 * every tree laid out in the order it is read: the root's `compiled`
 * points to its copy. The block is part of the model, so the rule image
 * (image.h) keeps it and a mapped rule base is evaluated in place, with
 * nothing built at start. The evaluator (eval.c) reads only this form.
 */
#ifndef ENODE_H
#define ENODE_H

#include <stddef.h>

#include "expr.h"
#include "value.h"

struct rules;

/*
 * A value as the evaluator carries it: 16 bytes, returned in two
 * registers where a struct value (24 bytes) goes through memory. `u`
 * holds the payload of struct value's union (a boolean, a number, a date,
 * a string, a record, a list's items), `aux` a list's length or a
 * string's `interned` flag. xv_of and xv_value convert.
 */
struct xv {
	union {
		int			 b;
		num_t			 n;
		const char		*s;
		int32_t			 d;
		const struct value	*items;
		const struct record	*r;
		struct {
			int32_t	 lo, hi;
		} rg;			/* V_UNKNOWN with XV_RANGE */
	} u;
	int	t;		/* enum vtype */
	int	aux;		/* V_LIST: length; V_STR: interned;
				   V_UNKNOWN: XV_RANGE when u.rg holds */
};

/*
 * An unknown number whose bounds are known, in cents (eval.c, "Bounds"):
 * count(children where age < 6) with one child of 4 and one of unknown
 * age is 1 or 2, enough to say it is > 0 (ev_aggregate, ev_cmp).
 */
#define XV_RANGE	2

static inline struct xv
xv_of(const struct value *v)
{
	struct xv r;

	/* The union's first eight bytes hold every payload. */
	r.t = (int)v->t;
	r.u.n = v->u.n;
	r.aux = v->t == V_LIST ? v->u.l.n : v->interned;
	return r;
}

/*
 * A compiled node: one cache line (struct expr spans two), its literal
 * already a struct xv, its operands laid out after it in the order they
 * are read.
 */
struct enode {
	unsigned char		 op;		/* enum xop */
	unsigned char		 kind;		/* op, or enum xkind */
	unsigned char		 fn;		/* enum xfn */
	unsigned char		 attr;		/* enum xscheme_attr */
	int			 idx;
	int			 nargs;
	int			 idx2;		/* K_CMP_VP: the parameter;
						   K_PCONST: its slot */
	struct xv		 lit;
	const struct enode	*a, *b;
	union {
		const struct enode *c;		/* X_IF */
		const struct enode *where;	/* X_CALL */
	};
	const struct enode	**args;
};

#define ENODE_ALIGN	64

/*
 * The most frequent shapes of a node over a question (rules/ read the
 * answers far more than anything else), answered in one step when the
 * question has an answer: its `idx` is the question's, its `lit` the
 * literal operand's value. Without an answer, the general function.
 */
enum xkind {
	K_CMP_VL = 64,		/* question <cmp> literal */
	K_CMP_VP,		/* question <cmp> parameter (idx2) */
	K_IN_VL,		/* question in / not in [literals] */
	K_HAS_VL,		/* has(question, literal) */
	K_KNOWN_V,		/* known(question) */
	K_NOTKNOWN_V,		/* not known(question) */
	K_COUNT_V,		/* count(question) */
	K_PCONST,		/* parameters and literals only: a function
				   of the date, kept per date (idx2 its slot) */
	K_LOGICN		/* a chain of 3 or more and (or of or): its
				   operands in args */
};

/*
 * Compile `x` (no root of the rule base: a test's expression) into arena
 * `a`, valid as long as the arena is; no node is kept per date.
 */
const struct enode *enode_compile_in(struct arena *a, const struct expr *x);
/*
 * Compile every expression root of `r` into r->enodes (the loader, once
 * the rule base is checked): each root's `compiled` is set, and
 * r->nconst is the number of K_PCONST slots an evaluator keeps.
 */
void	enode_compile_rules(struct rules *r);

#endif
