/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n.c - choose the language, bind the two gettext domains.
 *
 * glibc's gettext ignores LANGUAGE, and translates nothing, while
 * LC_MESSAGES is the C or POSIX locale. French must be the default there
 * (SPEC §10), so in that case LC_MESSAGES alone moves to C.UTF-8 (built
 * into glibc since 2.35; Debian also ships it as a locale): the program
 * still formats numbers and classifies characters as the C locale does,
 * and the language itself is always carried by LANGUAGE, which this
 * module sets. Catalogues are read as UTF-8 whatever LC_CTYPE says.
 */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char	cur_lang[3] = "fr";
static char	localedir_buf[PATH_MAX + 32];

static int
is_c_locale(const char *name)
{
	return name == NULL || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0;
}

/* The first language the environment asks for, or NULL. */
static const char *
env_lang(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL",
	    "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return v;
	return NULL;
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
i18n_default_localedir(void)
{
	char self[PATH_MAX];
	const char *env;
	ssize_t n;
	char *slash;
	int i;

	if ((env = getenv("AIGUILLAGE_LOCALEDIR")) != NULL && *env != '\0')
		return env;
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		/* ./aiguillage, then build/aiguillage, in a source tree */
		for (i = 0; i < 2 && (slash = strrchr(self, '/')) != NULL;
		    i++) {
			*slash = '\0';
			snprintf(localedir_buf, sizeof localedir_buf,
			    "%s/build/locale", self);
			if (is_dir(localedir_buf))
				return localedir_buf;
		}
	}
#ifdef AIG_LOCALEDIR
	return AIG_LOCALEDIR;
#else
	return "build/locale";
#endif
}

/*
 * The categories the program's behaviour depends on: the six of POSIX.
 * glibc's six others (LC_PAPER, LC_NAME, LC_ADDRESS, LC_TELEPHONE,
 * LC_MEASUREMENT, LC_IDENTIFICATION) serve only nl_langinfo() items that
 * no code here, nor ncurses, asks for: left in the C locale, they cost
 * no file to look for, open and map at every start (issue 19).
 */
static const int categories[] = {
	LC_CTYPE, LC_NUMERIC, LC_TIME, LC_COLLATE, LC_MONETARY, LC_MESSAGES
};

int
i18n_init(const char *lang, const char *localedir)
{
	const char *cur;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof categories / sizeof *categories; i++)
		if (setlocale(categories[i], "") == NULL)
			/* LANG names a locale that is not installed */
			setlocale(categories[i], "C.UTF-8");
	cur = setlocale(LC_MESSAGES, NULL);
	if (is_c_locale(cur) && setlocale(LC_MESSAGES, "C.UTF-8") == NULL &&
	    setlocale(LC_MESSAGES, "C.utf8") == NULL)
		rc = -1;
	if (localedir == NULL)
		localedir = i18n_default_localedir();
	bindtextdomain(I18N_DOMAIN, localedir);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	bindtextdomain(I18N_RULES_DOMAIN, localedir);
	bind_textdomain_codeset(I18N_RULES_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
	i18n_set_lang(lang != NULL && *lang != '\0' ? lang : env_lang());
	return rc;
}

void
i18n_set_lang(const char *lang)
{
	char saved[256];
	const char *cur;

	if (lang != NULL && strncmp(lang, "en", 2) == 0)
		memcpy(cur_lang, "en", 3);
	else
		memcpy(cur_lang, "fr", 3);
	setenv("LANGUAGE", cur_lang, 1);
	/*
	 * gettext caches translations per locale name, not per LANGUAGE:
	 * setting a category again (even to the same locale) invalidates
	 * the cache (glibc increments _nl_msg_cat_cntr in setlocale).
	 */
	if ((cur = setlocale(LC_MESSAGES, NULL)) != NULL) {
		snprintf(saved, sizeof saved, "%s", cur);
		setlocale(LC_MESSAGES, saved);
	}
}

const char *
i18n_lang(void)
{
	return cur_lang;
}

const char *
i18n_rule(const char *fr)
{
	if (fr == NULL || *fr == '\0' || cur_lang[0] != 'e')
		return fr;
	return dgettext(I18N_RULES_DOMAIN, fr);
}
