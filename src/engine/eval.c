/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eval.c - three-valued evaluation of the rule base over a situation.
 *
 * Every evaluation function returns a value and, when the value is
 * unknown, adds to `miss` the situation variables whose answers could
 * settle it. Kleene logic decides as early as the known answers allow:
 * `false and unknown` is false and adds nothing to `miss`.
 */
#include "eval.h"

#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "enode.h"

/* xv_of's inverse (struct xv: enode.h). */
static inline struct value
xv_value(struct xv x)
{
	struct value v;

	memset(&v, 0, sizeof v);
	v.t = (enum vtype)x.t;
	v.u.n = x.u.n;
	if (x.t == V_LIST)
		v.u.l.n = x.aux;
	else if (x.t == V_STR)
		v.interned = (unsigned char)x.aux;
	return v;
}

static inline struct xv
xv_unknown(void)
{
	struct xv r = { .t = V_UNKNOWN };

	return r;
}

static inline struct xv
xv_bool(int b)
{
	struct xv r = { .t = V_BOOL };

	r.u.b = b != 0;
	return r;
}

static inline struct xv
xv_num(num_t n)
{
	struct xv r = { .t = V_NUM };

	r.u.n = n;
	return r;
}

struct derived_cache {
	unsigned	 gen;		/* valid when equal to the evaluator's */
	int		 state;		/* 0 not computed, 1 busy, 2 done */
	struct xv	 v;
	struct varset	 miss;
	struct varset	 soft;		/* read through known()/default() */
};

struct evaluator {
	const struct rules	*r;
	struct value		*vals;		/* working copy of answers */
	unsigned char		*answer_state;	/* per variable: 1 implied value
						   used, 2 answer dropped by
						   ask_if, 3 answer contradicts
						   its implied value */
	/* What would settle an undecided implied_if whose answer could
	   contradict it (open_warnings). */
	struct varset		 implied_open;
	struct value		*implied_vals;	/* per variable: its implied
						   value when implied_if holds */
	int			 warnings_ready; /* res.warnings are current */
	const struct situation	*sit;
	int32_t			 date;
	struct derived_cache	*dc;
	unsigned		 gen;		/* bumping it empties dc */
	struct result		 res;
	signed char		*condbuf;
	num_t			*countbuf;
	signed char		*countknown;
	struct arena		 scratch;
	struct arena		 keep;		/* until eval_free */
	/* 'where' item stack */
	const struct value	*item[8];
	int			 item_var[8];
	int			 nitem;
	int			 dept_var;
	int			 commune_var;	/* the variable of type commune */
	char			 dept_code[4];
	/*
	 * Unanswered variables read through known() or default(): the value
	 * is definite, but answering them could still change it, so the
	 * interview must ask them. Collected per outcome.
	 */
	struct varset		 soft;
	int			 settle_order;	/* eval_set_order */
	signed char		*promote;	/* per var: class it is
						   asked at (next_order) */
	struct varset		*askreads;	/* per next[]: what its ask_if
					   reads among unanswered ones */
	int			*nextpos;	/* per var: its index in next[],
						   -1 (next_order) */
	struct varset		 docs;		/* answers from documents */
	struct varset		 askable;	/* questions an interview asks */
	struct varset		 ask_seen;	/* per run: can_ask */
	struct varset		 ask_can;
	struct varset		 class_reason;	/* class_sets: ASK_REASON */
	/* plan_build: the questions of the undecided `when` of a
	   prerequisite the orientation may not need (prereq_oriented: -1):
	   ASK_REASON, after those that may tell it does not. */
	struct varset		 prereq_late;
	struct varset		 class_key;	/* and ASK_KEY_RIGHT */
	const struct territory	*territory;
	int			 weekday;	/* 0: no clock */
	int			 minute;
	int			 date_var;	/* the "date" question, or -1 */
	/* Parameter values at `pdate`, each valid when its pgen equals
	   pepoch: a parameter is looked up once per date. */
	struct xv		*pval;
	unsigned		*pgen;
	unsigned		 pepoch;
	struct xv		*kval;		/* K_PCONST, valid when */
	unsigned		*kgen;		/* kgen equals pepoch */
	int32_t			 pdate;
	/* Computed once from the rule base: the service kind of each
	   scheme's first service (or the MDS), the index in
	   rules->documents of each scheme's documents. */
	unsigned char		*has_override;	/* per national scheme: a
						   departmental definition */
	const struct service_kind **skind;
	const char		**skind_id;	/* its id (interned) */
	unsigned char		*prereq_serving;	/* per scheme of a
						   prerequisite: 2 needs it,
						   1 needs it but is
						   pending, 0 not */
	struct varset		*preq_reads;	/* per prerequisite: what its
						   `when` reads */
	unsigned char		*preq_read_ok;	/* ... once gathered */
	struct varset		**cond_reads;	/* per scheme (any definition),
						   per condition: what it reads;
						   NULL until needed */
	int			**sdocs;	/* rules->nschemes */
	int			 nsdocs;
	unsigned		*doc_seen;	/* per document: gen when listed */
	unsigned		 doc_gen;
	int			 maxsteps;	/* of a plan */
	int			*weight;	/* per variable (settles) */
	/*
	 * The rule base's compiled expressions (enode.h), made by the
	 * loader and kept in the rule image: read in place, nothing is
	 * built per evaluator but these tables of roots. `dexpr`: of each
	 * derived value.
	 */
	const struct enode	**dexpr;	/* rules->nderived */
	/* Per scheme, the copies of its roots (copy_expressions). */
	const struct enode	***sconds;
	const struct enode	**ask_if;	/* per variable */
	const struct enode	**implied_if;	/* per variable */
	struct varset		 sink;		/* what nobody reads */
	struct varset		 unanswered;	/* per run: not answered yet */
	struct varset		 warn_vars;	/* of every warning */
	uint32_t		 given;		/* reasons_given, per run */
};

#define EV_DECL(f) static struct xv f(struct evaluator *, \
    const struct enode *, struct varset *);
EV_DECL(ev_list) EV_DECL(ev_var) EV_DECL(ev_param) EV_DECL(ev_derived)
EV_DECL(ev_item) EV_DECL(ev_field) EV_DECL(ev_scheme) EV_DECL(ev_not)
EV_DECL(ev_neg) EV_DECL(ev_logic) EV_DECL(ev_cmp) EV_DECL(ev_in)
EV_DECL(ev_arith) EV_DECL(ev_if) EV_DECL(ev_call) EV_DECL(ev_cmp_vl)
EV_DECL(ev_cmp_vp) EV_DECL(ev_in_vl) EV_DECL(ev_has_vl) EV_DECL(ev_pconst)
EV_DECL(ev_logicn)
#undef EV_DECL
static void scheme_eval(struct evaluator *, int);
static void copy_expressions(struct evaluator *);

/* Without a branch a word: they are as often empty as not. */
static inline int
varset_meets(const struct varset *a, const struct varset *b)
{
	uint64_t any = 0;
	unsigned i;

	for (i = 0; i < RULES_MAX_VARS / 64; i++)
		any |= a->w[i] & b->w[i];
	return any != 0;
}

static inline int
varset_none(const struct varset *a)
{
	uint64_t any = 0;
	unsigned i;

	for (i = 0; i < RULES_MAX_VARS / 64; i++)
		any |= a->w[i];
	return any == 0;
}

static inline int
varset_same(const struct varset *a, const struct varset *b)
{
	uint64_t diff = 0;
	unsigned i;

	for (i = 0; i < RULES_MAX_VARS / 64; i++)
		diff |= a->w[i] ^ b->w[i];
	return diff == 0;
}

int
result_warning_touches(const struct result *res, int w,
    const struct scheme_result *s)
{
	return w >= 0 && w < res->nwarnings && s->def != NULL &&
	    varset_meets(&s->def->reads, &res->warnings[w].vars);
}

/* Whether service `j` of `u` goes with a scheme of it: 1 one left
   possible, 0 only unlikely ones, -1 none of its schemes. */
static int
urgency_service_use(const struct result *res, const struct urgency *u, int j)
{
	const char *const *svc;
	int k, n, i, routed = 0;

	for (k = 0; k < u->nschemes; k++) {
		const struct scheme_result *s;

		if (u->scheme_idx[k] < 0)
			continue;
		s = &res->schemes[u->scheme_idx[k]];
		svc = scheme_services(s->def, s->variant, &n);
		for (i = 0; i < n; i++)
			if (strcmp(svc[i], u->services[j]) == 0) {
				if (s->verdict != VERDICT_UNLIKELY)
					return 1;
				routed = 1;
			}
	}
	return routed ? 0 : -1;
}

int
result_urgency_serves(const struct result *res, const struct urgency *u,
    int j)
{
	int k;

	if (urgency_service_use(res, u, j) != 0)
		return 1;
	for (k = 0; k < u->nservices; k++)
		if (urgency_service_use(res, u, k) != 0)
			return 0;
	return 1;
}

int
result_in_plan(const struct result *res, int i, int claimed)
{
	int k, j;

	for (k = 0; k < res->nplan; k++)
		for (j = 0; j < res->plan[k].nschemes; j++)
			if (res->plan[k].schemes[j] == i &&
			    !(claimed && res->plan[k].prereq))
				return 1;
	return 0;
}

const char *
result_warning_id(const struct rules *r, const struct result *res, int w,
    char *buf, size_t size)
{
	const struct warning *wa = &res->warnings[w];

	if (wa->check >= 0)
		return r->checks[wa->check].id;
	snprintf(buf, size, "implied.%s", r->vars[wa->var].id);
	return buf;
}

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_LIKELY: return "likely";
	case VERDICT_TO_CHECK: return "to_check";
	default: return "unlikely";
	}
}

struct evaluator *
eval_new(const struct rules *r)
{
	struct evaluator *e = xcalloc(1, sizeof *e);
	int i, nconds = 0, ncounted = 0, nprereq;

	e->r = r;
	e->vals = xcalloc((size_t)r->nvars + 1, sizeof *e->vals);
	e->answer_state = xcalloc((size_t)r->nvars + 1, 1);
	e->dc = xcalloc((size_t)r->nderived + 1, sizeof *e->dc);
	e->res.schemes = xcalloc((size_t)r->nnational + 1,
	    sizeof *e->res.schemes);
	e->res.urgencies = xcalloc((size_t)r->nurgencies + 1,
	    sizeof *e->res.urgencies);
	e->res.urgency_order = xcalloc((size_t)r->nurgencies + 1,
	    sizeof(int));
	e->res.next = xcalloc((size_t)r->nvars + 1, sizeof(int));
	e->res.next_class = xcalloc((size_t)r->nvars + 1, 1);
	e->askreads = xcalloc((size_t)r->nvars + 1, sizeof *e->askreads);
	e->promote = xcalloc((size_t)r->nvars + 1, 1);
	e->nextpos = xcalloc((size_t)r->nvars + 1, sizeof(int));
	for (i = 0; i < r->nvars; i++)
		e->nextpos[i] = -1;
	for (i = 0; i < r->nvars; i++) {
		if (r->vars[i].from_documents)
			varset_add(&e->docs, i);
		if (r->vars[i].ask)
			varset_add(&e->askable, i);
	}
	e->res.next_weight = xcalloc((size_t)r->nvars + 1, sizeof(int));
	e->res.warnings = xcalloc((size_t)(r->nvars + r->nchecks) + 1,
	    sizeof *e->res.warnings);
	for (i = 0; i < r->nschemes; i++) {
		if (r->schemes[i].nconds > nconds)
			nconds = r->schemes[i].nconds;
		if (r->schemes[i].ncounted > ncounted)
			ncounted = r->schemes[i].ncounted;
	}
	e->countbuf = xcalloc((size_t)(ncounted + 1) *
	    (size_t)(r->nnational + 1), sizeof *e->countbuf);
	e->countknown = xcalloc((size_t)(ncounted + 1) *
	    (size_t)(r->nnational + 1), 1);
	e->condbuf = xcalloc((size_t)(nconds + 1) * (size_t)(r->nnational + 1),
	    1);
	for (i = 0; i < r->nnational; i++) {
		e->res.schemes[i].conds = e->condbuf + (size_t)i *
		    (size_t)(nconds + 1);
		e->res.schemes[i].counted = e->countbuf + (size_t)i *
		    (size_t)(ncounted + 1);
		e->res.schemes[i].counted_known = e->countknown + (size_t)i *
		    (size_t)(ncounted + 1);
	}
	arena_init(&e->scratch);
	arena_init(&e->keep);
	e->dept_var = -1;
	e->commune_var = -1;
	for (i = 0; i < r->nvars; i++) {
		if (r->vars[i].qt == Q_DEPARTMENT && e->dept_var < 0)
			e->dept_var = i;
		if (r->vars[i].qt == Q_COMMUNE && e->commune_var < 0)
			e->commune_var = i;
	}
	e->date_var = rules_var_index(r, "date");
	copy_expressions(e);
	e->weight = xcalloc((size_t)RULES_MAX_VARS, sizeof *e->weight);
	e->pval = xcalloc((size_t)r->nparams + 1, sizeof *e->pval);
	e->pgen = xcalloc((size_t)r->nparams + 1, sizeof *e->pgen);
	e->maxsteps = r->nurgencies + r->nnight_lines + r->nprereqs +
	    r->nnational + 2;
	e->res.plan = xcalloc((size_t)e->maxsteps, sizeof *e->res.plan);
	e->res.asked_for = xcalloc((size_t)r->nvars + 1,
	    sizeof *e->res.asked_for);
	e->res.documents = xcalloc((size_t)r->ndocuments + 1,
	    sizeof(char *));
	e->doc_seen = xcalloc((size_t)r->ndocuments + 1, sizeof *e->doc_seen);
	e->has_override = xcalloc((size_t)r->nschemes + 1, 1);
	for (i = r->nnational; i < r->nschemes; i++)
		if (r->schemes[i].base >= 0 && r->schemes[i].base < r->nnational)
			e->has_override[r->schemes[i].base] = 1;
	e->skind = xcalloc((size_t)r->nschemes + 1, sizeof *e->skind);
	e->skind_id = xcalloc((size_t)r->nschemes + 1, sizeof *e->skind_id);
	for (i = 0, nprereq = 0; i < r->nprereqs; i++)
		if (r->prereqs[i].nschemes > nprereq)
			nprereq = r->prereqs[i].nschemes;
	e->prereq_serving = xcalloc((size_t)nprereq + 1, 1);
	e->preq_reads = xcalloc((size_t)r->nprereqs + 1, sizeof *e->preq_reads);
	e->preq_read_ok = xcalloc((size_t)r->nprereqs + 1, 1);
	e->cond_reads = xcalloc((size_t)r->nschemes + 1, sizeof *e->cond_reads);
	e->sdocs = xcalloc((size_t)r->nschemes + 1, sizeof *e->sdocs);
	e->nsdocs = r->nschemes;
	for (i = 0; i < r->nschemes; i++) {
		const struct scheme *s = &r->schemes[i];
		const char *svc = s->nservices ? s->services[0] :
		    r->mds_service;
		int k, d;

		e->skind_id[i] = svc;
		e->skind[i] = svc != NULL ? rules_kind(r, svc) : NULL;
		e->sdocs[i] = xcalloc((size_t)s->ndocuments + 1, sizeof(int));
		for (k = 0; k < s->ndocuments; k++) {
			/* Interned ids compare as pointers; else by text. */
			for (d = 0; d < r->ndocuments; d++)
				if (r->documents[d].id == s->documents[k])
					break;
			if (d == r->ndocuments)
				for (d = 0; d < r->ndocuments; d++)
					if (strcmp(r->documents[d].id,
					    s->documents[k]) == 0)
						break;
			e->sdocs[i][k] = d < r->ndocuments ? d : -1;
		}
	}
	return e;
}

