/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_review.c - the review screen: every answer in the order given, then
 * the values the answers imply, each editable (Enter asks it again on
 * the interview screen; the other answers stay).
 */
#include "ui_screen.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"

/* RV_UP..RV_PGDN in the order of enum ui_list_move (review_key). */
enum { RV_UP = 1, RV_DOWN, RV_PGUP, RV_PGDN, RV_EDIT, RV_CLOSE };
_Static_assert(RV_PGDN - RV_UP == UI_LIST_PGDN - UI_LIST_UP,
    "the moves of the review");

static const struct ui_key review_keys[] = {
	{ RV_EDIT, KEY_ENTER, '\r', N_("Enter"), N_("Edit"),
	    N_("Change the highlighted answer (the others stay)") },
	/* TRANSLATORS: key names: F10, the letter q (fixed) and Escape. */
	{ RV_CLOSE, KEY_F(10), 'q', N_("F10 q Esc"), N_("Close"),
	    N_("Go back to where you were") },
	{ RV_CLOSE, 0, 27, N_("Esc"), NULL, NULL },
	{ RV_CLOSE, 0, UI_CTRL('Q'), "^Q", NULL, NULL },
	{ RV_UP, KEY_UP, 'k', "↑ k", NULL, N_("Previous answer") },
	{ RV_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Next answer") },
	/* TRANSLATORS: the names of the Page Up and Page Down keys. */
	{ RV_PGUP, KEY_PPAGE, 0, N_("PgUp"), NULL, N_("Previous page") },
	{ RV_PGDN, KEY_NPAGE, 0, N_("PgDn"), NULL, N_("Next page") },
};

/* The review screen's own state (ui_state): the answers as a list. */
struct review_state {
	struct ui_list	list;
};

/*
 * The rows of the review: every answer in the order given, then the
 * questions the other answers settle (their implied value, "deduced"),
 * in question order: the agent may change those too. Into vars (room for
 * nvars); returns how many.
 */
static int
review_rows(const struct ui *ui, int *vars)
{
	const struct interview *it = ui->it;
	int i, n = 0;

	if (it == NULL)
		return 0;
	for (i = 0; i < it->nhistory; i++)
		vars[n++] = it->history[i];
	for (i = 0; i < ui->rules->nvars; i++)
		if (ui->rules->vars[i].ask && !it->sit.answered[i] &&
		    eval_implied(it->ev, i))
			vars[n++] = i;
	return n;
}

int
ui_review_focus(const struct ui *ui)
{
	struct review_state *rv = ui_state(ui, &ui_review_screen);
	int *vars, n, var = -1;

	if (ui_top(ui) != &ui_review_screen)
		return -1;
	vars = xcalloc((size_t)ui->rules->nvars + 1, sizeof *vars);
	n = review_rows(ui, vars);
	if (rv->list.focus < n)
		var = vars[rv->list.focus];
	free(vars);
	return var;
}

static void
review_enter(struct ui *ui)
{
	struct review_state *rv = ui_state(ui, &ui_review_screen);

	rv->list.focus = ui->it != NULL && ui->it->nhistory > 0 ?
	    ui->it->nhistory - 1 : 0;
	/* Deduced values follow the answers: they must be current. */
	if (ui->it != NULL)
		ui->it->res = eval_run(ui->it->ev, &ui->it->sit, ui->it->date);
}

/* "2: (Âge 4) (Âge 7)"-like summary of a list or record. */
static void
compound_text(const struct rules *r, const struct var *q,
    const struct value *val, char *buf, int size)
{
	const struct value *items = val;
	int n = 1, k, f, len = 0, count = -1;
	char *whole = buf;

	buf[0] = '\0';
	if (val->t == V_UNKNOWN) {
		snprintf(buf, (size_t)size, "%s", _("don't know"));
		return;
	}
	if (q->qt == Q_LIST) {
		items = val->u.l.items;
		n = count = val->u.l.n;
		if (n == 0) {
			snprintf(buf, (size_t)size, "%d", n);
			return;
		}
		/* The items first, then "count: items" around them. */
		buf = xmalloc((size_t)size);
		buf[0] = '\0';
	}
	for (k = 0; k < n && len < size - 1; k++) {
		const struct record *rec = items[k].u.r;
		int first = 1;

		if (items[k].t != V_RECORD)
			continue;
		len += snprintf(buf + len, (size_t)(size - len), "%s(",
		    k ? " " : "");
		for (f = 0; f < rec->nfields && len < size - 1; f++) {
			char v[120];

			if (rec->f[f].t == V_UNKNOWN)
				continue;
			situation_value_text(r, &q->fields[f], &rec->f[f], v,
			    sizeof v);
			len += snprintf(buf + len, (size_t)(size - len),
			    "%s%s %s", first ? "" : ", ", q->fields[f].text !=
			    NULL ? q->fields[f].text : q->fields[f].id, v);
			first = 0;
		}
		if (len < size - 1)
			len += snprintf(buf + len, (size_t)(size - len), ")");
	}
	if (count >= 0) {
		/* TRANSLATORS: the answer to a list question in the
		   review: how many, then each item in parentheses. */
		snprintf(whole, (size_t)size, _("%d: %s"), count, buf);
		free(buf);
	}
}

static void
review_draw(struct ui *ui, int top, int bottom)
{
	struct review_state *rv = ui_state(ui, &ui_review_screen);
	struct interview *it = ui->it;
	char val[400], line[800];
	int y = top, i, rows, w = COLS - 4, qw, nrows, *vars;

	ui_put(ui, y++, 2, w, UI_DIM, _("Every answer, in order. Enter "
	    "changes the chosen answer; the others stay."));
	if (it == NULL || it->nhistory == 0) {
		ui_put(ui, y + 1, 2, w, UI_DIM, _("No answer yet."));
		return;
	}
	vars = xcalloc((size_t)ui->rules->nvars + 1, sizeof *vars);
	nrows = review_rows(ui, vars);
	rows = bottom - y;
	rv->list.n = nrows;
	qw = w * 3 / 5;
	for (i = ui_list_view(&rv->list, rows); i < nrows && y < bottom;
	    i++, y++) {
		int var = vars[i];
		const struct var *q = &ui->rules->vars[var];
		int focus = i == rv->list.focus;

		/* Not asked (or "don't know"): the value the others imply. */
		if (i >= it->nhistory || eval_implied(it->ev, var)) {
			char imp[200];

			situation_value_text(ui->rules, q,
			    eval_implied_value(it->ev, var), imp,
			    sizeof imp);
			/* TRANSLATORS: %s is a value ("0 €") that the other
			 * answers imply: the question was not asked. */
			snprintf(val, sizeof val, _("%s (implied)"), imp);
		} else if (q->qt == Q_LIST || q->qt == Q_RECORD)
			compound_text(ui->rules, q, &it->sit.vals[var], val,
			    sizeof val);
		else if (it->sit.vals[var].t == V_UNKNOWN)
			snprintf(val, sizeof val, "%s", _("don't know"));
		else
			situation_value_text(ui->rules, q, &it->sit.vals[var],
			    val, sizeof val);
		/* The answer given is kept; say what the others imply. */
		if (i < it->nhistory && eval_contradicted(it->ev, var)) {
			char imp[200];
			size_t n = strlen(val);

			situation_value_text(ui->rules, q,
			    eval_implied_value(it->ev, var), imp,
			    sizeof imp);
			/* TRANSLATORS: after an answer ("800 €") that the
			   other answers contradict; %s is the value they
			   imply ("0 €"). */
			snprintf(val + n, sizeof val - n, _(" (other answers: "
			    "%s)"), imp);
		} else if (i < it->nhistory && eval_not_applicable(it->ev,
		    var)) {
			size_t n = strlen(val);

			snprintf(val + n, sizeof val - n, " (%s)",
			    _("no longer applies"));
		}
		if (i < it->nhistory)
			snprintf(line, sizeof line, "%s %2d. %s", focus ? "›" :
			    " ", i + 1, interview_text(it, q));
		else
			snprintf(line, sizeof line, "%s   · %s", focus ? "›" :
			    " ", interview_text(it, q));
		if (focus)
			ui_fill(ui, y, 2, w, UI_FOCUS);
		ui_put(ui, y, 2, qw, focus ? UI_FOCUS : UI_NORMAL, line);
		ui_put(ui, y, 2 + qw + 1, w - qw - 1, focus ? UI_FOCUS :
		    UI_INFO, val);
		if (focus) {
			ui->cur_y = y;
			ui->cur_x = 2 + qw + 1;
		}
	}
	free(vars);
}

static void
review_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct review_state *rv = ui_state(ui, &ui_review_screen);
	int *vars = xcalloc((size_t)ui->rules->nvars + 1, sizeof *vars);
	int page = LINES - 6;

	rv->list.n = review_rows(ui, vars);
	if (!fkey && ch == '\n')
		action = RV_EDIT;
	if (action >= RV_UP && action <= RV_PGDN)
		ui_list_move(&rv->list, (enum ui_list_move)(action - RV_UP),
		    page);
	switch (action) {
	case RV_CLOSE:
		ui_pop(ui);
		break;
	case RV_EDIT:
		if (rv->list.focus < rv->list.n) {
			int var = vars[rv->list.focus];

			ui_pop(ui);
			/* From the results too: the interview asks it (a
			   deduced one too: the answer given then wins). */
			ui_interview_edit(ui, var);
		}
		break;
	}
	free(vars);
}

const struct ui_screen ui_review_screen = {
	N_("Review of the answers"), review_enter, NULL, review_draw,
	review_key, UI_KEYS(review_keys), 1, sizeof(struct review_state), NULL
};
