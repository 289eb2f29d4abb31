/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_interview.c - the interview screen (one question at a time); the
 * review of every answer is ui_review.c, the side panel (the urgencies
 * and the result forming) ui_panel.c.
 *
 * The interview engine chooses the question (interview_next). Lists
 * (children) are asked as a count, then each item's fields; records
 * (partner) field by field; a field is asked only when its ask_if holds
 * for that item (eval_field_ask_if), as plain.c does. State machine:
 *
 *	MAIN  --answer/don't know-->  next MAIN (or results when none left)
 *	MAIN (list)   --count n-->    FIELD item 0..n-1, field by field
 *	MAIN (record) -->             FIELD item -1, field by field
 *	FIELD --last field-->         interview_answered(var), next MAIN
 *	any   --back-->               the previous answered question, refilled
 */
#include "ui_screen.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rules.h"

enum {
	IV_DONT_KNOW = 1, IV_BACK, IV_REVIEW, IV_EXPLAIN, IV_PANEL,
	IV_FINISH, IV_HOME, IV_UP, IV_DOWN, IV_ENTER, IV_TOGGLE, IV_ALL, IV_ESC
};

static const struct ui_key interview_keys[] = {
	{ IV_ENTER, KEY_ENTER, '\r', N_("Enter"), NULL,
	    N_("Confirm the answer") },
	/* TRANSLATORS: a hint: the person does not know the answer. */
	{ IV_DONT_KNOW, KEY_F(5), UI_CTRL('N'), "F5 ^N", N_("Don't know"),
	    N_("The person does not know (or does not want to answer)") },
	{ IV_BACK, KEY_F(6), UI_CTRL('P'), "F6 ^P", N_("Back"),
	    N_("Go back to the previous question") },
	/* TRANSLATORS: a hint: show the agent's help on the question. */
	{ IV_EXPLAIN, KEY_F(2), UI_CTRL('E'), "F2 ^E", N_("Info"),
	    N_("Show or hide the agent's help on this question") },
	{ IV_REVIEW, KEY_F(3), UI_CTRL('R'), "F3 ^R", N_("Review"),
	    N_("Review every answer and change one") },
	{ IV_PANEL, KEY_F(4), UI_CTRL('T'), "F4 ^T", N_("Panel"),
	    N_("Show or hide the panel of urgencies and rights") },
	/* TRANSLATORS: a hint: end the interview now. */
	{ IV_FINISH, KEY_F(8), UI_CTRL('F'), "F8 ^F", N_("Finish"),
	    N_("Finish now and see the results") },
	{ IV_HOME, KEY_F(10), UI_CTRL('Q'), "F10 ^Q q", N_("Menu"),
	    N_("Go back to the home screen (the interview stays open); q "
	    "too, except while typing an answer") },
	{ IV_UP, KEY_UP, 0, "↑", NULL, N_("Previous option") },
	{ IV_DOWN, KEY_DOWN, 0, "↓", NULL, N_("Next option") },
	/* TRANSLATORS: key names: the space bar, and the digit keys. */
	{ IV_TOGGLE, 0, ' ', N_("Space 0-9"), NULL,
	    N_("Check or uncheck an option (multiple-choice list); digits "
	    "choose the option with that number (type 1 then 2 for the "
	    "twelfth); 0 unchecks every option (none)") },
	/* Handled with the options (show_all_options), not as a text. */
	{ IV_ALL, 0, '+', "+", NULL,
	    N_("Show the options the answers rule out too, numbered as the "
	    "question's own (the person's answer wins)") },
	{ IV_ESC, 0, 27, N_("Esc"), NULL,
	    N_("Close the explanation, clear the input, or else go back "
	    "to the home screen") },
};

enum phase { PH_MAIN, PH_COUNT, PH_FIELD };

#define MAX_OPTS	64
#define MAX_MATCH	8
#define MAX_ITEMS	20

/* The interview screen's state for the interview in progress: it lives
 * as long as the interview (ui->iv), so that the agent can go to the home
 * screen and come back to a list half filled in. */
struct ui_iv {
	int			 var;		/* top-level question, -1 none */
	int			 forced;	/* ask this one next (back/edit) */
	struct value		 prev;		/* its previous value, to refill */
	int			 has_prev;
	enum phase		 phase;
	int			 item, field, nitems;
	struct ui_list		 opts;		/* the options */
	unsigned char		 sel[MAX_OPTS];	/* checked (sets) */
	/* The options offered (their show_if), in order: row i is option
	 * oidx[i] of omap; omap NULL: every option, row i is option i. */
	const struct var	*omap;
	int			 oidx[MAX_OPTS];
	int			 noidx;
	struct ui_field		 fld;
	int			 explain;
	char			 err[520];
	struct ui_commune	 match[MAX_MATCH];
	int			 nmatch;
	struct ui_list		 matches;	/* the communes found */
	int			 digits;	/* an option number being typed */
	int			 seen[32];	/* warnings already announced */
	int			 nseen;
	/* A list or record being edited keeps its answer until the new
	 * one is complete: leaving the edit keeps it (-1: none). */
	int			 keeping;
	int			 oriented;	/* the plan was settled at the
						   last question (full depth) */
};

/* The values stay "oui"/"non" (the rule base's); the labels translate.
 * Keys: o or y for yes, n for no, in every language. */
static const struct var_option bool_opts[] = {
	{ "oui", N_("Yes"), NULL, NULL, 0 }, { "non", N_("No"), NULL, NULL, 0 }
};

/* The question being asked: the variable or one of its fields. */
static const struct var *
cur_def(const struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	const struct var *q = &ui->rules->vars[iv->var];

	if (iv->phase == PH_FIELD)
		return &q->fields[iv->field];
	return q;
}