void
eval_set_territory(struct evaluator *e, const struct territory *t)
{
	e->territory = t;
}

void
eval_set_order(struct evaluator *e, int on)
{
	e->settle_order = on;
}

void
eval_set_clock(struct evaluator *e, int weekday, int minute)
{
	e->weekday = weekday;
	e->minute = minute;
}

void
eval_clock_now(int *weekday, int *minute)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	*weekday = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

void
eval_free(struct evaluator *e)
{
	int i;

	if (e == NULL)
		return;
	free(e->vals);
	free(e->answer_state);
	free(e->dc);
	free(e->res.schemes);
	free(e->res.urgencies);
	free(e->res.urgency_order);
	free(e->res.next);
	free(e->res.next_class);
	free(e->askreads);
	free(e->promote);
	free(e->nextpos);
	free(e->res.next_weight);
	free(e->res.warnings);
	free(e->condbuf);
	free(e->countbuf);
	free(e->countknown);
	free(e->pval);
	free(e->dexpr);
	for (i = 0; i < e->nsdocs; i++)
		free(e->sconds[i]);
	free(e->sconds);
	free(e->ask_if);
	free(e->implied_if);
	free(e->implied_vals);
	free(e->weight);
	free(e->pgen);
	free(e->kval);
	free(e->kgen);
	free(e->res.plan);
	free(e->res.asked_for);
	free(e->res.documents);
	free(e->doc_seen);
	for (i = 0; i < e->nsdocs; i++)
		free(e->sdocs[i]);
	free(e->sdocs);
	free(e->skind);
	free(e->skind_id);
	free(e->prereq_serving);
	free(e->preq_reads);
	free(e->preq_read_ok);
	for (i = 0; i < e->r->nschemes; i++)
		free(e->cond_reads[i]);
	free(e->cond_reads);
	free(e->has_override);
	arena_release(&e->scratch);
	arena_release(&e->keep);
	free(e);
}

/* --- the evaluator's copy of the expressions ------------------------------ */

/*
 * The compiled form of root `x` (enode.h); an expression that is no root
 * of the rule base (unit tests) is compiled in arena `a`.
 */
static const struct enode *
cx_in(struct arena *a, const struct expr *x)
{
	if (x == NULL)
		return NULL;
	if (x->compiled != NULL)
		return x->compiled;
	return enode_compile_in(a, x);
}

/* cx_in for this run: the scratch arena, emptied at the next one. */
static const struct enode *
cx(struct evaluator *e, const struct expr *x)
{
	return cx_in(&e->scratch, x);
}

static void
copy_expressions(struct evaluator *e)
{
	const struct rules *r = e->r;
	int i;

	e->kval = xcalloc((size_t)r->nconst + 1, sizeof *e->kval);
	e->kgen = xcalloc((size_t)r->nconst + 1, sizeof *e->kgen);
	e->dexpr = xcalloc((size_t)r->nderived + 1, sizeof *e->dexpr);
	for (i = 0; i < r->nderived; i++)
		e->dexpr[i] = cx_in(&e->keep, r->derived[i].expr);
	e->sconds = xcalloc((size_t)r->nschemes + 1, sizeof *e->sconds);
	for (i = 0; i < r->nschemes; i++) {
		const struct scheme *s = &r->schemes[i];
		const struct enode **x;
		int k;

		x = e->sconds[i] = xcalloc((size_t)(s->nconds + s->nvariants +
		    s->ncounted + 4), sizeof **e->sconds);
		/* In scheme_eval's order: conditions, to_check_if,
		   variants, amount, counted, non_take_up, received_if. */
		for (k = 0; k < s->nconds; k++)
			*x++ = cx_in(&e->keep, s->conds[k].expr);
		*x++ = cx_in(&e->keep, s->to_check_if);
		for (k = 0; k < s->nvariants; k++)
			*x++ = cx_in(&e->keep, s->variants[k].when);
		*x++ = cx_in(&e->keep, s->amount);
		for (k = 0; k < s->ncounted; k++)
			*x++ = cx_in(&e->keep, s->counted[k]);
		*x++ = cx_in(&e->keep, s->non_take_up);
		*x = cx_in(&e->keep, s->received_if);
	}
	e->ask_if = xcalloc((size_t)r->nvars + 1, sizeof *e->ask_if);
	e->implied_if = xcalloc((size_t)r->nvars + 1, sizeof *e->implied_if);
	e->implied_vals = xcalloc((size_t)r->nvars + 1,
	    sizeof *e->implied_vals);
	for (i = 0; i < r->nvars; i++) {
		e->ask_if[i] = cx_in(&e->keep, r->vars[i].ask_if);
		e->implied_if[i] = cx_in(&e->keep, r->vars[i].implied_if);
	}
}

/* --- expressions --------------------------------------------------------- */

static inline int
xtruth(struct xv v)
{
	return v.t == V_BOOL ? v.u.b : -1;
}

static int
truth(const struct value *v)
{
	if (v->t == V_BOOL)
		return v->u.b;
	return -1;
}

/*
 * Evaluate `x`. The leaves that need nothing but a look-up (a literal, a
 * list of literals, an answer given, a parameter or derived value already
 * known) are answered here, inlined at every call site; the rest in
 * ev_node.
 */
static inline __attribute__((always_inline)) struct xv
evx(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	/* The most frequent leaf first, one test: the table jump below
	   is a branch the processor often mispredicts. A literal is most
	   often an operand that evx_lit or a node's kind (enum xkind)
	   reads without coming here. */
	if (x->kind == X_VAR && e->vals[x->idx].t != V_UNKNOWN)
		return xv_of(&e->vals[x->idx]);
	switch (x->kind) {
	case X_LIT:
		return x->lit;
	case X_LIST:			/* a list of literals: made once */
		if (x->lit.t == V_LIST)
			return x->lit;
		return ev_list(e, x, miss);
	case X_VAR:
		if (e->vals[x->idx].t != V_UNKNOWN)
			return xv_of(&e->vals[x->idx]);
		return ev_var(e, x, miss);
	case X_PARAM:
		if (e->pgen[x->idx] == e->pepoch)
			return e->pval[x->idx];
		return ev_param(e, x, miss);
	case X_DERIVED: {
		const struct derived_cache *c = &e->dc[x->idx];

		if (c->gen == e->gen && c->state == 2 &&
		    c->v.t != V_UNKNOWN) {
			varset_union(&e->soft, &c->soft);
			return c->v;
		}
		return ev_derived(e, x, miss);
	}
	case X_ITEM:
		return ev_item(e, x, miss);
	case X_FIELD:
		return ev_field(e, x, miss);
	case X_SCHEME:
		return ev_scheme(e, x, miss);
	case X_NOT:
		return ev_not(e, x, miss);
	case X_NEG:
		return ev_neg(e, x, miss);
	case X_AND:
	case X_OR:
		return ev_logic(e, x, miss);
	case X_EQ: case X_NE: case X_LT: case X_LE: case X_GT: case X_GE:
		return ev_cmp(e, x, miss);
	case X_IN:
	case X_NOTIN:
		return ev_in(e, x, miss);
	case X_ADD: case X_SUB: case X_MUL: case X_DIV:
		return ev_arith(e, x, miss);
	case X_IF:
		return ev_if(e, x, miss);
	case X_CALL:
		return ev_call(e, x, miss);
	case K_CMP_VL:
		return ev_cmp_vl(e, x, miss);
	case K_CMP_VP:
		return ev_cmp_vp(e, x, miss);
	case K_IN_VL:
		return ev_in_vl(e, x, miss);
	case K_HAS_VL:
		return ev_has_vl(e, x, miss);
	case K_KNOWN_V:
		if (e->vals[x->idx].t != V_UNKNOWN)
			return xv_bool(1);
		return ev_call(e, x, miss);
	case K_NOTKNOWN_V:
		if (e->vals[x->idx].t != V_UNKNOWN)
			return xv_bool(0);
		return ev_not(e, x, miss);
	case K_COUNT_V:
		if (e->vals[x->idx].t == V_LIST && e->nitem < 8)
			return xv_num(NUM_INT(e->vals[x->idx].u.l.n));
		return ev_call(e, x, miss);
	case K_PCONST:
		if (e->kgen[x->idx2] == e->pepoch)
			return e->kval[x->idx2];
		return ev_pconst(e, x, miss);
	case K_LOGICN:
		return ev_logicn(e, x, miss);
	}
	return xv_unknown();
}

/*
 * evx for an operand that is most often a literal (the right-hand side
 * of a comparison, of `in`, of has()): one test before the table jump.
 */
static inline __attribute__((always_inline)) struct xv
evx_lit(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	if (x->op == X_LIT || (x->op == X_LIST && x->lit.t == V_LIST))
		return x->lit;
	return evx(e, x, miss);
}

/* evx for the callers that hold a struct value. */
static inline struct value
ev(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	return xv_value(evx(e, x, miss));
}

/*
 * value_equal, with the common cases answered inline: numbers, and
 * strings that are both interned (options, literals), compare in one
 * instruction.
 */
static inline int
same_xv(struct xv a, const struct value *b)
{
	struct value av;

	if (a.t == V_NUM && b->t == V_NUM)
		return a.u.n == b->u.n;
	if (a.t == V_STR && b->t == V_STR && a.aux && b->interned)
		return a.u.s == b->u.s;
	av = xv_value(a);
	return value_equal(&av, b);
}

static inline int
same_xv2(struct xv a, struct xv b)
{
	struct value bv;

	if (a.t == V_NUM && b.t == V_NUM)
		return a.u.n == b.u.n;
	if (a.t == V_STR && b.t == V_STR && a.aux && b.aux)
		return a.u.s == b.u.s;
	bv = xv_value(b);
	return same_xv(a, &bv);
}

/*
 * Invariant used below: evx() adds to `miss` only when it returns
 * unknown, so a known operand never pollutes the set.
 */

/*
 * Whether an unknown operand stays unknown whatever the answers still to
 * give: what it misses is all answered ("don't know", or a question that
 * does not apply).
 */
static inline int
settled_unknown(const struct evaluator *e, struct xv v,
    const struct varset *m)
{
	/* A bounded one (XV_RANGE) may still decide with the other. */
	return v.t == V_UNKNOWN && v.aux != XV_RANGE &&
	    !varset_meets(m, &e->unanswered);
}

/* The answered ones among `m` (those no interview asks again) to `to`. */
static inline void
answered_add(const struct evaluator *e, struct varset *to,
    const struct varset *m)
{
	unsigned w;

	for (w = 0; w < RULES_MAX_VARS / 64; w++)
		to->w[w] |= m->w[w] & ~e->unanswered.w[w];
}

/*
 * The two operands of a node that is unknown as soon as one of them is
 * (arithmetic, a comparison, `in`, has()). When one of them stays unknown
 * whatever is answered (settled_unknown), so does the node: what the
 * other one misses is not worth asking (issue 14: a "don't know" to one
 * income made the interview ask the others, which could not settle the
 * sum any more). `miss` then gets only answered questions, the "don't
 * know" answers that leave it unknown (a scheme's `missing`), and what
 * the other operand reads through known() or default() is not kept.
 */
static inline __attribute__((always_inline)) void
pair_unknown(struct evaluator *e, const struct varset *ma,
    const struct enode *xb, struct xv a, struct xv *b, struct varset *miss)
{
	struct varset mb;

	memset(&mb, 0, sizeof mb);
	if (settled_unknown(e, a, ma)) {
		struct varset soft = e->soft;

		*b = evx_lit(e, xb, &mb);
		e->soft = soft;
		varset_union(miss, ma);
		answered_add(e, miss, &mb);
		return;
	}
	*b = evx_lit(e, xb, &mb);
	if (settled_unknown(e, *b, &mb)) {
		varset_union(miss, &mb);
		answered_add(e, miss, ma);
		return;
	}
	varset_union(miss, ma);
	varset_union(miss, &mb);
}

static inline __attribute__((always_inline)) void
ev_pair(struct evaluator *e, const struct enode *xa, const struct enode *xb,
    struct xv *a, struct xv *b, struct varset *miss)
{
	struct varset ma;

	if (xa->kind == X_VAR && e->vals[xa->idx].t != V_UNKNOWN) {
		*a = xv_of(&e->vals[xa->idx]);
		*b = evx_lit(e, xb, miss);
		return;
	}
	memset(&ma, 0, sizeof ma);
	*a = evx(e, xa, &ma);
	if (a->t != V_UNKNOWN) {	/* it added nothing */
		*b = evx_lit(e, xb, miss);
		return;
	}
	pair_unknown(e, &ma, xb, *a, b, miss);
}
/*
 * Whether `x` decides an and (false) or an or (true) on answers alone:
 * nothing it reads through known() or default() could change it. Then
 * what the other operands read so does not matter (a debt question asked
 * of a tenant whatever the resources a default() assumed).
 */
static int
decides_hard(struct evaluator *e, const struct enode *x, int is_and)
{
	struct varset m, soft = e->soft;
	int t;

	memset(&e->soft, 0, sizeof e->soft);
	memset(&m, 0, sizeof m);
	t = xtruth(evx(e, x, &m)) == !is_and && varset_none(&e->soft);
	e->soft = soft;
	return t;
}

