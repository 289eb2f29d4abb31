/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_cases.c - the cases screen (SPEC §8): the agent's cases, newest
 * first (number, date, status, answers), or every agent's; Enter shows
 * the stored result of one (urgencies, likely and to-check schemes with
 * amounts, the plan); F2 saves the person's summary again from it
 * (render/reprint.h: a person who lost the sheet), F8 erases one of the
 * agent's own cases at the person's request, once its number is typed
 * again (as `aiguillage cases erase`). Nothing else is changed here.
 *
 * Privacy: opening a case taken by another agent is logged with
 * store_log_read() before it is shown; a read that cannot be logged is
 * not shown (as `aiguillage cases show`). Answers are not displayed: the
 * summary is what the agent needs to follow a person up.
 */
#include "ui_screens_extra.h"
#include "ui_screen.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "reprint.h"
#include "rules.h"
#include "store.h"

/* CS_UP..CS_END in the order of enum ui_list_move (cases_key). */
enum {
	CS_UP = 1, CS_DOWN, CS_PGUP, CS_PGDN, CS_TOP, CS_END, CS_OPEN,
	CS_BACK, CS_ALL, CS_REFRESH, CS_SAVE, CS_ERASE
};

/* What the field at the bottom asks for. */
enum { ASK_NONE, ASK_REPRINT, ASK_ERASE };
_Static_assert(CS_END - CS_UP == UI_LIST_END - UI_LIST_UP &&
    CS_TOP - CS_UP == UI_LIST_HOME, "the moves of the cases list");

static const struct ui_key cases_keys[] = {
	{ CS_OPEN, KEY_ENTER, '\r', "Enter", N_("Open"),
	    N_("Show the stored result of the selected case") },
	/* Rare: in the help only, the hint line keeps F10. */
	{ CS_ERASE, KEY_F(8), 'e', "F8 e", NULL,
	    N_("Erase one of your cases for good, at the person's request: "
	    "its number is asked again to confirm (an administrator erases "
	    "the others' with aiguillage cases erase)") },
	{ CS_ALL, KEY_F(4), 't', "F4 t", N_("All agents"),
	    N_("Show every agent's cases, or only yours (reading another "
	    "agent's case is logged)") },
	{ CS_REFRESH, KEY_F(5), 'r', "F5 r", N_("Refresh"),
	    N_("Read the list again from the database") },
	{ CS_BACK, KEY_F(10), 'q', "F10 q ^Q Esc", N_("Back"),
	    N_("Close the case, or go back to the home screen") },
	/* TRANSLATORS: a hint: save the person's summary again. After
	   Back, which the hint line keeps at 80 columns. */
	{ CS_SAVE, KEY_F(2), UI_CTRL('S'), "F2 ^S", N_("Reprint"),
	    N_("Save the person's summary again, from the case selected or "
	    "open (what depends on a confidential answer, never stored, is "
	    "left out, and the sheet says so)") },
	{ CS_BACK, 0, UI_CTRL('Q'), "^Q", NULL, NULL },
	{ CS_BACK, 0, 27, "Esc", NULL, NULL },
	{ CS_UP, KEY_UP, 'k', "↑ k", NULL, N_("Previous case, or scroll "
	    "up") },
	{ CS_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Next case, or scroll "
	    "down") },
	{ CS_PGUP, KEY_PPAGE, 'b', "PgUp b", NULL, N_("Previous page") },
	{ CS_PGDN, KEY_NPAGE, ' ', "PgDn Space", NULL, N_("Next page") },
	{ CS_TOP, KEY_HOME, 'g', "Home g", NULL, N_("Go to the top") },
	{ CS_END, KEY_END, 'G', "End G", NULL, N_("Go to the end") },
};

/* The screen's own state (ui_state). */
struct cases_state {
	struct store_case	*cs;
	int			 n;
	struct ui_list		 list;		/* the cases */
	int			 list_rows;
	int			 all;		/* every agent's cases */
	int			 open;		/* a case is shown */
	int64_t			 open_id;	/* ... that one */
	int			 ask;		/* ASK_*: the field shown */
	int64_t			 ask_id;	/* ... for that case */
	struct ui_field		 fld;
	char			 error[300];	/* the list could not be read */
	struct ui_text		 text;
};