static int
nopts(const struct ui_iv *iv, const struct var *v)
{
	if (iv->omap == v)
		return iv->noidx;
	if (v->qt == Q_BOOL)
		return 2;
	if (v->qt == Q_ENUM || v->qt == Q_SET)
		return v->nopts < MAX_OPTS ? v->nopts : MAX_OPTS;
	return 0;
}

/* The option of `v` shown on row `i`. */
static int
opt_real(const struct ui_iv *iv, const struct var *v, int i)
{
	return iv->omap == v ? iv->oidx[i] : i;
}

static const char *
opt_label(const struct ui_iv *iv, const struct var *v, int i)
{
	if (v->qt == Q_BOOL)
		return _(bool_opts[i].label);
	i = opt_real(iv, v, i);
	return v->opts[i].label != NULL ? v->opts[i].label : v->opts[i].value;
}

static int
is_text(const struct ui *ui)
{
	struct ui_iv *iv = ui->iv;

	return iv->phase == PH_COUNT || nopts(ui->iv, cur_def(ui)) == 0;
}

static int
searching(const struct ui *ui)
{
	struct ui_iv *iv = ui->iv;

	return iv->phase == PH_MAIN && cur_def(ui)->qt == Q_COMMUNE &&
	    (ui->hooks.commune_search != NULL || ui->hooks.territory != NULL);
}

/* The territory's own search, shaped like the commune_search hook. */
static int
territory_matches(const struct territory *t, const char *q,
    struct ui_commune *out, int max)
{
	const struct commune *found[MAX_MATCH];
	int n, i;

	n = territory_search(t, q, found, max < MAX_MATCH ? max : MAX_MATCH);
	if (n > max)
		n = max;
	if (n > MAX_MATCH)
		n = MAX_MATCH;
	for (i = 0; i < n; i++) {
		const struct commune *c = territory_commune_resolve(t,
		    found[i]);
		char label[72];

		territory_commune_label(t, found[i], label, sizeof label);
		snprintf(out[i].code, sizeof out[i].code, "%s", c->insee);
		snprintf(out[i].label, sizeof out[i].label, "%s%s%.30s",
		    label, found[i]->postcodes[0] ? " — " : "",
		    found[i]->postcodes);
	}
	return n;
}

static void
update_matches(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;

	iv->nmatch = 0;
	iv->matches.focus = 0;
	if (searching(ui) && iv->fld.len > 0)
		iv->nmatch = ui->hooks.commune_search != NULL ?
		    ui->hooks.commune_search(ui->hooks.ctx, iv->fld.buf,
		    iv->match, MAX_MATCH) : territory_matches(
		    ui->hooks.territory, iv->fld.buf, iv->match, MAX_MATCH);
	if (iv->nmatch < 0)
		iv->nmatch = 0;
}

/* Reset the input for the current question, refilled from `prev`. */
/*
 * The options of the question asked that its answers so far leave
 * possible (their show_if): the rows, in order. Those of an answer being
 * changed are shown whatever the show_if says.
 */
static void
offered(struct ui *ui, const struct var *v)
{
	struct ui_iv *iv = ui->iv;

	iv->omap = NULL;
	if (iv->phase != PH_MAIN || ui->it == NULL)
		return;
	iv->noidx = interview_offered(ui->it, iv->var, iv->has_prev ?
	    &iv->prev : NULL, iv->oidx, MAX_OPTS);
	if (iv->noidx >= 0)
		iv->omap = v;
}

/*
 * Every option of the question, those the answers rule out too ("+"):
 * the person's answer wins (an AF kept for a child placed by the ASE).
 * What is ticked and the option focused stay; until the next question.
 */
static void
show_all_options(struct ui *ui, const struct var *v)
{
	struct ui_iv *iv = ui->iv;
	unsigned char was[MAX_OPTS];
	int i;

	if (iv->omap != v)
		return;
	memset(was, 0, sizeof was);
	for (i = 0; i < iv->noidx; i++)
		was[iv->oidx[i]] = iv->sel[i];
	memcpy(iv->sel, was, sizeof iv->sel);
	if (iv->opts.focus >= 0 && iv->opts.focus < iv->noidx)
		iv->opts.focus = iv->oidx[iv->opts.focus];
	iv->omap = NULL;
	iv->opts.n = v->nopts;
}

/* The row of option `k` of `v` (-1: none, or not offered). */
static int
opt_row(const struct ui_iv *iv, const struct var *v, int k)
{
	int i;

	if (k < 0 || iv->omap != v)
		return k;
	for (i = 0; i < iv->noidx; i++)
		if (iv->oidx[i] == k)
			return i;
	return -1;
}

static void
reset_input(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	const struct var *v = cur_def(ui);
	char buf[64];
	int i;

	iv->opts.focus = 0;
	iv->opts.scroll = 0;
	iv->digits = 0;
	memset(iv->sel, 0, sizeof iv->sel);
	offered(ui, v);
	ui_field_set(&iv->fld, "");
	iv->err[0] = '\0';
	iv->nmatch = 0;
	if (!iv->has_prev || iv->phase == PH_FIELD)
		return;
	iv->has_prev = 0;
	switch (iv->prev.t) {
	case V_BOOL:
		iv->opts.focus = iv->prev.u.b ? 0 : 1;
		break;
	case V_STR:
		if ((i = opt_row(iv, v, var_option(v, iv->prev.u.s))) >= 0)
			iv->opts.focus = i;
		else
			ui_field_set(&iv->fld, iv->prev.u.s);
		break;
	case V_NUM:
		ui_field_set(&iv->fld, num_format(iv->prev.u.n, buf));
		break;
	case V_DATE:
		ui_field_set(&iv->fld, date_format(iv->prev.u.d, buf));
		break;
	case V_LIST:
		if (v->qt == Q_SET)
			for (i = 0; i < iv->prev.u.l.n; i++) {
				int k = iv->prev.u.l.items[i].t == V_STR ?
				    opt_row(iv, v, var_option(v,
				    iv->prev.u.l.items[i].u.s)) : -1;

				if (k >= 0 && k < MAX_OPTS)
					iv->sel[k] = 1;
			}
		else if (v->qt == Q_LIST) {
			snprintf(buf, sizeof buf, "%d", iv->prev.u.l.n);
			ui_field_set(&iv->fld, buf);
		}
		break;
	default:
		break;
	}
	update_matches(ui);	/* a commune refilled: show it found */
}

