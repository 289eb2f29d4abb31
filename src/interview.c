/*
 * interview.c - next-question selection and answer bookkeeping.
 */
#include "interview.h"

#include <stdlib.h>
#include <string.h>

struct interview *
interview_new(const struct rules *r, int32_t date)
{
	struct interview *it = xcalloc(1, sizeof *it);

	it->rules = r;
	it->date = date;
	situation_init(&it->sit, r);
	it->ev = eval_new(r);
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
	return it->res->nnext > 0 ? it->res->next[0] : -1;
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
	return it->res != NULL ? it->res->nnext : 0;
}

void
interview_replay(struct interview *it, const struct situation *src)
{
	int var, guard = 0;

	while ((var = interview_next(it)) >= 0 && guard++ <= it->rules->nvars) {
		if (src->answered[var])
			it->sit.vals[var] = src->vals[var];
		else
			it->sit.vals[var] = value_unknown();
		interview_answered(it, var);
	}
}