static const char *
when(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		snprintf(buf, size, "?");
	else
		/* TRANSLATORS: strftime format of a case's date and time. */
		strftime(buf, size, _("%d/%m/%Y %H:%M"), &tm);
	return buf;
}

static void
load(struct cases_state *cases)
{
	struct store *st = ui_extra()->store;
	struct store_filter f = { NULL, 0, -1, -1 };
	struct error err;

	store_cases_free(cases->cs, cases->n);
	cases->cs = NULL;
	cases->n = 0;
	cases->error[0] = '\0';
	if (st == NULL)
		return;
	if (!cases->all)
		f.agent = store_agent();
	memset(&err, 0, sizeof err);
	if (store_case_list(st, &f, &cases->cs, &cases->n, &err) == -1) {
		error_format(&err, cases->error, sizeof cases->error);
		cases->cs = NULL;
		cases->n = 0;
	}
	if (cases->list.focus >= cases->n)
		cases->list.focus = cases->n > 0 ? cases->n - 1 : 0;
}

static void
cases_enter(struct ui *ui)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);

	(void)ui;
	cases->list.focus = cases->list.scroll = 0;
	cases->open = 0;
	load(cases);
}

static void
cases_leave(struct ui *ui)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);

	(void)ui;
	store_cases_free(cases->cs, cases->n);
	cases->cs = NULL;
	cases->n = 0;
	ui_text_clear(&cases->text);
	cases->open = 0;
}

static const char *
verdict_word(const char *v)
{
	if (strcmp(v, "likely") == 0)
		return _("Likely");
	if (strcmp(v, "to_check") == 0)
		return _("To check");
	return v;
}