/* Move to the next field to ask in a list or record; 0 when done. */
static int
next_field(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	const struct var *q = &ui->rules->vars[iv->var];
	int list = q->qt == Q_LIST;

	for (;;) {
		iv->field++;
		if (iv->field >= q->nfields) {
			if (!list || iv->item + 1 >= iv->nitems)
				return 0;
			iv->item++;
			iv->field = 0;
		}
		if (eval_field_ask_if(ui->it->ev, &ui->it->sit, iv->var,
		    list ? iv->item : -1, iv->field, ui->it->date) == 1)
			return 1;
	}
}

/* Start asking the fields of the compound iv->var; 0 if none to ask. */
static int
start_fields(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	const struct var *q = &ui->rules->vars[iv->var];

	iv->phase = PH_FIELD;
	iv->item = q->qt == Q_LIST ? 0 : -1;
	iv->field = -1;
	if (q->qt == Q_RECORD)
		situation_record(&ui->it->sit, iv->var, -1);
	if (q->qt == Q_LIST && iv->nitems == 0)
		return 0;
	return next_field(ui);
}

/* A warning's key for iv->seen: its check, or its question. */
static int
warning_key(const struct ui *ui, const struct warning *w)
{
	return w->check >= 0 ? ui->rules->nvars + w->check : w->var;
}

/*
 * A contradiction that has just appeared: say it now in the message
 * line (the panel and the results list every one).
 */
static void
announce_warnings(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	const struct result *res = ui->it->res;
	char text[1000];
	int i, k, key, shown = 0;

	if (res == NULL)
		return;
	for (i = 0; i < res->nwarnings; i++) {
		key = warning_key(ui, &res->warnings[i]);
		for (k = 0; k < iv->nseen; k++)
			if (iv->seen[k] == key)
				break;
		if (k < iv->nseen || shown++)
			continue;
		/* TRANSLATORS: %s says which answers contradict each
		   other. */
		ui_message(ui, UI_ERROR, _("Contradiction: %s"),
		    report_warning_text(ui->rules, res, i, text,
		    sizeof text));
	}
	iv->nseen = 0;
	for (i = 0; i < res->nwarnings && iv->nseen < 32; i++)
		iv->seen[iv->nseen++] = warning_key(ui, &res->warnings[i]);
}

/*
 * At the full depth, the orientation's questions come first: once they
 * are answered, the urgencies, the plan and the rights of the reasons
 * given are settled, and the agent at a counter may stop there (issue
 * 14). Say it when it happens, unless a contradiction has the line.
 */
static void
announce_oriented(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	int now = ui->it->depth == DEPTH_FULL && interview_oriented(ui->it);

	if (now && !iv->oriented && ui->msg[0] == '\0')
		/* TRANSLATORS: the message line, once the orientation's
		   questions are answered at the full depth. F8 and ^F are
		   key names. */
		ui_message(ui, UI_INFO, _("Orientation done, plan settled: "
		    "F8 or ^F for the results, or go on."));
	iv->oriented = now;
}

static void	finish_compound(struct ui *);

/* Ask the next question, or go to the results when none is left. */
static void
next_question(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	struct interview *it = ui->it;

	iv->phase = PH_MAIN;
	if (iv->forced >= 0) {
		iv->var = iv->forced;
		iv->forced = -1;
		interview_next(it);	/* keep the panel current */
	} else {
		iv->has_prev = 0;
		iv->var = interview_next(it);
	}
	announce_warnings(ui);
	if (iv->var < 0) {
		ui_push(ui, ui->result_screen);
		return;
	}
	announce_oriented(ui);
	if (it->rules->vars[iv->var].qt == Q_LIST)
		iv->phase = PH_COUNT;
	else if (it->rules->vars[iv->var].qt == Q_RECORD &&
	    !start_fields(ui)) {
		finish_compound(ui);	/* no field to ask: complete */
		return;
	}
	reset_input(ui);
}

/* The compound question is complete (or abandoned): record it. */
static void
finish_compound(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;

	iv->keeping = -1;
	interview_answered(ui->it, iv->var);
	ui_saved(ui, iv->var);
	next_question(ui);
}

static void
answered(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;

	if (iv->phase == PH_FIELD) {
		iv->err[0] = '\0';
		if (next_field(ui)) {
			reset_input(ui);
			interview_next(ui->it);
			return;
		}
		finish_compound(ui);
		return;
	}
	ui_saved(ui, iv->var);
	next_question(ui);
}

/* Hand `text` to the engine for the current question or field. */
static void
submit_text(struct ui *ui, const char *text)
{
	struct ui_iv *iv = ui->iv;
	struct error err;
	int rc;

	memset(&err, 0, sizeof err);
	if (iv->phase == PH_FIELD)
		rc = situation_parse_field(&ui->it->sit, iv->var, iv->item,
		    iv->field, text, &err);
	else
		rc = interview_answer(ui->it, iv->var, text, &err);
	if (rc == -1) {
		snprintf(iv->err, sizeof iv->err, "%s", err.msg);
		return;
	}
	answered(ui);
}

