/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary.c - the person's summary: what to do, where, what to bring.
 *
 * The summary is built once as a flat list of blocks (title, section,
 * urgency, step, right, line, checklist item, footer) in the chosen
 * language, then rendered as wrapped plain text or as an HTML page, so
 * both formats say exactly the same thing. Discreet mode is decided while
 * building: nothing hidden ever reaches a renderer.
 */
#include "summary.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "report.h"
#include "i18n.h"
#include "situation.h"
#include "typo.h"
#include "utf8.h"
#include "value.h"
#include "xmalloc.h"

#define WIDTH		80

enum block_type {
	B_TITLE, B_META, B_SECTION, B_URGENCY, B_STEP, B_RIGHT, B_LINE,
	B_CHECK, B_PARA, B_FOOTER
};

struct block {
	enum block_type	 type;
	char		*text;
};

struct sdoc {
	struct block	*b;
	int		 n, cap;
	char		 title[128];
	/* offices whose details were printed: later just named */
	const struct service	**seen;
	int			 nseen;
};

static void
doc_add(struct sdoc *d, enum block_type t, char *text)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->b = xrealloc(d->b, sizeof *d->b * (size_t)d->cap);
	}
	d->b[d->n].type = t;
	d->b[d->n].text = text;
	d->n++;
}