static __attribute__((noinline)) struct xv
ev_logic(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct varset ma, s0, sa;
	struct xv a, b;
	int ta, tb, is_and = x->op == X_AND;

	/* `a` is read first: a known value leaves `miss` as it was. */
	if (x->a->op == X_VAR && e->vals[x->a->idx].t != V_UNKNOWN) {
		ta = xtruth(xv_of(&e->vals[x->a->idx]));
		if (ta == !is_and)
			return xv_bool(ta);
		if (ta >= 0)
			return evx(e, x->b, miss);
	}
	s0 = e->soft;
	memset(&ma, 0, sizeof ma);
	a = evx(e, x->a, &ma);
	ta = xtruth(a);
	if (ta == !is_and) {		/* false and …, true or … */
		/* Decided through default() or known(): unless `b`
		   decides on answers alone, what `a` read so counts. */
		if (!varset_same(&e->soft, &s0) &&
		    decides_hard(e, x->b, is_and))
			e->soft = s0;
		return xv_bool(ta);
	}
	if (ta >= 0)			/* true and b, false or b: b */
		return evx(e, x->b, miss);
	/* `a` is unknown. A `b` that decides is known, so it adds
	   nothing to `miss`: only what `a` misses needs a set of its own
	   until `b` is known not to decide. */
	sa = e->soft;
	memset(&e->soft, 0, sizeof e->soft);
	b = evx(e, x->b, miss);
	tb = xtruth(b);
	if (tb == !is_and && varset_none(&e->soft)) {
		e->soft = s0;	/* decided by `b` on answers alone */
		return xv_bool(tb);
	}
	varset_union(&e->soft, &sa);
	if (tb == !is_and)
		return xv_bool(tb);
	varset_union(miss, &ma);
	return xv_unknown();
}

/*
 * K_LOGICN: ev_logic over a chain, whatever its grouping: the first
 * operand that decides (false for and, true for or) does, and adds
 * nothing; otherwise any undecided operand but the last makes it unknown
 * with what each one misses; otherwise it is the last operand's value,
 * as `true and b` is b. An operand that decides on answers alone makes
 * what the others read through default() or known() irrelevant.
 */
static __attribute__((noinline)) struct xv
ev_logicn(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct varset m, s0 = e->soft;
	struct xv v = xv_unknown();
	int i, j, t, undecided = 0, is_and = x->op == X_AND;

	memset(&m, 0, sizeof m);
	for (i = 0; i < x->nargs; i++) {
		struct varset before = e->soft;

		v = evx(e, x->args[i], &m);
		t = xtruth(v);
		if (t == !is_and) {
			if (varset_same(&e->soft, &s0))
				return xv_bool(t);	/* nothing to drop */
			/* It read nothing new through default(): it may
			   decide on answers alone, or on what an earlier
			   operand read too. */
			if (varset_same(&e->soft, &before) &&
			    decides_hard(e, x->args[i], is_and)) {
				e->soft = s0;
				return xv_bool(t);
			}
			for (j = i + 1; j < x->nargs; j++)
				if (decides_hard(e, x->args[j], is_and)) {
					e->soft = s0;
					return xv_bool(t);
				}
			return xv_bool(t);
		}
		if (t < 0 && i < x->nargs - 1)
			undecided = 1;
	}
	varset_union(miss, &m);
	return undecided ? xv_unknown() : v;
}

static int
num_cmp(num_t a, num_t b)
{
	return (a > b) - (a < b);
}

/* `a` <op> `b`, both evaluated. */
static inline __attribute__((always_inline)) struct xv
cmp_xv(int op, struct xv a, struct xv b)
{
	int c;

	if (a.t == V_UNKNOWN || b.t == V_UNKNOWN)
		return xv_unknown();
	if (op == X_EQ || op == X_NE) {
		int eq = same_xv2(a, b);
		return xv_bool(op == X_EQ ? eq : !eq);
	}
	if (a.t == V_NUM && b.t == V_NUM)
		c = num_cmp(a.u.n, b.u.n);
	else if (a.t == V_DATE && b.t == V_DATE)
		c = (a.u.d > b.u.d) - (a.u.d < b.u.d);
	else
		return xv_unknown();
	switch (op) {
	case X_LT: return xv_bool(c < 0);
	case X_LE: return xv_bool(c <= 0);
	case X_GT: return xv_bool(c > 0);
	default: return xv_bool(c >= 0);
	}
}

/*
 * Bounds (XV_RANGE): an unknown number whose answers still to give could
 * only move it between two bounds, in cents, rounded outwards (the lower
 * one down, the upper one up), RG_NEG and RG_POS unbounded: a count with
 * items of unknown answer (count(children where age < 20) with a child
 * of unknown age), an if whose condition is unknown (an AAH "if
 * eligible then its amount else 0": between 0 and the amount), and what
 * sums, differences, products and quotients by a known number, min, max
 * and rounding make of them. A comparison that its operands' bounds
 * decide is decided, and misses nothing: no answer could change it (the
 * resources of a man of 82 with his pension and an ASPA due are over the
 * RSA whatever an AAH to check would add).
 */
#define RG_NEG	INT32_MIN
#define RG_POS	INT32_MAX
#define RG_CENT	(NUM_SCALE / 100)

static inline int
is_range(struct xv v)
{
	return v.t == V_UNKNOWN && v.aux == XV_RANGE;
}

/* A bound from a number of cents computed in 64 bits: a lower bound
   beyond the type is RG_POS - 1 (below the truth), an upper one RG_NEG
   + 1 (above it). */
static int32_t
rg_lo(int64_t c)
{
	return c <= RG_NEG ? RG_NEG : c >= RG_POS ? RG_POS - 1 : (int32_t)c;
}

static int32_t
rg_hi(int64_t c)
{
	return c >= RG_POS ? RG_POS : c <= RG_NEG ? RG_NEG + 1 : (int32_t)c;
}

/* A number's cents rounded down, or up. */
static int64_t
cents_floor(num_t n)
{
	return n / RG_CENT - (n % RG_CENT < 0);
}

static int64_t
cents_ceil(num_t n)
{
	return n / RG_CENT + (n % RG_CENT > 0);
}

/* The bounds of `v`: its own, or a known number's; 0 when it has none. */
static inline int
as_range(struct xv v, int32_t *lo, int32_t *hi)
{
	if (is_range(v)) {
		*lo = v.u.rg.lo;
		*hi = v.u.rg.hi;
		return 1;
	}
	if (v.t == V_NUM) {
		*lo = rg_lo(cents_floor(v.u.n));
		*hi = rg_hi(cents_ceil(v.u.n));
		return 1;
	}
	return 0;
}

/* Unknown within [lo, hi]. Its callers have added what it misses to
   their `miss`: it stays unknown even when the bounds meet (range_known
   says it then). */
static struct xv
xv_range(int32_t lo, int32_t hi)
{
	struct xv r = xv_unknown();

	if (lo == RG_NEG && hi == RG_POS)
		return r;
	r.aux = XV_RANGE;
	r.u.rg.lo = lo;
	r.u.rg.hi = hi;
	return r;
}

/* Bounds that meet: the number (the cents rounded outwards are equal
   only when it is exactly those cents); otherwise `v` as it is. */
static struct xv
range_known(struct xv v)
{
	if (is_range(v) && v.u.rg.lo == v.u.rg.hi && v.u.rg.lo != RG_NEG &&
	    v.u.rg.lo != RG_POS)
		return xv_num((num_t)v.u.rg.lo * RG_CENT);
	return v;
}

/* `a` <op> `b` decided by their bounds: 1, 0, or -1 when not. */
static int
range_cmp(int op, struct xv a, struct xv b)
{
	int32_t alo, ahi, blo, bhi;

	if (!as_range(a, &alo, &ahi) || !as_range(b, &blo, &bhi))
		return -1;
	switch (op) {
	case X_GT:
		return alo > bhi && alo != RG_NEG && bhi != RG_POS ? 1 :
		    ahi <= blo && ahi != RG_POS && blo != RG_NEG ? 0 : -1;
	case X_GE:
		return alo >= bhi && alo != RG_NEG && bhi != RG_POS ? 1 :
		    ahi < blo && ahi != RG_POS && blo != RG_NEG ? 0 : -1;
	case X_LT:
		return ahi < blo && ahi != RG_POS && blo != RG_NEG ? 1 :
		    alo >= bhi && alo != RG_NEG && bhi != RG_POS ? 0 : -1;
	case X_LE:
		return ahi <= blo && ahi != RG_POS && blo != RG_NEG ? 1 :
		    alo > bhi && alo != RG_NEG && bhi != RG_POS ? 0 : -1;
	case X_EQ: case X_NE:
		if ((ahi < blo && ahi != RG_POS && blo != RG_NEG) ||
		    (alo > bhi && alo != RG_NEG && bhi != RG_POS))
			return op == X_NE;
		return -1;
	}
	return -1;
}

/*
 * A comparison. An operand that stays unknown may still be bounded
 * enough to decide it: what it misses is then dropped.
 */
static __attribute__((noinline)) struct xv
ev_cmp(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct varset ma, m;
	struct xv a, b;
	int t;

	if (x->a->kind == X_VAR && e->vals[x->a->idx].t != V_UNKNOWN)
		a = xv_of(&e->vals[x->a->idx]);
	else {
		memset(&ma, 0, sizeof ma);
		a = evx(e, x->a, &ma);
	}
	if (a.t != V_UNKNOWN) {		/* it added nothing */
		if (x->b->op == X_LIT)
			return cmp_xv(x->op, a, x->b->lit);
		memset(&m, 0, sizeof m);
		b = evx_lit(e, x->b, &m);
		if (b.t == V_UNKNOWN) {
			if (is_range(b) && (t = range_cmp(x->op, a, b)) >= 0)
				return xv_bool(t);
			varset_union(miss, &m);
		}
		return cmp_xv(x->op, a, b);
	}
	memset(&m, 0, sizeof m);
	pair_unknown(e, &ma, x->b, a, &b, &m);
	if (is_range(a) && (t = range_cmp(x->op, a, b)) >= 0)
		return xv_bool(t);
	varset_union(miss, &m);
	return cmp_xv(x->op, a, b);
}

/* K_CMP_VL: an answer compared with a literal. */
static __attribute__((noinline)) struct xv
ev_cmp_vl(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	if (e->vals[x->idx].t == V_UNKNOWN)
		return ev_cmp(e, x, miss);
	return cmp_xv(x->op, xv_of(&e->vals[x->idx]), x->lit);
}

/* K_CMP_VP: an answer compared with a parameter already looked up. */
static __attribute__((noinline)) struct xv
ev_cmp_vp(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	if (e->vals[x->idx].t == V_UNKNOWN || e->pgen[x->idx2] != e->pepoch)
		return ev_cmp(e, x, miss);
	return cmp_xv(x->op, xv_of(&e->vals[x->idx]), e->pval[x->idx2]);
}

static __attribute__((noinline)) struct xv
ev_list(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct value *items;
	struct xv v;
	int i, unknown = 0;

	if (x->lit.t == V_LIST)
		return x->lit;
	items = arena_alloc(&e->scratch, sizeof *items * (size_t)(x->nargs +
	    1));
	for (i = 0; i < x->nargs; i++) {
		items[i] = ev(e, x->args[i], miss);
		if (items[i].t == V_UNKNOWN)
			unknown = 1;
	}
	if (unknown)
		return xv_unknown();
	v.t = V_LIST;
	v.u.items = items;
	v.aux = x->nargs;
	return v;
}

/* `a` in `b` (X_IN) or not (X_NOTIN), both evaluated. */
static inline __attribute__((always_inline)) struct xv
in_xv(int op, struct xv a, struct xv b)
{
	int i;

	if (a.t == V_UNKNOWN || b.t != V_LIST)
		return xv_unknown();
	for (i = 0; i < b.aux; i++)
		if (same_xv(a, &b.u.items[i]))
			return xv_bool(op == X_IN);
	return xv_bool(op != X_IN);
}

static __attribute__((noinline)) struct xv
ev_in(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv a, b;

	ev_pair(e, x->a, x->b, &a, &b, miss);
	return in_xv(x->op, a, b);
}

/* K_IN_VL: an answer among literals. */
static __attribute__((noinline)) struct xv
ev_in_vl(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	if (e->vals[x->idx].t == V_UNKNOWN)
		return ev_in(e, x, miss);
	return in_xv(x->op, xv_of(&e->vals[x->idx]), x->lit);
}

/* n / d rounded down, or up (up), within half of int64_t. */
static int64_t
q_round64(int64_t n, int64_t d, int up)
{
	int64_t q = n / d;

	if (n % d != 0 && ((n < 0) != (d < 0)) == !up)
		q += up ? 1 : -1;
	return q;
}

static int64_t
q_round(__int128 n, __int128 d, int up)
{
	__int128 q;

	if (n >= INT64_MIN / 4 && n <= INT64_MAX / 4 && d >= INT64_MIN / 4 &&
	    d <= INT64_MAX / 4)
		return q_round64((int64_t)n, (int64_t)d, up);
	q = n / d;

	if (n % d != 0 && ((n < 0) != (d < 0)) == !up)
		q += up ? 1 : -1;
	if (q > INT64_MAX / 2)
		return INT64_MAX / 2;
	if (q < INT64_MIN / 2)
		return INT64_MIN / 2;
	return (int64_t)q;
}

/* The bounds of `a` times the number `k`, or divided by it (div). */
static struct xv
range_scale(struct xv a, num_t k, int div)
{
	int32_t p, q;
	int64_t lo, hi;

	if (!is_range(a) || k == 0)
		return xv_unknown();
	/* The bound each new one comes from: swapped by a negative k. */
	p = k > 0 ? a.u.rg.lo : a.u.rg.hi;
	q = k > 0 ? a.u.rg.hi : a.u.rg.lo;
	if (p == RG_NEG || p == RG_POS)
		lo = RG_NEG;
	else
		lo = div ? q_round((__int128)p * NUM_SCALE, k, 0) :
		    q_round((__int128)p * k, NUM_SCALE, 0);
	if (q == RG_NEG || q == RG_POS)
		hi = RG_POS;
	else
		hi = div ? q_round((__int128)q * NUM_SCALE, k, 1) :
		    q_round((__int128)q * k, NUM_SCALE, 1);
	return xv_range(rg_lo(lo), rg_hi(hi));
}

/* Arithmetic on bounds (one operand at least bounded, none unknown
   without bounds): sums and differences, products and quotients by a
   known number. */
static struct xv
range_arith(int op, struct xv a, struct xv b)
{
	int32_t alo, ahi, blo, bhi;
	int64_t lo, hi;

	switch (op) {
	case X_MUL:
		if (b.t == V_NUM)
			return range_scale(a, b.u.n, 0);
		if (a.t == V_NUM)
			return range_scale(b, a.u.n, 0);
		return xv_unknown();
	case X_DIV:
		return b.t == V_NUM ? range_scale(a, b.u.n, 1) : xv_unknown();
	}
	if (!as_range(a, &alo, &ahi) || !as_range(b, &blo, &bhi))
		return xv_unknown();
	if (op == X_ADD) {
		lo = alo == RG_NEG || blo == RG_NEG ? RG_NEG :
		    (int64_t)alo + blo;
		hi = ahi == RG_POS || bhi == RG_POS ? RG_POS :
		    (int64_t)ahi + bhi;
	} else {
		lo = alo == RG_NEG || bhi == RG_POS ? RG_NEG :
		    (int64_t)alo - bhi;
		hi = ahi == RG_POS || blo == RG_NEG ? RG_POS :
		    (int64_t)ahi - blo;
	}
	return xv_range(rg_lo(lo), rg_hi(hi));
}