static void
submit_count(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	char *end;
	long n = strtol(iv->fld.buf, &end, 10);

	while (*end == ' ')
		end++;
	if (iv->fld.len == 0 || *end != '\0' || n < 0 || n > MAX_ITEMS) {
		snprintf(iv->err, sizeof iv->err, _("a number from 0 to %d is "
		    "expected"), MAX_ITEMS);
		return;
	}
	iv->nitems = (int)n;
	situation_list_resize(&ui->it->sit, iv->var, iv->nitems);
	if (!start_fields(ui)) {
		finish_compound(ui);
		return;
	}
	reset_input(ui);
}

static void
submit(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	const struct var *v = cur_def(ui);
	char text[400];
	int i, n = 0;

	if (iv->phase == PH_COUNT) {
		submit_count(ui);
		return;
	}
	switch (v->qt) {
	case Q_BOOL:
		submit_text(ui, iv->opts.focus == 0 ? "oui" : "non");
		return;
	case Q_ENUM:
		snprintf(text, sizeof text, "%d", opt_real(iv, v,
		    iv->opts.focus) + 1);
		submit_text(ui, text);
		return;
	case Q_SET:
		text[0] = '\0';
		for (i = 0; i < nopts(iv, v); i++)
			if (iv->sel[i])
				n += snprintf(text + n, sizeof text - (size_t)n,
				    "%s%d", n ? "," : "", opt_real(iv, v, i) + 1);
		if (n == 0) {
			/* Nothing checked: the empty set, a real answer. */
			struct value none = { .t = V_LIST };

			if (iv->phase == PH_FIELD) {
				situation_record(&ui->it->sit, iv->var,
				    iv->item)->f[iv->field] = none;
			} else {
				ui->it->sit.vals[iv->var] = none;
				interview_answered(ui->it, iv->var);
			}
			answered(ui);
			return;
		}
		submit_text(ui, text);
		return;
	default:
		break;
	}
	if (searching(ui) && iv->nmatch > 0) {
		submit_text(ui, iv->match[iv->matches.focus].code);
		return;
	}
	if (searching(ui) && iv->fld.len > 0) {
		/* Not in the territory: refused, as in plain mode. */
		/* TRANSLATORS: %s is what the agent typed. */
		snprintf(iv->err, sizeof iv->err, _("no commune found for "
		    "\"%s\": type its name, its postal code or its INSEE "
		    "code"), iv->fld.buf);
		return;
	}
	if (iv->fld.len == 0) {
		snprintf(iv->err, sizeof iv->err, "%s", _("type an answer, or "
		    "F5 (^N) if the person does not know"));
		return;
	}
	submit_text(ui, iv->fld.buf);
}

static void
dont_know(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;

	switch (iv->phase) {
	case PH_FIELD:	/* the field stays unknown */
		answered(ui);
		return;
	case PH_COUNT:
	case PH_MAIN:
		interview_dont_know(ui->it, iv->var);
		ui_saved(ui, iv->var);
		next_question(ui);
		return;
	}
}

/* Forget a list or record being filled in (it was not recorded yet). */
static void
abandon_compound(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;

	if (iv->var >= 0 && iv->phase != PH_MAIN) {
		if (iv->keeping != iv->var)
			situation_unset(&ui->it->sit, iv->var);
		iv->phase = PH_MAIN;
	}
	iv->keeping = -1;
}

/*
 * Forget the answer to `var` and ask it next, refilled with its previous
 * value (back and edit). The other answers stay.
 */
static void
reask(struct ui *ui, int var, int back)
{
	struct ui_iv *iv = ui->iv;
	const struct var *q = &ui->rules->vars[var];
	/* An edited list or record keeps its items until the new count
	 * is given (leaving the edit keeps them); they are refilled. */
	int keep = !back && (q->qt == Q_LIST || q->qt == Q_RECORD) &&
	    ui->it->sit.answered[var] && ui->it->sit.vals[var].t != V_UNKNOWN;

	abandon_compound(ui);
	iv->prev = ui->it->sit.vals[var];
	iv->has_prev = 1;
	if (back)
		interview_back(ui->it);
	else if (!keep)
		interview_edit(ui->it, var);
	if (!keep)
		ui_saved(ui, var);
	iv->keeping = keep ? var : -1;
	iv->forced = var;
	iv->phase = PH_MAIN;
	/* From the review or the results above: close them. */
	if (ui_pop_to(ui, &ui_interview_screen))
		next_question(ui);
	else
		ui_switch(ui, &ui_interview_screen);
}

/* Ask the previous question again. */
static void
ask_previous(struct ui *ui)
{
	struct ui_iv *iv = ui->iv;
	struct interview *it = ui->it;

	if (it == NULL)
		return;
	abandon_compound(ui);
	if (it->nhistory == 0) {
		ui_message(ui, UI_INFO, "%s", _("This is the first question."));
		if (iv->var >= 0)
			reset_input(ui);
		return;
	}
	reask(ui, it->history[it->nhistory - 1], 1);
}

void
ui_interview_edit(struct ui *ui, int var)
{
	if (ui->it != NULL)
		reask(ui, var, 0);
}

static void
interview_enter(struct ui *ui)
{
	struct ui_iv *iv;

	if (ui->it == NULL)
		ui_interview_start(ui, NULL);
	iv = ui->iv;
	/* A list or record half filled in: carry on where it was. */
	if (iv->var >= 0 && iv->phase != PH_MAIN && iv->forced < 0 &&
	    !ui->it->sit.answered[iv->var])
		return;
	/* Otherwise ask what is next (the engine knows). */
	next_question(ui);
}

