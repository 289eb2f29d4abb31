/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * expr.c - lexer, recursive-descent parser and type checker for rule
 * expressions (grammar and semantics: doc/rules.md).
 *
 * Names are resolved while parsing: inside `where` (and the second argument
 * of sum) an identifier is first a field of the list's items; otherwise a
 * situation variable, then a derived variable (compiled on first use, which
 * also detects cycles).
 */
#include "expr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "var.h"

enum tok {
	TK_EOF, TK_NUM, TK_STR, TK_IDENT, TK_LP, TK_RP, TK_LB, TK_RB,
	TK_COMMA, TK_DOT, TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH,
	TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE, TK_ERR
};

struct parser {
	const struct expr_names *names;
	/* 'where' item scopes, innermost last (a record or list var). */
	const struct var *scope[8];
	int		 nscope;
	const char	*src;
	const char	*p;		/* next char */
	const char	*file;
	int		 line, col;	/* of src[0] */
	struct error	*err;
	/* current token */
	enum tok	 tk;
	const char	*tstart;
	size_t		 tlen;
	char		*tstr;		/* TK_STR/TK_IDENT text (arena) */
	num_t		 tnum;
	int		 depth;
	int		 ntok;		/* tokens read, bounded by EXPR_MAX_TOKENS */
};

/*
 * Bounds that keep hostile rule files from exhausting the stack: the
 * parser recurses on parentheses, 'if', unary '-' and 'not' (at most
 * EXPR_MAX_DEPTH deep), and the evaluator and the variable walk recurse on
 * the tree, whose depth cannot exceed the number of tokens.
 */
#define EXPR_MAX_DEPTH	64
#define EXPR_MAX_TOKENS	4096

static struct expr *parse_expr(struct parser *);

static int
perr(struct parser *ps, const char *at, const char *fmt, const char *a,
    const char *b)
{
	char msg[400];

	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return error_set(ps->err, ps->file, ps->line,
	    ps->col + (int)(at - ps->src), "%s", msg);
}

static int
is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static int
is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* Advance to the next token; -1 on a lexical error. */
static int
next(struct parser *ps)
{
	const char *p = ps->p;

	if (++ps->ntok > EXPR_MAX_TOKENS)
		return perr(ps, p, "expression too long (more than 4096 "
		    "tokens)", NULL, NULL);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	ps->tstart = p;
	if (*p == '\0') {
		ps->tk = TK_EOF;
		ps->p = p;
		return 0;
	}
	if (isdigit((unsigned char)*p)) {
		char buf[40];
		size_t n = 0;

		while ((isdigit((unsigned char)*p) || *p == '.') && n < 39)
			buf[n++] = *p++;
		buf[n] = '\0';
		if (is_ident(*p) || num_parse(buf, 0, &ps->tnum) == -1)
			return perr(ps, ps->tstart, "invalid number", NULL,
			    NULL);
		ps->tk = TK_NUM;
	} else if (*p == '\'' || *p == '"') {
		char q = *p++;
		const char *s = p;

		while (*p != '\0' && *p != q)
			p++;
		if (*p != q)
			return perr(ps, ps->tstart, "unterminated string",
			    NULL, NULL);
		ps->tstr = arena_strndup(ps->names->arena, s, (size_t)(p - s));
		p++;
		ps->tk = TK_STR;
	} else if (is_ident_start((unsigned char)*p)) {
		const char *s = p;

		while (is_ident((unsigned char)*p))
			p++;
		ps->tstr = arena_strndup(ps->names->arena, s, (size_t)(p - s));
		ps->tk = TK_IDENT;
	} else {
		int c = *p++;

		switch (c) {
		case '(': ps->tk = TK_LP; break;
		case ')': ps->tk = TK_RP; break;
		case '[': ps->tk = TK_LB; break;
		case ']': ps->tk = TK_RB; break;
		case ',': ps->tk = TK_COMMA; break;
		case '.': ps->tk = TK_DOT; break;
		case '+': ps->tk = TK_PLUS; break;
		case '-': ps->tk = TK_MINUS; break;
		case '*': ps->tk = TK_STAR; break;
		case '/': ps->tk = TK_SLASH; break;
		case '=':
			if (*p == '=')
				p++;
			ps->tk = TK_EQ;
			break;
		case '!':
			if (*p != '=')
				return perr(ps, ps->tstart,
				    "unexpected '!' (use 'not' or '!=')",
				    NULL, NULL);
			p++;
			ps->tk = TK_NE;
			break;
		case '<':
			if (*p == '=') {
				p++;
				ps->tk = TK_LE;
			} else if (*p == '>') {
				p++;
				ps->tk = TK_NE;
			} else
				ps->tk = TK_LT;
			break;
		case '>':
			if (*p == '=') {
				p++;
				ps->tk = TK_GE;
			} else
				ps->tk = TK_GT;
			break;
		default: {
			char ch[8];

			if ((unsigned char)c < 0x80 && isprint(c))
				snprintf(ch, sizeof ch, "%c", c);
			else
				snprintf(ch, sizeof ch, "\\x%02x",
				    (unsigned char)c);
			return perr(ps, ps->tstart,
			    "unexpected character '%s'", ch, NULL);
		}
		}
	}
	ps->tlen = (size_t)(p - ps->tstart);
	ps->p = p;
	return 0;
}

