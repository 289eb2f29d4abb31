/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "report.h"
#include "rules.h"

/* RS_UP..RS_END in the order of enum ui_list_move (result_key). */
enum {
	RS_UP = 1, RS_DOWN, RS_PGUP, RS_PGDN, RS_TOP, RS_END, RS_SAVE,
	RS_REVIEW, RS_BACK, RS_NEW, RS_HOME, RS_PLAN, RS_DETAILS,
	RS_SAVE_DISCREET, RS_FULL
};
_Static_assert(RS_END - RS_UP == UI_LIST_END - UI_LIST_UP &&
    RS_TOP - RS_UP == UI_LIST_HOME, "the moves of the results");

static const struct ui_key result_keys[] = {
	{ RS_SAVE, KEY_F(2), UI_CTRL('S'), "F2 ^S", N_("Save"),
	    N_("Save the person's summary to a text file") },
	{ RS_SAVE_DISCREET, KEY_F(11), 'x', "F11 x", NULL,
	    N_("Save the discreet summary: nothing of the violence or "
	    "abuse that could put the person at risk if someone else reads "
	    "it") },
	/* TRANSLATORS: the letter c (fixed) continues the interview. */
	{ RS_FULL, KEY_F(4), 'c', "F4 c", NULL,
	    N_("After the orientation: go on to the full check of every "
	    "right (the answers stay)") },
	/* TRANSLATORS: a hint: the orientation plan (where to go). */
	{ RS_PLAN, KEY_F(7), 'p', "F7 p", N_("Plan"),
	    N_("Go to the orientation plan (where to go, in order)") },
	{ RS_REVIEW, KEY_F(3), UI_CTRL('R'), "F3 ^R", N_("Review"),
	    N_("Review the answers and change one") },
	{ RS_BACK, KEY_F(6), UI_CTRL('P'), "F6 ^P", N_("Back"),
	    N_("Go back to the last question of the interview") },
	/* TRANSLATORS: a hint: a new interview. The letters (p, n, q, b,
	   g, G) are fixed in every language. */
	{ RS_NEW, KEY_F(9), 'n', "F9 n", N_("New"),
	    N_("Start a new interview") },
	{ RS_HOME, KEY_F(10), 'q', "F10 q ^Q", N_("Home"),
	    N_("Go back to the home screen") },
	{ RS_HOME, 0, UI_CTRL('Q'), "^Q", NULL, NULL },
	{ RS_HOME, 0, 27, "Esc", NULL, NULL },
	/* TRANSLATORS: a hint: everything after the first screen (each
	   right with its reasons, the full plan, the documents). */
	{ RS_DETAILS, KEY_F(8), 'd', "F8 d", N_("Details"),
	    N_("Go to the details: every right by domain, the full plan") },
	{ RS_UP, KEY_UP, 'k', "↑ k", NULL, N_("Up one line") },
	{ RS_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Down one line") },
	/* TRANSLATORS: key names: Page Up and the letter b. */
	{ RS_PGUP, KEY_PPAGE, 'b', N_("PgUp b"), NULL, N_("Previous page") },
	/* TRANSLATORS: key names: Page Down and the space bar. */
	{ RS_PGDN, KEY_NPAGE, ' ', N_("PgDn Space"), NULL,
	    N_("Next page") },
	/* TRANSLATORS: key names: Home and the letter g. */
	{ RS_TOP, KEY_HOME, 'g', N_("Home g"), NULL, N_("Go to the top") },
	/* TRANSLATORS: key names: End and the letter G. */
	{ RS_END, KEY_END, 'G', N_("End G"), NULL, N_("Go to the end") },
};

/* The screen's own state (ui_state). */
struct result_state {
	struct ui_text	 text;		/* the content, as paragraphs */
	int		 saving;	/* the file name prompt is open */
	int		 discreet;	/* ... for the discreet summary */
	int		 plan;		/* paragraph of the plan heading */
	int		 details;	/* paragraph of the details heading */
	struct ui_field	 fld;
};

static void
add(struct result_state *rs, int style, int indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A paragraph; "✓ text", "→ text", "1. text"…: continuation lines go
 * under the text, after the marker. */
static void
add(struct result_state *rs, int style, int indent, const char *fmt, ...)
{
	va_list ap;
	char buf[2000];
	struct ui_text_para *p;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_text_add(&rs->text, style, indent, "%s", buf);
	p = ui_text_last(&rs->text);
	if (strncmp(buf, "✓ ", 4) == 0 || strncmp(buf, "✗ ", 4) == 0 ||
	    strncmp(buf, "→ ", 4) == 0 || strncmp(buf, "☐ ", 4) == 0 ||
	    strncmp(buf, "? ", 2) == 0 || strncmp(buf, "! ", 2) == 0)
		p->hang = 2;
	else if (buf[0] >= '1' && buf[0] <= '9')
		p->hang = buf[1] == '.' ? 3 : 4;
}

/* The last paragraph added holds one line: cut rather than wrapped. */
static void
cut_last(struct result_state *rs)
{
	ui_text_last(&rs->text)->cut = 1;
}

static void
add_scheme(const struct ui *ui, const struct result *res,
    const struct scheme_result *s)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);
	const struct scheme *d = s->def;
	char amount[160] = "", where[600] = "", m[40], text[1000], waits[1000];
	const char *const *svc;
	int c, k, len = 0, nsvc;
	const char *mark = s->verdict == VERDICT_LIKELY ? "✓" : "?";
	/* TRANSLATORS: a scheme's verdict, before its name. */
	const char *word = s->verdict == VERDICT_LIKELY ? _("Likely") :
	    _("To check");

	/* Nothing to pay or receive (the free CSS): the variant says so. */
	if (s->has_amount && (s->amount != 0 || s->variant < 0))
		/* TRANSLATORS: after a scheme's name: the estimated amount
		   and its period (" a month"). */
	{
		if (d->amount_is != AMOUNT_RECEIVED)
			format_amount(d->amount_is, s->amount, d->period,
			    amount, sizeof amount, 0);
		else
			snprintf(amount, sizeof amount, _(": %s%s "
			    "(estimate)"), ui_money(s->amount, m),
			    format_period_words(d->period));
		if (s->unconfirmed)
			strncat(amount, format_unconfirmed(), sizeof amount -
			    strlen(amount) - 1);
	}
	add(rs, s->verdict == VERDICT_LIKELY ? UI_LIKELY : UI_TOCHECK, 2,
	    "%s %s — %s%s", mark, word, d->name, amount);
	if (s->non_take_up)
		/* TRANSLATORS: the person likely does not claim a right
		   (non-take-up); %s says what to do. */
		add(rs, UI_NONTAKEUP, 6, _("\"non-take-up\" %s"),
		    d->non_take_up_text != NULL ? d->non_take_up_text :
		    _("the person does not seem to receive it: to claim"));
	if (s->received)
		/* TRANSLATORS: under a right the person says they
		   receive: nothing to claim, no step in the plan. */
		add(rs, UI_NORMAL, 6, "%s", _("already received: nothing to "
		    "claim"));
	if (s->variant >= 0 && d->variants[s->variant].text != NULL &&
	    strcmp(d->variants[s->variant].text, d->name) != 0)
		add(rs, UI_NORMAL, 6, _("Variant: %s"),
		    d->variants[s->variant].text);
	for (c = 0; c < d->nconds; c++) {
		if (d->conds[c].text == NULL)
			continue;
		add(rs, s->conds[c] == 1 ? UI_NORMAL : s->conds[c] == 0 ?
		    UI_DIM : UI_TOCHECK, 6, "%s %s", s->conds[c] == 1 ? "✓" :
		    s->conds[c] == 0 ? "✗" : "?", d->conds[c].text);
	}
	/* Every condition holds: why it is to check all the same. */
	if (report_to_check_text(s) != NULL)
		/* TRANSLATORS: under a right on the results screen whose
		   conditions all hold: why it is to check (the rule's
		   to_check_text). */
		add(rs, UI_TOCHECK, 6, _("! to check: %s"),
		    report_to_check_text(s));
	/* No amount although the rule computes one: what it waits for. */
	if (report_amount_waits(ui->rules, s, waits, sizeof waits) != NULL)
		/* TRANSLATORS: under a right on the results screen without
		   an amount: the questions (quoted, "; " between them) it
		   waits for. */
		add(rs, UI_TOCHECK, 6, _("? amount to be specified: it "
		    "depends on %s"), waits);
	/* How the rules compute its amount, for the agent who checks it
	   (not for a right received already: nothing to claim). */
	if (s->has_amount && d->rounding != NULL && !s->received)
		/* TRANSLATORS: under a right with an amount on the results
		   screen: how the rules compute it (the rule's
		   `rounding`). */
		add(rs, UI_NORMAL, 6, _("= how it is computed: %s"), d->rounding);
	/* The benefits due that its resources count ("all rights
	   claimed"), with their amounts. */
	for (c = 0; c < d->ncounted; c++)
		if (s->counted_known[c] && s->counted[c] > 0)
			/* TRANSLATORS: under a right on the results screen:
			   a benefit due that its resources count, and its
			   amount. */
			add(rs, UI_NORMAL, 6, _("+ counted in the resources: %s: %s"),
			    ui->rules->derived[rules_derived_index(ui->rules,
			    d->counted_ids[c])].text, ui_money(s->counted[c], m));
	/* Another right shown that it does not combine with, or that
	   comes first (its incompatible_with). */
	for (c = 0; c < d->nincompat; c++) {
		const char *note = report_incompat_note(res, d, c, text,
		    sizeof text);

		if (note != NULL)
			add(rs, UI_NORMAL, 6, "%s %s",
			    d->incompat[c].counted ? "+" : "≠", note);
	}
	/* Contradictory answers among what it reads: why it is to check. */
	for (c = 0; c < res->nwarnings; c++)
		if (result_warning_touches(res, c, s))
			add(rs, UI_TOCHECK, 6, "! %s", report_warning_text(
			    ui->rules, res, c, text, sizeof text));
	/* Received already: nowhere to go, nothing to apply for. */
	svc = scheme_services(d, s->variant, &nsvc);
	if (s->received)
		nsvc = 0;
	for (k = 0; k < nsvc && len < (int)sizeof where - 1; k++) {
		const struct service_kind *sk = rules_kind(ui->rules, svc[k]);

		len += snprintf(where + len, sizeof where - (size_t)len,
		    "%s%s", k ? ", " : "", sk != NULL && sk->name != NULL ?
		    sk->name : svc[k]);
	}
	if (where[0] != '\0')
		add(rs, UI_INFO, 6, _("Where: %s"), where);
	if (d->apply_online != NULL && !s->received)
		add(rs, UI_NORMAL, 6, _("Online: %s"), d->apply_online);
}