int
ui_interview_asking(const struct ui *ui, int *item, int *field)
{
	struct ui_iv *iv = ui->iv;

	*item = *field = -1;
	if (ui_top(ui) != &ui_interview_screen || iv == NULL ||
	    iv->var < 0 || ui->it == NULL)
		return -1;
	if (iv->phase == PH_FIELD) {
		*item = iv->item;
		*field = iv->field;
	}
	return iv->var;
}

int
ui_interview_option(const struct ui *ui, int row)
{
	const struct ui_iv *iv = ui->iv;
	const struct var *v;

	if (iv == NULL || iv->var < 0)
		return -1;
	v = cur_def(ui);
	return row < 0 || row >= nopts(iv, v) ? -1 : opt_real(iv, v, row);
}

void
ui_interview_forget(struct ui *ui)
{
	free(ui->iv);
	ui->iv = NULL;
}

void
ui_interview_start(struct ui *ui, struct interview *it)
{
	interview_free(ui->it);
	ui_interview_forget(ui);
	ui->iv = xcalloc(1, sizeof *ui->iv);
	ui->iv->var = -1;
	ui->iv->forced = -1;
	ui->iv->keeping = -1;
	ui->stop_screen = &ui_review_screen;
	ui->it = it != NULL ? it : interview_new(ui->rules, ui->date);
	/* The same question choice as plain mode and replay (the engine's
	   order), to the depth the program was started with. */
	ui->it->depth = ui->hooks.depth == 1 ? DEPTH_ORIENTATION : DEPTH_FULL;
	if (ui->hooks.territory != NULL)
		eval_set_territory(ui->it->ev, ui->hooks.territory);
	ui->discreet_used = 0;
	if (it == NULL && ui->hooks.interview_started != NULL) {
		ui->hooks.interview_started(ui->hooks.ctx, ui->it);
		ui_store_check(ui);
	}
	interview_next(ui->it);
}

void
ui_saved(struct ui *ui, int var)
{
	if (ui->hooks.answer_saved != NULL && ui->it != NULL) {
		ui->hooks.answer_saved(ui->hooks.ctx, ui->it, var);
		ui_store_check(ui);
	}
}

/* Option k (from 0) chosen: focus it; check it (set) or answer. */
static void
option_apply(struct ui *ui, const struct var *v, int k)
{
	struct ui_iv *iv = ui->iv;

	iv->opts.focus = k;
	if (v->qt == Q_SET)
		iv->sel[k] = !iv->sel[k];
	else
		submit(ui);	/* one key answers a single choice */
}

/*
 * Keys on a list of options. A digit chooses the option with that
 * number; in a list of ten options or more, a digit that can start a
 * longer number ("1" of "12") waits for the next key: a second digit
 * makes the number, any other key takes the first alone. In a
 * multiple choice, 0 unchecks everything (none); to a yes/no question,
 * 0 answers no, as in plain mode (situation.c's no_words): typed there
 * out of the habit of "0: none", it never leaves Enter to take "yes".
 */
static void
option_key(struct ui *ui, const struct var *v, int action, wint_t ch)
{
	struct ui_iv *iv = ui->iv;
	int n = nopts(iv, v), d = ch >= '0' && ch <= '9' ? (int)ch - '0' : -1;
	int pending = iv->digits;

	iv->digits = 0;
	if (pending > 0) {
		if (d >= 0 && pending * 10 + d <= n) {
			option_apply(ui, v, pending * 10 + d - 1);
			return;
		}
		if (v->qt == Q_SET)
			iv->sel[pending - 1] = !iv->sel[pending - 1];
		if (action == IV_TOGGLE && d < 0)
			return;	/* Space ended the number */
		if (action == IV_ENTER) {
			submit(ui);
			return;
		}
	}
	if (d == 0 && v->qt == Q_SET) {
		memset(iv->sel, 0, sizeof iv->sel);
		return;
	}
	if (d == 0 && v->qt == Q_BOOL) {
		option_apply(ui, v, 1);	/* non, no */
		return;
	}
	if (d > 0 && d <= n) {
		if (d * 10 <= n) {
			iv->digits = d;	/* wait: "1" may start "12" */
			iv->opts.focus = d - 1;
		} else {
			option_apply(ui, v, d - 1);
		}
		return;
	}
	iv->opts.n = n;
	if (action == IV_UP || action == IV_DOWN)
		ui_list_move(&iv->opts, action == IV_UP ? UI_LIST_UP :
		    UI_LIST_DOWN, 1);
	else if (action == IV_TOGGLE && v->qt == Q_SET)
		iv->sel[iv->opts.focus] = !iv->sel[iv->opts.focus];
	else if (v->qt == Q_BOOL && (ch == 'o' || ch == 'O' || ch == 'y' ||
	    ch == 'Y'))
		option_apply(ui, v, 0);	/* oui, yes */
	else if (v->qt == Q_BOOL && (ch == 'n' || ch == 'N'))
		option_apply(ui, v, 1);
}