static __attribute__((noinline)) struct xv
ev_arith(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv a, b;
	num_t r;

	ev_pair(e, x->a, x->b, &a, &b, miss);
	if (a.t != V_NUM || b.t != V_NUM) {
		if (is_range(a) || is_range(b))
			return range_arith(x->op, a, b);
		return xv_unknown();
	}
	switch (x->op) {
	case X_ADD:	/* out of range: no meaningful amount */
		if (__builtin_add_overflow(a.u.n, b.u.n, &r))
			return xv_unknown();
		break;
	case X_SUB:
		if (__builtin_sub_overflow(a.u.n, b.u.n, &r))
			return xv_unknown();
		break;
	case X_MUL:
		if (num_mul(a.u.n, b.u.n, &r) == -1)
			return xv_unknown();
		break;
	default:
		if (num_div(a.u.n, b.u.n, &r) == -1)
			return xv_unknown();
		break;
	}
	return xv_num(r);
}

/* Items of a list that satisfy `where`; count, any, all, sum. */
static __attribute__((noinline)) struct xv
ev_aggregate(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct varset m;
	struct xv list, w, s;
	int i, count = 0, unknown = 0, nunknown = 0, src_var = -1;
	num_t sum = 0;

	memset(&m, 0, sizeof m);
	list = evx(e, x->args[0], &m);
	if (list.t != V_LIST) {
		varset_union(miss, &m);
		return xv_unknown();
	}
	if (x->args[0]->op == X_VAR)
		src_var = x->args[0]->idx;
	if (x->fn == F_SUM && x->nargs == 1) {
		for (i = 0; i < list.aux; i++) {
			if (list.u.items[i].t != V_NUM ||
			    __builtin_add_overflow(sum, list.u.items[i].u.n,
			    &sum))
				return xv_unknown();
		}
		return xv_num(sum);
	}
	if (e->nitem >= 8)
		return xv_unknown();
	for (i = 0; i < list.aux; i++) {
		int keep = 1;

		e->item[e->nitem] = &list.u.items[i];
		e->item_var[e->nitem] = src_var;
		e->nitem++;
		if (x->where != NULL) {
			w = evx(e, x->where, &m);
			keep = xtruth(w);
		}
		if (keep == 1 && x->fn == F_SUM) {
			s = evx(e, x->args[1], &m);
			if (s.t != V_NUM ||
			    __builtin_add_overflow(sum, s.u.n, &sum))
				unknown = 1;
		}
		e->nitem--;
		if (keep == 1)
			count++;
		else if (keep < 0) {
			unknown = 1;
			nunknown++;
		}
		if (x->fn == F_ANY && keep == 1)
			return xv_bool(1);
		if (x->fn == F_ALL && keep == 0)
			return xv_bool(0);
	}
	if (unknown) {
		varset_union(miss, &m);
		/* A count is still bounded by the items that are known to
		   count and those that might. */
		if (x->fn == F_COUNT && nunknown > 0)
			return xv_range(rg_lo((int64_t)count * 100),
			    rg_hi((int64_t)(count + nunknown) * 100));
		return xv_unknown();
	}
	switch (x->fn) {
	case F_ANY: return xv_bool(0);
	case F_ALL: return xv_bool(1);
	case F_SUM: return xv_num(sum);
	default: return xv_num(NUM_INT(count));
	}
}

/* Add the unanswered ones among `m` to `to`. */
static void
unanswered_add(struct evaluator *e, struct varset *to, const struct varset *m)
{
	unsigned w;
	int i;

	for (w = 0; w < RULES_MAX_VARS / 64; w++) {
		uint64_t bits = m->w[w];

		while (bits != 0) {
			i = (int)w * 64 + __builtin_ctzll(bits);
			bits &= bits - 1;
			if (!e->sit->answered[i])
				varset_add(to, i);
		}
	}
}

/* Unanswered ones among `m` become soft dependencies. */
static void
soft_add(struct evaluator *e, const struct varset *m)
{
	unanswered_add(e, &e->soft, m);
}

/* has(`a`, `b`), both evaluated. */
static inline __attribute__((always_inline)) struct xv
has_xv(struct xv a, struct xv b)
{
	int i;

	if (a.t != V_LIST || b.t == V_UNKNOWN)
		return xv_unknown();
	for (i = 0; i < a.aux; i++)
		if (same_xv(b, &a.u.items[i]))
			return xv_bool(1);
	return xv_bool(0);
}

/* has(list, value) */
static __attribute__((noinline)) struct xv
ev_has(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv a, b;

	/* Known only when both operands are: they added nothing. */
	ev_pair(e, x->args[0], x->args[1], &a, &b, miss);
	return has_xv(a, b);
}

/* K_HAS_VL: has(an answer, a literal). */
static __attribute__((noinline)) struct xv
ev_has_vl(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	if (e->vals[x->idx].t == V_UNKNOWN)
		return ev_has(e, x, miss);
	return has_xv(xv_of(&e->vals[x->idx]), x->lit);
}

static __attribute__((noinline)) struct xv
ev_call(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv a, b;
	struct varset m;
	int i;

	if (x->fn == F_HAS)		/* the most frequent, one test */
		return ev_has(e, x, miss);
	switch (x->fn) {
	case F_MIN: case F_MAX: {
		num_t best = 0;
		int unknown = 0, settled = 0, bounded = 1;
		int32_t lo = 0, hi = 0, l, h;
		struct varset all;

		/* As ev_pair: one argument unknown whatever is answered
		   leaves nothing but the answers it misses. */
		memset(&all, 0, sizeof all);
		for (i = 0; i < x->nargs; i++) {
			memset(&m, 0, sizeof m);
			a = evx(e, x->args[i], &m);
			settled |= settled_unknown(e, a, &m);
			varset_union(&all, &m);
			/* The bounds of the result (eval.c: XV_RANGE). */
			if (bounded && as_range(a, &l, &h)) {
				if (i == 0 || (x->fn == F_MIN ? l < lo : l > lo))
					lo = l;
				if (i == 0 || (x->fn == F_MIN ? h < hi : h > hi))
					hi = h;
			} else
				bounded = 0;
			if (a.t != V_NUM) {
				unknown = 1;
				continue;
			}
			if (i == 0 || (x->fn == F_MIN ? a.u.n < best :
			    a.u.n > best))
				best = a.u.n;
		}
		if (!unknown)
			return xv_num(best);
		/* Decided by the bounds (max(0, a difference known to be
		   negative) is 0): misses nothing. */
		a = bounded ? range_known(xv_range(lo, hi)) : xv_unknown();
		if (a.t == V_NUM)
			return a;
		if (settled)
			answered_add(e, miss, &all);
		else
			varset_union(miss, &all);
		return a;
	}
	case F_ROUND: case F_FLOOR: case F_CEIL: {
		int digits = 0;

		a = evx(e, x->args[0], miss);
		if (x->nargs == 2) {
			b = evx(e, x->args[1], miss);
			if (b.t != V_NUM)
				return xv_unknown();
			digits = (int)(b.u.n / NUM_SCALE);
		}
		if (is_range(a) && digits >= 0) {
			/* Rounding keeps a value within bounds that are
			   multiples of its unit (cents from 2 digits). */
			int64_t u = digits >= 2 ? 1 : digits == 1 ? 10 : 100;
			int32_t lo = a.u.rg.lo, hi = a.u.rg.hi;

			return xv_range(lo == RG_NEG ? RG_NEG :
			    rg_lo(q_round(lo, u, 0) * u), hi == RG_POS ?
			    RG_POS : rg_hi(q_round(hi, u, 1) * u));
		}
		if (a.t != V_NUM)
			return xv_unknown();
		return xv_num(num_round(a.u.n, digits > 6 ? 6 : digits,
		    x->fn == F_ROUND ? 0 : x->fn == F_FLOOR ? 1 : 2));
	}
	case F_ABS:
		a = evx(e, x->args[0], miss);
		if (a.t != V_NUM || a.u.n == INT64_MIN)
			return xv_unknown();
		return xv_num(a.u.n < 0 ? -a.u.n : a.u.n);
	case F_COUNT: case F_ANY: case F_ALL: case F_SUM:
		return ev_aggregate(e, x, miss);
	case F_KNOWN:
		memset(&m, 0, sizeof m);
		a = evx(e, x->args[0], &m);
		if (a.t == V_UNKNOWN)
			soft_add(e, &m);
		return xv_bool(a.t != V_UNKNOWN);
	case F_DEFAULT:
		memset(&m, 0, sizeof m);
		a = evx(e, x->args[0], &m);
		if (a.t != V_UNKNOWN)
			return a;
		soft_add(e, &m);
		b = evx(e, x->args[1], &m);
		if (b.t == V_UNKNOWN)
			varset_union(miss, &m);
		return b;
	case F_AGE_AT:
		a = evx(e, x->args[0], miss);
		b = evx(e, x->args[1], miss);
		if (a.t != V_DATE || b.t != V_DATE)
			return xv_unknown();
		return xv_num(NUM_INT(date_years_between(a.u.d, b.u.d)));
	case F_MONTH: case F_YEAR: {
		int y, mo, d;

		a = evx(e, x->args[0], miss);
		if (a.t != V_DATE)
			return xv_unknown();
		date_split(a.u.d, &y, &mo, &d);
		return xv_num(NUM_INT(x->fn == F_MONTH ? mo : y));
	}
	case F_LIKELY_DOMAINS: {
		int n = 0, k, j;

		for (k = 0; k < e->r->ndomains; k++)
			for (j = 0; j < e->r->nnational; j++) {
				if (e->r->schemes[j].domain != e->r->domains[k])
					continue;
				scheme_eval(e, j);
				if (e->res.schemes[j].verdict ==
				    VERDICT_LIKELY) {
					n++;
					break;
				}
			}
		return xv_num(NUM_INT(n));
	}
	default:
		return xv_unknown();
	}
}

static __attribute__((noinline)) struct xv
ev_scheme(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct scheme_result *s = &e->res.schemes[x->idx];
	struct xv r;

	scheme_eval(e, x->idx);
	if (s->state == 1)		/* cycle: guarded by check */
		return xv_unknown();
	switch (x->attr) {
	case SA_ELIGIBLE:
		if (s->verdict == VERDICT_TO_CHECK) {
			varset_union(miss, &s->miss);
			return xv_unknown();
		}
		return xv_bool(s->verdict == VERDICT_LIKELY);
	case SA_LIKELY:
		return xv_bool(s->verdict == VERDICT_LIKELY);
	case SA_TO_CHECK:
		return xv_bool(s->verdict == VERDICT_TO_CHECK);
	case SA_UNLIKELY:
		return xv_bool(s->verdict == VERDICT_UNLIKELY);
	case SA_NON_TAKE_UP:
		return xv_bool(s->non_take_up);
	case SA_AMOUNT:
		if (!s->has_amount) {
			varset_union(miss, &s->open);
			return xv_unknown();
		}
		return xv_num(s->amount);
	default:
		r.t = V_STR;
		r.u.s = verdict_name(s->verdict);
		r.aux = 0;
		return r;
	}
}

/* A derived value computed for this run (its cache was empty). */
static __attribute__((noinline)) void
derived_compute(struct evaluator *e, struct derived_cache *c, int idx)
{
	struct varset outer = e->soft;

	c->state = 1;
	memset(&c->miss, 0, sizeof c->miss);
	memset(&e->soft, 0, sizeof e->soft);
	c->v = evx(e, e->dexpr[idx], &c->miss);
	c->soft = e->soft;
	e->soft = outer;
	c->state = 2;
}

static __attribute__((noinline)) struct xv
ev_field(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv r;

	r = evx(e, x->a, miss);		/* a known record adds nothing */
	if (r.t != V_RECORD || x->idx >= r.u.r->nfields)
		return xv_unknown();
	r = xv_of(&r.u.r->f[x->idx]);
	if (r.t == V_UNKNOWN && x->a->op == X_VAR)
		varset_add(miss, x->a->idx);
	return r;
}

static __attribute__((noinline)) struct xv
ev_if(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct varset mc;
	struct xv c, a, b;

	memset(&mc, 0, sizeof mc);
	c = evx(e, x->c, &mc);
	if (c.t == V_BOOL)
		return evx(e, c.u.b ? x->a : x->b, miss);
	/* Both branches equal: both known, they added nothing. */
	a = evx(e, x->a, miss);
	b = evx(e, x->b, miss);
	if (a.t != V_UNKNOWN && same_xv2(a, b))
		return a;
	varset_union(miss, &mc);
	/* Numbers: between the two (an AAH due if the AAH is eligible). */
	{
		int32_t alo, ahi, blo, bhi;

		if (as_range(a, &alo, &ahi) && as_range(b, &blo, &bhi))
			return xv_range(alo < blo ? alo : blo,
			    ahi > bhi ? ahi : bhi);
	}
	return xv_unknown();
}

/* An unanswered question: what would settle it. */
static __attribute__((noinline)) struct xv
ev_var(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv v = xv_of(&e->vals[x->idx]);

	if (v.t == V_UNKNOWN) {
		const struct varset *reads = e->r->vars[x->idx].implied_reads;

		varset_add(miss, x->idx);
		/* Answering what its implied_if reads may settle it. */
		if (reads != NULL)
			unanswered_add(e, miss, reads);
	}
	return v;
}

static __attribute__((noinline)) struct xv
ev_derived(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct derived_cache *c = &e->dc[x->idx];

	if (c->gen != e->gen) {
		c->gen = e->gen;
		c->state = 0;
	}
	if (c->state == 0)
		derived_compute(e, c, x->idx);
	else if (c->state == 1)
		return xv_unknown();
	varset_union(&e->soft, &c->soft);
	if (c->v.t == V_UNKNOWN)
		varset_union(miss, &c->miss);
	return c->v;
}

static __attribute__((noinline)) struct xv
ev_item(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	const struct value *it = e->item[e->nitem - 1];
	struct xv v;

	if (e->nitem == 0 || it->t != V_RECORD || x->idx >= it->u.r->nfields)
		return xv_unknown();
	v = xv_of(&it->u.r->f[x->idx]);
	if (v.t == V_UNKNOWN && e->item_var[e->nitem - 1] >= 0)
		varset_add(miss, e->item_var[e->nitem - 1]);
	return v;
}

/* A parameter's value at the evaluation date, once per date. */
static __attribute__((noinline)) struct xv
ev_param(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	num_t n;

	(void)miss;
	e->pgen[x->idx] = e->pepoch;
	e->pval[x->idx] = param_at(&e->r->params[x->idx], e->date, &n) == -1 ?
	    xv_unknown() : xv_num(n);
	return e->pval[x->idx];
}

static __attribute__((noinline)) struct xv
ev_not(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv v = evx(e, x->a, miss);

	return v.t == V_BOOL ? xv_bool(!v.u.b) : xv_unknown();
}