/* Where to go: name, phone, address, hours; "to verify" when so. */
static void
add_office(struct result_state *rs, const struct plan_step *st, int k)
{
	const struct office *o = &st->offices[k];
	const struct service *sv = o->service;
	const struct structure *sx = sv->structure;
	const char *phone = territory_service_phone(sv);
	const char *hours = territory_service_hours(sv);
	const char *web = territory_service_web(sv);
	char tel[64] = "", note[300], hbuf[512];

	if (phone != NULL)
		territory_phone_format(phone, tel, sizeof tel);
	if (hours != NULL)
		hours = format_hours(hours, hbuf, sizeof hbuf);
	add(rs, UI_INFO, 6, "→ %s%s%s%s", territory_office_name(o),
	    tel[0] ? " — " : "", tel,
	    sv->verif.status == VERIF_VERIFIED ? "" : _(" (to verify)"));
	if (sx != NULL && sx->address != NULL)
		add(rs, UI_NORMAL, 8, "%s%s%s%s%s", sx->address, sx->postcode ?
		    ", " : "", sx->postcode ? sx->postcode : "", sx->town ?
		    " " : "", sx->town ? sx->town : "");
	if (web != NULL)
		add(rs, UI_NORMAL, 8, _("Website: %s"), web);
	if (hours != NULL)
		add(rs, UI_DIM, 8, "%s", hours);
	if (report_office_note(st, k, note, sizeof note) != NULL)
		add(rs, UI_DIM, 8, "%s", note);
}

