/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.c - JSON and plain-text renderings of a result.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "i18n.h"
#include "typo.h"
#include "utf8.h"

/* A likely right's value for ranking: its amount a month, -1 if none. */
static num_t
monthly_value(const struct scheme_result *s)
{
	const char *p = s->def->period;

	/* What the person pays is no value to them. */
	if (!s->has_amount || s->amount <= 0 ||
	    s->def->amount_is == AMOUNT_PAYMENT)
		return -1;
	if (p != NULL && strcmp(p, "month") != 0)
		return s->amount / 12;
	return s->amount;
}

int
report_top_rights(const struct rules *r, const struct result *res, int *idx,
    int max)
{
	int i, k, n = 0;

	for (i = 0; i < r->nnational; i++) {
		num_t v;

		/* A right received already is nothing to act on. */
		if (res->schemes[i].verdict != VERDICT_LIKELY ||
		    res->schemes[i].received)
			continue;
		v = monthly_value(&res->schemes[i]);
		/* insertion sort, stable: equal values keep rule order */
		for (k = n; k > 0 && monthly_value(&res->schemes[idx[k - 1]])
		    < v; k--)
			if (k < max)
				idx[k] = idx[k - 1];
		if (k < max) {
			idx[k] = i;
			if (n < max)
				n++;
		}
	}
	return n;
}

int
report_glance_rights(const struct rules *r, const struct result *res,
    int *idx, int max, int *nlikely)
{
	int i, n = report_top_rights(r, res, idx, max), pass;

	*nlikely = n;
	/* Those the reasons given call for first. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < r->nnational && n < max; i++) {
			int called = (r->schemes[i].reasons &
			    res->reasons) != 0;

			if (res->schemes[i].verdict != VERDICT_TO_CHECK ||
			    !r->schemes[i].key_right ||
			    called != (pass == 0) ||
			    !result_in_plan(res, i, 0) ||
			    (!called && !result_in_plan(res, i, 1)))
				continue;
			idx[n++] = i;
		}
	return n;
}

const char *
report_office_note(const struct plan_step *st, int j, char *buf,
    size_t size)
{
	int k, nearest = 0;
	int phone = territory_service_phone(st->offices[j].service) != NULL;
	char where[128];

	for (k = 0; k < st->noffices; k++)
		nearest |= st->offices[k].why == OFFICE_NEAREST;
	switch (st->offices[j].why) {
	case OFFICE_CONTACT_GENERAL:
		snprintf(buf, size, "%s", nearest ?
		    /* TRANSLATORS: after the nearest offices of a plan
		       step, not confirmed as competent: the council's
		       contact. */
		    _("the department's general contact: it says which "
		    "office is competent") : _("sector unknown, no office "
		    "placed by distance: the department's general contact"));
		return buf;
	case OFFICE_NEAREST:
		if (st->offices[j].km == 0)
			/* TRANSLATORS: where the nearest office is (the
			   %s of "nearest, not confirmed as competent: %s"). */
			snprintf(where, sizeof where, "%s", _("in the "
			    "commune"));
		else
			/* TRANSLATORS: %d is a distance in kilometres. */
			snprintf(where, sizeof where, _("%d km between the "
			    "commune centres"), st->offices[j].km);
		/* TRANSLATORS: %s says where: "in the commune", or "12 km
		   between the commune centres". */
		snprintf(buf, size, phone ? _("nearest, not confirmed as "
		    "competent: %s; call before going") : _("nearest, not "
		    "confirmed as competent: %s; no phone number known: check "
		    "before going"), where);
		return buf;
	case OFFICE_DEPARTMENT_UNSECTORED:
		snprintf(buf, size, "%s", phone ? _("not confirmed as "
		    "competent for the commune: call before going") :
		    _("not confirmed as competent for the commune; no phone "
		    "number known: check before going"));
		return buf;
	default:
		return NULL;
	}
}

/* The other right of incompatibility k of `s`, when it is to be said:
   both shown, and one of them likely (two rights only to check are
   settled by the check itself); else -1. */
static int
incompat_shown(const struct result *res, const struct scheme *s, int k)
{
	int o = s->incompat[k].index, i = s->base;

	if (o < 0 || i < 0 || res->schemes[o].verdict == VERDICT_UNLIKELY ||
	    res->schemes[i].verdict == VERDICT_UNLIKELY ||
	    (res->schemes[o].verdict != VERDICT_LIKELY &&
	    res->schemes[i].verdict != VERDICT_LIKELY))
		return -1;
	return o;
}

const char *
report_to_check_text(const struct scheme_result *s)
{
	if (s->verdict != VERDICT_TO_CHECK || !s->by_to_check_if)
		return NULL;
	return s->def->to_check_text;
}

const char *
report_amount_waits(const struct rules *r, const struct scheme_result *s,
    char *buf, size_t size)
{
	char one[1000];
	size_t len = 0, k;
	int v, n = 0, w;

	if (s->def->amount == NULL || s->has_amount || s->received ||
	    s->verdict == VERDICT_UNLIKELY || size < 8)
		return NULL;
	/* A condition not settled says already what is missing. */
	for (v = 0; v < s->def->nconds; v++)
		if (s->conds[v] < 0)
			return NULL;
	buf[0] = '\0';
	for (v = 0; v < r->nvars; v++) {
		if (!varset_has(&s->amiss, v) || r->vars[v].text == NULL)
			continue;
		/* TRANSLATORS: a question quoted in a list. */
		w = snprintf(one, sizeof one, _("\"%s\""), r->vars[v].text);
		if (w < 0 || (size_t)w >= sizeof one)
			continue;
		k = (size_t)w;
		/* whole ones only, with room for "; …" after them */
		if (len + 2 + k + sizeof "; …" > size) {
			if (n > 0)
				memcpy(buf + len, "; …", sizeof "; …");
			break;
		}
		if (n++ > 0) {
			memcpy(buf + len, "; ", 2);
			len += 2;
		}
		memcpy(buf + len, one, k + 1);
		len += k;
	}
	return n > 0 ? buf : NULL;
}