static void
doc_addf(struct sdoc *d, enum block_type t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
doc_addf(struct sdoc *d, enum block_type t, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	doc_add(d, t, s);
}

static void
doc_free(struct sdoc *d)
{
	int i;

	for (i = 0; i < d->n; i++)
		free(d->b[i].text);
	free(d->b);
	free(d->seen);
}

/* Whether `sv` was shown already; remembers it. */
static int
doc_seen(struct sdoc *d, const struct service *sv)
{
	int i;

	for (i = 0; i < d->nseen; i++)
		if (d->seen[i] == sv)
			return 1;
	d->seen = xrealloc(d->seen, sizeof *d->seen * (size_t)(d->nseen + 1));
	d->seen[d->nseen++] = sv;
	return 0;
}

/* --- building -------------------------------------------------------- */

/* "1 394,75 €" in French, "€1,394.75" in English. buf >= 64. */
static char *
money(num_t n, char *buf)
{
	return format_money(n, buf, 64, FORMAT_PRINT);
}

/*
 * Discreet mode hides what could tell what happened: emergency routes
 * (115, 119, information préoccupante), and the schemes an active discreet
 * urgency points to that the department's own workers handle (they see
 * the whole situation at the appointment). Rights the person claims from
 * a partner (RSA, ASF, housing) stay: they are what the person needs.
 */
static int
scheme_hidden(const struct rules *r, const struct result *res,
    const struct summary_opts *o, const struct scheme_result *s)
{
	int i, j;

	if (!o->discreet)
		return 0;
	if (s->def->route == ROUTE_EMERGENCY)
		return 1;
	if (s->def->route == ROUTE_PARTNER ||
	    s->def->route == ROUTE_PARTNER_HELP)
		return 0;
	for (i = 0; i < res->nurgency_order; i++) {
		const struct urgency *u = &r->urgencies[res->urgency_order[i]];

		if (!u->discreet)
			continue;
		for (j = 0; j < u->nschemes; j++)
			if (u->scheme_idx[j] >= 0 && &res->schemes[u->
			    scheme_idx[j]] == s)
				return 1;
	}
	return 0;
}

/* Whether `vs` holds a confidential (sensitive) question. */
static int
has_sensitive(const struct rules *r, const struct varset *vs)
{
	int k;

	for (k = 0; k < r->nvars; k++)
		if (r->vars[k].sensitive && varset_has(vs, k))
			return 1;
	return 0;
}

/*
 * A reprint leaves out a right not settled because a confidential
 * answer is missing: it was never stored, so the right cannot be
 * assessed again, and saying "to check" would suggest what the person
 * never said (AME for a French adult, 119 without any worry).
 */
static int
scheme_omitted(const struct rules *r, const struct summary_opts *o,
    const struct scheme_result *s)
{
	return o->reprint && s->verdict != VERDICT_LIKELY &&
	    has_sensitive(r, &s->miss);
}

/* Whether a shown right of `res` asks for document `id`. */
static int
document_shown(const struct rules *r, const struct result *res,
    const struct summary_opts *o, const char *id)
{
	const char *const *docs;
	int i, k, n;

	for (i = 0; i < r->nnational; i++) {
		const struct scheme_result *s = &res->schemes[i];

		if (s->verdict == VERDICT_UNLIKELY || scheme_omitted(r, o, s))
			continue;
		docs = scheme_documents(s->def, s->variant, &n);
		for (k = 0; k < n; k++)
			if (strcmp(docs[k], id) == 0)
				return 1;
	}
	return 0;
}

/* Whether the urgencies could depend on a confidential answer. */
static int
urgencies_omitted(const struct rules *r, const struct result *res,
    const struct summary_opts *o)
{
	return o->reprint && has_sensitive(r, &res->open_urgencies);
}

/*
 * A sheet made before the orientation was done: what it says of the
 * urgencies and the places to go may still change (issue 14, the screen
 * says it too).
 */
static void
build_unsettled(struct sdoc *d, const struct summary_opts *o)
{
	if (o->unsettled <= 0)
		return;
	doc_add(d, B_SECTION, xstrdup(_("Interview not finished")));
	/* TRANSLATORS: on the person's summary made before the end of
	   the orientation; %d questions not asked yet. */
	doc_addf(d, B_PARA, Q_("This sheet was made before the end of the "
	    "interview: about %d more question could add an urgency or "
	    "change where to go. Ask the social worker to finish it with "
	    "you.", "This sheet was made before the end of the interview: "
	    "about %d more questions could add an urgency or change where "
	    "to go. Ask the social worker to finish it with you.",
	    o->unsettled), o->unsettled);
}

/*
 * What a reprint could not reproduce, said first. Counts only: the
 * names of the rights left out would read as rights to check.
 */
static void
build_omissions(struct sdoc *d, const struct rules *r,
    const struct result *res, const struct summary_opts *o)
{
	int i, n = 0, urg = urgencies_omitted(r, res, o);

	if (!o->reprint)
		return;
	for (i = 0; i < r->nnational; i++)
		n += scheme_omitted(r, o, &res->schemes[i]);
	doc_add(d, B_SECTION, xstrdup(_("Left out of this reprint")));
	doc_add(d, B_PARA, xstrdup(_("This sheet was printed again from the "
	    "case file. Confidential answers are never kept in it, so what "
	    "depends on them could not be reproduced:")));
	if (urg)
		doc_add(d, B_LINE, xstrdup(_("- any urgency that depends on "
		    "what was said of the present situation, which is "
		    "confidential;")));
	if (n > 0)
		/* TRANSLATORS: %d rights left out of a reprint. */
		doc_addf(d, B_LINE, Q_("- %d right that could not be "
		    "assessed again without a confidential answer;",
		    "- %d rights that could not be assessed again without "
		    "a confidential answer;", n), n);
	if (!urg && n == 0)
		doc_add(d, B_LINE, xstrdup(_("- nothing on this sheet: no "
		    "part of it depends on a confidential answer.")));
	doc_add(d, B_LINE, xstrdup(_("The summary given at the interview "
	    "was complete. Nothing here means that you have, or do not have, "
	    "a right that is left out: ask a social worker to go over it "
	    "with you again.")));
	if (o->rules_then != NULL && strcmp(o->rules_then, r->version) != 0)
		/* TRANSLATORS: a reprint made with rules other than those
		   of the interview; %s: the rules version then (a hash). */
		doc_addf(d, B_PARA, _("The rules have changed since the "
		    "interview (version %s then): everything on this sheet was "
		    "assessed again with today's rules, and may differ from "
		    "what was said at the interview."), o->rules_then);
	if (o->dropped > 0)
		/* TRANSLATORS: %d answers of the case that the rules in
		   use no longer accept, left out of a reprint. */
		doc_addf(d, B_PARA, Q_("%d answer given at the interview is "
		    "no longer asked or accepted by today's rules: it is left "
		    "out of this sheet.", "%d answers given at the interview "
		    "are no longer asked or accepted by today's rules: they "
		    "are left out of this sheet.", o->dropped), o->dropped);
}

/*
 * An office listed for the department whose sector is not known: the
 * person must not take it for the office of their commune (issue 18).
 */
static void
add_unconfirmed(struct sdoc *d, const struct office *of)
{
	int phone = territory_service_phone(of->service) != NULL;

	if (of->why == OFFICE_DEPARTMENT_UNSECTORED)
		doc_add(d, B_LINE, xstrdup(phone ? _("Not confirmed as the "
		    "office for your commune: call before going.") :
		    /* TRANSLATORS: an office without a phone number. */
		    _("Not confirmed as the office for your commune, and no "
		    "phone number is known: check before going.")));
	else if (of->why == OFFICE_NEAREST && of->km == 0)
		doc_add(d, B_LINE, xstrdup(phone ? _("The nearest office "
		    "known, in your commune; not confirmed as the office for "
		    "your commune: call before going.") : _("The nearest "
		    "office known, in your commune; not confirmed as the "
		    "office for your commune, and no phone number is known: "
		    "check before going.")));
	else if (of->why == OFFICE_NEAREST)
		/* TRANSLATORS: %d is a distance in kilometres. */
		doc_addf(d, B_LINE, phone ? _("The nearest office known, %d "
		    "km from your commune; not confirmed as the office for "
		    "your commune: call before going.") : _("The nearest "
		    "office known, %d km from your commune; not confirmed as "
		    "the office for your commune, and no phone number is "
		    "known: check before going."), of->km);
}

/*
 * The contact lines of one office: name, address, phone, hours. A
 * national line (`line`: its kind) takes one line: name and number.
 */
static void
add_office(struct sdoc *d, const struct office *of,
    const struct service_kind *line)
{
	const struct service *sv = of->service;
	const struct structure *sx = sv->structure;
	int brief = line != NULL;
	/* a line by its kind's name (translated), an office by its own */
	const char *name = brief ? i18n_rule(line->name) :
	    territory_office_name(of);
	const char *verify = sv->verif.status == VERIF_VERIFIED ? "" :
	    _(" (to verify)");
	const char *hours, *web;
	char phone[64] = "";

	if (sv->phone != NULL)
		territory_phone_format(sv->phone, phone, sizeof phone);
	if (doc_seen(d, sv) && !brief) {
		if ((sx == NULL || sx->address == NULL) && phone[0] != '\0')
			/* a line to call, given above: its number again,
			   shorter than "see above" (the numéro vert) */
			doc_addf(d, B_LINE, _("%s: %s%s"), name, phone,
			    verify);
		else
			/* TRANSLATORS: an office whose address was given
			   above. */
			doc_addf(d, B_LINE, _("%s (address above)"), name);
		add_unconfirmed(d, of);
		return;
	}
	if (brief) {
		/* national lines: "Violences Femmes Info – 3919: 3919" */
		if (phone[0] != '\0' && strstr(name, phone) == NULL)
			/* TRANSLATORS: a helpline: its name, its number,
			   then " (to verify)" or nothing. */
			doc_addf(d, B_LINE, _("%s: %s%s"), name, phone, verify);
		else
			doc_addf(d, B_LINE, "%s%s", name, verify);
		return;
	}
	doc_addf(d, B_LINE, "%s%s", name, verify);
	if (sx != NULL && sx->address != NULL)
		doc_addf(d, B_LINE, "%s%s%s%s%s", sx->address,
		    sx->postcode || sx->town ? ", " : "",
		    sx->postcode ? sx->postcode : "",
		    sx->postcode && sx->town ? " " : "",
		    sx->town ? sx->town : "");
	if (phone[0] != '\0')
		doc_addf(d, B_LINE, _("Phone: %s"), phone);
	if ((web = territory_service_web(sv)) != NULL)
		doc_addf(d, B_LINE, _("Website: %s"), web);
	if ((hours = territory_service_hours(sv)) != NULL) {
		char h[512];

		doc_addf(d, B_LINE, _("Opening hours: %s"),
		    format_hours(hours, h, sizeof h));
	}
	if (of->why == OFFICE_CONTACT_GENERAL)
		doc_add(d, B_LINE, xstrdup(_("The office for your commune is "
		    "not known yet: this is the department's general "
		    "contact, who will direct you.")));
	add_unconfirmed(d, of);
}

/* What replaces discreet urgencies: nothing says what happened. */
static void
add_neutral(struct sdoc *d)
{
	doc_add(d, B_URGENCY, xstrdup(_("Help at any time")));
	doc_add(d, B_LINE, xstrdup(_("In danger, call 17 or 112, free, day "
	    "and night. If you cannot speak, send a text message to 114.")));
	doc_add(d, B_LINE, xstrdup(_("A social worker can see you in "
	    "confidence: ask the reception of the departmental social "
	    "services (MDS).")));
}

static char	*step_schemes(const struct rules *, const struct result *,
		    const struct plan_step *, const struct summary_opts *);

static void
build_urgencies(struct sdoc *d, const struct rules *r,
    const struct result *res, const struct summary_opts *o)
{
	struct office offs[PLAN_MAX_OFFICES];
	int i, j, k, n, t, first, shown = 0, hidden = 0;
	char *names;

	for (i = 0; i < res->nurgency_order; i++) {
		const struct urgency *u = &r->urgencies[res->urgency_order[i]];
		const struct plan_step *st = NULL;
		const struct service *mine[16];
		int nmine = 0;

		if (o->discreet && u->discreet) {
			/* once, where the first of them would have been */
			if (hidden++ == 0) {
				if (!shown++)
					doc_add(d, B_SECTION, xstrdup(_("Urgent: "
					    "first of all")));
				add_neutral(d);
			}
			continue;
		}
		if (!shown++)
			doc_add(d, B_SECTION, xstrdup(_("Urgent: first of "
			    "all")));
		doc_add(d, B_URGENCY, xstrdup(i18n_rule(u->title)));
		/* the person's text if the rule has one, else the banner */
		if (u->text_person != NULL || u->banner != NULL)
			doc_add(d, B_LINE, xstrdup(i18n_rule(u->text_person !=
			    NULL ? u->text_person : u->banner)));
		for (k = 0; k < res->nplan; k++)
			if (res->plan[k].urgency != NULL &&
			    strcmp(res->plan[k].urgency, u->id) == 0)
				st = &res->plan[k];
		/* The step's service first (where the plan sends the
		   person), then the others that serve. */
		for (j = 0, first = -1; st != NULL && st->service != NULL &&
		    j < u->nservices; j++)
			if (strcmp(st->service, u->services[j]) == 0)
				first = j;
		for (t = -1; t < u->nservices; t++) {
			const struct service_kind *sk;

			j = t < 0 ? first : t;
			if (j < 0 || (t >= 0 && t == first) ||
			    !result_urgency_serves(res, u, j))
				continue;
			n = 0;
			if (j == first && st->noffices > 0) {
				n = st->noffices;
				memcpy(offs, st->offices, sizeof offs[0] *
				    (size_t)n);
			} else if (o->offices != NULL)
				n = o->offices(o->ctx, u->services[j], offs,
				    PLAN_MAX_OFFICES);
			sk = rules_kind(r, u->services[j]);
			for (k = 0; k < nmine && n > 0; k++)
				if (mine[k] == offs[0].service)
					n = -1;		/* said already */
			if (n > 0 && nmine < (int)(sizeof mine /
			    sizeof mine[0]))
				mine[nmine++] = offs[0].service;
			if (n > 0)
				add_office(d, &offs[0], sk != NULL && sk->line ?
				    sk : NULL);
			else if (n == 0 && sk != NULL)
				doc_add(d, B_LINE, xstrdup(i18n_rule(sk->name)));
		}
		/* The rights it calls for: a later step does not name them
		   again at the same office (eval.c, plan_lists). Not "For:"
		   (claimed there): a line for violence may not be where the
		   RSA is claimed, only where it is talked over. */
		if (st != NULL && (names = step_schemes(r, res, st, o)) !=
		    NULL) {
			/* TRANSLATORS: under an urgency, followed by a list
			   of rights. */
			doc_addf(d, B_LINE, _("Rights it concerns: %s"), names);
			free(names);
		}
	}
}

/* "RSA, ASF — allocation de soutien familial" (shown schemes only). */
static char *
step_schemes(const struct rules *r, const struct result *res, const struct plan_step *st,
    const struct summary_opts *o)
{
	char *s = NULL, *t;
	int j;

	for (j = 0; j < st->nschemes; j++) {
		const struct scheme_result *sr;

		if (st->schemes[j] < 0)
			continue;
		sr = &res->schemes[st->schemes[j]];
		if (sr->verdict == VERDICT_UNLIKELY ||
		    scheme_hidden(r, res, o, sr) || scheme_omitted(r, o, sr))
			continue;
		t = s == NULL ? xstrdup(i18n_rule(sr->def->name)) :
		    /* TRANSLATORS: separator of a list of rights (names
		       may hold commas). */
		    xasprintf(_("%s; %s"), s, i18n_rule(sr->def->name));
		free(s);
		s = t;
	}
	return s;
}

/* A step all of whose rights a reprint leaves out. */
static int
step_all_omitted(const struct rules *r, const struct result *res,
    const struct plan_step *st, const struct summary_opts *o)
{
	int j, n = 0;

	for (j = 0; j < st->nschemes; j++)
		if (st->schemes[j] >= 0) {
			if (!scheme_omitted(r, o, &res->schemes[st->schemes[j]]))
				return 0;
			n++;
		}
	return n > 0;
}

static void
build_plan(struct sdoc *d, const struct rules *r, const struct result *res,
    const struct summary_opts *o)
{
	int i, j, shown = 0;

	for (i = 0; i < res->nplan; i++) {
		const struct plan_step *st = &res->plan[i];
		char *names;

		/* urgencies are above, with their lines */
		if (st->urgency != NULL)
			continue;
		names = step_schemes(r, res, st, o);
		if (names == NULL && !st->prereq && st->why == NULL)
			continue;	/* only hidden or unlikely schemes */
		if (names == NULL && step_all_omitted(r, res, st, o))
			continue;	/* a reprint cannot tell */
		if (!shown++)
			doc_add(d, B_SECTION, xstrdup(_("Where to go")));
		doc_add(d, B_STEP, xstrdup(i18n_rule(st->title)));
		if (st->why != NULL)
			doc_add(d, B_LINE, xstrdup(i18n_rule(st->why)));
		for (j = 0; j < st->noffices && j < 2; j++)
			add_office(d, &st->offices[j], NULL);
		if (st->assisted)
			doc_add(d, B_LINE, xstrdup(_("You can get help with "
			    "the forms there, or at a France services "
			    "office.")));
		if (names != NULL) {
			/* TRANSLATORS: followed by a list of rights. */
			doc_addf(d, B_LINE, _("For: %s"), names);
			free(names);
		}
	}
}

/* One likely right: name, variant, estimate, how to claim it. */
static void
add_right(struct sdoc *d, const struct result *res,
    const struct scheme_result *s)
{
	const struct scheme *def = s->def;
	char buf[64];
	int k, o;

	doc_add(d, B_RIGHT, xstrdup(i18n_rule(def->name)));
	if (s->variant >= 0 && def->variants[s->variant].text &&
	    strcmp(def->variants[s->variant].text, def->name) != 0)
		doc_add(d, B_LINE, xstrdup(i18n_rule(
		    def->variants[s->variant].text)));
	if (s->has_amount && def->amount_is == AMOUNT_PAYMENT) {
		money(s->amount, buf);
		if (s->amount == 0)
			/* TRANSLATORS: what the person pays for a right
			   (a participation) is nothing. */
			doc_add(d, B_LINE, xstrdup(_("Free of charge for you.")));
		else
			/* TRANSLATORS: what the person pays for a right
			   (a participation), then " a month" or similar. */
			doc_addf(d, B_LINE, _("You pay: about %s%s "
			    "(estimate)."), buf, format_period_words(
			    def->period));
	} else if (s->has_amount && s->amount > 0 &&
	    def->amount_is == AMOUNT_CEILING) {
		money(s->amount, buf);
		/* TRANSLATORS: the most a right may give (a ceiling, not
		   an amount paid), then " a month" or similar. */
		doc_addf(d, B_LINE, _("Up to %s%s."), buf,
		    format_period_words(def->period));
	} else if (s->has_amount && s->amount > 0) {
		money(s->amount, buf);
		if (def->period != NULL && strcmp(def->period, "month") == 0)
			doc_addf(d, B_LINE, _("Estimated amount: about %s a "
			    "month."), buf);
		else if (def->period != NULL && strcmp(def->period,
		    "year") == 0)
			doc_addf(d, B_LINE, _("Estimated amount: about %s a "
			    "year."), buf);
		else if (def->period != NULL && strcmp(def->period,
		    "once") == 0)
			doc_addf(d, B_LINE, _("Estimated amount: about %s, "
			    "paid once."), buf);
		else
			doc_addf(d, B_LINE, _("Estimated amount: about %s."),
			    buf);
	}
	/* A figure it reads has no confirmed value at the date (struct
	   param's unconfirmed_from): the paper says so. */
	if (s->has_amount && s->unconfirmed)
		doc_add(d, B_LINE, xstrdup(_("Estimated with a figure not "
		    "yet confirmed for this year: the organisation will "
		    "confirm it.")));
	/* Another likely right with an amount that it does not combine
	   with (the CEJ allowance and the RSA): the two amounts are not to
	   be added. */
	for (k = 0; k < def->nincompat; k++) {
		o = def->incompat[k].index;
		if (o >= 0 && s->verdict == VERDICT_LIKELY &&
		    res->schemes[o].verdict == VERDICT_LIKELY &&
		    s->has_amount && s->amount > 0 &&
		    res->schemes[o].has_amount && res->schemes[o].amount > 0 &&
		    def->amount_is == AMOUNT_RECEIVED &&
		    res->schemes[o].def->amount_is == AMOUNT_RECEIVED &&
		    def->incompat[k].note != NULL)
			doc_add(d, B_LINE, xstrdup(i18n_rule(
			    def->incompat[k].note)));
	}
	/*
	 * The rule's text for the person (rules: text_person) says what
	 * the right is and how to get it, in « vous »; the agent's texts
	 * (non-take-up remark, how to apply) are the fallback.
	 */
	if (def->text_person != NULL)
		doc_add(d, B_LINE, xstrdup(i18n_rule(def->text_person)));
	if (s->non_take_up)
		doc_add(d, B_LINE, xstrdup(def->non_take_up_text != NULL &&
		    def->text_person == NULL ? i18n_rule(def->non_take_up_text) :
		    _("You do not seem to receive it yet: apply for it.")));
	if (def->apply_online != NULL)
		doc_addf(d, B_LINE, _("Apply online: %s"), def->apply_online);
	/* the text names the form, and is translated */
	if (def->text_person == NULL && (def->apply_text != NULL ||
	    def->apply_form != NULL))
		doc_addf(d, B_LINE, _("How to apply: %s"), def->apply_text !=
		    NULL ? i18n_rule(def->apply_text) : def->apply_form);
}

/*
 * The likely rights, the five most valuable first (as on the first
 * result screen), then the others by domain; those to check in one
 * sentence.
 */
static void
build_rights(struct sdoc *d, const struct rules *r, const struct result *res,
    const struct summary_opts *o)
{
	char *check = NULL, *got = NULL, *t, **list;
	int i, k, shown = 0, top[5], ntop;

	ntop = report_top_rights(r, res, top, 5);
	for (k = 0; k < ntop; k++) {
		if (scheme_hidden(r, res, o, &res->schemes[top[k]]))
			continue;
		if (!shown++)
			doc_add(d, B_SECTION, xstrdup(_("Rights you can "
			    "probably claim")));
		add_right(d, res, &res->schemes[top[k]]);
	}
	for (k = 0; k < r->ndomains; k++)
		for (i = 0; i < r->nnational; i++) {
			const struct scheme_result *s = &res->schemes[i];
			const struct scheme *def = s->def;

			if (strcmp(def->domain, r->domains[k]) != 0 ||
			    scheme_hidden(r, res, o, s) ||
			    scheme_omitted(r, o, s))
				continue;
			/* Those received already, in one sentence (no
			   claim to make: received_if), like those to
			   check. */
			list = s->received && s->verdict != VERDICT_UNLIKELY ?
			    &got : s->verdict == VERDICT_TO_CHECK ? &check :
			    NULL;
			if (list != NULL) {
				t = *list == NULL ?
				    xstrdup(i18n_rule(def->name)) :
				    xasprintf(_("%s; %s"), *list,
				    i18n_rule(def->name));
				free(*list);
				*list = t;
				continue;
			}
			if (s->verdict != VERDICT_LIKELY ||
			    report_in_top(top, ntop, i))
				continue;
			if (!shown++)
				doc_add(d, B_SECTION, xstrdup(_("Rights you "
				    "can probably claim")));
			add_right(d, res, s);
		}
	if (check != NULL) {
		if (!shown++)
			doc_add(d, B_SECTION, xstrdup(_("Rights you can "
			    "probably claim")));
		/* TRANSLATORS: %s is a list of rights. */
		doc_addf(d, B_PARA, _("To check with a social worker, "
		    "depending on details not known yet: %s."), check);
		free(check);
	}
	if (got != NULL) {
		/* TRANSLATORS: %s is a list of rights the person says
		   they receive (nothing to claim). */
		doc_addf(d, B_PARA, _("You already receive: %s."), got);
		free(got);
	}
	/* The full check not finished: other rights may be missed, the
	   very thing this sheet is for (issue 14). */
	if (o->rights_left > 0 && o->unsettled <= 0) {
		if (!shown++)
			doc_add(d, B_SECTION, xstrdup(_("Rights you can "
			    "probably claim")));
		/* TRANSLATORS: on the person's summary made after the
		   orientation, before the full check of every right; %d
		   questions not asked yet. */
		doc_addf(d, B_PARA, Q_("Partial check: the rights linked to "
		    "the reason for your visit were looked at first. A full "
		    "check (about %d more question) may find others: ask for "
		    "it.", "Partial check: the rights linked to the reason for "
		    "your visit were looked at first. A full check (about %d "
		    "more questions) may find others: ask for it.",
		    o->rights_left), o->rights_left);
	}
}

/* A byte that goes on a word: an ASCII letter or digit, a hyphen
   ("PCO-TND"), or any byte of a non-ASCII character. */
static int
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c >= 0x80;
}

