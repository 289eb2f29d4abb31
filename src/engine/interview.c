/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * interview.c - next-question selection and answer bookkeeping.
 */
#include "interview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct interview *
interview_new(const struct rules *r, int32_t date)
{
	struct interview *it = xcalloc(1, sizeof *it);

	it->rules = r;
	it->date = date;
	situation_init(&it->sit, r);
	situation_init(&it->blind, r);
	it->choice = xcalloc((size_t)r->nvars + 1, sizeof(int));
	it->disclosed = xcalloc((size_t)r->nvars + 1, 1);
	it->dorder = xcalloc((size_t)r->nvars + 1, sizeof(int));
	it->version = xcalloc((size_t)r->nvars + 1, sizeof(unsigned));
	it->bnext = -1;
	it->ev = eval_new(r);
	eval_set_order(it->ev, 1);
	it->history = xcalloc((size_t)r->nvars + 1, sizeof(int));
	it->respondent_var = rules_var_index(r, "respondent");
	return it;
}

void
interview_free(struct interview *it)
{
	if (it == NULL)
		return;
	situation_release(&it->sit);
	situation_release(&it->blind);
	free(it->choice);
	free(it->disclosed);
	free(it->dorder);
	free(it->version);
	eval_free(it->ev);
	free(it->history);
	free(it);
}

/* Remove `var` from the disclosure order (if there). */
static void
dorder_remove(struct interview *it, int var)
{
	int i;

	for (i = 0; i < it->ndorder; i++)
		if (it->dorder[i] == var) {
			memmove(&it->dorder[i], &it->dorder[i + 1],
			    sizeof(int) * (size_t)(it->ndorder - i - 1));
			it->ndorder--;
			return;
		}
}

void
interview_disclose(struct interview *it, int var)
{
	if (it->rules->vars[var].sensitive)
		return;
	it->disclosed[var] = 1;
	dorder_remove(it, var);
	it->dorder[it->ndorder++] = var;
	it->version[var]++;
}

/* After a change of the answer to `var` (given, edited, forgotten). */
static void
changed(struct interview *it, int var)
{
	if (!it->sit.answered[var]) {
		if (it->disclosed[var]) {
			it->disclosed[var] = 0;
			dorder_remove(it, var);
			it->version[var]++;
		}
	} else if (it->disclosed[var] || var == it->bnext)
		interview_disclose(it, var);
}

/*
 * The next question (see interview.h). The blind evaluation sees the
 * disclosed answers only, every sensitive question as answered "don't
 * know" and every other question as unanswered; its first question, if
 * already answered, is disclosed now (as if asked now) and the blind
 * choice made again. The full evaluation sees every answer. The question
 * asked is the full evaluation's first (in the order of interview.h,
 * whether or not it will be disclosed); when the full evaluation needs
 * nothing more, the blind choice's first, so that every question the
 * blind interview asks for is asked, whatever the sensitive answers. The
 * evaluator runs on the full situation last, so it->res and
 * eval_implied() are about it.
 */
static int
choose(struct interview *it)
{
	const struct rules *r = it->rules;
	const struct result *b, *f;
	int k, nf, nb, more, guard = 0;

	do {
		for (k = 0; k < r->nvars; k++) {
			int seen = it->disclosed[k] && it->sit.answered[k];

			if (r->vars[k].sensitive) {
				it->blind.vals[k] = value_unknown();
				it->blind.answered[k] = 1;
			} else {
				it->blind.vals[k] = seen ? situation_public(
				    &r->vars[k], &it->sit.vals[k],
				    &it->blind.arena) : value_unknown();
				it->blind.answered[k] = (unsigned char)seen;
			}
		}
		b = eval_run(it->ev, &it->blind, it->date);
		nb = it->depth == DEPTH_ORIENTATION ? b->norientation :
		    b->nnext;
		it->bnext = nb > 0 ? b->next[0] : -1;
		if (it->bnext >= 0 && it->sit.answered[it->bnext])
			interview_disclose(it, it->bnext);
		else
			break;
	} while (guard++ <= r->nvars);
	memcpy(it->choice, b->next, sizeof(int) * (size_t)b->nnext);
	it->nchoice = b->nnext;
	f = it->res = eval_run(it->ev, &it->sit, it->date);
	nf = it->depth == DEPTH_ORIENTATION ? f->norientation : f->nnext;
	it->norientation = b->norientation;
	more = 0;
	for (k = 0; k < nf; k++) {
		int v = f->next[k], j;

		for (j = 0; j < nb && it->choice[j] != v; j++)
			;
		if (j == nb) {
			more++;
			if (k < f->norientation)
				it->norientation++;
		}
	}
	it->remaining = nb + more;
	if (nf > 0)
		return f->next[0];
	return it->bnext;
}