static __attribute__((noinline)) struct xv
ev_neg(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv v = evx(e, x->a, miss);

	return v.t == V_NUM && v.u.n != INT64_MIN ? xv_num(-v.u.n) :
	    xv_unknown();
}

/* K_PCONST: computed once per date (enode_pure), by its operator. */
static __attribute__((noinline)) struct xv
ev_pconst(struct evaluator *e, const struct enode *x, struct varset *miss)
{
	struct xv v;

	switch (x->op) {
	case X_NOT: v = ev_not(e, x, miss); break;
	case X_NEG: v = ev_neg(e, x, miss); break;
	case X_AND: case X_OR: v = ev_logic(e, x, miss); break;
	case X_IN: case X_NOTIN: v = ev_in(e, x, miss); break;
	case X_ADD: case X_SUB: case X_MUL: case X_DIV:
		v = ev_arith(e, x, miss);
		break;
	case X_IF: v = ev_if(e, x, miss); break;
	case X_CALL: v = ev_call(e, x, miss); break;
	default: v = ev_cmp(e, x, miss); break;
	}
	e->kval[x->idx2] = v;
	e->kgen[x->idx2] = e->pepoch;
	return v;
}

/* --- schemes -------------------------------------------------------------- */

/* The definition that applies: a departmental override when one exists. */
static const struct scheme *
effective(struct evaluator *e, int idx, int *dept_unknown)
{
	const struct rules *r = e->r;
	const struct value *dept;
	int i, has_override = 0;

	*dept_unknown = 0;
	if (!e->has_override[idx])
		return &r->schemes[idx];
	dept = e->dept_var >= 0 ? &e->vals[e->dept_var] : NULL;
	for (i = r->nnational; i < r->nschemes; i++) {
		if (r->schemes[i].base != idx)
			continue;
		has_override = 1;
		if (dept != NULL && dept->t == V_STR &&
		    strcmp(dept->u.s, r->schemes[i].department) == 0)
			return &r->schemes[i];
	}
	if (has_override && (dept == NULL || dept->t == V_UNKNOWN))
		*dept_unknown = 1;
	return &r->schemes[idx];
}

static void
scheme_eval(struct evaluator *e, int idx)
{
	struct scheme_result *s = &e->res.schemes[idx];
	const struct scheme *def;
	const struct enode **rx;
	struct varset m;
	struct xv v;
	int i, elig = 1, dept_unknown;

	struct varset outer, falsesoft;
	int hardfalse;

	if (s->gen != e->gen) {		/* results of earlier answers */
		s->gen = e->gen;
		s->state = 0;
	}
	if (s->state != 0) {
		varset_union(&e->soft, &s->open);
		return;
	}
	outer = e->soft;
	memset(&e->soft, 0, sizeof e->soft);
	s->state = 1;
	def = s->def = effective(e, idx, &dept_unknown);
	rx = e->sconds[def - e->r->schemes];
	memset(&s->miss, 0, sizeof s->miss);
	memset(&s->undoc, 0, sizeof s->undoc);
	memset(&s->amiss, 0, sizeof s->amiss);
	memset(&s->open, 0, sizeof s->open);
	s->variant = -1;
	s->has_amount = 0;
	s->unconfirmed = 0;
	s->amount = 0;
	s->non_take_up = 0;
	s->received = 0;
	s->by_to_check_if = 0;
	for (i = 0; i < def->ncounted; i++)
		s->counted_known[i] = 0;
	/* Conditions: Kleene conjunction; keep every value for the why. */
	memset(&falsesoft, 0, sizeof falsesoft);
	hardfalse = 0;
	for (i = 0; i < def->nconds; i++) {
		struct varset before = e->soft;

		memset(&e->soft, 0, sizeof e->soft);
		/* Known, it adds nothing; unknown, what it misses is the
		   scheme's (s->miss is read only once it is done). */
		memset(&m, 0, sizeof m);
		v = evx(e, rx[i], &m);
		s->conds[i] = (signed char)xtruth(v);
		if (s->conds[i] < 0) {
			varset_union(&s->miss, &m);
			if (!varset_meets(&m, &e->docs))
				varset_union(&s->undoc, &m);
		}
		if (s->conds[i] == 0) {
			elig = 0;
			varset_union(&falsesoft, &e->soft);
			if (varset_none(&e->soft))
				hardfalse = 1;	/* no answer changes it */
		} else if (s->conds[i] < 0 && elig == 1) {
			elig = -1;
		}
		varset_union(&e->soft, &before);
	}
	if (elig == 0) {
		/* Only what could make a false condition true again (an
		 * answer read through known() or default()) keeps an
		 * unlikely verdict open, and nothing when one of them is
		 * false whatever the answers left. */
		if (hardfalse)
			memset(&falsesoft, 0, sizeof falsesoft);
		e->soft = falsesoft;
		memset(&s->miss, 0, sizeof s->miss);
		memset(&s->undoc, 0, sizeof s->undoc);
		s->verdict = VERDICT_UNLIKELY;
	} else if (elig < 0) {
		s->verdict = VERDICT_TO_CHECK;
	} else {
		s->verdict = VERDICT_LIKELY;
		if (def->to_check_if != NULL) {
			v = evx(e, rx[def->nconds], &s->miss);
			if (xtruth(v) != 0) {
				s->verdict = VERDICT_TO_CHECK;
				s->by_to_check_if = 1;
			}
		}
	}
	/* Contradictory answers among what it reads: at most to_check,
	   like to_check_if (doc/rules.md, "Consistency"). */
	s->warned = 0;
	if (e->warnings_ready && varset_meets(&def->reads, &e->warn_vars))
		for (i = 0; i < e->res.nwarnings; i++)
			if (varset_meets(&def->reads,
			    &e->res.warnings[i].vars))
				s->warned++;	/* result_warning_touches */
	if (s->warned > 0 && s->verdict == VERDICT_LIKELY)
		s->verdict = VERDICT_TO_CHECK;
	varset_union(&s->open, &s->miss);
	/* A departmental definition may decide differently: the department
	 * stays open whatever the national verdict. */
	if (dept_unknown)
		varset_add(&s->open, e->dept_var);
	s->settle = s->open;
	varset_union(&s->settle, &e->soft);
	if (s->verdict != VERDICT_UNLIKELY) {
		for (i = 0; i < def->nvariants; i++) {
			memset(&m, 0, sizeof m);
			v = evx(e, rx[def->nconds + 1 + i], &m);
			if (xtruth(v) == 1) {
				s->variant = i;
				break;
			}
			if (xtruth(v) < 0) {
				varset_union(&s->open, &m);
				break;
			}
		}
		if (def->amount != NULL) {
			memset(&m, 0, sizeof m);
			v = evx(e, rx[def->nconds + 1 + def->nvariants], &m);
			if (v.t == V_NUM) {
				s->has_amount = 1;
				s->amount = v.u.n;
				s->unconfirmed = e->date >=
				    def->amount_unconfirmed_from;
			} else {
				varset_union(&s->open, &m);
				s->amiss = m;
			}
		}
		/* The benefits its resources count, for the why: read
		   after the amount, so they add nothing to what is open. */
		for (i = 0; i < def->ncounted; i++) {
			v = evx(e, rx[def->nconds + 2 + def->nvariants + i],
			    &e->sink);
			s->counted_known[i] = v.t == V_NUM;
			s->counted[i] = v.t == V_NUM ? v.u.n : 0;
		}
		if (def->non_take_up != NULL) {
			memset(&m, 0, sizeof m);
			v = evx(e, rx[def->nconds + 2 + def->nvariants +
			    def->ncounted], &m);
			/* As doc/rules.md: flagged for likely and to_check. */
			s->non_take_up = xtruth(v) == 1;
			if (xtruth(v) < 0)
				varset_union(&s->open, &m);
		}
		/* Already received (an answer says so): claimed, in no
		   step of the plan. */
		if (def->received_if != NULL) {
			memset(&m, 0, sizeof m);
			v = evx(e, rx[def->nconds + 3 + def->nvariants +
			    def->ncounted], &m);
			s->received = xtruth(v) == 1;
			if (s->received)
				s->non_take_up = 0;
			if (xtruth(v) < 0)
				varset_union(&s->open, &m);
		}
	}
	varset_union(&s->open, &e->soft);
	e->soft = outer;
	varset_union(&e->soft, &s->open);
	s->state = 2;
}

/* --- urgencies and plan --------------------------------------------------- */

/* Most urgent 'Pn' literal an unknown priority expression could give. */
static int
worst_priority(const struct expr *x)
{
	int best = 9, k, i;

	if (x == NULL)
		return 9;
	if (x->op == X_LIT && x->lit.t == V_STR && x->lit.u.s[0] == 'P' &&
	    x->lit.u.s[1] >= '0' && x->lit.u.s[1] <= '3')
		return x->lit.u.s[1] - '0';
	k = worst_priority(x->a);
	best = k < best ? k : best;
	k = worst_priority(x->b);
	best = k < best ? k : best;
	for (i = 0; i < x->nargs; i++) {
		k = worst_priority(x->args[i]);
		best = k < best ? k : best;
	}
	return best;
}

static void
urgencies_eval(struct evaluator *e)
{
	const struct rules *r = e->r;
	struct result *res = &e->res;
	struct varset m;
	struct xv v;
	int i, p, n = 0;

	for (i = 0; i < r->nurgencies; i++) {
		const struct urgency *u = &r->urgencies[i];
		struct urgency_result *ur = &res->urgencies[i];

		struct varset *to = &res->open_urgencies;

		/* Its ask_if (the screening answers) decides whether what
		   can still change it is asked first, as an urgency, or
		   with the full check; what the ask_if waits for is asked
		   as an urgency. In declared order (eval_set_order 0),
		   without the reason question, everything is asked as an
		   urgency as before. */
		if (u->ask_if != NULL && e->settle_order) {
			memset(&m, 0, sizeof m);
			memset(&e->soft, 0, sizeof e->soft);
			v = evx(e, cx(e, u->ask_if), &m);
			varset_union(&res->open_urgencies, &e->soft);
			if (xtruth(v) < 0)
				varset_union(&res->open_urgencies, &m);
			if (xtruth(v) != 1)
				to = &res->open_urgencies_full;
		}
		memset(&m, 0, sizeof m);
		memset(&e->soft, 0, sizeof e->soft);
		v = evx(e, cx(e, u->when), &m);
		varset_union(to, &e->soft);
		ur->active = xtruth(v);
		if (ur->active < 0)
			varset_union(to, &m);
		ur->priority[0] = '\0';
		if (ur->active != 1)
			continue;
		if (u->priority != NULL) {
			memcpy(ur->priority, u->priority, 3);
		} else {
			/* What its priority reads through default() can
			   still change it. */
			memset(&m, 0, sizeof m);
			memset(&e->soft, 0, sizeof e->soft);
			v = evx(e, cx(e, u->priority_expr), &m);
			varset_union(to, &e->soft);
			if (v.t == V_STR && strlen(v.u.s) == 2 &&
			    v.u.s[0] == 'P' && v.u.s[1] >= '0' &&
			    v.u.s[1] <= '3') {
				memcpy(ur->priority, v.u.s, 3);
			} else {
				int w = worst_priority(u->priority_expr);

				varset_union(to, &m);
				ur->priority[0] = 'P';
				ur->priority[1] = (char)('0' + (w > 3 ? 1 : w));
				ur->priority[2] = '\0';
			}
		}
		res->urgency_order[n++] = i;
	}
	/* Stable sort by priority. */
	for (i = 1; i < n; i++) {
		int k = res->urgency_order[i], j = i - 1;

		p = res->urgencies[k].priority[1];
		while (j >= 0 &&
		    res->urgencies[res->urgency_order[j]].priority[1] > p) {
			res->urgency_order[j + 1] = res->urgency_order[j];
			j--;
		}
		res->urgency_order[j + 1] = k;
	}
	res->nurgency_order = n;
}

/*
 * True when `x` holds; what could still change it goes to `open`: the
 * plan's own set (asked with the orientation) or res.open (asked with
 * the full check).
 */
static int
cond_true(struct evaluator *e, const struct expr *x, struct varset *open)
{
	struct varset m;
	struct xv v;

	if (x == NULL)
		return 0;
	memset(&m, 0, sizeof m);
	memset(&e->soft, 0, sizeof e->soft);
	v = evx(e, cx(e, x), &m);
	varset_union(open, &e->soft);
	if (xtruth(v) < 0)
		varset_union(open, &m);
	return xtruth(v) == 1;
}

static uint32_t reasons_given(const struct evaluator *);

static void
varset_add_cb(void *arg, int var)
{
	varset_add(arg, var);
}

/*
 * Whether a scheme found unlikely is so only by what prerequisite `p`
 * would change: each of its false conditions reads an answer that the
 * prerequisite's `when` reads (the chèque énergie without a tax return).
 * What each condition and each `when` reads is gathered once, when first
 * needed.
 */
static int
unlikely_by_prereq(struct evaluator *e, int pi, const struct scheme_result *sr)
{
	const struct rules *r = e->r;
	const struct scheme *def = sr->def;
	int si = (int)(def - r->schemes), i;

	if (!e->preq_read_ok[pi]) {
		rules_vars_read(r, r->prereqs[pi].when, varset_add_cb,
		    &e->preq_reads[pi]);
		e->preq_read_ok[pi] = 1;
	}
	if (e->cond_reads[si] == NULL) {
		e->cond_reads[si] = xcalloc((size_t)def->nconds + 1,
		    sizeof *e->cond_reads[si]);
		for (i = 0; i < def->nconds; i++)
			rules_vars_read(r, def->conds[i].expr, varset_add_cb,
			    &e->cond_reads[si][i]);
	}
	for (i = 0; i < def->nconds; i++)
		if (sr->conds[i] == 0 && !varset_meets(&e->cond_reads[si][i],
		    &e->preq_reads[pi]))
			return 0;
	return 1;
}

/*
 * Whether the person needs prerequisite `p` for its scheme `k`: 1 yes,
 * 0 no (its `except` holds, or the scheme is unlikely for another reason
 * than what the prerequisite would change), -1 not known yet (what its
 * `except` waits for goes to `open`, when not NULL).
 */
static int
prereq_serves(struct evaluator *e, const struct prerequisite *p, int k,
    struct varset *open)
{
	const struct scheme_result *sr;
	struct varset m;
	struct xv v;

	if (p->scheme_idx[k] >= 0) {
		sr = &e->res.schemes[p->scheme_idx[k]];
		if (sr->received)
			return 0;	/* claimed already */
		if (sr->verdict == VERDICT_UNLIKELY &&
		    !unlikely_by_prereq(e, (int)(p - e->r->prereqs), sr)) {
			if (open != NULL)	/* what could undo it */
				varset_union(open, &sr->open);
			return 0;
		}
	}
	if (p->except == NULL || p->except[k] == NULL)
		return 1;
	memset(&m, 0, sizeof m);
	memset(&e->soft, 0, sizeof e->soft);
	v = evx(e, cx(e, p->except[k]), &m);
	if (open != NULL) {
		varset_union(open, &e->soft);
		if (xtruth(v) < 0)
			varset_union(open, &m);
	}
	if (xtruth(v) < 0)
		return -1;
	return xtruth(v) == 0;
}