const char *
report_incompat_note(const struct result *res,
    const struct scheme *s, int k, char *buf, size_t size)
{
	int o = incompat_shown(res, s, k);

	if (o < 0)
		return NULL;
	if (s->incompat[k].note != NULL)
		return s->incompat[k].note;
	if (s->incompat[k].counted)
		/* TRANSLATORS: under a right: another right shown that
		   combines with it, one counting in the other's resources. */
		snprintf(buf, size, _("Combines with %s: one counts in the "
		    "other's resources."), res->schemes[o].def->name);
	else
		/* TRANSLATORS: under a right: another right shown that it
		   does not combine with. */
		snprintf(buf, size, _("Does not combine with: %s."),
		    res->schemes[o].def->name);
	return buf;
}

int
report_in_top(const int *top, int n, int i)
{
	int k;

	for (k = 0; k < n; k++)
		if (top[k] == i)
			return 1;
	return 0;
}

const char *
report_top_incompat(const struct result *res,
    const int *top, int n, int i, char *buf, size_t size, int *counted)
{
	const struct scheme *s = res->schemes[i].def;
	int k;

	for (k = 0; k < s->nincompat; k++)
		if (report_in_top(top, n, s->incompat[k].index)) {
			if (counted != NULL)
				*counted = s->incompat[k].counted;
			return report_incompat_note(res, s, k, buf, size);
		}
	return NULL;
}

/*
 * Whether plan step `i` is one the person needs first: a prerequisite,
 * the MDS appointment that takes up the whole situation (or the
 * référent), or a step to a right of the first screen.
 */
static int
step_main(const struct result *res, int i, const int *top, int ntop)
{
	const struct plan_step *st = &res->plan[i];
	int k;

	if (st->prereq || st->global)
		return 1;
	for (k = 0; k < st->nschemes; k++)
		if (st->schemes[k] >= 0 && report_in_top(top, ntop,
		    st->schemes[k]))
			return 1;
	return 0;
}

int
report_glance_steps(const struct result *res, const int *top, int ntop,
    int *idx, int max)
{
	int i, k, n = 0, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < res->nplan && n < max; i++) {
			if (res->plan[i].urgency != NULL ||
			    step_main(res, i, top, ntop) != (pass == 0))
				continue;
			/* keep plan order */
			for (k = n; k > 0 && idx[k - 1] > i; k--)
				idx[k] = idx[k - 1];
			idx[k] = i;
			n++;
		}
	return n;
}

/* The first office of step `st` on the first lines: name and phone. */
static void
glance_office(FILE *f, const struct plan_step *st)
{
	const struct service *sv;
	const char *phone;
	char tel[64] = "";

	if (st->noffices == 0)
		return;
	sv = st->offices[0].service;
	phone = territory_service_phone(sv);
	if (phone != NULL)
		territory_phone_format(phone, tel, sizeof tel);
	fprintf(f, "   -> %s%s%s", territory_office_name(&st->offices[0]),
	    tel[0] ? " - " : "", tel);
	if (st->offices[0].why == OFFICE_NEAREST)
		/* TRANSLATORS: after an office on the first lines of a
		   result; %d is in kilometres. */
		fprintf(f, _(" (nearest, %d km, not confirmed as competent)"),
		    st->offices[0].km);
	fputc('\n', f);
}

char *
report_documents_short(const struct rules *r, const struct result *res,
    int max, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < res->ndocuments && len < size - 1; i++) {
		const struct document *doc = rules_document(r,
		    res->documents[i]);
		const char *label = doc != NULL && doc->label != NULL ?
		    doc->label : res->documents[i];
		int cut = (int)strcspn(label, "(,");

		while (cut > 0 && label[cut - 1] == ' ')
			cut--;
		if (i == max) {
			/* TRANSLATORS: after the first documents to bring,
			   how many more. */
			snprintf(buf + len, size - len, Q_("… and %d other",
			    "… and %d others", res->ndocuments - max),
			    res->ndocuments - max);
			break;
		}
		len += (size_t)snprintf(buf + len, size - len, "%s%.*s",
		    i ? ", " : "", cut, label);
	}
	return buf;
}

/*
 * Write what `body` prints for `res` in the typography of the current
 * language (typo.h), so that plain mode and `eval` read like the
 * summary; as it is if no memory stream can be had. `detail` goes to
 * `body`.
 */
static void
typeset_to(FILE *f, void (*body)(FILE *, const struct rules *,
    const struct result *, int), const struct rules *r,
    const struct result *res, int detail)
{
	char *buf = NULL, *t;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL) {
		body(f, r, res, detail);
		return;
	}
	body(m, r, res, detail);
	if (fclose(m) == 0) {
		t = typo_apply(buf, NULL, 0);
		fputs(t, f);
		free(t);
	}
	free(buf);
}