static void
interview_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct ui_iv *iv = ui->iv;
	const struct var *v;

	if (iv->var < 0)
		return;
	v = cur_def(ui);
	if (!fkey && ch == '\n')
		action = IV_ENTER;
	if (iv->digits > 0 && !is_text(ui)) {	/* a number being typed */
		if ((!fkey && ch >= '0' && ch <= '9') || action == IV_ENTER ||
		    action == IV_TOGGLE) {
			option_key(ui, v, action, ch);
			return;
		}
		if (v->qt == Q_SET)	/* any other key takes it alone */
			iv->sel[iv->digits - 1] = !iv->sel[iv->digits - 1];
		iv->digits = 0;
	}
	switch (action) {
	case IV_ENTER:
		submit(ui);
		return;
	case IV_DONT_KNOW:
		dont_know(ui);
		return;
	case IV_BACK:
		ask_previous(ui);
		return;
	case IV_EXPLAIN:
		iv->explain = !iv->explain;
		return;
	case IV_REVIEW:
		ui_push(ui, &ui_review_screen);
		return;
	case IV_PANEL:
		if (COLS >= 110)
			ui->panel = ui->panel == -1 ? 0 : -1;
		else
			ui->panel = ui->panel == 1 ? 0 : 1;
		return;
	case IV_FINISH:
		/* A list whose count was not given is left unanswered (an
		   edited one keeps its items): "don't know" would let its
		   rights to check into the plan (eval.c). */
		if (iv->phase == PH_COUNT)
			abandon_compound(ui);
		else if (iv->phase != PH_MAIN)
			finish_compound(ui);	/* keep what was given */
		if (ui_top(ui) == &ui_interview_screen)
			ui_push(ui, ui->result_screen);
		return;
	case IV_HOME:
		ui_switch(ui, &ui_home_screen);
		return;
	case IV_ESC:
		if (iv->explain)
			iv->explain = 0;
		else if (iv->fld.len > 0 || iv->err[0] != '\0') {
			ui_field_set(&iv->fld, "");
			iv->err[0] = '\0';
			update_matches(ui);
		} else
			ui_switch(ui, &ui_home_screen);
		return;
	}
	if (!fkey && (ch == 'q' || ch == 'Q') && !is_text(ui)) {
		ui_switch(ui, &ui_home_screen);	/* as F10 */
		return;
	}
	if (!fkey && ch == '+' && !is_text(ui)) {
		show_all_options(ui, v);
		return;
	}
	if (is_text(ui)) {
		if (searching(ui) && iv->nmatch > 0 && (action == IV_UP ||
		    action == IV_DOWN)) {
			iv->matches.n = iv->nmatch;
			ui_list_move(&iv->matches, action == IV_UP ?
			    UI_LIST_UP : UI_LIST_DOWN, 1);
			return;
		}
		if (ui_field_key(&iv->fld, ch, fkey)) {
			iv->err[0] = '\0';
			update_matches(ui);
		}
		return;
	}
	option_key(ui, v, action, ch);
}

/* --- drawing ------------------------------------------------------------ */

static const char *
type_hint(const struct ui *ui, const struct var *v, char *buf, size_t size)
{
	struct ui_iv *iv = ui->iv;

	if (iv->phase == PH_COUNT)
		return _("Number (0 if none)");
	switch (v->qt) {
	case Q_INT:
	case Q_MONEY:
	case Q_DATE:
		return interview_type_hint(v, buf, size);
	case Q_COMMUNE:
		return searching(ui) ? _("Name or postcode; ↑↓ then Enter") :
		    _("INSEE code of the commune (5 characters, e.g. 32013)");
	case Q_DEPARTMENT:
		return _("Department code (32, 2A, 971…)");
	default:
		return _("Text");
	}
}

static int
panel_shown(const struct ui *ui)
{
	if (COLS >= 110)
		return ui->panel != -1;
	return ui->panel == 1;
}

/*
 * "Question N · about M to go". At the full depth, whether the questions
 * left are the orientation's (M: those, asked first) or the full
 * check's; without the estimate when a confidential question's notice
 * would not fit after it.
 */
static void
progress_line(struct ui *ui, const struct var *q, int w, char *line,
    size_t size)
{
	const struct interview *it = ui->it;
	int step = it->nhistory + 1, oriented = interview_oriented(it);

	if (it->depth != DEPTH_FULL) {
		/* TRANSLATORS: the number of this question, and an estimate
		   of the questions still to ask. */
		snprintf(line, size, _("Question %d · about %d to go"), step,
		    interview_remaining(it));
		return;
	}
	if (!oriented)
		/* TRANSLATORS: the number of this question, and an
		   estimate of the orientation's questions still to ask
		   (the full check's come after them). */
		snprintf(line, size, _("Question %d · orientation: about %d "
		    "to go"), step, it->norientation);
	else
		/* TRANSLATORS: the number of this question, and an
		   estimate of the full check's questions still to ask
		   (the orientation is done). */
		snprintf(line, size, _("Question %d · full check: about %d "
		    "to go"), step, interview_remaining(it));
	if (!q->sensitive || ui_width(line) +
	    ui_width(_(" · confidential: never saved")) <= w)
		return;
	if (!oriented)
		/* TRANSLATORS: as "Question %d · orientation: about %d to
		   go", when the line is too short for the estimate. */
		snprintf(line, size, _("Question %d · orientation"), step);
	else
		/* TRANSLATORS: as "Question %d · full check: about %d to
		   go", when the line is too short for the estimate. */
		snprintf(line, size, _("Question %d · full check"), step);
}

/* An option's number and check box ("› [x]  6. "), into `buf`; its
   width. */
static int
option_prefix(const struct var *v, int i, int n, int focus, int checked,
    char *buf, size_t size)
{
	if (v->qt == Q_SET)
		snprintf(buf, size, "%s [%s] %2d. ", focus ? "›" : " ",
		    checked ? "x" : " ", i + 1);
	else
		snprintf(buf, size, "%s %*d. ", focus ? "›" : " ",
		    n >= 10 ? 2 : 1, i + 1);
	return ui_width(buf);
}

#define OPT_MAX_ROWS	3	/* a focused option wraps on at most */

static void
opt_count(void *ctx, const char *s, int nbytes)
{
	(void)ctx;
	(void)s;
	(void)nbytes;
}

/* The rows option `i` takes when focused, in `w` columns (1 to
   OPT_MAX_ROWS). */