/* Whether `word` stands in `text` as a word of its own. */
static int
has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	if (n == 0)
		return 0;
	for (p = text; (p = strstr(p, word)) != NULL; p++)
		if ((p == text || !word_byte((unsigned char)p[-1])) &&
		    !word_byte((unsigned char)p[n]))
			return 1;
	return 0;
}

/*
 * What the acronyms of the sheet stand for, from rules/glossary.yaml, in
 * its order: the person reads « FSL maintien » or « AED / TISF » in a
 * list of rights without the text that spells them out (rule-review-2026-12
 * §4.3). French only: the expansions are French.
 */
static void
build_glossary(struct sdoc *d, const struct rules *r)
{
	int g, i, n = 0, first = d->n;

	if (strcmp(i18n_lang(), "fr") != 0)
		return;
	for (g = 0; g < r->nglossary; g++) {
		const struct gloss *gl = &r->glossary[g];

		for (i = 0; i < first; i++)
			if (d->b[i].type != B_TITLE && d->b[i].type != B_META &&
			    has_word(d->b[i].text, gl->acronym))
				break;
		if (i == first)
			continue;
		if (n++ == 0)
			doc_add(d, B_SECTION, xstrdup(_("Abbreviations on this "
			    "sheet")));
		/* TRANSLATORS: an acronym and what it stands for. */
		doc_addf(d, B_LINE, _("%s: %s"), gl->acronym, gl->expansion);
	}
}

