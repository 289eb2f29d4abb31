/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * localize.c - a loaded rule base in the interface's language.
 *
 * The rule base is written in French; its English texts come from the
 * "aiguillage-rules" catalogue through i18n_rule(). This walks every
 * field a person reads (those potgen extracts into locales/rules.pot)
 * and swaps the pointer for its translation.
 */
#include "localize.h"

#include <string.h>

#include "i18n.h"

static void
tr(const char **s)
{
	if (*s != NULL)
		*s = i18n_rule(*s);
}

static void
tr_var(struct var *v)
{
	int i;

	tr(&v->text);
	tr(&v->text_third);
	tr(&v->help);
	for (i = 0; i < v->nopts; i++)
		tr(&v->opts[i].label);
	for (i = 0; i < v->nfields; i++)
		tr_var(&v->fields[i]);
}

void
localize_rules(struct rules *r)
{
	int i, k;

	if (strcmp(i18n_lang(), "fr") == 0)
		return;
	for (i = 0; i < r->nvars; i++)
		tr_var(&r->vars[i]);
	for (i = 0; i < r->nderived; i++)
		tr(&r->derived[i].text);
	for (i = 0; i < r->nschemes; i++) {
		struct scheme *s = &r->schemes[i];

		tr(&s->name);
		tr(&s->long_name);
		tr(&s->operator_);
		tr(&s->rounding);
		tr(&s->apply_text);
		tr(&s->delay);
		tr(&s->non_take_up_text);
		tr(&s->to_check_text);
		tr(&s->text_person);
		for (k = 0; k < s->nconds; k++)
			tr(&s->conds[k].text);
		for (k = 0; k < s->nvariants; k++)
			tr(&s->variants[k].text);
		for (k = 0; k < s->nincompat; k++)
			tr(&s->incompat[k].note);
	}
	for (i = 0; i < r->nurgencies; i++) {
		struct urgency *u = &r->urgencies[i];

		tr(&u->title);
		tr(&u->banner);
		tr(&u->text_person);
		for (k = 0; k < u->nactions; k++)
			tr(&u->actions[k]);
	}
	for (i = 0; i < r->nchecks; i++)
		tr(&r->checks[i].text);
	for (i = 0; i < r->ndomains; i++)
		if (r->domain_labels != NULL)
			tr(&r->domain_labels[i]);
	for (i = 0; i < r->nprereqs; i++) {
		tr(&r->prereqs[i].title);
		tr(&r->prereqs[i].why);
	}
	tr(&r->mds_title);
	tr(&r->mds_why);
	tr(&r->referent_title);
	tr(&r->night_title);
	tr(&r->night_why);
	for (i = 0; i < r->ndocuments; i++) {
		tr(&r->documents[i].label);
		tr(&r->documents[i].help);
	}
	for (i = 0; i < r->nkinds; i++)
		tr(&r->kinds[i].name);
}
