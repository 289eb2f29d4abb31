/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * expr.h - the rule expression language: syntax and static types.
 *
 * Expressions are YAML strings such as
 *	age >= param('rsa.age_min') or count(children where age < 3) > 0
 * compiled once, when the rule base loads, into a tree whose names are
 * already resolved (variables, derived variables, parameters, schemes,
 * record fields) and whose types are checked. Evaluation over a situation
 * lives in eval.c. The grammar is in doc/rules.md.
 */
#ifndef EXPR_H
#define EXPR_H

#include "error.h"
#include "value.h"
#include "xmalloc.h"

struct var;
struct enode;

enum xtype { T_ANY, T_BOOL, T_NUM, T_STR, T_DATE, T_LIST, T_RECORD };

struct type {
	enum xtype		 t;
	enum xtype		 elem;	/* T_LIST: element type */
	const struct var	*rec;	/* record fields: T_RECORD, list of records */
};

enum xop {
	X_LIT, X_LIST, X_VAR, X_DERIVED, X_ITEM, X_FIELD, X_PARAM, X_SCHEME,
	X_NOT, X_NEG, X_AND, X_OR,
	X_EQ, X_NE, X_LT, X_LE, X_GT, X_GE, X_IN, X_NOTIN,
	X_ADD, X_SUB, X_MUL, X_DIV, X_IF, X_CALL
};

/*
 * The functions of the rule language (doc/rules.md): id, name in the
 * rules, least and most arguments, result type, and whether a `where`
 * filter may follow the first argument (count(children where age < 3)).
 * One row gives the enum xfn value and the compiler's table (expr.c);
 * eval.c computes each in its X_CALL case.
 */
#define EXPR_FUNCTIONS \
	X(MIN,		"min",		1, 16, T_NUM,	0) \
	X(MAX,		"max",		1, 16, T_NUM,	0) \
	X(ROUND,	"round",	1, 2,  T_NUM,	0) \
	X(FLOOR,	"floor",	1, 2,  T_NUM,	0) \
	X(CEIL,		"ceil",		1, 2,  T_NUM,	0) \
	X(ABS,		"abs",		1, 1,  T_NUM,	0) \
	X(COUNT,	"count",	1, 1,  T_NUM,	1) \
	X(ANY,		"any",		1, 1,  T_BOOL,	1) \
	X(ALL,		"all",		1, 1,  T_BOOL,	1) \
	X(SUM,		"sum",		1, 2,  T_NUM,	1) \
	X(HAS,		"has",		2, 2,  T_BOOL,	0) \
	X(KNOWN,	"known",	1, 1,  T_BOOL,	0) \
	X(DEFAULT,	"default",	2, 2,  T_ANY,	0) \
	X(DATE,		"date",		1, 1,  T_DATE,	0) \
	X(AGE_AT,	"age_at",	2, 2,  T_NUM,	0) \
	X(MONTH,	"month",	1, 1,  T_NUM,	0) \
	X(YEAR,		"year",		1, 1,  T_NUM,	0) \
	X(LIKELY_DOMAINS, "likely_domains", 0, 0, T_NUM,	0)

enum xfn {
#define X(id, name, min, max, result, where)	F_##id,
	EXPR_FUNCTIONS
#undef X
};

/* Attributes of scheme('id'). */
enum xscheme_attr {
	SA_ELIGIBLE, SA_LIKELY, SA_TO_CHECK, SA_UNLIKELY, SA_NON_TAKE_UP,
	SA_AMOUNT, SA_VERDICT
};

struct expr {
	enum xop	 op;
	enum xfn	 fn;		/* X_CALL */
	struct type	 type;
	int		 line, col;
	int		 idx;		/* var, derived, param, scheme, field */
	int		 attr;		/* X_SCHEME: enum xscheme_attr */
	struct value	 lit;		/* X_LIT */
	struct expr	*a, *b, *c;	/* operands; X_IF: c ? a : b is cond,a,b */
	struct expr	*where;		/* X_CALL count/any/all/sum filter */
	struct expr	**args;		/* X_CALL, X_LIST */
	int		 nargs;
	/* A root of the rule base: its compiled form (enode.h). */
	const struct enode *compiled;
};

/*
 * The names an expression may use, as the rule base being loaded gives
 * them (rules.c): the compiler keeps no state of its own in the model and
 * includes no header of the rule base. `ctx` is passed back to each call.
 */
struct expr_names {
	void			*ctx;
	struct arena		*arena;		/* nodes and strings go here */
	const struct var	*vars;		/* the questions, by index */
	/* The index of a question, a parameter, a national scheme, or -1. */
	int	(*var_index)(void *ctx, const char *name);
	int	(*param_index)(void *ctx, const char *name);
	int	(*scheme_index)(void *ctx, const char *name);
	/*
	 * The index of derived variable `name` and its type in *type, or -1
	 * when there is none. It is compiled on first use: -2 when that
	 * failed (`err` filled), -3 when it is being compiled (a cycle,
	 * which the compiler reports where the name is used).
	 */
	int	(*derived)(void *ctx, const char *name, struct type *type,
		    struct error *err);
	/* The canonical copy of a string literal. */
	const char *(*intern)(void *ctx, const char *s);
};

/*
 * Compile `src` (an expression found in `file` at line/col, the position of
 * its first character) against `names`. Nodes live in names->arena. `want`
 * is the expected type (T_ANY for none). Returns the tree, or NULL with
 * `err` filled with the exact position.
 */
struct expr	*expr_compile(const struct expr_names *names, const char *src,
		    const char *file, int line, int col, enum xtype want,
		    struct error *err);

/* The same, with the fields of `scope` (a record or list variable) in
 * scope first, as inside 'where'; the result is a condition. */
struct expr	*expr_compile_scoped(const struct expr_names *names,
		    const char *src, const char *file, int line, int col,
		    const struct var *scope, struct error *err);

/* Human name of a type ("number", "list of text"…), for messages. */
const char	*type_name(const struct type *);

#endif