static void
build(struct sdoc *d, const struct rules *r, const struct result *res,
    const struct summary_opts *o)
{
	char date[32], again[32];
	int y, m, day, i, shown;

	date_split(res->date, &y, &m, &day);
	/* TRANSLATORS: a date: day, month, year (all numbers). */
	snprintf(date, sizeof date, _("%02d/%02d/%04d"), day, m, y);
	snprintf(d->title, sizeof d->title, "%s",
	    _("Your rights and next steps"));
	doc_add(d, B_TITLE, xstrdup(d->title));
	if (o->reprint && o->printed != 0 && o->printed != res->date) {
		date_split(o->printed, &y, &m, &day);
		snprintf(again, sizeof again, _("%02d/%02d/%04d"), day, m, y);
		/* TRANSLATORS: first %s the date of the interview, second
		   the day of this reprint, third the rules version. */
		doc_addf(d, B_META, _("Prepared on %s, printed again on %s, "
		    "rules version %s."), date, again, r->version);
	} else
		/* TRANSLATORS: first %s a date, second the rules version
		   (a hash). */
		doc_addf(d, B_META, _("Prepared on %s, rules version %s."),
		    date, r->version);
	if (o->person_ref != NULL && *o->person_ref != '\0' && !o->discreet)
		doc_addf(d, B_META, _("Reference: %s"), o->person_ref);
	build_unsettled(d, o);
	build_omissions(d, r, res, o);
	build_urgencies(d, r, res, o);
	build_plan(d, r, res, o);
	build_rights(d, r, res, o);
	for (i = 0, shown = 0; i < res->ndocuments; i++) {
		const struct document *doc = rules_document(r,
		    res->documents[i]);

		if (o->reprint && !document_shown(r, res, o,
		    res->documents[i]))
			continue;
		if (!shown++)
			doc_add(d, B_SECTION, xstrdup(_("Documents to bring")));
		doc_add(d, B_CHECK, xstrdup(doc != NULL ?
		    i18n_rule(doc->label) : res->documents[i]));
	}
	build_glossary(d, r);
	doc_add(d, B_FOOTER, xstrdup(_("This summary helps you find your "
	    "way; it does not decide any right. Each organisation decides "
	    "on your application, and amounts are estimates. Bring this "
	    "sheet with you.")));
}