/*
 * What the first screen says of the questions left, into buf (issue
 * 14): the orientation is done and F4 goes on to the full check, or the
 * interview was stopped (F8) before the plan was settled and F4 goes on
 * to its end. "" when nothing is left to ask.
 */
static const char *
left_text(const struct ui *ui, char *buf, size_t size)
{
	const struct interview *it = ui->it;
	int n = it->res->nnext;

	buf[0] = '\0';
	if (n <= 0)
		return buf;
	if (!interview_oriented(it))
		/* TRANSLATORS: on the first result screen when the agent
		   finished (F8) before the orientation was done; F4 and c
		   are the keys. */
		snprintf(buf, size, Q_("Stopped before the orientation is "
		    "done: about %d more question can change the urgencies or "
		    "the plan. F4 (c): go on.", "Stopped before the "
		    "orientation is done: about %d more questions can change "
		    "the urgencies or the plan. F4 (c): go on.",
		    it->norientation), it->norientation);
	else
		/* TRANSLATORS: on the first result screen after the
		   orientation; F4 and c are the keys. */
		snprintf(buf, size, Q_("Orientation done. F4 (c): the full "
		    "check of every right, about %d more question.",
		    "Orientation done. F4 (c): the full check of every right, "
		    "about %d more questions.", n), n);
	return buf;
}

