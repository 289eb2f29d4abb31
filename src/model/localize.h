/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * localize.h - the texts of a loaded rule base in the current language.
 */
#ifndef LOCALIZE_H
#define LOCALIZE_H

#include "rules.h"

/*
 * When the current language is not French, replace every text of a
 * loaded rule base that a person reads (the fields of locales/rules.pot)
 * by its translation, in place, so that screens, plain mode and text
 * reports show the rule base in the interface's language. Ids, options'
 * values and expressions are untouched. Translations belong to the
 * catalogue and live as long as the program.
 */
void	localize_rules(struct rules *);

#endif