/* The stored result of case `d` as paragraphs. */
static void
build(struct ui *ui, const struct store_case_data *d)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);
	const struct rules *r = ui->rules;
	struct ui_text *x = &cases->text;
	char t[64], m[40], amount[120];
	int i, k, pass, shown = 0;

	ui_text_clear(x);
	ui_text_add(x, UI_HEADING, 0, _("Case %" PRId64 " — %s"), d->c.id,
	    when(d->c.created, t, sizeof t));
	ui_text_add(x, UI_DIM, 0, _("Agent %s · site %s · channel %s · "
	    "evaluated on %s · rules %s"), d->c.agent, d->c.site[0] ?
	    d->c.site : "-", d->c.channel[0] ? d->c.channel : "-",
	    d->c.eval_date, d->c.rules_version);
	if (d->c.reference != NULL)
		ui_text_add(x, UI_DIM, 0, _("Reference: %s"), d->c.reference);
	ui_text_add(x, UI_NORMAL, 0, Q_("%d answer given", "%d answers "
	    "given", d->nanswers), d->nanswers);
	if (r->version[0] != '\0' && strcmp(r->version,
	    d->c.rules_version) != 0)
		ui_text_add(x, UI_TOCHECK, 0, "%s", _("Evaluated with another "
		    "version of the rules: this is the result as it was then"));
	if (!d->c.finished) {
		ui_text_add(x, UI_NORMAL, 0, "%s", "");
		ui_text_add(x, UI_TOCHECK, 0, "%s", _("Unfinished interview: "
		    "no result stored yet. Resume it from the home screen."));
		return;
	}
	ui_text_add(x, UI_NORMAL, 0, "%s", "");
	if (d->nurgencies > 0) {
		ui_text_add(x, UI_URGENT, 0, "%s", _("‼ Urgencies"));
		for (i = 0; i < d->nurgencies; i++) {
			const struct urgency *u = NULL;

			for (k = 0; k < r->nurgencies; k++)
				if (strcmp(r->urgencies[k].id,
				    d->urgencies[i].urgency) == 0)
					u = &r->urgencies[k];
			ui_text_add(x, UI_ERROR, 2, "‼ %s  %s",
			    d->urgencies[i].priority != NULL ?
			    d->urgencies[i].priority : "",
			    u != NULL ? i18n_rule(u->title) :
			    d->urgencies[i].urgency);
		}
		ui_text_add(x, UI_NORMAL, 0, "%s", "");
	}
	ui_text_add(x, UI_HEADING, 0, "%s", _("Likely and to-check rights"));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->nschemes; i++) {
			const struct store_scheme *s = &d->schemes[i];
			int idx = rules_scheme_index(r, s->scheme);
			const char *name = idx >= 0 ?
			    i18n_rule(r->schemes[idx].name) : s->scheme;

			if (strcmp(s->verdict, pass == 0 ? "likely" :
			    "to_check") != 0)
				continue;
			amount[0] = '\0';
			if (s->has_amount && idx >= 0 &&
			    r->schemes[idx].amount_is != AMOUNT_RECEIVED)
				format_amount(r->schemes[idx].amount_is,
				    s->amount, s->period, amount,
				    sizeof amount, 0);
			else if (s->has_amount)
				snprintf(amount, sizeof amount, _(": %s%s "
				    "(estimate)"), ui_money(s->amount, m),
				    format_period_words(s->period));
			if (s->has_amount && s->unconfirmed)
				strncat(amount, format_unconfirmed(),
				    sizeof amount - strlen(amount) - 1);
			ui_text_add(x, pass == 0 ? UI_LIKELY : UI_TOCHECK, 2,
			    "%s %s — %s%s", pass == 0 ? "✓" : "?",
			    verdict_word(s->verdict), name, amount);
			if (s->received)
				ui_text_add(x, UI_NORMAL, 6, "%s",
				    _("already received: nothing to claim"));
			else if (s->non_take_up)
				ui_text_add(x, UI_NONTAKEUP, 6, "«%s»",
				    _("non-take-up: the person does not seem "
				    "to receive it"));
			shown++;
		}
	if (shown == 0)
		ui_text_add(x, UI_DIM, 2, "%s", _("No likely or to-check "
		    "right."));
	ui_text_add(x, UI_NORMAL, 0, "%s", "");
	ui_text_add(x, UI_HEADING, 0, "%s", _("Orientation plan"));
	for (i = 0; i < d->nplan; i++) {
		const struct store_step *p = &d->plan[i];
		const struct service_kind *sk = p->service != NULL ?
		    rules_kind(r, p->service) : NULL;

		ui_text_add(x, UI_INFO, 2, "%d. %s", p->step, p->title !=
		    NULL ? i18n_rule(p->title) : sk != NULL && sk->name ?
		    i18n_rule(sk->name) : p->service ? p->service : "");
		if (p->why != NULL)
			ui_text_add(x, UI_NORMAL, 5, "%s", i18n_rule(p->why));
		if (p->assisted)
			ui_text_add(x, UI_NORMAL, 5, "%s", _("With help to "
			    "take the step"));
	}
	if (d->nplan == 0)
		ui_text_add(x, UI_DIM, 2, "%s", _("No step."));
	if (d->ndocuments > 0) {
		ui_text_add(x, UI_NORMAL, 0, "%s", "");
		ui_text_add(x, UI_HEADING, 0, "%s", _("Documents to bring"));
		for (i = 0; i < d->ndocuments; i++) {
			const struct document *doc = rules_document(r,
			    d->documents[i]);

			ui_text_add(x, UI_NORMAL, 2, "☐ %s", doc != NULL &&
			    doc->label != NULL ? i18n_rule(doc->label) :
			    d->documents[i]);
		}
	}
	if (d->nreads > 0) {
		ui_text_add(x, UI_NORMAL, 0, "%s", "");
		ui_text_add(x, UI_HEADING, 0, "%s", _("Read by"));
		for (i = 0; i < d->nreads; i++)
			ui_text_add(x, UI_DIM, 2, "%s %s (%s)",
			    when(d->reads[i].at, t, sizeof t),
			    d->reads[i].reader, d->reads[i].action);
	}
}