static int
is_kw(const struct parser *ps, const char *kw)
{
	return ps->tk == TK_IDENT && strcmp(ps->tstr, kw) == 0;
}

static struct expr *
node(struct parser *ps, enum xop op, const char *at)
{
	struct expr *e = arena_alloc(ps->names->arena, sizeof *e);

	e->op = op;
	e->line = ps->line;
	e->col = ps->col + (int)(at - ps->src);
	return e;
}

static struct type
ty(enum xtype t)
{
	struct type x = { t, T_ANY, NULL };
	return x;
}

const char *
type_name(const struct type *t)
{
	switch (t->t) {
	case T_ANY: return "any value";
	case T_BOOL: return "yes/no";
	case T_NUM: return "number";
	case T_STR: return "text";
	case T_DATE: return "date";
	case T_RECORD: return "record";
	case T_LIST:
		switch (t->elem) {
		case T_STR: return "list of text";
		case T_NUM: return "list of numbers";
		case T_RECORD: return "list of records";
		default: return "list";
		}
	}
	return "?";
}

static int
expect_type(struct parser *ps, const struct expr *e, enum xtype want,
    const char *what)
{
	char msg[200];

	if (want == T_ANY || e->type.t == T_ANY || e->type.t == want)
		return 0;
	snprintf(msg, sizeof msg, "type error: %s expects %s, got %s", what,
	    type_name(&(struct type){ want, T_ANY, NULL }),
	    type_name(&e->type));
	return error_set(ps->err, ps->file, e->line, e->col, "%s", msg);
}

static int
expect(struct parser *ps, enum tok tk, const char *what)
{
	if (ps->tk != tk)
		return perr(ps, ps->tstart, "expected %s", what, NULL);
	return next(ps);
}

/* Compile a derived variable on first use (and detect cycles). */

/* Check a string literal against the options of an enum/set variable. */
static int
check_option(struct parser *ps, const struct expr *var, const struct expr *lit)
{
	const struct var *v;
	int i;

	if (var->op != X_VAR && var->op != X_ITEM && var->op != X_FIELD)
		return 0;
	if (var->op == X_VAR)
		v = &ps->names->vars[var->idx];
	else if (var->op == X_ITEM)
		v = &ps->scope[ps->nscope - 1]->fields[var->idx];
	else
		v = &var->a->type.rec->fields[var->idx];
	if (v->nopts == 0)
		return 0;
	if (lit->op == X_LIT && lit->lit.t == V_STR) {
		if (var_option(v, lit->lit.u.s) < 0) {
			char msg[300];

			snprintf(msg, sizeof msg,
			    "\"%s\" is not an option of %s", lit->lit.u.s,
			    v->id);
			return error_set(ps->err, ps->file, lit->line,
			    lit->col, "%s", msg);
		}
	} else if (lit->op == X_LIST) {
		for (i = 0; i < lit->nargs; i++)
			if (check_option(ps, var, lit->args[i]) == -1)
				return -1;
	}
	return 0;
}