/*
 * The first screen (issue 14): urgencies, the plan in one or two lines a
 * step (who, phone, when), what to bring, and the five most valuable
 * likely rights with their estimates. Everything else is under
 * "Details", one key away.
 */
/*
 * The first office of step `st`, on one line: name, phone, hours. 0 when
 * the step has none.
 */
static int
glance_office(struct result_state *rs, const struct plan_step *st, int indent)
{
	const struct office *o = st->noffices > 0 ? &st->offices[0] : NULL;
	const struct service *sv = o != NULL ? o->service : NULL;
	const char *phone = sv == NULL ? NULL : territory_service_phone(sv);
	const char *hours = sv == NULL ? NULL : territory_service_hours(sv);
	char tel[64] = "", near[80] = "", hbuf[512];

	if (sv == NULL)
		return 0;
	if (phone != NULL)
		territory_phone_format(phone, tel, sizeof tel);
	if (hours != NULL)
		hours = format_hours(hours, hbuf, sizeof hbuf);
	if (o->why == OFFICE_NEAREST)
		snprintf(near, sizeof near, _(" (nearest, %d km, not "
		    "confirmed as competent)"), o->km);
	add(rs, UI_NORMAL, indent, "→ %s%s%s%s%s%s%s",
	    territory_office_name(o), tel[0] ? " — " : "", tel, sv->verif.status == VERIF_VERIFIED ?
	    "" : _(" (to verify)"), near, hours != NULL ? " · " : "",
	    hours != NULL ? hours : "");
	cut_last(rs);	/* the phone first: the hours may be cut */
	return 1;
}