static void
open_case(struct ui *ui)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);
	struct store *st = ui_extra()->store;
	const struct store_case *c;
	struct store_case_data d;
	struct error err;
	char msg[300];

	if (st == NULL || cases->list.focus >= cases->n)
		return;
	c = &cases->cs[cases->list.focus];
	memset(&err, 0, sizeof err);
	/* Log first: a read that cannot be logged does not happen. */
	if (strcmp(c->agent, store_agent()) != 0 &&
	    store_log_read(st, c->id, store_agent(), &err) == -1) {
		error_format(&err, msg, sizeof msg);
		ui_message(ui, UI_ERROR, _("Cannot open case %" PRId64 ": %s"),
		    c->id, msg);
		return;
	}
	if (store_case_fetch(st, c->id, &d, &err) == -1) {
		error_format(&err, msg, sizeof msg);
		ui_message(ui, UI_ERROR, _("Cannot open case %" PRId64 ": %s"),
		    c->id, msg);
		return;
	}
	build(ui, &d);
	store_case_data_release(&d);
	cases->open = 1;
	cases->open_id = c->id;
	if (strcmp(c->agent, store_agent()) != 0)
		ui_message(ui, UI_INFO, _("Case taken by %s: this reading is "
		    "logged."), c->agent);
}

/* The summary of a reprint (ui_save_private's writer). */
static int
write_reprint(void *ctx, FILE *f)
{
	struct reprint *rp = ctx;

	return summary_text(f, rp->rules, rp->res, &rp->o);
}

/*
 * F2: the person's summary of case `id` again, to the file named. Read
 * (and logged as printed) before the file is made: a case that cannot be
 * read leaves no file.
 */
static void
save_reprint(struct ui *ui)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);
	struct reprint rp;
	struct error err;
	char msg[300];

	memset(&err, 0, sizeof err);
	if (reprint_load(&rp, ui_extra()->store, cases->ask_id, ui->rules,
	    ui_extra()->territory, &err) == -1) {
		error_format(&err, msg, sizeof msg);
		ui_message(ui, UI_ERROR, _("Cannot reprint case %" PRId64
		    ": %s"), cases->ask_id, msg);
		cases->ask = ASK_NONE;
	} else {
		rp.o.lang = i18n_lang();
		if (ui_save_private(ui, cases->fld.buf, write_reprint,
		    &rp) == 0)
			cases->ask = ASK_NONE;
	}
	reprint_release(&rp);
}

/* F2: the file name proposed, in the last directory used. */
static void
ask_reprint(struct ui *ui, int64_t id)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);
	char name[128], num[24], date[16], tag[40], path[700];

	snprintf(num, sizeof num, "%" PRId64, id);
	/* The same names as the results screen's (ui_result.c), dated
	   the day of the reprint. */
	snprintf(tag, sizeof tag, _("case-%s"), num);
	snprintf(name, sizeof name, _("summary-%s-%s.txt"),
	    date_format(date_today(), date), tag);
	if (ui->save_dir[0] != '\0')
		snprintf(path, sizeof path, "%s/%s", ui->save_dir, name);
	else
		snprintf(path, sizeof path, "%s", name);
	ui_field_set(&cases->fld, path);
	cases->ask_id = id;
	cases->ask = ASK_REPRINT;
}

/*
 * F8: erase case `id`, the agent's own (the server decides on
 * PostgreSQL, the program on SQLite: an administrator erases the others'
 * with `aiguillage cases erase`), once its number is typed again.
 */
static void
ask_erase(struct ui *ui, const struct store_case *c)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);

	if (strcmp(c->agent, store_agent()) != 0) {
		/* TRANSLATORS: the case number, then the agent's login. */
		ui_message(ui, UI_ERROR, _("Case %" PRId64 " is %s's: only an "
		    "administrator may erase it (aiguillage cases erase)."),
		    c->id, c->agent);
		return;
	}
	ui_field_set(&cases->fld, "");
	cases->ask_id = c->id;
	cases->ask = ASK_ERASE;
}