static int
option_rows(const struct ui_iv *iv, const struct var *v, int i, int n,
    int w)
{
	char buf[32];
	int pw = option_prefix(v, i, n, 1, 0, buf, sizeof buf), k;

	if (ui_width(opt_label(iv, v, i)) <= w - pw || w - pw < 10)
		return 1;
	k = ui_wrap(opt_label(iv, v, i), w - pw, opt_count, NULL);
	return k < 1 ? 1 : k > OPT_MAX_ROWS ? OPT_MAX_ROWS : k;
}

/* The rows the agent's help takes under the options (F2): a blank row,
   its title and text, what the answer can still change and the options
   left out, each with its title. */
static int
explain_rows(struct ui *ui, const struct var *q, const struct var *v, int w)
{
	struct ui_iv *iv = ui->iv;
	const char *help = v->help != NULL ? v->help : q->help;
	char buf[400];
	int k;

	k = 2 + ui_wrap(help != NULL ? help : _("No help for this question."),
	    w - 2, opt_count, NULL);
	if (interview_why(ui->it, iv->var, buf, sizeof buf)[0] != '\0')
		k += 1 + ui_wrap(buf, w - 2, opt_count, NULL);
	if (iv->omap == v && interview_left_out(ui->it, iv->var, iv->oidx,
	    iv->noidx, buf, sizeof buf)[0] != '\0')
		k += 1 + ui_wrap(buf, w - 2, opt_count, NULL);
	return k;
}