/* Every text in the typography of the current language, for paper. */
static void
typeset(struct sdoc *d)
{
	char *t;
	int i;

	for (i = 0; i < d->n; i++) {
		t = typo_apply(d->b[i].text, NULL, TYPO_PRINT);
		free(d->b[i].text);
		d->b[i].text = t;
	}
	t = typo_apply(d->title, NULL, TYPO_PRINT);
	snprintf(d->title, sizeof d->title, "%s", t);
	free(t);
}

/* Build in the language of `o`, restoring the caller's afterwards. */
static void
build_in_lang(struct sdoc *d, const struct rules *r,
    const struct result *res, const struct summary_opts *opts)
{
	static const struct summary_opts none;
	const struct summary_opts *o = opts != NULL ? opts : &none;
	char saved[8];

	snprintf(saved, sizeof saved, "%s", i18n_lang());
	if (o->lang != NULL)
		i18n_set_lang(o->lang);
	memset(d, 0, sizeof *d);
	build(d, r, res, o);
	typeset(d);
	if (o->lang != NULL)
		i18n_set_lang(saved);
}

/* --- plain text ------------------------------------------------------ */

struct wrap_out {
	FILE		*f;
	const char	*first, *cont;
	int		 n;
};

static void
wrap_line(void *ctx, const char *p, size_t n)
{
	struct wrap_out *w = ctx;

	fputs(w->n++ == 0 ? w->first : w->cont, w->f);
	fwrite(p, 1, n, w->f);
	fputc('\n', w->f);
}