/* F8, the number typed: erase the case if it is the case's number. */
static void
do_erase(struct ui *ui)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);
	struct error err;
	char typed[32], msg[300];
	int rc;

	snprintf(typed, sizeof typed, "%" PRId64, cases->ask_id);
	cases->ask = ASK_NONE;
	if (strcmp(cases->fld.buf, typed) != 0) {
		ui_message(ui, UI_INFO, _("Not erased: the number typed is not "
		    "the case's."));
		return;
	}
	memset(&err, 0, sizeof err);
	if ((rc = store_case_erase(ui_extra()->store, cases->ask_id,
	    &err)) == -1) {
		error_format(&err, msg, sizeof msg);
		ui_message(ui, UI_ERROR, _("Cannot erase case %" PRId64 ": %s"),
		    cases->ask_id, msg);
		return;
	}
	if (cases->open) {
		cases->open = 0;
		ui_text_clear(&cases->text);
	}
	load(cases);
	if (rc == 1)
		ui_message(ui, UI_INFO, _("Case %" PRId64 " erased; another "
		    "program is reading the database: its data leaves the "
		    "write-ahead log at the next checkpoint."),
		    cases->ask_id);
	else
		ui_message(ui, UI_INFO, _("Case %" PRId64 " erased: nothing "
		    "of it is left in the database."), cases->ask_id);
}

static void
cases_draw(struct ui *ui, int top, int bottom)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);
	int w = COLS - 2, y = top, rows, i;
	char line[300], t[64];

	ui->cur_y = top;
	ui->cur_x = 1;
	if (cases->ask != ASK_NONE) {
		bottom -= 2;
		/* TRANSLATORS: before the file name field, and before the
		   field where the case number is typed again: at most 29
		   columns. */
		ui_put(ui, bottom + 1, 1, 30, UI_NORMAL, cases->ask ==
		    ASK_REPRINT ? _("Reprint to:") : _("Number to erase:"));
		ui_field_draw(ui, &cases->fld, bottom + 1, 31, COLS - 33);
		if (cases->ask == ASK_REPRINT)
			ui_put(ui, bottom, 1, COLS - 2, UI_DIM,
			    _("Enter: save · Esc: cancel"));
		else {
			/* TRANSLATORS: the case number. */
			snprintf(line, sizeof line, _("Erase case %" PRId64
			    " for good? Type its number again · Esc: cancel"),
			    cases->ask_id);
			ui_put(ui, bottom, 1, COLS - 2, UI_ERROR, line);
		}
	}
	if (cases->open) {
		ui_text_draw(ui, &cases->text, top, bottom, 1, w, 0);
		return;
	}
	if (ui_extra()->store == NULL) {
		ui_put_wrapped(ui, y + 1, 1, w, bottom, UI_INFO,
		    _("No database: cases are not saved in this session "
		    "(started with --no-save)."));
		return;
	}
	ui_put(ui, y++, 1, w, UI_HEADING, cases->all ? _("Every agent's "
	    "cases, newest first") : _("Your cases, newest first"));
	if (cases->error[0] != '\0') {
		ui_put_wrapped(ui, y + 1, 1, w, bottom, UI_ERROR, cases->error);
		return;
	}
	if (cases->n == 0) {
		ui_put_wrapped(ui, y + 1, 3, w - 2, bottom, UI_DIM,
		    cases->all ? _("No case in the database.") :
		    _("No case yet. Interviews are saved as they go."));
		return;
	}
	/* TRANSLATORS: column heads; keep the widths (8, 17, 11). */
	snprintf(line, sizeof line, "  %-8s %-17s %-11s %s", _("Case"),
	    _("Date"), _("Status"), _("Answers"));
	ui_put(ui, y++, 1, w, UI_DIM, line);
	rows = bottom - y;
	if (rows < 1)
		rows = 1;
	cases->list_rows = rows;
	cases->list.n = cases->n;
	ui_list_view(&cases->list, rows);
	for (i = cases->list.scroll; i < cases->n && i < cases->list.scroll + rows; i++) {
		const struct store_case *c = &cases->cs[i];
		int style = i == cases->list.focus ? UI_FOCUS : UI_NORMAL;
		char num[24];
		int len;

		snprintf(num, sizeof num, "%" PRId64, c->id);
		len = snprintf(line, sizeof line, "%s %-8s %-17s ",
		    i == cases->list.focus ? "›" : " ", num, when(c->created, t,
		    sizeof t));
		/* Pad by columns: translations may hold accents. */
		len += snprintf(line + len, sizeof line - (size_t)len, "%s",
		    c->finished ? _("finished") : _("unfinished"));
		for (int k = ui_width(c->finished ? _("finished") :
		    _("unfinished")); k < 12 && len < (int)sizeof line - 1;
		    k++)
			line[len++] = ' ';
		line[len] = '\0';
		snprintf(line + len, sizeof line - (size_t)len, "%3d%s%s",
		    c->nanswers, cases->all ? "  " : "", cases->all ?
		    c->agent : "");
		if (i == cases->list.focus) {
			ui_fill(ui, y, 1, w, UI_FOCUS);
			ui->cur_y = y;
		}
		ui_put(ui, y++, 1, w, style, line);
	}
	if (cases->n > rows) {
		snprintf(line, sizeof line, " %d–%d / %d ", cases->list.scroll + 1,
		    cases->list.scroll + rows < cases->n ? cases->list.scroll + rows :
		    cases->n, cases->n);
		ui_put(ui, 0, COLS - 1 - ui_width(line), ui_width(line),
		    UI_TITLE, line);
	}
}