static void
glance_body(FILE *f, const struct rules *r, const struct result *res,
    int detail)
{
	char m[200], docs[600], note[400];
	const char *nt;
	int i, k, top[5], ntop, nlikely = 0, nsteps = 0, shown = 0;
	int steps[3], nshown, ntoplikely, nreceived = 0, counted = 0;

	(void)detail;
	ntop = report_glance_rights(r, res, top, 5, &ntoplikely);
	for (i = 0; i < r->nnational; i++) {
		const struct scheme_result *s = &res->schemes[i];

		nreceived += s->received && s->verdict != VERDICT_UNLIKELY;
		nlikely += s->verdict == VERDICT_LIKELY && !s->received;
	}
	for (i = 0; i < res->nplan; i++)
		nsteps += res->plan[i].urgency == NULL;
	/* TRANSLATORS: the one-line summary at the top of the plain
	   result; each part is a count. */
	fprintf(f, Q_("In short: %d urgency, ", "In short: %d urgencies, ",
	    res->nurgency_order), res->nurgency_order);
	fprintf(f, Q_("%d likely right, ", "%d likely rights, ", nlikely),
	    nlikely);
	if (nreceived > 0)
		/* TRANSLATORS: in the one-line summary: rights the person
		   says they receive (not counted as likely rights). */
		fprintf(f, Q_("%d already received, ", "%d already received, ",
		    nreceived), nreceived);
	fprintf(f, Q_("%d step, ", "%d steps, ", nsteps), nsteps);
	fprintf(f, Q_("%d document to bring.", "%d documents to bring.",
	    res->ndocuments), res->ndocuments);
	fputc('\n', f);
	for (i = 0; i < res->nurgency_order; i++) {
		int u = res->urgency_order[i];

		fprintf(f, "!! [%s] %s\n", res->urgencies[u].priority,
		    r->urgencies[u].title);
		if (r->urgencies[u].banner != NULL)
			fprintf(f, "   %s\n", r->urgencies[u].banner);
		/* where its step of the plan sends the person */
		for (k = 0; k < res->nplan; k++)
			if (res->plan[k].urgency == r->urgencies[u].id) {
				glance_office(f, &res->plan[k]);
				break;
			}
	}
	nshown = report_glance_steps(res, top, ntop, steps, 3);
	for (k = 0; k < nshown; k++) {
		const struct plan_step *st = &res->plan[steps[k]];

		shown++;
		fprintf(f, "%d. %s\n", steps[k] + 1, st->title != NULL ? st->title :
		    st->service);
		glance_office(f, st);
	}
	if (nsteps > shown)
		/* TRANSLATORS: after the main steps at the top of the plain
		   result. */
		fprintf(f, Q_("   and %d other step: see the plan below\n",
		    "   and %d other steps: see the plan below\n",
		    nsteps - shown), nsteps - shown);
	if (res->ndocuments > 0)
		/* TRANSLATORS: the documents to bring, on one line. */
		fprintf(f, _("To bring: %s"), report_documents_short(r, res, 4,
		    docs, sizeof docs));
	if (res->ndocuments > 0)
		fputc('\n', f);
	for (i = 0; i < ntop; i++) {
		const struct scheme_result *s = &res->schemes[top[i]];

		if (i >= ntoplikely) {
			/* TRANSLATORS: a key right the plan sends the
			   person to check, at the top of the plain result. */
			fprintf(f, _("? %s (to check)\n"), s->def->name);
			continue;
		}
		fprintf(f, "+ %s", s->def->name);
		if (s->has_amount && (s->amount > 0 ||
		    s->def->amount_is == AMOUNT_PAYMENT))
			fputs(format_amount(s->def->amount_is, s->amount,
			    s->def->period, m, sizeof m, 0), f);
		if (s->has_amount && s->unconfirmed)
			fputs(format_unconfirmed(), f);
		fputc('\n', f);
		/* Two rights shown that do not combine, or one counting
		   in the other's resources (rules' incompatible_with). */
		if ((nt = report_top_incompat(res, top, ntoplikely, top[i],
		    note, sizeof note, &counted)) != NULL)
			fprintf(f, "  %s %s\n", counted ? "+" : "≠", nt);
	}
}

void
report_glance(FILE *f, const struct rules *r, const struct result *res)
{
	typeset_to(f, glance_body, r, res, 0);
}

char *
report_warning_text(const struct rules *r, const struct result *res, int w,
    char *buf, size_t size)
{
	const struct warning *wa = &res->warnings[w];
	const struct var *q;
	char given[200], implied[200];

	if (wa->check >= 0) {
		snprintf(buf, size, "%s", r->checks[wa->check].text);
		return buf;
	}
	q = &r->vars[wa->var];
	situation_value_text(r, q, &wa->given, given, sizeof given);
	situation_value_text(r, q, &wa->implied, implied, sizeof implied);
	/* TRANSLATORS: a contradiction between answers. The first %s is a
	   question ("Pensions received by the household, per month"), then
	   the answer given ("501 €") and the value the other answers imply
	   ("0 €"). */
	snprintf(buf, size, _("\"%s\": %s was answered, but the other "
	    "answers imply %s; check them"), q->text != NULL ? q->text :
	    q->id, given, implied);
	return buf;
}

/* The ids of the variables of `s`; `ids` (NULL: none) holds them
   quoted (report_compact). */
static void
json_vars(struct json_writer *w, const struct rules *r,
    const struct varset *s, const struct json_atom *ids)
{
	size_t k;

	/* The set's words, bit by bit: most are empty. */
	json_array_begin(w);
	for (k = 0; k < sizeof s->w / sizeof *s->w; k++) {
		uint64_t bits = s->w[k];

		while (bits != 0) {
			int i = (int)(k * 64) + __builtin_ctzll(bits);

			bits &= bits - 1;
			if (i >= r->nvars)
				continue;
			if (ids != NULL)
				json_str_atom(w, &ids[i]);
			else
				json_str(w, r->vars[i].id);
		}
	}
	json_array_end(w);
}

static const char *
office_why_name(enum office_why w)
{
	switch (w) {
	case OFFICE_SECTOR: return "sector";
	case OFFICE_DEPARTMENT: return "department";
	case OFFICE_DEPARTMENT_UNSECTORED: return "department_unsectored";
	case OFFICE_CONTACT_GENERAL: return "contact_general";
	case OFFICE_NEAREST: return "nearest";
	default: return "national";
	}
}

