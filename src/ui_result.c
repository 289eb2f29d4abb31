/*
 * ui_result.c - the results screen: urgencies first, then by domain the
 * likely and to-check schemes (estimated amount, why, where to go,
 * non-take-up marked in words), the orientation plan and the documents
 * to bring; the summary saved as plain text to a file the agent names.
 *
 * The content is built once per visit as paragraphs (style, indent,
 * text) and wrapped to the width at each draw, so resizing just works.
 */
#include "ui_screen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rules.h"

enum {
	RS_UP = 1, RS_DOWN, RS_PGUP, RS_PGDN, RS_TOP, RS_END, RS_SAVE,
	RS_REVIEW, RS_BACK, RS_NEW, RS_HOME, RS_PLAN
};

static const struct ui_key result_keys[] = {
	{ RS_SAVE, KEY_F(2), UI_CTRL('S'), "F2 ^S", N_("Enregistrer"),
	    N_("Enregistrer le résumé pour la personne dans un fichier texte") },
	{ RS_PLAN, KEY_F(7), 'p', "F7 p", N_("Plan"),
	    N_("Aller au plan d'orientation (où aller, dans l'ordre)") },
	{ RS_REVIEW, KEY_F(3), UI_CTRL('R'), "F3 ^R", N_("Relire"),
	    N_("Relire les réponses et en modifier une") },
	{ RS_BACK, KEY_F(6), UI_CTRL('P'), "F6 ^P", N_("Retour"),
	    N_("Revenir à la dernière question de l'entretien") },
	{ RS_NEW, KEY_F(9), 'n', "F9 n", N_("Nouveau"),
	    N_("Commencer un nouvel entretien") },
	{ RS_HOME, KEY_F(10), 'q', "F10 q ^Q", N_("Accueil"),
	    N_("Revenir à l'accueil") },
	{ RS_HOME, 0, UI_CTRL('Q'), "^Q", NULL, NULL },
	{ RS_UP, KEY_UP, 'k', "↑ k", NULL, N_("Remonter d'une ligne") },
	{ RS_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Descendre d'une ligne") },
	{ RS_PGUP, KEY_PPAGE, 'b', "PgPréc b", NULL, N_("Page précédente") },
	{ RS_PGDN, KEY_NPAGE, ' ', "PgSuiv Espace", NULL,
	    N_("Page suivante") },
	{ RS_TOP, KEY_HOME, 'g', "Début g", NULL, N_("Aller au début") },
	{ RS_END, KEY_END, 'G', "Fin G", NULL, N_("Aller à la fin") },
};

struct para {
	int	 style;
	int	 indent;
	int	 hang;		/* continuation lines: this much further */
	char	*text;
};

static struct {
	struct para	*p;
	int		 n, cap;
	int		 scroll;	/* first physical line shown */
	int		 lines;		/* physical lines at the last draw */
	int		 saving;	/* the file name prompt is open */
	int		 plan;		/* paragraph of the plan heading */
	int		 to_plan;	/* scroll there at the next draw */
	struct ui_field	 fld;
} rs;

static void
add(int style, int indent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(int style, int indent, const char *fmt, ...)
{
	va_list ap;
	char buf[2000];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (rs.n == rs.cap) {
		rs.cap = rs.cap ? rs.cap * 2 : 64;
		rs.p = xrealloc(rs.p, sizeof *rs.p * (size_t)rs.cap);
	}
	rs.p[rs.n].style = style;
	rs.p[rs.n].indent = indent;
	/* "✓ text", "→ text", "1. text", "☐ text": align under the text. */
	rs.p[rs.n].hang = 0;
	if (strncmp(buf, "✓ ", 4) == 0 || strncmp(buf, "✗ ", 4) == 0 ||
	    strncmp(buf, "→ ", 4) == 0 || strncmp(buf, "☐ ", 4) == 0 ||
	    strncmp(buf, "? ", 2) == 0)
		rs.p[rs.n].hang = 2;
	else if (buf[0] >= '1' && buf[0] <= '9')
		rs.p[rs.n].hang = buf[1] == '.' ? 3 : 4;
	rs.p[rs.n].text = xstrdup(buf);
	rs.n++;
}

static void
clear_paras(void)
{
	int i;

	for (i = 0; i < rs.n; i++)
		free(rs.p[i].text);
	free(rs.p);
	rs.p = NULL;
	rs.n = rs.cap = 0;
}

/* Words for a domain id of the rule base (folder names). */
static const char *
domain_label(const char *id)
{
	static const struct { const char *id, *label; } t[] = {
		{ "insertion", N_("Insertion, ressources, santé") },
		{ "logement", N_("Logement") },
		{ "handicap", N_("Handicap") },
		{ "enfance-famille", N_("Enfance et famille") },
		{ "personnes-agees", N_("Personnes âgées") },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].id, id) == 0)
			return _(t[i].label);
	return id;
}