static void
cases_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct cases_state *cases = ui_state(ui, &ui_cases_screen);
	int rows = LINES - 3, page = cases->list_rows > 1 ?
	    cases->list_rows - 1 : 1;

	if (cases->ask != ASK_NONE) {
		if ((!fkey && (ch == '\r' || ch == '\n')) || (fkey &&
		    ch == KEY_ENTER)) {
			if (cases->ask == ASK_REPRINT)
				save_reprint(ui);
			else
				do_erase(ui);
		} else if (!fkey && ch == 27)
			cases->ask = ASK_NONE;
		else
			ui_field_key(&cases->fld, ch, fkey);
		return;
	}
	if (!fkey && ch == '\n')
		action = CS_OPEN;
	if (action == CS_SAVE || action == CS_ERASE) {
		const struct store_case *c = NULL;
		int i;

		for (i = 0; i < cases->n; i++)
			if (cases->open ? cases->cs[i].id == cases->open_id :
			    i == cases->list.focus)
				c = &cases->cs[i];
		if (c == NULL || ui_extra()->store == NULL)
			return;
		if (action == CS_SAVE)
			ask_reprint(ui, c->id);
		else
			ask_erase(ui, c);
		return;
	}
	/* CS_UP..CS_END are the moves of a list, in their order: they move
	 * the open case's text or the list. */
	if (action >= CS_UP && action <= CS_END) {
		cases->list.n = cases->n;
		ui_browse_move(&cases->list, &cases->text, cases->open,
		    (enum ui_list_move)(action - CS_UP), page, rows);
	}
	if (cases->open) {
		if (action == CS_BACK || action == CS_OPEN) {
			cases->open = 0;
			ui_text_clear(&cases->text);
		}
		return;
	}
	switch (action) {
	case CS_OPEN:
		open_case(ui);
		break;
	case CS_ALL:
		cases->all = !cases->all;
		cases->list.focus = cases->list.scroll = 0;
		load(cases);
		break;
	case CS_REFRESH:
		load(cases);
		break;
	case CS_BACK:
		ui_pop(ui);
		return;
	}
	if (cases->list.focus >= cases->n)
		cases->list.focus = cases->n > 0 ? cases->n - 1 : 0;
}

const struct ui_screen ui_cases_screen = {
	N_("Cases"), cases_enter, cases_leave, cases_draw, cases_key,
	UI_KEYS(cases_keys), 0, sizeof(struct cases_state), NULL
};
