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

	if (!s->has_amount || s->amount <= 0)
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

		if (res->schemes[i].verdict != VERDICT_LIKELY)
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
report_in_top(const int *top, int n, int i)
{
	int k;

	for (k = 0; k < n; k++)
		if (top[k] == i)
			return 1;
	return 0;
}

/* Whether plan step `i` is one the person needs first. */
static int
step_main(const struct result *res, int i, const int *top, int ntop)
{
	const struct plan_step *st = &res->plan[i];
	int k;

	if (st->prereq)
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
 * summary; as it is if no memory stream can be had.
 */
static void
typeset_to(FILE *f, void (*body)(FILE *, const struct rules *,
    const struct result *), const struct rules *r, const struct result *res)
{
	char *buf = NULL, *t;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL) {
		body(f, r, res);
		return;
	}
	body(m, r, res);
	if (fclose(m) == 0) {
		t = typo_apply(buf, NULL, 0);
		fputs(t, f);
		free(t);
	}
	free(buf);
}

static void
glance_body(FILE *f, const struct rules *r, const struct result *res)
{
	char m[64], docs[600];
	int i, k, top[5], ntop, nlikely = 0, nsteps = 0, shown = 0;
	int steps[3], nshown;

	ntop = report_top_rights(r, res, top, 5);
	for (i = 0; i < r->nnational; i++)
		nlikely += res->schemes[i].verdict == VERDICT_LIKELY;
	for (i = 0; i < res->nplan; i++)
		nsteps += res->plan[i].urgency == NULL;
	/* TRANSLATORS: the one-line summary at the top of the plain
	   result; each part is a count. */
	fprintf(f, Q_("In short: %d urgency, ", "In short: %d urgencies, ",
	    res->nurgency_order), res->nurgency_order);
	fprintf(f, Q_("%d likely right, ", "%d likely rights, ", nlikely),
	    nlikely);
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
	}
	nshown = report_glance_steps(res, top, ntop, steps, 3);
	for (k = 0; k < nshown; k++) {
		const struct plan_step *st = &res->plan[steps[k]];
		char tel[64] = "";

		shown++;
		fprintf(f, "%d. %s\n", steps[k] + 1, st->title != NULL ? st->title :
		    st->service);
		if (st->noffices > 0) {
			const struct service *sv = st->offices[0].service;
			const struct structure *sx = sv->structure;
			const char *phone = sv->phone != NULL ? sv->phone :
			    sx != NULL ? sx->phone : NULL;

			if (phone != NULL)
				territory_phone_format(phone, tel, sizeof tel);
			fprintf(f, "   -> %s%s%s", sx != NULL && sx->name !=
			    NULL ? sx->name : sv->name, tel[0] ? " - " : "",
			    tel);
			if (st->offices[0].why == OFFICE_NEAREST)
				/* TRANSLATORS: after an office on the first
				   lines of a result; %d is in kilometres. */
				fprintf(f, _(" (nearest, %d km, not confirmed "
				    "as competent)"), st->offices[0].km);
			fputc('\n', f);
		}
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

		fprintf(f, "+ %s", s->def->name);
		if (s->has_amount && s->amount > 0)
			/* TRANSLATORS: after a right's name at the top of
			   the plain result: its estimated amount, then
			   " a month" or similar. */
			fprintf(f, _(": about %s%s (estimate)"),
			    format_money(s->amount, m, sizeof m, 0),
			    format_period_words(s->def->period));
		fputc('\n', f);
	}
}

void
report_glance(FILE *f, const struct rules *r, const struct result *res)
{
	typeset_to(f, glance_body, r, res);
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
	situation_value_text(r, q, &q->implied, implied, sizeof implied);
	/* TRANSLATORS: a contradiction between answers. The first %s is a
	   question ("Pensions received by the household, per month"), then
	   the answer given ("501 €") and the value the other answers imply
	   ("0 €"). */
	snprintf(buf, size, _("\"%s\": %s was answered, but the other "
	    "answers imply %s; check them"), q->text != NULL ? q->text :
	    q->id, given, implied);
	return buf;
}