static void
interview_draw(struct ui *ui, int top, int bottom)
{
	struct ui_iv *iv = ui->iv;
	const struct var *q, *v;
	char line[600];
	int y = top, w = COLS - 4, x = 2, n, i, rows, left;

	if (iv->var < 0)
		return;
	q = &ui->rules->vars[iv->var];
	v = cur_def(ui);
	if (panel_shown(ui)) {
		if (COLS >= 110) {
			int pw = COLS / 3 < 44 ? COLS / 3 : 44;

			ui_draw_panel(ui, top, bottom, COLS - pw, pw);
			w = COLS - pw - 4;
		} else {
			ui_draw_panel(ui, top, bottom, 0, COLS);
			ui->cur_y = top;
			ui->cur_x = 1;
			return;
		}
	}
	progress_line(ui, q, w, line, sizeof line);
	if (q->sensitive)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%s", _(" · confidential: never saved"));
	else if (q->group != NULL && ui_width(line) + ui_width(q->group) + 5 <
	    w)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    " · %s", q->group);
	ui_put(ui, y++, x, w, UI_DIM, line);
	y++;
	if (iv->phase == PH_FIELD && iv->item >= 0)
		/* TRANSLATORS: a list question ("Children"), the number of
		   the item, and the field asked ("Age"). */
		snprintf(line, sizeof line, _("%s — no. %d: %s"),
		    interview_text(ui->it, q), iv->item + 1, v->text != NULL ?
		    v->text : v->id);
	else if (iv->phase == PH_FIELD)
		/* TRANSLATORS: a question about a record ("Your partner")
		   and the field asked ("Age"). */
		snprintf(line, sizeof line, _("%s: %s"), interview_text(ui->it,
		    q), v->text != NULL ? v->text : v->id);
	else
		snprintf(line, sizeof line, "%s", interview_text(ui->it, q));
	y = ui_put_wrapped(ui, y, x, w, bottom, UI_HEADING, line);
	if (iv->phase == PH_COUNT)
		y = ui_put_wrapped(ui, y, x, w, bottom, UI_NORMAL,
		    _("How many?"));
	y++;
	n = is_text(ui) ? 0 : nopts(iv, v);
	/* Room for options: keep the error, the help (all of it when the
	 * screen has room), the markers and the key hint visible; the
	 * focused option, when too long for its row, is wrapped (nothing of
	 * it cut) and takes more rows. */
	left = iv->omap == v && n > 0 ? v->nopts - iv->noidx : 0;
	rows = bottom - y - (iv->err[0] ? 1 : 0) - (iv->explain ?
	    explain_rows(ui, q, v, w) : 0) - 1 - (left > 0);
	if (n > 0 && iv->opts.focus >= 0 && iv->opts.focus < n)
		rows -= option_rows(iv, v, iv->opts.focus, n, w) - 1;
	if (n > rows)
		rows--;		/* the "more" marker */
	if (rows < 3)
		rows = 3;
	iv->opts.n = n;
	ui_list_view(&iv->opts, rows);
	if (n > 0 && iv->opts.scroll > 0 && --rows > 0 &&
	    iv->opts.focus >= iv->opts.scroll + rows)
		iv->opts.scroll++;	/* the marker above takes a row */
	if (n > 0 && iv->opts.scroll > 0 && y < bottom) {
		/* TRANSLATORS: above a list of options scrolled down: how
		   many are above. */
		snprintf(line, sizeof line, Q_("▲ %d more above (↑)",
		    "▲ %d more above (↑)", iv->opts.scroll), iv->opts.scroll);
		ui_put(ui, y++, x + 2, w - 2, UI_DIM, line);
	}
	for (i = iv->opts.scroll; i < n && i < iv->opts.scroll + rows &&
	    y < bottom; i++, y++) {
		int focus = i == iv->opts.focus;
		int pw = option_prefix(v, i, n, focus, iv->sel[i], line,
		    sizeof line);

		if (focus && option_rows(iv, v, i, n, w) > 1) {
			int k, nl = option_rows(iv, v, i, n, w);

			for (k = 0; k < nl && y + k < bottom; k++)
				ui_fill(ui, y + k, x, w, UI_FOCUS);
			ui_put(ui, y, x, pw, UI_FOCUS, line);
			ui->cur_y = y;
			ui->cur_x = x + 2;
			(void)ui_put_wrapped(ui, y, x + pw, w - pw, y + nl <
			    bottom ? y + nl : bottom, UI_FOCUS,
			    opt_label(iv, v, i));
			y += nl - 1;
			continue;
		}
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s",
		    opt_label(iv, v, i));
		if (focus)
			ui_fill(ui, y, x, w, UI_FOCUS);
		ui_put(ui, y, x, w, focus ? UI_FOCUS : UI_NORMAL, line);
		if (focus) {
			ui->cur_y = y;
			ui->cur_x = x + 2;
		}
	}
	if (n > 0 && i < n && y < bottom) {
		/* TRANSLATORS: below a list of options cut by the screen:
		   how many more there are. */
		snprintf(line, sizeof line, Q_("▼ %d more below (↓ or its "
		    "number)", "▼ %d more below (↓ or their numbers)",
		    n - i), n - i);
		ui_put(ui, y++, x + 2, w - 2, UI_DIM, line);
	}
	if (left > 0 && y < bottom) {
		/* TRANSLATORS: under the options of a question: how many
		   of its options the answers given rule out (not shown). */
		snprintf(line, sizeof line, Q_("%d option not offered: the "
		    "answers rule it out (+ shows it)", "%d options not "
		    "offered: the answers rule them out (+ shows them)", left),
		    left);
		ui_put(ui, y++, x + 2, w - 2, UI_DIM, line);
	}
	if (n > 0 && y < bottom) {
		char typed[80] = "";

		if (iv->digits > 0)
			/* TRANSLATORS: an option number being typed ("1…"
			   may become "12"). */
			snprintf(typed, sizeof typed, _("Number %d… · "),
			    iv->digits);
		snprintf(line, sizeof line, "%s%s", typed, v->qt == Q_SET ?
		    _("Space or number: check · 0: none · Enter: confirm") :
		    v->qt == Q_BOOL ?
		    /* TRANSLATORS: for a yes/no question: the keys o and y
		       both answer yes and n answers no, whatever the
		       language; show the letters of your language. */
		    _("y / n, 1 / 2, or ↑↓ then Enter") :
		    _("Number, or ↑↓ then Enter"));
		ui_put(ui, y++, x, w, UI_DIM, line);
	}
	if (n == 0) {
		int fw = w - 12 < 40 ? w - 12 : 40;
		char hint[120];

		/* TRANSLATORS: before the answer field; at most 10
		   columns. */
		ui_put(ui, y, x, 10, UI_NORMAL, _("Answer:"));
		ui_put(ui, y + 1, x + 11, w - 11, UI_DIM, type_hint(ui, v,
		    hint, sizeof hint));
		ui_field_draw(ui, &iv->fld, y, x + 11, fw);
		y += 2;
		for (i = 0; i < iv->nmatch && y < bottom; i++, y++) {
			snprintf(line, sizeof line, "%s %s  %s", i ==
			    iv->matches.focus ? "›" : " ", iv->match[i].code,
			    iv->match[i].label);
			ui_put(ui, y, x + 11, w - 11, i == iv->matches.focus ?
			    UI_FOCUS : UI_NORMAL, line);
		}
		if (searching(ui) && iv->fld.len > 0 && iv->nmatch == 0 &&
		    y < bottom)
			ui_put(ui, y++, x + 11, w - 11, UI_DIM,
			    _("No commune found"));
	}
	if (iv->err[0] != '\0' && y < bottom) {
		snprintf(line, sizeof line, "! %s", iv->err);
		y = ui_put_wrapped(ui, y, x, w, bottom, UI_ERROR, line);
	}
	if (iv->explain && y + 1 < bottom) {
		const char *help = v->help != NULL ? v->help : q->help;

		char why[400];

		y++;
		ui_put(ui, y++, x, w, UI_INFO, _("Help for the agent:"));
		y = ui_put_wrapped(ui, y, x + 2, w - 2, bottom, UI_NORMAL,
		    help != NULL ? help : _("No help for this question."));
		interview_why(ui->it, iv->var, why, sizeof why);
		if (why[0] != '\0' && y + 1 < bottom) {
			/* TRANSLATORS: followed by scheme names, "an
			   urgency" or "where to send the person". */
			ui_put(ui, y++, x, w, UI_INFO,
			    _("The answer can still change:"));
			y = ui_put_wrapped(ui, y, x + 2, w - 2, bottom,
			    UI_NORMAL, why);
		}
		if (iv->omap == v && y + 1 < bottom &&
		    interview_left_out(ui->it, iv->var, iv->oidx, iv->noidx,
		    why, sizeof why)[0] != '\0') {
			/* TRANSLATORS: followed by the labels of the
			   options not shown. */
			ui_put(ui, y++, x, w, UI_INFO,
			    _("Not offered (the answers rule them out):"));
			ui_put_wrapped(ui, y, x + 2, w - 2, bottom,
			    UI_NORMAL, why);
		}
	}
}

static void
interview_leave(struct ui *ui)
{
	(void)ui;
}

/*
 * Shown again when the screen above closes. From the results (opened
 * over this screen when nothing is left to ask, or on Finish): back to
 * the last question, on to the questions of the full check, or a new
 * interview.
 */
static void
interview_resume(struct ui *ui, enum ui_outcome why)
{
	switch (why) {
	case UI_OUT_CLOSE:
		break;
	case UI_OUT_BACK:
		ask_previous(ui);
		break;
	case UI_OUT_NEW:
		ui_interview_start(ui, NULL);
		interview_enter(ui);
		break;
	case UI_OUT_MORE:
		interview_enter(ui);
		break;
	}
}

const struct ui_screen ui_interview_screen = {
	N_("Interview"), interview_enter, interview_leave, interview_draw,
	interview_key, UI_KEYS(interview_keys), 1,
	0,	/* its state lives with the interview: ui->iv */
	interview_resume
};