/*
 * A prerequisite belongs to the orientation when the person needs it for
 * one of its schemes called for by a reason given for the visit or by an
 * active urgency (1); otherwise it waits for the full check (0). -1: only
 * through schemes it may not serve for this person (`except` undecided):
 * its question comes last in the orientation, after those that may tell.
 */
static int
prereq_oriented(struct evaluator *e, const struct prerequisite *p,
    uint32_t given)
{
	const struct rules *r = e->r;
	const struct result *res = &e->res;
	int i, j, k, called, maybe = 0;

	for (k = 0; k < p->nschemes; k++) {
		if (p->scheme_idx[k] < 0)
			continue;
		called = (res->schemes[p->scheme_idx[k]].def->reasons &
		    given) != 0;
		for (i = 0; !called && i < res->nurgency_order; i++) {
			const struct urgency *u =
			    &r->urgencies[res->urgency_order[i]];

			for (j = 0; j < u->nschemes; j++)
				if (u->scheme_idx[j] == p->scheme_idx[k])
					called = 1;
		}
		if (!called)
			continue;
		switch (prereq_serves(e, p, k, NULL)) {
		case 1:
			return 1;
		case -1:
			maybe = 1;
			break;
		}
	}
	return maybe ? -1 : 0;
}

static struct plan_step *
plan_add(struct evaluator *e, const char *service, const char *title,
    const char *why, int cap)
{
	struct plan_step *st = &e->res.plan[e->res.nplan++];

	memset(st, 0, sizeof *st);
	st->service = service;
	st->title = title;
	st->why = why;
	st->schemes = arena_alloc(&e->scratch, sizeof(int) * (size_t)(cap +
	    1));
	return st;
}

/*
 * Whether document `doc` is asked for: its `when` holds or is not known
 * yet. It asks no question: what it reads opens nothing.
 */
static int
document_wanted(struct evaluator *e, const struct document *doc)
{
	struct varset soft = e->soft, m;
	struct xv v;

	if (doc->when == NULL)
		return 1;
	memset(&m, 0, sizeof m);
	v = evx(e, cx(e, doc->when), &m);
	e->soft = soft;
	return xtruth(v) != 0;
}

/*
 * Whether an urgency's or a prerequisite's step of the plan already sends
 * scheme `si` to service `svc`: the 115 of "nowhere to sleep tonight",
 * the CCAS of the domiciliation, the CPAM that opens the health cover, the
 * MDS of an eviction. Another step there would say it twice.
 */
static int
plan_lists(const struct result *res, const char *svc, int si)
{
	int i, j;

	for (i = 0; i < res->nplan; i++) {
		const struct plan_step *st = &res->plan[i];

		if ((!st->prereq && st->urgency == NULL) || st->service ==
		    NULL || svc == NULL || strcmp(st->service, svc) != 0)
			continue;
		for (j = 0; j < st->nschemes; j++)
			if (st->schemes[j] == si)
				return 1;
	}
	return 0;
}

/* Document `k` of scheme `si` (any definition), once per plan. */
static void
doc_add(struct evaluator *e, int si, const char *const *docs, int k)
{
	const struct rules *r = e->r;
	const char *id = docs[k];
	int d, i;

	if (docs == r->schemes[si].documents)
		d = e->sdocs[si][k];
	else {				/* a variant's: few, rare */
		const struct document *doc = rules_document(r, id);

		d = doc != NULL ? (int)(doc - r->documents) : -1;
	}
	if (d < 0) {			/* not in rules->documents */
		for (i = 0; i < e->res.ndocuments; i++)
			if (e->res.documents[i] == id)	/* interned */
				return;
	} else {
		if (e->doc_seen[d] == e->doc_gen)
			return;
		e->doc_seen[d] = e->doc_gen;
		if (!document_wanted(e, &r->documents[d]))
			return;
	}
	e->res.documents[e->res.ndocuments++] = id;
}

/*
 * Whether question `v`, unanswered, can still be asked: its ask_if holds,
 * or waits for a question that can itself still be asked (undecided, or
 * false on a default() a later answer may change). One whose implied
 * value is used, one that no longer applies, or one whose ask_if waits
 * only for "don't know" answers or for questions that will never be
 * asked, never will be. Once per question and run (plan_build empties
 * the sets).
 */
static int
can_ask(struct evaluator *e, int v)
{
	struct varset m, soft;
	struct xv a;
	unsigned w;
	int can = 1;

	if (varset_has(&e->ask_seen, v))
		return varset_has(&e->ask_can, v);
	varset_add(&e->ask_seen, v);
	if (e->answer_state[v] == 1)	/* its implied value: not asked */
		can = 0;
	else if (e->ask_if[v] != NULL) {
		soft = e->soft;
		memset(&e->soft, 0, sizeof e->soft);
		memset(&m, 0, sizeof m);
		a = evx(e, e->ask_if[v], &m);
		/* False through default() or known() of a question not
		   asked yet: that answer may make it hold. */
		if (xtruth(a) == 0)
			m = e->soft;
		e->soft = soft;
		if (xtruth(a) != 1) {
			can = 0;
			for (w = 0; !can && w < RULES_MAX_VARS / 64; w++) {
				uint64_t bits = m.w[w] & e->unanswered.w[w] &
				    e->askable.w[w];

				for (; !can && bits != 0; bits &= bits - 1)
					can = can_ask(e, (int)w * 64 +
					    __builtin_ctzll(bits));
			}
		}
	}
	if (can)
		varset_add(&e->ask_can, v);
	return can;
}

/*
 * A right to check that a question the interview can still ask settles
 * (not an answer from documents, which only the office sees): the plan
 * waits for the answer, so an orientation stopped early sends nobody to
 * the 119 or to the MDPH on questions nobody asked. Those to check
 * whatever the answers left, or on documents, are in the plan.
 */
static int
awaits(struct evaluator *e, const struct scheme_result *s,
    const struct varset *m)
{
	unsigned w;

	if (s->verdict != VERDICT_TO_CHECK)
		return 0;
	for (w = 0; w < RULES_MAX_VARS / 64; w++) {
		uint64_t bits = m->w[w] & e->unanswered.w[w] &
		    ~e->docs.w[w] & e->askable.w[w];

		for (; bits != 0; bits &= bits - 1)
			if (can_ask(e, (int)w * 64 + __builtin_ctzll(bits)))
				return 1;
	}
	return 0;
}

static int
scheme_provisional(struct evaluator *e, const struct scheme_result *s)
{
	return awaits(e, s, &s->miss);
}

/*
 * A right to check with a condition without documents that a question
 * the interview can still ask may rule out (the family benefits of a
 * student whose children the orientation did not ask): a step that
 * serves it (the tax return) waits for the answer before naming it.
 */
static int
scheme_pending(struct evaluator *e, const struct scheme_result *s)
{
	return awaits(e, s, &s->undoc);
}

/* Schemes shown in the plan, most useful first. */
static int
scheme_rank(const struct scheme_result *s)
{
	if (s->verdict == VERDICT_LIKELY)
		return s->def->retroactive == 0 ? 0 : 1;
	return 2;
}

/*
 * The service kind a scheme of the plan goes to: its variant's, when the
 * variant is claimed elsewhere (the CMI of the APA: the autonomy team),
 * else its route's first, else the MDS. While the search of its variants
 * stops at an undecided one and one of them is claimed elsewhere, what
 * that one reads keeps the plan open.
 */
static const char *
plan_service(struct evaluator *e, int si)
{
	const struct rules *r = e->r;
	const struct scheme_result *sr = &e->res.schemes[si];
	const struct scheme *def = sr->def;
	const char *const *svc;
	int n, i, elsewhere = 0;

	for (i = 0; i < def->nvariants; i++)
		elsewhere |= def->variants[i].nservices > 0;
	if (elsewhere && sr->variant < 0 && sr->verdict != VERDICT_UNLIKELY) {
		const struct enode **rx = e->sconds[def - r->schemes];

		for (i = 0; i < def->nvariants; i++) {
			struct varset m;
			int t;

			memset(&m, 0, sizeof m);
			memset(&e->soft, 0, sizeof e->soft);
			t = xtruth(evx(e, rx[def->nconds + 1 + i], &m));
			varset_union(&e->res.open_plan, &e->soft);
			if (t < 0)
				varset_union(&e->res.open_plan, &m);
			if (t != 0)
				break;
		}
	}
	svc = scheme_services(def, sr->variant, &n);
	return n > 0 ? svc[0] : r->mds_service;
}

/*
 * The service an urgency's step goes to: its first one when no scheme of
 * the urgency is claimed there (a line of its own: the 3919, the 119);
 * else where the first of its schemes the answers leave possible is
 * claimed, among its services (leaving hospital at 42 with a handicap:
 * the MDPH, for the PCH, not the autonomy team of the APA); else its
 * first one. What can change the verdicts read keeps the plan open.
 */
static const char *
urgency_service(struct evaluator *e, const struct urgency *u)
{
	struct result *res = &e->res;
	const char *const *svc;
	int k, i, j, n;

	if (u->nservices == 0)
		return e->r->mds_service;
	if (urgency_service_use(res, u, 0) < 0)
		return u->services[0];
	for (k = 0; k < u->nschemes; k++) {
		const struct scheme_result *s;

		if (u->scheme_idx[k] < 0)
			continue;
		s = &res->schemes[u->scheme_idx[k]];
		varset_union(&res->open_plan, &s->settle);
		if (s->verdict == VERDICT_UNLIKELY)
			continue;
		svc = scheme_services(s->def, s->variant, &n);
		for (i = 0; i < n; i++)
			for (j = 0; j < u->nservices; j++)
				if (strcmp(svc[i], u->services[j]) == 0)
					return u->services[j];
	}
	return u->services[0];
}

static void
plan_build(struct evaluator *e)
{
	const struct rules *r = e->r;
	struct result *res = &e->res;
	const char *const *docs;
	int i, j, k, nd, nsch = r->nnational, urgent = 0, referent;
	int *order, norder = 0, assisted = -1, mds_step = -1, named;
	int place[4] = { 0, 0, 0, 0 };
	unsigned char *rank;
	uint32_t given = e->given;

	res->nplan = 0;
	res->ndocuments = 0;
	memset(&e->prereq_late, 0, sizeof e->prereq_late);
	memset(&e->ask_seen, 0, sizeof e->ask_seen);
	memset(&e->ask_can, 0, sizeof e->ask_can);
	if (++e->doc_gen == 0) {	/* wrapped: really clear */
		memset(e->doc_seen, 0, sizeof *e->doc_seen *
		    (size_t)(r->ndocuments + 1));
		e->doc_gen = 1;
	}
	/* 1. Urgencies, most urgent first. */
	for (i = 0; i < res->nurgency_order; i++) {
		const struct urgency *u = &r->urgencies[res->urgency_order[i]];
		struct plan_step *st = plan_add(e, urgency_service(e, u),
		    u->title, u->banner, u->nschemes);

		st->urgency = u->id;
		/* The schemes it calls for that the answers leave possible
		   (no "Contrat jeune majeur" at 29), and not received. */
		for (j = 0; j < u->nschemes; j++)
			if (u->scheme_idx[j] >= 0 && res->schemes[
			    u->scheme_idx[j]].verdict != VERDICT_UNLIKELY &&
			    !res->schemes[u->scheme_idx[j]].received &&
			    !plan_lists(res, st->service, u->scheme_idx[j]))
				st->schemes[st->nschemes++] = u->scheme_idx[j];
		if (res->urgencies[res->urgency_order[i]].priority[1] <= '1')
			urgent = 1;
	}
	/* 1b. Outside office hours, the 24/7 lines that the active
	 * urgencies call for (their night_lines), most urgent first. */
	res->night = 0;
	if (e->weekday != 0 && r->office_close > 0 &&
	    (!(r->office_days & (1 << e->weekday)) ||
	    e->minute < r->office_open || e->minute >= r->office_close))
		for (i = 0; i < res->nurgency_order; i++)
			if (r->urgencies[res->urgency_order[i]].nnight_lines)
				res->night = 1;
	for (i = 0, k = 0; res->night && i < res->nurgency_order; i++) {
		const struct urgency *u = &r->urgencies[res->urgency_order[i]];
		int l;

		for (l = 0; l < u->nnight_lines; l++) {
			const struct service_kind *sk =
			    rules_kind(r, u->night_lines[l]);

			for (j = 0; j < res->nplan; j++)
				if (res->plan[j].service == u->night_lines[l])
					break;
			if (j < res->nplan)
				continue;	/* already in the plan */
			/* The first one carries the explanation. */
			plan_add(e, u->night_lines[l], k++ == 0 &&
			    r->night_title ? r->night_title : sk->name,
			    r->night_why, 0);
		}
	}
	/* 2. Prerequisites. */
	for (i = 0; i < r->nprereqs; i++) {
		const struct prerequisite *p = &r->prereqs[i];
		struct plan_step *st;
		int o = prereq_oriented(e, p, given);

		if (!cond_true(e, p->when, o == 1 ?
		    &res->open_orientation : &res->open_plan)) {
			if (o == -1)
				(void)cond_true(e, p->when, &e->prereq_late);
			continue;
		}
		/* Needed for none of its schemes (each one's `except`
		   holds): no step. */
		/* 2: serves it; 1: serves it, but a question still to ask
		   may rule it out (scheme_pending). */
		for (j = 0, k = 0, named = 0; j < p->nschemes; j++) {
			e->prereq_serving[j] = 0;
			if (prereq_serves(e, p, j, &res->open_plan) == 0)
				continue;
			e->prereq_serving[j] = p->scheme_idx[j] >= 0 &&
			    scheme_pending(e,
			    &res->schemes[p->scheme_idx[j]]) ? 1 : 2;
			k++;
			named += e->prereq_serving[j] == 2;
		}
		if (p->nschemes > 0 && k == 0)
			continue;
		st = plan_add(e, p->service, p->title, p->why, p->nschemes);
		st->prereq = 1;
		/* The rights it serves but those pending; all of them when
		   each one is. */
		for (j = 0; j < p->nschemes; j++)
			if (e->prereq_serving[j] == 2 ||
			    (e->prereq_serving[j] == 1 && named == 0))
				st->schemes[st->nschemes++] = p->scheme_idx[j];
	}
	/* Schemes to orient to, most useful first (stable): one pass
	 * for the ranks (3: not in the plan), one to place them. */
	order = arena_alloc(&e->scratch, sizeof(int) * (size_t)(nsch + 1));
	rank = arena_alloc(&e->scratch, (size_t)(nsch + 1));
	for (i = 0; i < nsch; i++) {
		k = res->schemes[i].verdict == VERDICT_UNLIKELY ? 3 :
		    scheme_rank(&res->schemes[i]);
		rank[i] = (unsigned char)k;
		place[k]++;
	}
	norder = place[0] + place[1] + place[2];
	place[2] = place[0] + place[1];
	place[1] = place[0];
	place[0] = 0;
	for (i = 0; i < nsch; i++)
		if (rank[i] < 3)
			order[place[rank[i]]++] = i;
	/* 3. One MDS appointment, or the existing référent (who to see:
	 * part of the orientation, asked only when there is one). */
	referent = -1;
	for (i = 0; i < norder; i++) {
		const struct scheme *s = res->schemes[order[i]].def;

		if (s->route != ROUTE_MDS_APPOINTMENT ||
		    r->mds_service == NULL || res->schemes[order[i]].received)
			continue;
		if (mds_step < 0) {
			/* Asked whatever the urgencies: the questions
			   asked must not follow a sensitive answer. */
			referent = cond_true(e, r->referent_when,
			    &res->open_orientation) && !urgent;
			mds_step = res->nplan;
			plan_add(e, referent ? "referent" : r->mds_service,
			    referent &&
			    r->referent_title ? r->referent_title :
			    r->mds_title ? r->mds_title : s->name, r->mds_why,
			    nsch)->global = 1;
		}
		if (!scheme_provisional(e, &res->schemes[order[i]]) &&
		    !plan_lists(res, res->plan[mds_step].service, order[i]))
			res->plan[mds_step].schemes[
			    res->plan[mds_step].nschemes++] = order[i];
	}
	/* Global support: a refinement the full check settles. */
	if (mds_step < 0 && r->mds_service != NULL &&
	    cond_true(e, r->mds_global_if, &res->open_plan)) {
		referent = cond_true(e, r->referent_when,
		    &res->open_orientation) && !urgent;
		plan_add(e, referent ? "referent" : r->mds_service, referent &&
		    r->referent_title ? r->referent_title : r->mds_title,
		    r->mds_why, 0)->global = 1;
	}
	/* 4. Emergency routes, MDS services, then partners, by service kind;
	 * whether a partner step needs help is settled by the full check. */
	for (k = 0; k < 3; k++) {
		for (i = 0; i < norder; i++) {
			const struct scheme *s = res->schemes[order[i]].def;
			const char *svc;
			struct plan_step *st = NULL;

			if ((s->nservices == 0 && r->mds_service == NULL) ||
			    res->schemes[order[i]].received ||
			    scheme_provisional(e, &res->schemes[order[i]]) ||
			    (k == 0 && s->route != ROUTE_EMERGENCY) ||
			    (k == 1 && s->route != ROUTE_MDS_SERVICE) ||
			    (k == 2 && s->route != ROUTE_PARTNER &&
			    s->route != ROUTE_PARTNER_HELP))
				continue;
			svc = plan_service(e, order[i]);
			if (plan_lists(res, svc, order[i]))
				continue;	/* there already, first */
			for (j = 0; j < res->nplan; j++)
				if (!res->plan[j].prereq &&
				    res->plan[j].urgency == NULL &&
				    res->plan[j].service == svc) {	/* interned */
					st = &res->plan[j];
					break;
				}
			if (st == NULL) {
				const struct service_kind *sk =
				    svc == e->skind_id[s - r->schemes] ?
				    e->skind[s - r->schemes] :
				    rules_kind(r, svc);

				st = plan_add(e, svc, sk ? sk->name : svc, NULL,
				    nsch);
			}
			st->schemes[st->nschemes++] = order[i];
			if (s->route == ROUTE_PARTNER && assisted < 0)
				assisted = cond_true(e, r->assisted_if,
				    &res->open_plan);
			if (s->route == ROUTE_PARTNER_HELP ||
			    (s->route == ROUTE_PARTNER && assisted))
				st->assisted = 1;
		}
	}
	/* Documents of every scheme in the plan, merged in plan order. */
	for (i = 0; i < res->nplan; i++)
		for (j = 0; j < res->plan[i].nschemes; j++) {
			int si = res->plan[i].schemes[j];
			const struct scheme *s;

			if (si < 0)
				continue;
			s = res->schemes[si].def;
			if (res->schemes[si].verdict == VERDICT_UNLIKELY)
				continue;
			docs = scheme_documents(s, res->schemes[si].variant,
			    &nd);
			for (k = 0; k < nd; k++)
				doc_add(e, (int)(s - r->schemes), docs, k);
		}
}

