/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_home.c - the home screen: start or continue an interview, resume an
 * unfinished one (store hook), the directory, cases and statistics
 * screens (hooks), quit.
 */
#include "ui_screen.h"

#include <string.h>

#include "rules.h"

enum {
	HOME_NEW = 1, HOME_CONTINUE, HOME_RESUME, HOME_DIRECTORY, HOME_CASES,
	HOME_STATS, HOME_QUIT, HOME_UP, HOME_DOWN, HOME_ENTER, HOME_BACK
};

/*
 * The key letters (n, c, r, a, d, s, q) are the same in every language:
 * they come from the French words and the menu below shows them.
 */
static const struct ui_key home_keys[] = {
	{ HOME_NEW, KEY_F(2), 'n', "F2 n", N_("New interview"),
	    N_("Start a new interview") },
	{ HOME_CONTINUE, 0, 'c', "c", NULL,
	    N_("Continue the current interview") },
	{ HOME_RESUME, KEY_F(3), 'r', "F3 r", N_("Resume"),
	    N_("Resume an interrupted interview") },
	{ HOME_DIRECTORY, KEY_F(4), 'a', "F4 a", N_("Directory"),
	    N_("Search for a service or a place to go") },
	{ HOME_CASES, 0, 'd', "d", NULL, N_("See the cases") },
	{ HOME_STATS, 0, 's', "s", NULL,
	    N_("Anonymous statistics (non-take-up)") },
	{ HOME_QUIT, KEY_F(10), 'q', "F10 q ^Q", N_("Quit"),
	    N_("Quit Aiguillage") },
	{ HOME_QUIT, 0, UI_CTRL('Q'), "^Q", NULL, NULL },
	{ HOME_UP, KEY_UP, 'k', "↑ k", NULL, N_("Previous item") },
	{ HOME_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Next item") },
	/* TRANSLATORS: the name of the Enter key. */
	{ HOME_ENTER, KEY_ENTER, '\r', N_("Enter"), NULL,
	    N_("Choose the highlighted item") },
	/* TRANSLATORS: the name of the Escape key. */
	{ HOME_BACK, 0, 27, N_("Esc"), NULL,
	    N_("Close the list of interviews to resume") },
};

/* The menu, in order; `action` is what Enter does on the line. */
struct home_item {
	int		 action;
	const char	*key;
	const char	*label;
};

static const struct home_item items[] = {
	/* TRANSLATORS: the home menu; each line is shown after its key
	   letter (c, n, r, a, d, s, q), which does not change with the
	   language. */
	{ HOME_CONTINUE, "c", N_("Continue the current interview") },
	{ HOME_NEW, "n", N_("New interview") },
	{ HOME_RESUME, "r", N_("Resume an interrupted interview") },
	{ HOME_DIRECTORY, "a", N_("Service directory") },
	{ HOME_CASES, "d", N_("Cases") },
	{ HOME_STATS, "s", N_("Statistics") },
	{ HOME_QUIT, "q", N_("Quit") },
};
#define NITEMS	((int)(sizeof items / sizeof items[0]))

#define MAX_CASES	12

/* The screen's own state (ui_state). */
struct home_state {
	int		 focus;
	int		 resuming;	/* showing the cases to resume */
	struct ui_case	 cases[MAX_CASES];
	int		 ncases;
	int		 cfocus;
};

/* Is the menu line available now? */
static int
available(const struct ui *ui, int action)
{
	switch (action) {
	case HOME_CONTINUE:
		return ui->it != NULL && ui->it->nhistory > 0;
	case HOME_RESUME:
		return ui->hooks.list_unfinished != NULL &&
		    ui->hooks.resume != NULL;
	case HOME_DIRECTORY:
		return ui->hooks.directory_screen != NULL;
	case HOME_CASES:
		return ui->hooks.cases_screen != NULL;
	case HOME_STATS:
		return ui->hooks.stats_screen != NULL;
	}
	return 1;
}

static void
home_enter(struct ui *ui)
{
	struct home_state *home = ui_state(ui, &ui_home_screen);

	home->resuming = 0;
	home->focus = available(ui, HOME_CONTINUE) ? 0 : 1;
}

static void
home_draw(struct ui *ui, int top, int bottom)
{
	struct home_state *home = ui_state(ui, &ui_home_screen);
	char line[200];
	int y = top + 1, i, w = COLS - 8;

	ui_put(ui, y++, 4, w, UI_HEADING, _("First social reception: "
	    "likely rights, urgencies, orientation"));
	/* TRANSLATORS: %s is the rule base version (a hash), %d the
	   number of schemes (rights and services) it knows. */
	snprintf(line, sizeof line, Q_("Rules %s · %d scheme · the "
	    "program guides, it does not decide any right", "Rules %s · %d "
	    "schemes · the program guides, it does not decide any right",
	    ui->rules->nnational), ui->rules->version,
	    ui->rules->nnational);
	ui_put(ui, y++, 4, w, UI_DIM, line);
	y++;
	for (i = 0; i < NITEMS && y < bottom; i++) {
		int ok = available(ui, items[i].action);
		int style = i == home->focus && !home->resuming ? UI_FOCUS :
		    ok ? UI_NORMAL : UI_DIM;

		if (items[i].action == HOME_CONTINUE && !ok)
			continue;
		snprintf(line, sizeof line, "%s %s  %s%s", i == home->focus ?
		    "›" : " ", items[i].key, _(items[i].label), ok ? "" :
		    _("  (not available yet)"));
		ui_fill(ui, y, 4, ui_width(line) + 1, style);
		ui_put(ui, y, 4, w, style, line);
		if (i == home->focus && !home->resuming) {
			ui->cur_y = y;
			ui->cur_x = 4;
		}
		y++;
	}
	if (home->resuming && y + 2 < bottom) {
		y++;
		ui_put(ui, y++, 4, w, UI_HEADING,
		    _("Interrupted interviews (Enter: resume, Esc: close)"));
		if (home->ncases == 0)
			ui_put(ui, y++, 6, w - 2, UI_DIM,
			    _("No interview to resume."));
		for (i = 0; i < home->ncases && y < bottom; i++, y++) {
			int style = i == home->cfocus ? UI_FOCUS : UI_NORMAL;

			snprintf(line, sizeof line, "%s %s", i == home->cfocus ?
			    "›" : " ", home->cases[i].label);
			ui_put(ui, y, 6, w - 2, style, line);
			if (i == home->cfocus) {
				ui->cur_y = y;
				ui->cur_x = 6;
			}
		}
	}
}

static void
open_hooked(struct ui *ui, const void *screen, const char *what)
{
	if (screen != NULL)
		ui_push(ui, screen);
	else
		/* TRANSLATORS: %s is a feature: "Directory", "Cases" or
		   "Statistics". */
		ui_message(ui, UI_INFO, _("%s: not available yet in this "
		    "version"), what);
}

static void
do_resume(struct ui *ui)
{
	struct home_state *home = ui_state(ui, &ui_home_screen);
	struct interview *it;
	char msg[256] = "";

	if (home->cfocus >= home->ncases)
		return;
	it = interview_new(ui->rules, ui->date);
	if (ui->hooks.resume(ui->hooks.ctx, home->cases[home->cfocus].id, it,
	    msg, sizeof msg) == -1) {
		interview_free(it);
		ui_message(ui, UI_ERROR, _("Cannot resume: %s"), msg);
		return;
	}
	ui_interview_start(ui, it);
	ui_switch(ui, &ui_interview_screen);
	if (msg[0] != '\0')
		ui_message(ui, UI_INFO, "%s", msg);
}

static void
home_do(struct ui *ui, int action)
{
	struct home_state *home = ui_state(ui, &ui_home_screen);

	switch (action) {
	case HOME_NEW:
		ui_interview_start(ui, NULL);
		ui_switch(ui, &ui_interview_screen);
		break;
	case HOME_CONTINUE:
		if (available(ui, HOME_CONTINUE))
			ui_switch(ui, &ui_interview_screen);
		break;
	case HOME_RESUME:
		if (!available(ui, HOME_RESUME)) {
			ui_message(ui, UI_INFO, _("Resuming: not available "
			    "yet in this version"));
			break;
		}
		home->ncases = ui->hooks.list_unfinished(ui->hooks.ctx,
		    home->cases, MAX_CASES);
		if (home->ncases < 0)
			home->ncases = 0;
		home->cfocus = 0;
		home->resuming = 1;
		break;
	case HOME_DIRECTORY:
		open_hooked(ui, ui->hooks.directory_screen, _("Directory"));
		break;
	case HOME_CASES:
		open_hooked(ui, ui->hooks.cases_screen, _("Cases"));
		break;
	case HOME_STATS:
		open_hooked(ui, ui->hooks.stats_screen, _("Statistics"));
		break;
	case HOME_QUIT:
		ui->quit = 1;
		break;
	}
}

static void
home_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct home_state *home = ui_state(ui, &ui_home_screen);
	int i;

	if (home->resuming) {
		switch (action) {
		case HOME_UP:
			if (home->cfocus > 0)
				home->cfocus--;
			return;
		case HOME_DOWN:
			if (home->cfocus + 1 < home->ncases)
				home->cfocus++;
			return;
		case HOME_ENTER:
			do_resume(ui);
			return;
		case HOME_BACK:
			home->resuming = 0;
			return;
		}
		home->resuming = 0;
	}
	if (!fkey && ch == '\n')
		action = HOME_ENTER;
	switch (action) {
	case HOME_UP:
		for (i = home->focus - 1; i >= 0; i--)
			if (items[i].action != HOME_CONTINUE ||
			    available(ui, HOME_CONTINUE)) {
				home->focus = i;
				break;
			}
		break;
	case HOME_DOWN:
		if (home->focus + 1 < NITEMS)
			home->focus++;
		break;
	case HOME_ENTER:
		home_do(ui, items[home->focus].action);
		break;
	case 0:
	case HOME_BACK:
		break;
	default:
		for (i = 0; i < NITEMS; i++)
			if (items[i].action == action)
				home->focus = i;
		home_do(ui, action);
		break;
	}
}

const struct ui_screen ui_home_screen = {
	N_("Home"), home_enter, NULL, home_draw, home_key, UI_KEYS(home_keys),
	0, sizeof(struct home_state), NULL
};