static const char *
period_words(const char *period)
{
	if (period == NULL)
		return "";
	if (strcmp(period, "month") == 0)
		return _(" par mois");
	if (strcmp(period, "year") == 0)
		return _(" par an");
	if (strcmp(period, "once") == 0)
		return _(" une fois");
	return "";
}

static void
add_scheme(const struct ui *ui, const struct scheme_result *s)
{
	const struct scheme *d = s->def;
	char amount[160] = "", where[600] = "", m[40];
	int c, k, len = 0;
	const char *mark = s->verdict == VERDICT_LIKELY ? "✓" : "?";
	const char *word = s->verdict == VERDICT_LIKELY ? _("Probable") :
	    _("À vérifier");

	if (s->has_amount)
		snprintf(amount, sizeof amount, _(" : %s%s (estimation)"),
		    ui_money(s->amount, m), period_words(d->period));
	add(s->verdict == VERDICT_LIKELY ? UI_LIKELY : UI_TOCHECK, 2,
	    "%s %s — %s%s", mark, word, d->name, amount);
	if (s->non_take_up)
		add(UI_NONTAKEUP, 6, "«%s» %s", _("non-recours"),
		    d->non_take_up_text != NULL ? d->non_take_up_text :
		    _("la personne ne semble pas le percevoir : à demander"));
	if (s->variant >= 0 && d->variants[s->variant].text != NULL &&
	    strcmp(d->variants[s->variant].text, d->name) != 0)
		add(UI_NORMAL, 6, _("Variante : %s"),
		    d->variants[s->variant].text);
	for (c = 0; c < d->nconds; c++) {
		if (d->conds[c].text == NULL)
			continue;
		add(s->conds[c] == 1 ? UI_NORMAL : s->conds[c] == 0 ?
		    UI_DIM : UI_TOCHECK, 6, "%s %s", s->conds[c] == 1 ? "✓" :
		    s->conds[c] == 0 ? "✗" : "?", d->conds[c].text);
	}
	for (k = 0; k < d->nservices && len < (int)sizeof where - 1; k++) {
		const struct service_kind *sk = rules_kind(ui->rules,
		    d->services[k]);

		len += snprintf(where + len, sizeof where - (size_t)len,
		    "%s%s", k ? ", " : "", sk != NULL && sk->name != NULL ?
		    sk->name : d->services[k]);
	}
	if (where[0] != '\0')
		add(UI_INFO, 6, _("Où : %s"), where);
	if (d->apply_online != NULL)
		add(UI_NORMAL, 6, _("En ligne : %s"), d->apply_online);
}