/* --- driver ---------------------------------------------------------------- */

/* Forget every cached derived value and scheme result (generations). */
static void
invalidate(struct evaluator *e)
{
	int i;

	if (++e->gen == 0) {		/* wrapped: really clear */
		memset(e->dc, 0, sizeof *e->dc * (size_t)e->r->nderived);
		for (i = 0; i < e->r->nnational; i++)
			e->res.schemes[i].gen = 0;
		e->gen = 1;
	}
}

/*
 * In asking order: drop answers to questions whose ask_if does not hold,
 * then fill with its implied value a question whose implied_if holds and
 * that has no answer. The implied value is the literal `implied`, or the
 * value of the expression `implied_x` (unknown: as if implied_if were
 * undecided). An answer given is never replaced: one that differs from
 * the implied value is a contradiction (state 3), reported as a warning.
 * While the implied value is undecided and the answer could still
 * contradict it, what settles it stays open.
 */
static void
apply_ask_if(struct evaluator *e)
{
	const struct rules *r = e->r;
	struct varset m, mi;
	struct value v, imp;
	int i, t;

	memset(&e->implied_open, 0, sizeof e->implied_open);
	for (i = 0; i < r->nvars; i++) {
		const struct var *q = &r->vars[i];

		e->answer_state[i] = 0;
		t = 0;
		imp = q->implied;
		memset(&mi, 0, sizeof mi);
		if (q->implied_if != NULL) {
			v = ev(e, e->implied_if[i], &mi);
			t = truth(&v);
			if (t == 1 && q->implied_x != NULL) {
				imp = ev(e, cx(e, q->implied_x), &mi);
				if (imp.t == V_UNKNOWN)
					t = -1;
			}
		}
		e->implied_vals[i] = imp;
		if (q->ask_if != NULL && e->vals[i].t != V_UNKNOWN) {
			memset(&m, 0, sizeof m);
			v = ev(e, e->ask_if[i], &m);
			if (truth(&v) != 1) {
				e->answer_state[i] = 2;	/* not applicable */
				e->vals[i] = value_unknown();
				invalidate(e);
			}
		}
		if (q->implied_if == NULL)
			continue;
		if (t == 1 && e->vals[i].t == V_UNKNOWN) {
			e->answer_state[i] = 1;
			e->vals[i] = imp;
			invalidate(e);
		} else if (t == 1 && !value_equal(&e->vals[i], &imp)) {
			e->answer_state[i] = 3;
		} else if (t < 0 && (e->vals[i].t == V_UNKNOWN ||
		    q->implied_x != NULL ||
		    !value_equal(&e->vals[i], &imp))) {
			varset_union(&e->implied_open, &mi);
		}
	}
}

/*
 * The warnings, before any scheme is evaluated (they lower verdicts):
 * contradicted implied values in question order, then the checks of
 * rules/consistency.yaml. An undecided check keeps what it reads open.
 */
static void
warnings_eval(struct evaluator *e)
{
	const struct rules *r = e->r;
	struct result *res = &e->res;
	struct varset m;
	struct xv v;
	int i;

	res->nwarnings = 0;
	varset_union(&res->open_warnings, &e->implied_open);
	for (i = 0; i < r->nvars; i++) {
		struct warning *w;

		if (e->answer_state[i] != 3)
			continue;
		w = &res->warnings[res->nwarnings++];
		w->check = -1;
		w->var = i;
		w->vars = *r->vars[i].implied_reads;
		varset_add(&w->vars, i);
		w->given = e->vals[i];
		w->implied = e->implied_vals[i];
	}
	for (i = 0; i < r->nchecks; i++) {
		memset(&m, 0, sizeof m);
		memset(&e->soft, 0, sizeof e->soft);
		v = evx(e, cx(e, r->checks[i].when), &m);
		varset_union(&res->open_warnings, &e->soft);
		if (xtruth(v) < 0)
			varset_union(&res->open_warnings, &m);
		if (xtruth(v) == 1) {
			struct warning *w = &res->warnings[res->nwarnings++];

			w->check = i;
			w->var = -1;
			w->vars = r->checks[i].reads;
			w->given = value_unknown();
		}
	}
	memset(&e->warn_vars, 0, sizeof e->warn_vars);
	for (i = 0; i < res->nwarnings; i++)
		varset_union(&e->warn_vars, &res->warnings[i].vars);
	e->warnings_ready = 1;
}

/*
 * The answers of `sit` as the evaluator reads them. `fresh` (eval_run)
 * empties the scratch arena; a question about the same answers between
 * two runs (eval_ask_if, eval_options_shown…) keeps it: the last run's
 * result (its plan's steps) lives there.
 */
static void
prepare_as(struct evaluator *e, const struct situation *sit, int32_t date,
    int fresh)
{
	const struct rules *r = e->r;
	int dv = e->date_var, i;

	if (fresh)
		arena_reset(&e->scratch);
	e->sit = sit;
	e->warnings_ready = 0;
	memset(&e->unanswered, 0, sizeof e->unanswered);
	for (i = 0; i < r->nvars; i++)
		if (!sit->answered[i])
			varset_add(&e->unanswered, i);
	memcpy(e->vals, sit->vals, sizeof *e->vals * (size_t)r->nvars);
	if (dv >= 0) {
		if (e->vals[dv].t == V_DATE)
			date = e->vals[dv].u.d;
		else {
			e->vals[dv].t = V_DATE;
			e->vals[dv].u.d = date;
		}
	}
	e->date = date;
	if (e->pepoch == 0 || date != e->pdate) {	/* parameters */
		if (++e->pepoch == 0) {
			memset(e->kgen, 0, sizeof *e->kgen *
			    (size_t)(e->r->nconst + 1));
			memset(e->pgen, 0, sizeof *e->pgen *
			    (size_t)r->nparams);
			e->pepoch = 1;
		}
		e->pdate = date;
	}
	e->nitem = 0;
	invalidate(e);
	apply_ask_if(e);
	/* After ask_if (the department is asked only without a commune),
	 * the commune decides the department: its INSEE code begins with
	 * it (two characters, three overseas: 971…976). */
	if (e->commune_var >= 0 && e->dept_var >= 0 &&
	    e->vals[e->commune_var].t == V_STR) {
		const char *c = e->vals[e->commune_var].u.s;
		size_t n = strncmp(c, "97", 2) == 0 ? 3 : 2;

		memcpy(e->dept_code, c, n);
		e->dept_code[n] = '\0';
		e->vals[e->dept_var] = value_str(e->dept_code);
	}
	invalidate(e);	/* derived values may read the department */
}

static void
prepare(struct evaluator *e, const struct situation *sit, int32_t date)
{
	prepare_as(e, sit, date, 1);
}

/* The reasons given for the visit: bit k for option k. */
static uint32_t
reasons_given(const struct evaluator *e)
{
	const struct rules *r = e->r;
	const struct value *v;
	uint32_t m = 0;
	int i, k;

	if (r->reason_var < 0)
		return 0;
	v = &e->vals[r->reason_var];
	if (v->t != V_LIST)
		return 0;
	for (i = 0; i < v->u.l.n; i++)
		if (v->u.l.items[i].t == V_STR &&
		    (k = var_option(&r->vars[r->reason_var],
		    v->u.l.items[i].u.s)) >= 0)
			m |= UINT32_C(1) << k;
	return m;
}

/*
 * What an answer to `v` can change first (enum ask_class), once
 * class_sets has gathered, over the schemes, the questions of each class.
 */
static int
ask_class(const struct evaluator *e, int v)
{
	const struct result *res = &e->res;

	if (varset_has(&res->open_urgencies, v))
		return ASK_URGENCY;
	if (varset_has(&res->open_orientation, v))
		return ASK_ORIENTATION;
	if (varset_has(&e->class_reason, v) ||
	    varset_has(&e->prereq_late, v))
		return ASK_REASON;
	if (varset_has(&e->class_key, v))
		return ASK_KEY_RIGHT;
	return ASK_OTHER;
}

/*
 * The questions whose answer can change a scheme of the reasons given
 * (class_reason) or a key right (class_key), after every scheme is
 * evaluated: for each scheme, what ask_class asked of each question.
 */
static void
class_sets(struct evaluator *e, uint32_t given)
{
	const struct rules *r = e->r;
	const struct result *res = &e->res;
	struct varset once, twice;
	unsigned w;
	int s;

	memset(&e->class_reason, 0, sizeof e->class_reason);
	memset(&e->class_key, 0, sizeof e->class_key);
	memset(&once, 0, sizeof once);
	memset(&twice, 0, sizeof twice);
	for (s = 0; s < r->nnational; s++) {
		const struct scheme_result *sr = &res->schemes[s];

		if (r->schemes[s].key_right)
			varset_union(&e->class_key, &sr->open);
		/* The orientation settles the verdicts of the reasons'
		   schemes; their amounts and variants come with the rest.
		   An answer from documents (payslips, notices, the lease)
		   waits for the full check: what it alone leaves open is
		   to be confirmed with the documents (issue 14). When no
		   answer from documents can change the verdict, any answer
		   that can settles it. Otherwise the verdict is "to check
		   with the documents" (or an estimate the documents can
		   overturn), and only an answer its own undecided
		   conditions read directly can still settle it, when those
		   read no answer from documents (the MDPH file: a right to
		   renew, whatever the AAH that the documents decide). When
		   they do, what an undecided condition without documents
		   reads is asked if it can rule out two or more of those
		   verdicts (`twice`): the residence status of someone come
		   for money, whatever the payslips say of the RSA, the
		   prime d'activité and the AAH. */
		if (!(sr->def->reasons & given))
			continue;
		if (!varset_meets(&sr->settle, &e->docs)) {
			for (w = 0; w < RULES_MAX_VARS / 64; w++)
				e->class_reason.w[w] |= sr->open.w[w] &
				    sr->settle.w[w] & ~e->docs.w[w];
		} else if (sr->verdict == VERDICT_TO_CHECK &&
		    !varset_meets(&sr->miss, &e->docs)) {
			for (w = 0; w < RULES_MAX_VARS / 64; w++)
				e->class_reason.w[w] |= sr->open.w[w] &
				    sr->settle.w[w] & sr->miss.w[w] &
				    ~e->docs.w[w];
		} else if (sr->verdict == VERDICT_TO_CHECK) {
			for (w = 0; w < RULES_MAX_VARS / 64; w++) {
				uint64_t x = sr->open.w[w] &
				    sr->settle.w[w] & sr->undoc.w[w] &
				    ~e->docs.w[w];

				twice.w[w] |= once.w[w] & x;
				once.w[w] |= x;
			}
		}
	}
	varset_union(&e->class_reason, &twice);
}

