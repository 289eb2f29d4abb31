/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n.h - gettext for the interface and for the rule base.
 *
 * Two message domains. "aiguillage" holds the interface: English msgids,
 * a complete French catalogue (locales/fr.po). "aiguillage-rules" holds
 * the rule base: its texts are written in French, so they are their own
 * msgids and only English needs a catalogue (locales/rules-en.po, made
 * from locales/rules.pot, which build/potgen extracts).
 *
 * French is the default: when no language is configured (C or POSIX
 * locale, nothing in LANGUAGE/LC_ALL/LC_MESSAGES/LANG) everything is
 * shown in French. See doc/i18n.md for how the language is chosen and
 * why LC_MESSAGES is moved to C.UTF-8 in the C locale.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define I18N_DOMAIN		"aiguillage"
#define I18N_RULES_DOMAIN	"aiguillage-rules"

/* An interface string, translated now. */
#define _(s)		gettext(s)
/* Marks a string for extraction; translate it later with _(). */
#define N_(s)		(s)
/* A string with a plural form: n chooses. */
#define Q_(s, p, n)	ngettext((s), (p), (n))

/*
 * Set the locale from the environment, bind both domains to `localedir`
 * (NULL: i18n_default_localedir()) with UTF-8 output, and choose the
 * language: `lang` when not NULL or empty ("fr", "en", "en_GB"…), else
 * LANGUAGE, LC_ALL, LC_MESSAGES, LANG in that order; anything that is not
 * English, and no setting at all, gives French. Returns 0, or -1 when the
 * messages cannot be translated at all (no locale accepts LC_MESSAGES:
 * C.UTF-8 missing), in which case English msgids are shown. Call once,
 * before any other output, and before curses starts.
 */
int	i18n_init(const char *lang, const char *localedir);

/*
 * Switch the language of _() and i18n_rule() ("fr" or "en"; anything
 * that does not start with "en" is French). Used to print a person's
 * summary in a language other than the agent's; call it again with the
 * previous i18n_lang() to come back. Cheap, but not thread-safe (it sets
 * LANGUAGE and invalidates gettext's cache).
 */
void	i18n_set_lang(const char *lang);

/* The current language: "fr" or "en". Static storage. */
const char	*i18n_lang(void);

/*
 * A text of the rule base (French) in the current language: itself in
 * French, its translation from the "aiguillage-rules" catalogue in
 * English (itself again when it has none). NULL gives NULL. The result
 * is static or belongs to the catalogue: do not free.
 */
const char	*i18n_rule(const char *fr);

/*
 * Where catalogues are looked for when i18n_init gets NULL:
 * $AIGUILLAGE_LOCALEDIR, else build/locale beside the executable (a
 * source tree: ./aiguillage or build/aiguillage), else the compiled-in
 * AIG_LOCALEDIR, else "build/locale". Static storage.
 */
const char	*i18n_default_localedir(void);

#endif