static void
json_vars(FILE *f, const struct rules *r, const struct varset *s)
{
	int i, first = 1;

	fputc('[', f);
	for (i = 0; i < r->nvars; i++)
		if (varset_has(s, i)) {
			if (!first)
				fputs(", ", f);
			json_string(f, r->vars[i].id);
			first = 0;
		}
	fputc(']', f);
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
json_offices(FILE *f, const struct plan_step *st)
{
	int i;

	fputs(", \"offices\": [", f);
	for (i = 0; i < st->noffices; i++) {
		const struct service *s = st->offices[i].service;
		const struct structure *sx = s->structure;

		fprintf(f, "%s{\"id\": ", i ? ", " : "");
		json_string(f, s->id);
		fputs(", \"name\": ", f);
		json_string(f, sx != NULL && sx->name ? sx->name : s->name);
		fputs(", \"phone\": ", f);
		json_string(f, s->phone);
		fputs(", \"address\": ", f);
		json_string(f, sx ? sx->address : NULL);
		fputs(", \"postcode\": ", f);
		json_string(f, sx ? sx->postcode : NULL);
		fputs(", \"town\": ", f);
		json_string(f, sx ? sx->town : NULL);
		fputs(", \"hours\": ", f);
		json_string(f, s->hours);
		fprintf(f, ", \"verified\": %s, \"why\": \"%s\"",
		    s->verif.status == VERIF_VERIFIED ? "true" : "false",
		    office_why_name(st->offices[i].why));
		if (st->offices[i].why == OFFICE_NEAREST)
			fprintf(f, ", \"distance_km\": %d",
			    st->offices[i].km);
		fputc('}', f);
	}
	fputc(']', f);
}

void
report_json(FILE *f, const struct rules *r, const struct result *res,
    const int *asked, int nasked)
{
	char buf[40], text[1000];
	int i, j, n;

	fprintf(f, "{\"date\": \"%s\", \"rules_version\": \"%s\", "
	    "\"warnings\": [", date_format(res->date, buf), r->version);
	for (i = 0; i < res->nwarnings; i++) {
		fprintf(f, "%s{\"id\": ", i ? ", " : "");
		json_string(f, result_warning_id(r, res, i, text,
		    sizeof text));
		fputs(", \"text\": ", f);
		json_string(f, report_warning_text(r, res, i, text,
		    sizeof text));
		fputs(", \"variables\": ", f);
		json_vars(f, r, &res->warnings[i].vars);
		fputc('}', f);
	}
	fputs("], \"urgencies\": [", f);
	for (i = 0; i < res->nurgency_order; i++) {
		int k = res->urgency_order[i];
		const struct urgency *u = &r->urgencies[k];

		fprintf(f, "%s{\"id\": ", i ? ", " : "");
		json_string(f, u->id);
		fprintf(f, ", \"priority\": \"%s\", \"title\": ",
		    res->urgencies[k].priority);
		json_string(f, u->title);
		fputs(", \"banner\": ", f);
		json_string(f, u->banner);
		fprintf(f, ", \"discreet\": %s, \"actions\": [",
		    u->discreet ? "true" : "false");
		for (j = 0; j < u->nactions; j++) {
			if (j)
				fputs(", ", f);
			json_string(f, u->actions[j]);
		}
		fputs("], \"services\": [", f);
		for (j = 0; j < u->nservices; j++) {
			if (j)
				fputs(", ", f);
			json_string(f, u->services[j]);
		}
		fputs("]}", f);
	}
	fputs("], \"schemes\": [", f);
	for (i = 0; i < r->nnational; i++) {
		const struct scheme_result *s = &res->schemes[i];
		const struct scheme *d = s->def;

		fprintf(f, "%s{\"id\": ", i ? ", " : "");
		json_string(f, d->id);
		fputs(", \"code\": ", f);
		json_string(f, d->code);
		fputs(", \"domain\": ", f);
		json_string(f, d->domain);
		fputs(", \"name\": ", f);
		json_string(f, d->name);
		fprintf(f, ", \"verdict\": \"%s\", \"variant\": ",
		    verdict_name(s->verdict));
		json_string(f, s->variant >= 0 ? d->variants[s->variant].id :
		    NULL);
		fputs(", \"amount\": ", f);
		if (s->has_amount)
			fputs(num_format_cents(s->amount, buf), f);
		else
			fputs("null", f);
		fputs(", \"period\": ", f);
		json_string(f, d->amount ? d->period : NULL);
		fprintf(f, ", \"non_take_up\": %s, \"department\": ",
		    s->non_take_up ? "true" : "false");
		json_string(f, d->department);
		fputs(", \"reasons\": [", f);
		for (j = 0; j < d->nconds; j++) {
			fprintf(f, "%s{\"id\": ", j ? ", " : "");
			json_string(f, d->conds[j].id);
			fputs(", \"text\": ", f);
			json_string(f, d->conds[j].text);
			fprintf(f, ", \"value\": \"%s\"}", s->conds[j] == 1 ?
			    "true" : s->conds[j] == 0 ? "false" : "unknown");
		}
		/* The benefits due that its resources count. */
		n = d->nconds;
		for (j = 0; j < d->ncounted; j++) {
			if (!s->counted_known[j] || s->counted[j] <= 0)
				continue;
			fprintf(f, "%s{\"id\": ", n++ ? ", " : "");
			snprintf(text, sizeof text, "counted.%s",
			    d->counted_ids[j]);
			json_string(f, text);
			fputs(", \"text\": ", f);
			json_string(f, r->derived[rules_derived_index(r,
			    d->counted_ids[j])].text);
			fprintf(f, ", \"value\": \"counted\", \"amount\": %s}",
			    num_format_cents(s->counted[j], buf));
		}
		/* A contradiction among what it reads is a reason too. */
		for (j = 0; j < res->nwarnings; j++) {
			if (!result_warning_touches(res, j, s))
				continue;
			fprintf(f, "%s{\"id\": ", n++ ? ", " : "");
			json_string(f, result_warning_id(r, res, j, text,
			    sizeof text));
			fputs(", \"text\": ", f);
			json_string(f, report_warning_text(r, res, j, text,
			    sizeof text));
			fputs(", \"value\": \"contradiction\"}", f);
		}
		fputs("], \"warnings\": [", f);
		for (j = 0, n = 0; j < res->nwarnings; j++)
			if (result_warning_touches(res, j, s)) {
				if (n++)
					fputs(", ", f);
				json_string(f, result_warning_id(r, res, j,
				    text, sizeof text));
			}
		fputs("], \"missing\": ", f);
		json_vars(f, r, &s->miss);
		fprintf(f, ", \"route\": {\"kind\": \"%s\", \"services\": [",
		    route_kind_name(d->route));
		for (j = 0; j < d->nservices; j++) {
			if (j)
				fputs(", ", f);
			json_string(f, d->services[j]);
		}
		fputs("]}, \"documents\": [", f);
		for (j = 0; j < d->ndocuments; j++) {
			if (j)
				fputs(", ", f);
			json_string(f, d->documents[j]);
		}
		fputs("]}", f);
	}
	fputs("], \"plan\": [", f);
	for (i = 0; i < res->nplan; i++) {
		const struct plan_step *st = &res->plan[i];

		fprintf(f, "%s{\"step\": %d, \"service\": ", i ? ", " : "",
		    i + 1);
		json_string(f, st->service);
		fputs(", \"title\": ", f);
		json_string(f, st->title);
		fputs(", \"why\": ", f);
		json_string(f, st->why);
		fputs(", \"urgency\": ", f);
		json_string(f, st->urgency);
		fprintf(f, ", \"prerequisite\": %s, \"assisted\": %s, "
		    "\"schemes\": [", st->prereq ? "true" : "false",
		    st->assisted ? "true" : "false");
		for (j = 0; j < st->nschemes; j++) {
			if (j)
				fputs(", ", f);
			json_string(f, st->schemes[j] >= 0 ?
			    r->schemes[st->schemes[j]].id : NULL);
		}
		fputc(']', f);
		json_offices(f, st);
		fputs(", \"routing\": ", f);
		json_string(f, territory_routing_id(territory_routing(
		    st->offices, st->noffices)));
		fputc('}', f);
	}
	fputs("], \"documents\": [", f);
	for (i = 0; i < res->ndocuments; i++) {
		if (i)
			fputs(", ", f);
		json_string(f, res->documents[i]);
	}
	fputs("], \"department\": ", f);
	if (res->department != NULL) {
		fputs("{\"code\": ", f);
		json_string(f, res->department);
		fprintf(f, ", \"in_directory\": %s}", res->in_directory ?
		    "true" : "false");
	} else {
		fputs("null", f);
	}
	fputs(", \"next_questions\": [", f);
	for (i = 0; i < res->nnext; i++) {
		if (i)
			fputs(", ", f);
		json_string(f, r->vars[res->next[i]].id);
	}
	fputc(']', f);
	if (asked != NULL) {
		fputs(", \"asked\": [", f);
		for (i = 0; i < nasked; i++) {
			if (i)
				fputs(", ", f);
			json_string(f, r->vars[asked[i]].id);
		}
		fputc(']', f);
	}
	fputs("}\n", f);
}

static void
text_body(FILE *f, const struct rules *r, const struct result *res)
{
	char buf[40], text[1000], money[64];
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
			if (s->variant >= 0 &&
			    s->def->variants[s->variant].text)
				fprintf(f, " (%s)",
				    s->def->variants[s->variant].text);
			if (s->has_amount)
				fprintf(f, _(": about %s%s (estimate)"),
				    format_money(s->amount, money,
				    sizeof money, 0), format_period_words(
				    s->def->period));
			if (s->non_take_up)
				/* TRANSLATORS: after a scheme: the person
				   seems not to claim it (non-take-up). */
				fputs(_("  [NON-TAKE-UP]"), f);
			fputc('\n', f);
			for (j = 0; j < s->def->nconds; j++)
				fprintf(f, "          %s %s\n",
				    s->conds[j] == 1 ? "[x]" :
				    s->conds[j] == 0 ? "[ ]" : "[?]",
				    s->def->conds[j].text);
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
				char phone[64] = "";

				if (sv->phone != NULL)
					territory_phone_format(sv->phone, phone,
					    sizeof phone);
				fprintf(f, "    > %s%s%s%s%s%s\n", sx && sx->name ?
				    sx->name : sv->name, phone[0] ? " — " : "",
				    phone, sx && sx->address ? " — " : "",
				    sx && sx->address ? sx->address : "",
				    sv->verif.status == VERIF_VERIFIED ? "" :
				    _(" (to verify)"));
				if (st->offices[j].why == OFFICE_CONTACT_GENERAL)
					fprintf(f, "      (%s)\n", _("sector "
					    "unknown, no office placed by "
					    "distance: the department's general "
					    "contact"));
				if (st->offices[j].why == OFFICE_NEAREST) {
					fputs("      (", f);
					fprintf(f, _("nearest, not confirmed as "
					    "competent: %d km between the "
					    "commune centres; call before "
					    "going"), st->offices[j].km);
					fputs(")\n", f);
				}
				if (st->offices[j].why ==
				    OFFICE_DEPARTMENT_UNSECTORED)
					fprintf(f, "      (%s)\n", _("not "
					    "confirmed as competent for the "
					    "commune: call before going"));
			}
			if (st->noffices == 0 && res->department != NULL &&
			    !res->in_directory)
				/* TRANSLATORS: %s is a department code. */
				fprintf(f, _("    > department %s is not in this "
				    "directory: ask its conseil départemental "
				    "(contact details not given here)\n"),
				    res->department);
			else if (st->noffices == 0 && res->in_directory &&
			    rules_kind(r, st->service) != NULL)
				/* TRANSLATORS: %s is a kind of office ("France
				   Travail", "CCAS / CIAS de la commune"). */
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
report_text(FILE *f, const struct rules *r, const struct result *res)
{
	typeset_to(f, text_body, r, res);
}