static void
json_offices(struct json_writer *w, const struct plan_step *st)
{
	int i;

	json_key(w, "offices");
	json_array_begin(w);
	for (i = 0; i < st->noffices; i++) {
		const struct service *s = st->offices[i].service;
		const struct structure *sx = s->structure;

		json_object_begin(w);
		json_member_str(w, "id", s->id);
		json_member_str(w, "name",
		    territory_office_name(&st->offices[i]));
		json_member_str(w, "phone", s->phone);
		json_member_str(w, "website", territory_service_web(s));
		json_member_str(w, "address", sx ? sx->address : NULL);
		json_member_str(w, "postcode", sx ? sx->postcode : NULL);
		json_member_str(w, "town", sx ? sx->town : NULL);
		json_member_str(w, "hours", s->hours);
		json_key(w, "verified");
		json_bool(w, s->verif.status == VERIF_VERIFIED);
		json_member_str(w, "why", office_why_name(st->offices[i].why));
		if (st->offices[i].why == OFFICE_NEAREST) {
			json_member_int(w, "distance_km", st->offices[i].km);
		}
		json_object_end(w);
	}
	json_array_end(w);
}

/* A list of strings. */
static void
json_strings(struct json_writer *w, const char *key, const char *const *v,
    int n)
{
	int i;

	json_key(w, key);
	json_array_begin(w);
	for (i = 0; i < n; i++)
		json_str(w, v[i]);
	json_array_end(w);
}

static void
json_scheme(struct json_writer *w, const struct rules *r,
    const struct result *res, const struct scheme_result *s)
{
	const struct scheme *d = s->def;
	const char *const *list;
	char text[1000];
	int j;

	json_object_begin(w);
	json_member_str(w, "id", d->id);
	json_member_str(w, "code", d->code);
	json_member_str(w, "domain", d->domain);
	json_member_str(w, "name", d->name);
	json_member_str(w, "verdict", verdict_name(s->verdict));
	json_member_str(w, "variant",
	    s->variant >= 0 ? d->variants[s->variant].id : NULL);
	json_key(w, "amount");
	if (s->has_amount)
		json_cents(w, s->amount);
	else
		json_null_value(w);
	json_member_str(w, "period", d->amount ? d->period : NULL);
	if (s->has_amount && d->rounding != NULL)
		json_member_str(w, "rounding", d->rounding);
	if (s->has_amount && s->unconfirmed) {
		json_key(w, "amount_unconfirmed");
		json_bool(w, 1);
	}
	if (d->amount_is != AMOUNT_RECEIVED)
		json_member_str(w, "amount_is", d->amount_is ==
		    AMOUNT_PAYMENT ? "payment" : "ceiling");
	json_key(w, "non_take_up");
	json_bool(w, s->non_take_up);
	json_key(w, "received");
	json_bool(w, s->received);
	json_member_str(w, "department", d->department);
	json_key(w, "reasons");
	json_array_begin(w);
	for (j = 0; j < d->nconds; j++) {
		json_object_begin(w);
		json_member_str(w, "id", d->conds[j].id);
		json_member_str(w, "text", d->conds[j].text);
		json_member_str(w, "value", s->conds[j] == 1 ? "true" :
		    s->conds[j] == 0 ? "false" : "unknown");
		json_object_end(w);
	}
	/* Every condition holds, to_check_if lowers it: why. */
	if (report_to_check_text(s) != NULL) {
		json_object_begin(w);
		json_member_str(w, "id", "to_check_if");
		json_member_str(w, "text", report_to_check_text(s));
		json_member_str(w, "value", "to_check");
		json_object_end(w);
	}
	/* The benefits due that its resources count. */
	for (j = 0; j < d->ncounted; j++) {
		if (!s->counted_known[j] || s->counted[j] <= 0)
			continue;
		json_object_begin(w);
		json_key(w, "id");
		snprintf(text, sizeof text, "counted.%s", d->counted_ids[j]);
		json_str(w, text);
		json_member_str(w, "text",
		    r->derived[rules_derived_index(r, d->counted_ids[j])].text);
		json_member_str(w, "value", "counted");
		json_key(w, "amount");
		json_cents(w, s->counted[j]);
		json_object_end(w);
	}
	/* Another right shown that it does not combine with (the text
	   report's [≠]), or that combines with it, one counting in the
	   other's resources ([+]). */
	for (j = 0; j < d->nincompat; j++) {
		const char *note = report_incompat_note(res, d, j, text,
		    sizeof text);
		const char *kind = d->incompat[j].counted ? "combines" :
		    "incompatible";
		char id[200];

		if (note == NULL)
			continue;
		json_object_begin(w);
		snprintf(id, sizeof id, "%s.%s", kind, d->incompat[j].scheme);
		json_member_str(w, "id", id);
		json_member_str(w, "text", note);
		json_member_str(w, "value", kind);
		json_object_end(w);
	}
	/* A contradiction among what it reads is a reason too. */
	for (j = 0; j < res->nwarnings; j++) {
		if (!result_warning_touches(res, j, s))
			continue;
		json_object_begin(w);
		json_member_str(w, "id",
		    result_warning_id(r, res, j, text, sizeof text));
		json_member_str(w, "text",
		    report_warning_text(r, res, j, text, sizeof text));
		json_member_str(w, "value", "contradiction");
		json_object_end(w);
	}
	json_array_end(w);
	json_key(w, "warnings");
	json_array_begin(w);
	for (j = 0; j < res->nwarnings; j++)
		if (result_warning_touches(res, j, s))
			json_str(w, result_warning_id(r, res, j, text,
			    sizeof text));
	json_array_end(w);
	json_key(w, "missing");
	json_vars(w, r, &s->miss, NULL);
	if (report_amount_waits(r, s, text, sizeof text) != NULL) {
		json_key(w, "amount_missing");
		json_vars(w, r, &s->amiss, NULL);
	}
	json_key(w, "route");
	json_object_begin(w);
	json_member_str(w, "kind", route_kind_name(d->route));
	list = scheme_services(d, s->variant, &j);
	json_strings(w, "services", list, j);
	json_object_end(w);
	list = scheme_documents(d, s->variant, &j);
	json_strings(w, "documents", list, j);
	json_object_end(w);
}

/* The members both reports end with: documents, department, next
   questions (their ids quoted in `var_ids` when not NULL). */