/*
 * The weight of `v` within the "reason" rank: the undecided verdicts of
 * the stated reasons' schemes it can change (2 each; an amount, a variant
 * or a non-take-up flag 1), not those of every right it touches (issue
 * 14: "children" came before "social housing request" for a housing
 * visit, its weight counting the family benefits).
 */
static int
reason_weight(const struct evaluator *e, int v, uint32_t given)
{
	const struct result *res = &e->res;
	int s, w = 0;

	for (s = 0; s < e->r->nnational; s++) {
		const struct scheme_result *sr = &res->schemes[s];

		if (!(sr->def->reasons & given))
			continue;
		if (varset_has(&sr->settle, v))
			w += 2;
		else if (varset_has(&sr->open, v))
			w++;
	}
	return w;
}

/*
 * An answer from documents is not brought into the orientation because
 * another question's ask_if reads it (a gate on the resources): it waits
 * for the full check, unless an urgency needs it.
 */
static int
docs_wait(const struct evaluator *e, int v, int cls)
{
	return e->r->vars[v].from_documents && cls > ASK_URGENCY &&
	    cls <= ASK_REASON;
}

/*
 * How many undecided verdicts an answer to each question can change (a
 * verdict weighs 2, an amount, a variant or a non-take-up flag 1), into
 * `n` (RULES_MAX_VARS): the question that settles the most comes first
 * within its class. One pass over the schemes' sets.
 */
static void
settles(const struct evaluator *e, int *n)
{
	const struct result *res = &e->res;
	unsigned w;
	int s;

	memset(n, 0, sizeof *n * RULES_MAX_VARS);
	for (s = 0; s < e->r->nnational; s++) {
		const struct scheme_result *sr = &res->schemes[s];

		if (varset_none(&sr->open))	/* settle is part of it */
			continue;
		for (w = 0; w < RULES_MAX_VARS / 64; w++) {
			uint64_t two = sr->settle.w[w];
			uint64_t one = sr->open.w[w] & ~two;

			while (two != 0) {
				n[w * 64 + (unsigned)__builtin_ctzll(two)] += 2;
				two &= two - 1;
			}
			while (one != 0) {
				n[w * 64 + (unsigned)__builtin_ctzll(one)]++;
				one &= one - 1;
			}
		}
	}
}

/*
 * Question j (an index in next[], -1 when not there) is read by the
 * ask_if of question i: it takes i's class, and more weight than i in
 * the same class. Whether it changed anything.
 */
static int
next_lift(struct evaluator *e, int i, int j, int guard)
{
	struct result *res = &e->res;
	int changed = 0;

	if (j < 0 || j == i)
		return 0;
	if (res->next_class[j] > res->next_class[i] &&
	    !docs_wait(e, res->next[j], res->next_class[i])) {
		res->next_class[j] = res->next_class[i];
		changed = 1;
	}
	if (res->next_class[j] == res->next_class[i] &&
	    res->next_class[j] > ASK_ORIENTATION &&
	    res->next_weight[j] <= res->next_weight[i] && guard < 64) {
		res->next_weight[j] = res->next_weight[i] + 1;
		changed = 1;
	}
	return changed;
}

/*
 * Sort next[] by what each question settles (enum ask_class), then by
 * the number of undecided schemes it can change (most first), then in
 * declared order: deterministic, a function of the answers only.
 */
static void
next_order(struct evaluator *e)
{
	struct result *res = &e->res;
	uint32_t given = e->given;
	uint64_t bits;
	unsigned k;
	int i, j, changed, guard = 0;

	settles(e, e->weight);
	for (i = 0; i < res->nnext; i++) {
		int cls = ask_class(e, res->next[i]);

		/* A question the ask_if of an open one reads, when that
		   ask_if is still unknown: asked as early as that one. */
		if (e->promote[res->next[i]] < cls)
			cls = e->promote[res->next[i]];
		res->next_class[i] = (signed char)cls;
		res->next_weight[i] = cls == ASK_REASON ?
		    reason_weight(e, res->next[i], given) :
		    e->weight[res->next[i]];
	}
	if (!e->settle_order) {		/* declared order */
		res->norientation = 0;
		for (i = 0; i < res->nnext; i++)
			res->norientation += res->next_class[i] <= ASK_REASON;
		return;
	}
	/* A question another one's ask_if reads (through default() or
	 * known()) comes before it, as in declared order: it takes the
	 * other's class, and more weight (urgencies and the plan are in
	 * declared order, where it comes first already). */
	/* The questions each ask_if reads, in declared order as next[]
	 * is: an index (nextpos) for each, not a scan of next[]. */
	for (i = 0; i < res->nnext; i++)
		e->nextpos[res->next[i]] = i;
	do {
		changed = 0;
		for (i = 0; i < res->nnext; i++)
			for (k = 0; k < RULES_MAX_VARS / 64; k++)
				for (bits = e->askreads[i].w[k]; bits != 0;
				    bits &= bits - 1) {
					j = e->nextpos[k * 64 +
					    (unsigned)__builtin_ctzll(bits)];
					changed |= next_lift(e, i, j, guard);
				}
	} while (changed && ++guard < 64);
	for (i = 0; i < res->nnext; i++)
		e->nextpos[res->next[i]] = -1;
	for (i = 0; i < res->nnext; i++)
		if (res->next_class[i] <= ASK_ORIENTATION)
			res->next_weight[i] = 0;
	/* Insertion sort: stable, and next[] is short. */
	for (i = 1; i < res->nnext; i++) {
		int v = res->next[i], w = res->next_weight[i];
		signed char c = res->next_class[i];

		for (j = i; j > 0 && (res->next_class[j - 1] > c ||
		    (res->next_class[j - 1] == c &&
		    res->next_weight[j - 1] < w)); j--) {
			res->next[j] = res->next[j - 1];
			res->next_class[j] = res->next_class[j - 1];
			res->next_weight[j] = res->next_weight[j - 1];
		}
		res->next[j] = v;
		res->next_class[j] = c;
		res->next_weight[j] = w;
	}
	res->norientation = 0;
	while (res->norientation < res->nnext &&
	    res->next_class[res->norientation] <= ASK_REASON)
		res->norientation++;
}

/*
 * A question that the ask_if of an open question reads (directly or
 * through default() and known()), while that ask_if does not hold yet,
 * can change a result through it: "legal_protection" waits for the
 * debts, which no right reads any more once an eviction procedure has
 * told of rent arrears. It is made open, when it can be asked; true if
 * it was not open before.
 */
static int
open_by_ask_if(struct evaluator *e, const struct situation *sit, int k,
    int by)
{
	struct result *res = &e->res;

	if (varset_has(&res->open, k) || !e->r->vars[k].ask ||
	    sit->answered[k] || e->answer_state[k] == 1)
		return 0;
	varset_add(&res->open, k);
	res->asked_for[k] = by;
	return 1;
}

const struct result *
eval_run(struct evaluator *e, const struct situation *sit, int32_t date)
{
	const struct rules *r = e->r;
	struct result *res = &e->res;
	uint32_t given;
	int i, restart = 0;

	prepare(e, sit, date);
	e->given = reasons_given(e);	/* the answers are final */
	res->reasons = e->given;
	res->date = e->date;
	memset(&res->open, 0, sizeof res->open);
	memset(&res->open_urgencies, 0, sizeof res->open_urgencies);
	memset(&res->open_orientation, 0, sizeof res->open_orientation);
	memset(&res->open_warnings, 0, sizeof res->open_warnings);
	memset(&res->open_urgencies_full, 0,
	    sizeof res->open_urgencies_full);
	memset(&res->open_plan, 0, sizeof res->open_plan);
	warnings_eval(e);
	varset_union(&res->open, &res->open_warnings);
	urgencies_eval(e);
	varset_union(&res->open, &res->open_urgencies);
	varset_union(&res->open, &res->open_urgencies_full);
	for (i = 0; i < r->nnational; i++) {
		scheme_eval(e, i);
		varset_union(&res->open, &res->schemes[i].open);
	}
	plan_build(e);
	varset_union(&res->open, &res->open_orientation);
	varset_union(&res->open, &res->open_plan);
	res->commune = e->commune_var >= 0 && e->vals[e->commune_var].t ==
	    V_STR ? e->vals[e->commune_var].u.s : NULL;
	res->department = e->dept_var >= 0 && e->vals[e->dept_var].t ==
	    V_STR ? e->vals[e->dept_var].u.s : NULL;
	res->in_directory = res->department != NULL && e->territory != NULL &&
	    territory_department(e->territory, res->department) != NULL;
	for (i = 0; i < res->nplan; i++) {
		struct plan_step *st = &res->plan[i];

		st->noffices = e->territory == NULL || st->service == NULL ? 0 :
		    territory_offices(e->territory, res->commune ?
		    res->commune : "", st->service, st->offices,
		    PLAN_MAX_OFFICES);
	}
	/* Orientation always needs the commune (competent offices). */
	if (e->commune_var >= 0 && !sit->answered[e->commune_var]) {
		varset_add(&res->open_orientation, e->commune_var);
		varset_add(&res->open, e->commune_var);
	}
	/* Without a commune, the department at least (its council). */
	if (e->dept_var >= 0 && res->commune == NULL &&
	    !sit->answered[e->dept_var]) {
		varset_add(&res->open_orientation, e->dept_var);
		varset_add(&res->open, e->dept_var);
	}
	/* The reason for the visit orders what comes next: asked once. */
	if (e->settle_order && r->reason_var >= 0 &&
	    !sit->answered[r->reason_var]) {
		varset_add(&res->open_orientation, r->reason_var);
		varset_add(&res->open, r->reason_var);
	}
	/* Next questions: useful, askable, not yet answered, in order. */
	given = e->given;
	class_sets(e, given);
	memset(e->promote, ASK_OTHER, (size_t)r->nvars);
	for (i = 0; i < r->nvars; i++)
		res->asked_for[i] = -1;
again:
	res->nnext = 0;
	for (i = 0; i < r->nvars; i++) {
		const struct var *v = &r->vars[i];
		struct varset m;
		struct xv a;

		if (!varset_has(&res->open, i) || !v->ask || sit->answered[i] ||
		    e->answer_state[i] == 1)
			continue;
		memset(&e->askreads[res->nnext], 0, sizeof e->askreads[0]);
		if (v->ask_if != NULL) {
			memset(&m, 0, sizeof m);
			memset(&e->soft, 0, sizeof e->soft);
			a = evx(e, e->ask_if[i], &m);
			if (xtruth(a) != 1) {
				/* Not askable (yet): what its ask_if
				   waits for, or reads through default(),
				   is asked as early as it would be. */
				int c = ask_class(e, i), k;
				unsigned w;

				varset_union(&m, &e->soft);
				for (w = 0; w < RULES_MAX_VARS / 64; w++) {
					uint64_t bits = m.w[w];

					for (; bits != 0; bits &= bits - 1) {
						k = (int)w * 64 +
						    __builtin_ctzll(bits);
						if (k >= r->nvars)
							continue;
						if (e->promote[k] > c &&
						    !docs_wait(e, k, c))
							e->promote[k] =
							    (signed char)c;
						if (open_by_ask_if(e, sit, k,
						    i) && k < i)
							restart = 1;
					}
				}
			}
			if (xtruth(a) != 1)
				continue;
			/* What its ask_if reads through default() and
			   known(): asked first (next_order). */
			e->askreads[res->nnext] = e->soft;
			varset_union(&e->askreads[res->nnext], &m);
		}
		res->next[res->nnext++] = i;
	}
	if (restart) {
		restart = 0;
		goto again;	/* once per question made open, at most */
	}
	next_order(e);
	return res;
}

int
eval_implied(const struct evaluator *e, int var)
{
	return var >= 0 && var < e->r->nvars && e->answer_state[var] == 1;
}

const struct value *
eval_implied_value(const struct evaluator *e, int var)
{
	return &e->implied_vals[var];
}

int
eval_contradicted(const struct evaluator *e, int var)
{
	return var >= 0 && var < e->r->nvars && e->answer_state[var] == 3;
}

int
eval_not_applicable(const struct evaluator *e, int var)
{
	return var >= 0 && var < e->r->nvars && e->answer_state[var] == 2;
}

int
eval_ask_if(struct evaluator *e, const struct situation *sit, int var,
    int32_t date)
{
	struct varset m;
	struct value v;

	if (e->r->vars[var].ask_if == NULL)
		return 1;
	prepare_as(e, sit, date, 0);
	memset(&m, 0, sizeof m);
	v = ev(e, e->ask_if[var], &m);
	return truth(&v);
}

int
eval_field_ask_if(struct evaluator *e, const struct situation *sit, int var,
    int item, int field, int32_t date)
{
	const struct var *f = &e->r->vars[var].fields[field];
	const struct value *it;
	struct varset m;
	struct value v;

	if (f->ask_if == NULL)
		return 1;
	prepare_as(e, sit, date, 0);
	if (item >= 0) {
		if (sit->vals[var].t != V_LIST || item >= sit->vals[var].u.l.n)
			return -1;
		it = &sit->vals[var].u.l.items[item];
	} else {
		it = &sit->vals[var];
	}
	if (it->t != V_RECORD)
		return -1;
	e->item[0] = it;
	e->item_var[0] = var;
	e->nitem = 1;
	memset(&m, 0, sizeof m);
	v = ev(e, cx(e, f->ask_if), &m);
	e->nitem = 0;
	return truth(&v);
}

int
eval_options_shown(struct evaluator *e, const struct situation *sit, int var,
    int32_t date, unsigned char *shown)
{
	const struct var *v;
	struct varset m;
	struct value x;
	int i, n = 0, ready = 0;

	if (var < 0 || var >= e->r->nvars)
		return 0;
	v = &e->r->vars[var];
	for (i = 0; i < v->nopts; i++) {
		shown[i] = 1;
		if (v->opts[i].show_if != NULL) {
			if (!ready)
				prepare_as(e, sit, date, 0);
			ready = 1;
			memset(&m, 0, sizeof m);
			x = ev(e, cx(e, v->opts[i].show_if), &m);
			shown[i] = truth(&x) != 0;
		}
		n += shown[i];
	}
	return n;
}

/* For unit tests: evaluate one expression on a situation. */
struct value eval_expr_for_test(struct evaluator *, const struct situation *,
    const struct expr *, int32_t);

struct value
eval_expr_for_test(struct evaluator *e, const struct situation *sit,
    const struct expr *x, int32_t date)
{
	struct varset m;

	prepare(e, sit, date);
	memset(&m, 0, sizeof m);
	return ev(e, cx(e, x), &m);
}