/*
 * Print `text` wrapped to WIDTH columns, the first line after `first`,
 * the others after `cont` (both of the same width). Breaks at spaces
 * only (no-break spaces hold phone numbers and amounts together); a
 * word longer than the line (an address) stands alone.
 */
static void
wrap(FILE *f, const char *first, const char *cont, const char *text)
{
	struct wrap_out w = { f, first, cont, 0 };

	utf8_wrap(text, WIDTH - utf8_width(first), 0, wrap_line, &w);
}

static void
rule(FILE *f, int c, int n)
{
	while (n-- > 0)
		fputc(c, f);
	fputc('\n', f);
}

static void
render_text(FILE *f, const struct sdoc *d)
{
	char num[16];
	int i, step = 0, items = 0, w;

	for (i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];

		switch (b->type) {
		case B_TITLE:
			wrap(f, "", "", b->text);
			w = utf8_width(b->text);
			rule(f, '=', w < WIDTH ? w : WIDTH);
			break;
		case B_META:
			wrap(f, "", "", b->text);
			break;
		case B_SECTION:
			fputc('\n', f);
			wrap(f, "", "", b->text);
			w = utf8_width(b->text);
			rule(f, '-', w < WIDTH ? w : WIDTH);
			items = 0;
			break;
		case B_URGENCY:
			if (items++)
				fputc('\n', f);
			wrap(f, "/!\\ ", "    ", b->text);
			break;
		case B_STEP:
			if (items++)
				fputc('\n', f);
			snprintf(num, sizeof num, "%d. ", ++step);
			wrap(f, num, "    ", b->text);
			break;
		case B_RIGHT:
			if (items++)
				fputc('\n', f);
			wrap(f, "* ", "    ", b->text);
			break;
		case B_LINE:
			wrap(f, "    ", "    ", b->text);
			break;
		case B_CHECK:
			wrap(f, "[ ] ", "    ", b->text);
			break;
		case B_PARA:
			if (items++)
				fputc('\n', f);
			wrap(f, "", "", b->text);
			break;
		case B_FOOTER:
			fputc('\n', f);
			rule(f, '-', WIDTH);
			wrap(f, "", "", b->text);
			break;
		}
	}
}