/* Where to go: name, phone, address, hours; "to verify" when so. */
static void
add_office(const struct office *o)
{
	const struct service *sv = o->service;
	const struct structure *sx = sv->structure;
	const char *phone = sv->phone != NULL ? sv->phone : sx != NULL ?
	    sx->phone : NULL;
	const char *hours = sv->hours != NULL ? sv->hours : sx != NULL ?
	    (sx->hours_text != NULL ? sx->hours_text : sx->hours) : NULL;
	char tel[64] = "";

	if (phone != NULL)
		territory_phone_format(phone, tel, sizeof tel);
	add(UI_INFO, 6, "→ %s%s%s%s", sx != NULL && sx->name != NULL ?
	    sx->name : sv->name, tel[0] ? " — " : "", tel,
	    sv->verif.status == VERIF_VERIFIED ? "" : _(" (à vérifier)"));
	if (sx != NULL && sx->address != NULL)
		add(UI_NORMAL, 8, "%s%s%s%s%s", sx->address, sx->postcode ?
		    ", " : "", sx->postcode ? sx->postcode : "", sx->town ?
		    " " : "", sx->town ? sx->town : "");
	if (hours != NULL)
		add(UI_DIM, 8, "%s", hours);
	if (o->why == OFFICE_CONTACT_GENERAL)
		add(UI_DIM, 8, "%s", _("secteur non connu : contact général "
		    "du département"));
}

static void
build(struct ui *ui)
{
	const struct result *res = ui->it->res;
	const struct rules *r = ui->rules;
	char date[16];
	int i, k, d, pass, nshown = 0;

	clear_paras();
	if (res->nurgency_order > 0) {
		add(UI_URGENT, 0, "%s", _("‼ URGENCES — à traiter d'abord"));
		for (i = 0; i < res->nurgency_order; i++) {
			int u = res->urgency_order[i];
			const struct urgency *ud = &r->urgencies[u];

			add(UI_ERROR, 2, "‼ %s  %s", res->urgencies[u].priority,
			    ud->title);
			if (ud->banner != NULL && strcmp(ud->banner,
			    ud->title) != 0)
				add(UI_NORMAL, 6, "%s", ud->banner);
			for (k = 0; k < ud->nactions; k++)
				add(UI_NORMAL, 6, "→ %s", ud->actions[k]);
		}
		add(UI_NORMAL, 0, "%s", "");
	}
	add(UI_HEADING, 0, "%s", _("Droits probables et à vérifier"));
	/* Domains with a likely right first, then the others. */
	for (d = 0; d < 2 * r->ndomains; d++) {
		int head = 0, likely = 0;

		for (i = 0; i < r->nnational; i++)
			if (res->schemes[i].verdict == VERDICT_LIKELY &&
			    strcmp(res->schemes[i].def->domain,
			    r->domains[d % r->ndomains]) == 0)
				likely = 1;
		if (likely != (d < r->ndomains))
			continue;

		for (pass = 0; pass < 2; pass++)
			for (i = 0; i < r->nnational; i++) {
				const struct scheme_result *s =
				    &res->schemes[i];

				if (s->verdict != (pass == 0 ? VERDICT_LIKELY :
				    VERDICT_TO_CHECK) || strcmp(s->def->domain,
				    r->domains[d % r->ndomains]) != 0)
					continue;
				if (!head) {
					add(UI_HEADING, 1, "%s", domain_label(
					    r->domains[d % r->ndomains]));
					head = 1;
				}
				add_scheme(ui, s);
				nshown++;
			}
	}
	if (nshown == 0)
		add(UI_DIM, 2, "%s", _("Aucun droit probable ni à vérifier "
		    "avec les réponses données."));
	add(UI_NORMAL, 0, "%s", "");
	rs.plan = rs.n;
	add(UI_HEADING, 0, "%s", _("Plan d'orientation"));
	for (i = 0; i < res->nplan; i++) {
		const struct plan_step *st = &res->plan[i];
		char names[800];
		int len = 0;

		add(UI_INFO, 2, "%d. %s", i + 1, st->title != NULL ?
		    st->title : st->service);
		if (st->why != NULL)
			add(UI_NORMAL, 6, "%s", st->why);
		for (k = 0; k < st->noffices && k < 2; k++)
			add_office(&st->offices[k]);
		names[0] = '\0';
		for (k = 0; k < st->nschemes && len < (int)sizeof names - 1;
		    k++)
			len += snprintf(names + len, sizeof names -
			    (size_t)len, "%s%s", k ? ", " : "",
			    r->schemes[st->schemes[k]].name);
		if (names[0] != '\0')
			add(UI_NORMAL, 6, _("Pour : %s"), names);
		if (st->assisted)
			add(UI_NORMAL, 6, "%s", _("Avec une aide pour faire la "
			    "démarche (France services, CCAS…)"));
	}
	if (res->nplan == 0)
		add(UI_DIM, 2, "%s", _("Pas d'étape à ce stade."));
	add(UI_NORMAL, 0, "%s", "");
	add(UI_HEADING, 0, "%s", _("Documents à apporter"));
	for (i = 0; i < res->ndocuments; i++) {
		const struct document *doc = rules_document(r,
		    res->documents[i]);

		add(UI_NORMAL, 2, "☐ %s", doc != NULL && doc->label != NULL ?
		    doc->label : res->documents[i]);
	}
	if (res->ndocuments == 0)
		add(UI_DIM, 2, "%s", _("Aucun document particulier."));
	add(UI_NORMAL, 0, "%s", "");
	add(UI_DIM, 0, _("Évaluation du %s · règles %s · les montants sont "
	    "des estimations ; le programme oriente, il ne décide pas d'un "
	    "droit."), date_format(res->date, date), r->version);
}