int
interview_next(struct interview *it)
{
	return choose(it);
}

int
interview_oriented(const struct interview *it)
{
	return it->res != NULL && it->norientation == 0;
}

const char *
depth_name(enum depth d)
{
	return d == DEPTH_ORIENTATION ? "orientation" : "full";
}

int
depth_parse(const char *s, enum depth *d)
{
	if (strcmp(s, "orientation") == 0)
		*d = DEPTH_ORIENTATION;
	else if (strcmp(s, "full") == 0)
		*d = DEPTH_FULL;
	else
		return -1;
	return 0;
}

static void
history_remove(struct interview *it, int var)
{
	int i;

	for (i = 0; i < it->nhistory; i++)
		if (it->history[i] == var) {
			memmove(&it->history[i], &it->history[i + 1],
			    sizeof(int) * (size_t)(it->nhistory - i - 1));
			it->nhistory--;
			return;
		}
}

/* An answer moves to the end of the history (asked last). */
static void
history_push(struct interview *it, int var)
{
	history_remove(it, var);
	it->history[it->nhistory++] = var;
}

int
interview_answer(struct interview *it, int var, const char *text,
    struct error *err)
{
	if (situation_parse_answer(&it->sit, var, text, err) == -1)
		return -1;
	history_push(it, var);
	changed(it, var);
	return 0;
}

void
interview_dont_know(struct interview *it, int var)
{
	situation_set_unknown(&it->sit, var);
	history_push(it, var);
	changed(it, var);
}

void
interview_answered(struct interview *it, int var)
{
	it->sit.answered[var] = 1;
	history_push(it, var);
	changed(it, var);
}

int
interview_back(struct interview *it)
{
	int var;

	if (it->nhistory == 0)
		return -1;
	var = it->history[--it->nhistory];
	situation_unset(&it->sit, var);
	changed(it, var);
	return var;
}

void
interview_edit(struct interview *it, int var)
{
	situation_unset(&it->sit, var);
	history_remove(it, var);
	changed(it, var);
}

const char *
interview_text(const struct interview *it, const struct var *v)
{
	const struct value *resp;

	if (it->respondent_var >= 0 && v->text_third != NULL) {
		resp = &it->sit.vals[it->respondent_var];
		if (resp->t == V_STR && strcmp(resp->u.s, "self") != 0)
			return v->text_third;
	}
	return v->text != NULL ? v->text : v->id;
}

const char *
interview_type_hint(const struct var *v, char *buf, size_t size)
{
	switch (v->qt) {
	case Q_INT:
		if (v->has_min && v->has_max) {
			/* TRANSLATORS: under a whole-number answer whose
			   rules give a range (the GIR: 1 to 6). */
			snprintf(buf, size, _("Whole number from %lld to %lld"),
			    (long long)(v->min / NUM_SCALE),
			    (long long)(v->max / NUM_SCALE));
			return buf;
		}
		return _("Whole number");
	case Q_MONEY:
		/* TRANSLATORS: an example the program accepts; "1 200,50"
		   and "1200.50" both are. The question says the period
		   (a month, 12 months, a year): not this hint. */
		return _("Amount in euros, e.g. 1200.50, for the period "
		    "asked");
	case Q_DATE:
		/* TRANSLATORS: the date format, day first, as typed. */
		return _("Date DD/MM/YYYY");
	default:
		return NULL;
	}
}

int
interview_remaining(const struct interview *it)
{
	if (it->res == NULL)
		return 0;
	return it->remaining;
}

/* Append ", item" (or "item" first) to buf. */
static void
why_add(char *buf, size_t size, size_t *len, const char *item)
{
	int n;

	if (*len >= size)
		return;
	n = snprintf(buf + *len, size - *len, "%s%s", *len ? ", " : "", item);
	*len += n > 0 ? (size_t)n : 0;
}

