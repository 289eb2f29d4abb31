/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_help.c - the help screen, generated from the key tables: the keys
 * of the screen below it, then the global keys.
 */
#include "ui_screen.h"

#include <string.h>

enum { HELP_CLOSE = 1, HELP_UP, HELP_DOWN };

static const struct ui_key help_keys[] = {
	/* TRANSLATORS: key names: "Esc" is the Escape key; the letters
	   (q, k, j…) and F-keys are fixed and must stay. */
	{ HELP_CLOSE, KEY_F(10), 'q', N_("Esc q F10"), N_("Close"),
	    N_("Close the help and go back to the screen") },
	{ HELP_UP, KEY_UP, 'k', "↑ k", NULL, N_("Scroll up") },
	{ HELP_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Scroll down") },
};

/* The help screen's own state. */
struct help_state {
	int	scroll;		/* rows scrolled off the top */
};

static void
wrap_skip_line(void *ctx, const char *s, int n)
{
	(void)ctx;
	(void)s;
	(void)n;
}

/* A help row: the key names, then the sentence. */
static int
help_row(struct ui *ui, int y, int top_, int bottom, const struct ui_key *k)
{
	char names[64];

	if (k->help == NULL)
		return y;
	snprintf(names, sizeof names, "%s", _(k->label));
	if (y >= top_ && y < bottom)
		ui_put(ui, y, 2, 16, UI_INFO, names);
	if (y < top_)	/* scrolled off the top: count its lines only */
		return y + ui_wrap(_(k->help), COLS - 21, wrap_skip_line,
		    NULL);
	return ui_put_wrapped(ui, y, 20, COLS - 21, bottom, UI_NORMAL,
	    _(k->help));
}

static void
help_draw(struct ui *ui, int top_, int bottom)
{
	struct help_state *h = ui_state(ui, &ui_help_screen);
	const struct ui_screen *s = ui_below(ui);
	int y = top_ - h->scroll, i;

	if (y >= top_)
		ui_put(ui, y, 1, COLS - 2, UI_HEADING, s != NULL ?
		    _(s->title) : "");
	y++;
	for (i = 0; s != NULL && i < s->nkeys; i++)
		y = help_row(ui, y, top_, bottom, &s->keys[i]);
	y++;
	if (y >= top_ && y < bottom)
		/* TRANSLATORS: help screen heading: the keys that work on
		   every screen. */
		ui_put(ui, y, 1, COLS - 2, UI_HEADING, _("Everywhere"));
	y++;
	for (i = 0; i < ui_nglobal_keys; i++)
		y = help_row(ui, y, top_, bottom, &ui_global_keys[i]);
	if (y >= top_ && y < bottom)
		y = ui_put_wrapped(ui, y + 1, 2, COLS - 4, bottom, UI_DIM,
		    _("Each F key has a Ctrl (^ = Ctrl) or letter "
		    "equivalent, for terminals without F keys. Esc closes "
		    "the help."));
	ui->cur_y = top_;
	ui->cur_x = 1;
	if (h->scroll > 0 && y < bottom - 1)
		h->scroll--;
}

static void
help_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct help_state *h = ui_state(ui, &ui_help_screen);

	if (action == HELP_CLOSE || (!fkey && ch == 27))
		ui_pop(ui);
	else if (action == HELP_UP && h->scroll > 0)
		h->scroll--;
	else if (action == HELP_DOWN)
		h->scroll++;
	ui->dirty = 1;
}

const struct ui_screen ui_help_screen = {
	N_("Help"), NULL, NULL, help_draw, help_key, UI_KEYS(help_keys), 1,
	sizeof(struct help_state), NULL
};