static void
json_result_tail(struct json_writer *w, const struct rules *r,
    const struct result *res, const struct json_atom *var_ids)
{
	int i;

	json_strings(w, "documents", res->documents, res->ndocuments);
	json_key(w, "department");
	if (res->department != NULL) {
		json_object_begin(w);
		json_member_str(w, "code", res->department);
		json_key(w, "in_directory");
		json_bool(w, res->in_directory);
		json_object_end(w);
	} else {
		json_null_value(w);
	}
	json_key(w, "next_questions");
	json_array_begin(w);
	for (i = 0; i < res->nnext; i++)
		if (var_ids != NULL)
			json_str_atom(w, &var_ids[res->next[i]]);
		else
			json_str(w, r->vars[res->next[i]].id);
	json_array_end(w);
}

static void
json_plan_step(struct json_writer *w, const struct rules *r,
    const struct plan_step *st, int step)
{
	int j;

	json_object_begin(w);
	json_member_int(w, "step", step);
	json_member_str(w, "service", st->service);
	json_member_str(w, "title", st->title);
	json_member_str(w, "why", st->why);
	json_member_str(w, "urgency", st->urgency);
	json_key(w, "prerequisite");
	json_bool(w, st->prereq);
	json_key(w, "assisted");
	json_bool(w, st->assisted);
	json_key(w, "schemes");
	json_array_begin(w);
	for (j = 0; j < st->nschemes; j++)
		json_str(w, st->schemes[j] >= 0 ?
		    r->schemes[st->schemes[j]].id : NULL);
	json_array_end(w);
	json_offices(w, st);
	json_member_str(w, "routing",
	    territory_routing_id(territory_routing(st->offices, st->noffices)));
	json_object_end(w);
}

int
report_json(FILE *f, const struct rules *r, const struct result *res,
    const int *asked, int nasked)
{
	struct json_writer w;
	char buf[40], text[1000];
	int i, j;

	json_writer_file(&w, f, 0);
	json_object_begin(&w);
	json_member_str(&w, "date", date_format(res->date, buf));
	json_member_str(&w, "rules_version", r->version);
	json_key(&w, "warnings");
	json_array_begin(&w);
	for (i = 0; i < res->nwarnings; i++) {
		json_object_begin(&w);
		json_member_str(&w, "id",
		    result_warning_id(r, res, i, text, sizeof text));
		json_member_str(&w, "text",
		    report_warning_text(r, res, i, text, sizeof text));
		json_key(&w, "variables");
		json_vars(&w, r, &res->warnings[i].vars, NULL);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "urgencies");
	json_array_begin(&w);
	for (i = 0; i < res->nurgency_order; i++) {
		int k = res->urgency_order[i];
		const struct urgency *u = &r->urgencies[k];

		json_object_begin(&w);
		json_member_str(&w, "id", u->id);
		json_member_str(&w, "priority", res->urgencies[k].priority);
		json_member_str(&w, "title", u->title);
		json_member_str(&w, "banner", u->banner);
		json_key(&w, "discreet");
		json_bool(&w, u->discreet);
		json_strings(&w, "actions", u->actions, u->nactions);
		json_strings(&w, "services", u->services, u->nservices);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "schemes");
	json_array_begin(&w);
	for (i = 0; i < r->nnational; i++)
		json_scheme(&w, r, res, &res->schemes[i]);
	json_array_end(&w);
	json_key(&w, "plan");
	json_array_begin(&w);
	for (i = 0; i < res->nplan; i++)
		json_plan_step(&w, r, &res->plan[i], i + 1);
	json_array_end(&w);
	json_result_tail(&w, r, res, NULL);
	if (asked != NULL) {
		json_key(&w, "asked");
		json_array_begin(&w);
		for (j = 0; j < nasked; j++)
			json_str(&w, r->vars[asked[j]].id);
		json_array_end(&w);
	}
	json_object_end(&w);
	json_newline(&w);
	return json_writer_finish(&w);
}

/*
 * The ids of the compact line, quoted once: each scheme's id, alone (a
 * plan step names any scheme) and as its "id" member, the "verdict"
 * members, the key "reasons" and each condition's member with each of
 * its values (false, true, unknown), national schemes or not; a plan
 * step's key "offices" and "routing" members; the variables' ids (next
 * questions, missing answers).
 */
#define COND_VALUES	3

struct report_compact {
	const struct rules	*r;
	struct json_atom	 reasons, schemes, offices;	/* keys */
	struct json_atom	 routing[ROUTING_NATIONAL + 1]; /* members */
	struct json_atom	*var;		/* r->nvars ids */
	struct json_atom	 verdict[VERDICT_LIKELY + 1]; /* members */
	struct json_atom	*scheme;	/* r->nschemes ids */
	struct json_atom	*id;	/* r->nschemes "id" members */
	/* r->nschemes, then nconds * COND_VALUES members */
	struct json_atom	**conds;
};

static const char *const cond_words[COND_VALUES] = { "false", "true",
	"unknown" };

struct report_compact *
report_compact_new(const struct rules *r)
{
	struct report_compact *c = xcalloc(1, sizeof *c);
	size_t n = (size_t)r->nschemes + 1;
	int i, j;

	c->r = r;
	json_atom_init(&c->reasons, "reasons");
	json_atom_init(&c->schemes, "schemes");
	json_atom_init(&c->offices, "offices");
	for (i = 0; i <= ROUTING_NATIONAL; i++)
		json_atom_init_member(&c->routing[i], "routing",
		    territory_routing_id((enum office_routing)i));
	c->var = xcalloc((size_t)r->nvars + 1, sizeof *c->var);
	for (i = 0; i < r->nvars; i++)
		json_atom_init(&c->var[i], r->vars[i].id);
	for (i = 0; i <= VERDICT_LIKELY; i++)
		json_atom_init_member(&c->verdict[i], "verdict",
		    verdict_name((enum verdict)i));
	c->scheme = xcalloc(n, sizeof *c->scheme);
	c->id = xcalloc(n, sizeof *c->id);
	c->conds = xcalloc(n, sizeof *c->conds);
	for (i = 0; i < r->nschemes; i++) {
		const struct scheme *d = &r->schemes[i];

		json_atom_init(&c->scheme[i], d->id);
		json_atom_init_member(&c->id[i], "id", d->id);
		c->conds[i] = xcalloc((size_t)d->nconds * COND_VALUES + 1,
		    sizeof *c->conds[i]);
		for (j = 0; j < d->nconds * COND_VALUES; j++)
			json_atom_init_member(&c->conds[i][j],
			    d->conds[j / COND_VALUES].id,
			    cond_words[j % COND_VALUES]);
	}
	return c;
}

