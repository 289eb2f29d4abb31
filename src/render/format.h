/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.h - amounts of money as people read them, in the current
 * language: "1 394,75 €" in French, "€1,394.75" in English.
 */
#ifndef FORMAT_H
#define FORMAT_H

#include <stddef.h>

#include "rules.h"
#include "value.h"

/* format_money flags */
#define FORMAT_PRINT	0x01	/* typographic spaces (U+202F between
				   thousands, U+00A0 before €): printed
				   summaries; without, plain spaces (screens,
				   where every cell is one column) */

/*
 * `n` with two decimals, thousands grouped, the euro sign where the
 * language puts it (i18n_lang()); a negative amount keeps its sign in
 * front. Writes at most `size` bytes (40 are enough for any amount) and
 * returns `buf`.
 */
char	*format_money(num_t n, char *buf, size_t size, int flags);
/*
 * " a month", " a year", " once" (translated) after an amount, from a
 * scheme's period ("month", "year", "once"); "" for NULL or any other.
 * The result and the screens both write it.
 */
const char	*format_period_words(const char *period);
/*
 * After an amount computed from a value not confirmed at the date
 * (struct scheme_result's `unconfirmed`): a short warning, translated.
 */
const char	*format_unconfirmed(void);
/*
 * The phrase after a right's name that says its amount `n`, from what
 * the amount is to the person (rules: amount_is) and its period: money
 * received ": about 120 € a month (estimate)", a payment ": you pay
 * about 30 € a month (estimate)" or, for 0, ": free of charge", a
 * ceiling ": up to 811.52 € a month". Writes at most `size` bytes and
 * returns `buf`.
 */
char	*format_amount(enum amount_is kind, num_t n, const char *period,
	    char *buf, size_t size, int flags);

/*
 * Opening hours in the OpenStreetMap syntax of the directory
 * ("Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00", "24/7", "PH off")
 * as people read them in the current language: "du lundi au vendredi
 * 8 h 30–12 h, 13 h 30–17 h ; samedi 9 h–12 h". Anything outside that
 * subset (free text, a syntax it does not know) is written as it is.
 * Writes at most `size` bytes and returns `buf`.
 */
char	*format_hours(const char *osm, char *buf, size_t size);

#endif
