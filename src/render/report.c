/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.c - JSON and plain-text renderings of a result.
 */
#include "report.h"

#include <string.h>

#include "i18n.h"

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
		fprintf(f, ", \"verified\": %s, \"why\": \"%s\"}",
		    s->verif.status == VERIF_VERIFIED ? "true" : "false",
		    office_why_name(st->offices[i].why));
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

void
report_text(FILE *f, const struct rules *r, const struct result *res)
{
	char buf[40], text[1000];
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
				fprintf(f, "\n== %s ==\n", r->domains[k]);
			/* TRANSLATORS: a scheme's verdict at the start of a
			   line of the text report, padded to 9 bytes: a right
			   the person likely has, or one to check. */
			verdict = s->verdict == VERDICT_LIKELY ? _("LIKELY") :
			    _("TO CHECK");
			fprintf(f, "%-9s %s", verdict, s->def->name);
			if (s->variant >= 0 &&
			    s->def->variants[s->variant].text)
				fprintf(f, " (%s)",
				    s->def->variants[s->variant].text);
			if (s->has_amount)
				/* TRANSLATORS: after a scheme's name: its
				   estimated amount and its period ("month",
				   "year", "once": not translated). */
				fprintf(f, _(": ~%s EUR/%s (estimate)"),
				    num_format_cents(s->amount, buf),
				    s->def->period);
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
					    "%s EUR\n"), r->derived[
					    rules_derived_index(r,
					    s->def->counted_ids[j])].text,
					    num_format_cents(s->counted[j], buf));
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
					    "unknown: the department's general "
					    "contact"));
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