static struct expr *
parse_args(struct parser *ps, struct expr *call, int allow_where)
{
	struct expr **args = NULL;
	int n = 0, cap = 0;

	if (next(ps) == -1)	/* '(' */
		return NULL;
	while (ps->tk != TK_RP) {
		struct expr *a;

		if (n > 0 && expect(ps, TK_COMMA, "',' or ')'") == -1)
			return NULL;
		if ((a = parse_expr(ps)) == NULL)
			return NULL;
		if (n == 0 && allow_where && is_kw(ps, "where")) {
			if (a->type.t != T_LIST && a->type.t != T_ANY) {
				perr(ps, ps->tstart,
				    "'where' needs a list on its left", NULL,
				    NULL);
				return NULL;
			}
			if (next(ps) == -1)
				return NULL;
			if (ps->nscope >= 8) {
				perr(ps, ps->tstart, "too many nested 'where'",
				    NULL, NULL);
				return NULL;
			}
			ps->scope[ps->nscope++] = a->type.rec;
			call->where = parse_expr(ps);
			ps->nscope--;
			if (call->where == NULL ||
			    expect_type(ps, call->where, T_BOOL, "'where'") == -1)
				return NULL;
		}
		if (n == cap) {
			struct expr **na;

			cap = cap ? cap * 2 : 4;
			na = arena_alloc(ps->names->arena,
			    sizeof *na * (size_t)cap);
			if (n)
				memcpy(na, args, sizeof *na * (size_t)n);
			args = na;
		}
		args[n++] = a;
		/* sum(list [where c], expr): expr is evaluated per item. */
		if (call->fn == F_SUM && n == 1 && ps->tk == TK_COMMA &&
		    a->type.t == T_LIST) {
			struct expr *e;

			if (next(ps) == -1)
				return NULL;
			ps->scope[ps->nscope++] = a->type.rec;
			e = parse_expr(ps);
			ps->nscope--;
			if (e == NULL || expect_type(ps, e, T_NUM, "sum") == -1)
				return NULL;
			if (n == cap) {
				struct expr **na = arena_alloc(
				    ps->names->arena, sizeof *na * (size_t)
				    (cap + 1));
				memcpy(na, args, sizeof *na * (size_t)n);
				args = na;
				cap++;
			}
			args[n++] = e;
		}
	}
	if (next(ps) == -1)
		return NULL;
	call->args = args;
	call->nargs = n;
	return call;
}