void
report_compact_free(struct report_compact *c)
{
	int i, j;

	if (c == NULL)
		return;
	json_atom_release(&c->reasons);
	json_atom_release(&c->schemes);
	json_atom_release(&c->offices);
	for (i = 0; i <= ROUTING_NATIONAL; i++)
		json_atom_release(&c->routing[i]);
	for (i = 0; i < c->r->nvars; i++)
		json_atom_release(&c->var[i]);
	free(c->var);
	for (i = 0; i <= VERDICT_LIKELY; i++)
		json_atom_release(&c->verdict[i]);
	for (i = 0; i < c->r->nschemes; i++) {
		json_atom_release(&c->scheme[i]);
		json_atom_release(&c->id[i]);
		for (j = 0; j < c->r->schemes[i].nconds * COND_VALUES; j++)
			json_atom_release(&c->conds[i][j]);
		free(c->conds[i]);
	}
	free(c->scheme);
	free(c->id);
	free(c->conds);
	free(c);
}

/*
 * The result of national scheme `i` in the compact line: ids and
 * values, no text; a member whose value would be null, false or empty is
 * left out.
 */
static void
compact_scheme(struct json_writer *w, const struct report_compact *c,
    const struct result *res, int i, const char *const *warning_ids)
{
	const struct scheme_result *s = &res->schemes[i];
	const struct scheme *d = s->def;
	/* The definition that applied: the national one or a
	   department's (eval.c, effective), both of the rule base. */
	int di = (int)(d - c->r->schemes), j, n;

	json_object_begin(w);
	json_member_atom(w, &c->id[di]);
	json_member_atom(w, &c->verdict[s->verdict == VERDICT_LIKELY ||
	    s->verdict == VERDICT_TO_CHECK ? s->verdict : VERDICT_UNLIKELY]);
	if (s->variant >= 0)
		json_member_str(w, "variant", d->variants[s->variant].id);
	if (s->has_amount) {
		json_key(w, "amount");
		json_cents(w, s->amount);
		if (d->amount_is != AMOUNT_RECEIVED)
			json_member_str(w, "amount_is", d->amount_is ==
			    AMOUNT_PAYMENT ? "payment" : "ceiling");
		if (s->unconfirmed) {
			json_key(w, "amount_unconfirmed");
			json_bool(w, 1);
		}
	}
	if (s->non_take_up) {
		json_key(w, "non_take_up");
		json_bool(w, 1);
	}
	if (s->received) {
		json_key(w, "received");
		json_bool(w, 1);
	}
	if (d->department != NULL)
		json_member_str(w, "department", d->department);
	json_key_atom(w, &c->reasons);
	json_object_begin(w);
	for (j = 0; j < d->nconds; j++)
		json_member_atom(w, &c->conds[di][j * COND_VALUES +
		    (s->conds[j] == 1 ? 1 : s->conds[j] == 0 ? 0 : 2)]);
	json_object_end(w);
	for (j = n = 0; j < d->ncounted; j++) {
		if (!s->counted_known[j] || s->counted[j] <= 0)
			continue;
		if (n++ == 0) {
			json_key(w, "counted");
			json_object_begin(w);
		}
		json_key(w, d->counted_ids[j]);
		json_cents(w, s->counted[j]);
	}
	if (n > 0)
		json_object_end(w);
	/* The other rights shown that it does not combine with (the
	   full report's "incompatible." reasons). */
	for (j = n = 0; j < d->nincompat; j++) {
		if (d->incompat[j].counted || incompat_shown(res, d, j) < 0)
			continue;
		if (n++ == 0) {
			json_key(w, "incompatible");
			json_array_begin(w);
		}
		json_str(w, d->incompat[j].scheme);
	}
	if (n > 0)
		json_array_end(w);
	for (j = n = 0; j < res->nwarnings; j++)
		if (result_warning_touches(res, j, s)) {
			if (n++ == 0) {
				json_key(w, "warnings");
				json_array_begin(w);
			}
			json_str(w, warning_ids[j]);
		}
	if (n > 0)
		json_array_end(w);
	if (!varset_empty(&s->miss)) {
		json_key(w, "missing");
		json_vars(w, c->r, &s->miss, c->var);
	}
	json_object_end(w);
}

static void
put_file(void *f, const char *bytes, size_t n)
{
	fwrite(bytes, 1, n, f);
}

int
report_json_compact(FILE *f, const struct report_compact *c,
    const struct result *res)
{
	return report_json_compact_with(c, put_file, f, res);
}

