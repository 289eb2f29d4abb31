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
	eval_free(it->ev);
	free(it->history);
	free(it);
}

int
interview_next(struct interview *it)
{
	it->res = eval_run(it->ev, &it->sit, it->date);
	if (it->depth == DEPTH_ORIENTATION && it->res->norientation == 0)
		return -1;
	return it->res->nnext > 0 ? it->res->next[0] : -1;
}

int
interview_oriented(const struct interview *it)
{
	return it->res != NULL && it->res->norientation == 0;
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
	return 0;
}

void
interview_dont_know(struct interview *it, int var)
{
	situation_set_unknown(&it->sit, var);
	history_push(it, var);
}

void
interview_answered(struct interview *it, int var)
{
	it->sit.answered[var] = 1;
	history_push(it, var);
}

int
interview_back(struct interview *it)
{
	int var;

	if (it->nhistory == 0)
		return -1;
	var = it->history[--it->nhistory];
	situation_unset(&it->sit, var);
	return var;
}

void
interview_edit(struct interview *it, int var)
{
	situation_unset(&it->sit, var);
	history_remove(it, var);
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

int
interview_remaining(const struct interview *it)
{
	if (it->res == NULL)
		return 0;
	return it->depth == DEPTH_ORIENTATION ? it->res->norientation :
	    it->res->nnext;
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
	if (varset_has(&res->open_urgencies, var))
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
	if (varset_has(&res->open_warnings, var))
		/* TRANSLATORS: in "The answer can still change: …": a
		   check that answers do not contradict each other. */
		why_add(buf, size, &len, _("a consistency check"));
	return buf;
}

int
interview_replay_next(struct interview *it, const struct situation *src)
{
	int var = interview_next(it), i;

	for (i = 0; i < it->rules->nvars; i++)
		if (eval_implied(it->ev, i) && src->answered[i] &&
		    !it->sit.answered[i] && src->vals[i].t != V_UNKNOWN &&
		    !value_equal(&src->vals[i], &it->rules->vars[i].implied))
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