static void
result_enter(struct ui *ui)
{
	if (ui->it == NULL)
		ui_interview_start(ui, NULL);
	ui->it->res = eval_run(ui->it->ev, &ui->it->sit, ui->it->date);
	rs.scroll = 0;
	rs.saving = 0;
	build(ui);
	if (ui->hooks.interview_finished != NULL)
		ui->hooks.interview_finished(ui->hooks.ctx, ui->it,
		    ui->it->res);
}

static void
result_leave(struct ui *ui)
{
	(void)ui;
	clear_paras();
}

/* Wrapping one paragraph: count its lines, or draw those in view. */
struct wrap_ctx {
	struct ui		*ui;
	const struct para	*p;
	int			 n;		/* lines so far */
	int			 y0;		/* screen row of line 0 */
	int			 top, bottom;	/* rows that may be drawn */
	int			 draw;
};

static void
wrap_line(void *ctx, const char *s, int nbytes)
{
	struct wrap_ctx *c = ctx;
	int y = c->y0 + c->n, x = 1 + c->p->indent + (c->n ? c->p->hang : 0);
	char buf[2000];

	if (c->draw && y >= c->top && y < c->bottom) {
		if (c->p->style == UI_URGENT)
			ui_fill(c->ui, y, 0, COLS, UI_URGENT);
		snprintf(buf, sizeof buf, "%.*s", nbytes, s);
		ui_put(c->ui, y, x, COLS - 1 - x, c->p->style, buf);
	}
	c->n++;
}

/* Lines of paragraph `p` at the current width (drawing them if asked). */
static int
wrap_para(struct ui *ui, const struct para *p, int y0, int top, int bottom,
    int draw)
{
	struct wrap_ctx c = { ui, p, 0, y0, top, bottom, draw };
	int w = COLS - 2 - p->indent - p->hang;

	/* Every line at the continuation width: the first one simply
	 * leaves `hang` columns unused. */
	ui_wrap(p->text, w, wrap_line, &c);
	return c.n > 0 ? c.n : 1;
}