static const struct {
	const char	*name;
	enum xfn	 fn;
	int		 min, max;	/* argument count */
	enum xtype	 result;
	int		 where;		/* a `where` may follow */
} functions[] = {
#define X(id, name, min, max, result, where)	\
	{ name, F_##id, min, max, result, where },
	EXPR_FUNCTIONS
#undef X
};

static struct expr *
parse_call(struct parser *ps, const char *name, const char *at)
{
	struct expr *e;
	size_t i;
	int k;

	if (strcmp(name, "param") == 0 || strcmp(name, "scheme") == 0) {
		int is_param = name[0] == 'p';

		if (next(ps) == -1)
			return NULL;
		if (ps->tk != TK_STR) {
			perr(ps, ps->tstart, "%s() takes a quoted name", name,
			    NULL);
			return NULL;
		}
		e = node(ps, is_param ? X_PARAM : X_SCHEME, at);
		if (is_param) {
			e->idx = ps->names->param_index(ps->names->ctx,
			    ps->tstr);
			if (e->idx < 0) {
				perr(ps, ps->tstart, "unknown parameter \"%s\"",
				    ps->tstr, NULL);
				return NULL;
			}
			e->type = ty(T_NUM);
		} else {
			e->idx = ps->names->scheme_index(ps->names->ctx,
			    ps->tstr);
			if (e->idx < 0) {
				perr(ps, ps->tstart, "unknown scheme \"%s\"",
				    ps->tstr, NULL);
				return NULL;
			}
		}
		if (next(ps) == -1 || expect(ps, TK_RP, "')'") == -1)
			return NULL;
		if (!is_param) {
			static const char *attrs[] = { "eligible", "likely",
			    "to_check", "unlikely", "non_take_up", "amount",
			    "verdict" };
			if (ps->tk != TK_DOT) {
				perr(ps, ps->tstart, "expected '.eligible', "
				    "'.likely', '.amount'… after scheme()",
				    NULL, NULL);
				return NULL;
			}
			if (next(ps) == -1)
				return NULL;
			for (k = 0; k < 7; k++)
				if (ps->tk == TK_IDENT &&
				    strcmp(ps->tstr, attrs[k]) == 0)
					break;
			if (k == 7) {
				perr(ps, ps->tstart,
				    "unknown scheme attribute \"%s\"",
				    ps->tk == TK_IDENT ? ps->tstr : "", NULL);
				return NULL;
			}
			e->attr = k;
			e->type = ty(k == SA_AMOUNT ? T_NUM :
			    k == SA_VERDICT ? T_STR : T_BOOL);
			if (next(ps) == -1)
				return NULL;
		}
		return e;
	}
	for (i = 0; i < sizeof functions / sizeof functions[0]; i++)
		if (strcmp(functions[i].name, name) == 0)
			break;
	if (i == sizeof functions / sizeof functions[0]) {
		perr(ps, at, "unknown function \"%s\"", name, NULL);
		return NULL;
	}
	e = node(ps, X_CALL, at);
	e->fn = functions[i].fn;
	e->type = ty(functions[i].result);
	if (parse_args(ps, e, functions[i].where) == NULL)
		return NULL;
	if (e->nargs < functions[i].min || e->nargs > functions[i].max) {
		char a[16];

		snprintf(a, sizeof a, "%d", e->nargs);
		perr(ps, at, "%s() does not take %s argument(s)", name, a);
		return NULL;
	}
	/* Argument types. */
	switch (e->fn) {
	case F_MIN: case F_MAX: case F_ABS: case F_ROUND: case F_FLOOR:
	case F_CEIL:
		for (k = 0; k < e->nargs; k++)
			if (expect_type(ps, e->args[k], T_NUM, name) == -1)
				return NULL;
		break;
	case F_COUNT: case F_ANY: case F_ALL:
		if (expect_type(ps, e->args[0], T_LIST, name) == -1)
			return NULL;
		if (e->fn != F_COUNT && e->where == NULL) {
			perr(ps, at, "%s() needs 'where'", name, NULL);
			return NULL;
		}
		break;
	case F_SUM:
		if (expect_type(ps, e->args[0], T_LIST, name) == -1)
			return NULL;
		if (e->nargs == 1 && e->args[0]->type.elem != T_NUM &&
		    e->args[0]->type.elem != T_ANY) {
			perr(ps, at, "sum() of records needs an expression: "
			    "sum(list, expression)", NULL, NULL);
			return NULL;
		}
		break;
	case F_HAS:
		if (expect_type(ps, e->args[0], T_LIST, name) == -1)
			return NULL;
		if (check_option(ps, e->args[0], e->args[1]) == -1)
			return NULL;
		break;
	case F_DEFAULT:
		e->type = e->args[0]->type;
		if (e->args[1]->type.t != T_ANY &&
		    expect_type(ps, e->args[1], e->args[0]->type.t,
		    "default") == -1)
			return NULL;
		break;
	case F_DATE:
		if (e->args[0]->op != X_LIT || e->args[0]->lit.t != V_STR) {
			perr(ps, at, "date() takes a quoted 'YYYY-MM-DD'", NULL,
			    NULL);
			return NULL;
		}
		e->op = X_LIT;
		e->lit.t = V_DATE;
		if (date_parse(e->args[0]->lit.u.s, &e->lit.u.d) == -1) {
			perr(ps, at, "invalid date \"%s\"",
			    e->args[0]->lit.u.s, NULL);
			return NULL;
		}
		break;
	case F_AGE_AT:
		if (expect_type(ps, e->args[0], T_DATE, name) == -1 ||
		    expect_type(ps, e->args[1], T_DATE, name) == -1)
			return NULL;
		break;
	case F_MONTH: case F_YEAR:
		if (expect_type(ps, e->args[0], T_DATE, name) == -1)
			return NULL;
		break;
	default:
		break;
	}
	return e;
}

static struct expr *
parse_ident(struct parser *ps)
{
	const char *at = ps->tstart;
	char *name = ps->tstr;
	const struct expr_names *nm = ps->names;
	struct type dtype;
	struct expr *e;
	int i;

	if (next(ps) == -1)
		return NULL;
	if (ps->tk == TK_LP)
		return parse_call(ps, name, at);
	if (strcmp(name, "true") == 0 || strcmp(name, "false") == 0) {
		e = node(ps, X_LIT, at);
		e->lit = value_bool(name[0] == 't');
		e->type = ty(T_BOOL);
		return e;
	}
	if (strcmp(name, "date") == 0) {
		e = node(ps, X_VAR, at);
		e->idx = nm->var_index(nm->ctx, "date");
		if (e->idx < 0) {
			perr(ps, at, "the rule base defines no 'date' variable",
			    NULL, NULL);
			return NULL;
		}
		e->type = ty(T_DATE);
		return e;
	}
	/* Innermost 'where' item first. */
	if (ps->nscope > 0 && ps->scope[ps->nscope - 1] != NULL) {
		const struct var *rec = ps->scope[ps->nscope - 1];

		for (i = 0; i < rec->nfields; i++)
			if (strcmp(rec->fields[i].id, name) == 0) {
				e = node(ps, X_ITEM, at);
				e->idx = i;
				e->type = rec->fields[i].type;
				return e;
			}
	}
	if ((i = nm->var_index(nm->ctx, name)) >= 0) {
		e = node(ps, X_VAR, at);
		e->idx = i;
		e->type = nm->vars[i].type;
		return e;
	}
	if ((i = nm->derived(nm->ctx, name, &dtype, ps->err)) >= 0) {
		e = node(ps, X_DERIVED, at);
		e->idx = i;
		e->type = dtype;
		return e;
	}
	if (i == -3) {		/* being compiled: a cycle, here */
		perr(ps, at, "derived variable \"%s\" depends on itself",
		    name, NULL);
		return NULL;
	}
	if (i == -2)		/* its own error, already said */
		return NULL;
	perr(ps, at, "unknown variable \"%s\"", name, NULL);
	return NULL;
}

static struct expr *
parse_primary(struct parser *ps)
{
	const char *at = ps->tstart;
	struct expr *e;

	switch (ps->tk) {
	case TK_NUM:
		e = node(ps, X_LIT, at);
		e->lit = value_num(ps->tnum);
		e->type = ty(T_NUM);
		return next(ps) == -1 ? NULL : e;
	case TK_STR:
		e = node(ps, X_LIT, at);
		e->lit = value_istr(ps->names->intern(
		    ps->names->ctx, ps->tstr));
		e->type = ty(T_STR);
		return next(ps) == -1 ? NULL : e;
	case TK_IDENT:
		return parse_ident(ps);
	case TK_LP:
		if (next(ps) == -1 || (e = parse_expr(ps)) == NULL ||
		    expect(ps, TK_RP, "')'") == -1)
			return NULL;
		return e;
	case TK_LB: {
		struct expr **items = NULL;
		int n = 0, cap = 0;

		e = node(ps, X_LIST, at);
		if (next(ps) == -1)
			return NULL;
		while (ps->tk != TK_RB) {
			struct expr *it;

			if (n > 0 && expect(ps, TK_COMMA, "',' or ']'") == -1)
				return NULL;
			if ((it = parse_expr(ps)) == NULL)
				return NULL;
			if (n > 0 && it->type.t != items[0]->type.t) {
				perr(ps, at, "type error: a list mixes %s and "
				    "%s", type_name(&items[0]->type),
				    type_name(&it->type));
				return NULL;
			}
			if (n == cap) {
				struct expr **ni;

				cap = cap ? cap * 2 : 8;
				ni = arena_alloc(ps->names->arena,
				    sizeof *ni * (size_t)cap);
				if (n)
					memcpy(ni, items, sizeof *ni *
					    (size_t)n);
				items = ni;
			}
			items[n++] = it;
		}
		if (next(ps) == -1)
			return NULL;
		e->args = items;
		e->nargs = n;
		e->type = ty(T_LIST);
		e->type.elem = n ? items[0]->type.t : T_ANY;
		/* A list of literals is a constant: build it once. */
		{
			struct value *vals = arena_alloc(ps->names->arena,
			    sizeof *vals * (size_t)(n + 1));
			int k, constant = 1;

			for (k = 0; k < n; k++) {
				if (items[k]->op != X_LIT)
					constant = 0;
				else
					vals[k] = items[k]->lit;
			}
			if (constant) {
				e->lit.t = V_LIST;
				e->lit.u.l.items = vals;
				e->lit.u.l.n = n;
			}
		}
		return e;
	}
	case TK_EOF:
		perr(ps, at, "unexpected end of expression", NULL, NULL);
		return NULL;
	default:
		error_set(ps->err, ps->file, ps->line,
		    ps->col + (int)(at - ps->src), "unexpected '%.*s'",
		    (int)ps->tlen, at);
		return NULL;
	}
}

static struct expr *
parse_postfix(struct parser *ps)
{
	struct expr *e = parse_primary(ps);

	while (e != NULL && ps->tk == TK_DOT) {
		const char *at = ps->tstart;
		const struct var *rec = e->type.rec;
		struct expr *f;
		int i;

		if (next(ps) == -1)
			return NULL;
		if (ps->tk != TK_IDENT) {
			perr(ps, ps->tstart, "expected a field name after '.'",
			    NULL, NULL);
			return NULL;
		}
		if (e->type.t != T_RECORD || rec == NULL) {
			perr(ps, at, "type error: '.%s' on a %s", ps->tstr,
			    type_name(&e->type));
			return NULL;
		}
		for (i = 0; i < rec->nfields; i++)
			if (strcmp(rec->fields[i].id, ps->tstr) == 0)
				break;
		if (i == rec->nfields) {
			perr(ps, ps->tstart, "unknown field \"%s\" of %s",
			    ps->tstr, rec->id);
			return NULL;
		}
		f = node(ps, X_FIELD, at);
		f->a = e;
		f->idx = i;
		f->type = rec->fields[i].type;
		e = f;
		if (next(ps) == -1)
			return NULL;
	}
	return e;
}

static struct expr *
parse_unary(struct parser *ps)
{
	if (ps->tk == TK_MINUS) {
		struct expr *e = node(ps, X_NEG, ps->tstart);

		if (++ps->depth > EXPR_MAX_DEPTH) {
			perr(ps, ps->tstart, "expression nested too deeply",
			    NULL, NULL);
			return NULL;
		}
		if (next(ps) == -1 || (e->a = parse_unary(ps)) == NULL ||
		    expect_type(ps, e->a, T_NUM, "'-'") == -1)
			return NULL;
		ps->depth--;
		e->type = ty(T_NUM);
		return e;
	}
	return parse_postfix(ps);
}

static struct expr *
binary(struct parser *ps, enum xop op, const char *at, struct expr *a,
    struct expr *b)
{
	struct expr *e = node(ps, op, at);

	e->a = a;
	e->b = b;
	return e;
}

static struct expr *
parse_mul(struct parser *ps)
{
	struct expr *e = parse_unary(ps), *b;

	while (e != NULL && (ps->tk == TK_STAR || ps->tk == TK_SLASH)) {
		enum xop op = ps->tk == TK_STAR ? X_MUL : X_DIV;
		const char *at = ps->tstart;

		if (next(ps) == -1 || (b = parse_unary(ps)) == NULL ||
		    expect_type(ps, e, T_NUM, op == X_MUL ? "'*'" : "'/'") ||
		    expect_type(ps, b, T_NUM, op == X_MUL ? "'*'" : "'/'"))
			return NULL;
		e = binary(ps, op, at, e, b);
		e->type = ty(T_NUM);
	}
	return e;
}

static struct expr *
parse_add(struct parser *ps)
{
	struct expr *e = parse_mul(ps), *b;

	while (e != NULL && (ps->tk == TK_PLUS || ps->tk == TK_MINUS)) {
		enum xop op = ps->tk == TK_PLUS ? X_ADD : X_SUB;
		const char *at = ps->tstart;

		if (next(ps) == -1 || (b = parse_mul(ps)) == NULL ||
		    expect_type(ps, e, T_NUM, op == X_ADD ? "'+'" : "'-'") ||
		    expect_type(ps, b, T_NUM, op == X_ADD ? "'+'" : "'-'"))
			return NULL;
		e = binary(ps, op, at, e, b);
		e->type = ty(T_NUM);
	}
	return e;
}

static struct expr *
parse_cmp(struct parser *ps)
{
	struct expr *e = parse_add(ps), *b;
	enum xop op;
	const char *at;

	if (e == NULL)
		return NULL;
	at = ps->tstart;
	switch (ps->tk) {
	case TK_EQ: op = X_EQ; break;
	case TK_NE: op = X_NE; break;
	case TK_LT: op = X_LT; break;
	case TK_LE: op = X_LE; break;
	case TK_GT: op = X_GT; break;
	case TK_GE: op = X_GE; break;
	case TK_IDENT:
		if (strcmp(ps->tstr, "in") == 0) {
			op = X_IN;
			break;
		}
		if (strcmp(ps->tstr, "not") == 0) {
			const char *save = ps->p;

			if (next(ps) == -1)
				return NULL;
			if (is_kw(ps, "in")) {
				op = X_NOTIN;
				break;
			}
			ps->p = save;
			perr(ps, at, "expected 'in' after 'not'", NULL, NULL);
			return NULL;
		}
		return e;
	default:
		return e;
	}
	if (next(ps) == -1 || (b = parse_add(ps)) == NULL)
		return NULL;
	e = binary(ps, op, at, e, b);
	e->type = ty(T_BOOL);
	if (op == X_IN || op == X_NOTIN) {
		if (expect_type(ps, b, T_LIST, "'in'") == -1)
			return NULL;
		if (b->type.elem != T_ANY && e->a->type.t != T_ANY &&
		    b->type.elem != e->a->type.t) {
			perr(ps, at, "type error: %s 'in' a %s",
			    type_name(&e->a->type), type_name(&b->type));
			return NULL;
		}
		if (check_option(ps, e->a, b) == -1)
			return NULL;
	} else {
		struct type *ta = &e->a->type, *tb = &b->type;

		if (ta->t != T_ANY && tb->t != T_ANY && ta->t != tb->t) {
			perr(ps, at, "type error: cannot compare %s with %s",
			    type_name(ta), type_name(tb));
			return NULL;
		}
		if (op != X_EQ && op != X_NE && ta->t != T_NUM &&
		    ta->t != T_DATE && ta->t != T_ANY) {
			perr(ps, at, "type error: cannot order %s values",
			    type_name(ta), NULL);
			return NULL;
		}
		if (check_option(ps, e->a, b) == -1 ||
		    check_option(ps, b, e->a) == -1)
			return NULL;
	}
	return e;
}

static struct expr *
parse_not(struct parser *ps)
{
	if (is_kw(ps, "not")) {
		struct expr *e = node(ps, X_NOT, ps->tstart);

		if (++ps->depth > EXPR_MAX_DEPTH) {
			perr(ps, ps->tstart, "expression nested too deeply",
			    NULL, NULL);
			return NULL;
		}
		if (next(ps) == -1 || (e->a = parse_not(ps)) == NULL ||
		    expect_type(ps, e->a, T_BOOL, "'not'") == -1)
			return NULL;
		ps->depth--;
		e->type = ty(T_BOOL);
		return e;
	}
	return parse_cmp(ps);
}

static struct expr *
parse_logic(struct parser *ps, int is_or)
{
	struct expr *e = is_or ? parse_logic(ps, 0) : parse_not(ps), *b;
	const char *kw = is_or ? "or" : "and";

	while (e != NULL && is_kw(ps, kw)) {
		const char *at = ps->tstart;

		if (next(ps) == -1)
			return NULL;
		b = is_or ? parse_logic(ps, 0) : parse_not(ps);
		if (b == NULL || expect_type(ps, e, T_BOOL, kw) == -1 ||
		    expect_type(ps, b, T_BOOL, kw) == -1)
			return NULL;
		e = binary(ps, is_or ? X_OR : X_AND, at, e, b);
		e->type = ty(T_BOOL);
	}
	return e;
}

static struct expr *
parse_expr(struct parser *ps)
{
	struct expr *e;

	if (++ps->depth > EXPR_MAX_DEPTH) {
		perr(ps, ps->tstart, "expression nested too deeply", NULL,
		    NULL);
		return NULL;
	}
	if (is_kw(ps, "if")) {
		e = node(ps, X_IF, ps->tstart);
		if (next(ps) == -1 || (e->c = parse_expr(ps)) == NULL ||
		    expect_type(ps, e->c, T_BOOL, "'if'") == -1)
			return NULL;
		if (!is_kw(ps, "then")) {
			perr(ps, ps->tstart, "expected 'then'", NULL, NULL);
			return NULL;
		}
		if (next(ps) == -1 || (e->a = parse_expr(ps)) == NULL)
			return NULL;
		if (!is_kw(ps, "else")) {
			perr(ps, ps->tstart, "expected 'else'", NULL, NULL);
			return NULL;
		}
		if (next(ps) == -1 || (e->b = parse_expr(ps)) == NULL)
			return NULL;
		if (e->a->type.t != T_ANY && e->b->type.t != T_ANY &&
		    e->a->type.t != e->b->type.t) {
			perr(ps, e->b->line == ps->line ? ps->src +
			    (e->b->col - ps->col) : ps->tstart,
			    "type error: 'then' gives %s but 'else' gives %s",
			    type_name(&e->a->type), type_name(&e->b->type));
			return NULL;
		}
		e->type = e->a->type.t != T_ANY ? e->a->type : e->b->type;
	} else {
		e = parse_logic(ps, 1);
	}
	ps->depth--;
	return e;
}

static struct expr *
compile(const struct expr_names *names, const struct var *scope,
    const char *src, const char *file, int line, int col, enum xtype want,
    struct error *err)
{
	struct parser ps;
	struct expr *e;

	memset(&ps, 0, sizeof ps);
	ps.names = names;
	ps.src = ps.p = src;
	ps.file = file;
	ps.line = line;
	ps.col = col;
	ps.err = err;
	if (scope != NULL)
		ps.scope[ps.nscope++] = scope;
	if (next(&ps) == -1 || (e = parse_expr(&ps)) == NULL)
		return NULL;
	if (ps.tk != TK_EOF) {
		error_set(err, file, line, col + (int)(ps.tstart - src),
		    "unexpected '%.*s' after the expression", (int)ps.tlen,
		    ps.tstart);
		return NULL;
	}
	if (expect_type(&ps, e, want, "this field") == -1)
		return NULL;
	return e;
}

struct expr *
expr_compile(const struct expr_names *names, const char *src,
    const char *file, int line, int col, enum xtype want, struct error *err)
{
	return compile(names, NULL, src, file, line, col, want, err);
}

struct expr *
expr_compile_scoped(const struct expr_names *names, const char *src,
    const char *file, int line, int col, const struct var *scope,
    struct error *err)
{
	return compile(names, scope, src, file, line, col, T_BOOL, err);
}
