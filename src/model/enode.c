/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * enode.c - compiling the rule base's expressions (enode.h).
 */
#include "enode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "xmalloc.h"

/* How many operands a chain of and (or of or) rooted at `x` has. */
static int
chain_len(const struct expr *x, enum xop op)
{
	if (x->op != op)
		return 1;
	return chain_len(x->a, op) + chain_len(x->b, op);
}

/* The bytes of `x`'s node and its operand array, a whole number of lines. */
static size_t
enode_bytes(const struct expr *x)
{
	int nargs = x->op == X_AND || x->op == X_OR ?
	    chain_len(x, x->op) : x->nargs;
	size_t n = sizeof(struct enode) + sizeof(struct enode *) *
	    (size_t)nargs;

	return (n + ENODE_ALIGN - 1) & ~(size_t)(ENODE_ALIGN - 1);
}

/*
 * The operands of the compiled chain of `op` at `c`, left to right, into
 * out[*n]: a node kept per date counts as one.
 */
static void
chain_fill(const struct enode *c, int op, const struct enode **out, int *n)
{
	if (c->op != op || c->kind == K_PCONST) {
		out[(*n)++] = c;
		return;
	}
	chain_fill(c->a, op, out, n);
	chain_fill(c->b, op, out, n);
}

/* The bytes `x` takes compiled, its operands included. */
static size_t
enode_tree_size(const struct expr *x)
{
	size_t n;
	int i;

	if (x == NULL)
		return 0;
	n = enode_bytes(x);
	n += enode_tree_size(x->a) + enode_tree_size(x->b) + enode_tree_size(x->c) +
	    enode_tree_size(x->where);
	for (i = 0; i < x->nargs; i++)
		n += enode_tree_size(x->args[i]);
	return n;
}

/* A compiled operand that depends on the date only (or on nothing). */
static int
enode_const(const struct enode *c)
{
	return c == NULL || c->op == X_LIT || c->op == X_PARAM ||
	    (c->op == X_LIST && c->lit.t == V_LIST) || c->kind == K_PCONST;
}

/*
 * True when `c` computes from parameters and literals only, with
 * functions that read nothing else and allocate nothing (no list made at
 * run time): its value is the same all day, for any situation, and it
 * adds nothing to what is missing or soft.
 */
static int
enode_pure(const struct enode *c)
{
	int i;

	switch (c->op) {
	case X_NOT: case X_NEG: case X_AND: case X_OR:
	case X_EQ: case X_NE: case X_LT: case X_LE: case X_GT: case X_GE:
	case X_IN: case X_NOTIN:
	case X_ADD: case X_SUB: case X_MUL: case X_DIV: case X_IF:
		break;
	case X_CALL:
		if (c->where != NULL)
			return 0;
		switch (c->fn) {
		case F_MIN: case F_MAX: case F_ROUND: case F_FLOOR:
		case F_CEIL: case F_ABS: case F_AGE_AT: case F_MONTH:
		case F_YEAR: case F_HAS:
			break;
		default:
			return 0;
		}
		break;
	default:
		return 0;
	}
	if (!enode_const(c->a) || !enode_const(c->b) ||
	    (c->op == X_IF && !enode_const(c->c)))
		return 0;
	for (i = 0; i < c->nargs; i++)
		if (!enode_const(c->args[i]))
			return 0;
	return 1;
}

/* Pick the shape of `c` (enum xkind), its operands compiled already. */
static void
enode_kind(struct enode *c)
{
	const struct enode *a = c->a, *b = c->b;

	if (c->op >= X_EQ && c->op <= X_GE && a->op == X_VAR &&
	    b->op == X_LIT) {
		c->kind = K_CMP_VL;
		c->idx = a->idx;
		c->lit = b->lit;
	} else if (c->op >= X_EQ && c->op <= X_GE && a->op == X_VAR &&
	    b->op == X_PARAM) {
		c->kind = K_CMP_VP;
		c->idx = a->idx;
		c->idx2 = b->idx;
	} else if ((c->op == X_IN || c->op == X_NOTIN) && a->op == X_VAR &&
	    (b->op == X_LIT || b->op == X_LIST) && b->lit.t == V_LIST) {
		c->kind = K_IN_VL;
		c->idx = a->idx;
		c->lit = b->lit;
	} else if (c->op == X_CALL && c->fn == F_HAS && c->nargs == 2 &&
	    c->args[0]->op == X_VAR && c->args[1]->op == X_LIT) {
		c->kind = K_HAS_VL;
		c->idx = c->args[0]->idx;
		c->lit = c->args[1]->lit;
	} else if (c->op == X_CALL && c->fn == F_KNOWN && c->nargs == 1 &&
	    c->args[0]->op == X_VAR) {
		c->kind = K_KNOWN_V;
		c->idx = c->args[0]->idx;
	} else if (c->op == X_NOT && a->kind == K_KNOWN_V) {
		c->kind = K_NOTKNOWN_V;
		c->idx = a->idx;
	} else if (c->op == X_CALL && c->fn == F_COUNT && c->nargs == 1 &&
	    c->where == NULL && c->args[0]->op == X_VAR) {
		c->kind = K_COUNT_V;
		c->idx = c->args[0]->idx;
	}
}

/*
 * Compile `x` at *cur in evaluation order (node, then its operands); with
 * `nconst`, number the nodes kept per date (K_PCONST) from it.
 */