static void
build_glance(struct ui *ui)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);
	const struct result *res = ui->it->res;
	const struct rules *r = ui->rules;
	char m[40], docs[600], left[400], note[400];
	const char *nt;
	int i, k, top[5], ntop, nlikely, steps[3], nsteps, nother = 0;
	int counted = 0;

	for (i = 0; i < res->nurgency_order; i++) {
		int u = res->urgency_order[i];
		const struct urgency *ud = &r->urgencies[u];

		add(rs, UI_ERROR, 0, "‼ %s  %s", res->urgencies[u].priority,
		    ud->title);
		if (ud->banner != NULL && strcmp(ud->banner, ud->title) != 0)
			add(rs, UI_NORMAL, 4, "%s", ud->banner);
		/* where its step of the plan sends the person */
		for (k = 0; k < res->nplan; k++)
			if (res->plan[k].urgency == ud->id) {
				(void)glance_office(rs, &res->plan[k], 4);
				break;
			}
	}
	if (res->nwarnings > 0)
		/* TRANSLATORS: on the first result screen; the details
		   list them. */
		add(rs, UI_TOCHECK, 0, _("! Answers that contradict each other: "
		    "%d (details: F8)"), res->nwarnings);
	ntop = report_glance_rights(r, res, top, 5, &nlikely);
	nsteps = report_glance_steps(res, top, ntop, steps, 3);
	for (i = 0; i < res->nplan; i++)
		nother += res->plan[i].urgency == NULL;
	nother -= nsteps;
	for (k = 0; k < nsteps; k++) {
		const struct plan_step *st = &res->plan[steps[k]];

		add(rs, UI_INFO, 0, "%d. %s", steps[k] + 1, st->title != NULL ?
		    st->title : st->service);
		if (!glance_office(rs, st, 3))
			cut_last(rs);
	}
	if (nother > 0)
		/* TRANSLATORS: on the first result screen, after the main
		   steps of the plan. */
		add(rs, UI_DIM, 3, Q_("and %d other step (plan: F7)",
		    "and %d other steps (plan: F7)", nother), nother);
	report_documents_short(r, res, 3, docs, sizeof docs);
	if (docs[0] != '\0')
		/* TRANSLATORS: the documents to bring, on one line. */
		add(rs, UI_NORMAL, 0, _("To bring: %s"), docs);

	for (k = 0; k < nlikely; k++) {
		const struct scheme_result *s = &res->schemes[top[k]];
		char amount[160] = "";

		const char *variant = s->variant >= 0 ?
		    s->def->variants[s->variant].text : NULL;
		int c;

		if (variant != NULL && (strcmp(variant, s->def->name) == 0 ||
		    !s->has_amount))
			variant = NULL;	/* only to say what an amount is */
		if (s->has_amount && s->def->amount_is != AMOUNT_RECEIVED &&
		    (s->amount > 0 || s->def->amount_is == AMOUNT_PAYMENT))
			format_amount(s->def->amount_is, s->amount,
			    s->def->period, amount, sizeof amount, 0);
		else if (s->has_amount && s->amount > 0)
			snprintf(amount, sizeof amount, _(": %s%s (estimate)"),
			    ui_money(s->amount, m), format_period_words(
			    s->def->period));
		if (amount[0] != '\0' && s->unconfirmed)
			strncat(amount, format_unconfirmed(), sizeof amount -
			    strlen(amount) - 1);
		/* The variant says what the amount is (the CSS: free, or
		 * what the person pays), from the rules. */
		add(rs, UI_LIKELY, 0, "✓ %s%s%s%s", s->def->name, variant != NULL ?
		    " — " : "", variant != NULL ? variant : "", amount);
		/* A right that counts another in its resources (RSA and
		 * AAH or ASPA): which one comes first, from the rules. */
		for (c = 0; c < s->def->ncounted; c++)
			if (s->counted_known[c] && s->counted[c] > 0) {
				add(rs, UI_DIM, 2, _("+ counted in the resources: "
				    "%s: %s"), r->derived[rules_derived_index(
				    r, s->def->counted_ids[c])].text,
				    ui_money(s->counted[c], m));
				cut_last(rs);
			}
		/* Two rights shown that do not combine (the CEJ allowance
		 * and the RSA), from the rules. */
		if ((nt = report_top_incompat(res, top, nlikely, top[k],
		    note, sizeof note, &counted)) != NULL) {
			add(rs, UI_DIM, 2, "%s %s", counted ? "+" : "≠", nt);
			cut_last(rs);
		}
	}
	if (nlikely == 0 && res->nurgency_order == 0)
		add(rs, UI_DIM, 0, "%s", _("No likely right with the answers "
		    "given."));
	/* The key rights the plan sends the person to check (APA with
	   the GIR to assess, the CSS with the payslips). */
	for (k = nlikely; k < ntop; k++)
		add(rs, UI_TOCHECK, 0, "? %s — %s",
		    res->schemes[top[k]].def->name, _("to check"));
	if (left_text(ui, left, sizeof left)[0] != '\0')
		add(rs, UI_INFO, 0, "%s", left);
}

