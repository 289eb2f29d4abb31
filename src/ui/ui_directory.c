/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_directory.c - the directory screen (SPEC §9): search the offices and
 * services of the directory as the agent types, by name, theme (service
 * kind), town or department, or by commune (the services competent for a
 * person living there); a scrolling list, a detail pane for the selected
 * service (address, phone, hours, "to verify", source), and the detail
 * on the whole screen with Enter.
 *
 * Words of the query that are department codes ("32", "2A", "974") or
 * "national" narrow the search to that directory; the other words must
 * all appear in the service (territory_services_find). In commune mode
 * the longest leading run of words naming a commune picks the commune,
 * the rest narrows by theme: "auch caf".
 */
#include "ui_screens_extra.h"
#include "ui_screen.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "territory.h"

/* DIR_UP..DIR_PGDN in the order of enum ui_list_move (dir_key). */
enum {
	DIR_UP = 1, DIR_DOWN, DIR_PGUP, DIR_PGDN, DIR_DETAIL, DIR_BACK,
	DIR_COMMUNE, DIR_CLEAR
};
_Static_assert(DIR_PGDN - DIR_UP == UI_LIST_PGDN - UI_LIST_UP,
    "the moves of the directory");

/* No letter keys: letters are typed into the search field. */
static const struct ui_key dir_keys[] = {
	{ DIR_DETAIL, KEY_ENTER, '\r', "Enter", N_("Details"),
	    N_("Show the selected service on the whole screen") },
	{ DIR_COMMUNE, KEY_F(4), UI_CTRL('O'), "F4 ^O", N_("By commune"),
	    N_("Switch between searching by text and listing the services "
	    "competent for a commune (the person's)") },
	{ DIR_BACK, KEY_F(10), UI_CTRL('Q'), "F10 ^Q Esc", N_("Back"),
	    N_("Close the details, or go back to the home screen") },
	{ DIR_BACK, 0, 27, "Esc", NULL, NULL },
	{ DIR_UP, KEY_UP, UI_CTRL('P'), "↑ ^P", NULL,
	    N_("Previous service (in the details: scroll up)") },
	{ DIR_DOWN, KEY_DOWN, UI_CTRL('N'), "↓ ^N", NULL,
	    N_("Next service (in the details: scroll down)") },
	{ DIR_PGUP, KEY_PPAGE, UI_CTRL('B'), "PgUp ^B", NULL,
	    N_("Previous page") },
	{ DIR_PGDN, KEY_NPAGE, UI_CTRL('F'), "PgDn ^F", NULL,
	    N_("Next page") },
	{ DIR_CLEAR, 0, UI_CTRL('U'), "^U", NULL,
	    N_("Clear the search field") },
};

/* The screen's own state (ui_state). */
struct dir_state {
	struct ui_field		 fld;
	const struct service	**res;
	int			 nres;		/* stored in res */
	int			 total;		/* matches in all */
	struct ui_list		 list;		/* the services found */
	int			 by_commune;
	int			 detail;	/* details on the whole screen */
	int			 list_rows;	/* rows of the list at last draw */
	char			 commune[160];	/* commune mode: its label */
	char			 dep[16];	/* department word of the query */
	const struct service	*shown;		/* what `text` describes */
	struct ui_text		 text;
};

/* Is `w` (case-insensitive) a department code of the directory? */
static const char *
dep_word(const struct territory *t, const char *w)
{
	int i;

	(void)territory_communes_load(t, NULL);	/* the department codes */
	for (i = 0; i < t->ndeps; i++)
		if (strcasecmp(t->deps[i], w) == 0)
			return t->deps[i];
	return NULL;
}

static int
national_word(const char *w)
{
	char f[32];

	territory_fold(w, f, sizeof f);
	return strcmp(f, "national") == 0 || strcmp(f, "nationale") == 0 ||
	    strcmp(f, "nationaux") == 0 || strcmp(f, "nationales") == 0;
}