static const struct enode *
enode_compile(const struct expr *x, unsigned char **cur, int *nconst)
{
	struct enode *c;
	int i;

	if (x == NULL)
		return NULL;
	c = (struct enode *)(void *)*cur;
	*cur += enode_bytes(x);
	memset(c, 0, sizeof *c);
	c->op = (unsigned char)x->op;
	c->fn = (unsigned char)x->fn;
	c->attr = (unsigned char)x->attr;
	c->idx = x->idx;
	c->nargs = x->nargs;
	c->lit = xv_of(&x->lit);
	if (x->nargs > 0)
		c->args = (const struct enode **)(void *)(c + 1);
	/* Only X_IF reads `c`, only a call its `where`: they share. */
	if (x->op == X_IF)
		c->c = enode_compile(x->c, cur, nconst);
	c->a = enode_compile(x->a, cur, nconst);
	c->b = enode_compile(x->b, cur, nconst);
	if (x->op != X_IF)
		c->where = enode_compile(x->where, cur, nconst);
	for (i = 0; i < x->nargs; i++)
		c->args[i] = enode_compile(x->args[i], cur, nconst);
	c->kind = c->op;
	if (nconst != NULL && enode_pure(c)) {
		c->kind = K_PCONST;
		c->idx2 = (*nconst)++;
	} else if (x->op == X_AND || x->op == X_OR) {
		const struct enode **ops = (const struct enode **)(void *)(c +
		    1);
		int n = 0;

		chain_fill(c->a, c->op, ops, &n);
		chain_fill(c->b, c->op, ops, &n);
		if (n >= 3) {		/* a chain: one loop */
			c->kind = K_LOGICN;
			c->args = ops;
			c->nargs = n;
		}
	} else {
		enode_kind(c);
	}
	return c;
}


const struct enode *
enode_compile_in(struct arena *a, const struct expr *x)
{
	unsigned char *cur = arena_alloc(a, enode_tree_size(x) +
	    ENODE_ALIGN);

	cur += (ENODE_ALIGN - (uintptr_t)cur % ENODE_ALIGN) % ENODE_ALIGN;
	return enode_compile(x, &cur, NULL);
}

/* Every expression root of the rule base, in evaluation order. */
static void
each_root(struct rules *r, void (*fn)(void *, struct expr *), void *ctx)
{
	int i, k;

	for (i = 0; i < r->nvars; i++) {
		fn(ctx, r->vars[i].implied_if);
		fn(ctx, r->vars[i].implied_x);
		fn(ctx, r->vars[i].ask_if);
		for (k = 0; k < r->vars[i].nfields; k++)
			fn(ctx, r->vars[i].fields[k].ask_if);
		for (k = 0; k < r->vars[i].nopts; k++)
			fn(ctx, r->vars[i].opts[k].show_if);
	}
	for (i = 0; i < r->nchecks; i++)
		fn(ctx, r->checks[i].when);
	for (i = 0; i < r->nurgencies; i++) {
		fn(ctx, r->urgencies[i].ask_if);
		fn(ctx, r->urgencies[i].when);
		fn(ctx, r->urgencies[i].priority_expr);
	}
	for (i = 0; i < r->nderived; i++)
		fn(ctx, r->derived[i].expr);
	for (i = 0; i < r->nschemes; i++) {
		struct scheme *s = &r->schemes[i];

		for (k = 0; k < s->nconds; k++)
			fn(ctx, s->conds[k].expr);
		fn(ctx, s->to_check_if);
		for (k = 0; k < s->nvariants; k++)
			fn(ctx, s->variants[k].when);
		fn(ctx, s->amount);
		for (k = 0; k < s->ncounted; k++)
			fn(ctx, s->counted[k]);
		fn(ctx, s->non_take_up);
		fn(ctx, s->received_if);
	}
	for (i = 0; i < r->nprereqs; i++) {
		fn(ctx, r->prereqs[i].when);
		for (k = 0; r->prereqs[i].except != NULL &&
		    k < r->prereqs[i].nschemes; k++)
			fn(ctx, r->prereqs[i].except[k]);
	}
	fn(ctx, r->mds_global_if);
	fn(ctx, r->referent_when);
	fn(ctx, r->assisted_if);
	for (i = 0; i < r->ndocuments; i++)
		fn(ctx, r->documents[i].when);
}

struct compile_ctx {
	struct rules	*r;
	size_t		 size;
	unsigned char	*cur;
};

static void
root_measure(void *ctx, struct expr *x)
{
	struct compile_ctx *c = ctx;

	if (x != NULL && x->compiled == NULL) {
		c->size += enode_tree_size(x);
		x->compiled = (const struct enode *)x;	/* counted once */
	}
}

static void
root_compile(void *ctx, struct expr *x)
{
	struct compile_ctx *c = ctx;

	/* A root read twice (measured: it points to itself) is compiled
	   once. */
	if (x != NULL && x->compiled == (const struct enode *)x)
		x->compiled = enode_compile(x, &c->cur, &c->r->nconst);
}

void
enode_compile_rules(struct rules *r)
{
	struct compile_ctx c = { r, 0, NULL };

	each_root(r, root_measure, &c);
	r->enodes_size = c.size;
	r->nconst = 0;
	r->enodes = NULL;
	if (c.size == 0)
		return;
	r->enodes = xaligned(ENODE_ALIGN, c.size);
	/* Zeroed, which also maps its pages at once: the nodes' padding
	   goes into the rule image as it is, and a file must hold no byte
	   of the heap (the same rules give the same image). */
	memset(r->enodes, 0, c.size);
	c.cur = r->enodes;
	each_root(r, root_compile, &c);
}