int
report_json_compact_with(const struct report_compact *c,
    void (*put)(void *, const char *, size_t), void *ctx,
    const struct result *res)
{
	const struct rules *r = c->r;
	struct json_writer w;
	char buf[40];
	/* The ids of the warnings, once (each scheme they touch says them
	   again). */
	char (*text)[200] = xmalloc(sizeof *text *
	    (size_t)(res->nwarnings + 1));
	const char **ids = xmalloc(sizeof *ids * (size_t)(res->nwarnings + 1));
	int i, j, route, rc;

	for (i = 0; i < res->nwarnings; i++)
		ids[i] = result_warning_id(r, res, i, text[i], sizeof text[i]);
	json_writer_init(&w, put, ctx, 0);
	json_object_begin(&w);
	json_member_str(&w, "date", date_format(res->date, buf));
	json_member_str(&w, "rules_version", r->version);
	json_key(&w, "warnings");
	json_array_begin(&w);
	for (i = 0; i < res->nwarnings; i++)
		json_str(&w, ids[i]);
	json_array_end(&w);
	json_key(&w, "urgencies");
	json_array_begin(&w);
	for (i = 0; i < res->nurgency_order; i++) {
		int k = res->urgency_order[i];

		json_object_begin(&w);
		json_member_str(&w, "id", r->urgencies[k].id);
		json_member_str(&w, "priority", res->urgencies[k].priority);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "schemes");
	json_array_begin(&w);
	for (i = 0; i < r->nnational; i++)
		compact_scheme(&w, c, res, i, ids);
	json_array_end(&w);
	json_key(&w, "plan");
	json_array_begin(&w);
	for (i = 0; i < res->nplan; i++) {
		const struct plan_step *st = &res->plan[i];

		json_object_begin(&w);
		json_member_str(&w, "service", st->service);
		if (st->urgency != NULL)
			json_member_str(&w, "urgency", st->urgency);
		if (st->prereq) {
			json_key(&w, "prerequisite");
			json_bool(&w, 1);
		}
		if (st->assisted) {
			json_key(&w, "assisted");
			json_bool(&w, 1);
		}
		json_key_atom(&w, &c->schemes);
		json_array_begin(&w);
		for (j = 0; j < st->nschemes; j++)
			if (st->schemes[j] >= 0)
				json_str_atom(&w, &c->scheme[st->schemes[j]]);
			else
				json_str(&w, NULL);
		json_array_end(&w);
		json_key_atom(&w, &c->offices);
		json_array_begin(&w);
		for (j = 0; j < st->noffices; j++)
			json_str(&w, st->offices[j].service->id);
		json_array_end(&w);
		route = (int)territory_routing(st->offices, st->noffices);
		if (route >= 0 && route <= ROUTING_NATIONAL)
			json_member_atom(&w, &c->routing[route]);
		else
			json_member_str(&w, "routing", territory_routing_id(
			    (enum office_routing)route));
		json_object_end(&w);
	}
	json_array_end(&w);
	json_result_tail(&w, r, res, c->var);
	json_object_end(&w);
	json_newline(&w);
	rc = json_writer_finish(&w);
	free(ids);
	free(text);
	return rc;
}