/* Run the search for what the field holds. */
static void
search(struct dir_state *dir)
{
	const struct territory *t = ui_extra()->territory;
	struct service_filter f;
	char words[sizeof dir->fld.buf], rest[sizeof dir->fld.buf];
	char insee[8], *w, *save = NULL;
	const char *dep = NULL;
	int national = 0, nw = 0, len = 0;
	char *wv[64];

	dir->nres = dir->total = 0;
	dir->list.focus = dir->list.scroll = 0;
	dir->commune[0] = dir->dep[0] = '\0';
	dir->shown = NULL;
	if (t == NULL)
		return;
	memset(&f, 0, sizeof f);
	snprintf(words, sizeof words, "%s", dir->fld.buf);
	for (w = strtok_r(words, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		const char *d;

		if (dep == NULL && !national && (d = dep_word(t, w)) != NULL)
			dep = d;
		else if (dep == NULL && !national && national_word(w))
			national = 1;
		else if (nw < (int)(sizeof wv / sizeof wv[0]))
			wv[nw++] = w;
	}
	rest[0] = '\0';
	if (dir->by_commune && nw > 0) {
		const struct commune *c = NULL;
		int k, i;

		/* The longest run of leading words that names a commune. */
		for (k = nw; k > 0 && c == NULL; k--) {
			char q[sizeof dir->fld.buf];

			for (i = 0, len = 0, q[0] = '\0'; i < k; i++)
				len += snprintf(q + len, sizeof q - (size_t)len,
				    "%s%s", i ? " " : "", wv[i]);
			if (dep != NULL)
				snprintf(q + len, sizeof q - (size_t)len,
				    " %s", dep);
			if (territory_search(t, q, &c, 1) == 0)
				c = NULL;
		}
		if (c == NULL) {
			snprintf(dir->commune, sizeof dir->commune, "%s", "?");
			return;
		}
		c = territory_commune_resolve(t, c);
		territory_commune_label(t, c, dir->commune, sizeof dir->commune);
		snprintf(insee, sizeof insee, "%s", c->insee);
		f.commune = insee;
		for (i = k + 1, len = 0; i < nw; i++)
			len += snprintf(rest + len, sizeof rest - (size_t)len,
			    "%s%s", len ? " " : "", wv[i]);
	} else {
		int i;

		for (i = 0, len = 0; i < nw; i++)
			len += snprintf(rest + len, sizeof rest - (size_t)len,
			    "%s%s", len ? " " : "", wv[i]);
		if (dep != NULL)
			f.dep = dep;
		else if (national)
			f.dep = "national";
	}
	if (!dir->by_commune && f.dep != NULL)
		snprintf(dir->dep, sizeof dir->dep, "%s", f.dep);
	if (national && dir->by_commune)
		f.dep = "national";
	f.text = rest[0] != '\0' ? rest : NULL;
	dir->total = territory_services_find(t, &f, dir->res, t->nservices);
	dir->nres = dir->total < t->nservices ? dir->total : t->nservices;
}

static void
dir_enter(struct ui *ui)
{
	struct dir_state *dir = ui_state(ui, &ui_directory_screen);
	const struct territory *t = ui_extra()->territory;

	(void)ui;
	free(dir->res);
	dir->res = xcalloc(t != NULL && t->nservices > 0 ?
	    (size_t)t->nservices : 1, sizeof *dir->res);
	dir->detail = 0;
	dir->list_rows = 1;
	/* The query is kept from one visit to the next. */
	search(dir);
}

static void
dir_leave(struct ui *ui)
{
	struct dir_state *dir = ui_state(ui, &ui_directory_screen);

	(void)ui;
	free(dir->res);
	dir->res = NULL;
	dir->nres = dir->total = 0;
	dir->shown = NULL;
	ui_text_clear(&dir->text);
}

static int
unverified(const struct service *s)
{
	return s->verif.status != VERIF_VERIFIED || (s->structure != NULL &&
	    s->structure->verif.status != VERIF_VERIFIED);
}

/* Where the record comes from: its own source, its structure's, its
 * file's. */
static const char *
source_of(const struct territory *t, const struct service *s)
{
	int i;

	if (s->verif.source != NULL)
		return s->verif.source;
	if (s->structure != NULL && s->structure->verif.source != NULL)
		return s->structure->verif.source;
	for (i = 0; i < t->nfiles; i++)
		if (t->files[i].doc.file == s->file && t->files[i].source)
			return t->files[i].source;
	return NULL;
}

/* The details of `s` as paragraphs. */
static void
build_detail(struct dir_state *dir, const struct service *s)
{
	const struct territory *t = ui_extra()->territory;
	const struct structure *sx = s->structure;
	const struct territory_kind *k = territory_kind(t, s->kind);
	const char *phone = territory_service_phone(s);
	const char *hours = territory_service_hours(s);
	const char *src = source_of(t, s);
	struct ui_text *x = &dir->text;
	char tel[64], hbuf[512];

	if (hours != NULL)
		hours = format_hours(hours, hbuf, sizeof hbuf);
	ui_text_clear(x);
	dir->shown = s;
	ui_text_add(x, UI_HEADING, 0, "%s", s->name);
	if (sx != NULL && sx->name != NULL && strcmp(sx->name, s->name) != 0)
		ui_text_add(x, UI_NORMAL, 0, "%s", sx->name);
	if (unverified(s))
		ui_text_add(x, UI_TOCHECK, 0, "%s", _("? To verify: this record "
		    "has not been checked, confirm before sending someone"));
	ui_text_add(x, UI_NORMAL, 0, _("Kind: %s"), k != NULL && k->name ?
	    k->name : s->kind);
	if (s->dep == NULL)
		ui_text_add(x, UI_NORMAL, 0, "%s", _("Area: national"));
	else if (s->sector != NULL)
		ui_text_add(x, UI_NORMAL, 0, _("Area: department %s, sector "
		    "of %d communes"), s->dep, s->sector->ncommunes);
	else
		ui_text_add(x, UI_NORMAL, 0, _("Area: department %s"), s->dep);
	if (s->urgent)
		ui_text_add(x, UI_URGENT2, 0, "%s", _("Emergency service"));
	if (sx != NULL && sx->state == STRUCT_PLANNED)
		ui_text_add(x, UI_TOCHECK, 0, "%s", _("Not open yet "
		    "(planned)"));
	else if (sx != NULL && sx->state == STRUCT_TO_CONFIRM)
		ui_text_add(x, UI_TOCHECK, 0, "%s", _("Opening to be "
		    "confirmed"));
	if (sx != NULL && (sx->address != NULL || sx->town != NULL))
		ui_text_add(x, UI_NORMAL, 0, _("Address: %s%s%s%s%s%s%s"),
		    sx->address ? sx->address : "",
		    sx->address && sx->address_more ? ", " : "",
		    sx->address_more ? sx->address_more : "",
		    sx->address || sx->address_more ? ", " : "",
		    sx->postcode ? sx->postcode : "",
		    sx->postcode && sx->town ? " " : "",
		    sx->town ? sx->town : "");
	if (phone != NULL) {
		territory_phone_format(phone, tel, sizeof tel);
		ui_text_add(x, UI_INFO, 0, _("Phone: %s"), tel);
		if (sx != NULL && sx->phone_hours != NULL && s->phone == NULL)
			ui_text_add(x, UI_NORMAL, 2, "%s", sx->phone_hours);
	} else {
		ui_text_add(x, UI_DIM, 0, "%s", _("Phone: not known"));
	}
	if (hours != NULL)
		ui_text_add(x, UI_NORMAL, 0, _("Hours: %s"), hours);
	else
		ui_text_add(x, UI_DIM, 0, "%s", _("Hours: not known"));
	if (sx != NULL && sx->walk_in == 1)
		ui_text_add(x, UI_NORMAL, 0, "%s", _("Walk-in: yes, without an "
		    "appointment"));
	else if (sx != NULL && sx->walk_in == 0)
		ui_text_add(x, UI_NORMAL, 0, "%s", _("Walk-in: no, by "
		    "appointment"));
	if (sx != NULL && sx->email != NULL)
		ui_text_add(x, UI_NORMAL, 0, _("Email: %s"), sx->email);
	if (sx != NULL && sx->website != NULL)
		ui_text_add(x, UI_NORMAL, 0, _("Website: %s"), sx->website);
	if (s->link != NULL)
		ui_text_add(x, UI_NORMAL, 0, _("To apply: %s"), s->link);
	if (s->description != NULL)
		ui_text_add(x, UI_DIM, 0, "%s", s->description);
	else if (sx != NULL && sx->description != NULL)
		ui_text_add(x, UI_DIM, 0, "%s", sx->description);
	if (s->verif.checked_on != NULL)
		ui_text_add(x, UI_DIM, 0, _("Checked on %s"),
		    s->verif.checked_on);
	if (s->verif.note != NULL)
		ui_text_add(x, UI_DIM, 0, _("Note: %s"), s->verif.note);
	ui_text_add(x, UI_DIM, 0, _("Source: %s"), src != NULL ? src :
	    _("none given"));
}

/* One list row: marker, name, where. */
static void
draw_row(struct ui *ui, int y, int w, int i)
{
	struct dir_state *dir = ui_state(ui, &ui_directory_screen);
	const struct service *s = dir->res[i];
	const struct structure *sx = s->structure;
	char where[160], line[400];
	int style = i == dir->list.focus ? UI_FOCUS : UI_NORMAL, nw;

	if (s->dep == NULL)
		snprintf(where, sizeof where, "%s", _("national"));
	else if (sx != NULL && sx->town != NULL)
		snprintf(where, sizeof where, "%s (%s)", sx->town, s->dep);
	else
		snprintf(where, sizeof where, "(%s)", s->dep);
	snprintf(line, sizeof line, "%s %s %s", i == dir->list.focus ? "›" : " ",
	    unverified(s) ? "?" : " ", s->name);
	if (i == dir->list.focus)
		ui_fill(ui, y, 1, w, UI_FOCUS);
	nw = ui_width(where);
	if (nw + 10 > w)
		nw = 0;
	ui_put(ui, y, 1, nw ? w - nw - 2 : w, style, line);
	if (nw)
		ui_put(ui, y, 1 + w - nw, nw, i == dir->list.focus ? UI_FOCUS :
		    UI_DIM, where);
}

static void
dir_draw(struct ui *ui, int top, int bottom)
{
	struct dir_state *dir = ui_state(ui, &ui_directory_screen);
	const struct territory *t = ui_extra()->territory;
	int w = COLS - 2, y = top, rows, pane, i;
	char line[400];
	const char *label = dir->by_commune ? _("Commune:") : _("Search:");
	int lw = ui_width(label);

	if (dir->detail && dir->nres > 0) {
		if (dir->shown != dir->res[dir->list.focus])
			build_detail(dir, dir->res[dir->list.focus]);
		ui_text_draw(ui, &dir->text, top, bottom, 1, w, 0);
		ui->cur_y = top;
		ui->cur_x = 1;
		return;
	}
	dir->detail = 0;
	ui_put(ui, y, 1, lw, UI_NORMAL, label);
	ui_field_draw(ui, &dir->fld, y, 2 + lw, w - lw - 1);
	i = ui->cur_x;	/* keep the cursor on the field */
	y++;
	if (t == NULL) {
		ui_put_wrapped(ui, y + 1, 1, w, bottom, UI_ERROR,
		    _("The directory is not loaded: no service can be "
		    "searched."));
		ui->cur_x = i;
		ui->cur_y = top;
		return;
	}
	if (dir->by_commune && dir->fld.len == 0)
		snprintf(line, sizeof line, "%s", _("Type the person's "
		    "commune, then a theme if you like: \"auch caf\""));
	else if (dir->by_commune && strcmp(dir->commune, "?") == 0)
		snprintf(line, sizeof line, "%s", _("No commune matches "
		    "these words"));
	else if (dir->by_commune)
		snprintf(line, sizeof line, Q_("%d service for %s "
		    "(? = to verify)", "%d services for %s (? = to verify)",
		    dir->total), dir->total, dir->commune);
	else if (dir->dep[0] != '\0' && strcmp(dir->dep, "national") != 0)
		snprintf(line, sizeof line, Q_("%d service in department %s "
		    "(? = to verify)", "%d services in department %s "
		    "(? = to verify)", dir->total), dir->total, dir->dep);
	else
		snprintf(line, sizeof line, Q_("%d service (? = to verify)",
		    "%d services (? = to verify)", dir->total), dir->total);
	ui_put(ui, y++, 1, w, UI_DIM, line);

	/* The list above, the detail pane below (about half). */
	rows = bottom - y;
	pane = dir->nres > 0 && rows >= 8 ? rows / 2 : 0;
	if (pane > 12)
		pane = 12;
	rows -= pane;
	if (rows < 1)
		rows = 1;
	dir->list_rows = rows;
	dir->list.n = dir->nres;
	ui_list_view(&dir->list, rows);
	if (dir->nres == 0 && (!dir->by_commune || dir->fld.len > 0))
		ui_put_wrapped(ui, y + 1, 3, w - 2, bottom, UI_DIM,
		    dir->by_commune ? _("No service found for this commune. "
		    "Remove a theme word, or check the spelling.") :
		    t->nservices == 0 ? _("The directory is empty.") :
		    _("No service matches. Try fewer words, a town, a theme "
		    "(caf, ccas, mission locale…) or a department number; "
		    "F4 searches by commune."));
	for (i = dir->list.scroll; i < dir->nres && i < dir->list.scroll + rows; i++)
		draw_row(ui, y + i - dir->list.scroll, w, i);
	if (dir->nres > rows) {
		snprintf(line, sizeof line, " %d–%d / %d ", dir->list.scroll + 1,
		    dir->list.scroll + rows < dir->nres ? dir->list.scroll + rows : dir->nres,
		    dir->nres);
		ui_put(ui, 0, COLS - 1 - ui_width(line), ui_width(line),
		    UI_TITLE, line);
	}
	if (pane > 0) {
		int py = y + rows;

		if (dir->shown != dir->res[dir->list.focus])
			build_detail(dir, dir->res[dir->list.focus]);
		dir->text.scroll = 0;
		mvhline(py, 0, ACS_HLINE, COLS);
		ui_put(ui, py, 2, w - 2, UI_DIM, _(" Details (Enter: "
		    "whole screen) "));
		ui_text_draw(ui, &dir->text, py + 1, bottom, 1, w, -1);
	}
	/* The cursor stays in the search field: typing goes there. */
	ui_field_draw(ui, &dir->fld, top, 2 + lw, w - lw - 1);
}

static void
dir_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct dir_state *dir = ui_state(ui, &ui_directory_screen);
	int page = dir->list_rows > 1 ? dir->list_rows - 1 : 1;
	int rows = LINES - 3;

	if (!fkey && ch == '\n')
		action = DIR_DETAIL;
	/* DIR_UP..DIR_PGDN move the details' text or the list. */
	if (action >= DIR_UP && action <= DIR_PGDN) {
		dir->list.n = dir->nres;
		ui_browse_move(&dir->list, &dir->text, dir->detail,
		    (enum ui_list_move)(action - DIR_UP), page, rows);
		return;
	}
	if (dir->detail) {
		if (action == DIR_BACK || action == DIR_DETAIL) {
			dir->detail = 0;
			dir->text.scroll = 0;
		}
		return;
	}
	switch (action) {
	case DIR_DETAIL:
		if (dir->nres > 0) {
			dir->detail = 1;
			dir->text.scroll = 0;
		}
		break;
	case DIR_BACK:
		ui_pop(ui);
		break;
	case DIR_COMMUNE:
		dir->by_commune = !dir->by_commune;
		search(dir);
		break;
	case DIR_CLEAR:
		ui_field_set(&dir->fld, "");
		search(dir);
		break;
	default: {
		char before[sizeof dir->fld.buf];

		memcpy(before, dir->fld.buf, sizeof before);
		if (ui_field_key(&dir->fld, ch, fkey) &&
		    strcmp(before, dir->fld.buf) != 0)
			search(dir);
		break;
	}
	}
}

const struct ui_screen ui_directory_screen = {
	N_("Directory"), dir_enter, dir_leave, dir_draw, dir_key,
	UI_KEYS(dir_keys), 0, sizeof(struct dir_state), NULL
};