static void
result_draw(struct ui *ui, int top, int bottom)
{
	int y = 0, i, rows = bottom - top;

	if (rs.saving)
		rows -= 2;
	/* Count the lines first so that scrolling stops at the end. */
	rs.lines = 0;
	for (i = 0; i < rs.n; i++) {
		if (i == rs.plan && rs.to_plan) {
			rs.scroll = rs.lines;
			rs.to_plan = 0;
		}
		rs.lines += wrap_para(ui, &rs.p[i], 0, 0, 0, 0);
	}
	if (rs.scroll > rs.lines - rows)
		rs.scroll = rs.lines - rows;
	if (rs.scroll < 0)
		rs.scroll = 0;
	for (i = 0; i < rs.n && y - rs.scroll < rows; i++)
		y += wrap_para(ui, &rs.p[i], top + y - rs.scroll, top,
		    top + rows, 1);
	ui->cur_y = top;
	ui->cur_x = 1;
	if (rs.lines > rows) {
		char pos[64];

		snprintf(pos, sizeof pos, _(" lignes %d–%d sur %d "),
		    rs.scroll + 1, rs.scroll + rows < rs.lines ? rs.scroll +
		    rows : rs.lines, rs.lines);
		ui_put(ui, 0, COLS - ui_width(pos) - 1, ui_width(pos),
		    UI_TITLE, pos);
	}
	if (rs.saving) {
		ui_put(ui, bottom - 1, 1, 30, UI_NORMAL,
		    _("Enregistrer le résumé dans :"));
		ui_field_draw(ui, &rs.fld, bottom - 1, 31, COLS - 33);
		ui_put(ui, bottom - 2, 1, COLS - 2, UI_DIM,
		    _("Entrée : enregistrer · Échap : annuler"));
	}
}

static void
save_summary(struct ui *ui)
{
	FILE *f;
	int rc;

	if (rs.fld.len == 0) {
		ui_message(ui, UI_ERROR, "%s", _("Donnez un nom de fichier."));
		return;
	}
	if ((f = fopen(rs.fld.buf, "w")) == NULL) {
		ui_message(ui, UI_ERROR, _("Impossible d'écrire « %s » : %s"),
		    rs.fld.buf, strerror(errno));
		return;
	}
	if (ui->hooks.write_summary != NULL)
		rc = ui->hooks.write_summary(ui->hooks.ctx, f, ui->rules,
		    ui->it, ui->it->res, ui->discreet_used);
	else {
		report_text(f, ui->rules, ui->it->res);
		rc = ferror(f) ? -1 : 0;
	}
	if (fclose(f) == EOF || rc == -1) {
		ui_message(ui, UI_ERROR, _("Écriture de « %s » incomplète : "
		    "%s"), rs.fld.buf, strerror(errno));
		return;
	}
	rs.saving = 0;
	ui_message(ui, UI_INFO, _("Résumé enregistré dans « %s »."),
	    rs.fld.buf);
}

static void
result_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	int page = LINES - 6;
	char name[64], date[16];

	if (rs.saving) {
		if ((!fkey && (ch == '\r' || ch == '\n')) || (fkey &&
		    ch == KEY_ENTER))
			save_summary(ui);
		else if (!fkey && ch == 27)
			rs.saving = 0;
		else
			ui_field_key(&rs.fld, ch, fkey);
		return;
	}
	switch (action) {
	case RS_UP:
		rs.scroll--;
		break;
	case RS_DOWN:
		rs.scroll++;
		break;
	case RS_PGUP:
		rs.scroll -= page;
		break;
	case RS_PGDN:
		rs.scroll += page;
		break;
	case RS_TOP:
		rs.scroll = 0;
		break;
	case RS_END:
		rs.scroll = rs.lines;
		break;
	case RS_SAVE:
		snprintf(name, sizeof name, "resume-%s.txt",
		    date_format(ui->it->res->date, date));
		ui_field_set(&rs.fld, name);
		rs.saving = 1;
		break;
	case RS_PLAN:
		rs.to_plan = 1;
		break;
	case RS_REVIEW:
		ui_push(ui, &ui_review_screen);
		break;
	case RS_BACK:
		ui_interview_back(ui);
		break;
	case RS_NEW:
		ui_interview_start(ui, NULL);
		ui_switch(ui, &ui_interview_screen);
		break;
	case RS_HOME:
		ui_switch(ui, &ui_home_screen);
		break;
	}
	if (rs.scroll < 0)
		rs.scroll = 0;
}

const struct ui_screen ui_result_screen = {
	N_("Résultats"), result_enter, result_leave, result_draw, result_key,
	result_keys, sizeof result_keys / sizeof result_keys[0], 1
};
