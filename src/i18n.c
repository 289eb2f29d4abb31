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

#include "rules.h"

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

int
i18n_init(const char *lang, const char *localedir)
{
	const char *cur;
	int rc = 0;

	if (setlocale(LC_ALL, "") == NULL)
		/* LANG names a locale that is not installed */
		setlocale(LC_ALL, "C.UTF-8");
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
i18n_localize_rules(struct rules *r)
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
		for (k = 0; k < u->nactions; k++)
			tr(&u->actions[k]);
	}
	for (i = 0; i < r->nchecks; i++)
		tr(&r->checks[i].text);
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