int
summary_place_offices(void *ctx, const char *kind, struct office *out,
    int max)
{
	const struct summary_place *p = ctx;

	return territory_offices(p->t, p->res->commune ? p->res->commune : "",
	    kind, out, max);
}

int
summary_text(FILE *f, const struct rules *r, const struct result *res,
    const struct summary_opts *opts)
{
	struct sdoc d;

	build_in_lang(&d, r, res, opts);
	render_text(f, &d);
	doc_free(&d);
	return fflush(f) == EOF || ferror(f) ? -1 : 0;
}

/* --- HTML ------------------------------------------------------------ */

static void
html_escape(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		case '\n': fputs("<br>", f); break;
		default: fputc(*s, f);
		}
}

static const char css[] =
"body{font-family:\"DejaVu Sans\",Arial,sans-serif;font-size:12pt;"
"line-height:1.4;color:#000;background:#fff;max-width:46em;margin:1.5em auto;"
"padding:0 1em}\n"
"h1{font-size:1.6em;margin:0 0 .2em;border-bottom:3px solid #000}\n"
"h2{font-size:1.25em;margin:1.4em 0 .5em;border-bottom:1px solid #555}\n"
"h3{font-size:1.05em;margin:.8em 0 .2em}\n"
"p{margin:.15em 0}\n"
".meta{color:#333}\n"
".urgent{border:3px solid #000;padding:.2em .8em .6em;margin-top:1em}\n"
".urgent h2{border:0;margin-top:.4em}\n"
".urgency h3::before{content:\"\\26A0\\FE0E  \"}\n"
"ol.plan{padding-left:1.6em}\n"
"ol.plan>li{margin-bottom:.6em}\n"
".right{margin-bottom:.6em}\n"
"ul.check{list-style:none;padding-left:0}\n"
"ul.check li{padding-left:1.6em;text-indent:-1.6em;margin:.15em 0}\n"
"ul.check li::before{content:\"\\2610  \"}\n"
"footer{margin-top:2em;border-top:1px solid #555;padding-top:.5em;"
"font-size:.95em}\n"
"@media print{body{margin:0;max-width:none;font-size:10.5pt}"
"@page{size:A4;margin:1.5cm 1.6cm 1.8cm;"
"@bottom-right{content:counter(page) \" / \" counter(pages);"
"font-size:9pt}}"
"h1,h2,h3{break-after:avoid}p{orphans:2;widows:2}"
".urgent{border-width:2pt}"
".urgency,ol.plan>li,.right,ul.check li{break-inside:avoid}}\n";