static void
build(struct ui *ui)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);
	const struct result *res = ui->it->res;
	const struct rules *r = ui->rules;
	char date[16], text[1000];
	int i, k, d, pass, nshown = 0;

	ui_text_clear(&rs->text);
	build_glance(ui);
	add(rs, UI_NORMAL, 0, "%s", "");
	rs->details = rs->text.n;
	/* TRANSLATORS: a heading; F8 and d are the keys that come here. */
	add(rs, UI_HEADING, 0, "%s", _("Details (F8 d): every right by domain, "
	    "the full plan, the documents"));
	if (res->nurgency_order > 0) {
		add(rs, UI_URGENT, 0, "%s", _("‼ URGENCIES — deal with them "
		    "first"));
		for (i = 0; i < res->nurgency_order; i++) {
			int u = res->urgency_order[i];
			const struct urgency *ud = &r->urgencies[u];

			add(rs, UI_ERROR, 2, "‼ %s  %s", res->urgencies[u].priority,
			    ud->title);
			if (ud->banner != NULL && strcmp(ud->banner,
			    ud->title) != 0)
				add(rs, UI_NORMAL, 6, "%s", ud->banner);
			for (k = 0; k < ud->nactions; k++)
				add(rs, UI_NORMAL, 6, "→ %s", ud->actions[k]);
		}
		add(rs, UI_NORMAL, 0, "%s", "");
	}
	if (res->nwarnings > 0) {
		add(rs, UI_HEADING, 0, "%s", _("Answers that contradict each "
		    "other — check them with the person"));
		for (i = 0; i < res->nwarnings; i++)
			add(rs, UI_TOCHECK, 2, "! %s", report_warning_text(r, res,
			    i, text, sizeof text));
		add(rs, UI_NORMAL, 0, "%s", "");
	}
	add(rs, UI_HEADING, 0, "%s", _("Likely rights and rights to check"));
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
					add(rs, UI_HEADING, 1, "%s",
					    rules_domain_label(r,
					    r->domains[d % r->ndomains]));
					head = 1;
				}
				add_scheme(ui, res, s);
				nshown++;
			}
	}
	if (nshown == 0)
		add(rs, UI_DIM, 2, "%s", _("No likely right and none to check "
		    "with the answers given."));
	add(rs, UI_NORMAL, 0, "%s", "");
	rs->plan = rs->text.n;
	add(rs, UI_HEADING, 0, "%s", _("Orientation plan"));
	for (i = 0; i < res->nplan; i++) {
		const struct plan_step *st = &res->plan[i];
		char names[800];
		int len = 0;

		add(rs, UI_INFO, 2, "%d. %s", i + 1, st->title != NULL ?
		    st->title : st->service);
		if (st->why != NULL)
			add(rs, UI_NORMAL, 6, "%s", st->why);
		for (k = 0; k < st->noffices && k < 2; k++)
			add_office(rs, st, k);
		names[0] = '\0';
		for (k = 0; k < st->nschemes && len < (int)sizeof names - 1;
		    k++)
			len += snprintf(names + len, sizeof names -
			    (size_t)len, "%s%s", k ? ", " : "",
			    r->schemes[st->schemes[k]].name);
		if (names[0] != '\0')
			add(rs, UI_NORMAL, 6, _("For: %s"), names);
		if (st->assisted)
			add(rs, UI_NORMAL, 6, "%s", _("With help to take the step "
			    "(France services, CCAS…)"));
	}
	if (res->nplan == 0)
		add(rs, UI_DIM, 2, "%s", _("No step at this stage."));
	add(rs, UI_NORMAL, 0, "%s", "");
	add(rs, UI_HEADING, 0, "%s", _("Documents to bring"));
	for (i = 0; i < res->ndocuments; i++) {
		const struct document *doc = rules_document(r,
		    res->documents[i]);

		add(rs, UI_NORMAL, 2, "☐ %s", doc != NULL && doc->label != NULL ?
		    doc->label : res->documents[i]);
	}
	if (res->ndocuments == 0)
		add(rs, UI_DIM, 2, "%s", _("No particular document."));
	add(rs, UI_NORMAL, 0, "%s", "");
	/* TRANSLATORS: the evaluation date (YYYY-MM-DD) and the rule base
	   version (a hash). */
	add(rs, UI_DIM, 0, _("Evaluated on %s · rules %s · amounts are "
	    "estimates; the program guides, it does not decide any right."),
	    date_format(res->date, date), r->version);
}

