/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_stats.c - the statistics screen (SPEC §8): counts only, never a
 * person. Cases in all, then by scheme, domain, channel, site, site and
 * channel (as `aiguillage stats` shows them), month and service of the
 * plan, with likely / to-check / unlikely verdicts, the non-take-up
 * detected (the measure of non-recours) and the rights already received
 * (part of the likely and to-check ones). The period can be narrowed to
 * this month or the last twelve months.
 *
 * Rows are kept as data and laid out at each draw, so the table follows
 * the width: the label column takes what the numbers leave.
 */
#include "ui_screens_extra.h"
#include "ui_screen.h"

#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "store.h"

/* ST_UP..ST_END in the order of enum ui_list_move (stats_key). */
enum {
	ST_UP = 1, ST_DOWN, ST_PGUP, ST_PGDN, ST_TOP, ST_END, ST_PERIOD,
	ST_BACK
};
_Static_assert(ST_END - ST_UP == UI_LIST_END - UI_LIST_UP &&
    ST_TOP - ST_UP == UI_LIST_HOME, "the moves of the statistics");

static const struct ui_key stats_keys[] = {
	{ ST_PERIOD, KEY_F(4), 'p', "F4 p", N_("Period"),
	    N_("Count all cases, this month's, or the last twelve months'") },
	{ ST_BACK, KEY_F(10), 'q', "F10 q ^Q Esc", N_("Back"),
	    N_("Go back to the home screen") },
	{ ST_BACK, 0, UI_CTRL('Q'), "^Q", NULL, NULL },
	{ ST_BACK, 0, 27, "Esc", NULL, NULL },
	{ ST_UP, KEY_UP, 'k', "↑ k", NULL, N_("Scroll up") },
	{ ST_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Scroll down") },
	{ ST_PGUP, KEY_PPAGE, 'b', "PgUp b", NULL, N_("Previous page") },
	{ ST_PGDN, KEY_NPAGE, ' ', "PgDn Space", NULL, N_("Next page") },
	{ ST_TOP, KEY_HOME, 'g', "Home g", NULL, N_("Go to the top") },
	{ ST_END, KEY_END, 'G', "End G", NULL, N_("Go to the end") },
};

/* Dimensions in the order shown, with their headings. */
static const struct {
	const char	*dim, *title;
	int		 verdicts;	/* the verdict columns mean something */
} dims[] = {
	{ "scheme", N_("By scheme"), 1 },
	{ "domain", N_("By domain"), 1 },
	{ "channel", N_("By channel"), 1 },
	{ "site", N_("By site"), 1 },
	{ "site_channel", N_("By site and channel"), 1 },
	{ "month", N_("By month"), 1 },
	{ "service", N_("Services in the plans"), 0 },
};
#define NDIMS	((int)(sizeof dims / sizeof dims[0]))

enum row_kind { ROW_BLANK, ROW_HEADING, ROW_COLUMNS, ROW_DATA, ROW_LEGEND };

struct row {
	enum row_kind		 kind;
	const char		*text;		/* heading, or NULL */
	const struct store_stat	*stat;		/* data */
	int			 verdicts;
};

/* The screen's own state (ui_state). */
struct stats_state {
	struct store_stat	*s;
	int			 n;
	struct row		*rows;
	int			 nrows;
	int			 scroll;
	int			 period;	/* 0 all, 1 this month, 2 12 months */
	long			 total;
	char			 error[300];
};

static void
add_row(struct stats_state *stats, enum row_kind kind, const char *text,
    const struct store_stat *s, int verdicts)
{
	stats->rows = xrealloc(stats->rows, sizeof *stats->rows *
	    (size_t)(stats->nrows + 1));
	stats->rows[stats->nrows].kind = kind;
	stats->rows[stats->nrows].text = text;
	stats->rows[stats->nrows].stat = s;
	stats->rows[stats->nrows].verdicts = verdicts;
	stats->nrows++;
}

static void
stats_clear(struct stats_state *stats)
{
	store_stats_free(stats->s, stats->n);
	stats->s = NULL;
	stats->n = 0;
	free(stats->rows);
	stats->rows = NULL;
	stats->nrows = 0;
	stats->total = 0;
	stats->error[0] = '\0';
}

static void
load(struct ui *ui)
{
	struct stats_state *stats = ui_state(ui, &ui_stats_screen);
	struct store *st = ui_extra()->store;
	struct error err;
	int32_t from = -1;
	char d[16];
	int i, k, any;

	stats_clear(stats);
	stats->scroll = 0;
	if (st == NULL)
		return;
	if (stats->period == 1) {
		date_format(ui->date, d);
		from = ui->date - (atoi(d + 8) - 1);
	} else if (stats->period == 2) {
		from = ui->date - 364;
	}
	memset(&err, 0, sizeof err);
	if (store_stats(st, from, -1, &stats->s, &stats->n, &err) == -1) {
		error_format(&err, stats->error, sizeof stats->error);
		return;
	}
	for (i = 0; i < stats->n; i++)
		if (strcmp(stats->s[i].dim, "total") == 0)
			stats->total = stats->s[i].cases;
	if (stats->total == 0)
		return;
	add_row(stats, ROW_COLUMNS, NULL, NULL, 1);
	for (i = 0; i < stats->n; i++)
		if (strcmp(stats->s[i].dim, "total") == 0)
			add_row(stats, ROW_DATA, NULL, &stats->s[i], 1);
	for (k = 0; k < NDIMS; k++) {
		any = 0;
		for (i = 0; i < stats->n; i++) {
			if (strcmp(stats->s[i].dim, dims[k].dim) != 0)
				continue;
			if (!any) {
				add_row(stats, ROW_BLANK, NULL, NULL, 0);
				add_row(stats, ROW_HEADING, dims[k].title, NULL, 0);
				any = 1;
			}
			add_row(stats, ROW_DATA, NULL, &stats->s[i], dims[k].verdicts);
		}
	}
	add_row(stats, ROW_BLANK, NULL, NULL, 0);
	add_row(stats, ROW_LEGEND, N_("Cases: those where it is likely or to "
	    "check"), NULL, 0);
	add_row(stats, ROW_LEGEND, N_("Untaken: non-take-up detected"), NULL, 0);
	add_row(stats, ROW_LEGEND, N_("Received: rights already received "
	    "(counted among the likely and to check)"), NULL, 0);
}

static void
stats_enter(struct ui *ui)
{
	load(ui);
}

static void
stats_leave(struct ui *ui)
{
	stats_clear(ui_state(ui, &ui_stats_screen));
}

/* Words for a key of dimension `dim`. */
static const char *
key_label(const struct ui *ui, const struct store_stat *s, char *buf,
    size_t size)
{
	const struct rules *r = ui->rules;
	int i;

	if (strcmp(s->dim, "total") == 0)
		return _("All cases");
	if (s->key == NULL || s->key[0] == '\0')
		return _("(not given)");
	if (strcmp(s->dim, "scheme") == 0 &&
	    (i = rules_scheme_index(r, s->key)) >= 0)
		return i18n_rule(r->schemes[i].name);
	if (strcmp(s->dim, "service") == 0) {
		const struct service_kind *k = rules_kind(r, s->key);

		if (k != NULL && k->name != NULL)
			return i18n_rule(k->name);
	}
	snprintf(buf, size, "%s", s->key);
	return buf;
}

/* Number columns: width of each, right-aligned. */
#define NUMW	10

/* A count, "<N" under the threshold as in `aiguillage stats`. */
static void
put_num(struct ui *ui, int y, int x, int style, long n, int show)
{
	int threshold = ui_extra()->stats_threshold;
	char b[32];

	if (!show)
		snprintf(b, sizeof b, "%s", "·");
	else
		(void)store_stat_text(n, threshold > 0 ? threshold : 5, b,
		    sizeof b);
	ui_put(ui, y, x + NUMW - ui_width(b), ui_width(b), style, b);
}

/* A column head, right-aligned in NUMW columns. */
static void
put_head(struct ui *ui, int y, int x, const char *s)
{
	int w = ui_width(s);

	if (w > NUMW - 1)
		w = NUMW - 1;
	ui_put(ui, y, x + NUMW - w, w, UI_DIM, s);
}

static void
stats_draw(struct ui *ui, int top, int bottom)
{
	struct stats_state *stats = ui_state(ui, &ui_stats_screen);
	static const char *const periods[] = {
		N_("All cases"), N_("Cases of this month"),
		N_("Cases of the last twelve months")
	};
	int w = COLS - 2, y = top, i, ncols, labw, x, rows, rcv, unl;
	char line[300], buf[200];

	ui->cur_y = top;
	ui->cur_x = 1;
	if (ui_extra()->store == NULL) {
		ui_put_wrapped(ui, y + 1, 1, w, bottom, UI_INFO,
		    _("No database: nothing is counted in this session "
		    "(started with --no-save)."));
		return;
	}
	snprintf(line, sizeof line, _("%s · counts only, no personal data"),
	    _(periods[stats->period]));
	ui_put(ui, y++, 1, w, UI_HEADING, line);
	if (stats->error[0] != '\0') {
		ui_put_wrapped(ui, y + 1, 1, w, bottom, UI_ERROR, stats->error);
		return;
	}
	if (stats->total == 0) {
		ui_put_wrapped(ui, y + 1, 3, w - 2, bottom, UI_DIM,
		    _("No case in this period."));
		return;
	}
	/* Cases, likely, to check, non-take-up; received when wide, then
	   unlikely when wider. */
	rcv = COLS >= 5 * NUMW + 5 * NUMW / 2 + 2;
	unl = COLS >= 6 * NUMW + 5 * NUMW / 2 + 2;
	ncols = 4 + rcv + unl;
	labw = w - ncols * NUMW - 1;
	rows = bottom - y;
	if (stats->scroll > stats->nrows - rows)
		stats->scroll = stats->nrows - rows;
	if (stats->scroll < 0)
		stats->scroll = 0;
	for (i = stats->scroll; i < stats->nrows && y < bottom; i++, y++) {
		const struct row *r = &stats->rows[i];
		const struct store_stat *s = r->stat;

		x = 1 + labw + 1;
		switch (r->kind) {
		case ROW_BLANK:
			break;
		case ROW_HEADING:
			ui_put(ui, y, 1, w, UI_HEADING, _(r->text));
			break;
		case ROW_LEGEND:
			ui_put(ui, y, 1, w, UI_DIM, _(r->text));
			break;
		case ROW_COLUMNS:
			/* TRANSLATORS: column heads, at most 9 columns. */
			put_head(ui, y, x, _("Cases"));
			put_head(ui, y, x + NUMW, _("Likely"));
			put_head(ui, y, x + 2 * NUMW, _("To check"));
			if (unl) {
				put_head(ui, y, x + 3 * NUMW, _("Unlikely"));
				x += NUMW;
			}
			put_head(ui, y, x + 3 * NUMW, _("Untaken"));
			if (rcv)
				put_head(ui, y, x + 4 * NUMW, _("Received"));
			break;
		case ROW_DATA:
			ui_put(ui, y, 2, labw - 1, strcmp(s->dim, "total") ?
			    UI_NORMAL : UI_INFO, key_label(ui, s, buf,
			    sizeof buf));
			put_num(ui, y, x, UI_NORMAL, s->cases, 1);
			put_num(ui, y, x + NUMW, UI_LIKELY, s->likely,
			    r->verdicts);
			put_num(ui, y, x + 2 * NUMW, UI_TOCHECK, s->to_check,
			    r->verdicts);
			if (unl) {
				put_num(ui, y, x + 3 * NUMW, UI_DIM,
				    s->unlikely, r->verdicts);
				x += NUMW;
			}
			put_num(ui, y, x + 3 * NUMW, UI_NONTAKEUP,
			    s->non_take_up, r->verdicts);
			if (rcv)
				put_num(ui, y, x + 4 * NUMW, UI_NORMAL,
				    s->received, r->verdicts);
			break;
		}
	}
	if (stats->nrows > rows) {
		snprintf(line, sizeof line, _(" lines %d–%d of %d "),
		    stats->scroll + 1, stats->scroll + rows, stats->nrows);
		ui_put(ui, 0, COLS - 1 - ui_width(line), ui_width(line),
		    UI_TITLE, line);
	}
}

static void
stats_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct stats_state *stats = ui_state(ui, &ui_stats_screen);
	int page = LINES - 6;

	(void)ch;
	(void)fkey;
	if (action >= ST_UP && action <= ST_END)
		stats->scroll = ui_move((enum ui_list_move)(action - ST_UP),
		    stats->scroll, page, stats->nrows);
	switch (action) {
	case ST_PERIOD:
		stats->period = (stats->period + 1) % 3;
		load(ui);
		break;
	case ST_BACK:
		ui_pop(ui);
		return;
	}
	if (stats->scroll < 0)
		stats->scroll = 0;
}

const struct ui_screen ui_stats_screen = {
	N_("Statistics"), stats_enter, stats_leave, stats_draw, stats_key,
	UI_KEYS(stats_keys), 0, sizeof(struct stats_state), NULL
};