char *
interview_why(const struct interview *it, int var, char *buf, size_t size)
{
	const struct result *res = it->res;
	const struct rules *r = it->rules;
	char more[64];
	size_t len = 0;
	int i, n = 0;

	buf[0] = '\0';
	if (res == NULL || size == 0)
		return buf;
	if (varset_has(&res->open_urgencies, var) ||
	    varset_has(&res->open_urgencies_full, var))
		why_add(buf, size, &len, _("an urgency"));
	for (i = 0; i < r->nnational; i++) {
		if (!varset_has(&res->schemes[i].open, var))
			continue;
		if (n++ < 4)
			why_add(buf, size, &len, res->schemes[i].def->name);
	}
	if (n > 4) {
		/* TRANSLATORS: after four scheme names. */
		snprintf(more, sizeof more, ngettext("%d other scheme",
		    "%d other schemes", n - 4), n - 4);
		why_add(buf, size, &len, more);
	}
	if (varset_has(&res->open_orientation, var))
		why_add(buf, size, &len, _("where to send the person"));
	else if (varset_has(&res->open_plan, var))
		/* TRANSLATORS: in "The answer can still change: …": a
		   step of the plan the full check settles (a tax return
		   to file, help with a partner's claim). */
		why_add(buf, size, &len, _("a step of the plan"));
	if (varset_has(&res->open_warnings, var))
		/* TRANSLATORS: in "The answer can still change: …": a
		   check that answers do not contradict each other. */
		why_add(buf, size, &len, _("a consistency check"));
	/* Open only because another question may be asked on it: what
	   that one can change (the chain ends: each link was open
	   before the one it brought). */
	if (len == 0 && res->asked_for[var] >= 0 && res->asked_for[var] != var)
		return interview_why(it, res->asked_for[var], buf, size);
	return buf;
}

int
interview_offered(struct interview *it, int var, const struct value *keep,
    int *oidx, int max)
{
	const struct var *v;
	unsigned char *shown;
	int i, k, n = 0;

	if (var < 0 || var >= it->rules->nvars)
		return -1;
	v = &it->rules->vars[var];
	if ((v->qt != Q_ENUM && v->qt != Q_SET) || v->nopts > max)
		return -1;
	shown = xcalloc((size_t)v->nopts + 1, 1);
	if (eval_options_shown(it->ev, &it->sit, var, it->date, shown) ==
	    v->nopts) {
		free(shown);
		return -1;
	}
	if (keep != NULL && keep->t == V_STR &&
	    (k = var_option(v, keep->u.s)) >= 0)
		shown[k] = 1;
	for (i = 0; keep != NULL && keep->t == V_LIST && i < keep->u.l.n; i++)
		if (keep->u.l.items[i].t == V_STR &&
		    (k = var_option(v, keep->u.l.items[i].u.s)) >= 0)
			shown[k] = 1;
	for (i = 0; i < v->nopts; i++)
		if (shown[i])
			oidx[n++] = i;
	free(shown);
	return n;
}

char *
interview_left_out(const struct interview *it, int var, const int *oidx,
    int n, char *buf, size_t size)
{
	const struct var *v = &it->rules->vars[var];
	size_t len = 0;
	int i, k = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < v->nopts; i++) {
		if (k < n && oidx[k] == i) {
			k++;
			continue;
		}
		why_add(buf, size, &len, v->opts[i].label ?
		    v->opts[i].label : v->opts[i].value);
	}
	return buf;
}

int
interview_replay_next(struct interview *it, const struct situation *src)
{
	int var = interview_next(it), i;

	for (i = 0; i < it->rules->nvars; i++)
		if (eval_implied(it->ev, i) && src->answered[i] &&
		    !it->sit.answered[i] && src->vals[i].t != V_UNKNOWN &&
		    !value_equal(&src->vals[i], eval_implied_value(it->ev, i)))
			return i;
	return var;
}

void
interview_replay(struct interview *it, const struct situation *src)
{
	int var, guard = 0;

	/* Each variable is taken once, an implied one at most twice. */
	while ((var = interview_replay_next(it, src)) >= 0 &&
	    guard++ <= 2 * it->rules->nvars) {
		if (src->answered[var])
			it->sit.vals[var] = src->vals[var];
		else
			it->sit.vals[var] = value_unknown();
		interview_answered(it, var);
	}
}