static void
text_body(FILE *f, const struct rules *r, const struct result *res,
    int detail)
{
	char buf[40], text[1000], money[200], waits[1000];
	int i, j, k, shown;

	/* TRANSLATORS: the first line of the text report: the evaluation
	   date (YYYY-MM-DD) and the rule base version (a hash). */
	fprintf(f, _("Date: %s   Rules: %s"), date_format(res->date, buf),
	    r->version);
	fputc('\n', f);
	if (res->nurgency_order > 0) {
		/* TRANSLATORS: a heading of the text report. */
		fprintf(f, "\n%s\n", _("== URGENCIES =="));
		for (i = 0; i < res->nurgency_order; i++) {
			int u = res->urgency_order[i];

			fprintf(f, "[%s] %s\n", res->urgencies[u].priority,
			    r->urgencies[u].title);
			if (r->urgencies[u].banner)
				fprintf(f, "     %s\n", r->urgencies[u].banner);
			for (j = 0; j < r->urgencies[u].nactions; j++)
				fprintf(f, "     - %s\n",
				    r->urgencies[u].actions[j]);
		}
	}
	if (res->nwarnings > 0) {
		/* TRANSLATORS: a heading of the text report: answers that
		   contradict each other. */
		fprintf(f, "\n%s\n", _("== CONTRADICTIONS =="));
		for (i = 0; i < res->nwarnings; i++)
			fprintf(f, "! %s\n", report_warning_text(r, res, i,
			    text, sizeof text));
	}
	for (k = 0; k < r->ndomains; k++) {
		shown = 0;
		for (i = 0; i < r->nnational; i++) {
			const struct scheme_result *s = &res->schemes[i];
			const char *verdict;

			if (strcmp(s->def->domain, r->domains[k]) != 0 ||
			    s->verdict == VERDICT_UNLIKELY)
				continue;
			if (!shown++)
				fprintf(f, "\n== %s ==\n",
				    rules_domain_label(r, r->domains[k]));
			/* TRANSLATORS: a scheme's verdict at the start of a
			   line of the text report, padded to 10 columns: a right
			   the person likely has, or one to check. */
			verdict = s->verdict == VERDICT_LIKELY ? _("LIKELY") :
			    _("TO CHECK");
			/* padded to 10 columns (not bytes: À VÉRIFIER) */
			fprintf(f, "%s%*s%s", verdict, 10 - utf8_width(verdict) >
			    0 ? 10 - utf8_width(verdict) : 1, "", s->def->name);
			/* the variant, unless it only repeats the name (as
			   on the results screen and the summary) */
			if (s->variant >= 0 &&
			    s->def->variants[s->variant].text &&
			    strcmp(s->def->variants[s->variant].text,
			    s->def->name) != 0)
				fprintf(f, " (%s)",
				    s->def->variants[s->variant].text);
			if (s->has_amount)
				fputs(format_amount(s->def->amount_is,
				    s->amount, s->def->period, money,
				    sizeof money, 0), f);
			if (s->has_amount && s->unconfirmed)
				fputs(format_unconfirmed(), f);
			if (s->non_take_up)
				/* TRANSLATORS: after a scheme: the person
				   seems not to claim it (non-take-up). */
				fputs(_("  [NON-TAKE-UP]"), f);
			if (s->received)
				/* TRANSLATORS: after a scheme: the person
				   says they receive it already. */
				fputs(_("  [RECEIVED]"), f);
			fputc('\n', f);
			for (j = 0; j < s->def->nconds; j++)
				fprintf(f, "          %s %s\n",
				    s->conds[j] == 1 ? "[x]" :
				    s->conds[j] == 0 ? "[ ]" : "[?]",
				    s->def->conds[j].text);
			if (report_to_check_text(s) != NULL)
				/* TRANSLATORS: under a scheme of the text
				   report whose conditions all hold: why it
				   is to check all the same (the rule's
				   to_check_text). */
				fprintf(f, _("          [!] to check: %s\n"),
				    report_to_check_text(s));
			if (report_amount_waits(r, s, waits,
			    sizeof waits) != NULL)
				/* TRANSLATORS: under a scheme of the text
				   report without an amount: the questions
				   (quoted, "; " between them) it waits
				   for. */
				fprintf(f, _("          [?] amount to be "
				    "specified: it depends on %s\n"), waits);
			if (detail && s->has_amount &&
			    s->def->rounding != NULL)
				/* TRANSLATORS: under a scheme of the text
				   report with an amount: how the rules
				   compute it (the rule's `rounding`). */
				fprintf(f, _("          [=] how it is computed: "
				    "%s\n"), s->def->rounding);
			for (j = 0; j < s->def->ncounted; j++)
				if (s->counted_known[j] && s->counted[j] > 0)
					/* TRANSLATORS: under a scheme of the text
					   report: a benefit due that its
					   resources count, and its amount. */
					fprintf(f, _("          [+] counted: %s: "
					    "%s\n"), r->derived[
					    rules_derived_index(r,
					    s->def->counted_ids[j])].text,
					    format_money(s->counted[j], money,
					    sizeof money, 0));
			for (j = 0; j < s->def->nincompat; j++) {
				const char *note = report_incompat_note(res,
				    s->def, j, text, sizeof text);

				if (note != NULL)
					fprintf(f, "          [%s] %s\n",
					    s->def->incompat[j].counted ? "+" :
					    "≠", note);
			}
			for (j = 0; j < res->nwarnings; j++)
				if (result_warning_touches(res, j, s))
					fprintf(f, "          [!] %s\n",
					    report_warning_text(r, res, j, text,
					    sizeof text));
		}
	}
	if (res->nplan > 0) {
		/* TRANSLATORS: a heading of the text report: the steps,
		   where to go in order. */
		fprintf(f, "\n%s\n", _("== PLAN =="));
		for (i = 0; i < res->nplan; i++) {
			const struct plan_step *st = &res->plan[i];

			fprintf(f, "%2d. %s%s\n", i + 1, st->title,
			    /* TRANSLATORS: after a step of the plan: the
			       person needs help to take it. */
			    st->assisted ? _(" (with help)") : "");
			if (st->why)
				fprintf(f, "    %s\n", st->why);
			for (j = 0; j < st->noffices && j < 2; j++) {
				const struct service *sv =
				    st->offices[j].service;
				const struct structure *sx = sv->structure;
				const char *hours =
				    territory_service_hours(sv);
				const char *web = territory_service_web(sv);
				char phone[64] = "";

				if (sv->phone != NULL)
					territory_phone_format(sv->phone, phone,
					    sizeof phone);
				fprintf(f, "    > %s%s%s%s%s%s\n",
				    territory_office_name(&st->offices[j]),
				    phone[0] ? " — " : "",
				    phone, sx && sx->address ? " — " : "",
				    sx && sx->address ? sx->address : "",
				    sv->verif.status == VERIF_VERIFIED ? "" :
				    _(" (to verify)"));
				if (web != NULL)
					/* TRANSLATORS: under an office of the
					   plan in the text report, when it
					   has no phone. */
					fprintf(f, _("      website: %s\n"), web);
				if (hours != NULL)
					/* TRANSLATORS: under an office of the
					   plan in the text report. */
					fprintf(f, _("      hours: %s\n"),
					    format_hours(hours, text,
					    sizeof text));
				if (report_office_note(st, j, text,
				    sizeof text) != NULL)
					fprintf(f, "      (%s)\n", text);
			}
			if (st->noffices == 0 && res->department != NULL &&
			    !res->in_directory)
				/* TRANSLATORS: %s is a department code. */
				fprintf(f, _("    > department %s is not in this "
				    "directory: ask its conseil départemental "
				    "(contact details not given here)\n"),
				    res->department);
			else if (st->noffices == 0 && res->in_directory &&
			    rules_kind(r, st->service) != NULL &&
			    rules_kind(r, st->service)->communal)
				/* TRANSLATORS: %s is a kind of office that
				   serves its own commune ("CCAS / CIAS de la
				   commune"). */
				fprintf(f, _("    > %s: not in the directory "
				    "yet (the town hall can tell where it "
				    "is)\n"), rules_kind(r, st->service)->name);
			else if (st->noffices == 0 && res->in_directory &&
			    rules_kind(r, st->service) != NULL)
				/* TRANSLATORS: %s is a kind of office ("France
				   Travail", "Mission locale"). */
				fprintf(f, _("    > the nearest %s: not in the "
				    "directory yet\n"), rules_kind(r,
				    st->service)->name);
			for (j = 0; j < st->nschemes; j++)
				if (st->schemes[j] >= 0)
					fprintf(f, "    - %s\n",
					    r->schemes[st->schemes[j]].name);
		}
	}
	if (res->ndocuments > 0) {
		/* TRANSLATORS: a heading of the text report: the
		   documents to bring. */
		fprintf(f, "\n%s\n", _("== DOCUMENTS =="));
		for (i = 0; i < res->ndocuments; i++) {
			const struct document *d =
			    rules_document(r, res->documents[i]);

			fprintf(f, "[ ] %s\n", d ? d->label :
			    res->documents[i]);
		}
	}
}

void
report_text(FILE *f, const struct rules *r, const struct result *res,
    int detail)
{
	typeset_to(f, text_body, r, res, detail);
}
