/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * typo.h - typography at display time: one pass over a finished text,
 * in the conventions of its language.
 *
 * Rule texts, directory data and catalogue strings are written with
 * ordinary spaces; what a person reads gets them right here, once, for
 * the screens, the plain reports and the printed summary alike.
 *
 * In French: U+202F (narrow no-break space) before ; ? ! and inside
 * « »; U+00A0 (no-break space) before : € % and between the groups of
 * a number (thousands, phone numbers: "0 805 16 00 75" never breaks);
 * "24/7" reads "24 h/24, 7 j/7". In English nothing is added before
 * punctuation, and only the groups of a number are tied. With
 * TYPO_PRINT (paper and HTML), an apostrophe between letters becomes
 * the typographic one (’) in both languages.
 *
 * Line breaking (utf8_wrap) breaks at ASCII spaces only, so whatever
 * this pass ties is never cut at the end of a line.
 */
#ifndef TYPO_H
#define TYPO_H

#define TYPO_PRINT	0x01	/* typographic apostrophes */

/*
 * `s` set in the typography of `lang` ("fr" or "en"; NULL: the current
 * language, i18n_lang()). Returns a new string; caller frees.
 */
char	*typo_apply(const char *s, const char *lang, int flags);

#endif