static void
result_enter(struct ui *ui)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);
	char left[400];

	/* Opened over the interview screen: ui->it is set. */
	ui->it->res = eval_run(ui->it->ev, &ui->it->sit, ui->it->date);
	rs->text.to_para = -1;
	build(ui);
	if (left_text(ui, left, sizeof left)[0] != '\0')
		/* The first screen may be full: say it on the message line
		   too. */
		ui_message(ui, UI_INFO, "%s", left);
	if (ui->hooks.interview_finished != NULL) {
		ui->hooks.interview_finished(ui->hooks.ctx, ui->it,
		    ui->it->res);
		ui_store_check(ui);
	}
}

static void
result_leave(struct ui *ui)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);

	ui_text_clear(&rs->text);
}

static void
result_draw(struct ui *ui, int top, int bottom)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);
	int rows = bottom - top;

	if (rs->saving)
		rows -= 2;
	/* the lines shown, out of how many, in the title bar */
	ui_text_draw(ui, &rs->text, top, top + rows, 1, COLS - 2, 0);
	ui->cur_y = top;
	ui->cur_x = 1;
	if (rs->saving) {
		ui_put(ui, bottom - 1, 1, 30, UI_NORMAL, rs->discreet ?
		    /* TRANSLATORS: before the file name field: at most
		       29 columns. */
		    _("Save discreet summary to:") :
		    /* TRANSLATORS: before the file name field: at most
		       29 columns. */
		    _("Save the summary to:"));
		ui_field_draw(ui, &rs->fld, bottom - 1, 31, COLS - 33);
		ui_put(ui, bottom - 2, 1, COLS - 2, UI_DIM, rs->discreet ?
		    _("Enter: save · F11: full version · Esc: cancel") :
		    _("Enter: save · F11: discreet version · Esc: cancel"));
	}
}

/* The summary of the results (ui_save_private's writer). */
static int
write_summary(void *ctx, FILE *f)
{
	struct ui *ui = ctx;
	struct result_state *rs = ui_state(ui, &ui_result_screen);

	if (ui->hooks.write_summary != NULL)
		return ui->hooks.write_summary(ui->hooks.ctx, f, ui->rules,
		    ui->it, ui->it->res, ui->discreet_used || rs->discreet);
	report_text(f, ui->rules, ui->it->res, 1);
	return ferror(f) ? -1 : 0;
}

/*
 * The summary names the person's urgencies (violence included): saved
 * for the agent alone (ui_save_private).
 */