int
summary_html(FILE *f, const struct rules *r, const struct result *res,
    const struct summary_opts *opts)
{
	struct sdoc d;
	enum { NONE, IN_DIV, IN_LI } item = NONE;
	enum { L_NONE, L_OL, L_UL } list = L_NONE;
	const char *lang;
	int i, section = 0, urgent = 0;

	build_in_lang(&d, r, res, opts);
	lang = opts != NULL && opts->lang != NULL ?
	    (strncmp(opts->lang, "en", 2) == 0 ? "en" : "fr") : i18n_lang();
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>",
	    lang);
	html_escape(f, d.title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	for (i = 0; i < d.n; i++) {
		const struct block *b = &d.b[i];
		int closes = b->type == B_SECTION || b->type == B_URGENCY ||
		    b->type == B_STEP || b->type == B_RIGHT ||
		    b->type == B_PARA || b->type == B_FOOTER;

		if (closes && item != NONE) {
			fputs(item == IN_DIV ? "</div>\n" : "</li>\n", f);
			item = NONE;
		}
		if ((closes && b->type != B_STEP && list == L_OL) ||
		    (b->type != B_CHECK && list == L_UL)) {
			fputs(list == L_OL ? "</ol>\n" : "</ul>\n", f);
			list = L_NONE;
		}
		if ((b->type == B_SECTION || b->type == B_FOOTER) && section) {
			fputs("</section>\n", f);
			section = 0;
		}
		switch (b->type) {
		case B_TITLE:
			fputs("<header>\n<h1>", f);
			html_escape(f, b->text);
			fputs("</h1>\n", f);
			break;
		case B_META:
			fputs("<p class=\"meta\">", f);
			html_escape(f, b->text);
			fputs("</p>\n", f);
			if (i + 1 >= d.n || d.b[i + 1].type != B_META)
				fputs("</header>\n", f);
			break;
		case B_SECTION:
			/* the urgencies section is the first one, if any */
			urgent = i + 1 < d.n && d.b[i + 1].type == B_URGENCY;
			fprintf(f, "<section%s>\n<h2>", urgent ?
			    " class=\"urgent\"" : "");
			html_escape(f, b->text);
			fputs("</h2>\n", f);
			section = 1;
			break;
		case B_URGENCY:
		case B_RIGHT:
			fprintf(f, "<div class=\"%s\">\n<h3>", b->type ==
			    B_URGENCY ? "urgency" : "right");
			html_escape(f, b->text);
			fputs("</h3>\n", f);
			item = IN_DIV;
			break;
		case B_STEP:
			if (list != L_OL) {
				fputs("<ol class=\"plan\">\n", f);
				list = L_OL;
			}
			fputs("<li>\n<h3>", f);
			html_escape(f, b->text);
			fputs("</h3>\n", f);
			item = IN_LI;
			break;
		case B_LINE:
		case B_PARA:
			fputs("<p>", f);
			html_escape(f, b->text);
			fputs("</p>\n", f);
			break;
		case B_CHECK:
			if (list != L_UL) {
				fputs("<ul class=\"check\">\n", f);
				list = L_UL;
			}
			fputs("<li>", f);
			html_escape(f, b->text);
			fputs("</li>\n", f);
			break;
		case B_FOOTER:
			fputs("<footer>\n<p>", f);
			html_escape(f, b->text);
			fputs("</p>\n</footer>\n", f);
			break;
		}
	}
	if (item != NONE)
		fputs(item == IN_DIV ? "</div>\n" : "</li>\n", f);
	if (list != L_NONE)
		fputs(list == L_OL ? "</ol>\n" : "</ul>\n", f);
	if (section)
		fputs("</section>\n", f);
	fputs("</body>\n</html>\n", f);
	doc_free(&d);
	return fflush(f) == EOF || ferror(f) ? -1 : 0;
}