static void
save_summary(struct ui *ui)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);

	if (ui_save_private(ui, rs->fld.buf, write_summary, ui) == 0)
		rs->saving = 0;
}

/*
 * The proposed name: one per case ("summary-2026-11-15-case-12.txt"),
 * or per minute without a case, in the last directory used.
 */
static void
propose_name(struct ui *ui, char *buf, size_t size)
{
	const char *ref = ui->hooks.case_ref != NULL ?
	    ui->hooks.case_ref(ui->hooks.ctx) : NULL;
	char name[128], date[16], tag[40];
	time_t now = time(NULL);
	struct tm tm;

	if (ref != NULL)
		/* TRANSLATORS: part of the summary's file name: the case
		   number. Letters, digits and dashes only. */
		snprintf(tag, sizeof tag, _("case-%s"), ref);
	else if (localtime_r(&now, &tm) != NULL)
		strftime(tag, sizeof tag, "%H%M%S", &tm);
	else
		snprintf(tag, sizeof tag, "%ld", (long)now);
	/* TRANSLATORS: the file name proposed for the summary; the
	   first %s is the date (YYYY-MM-DD), the second the case
	   ("case-12"). Letters, digits and dashes only. */
	snprintf(name, sizeof name, _("summary-%s-%s.txt"),
	    date_format(ui->it->res->date, date), tag);
	if (ui->save_dir[0] != '\0')
		snprintf(buf, size, "%s/%s", ui->save_dir, name);
	else
		snprintf(buf, size, "%s", name);
}

static void
result_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	struct result_state *rs = ui_state(ui, &ui_result_screen);
	char name[700];

	if (rs->saving) {
		if ((!fkey && (ch == '\r' || ch == '\n')) || (fkey &&
		    ch == KEY_ENTER))
			save_summary(ui);
		else if (fkey && ch == KEY_F(11))
			rs->discreet = !rs->discreet;
		else if (!fkey && ch == 27)
			rs->saving = 0;
		else
			ui_field_key(&rs->fld, ch, fkey);
		return;
	}
	/* A page is the text's height, LINES - 5, less a line. */
	if (action >= RS_UP && action <= RS_END)
		ui_text_scroll(&rs->text, (enum ui_list_move)(action - RS_UP),
		    LINES - 5);
	switch (action) {
	case RS_SAVE:
	case RS_SAVE_DISCREET:
		propose_name(ui, name, sizeof name);
		ui_field_set(&rs->fld, name);
		rs->saving = 1;
		rs->discreet = action == RS_SAVE_DISCREET;
		break;
	case RS_FULL:
		/* Stopped before the orientation was done: on to its end;
		   else on to the full check. */
		if (interview_oriented(ui->it))
			ui->it->depth = DEPTH_FULL;
		if (interview_next(ui->it) < 0) {
			ui_message(ui, UI_INFO, "%s", _("Every right is "
			    "checked already: nothing more to ask."));
			break;
		}
		ui_pop_with(ui, UI_OUT_MORE);
		break;
	case RS_PLAN:
		rs->text.to_para = rs->plan;
		break;
	case RS_DETAILS:
		rs->text.to_para = rs->details;
		break;
	case RS_REVIEW:
		ui_push(ui, &ui_review_screen);
		break;
	case RS_BACK:
		ui_pop_with(ui, UI_OUT_BACK);
		break;
	case RS_NEW:
		ui_pop_with(ui, UI_OUT_NEW);
		break;
	case RS_HOME:
		ui_reset(ui, ui->home_screen);
		break;
	}
	if (rs->text.scroll < 0)
		rs->text.scroll = 0;
}

const struct ui_screen ui_result_screen = {
	N_("Results"), result_enter, result_leave, result_draw, result_key,
	UI_KEYS(result_keys),
	0,	/* the urgencies open the first screen: no banner above */
	sizeof(struct result_state), NULL
};
