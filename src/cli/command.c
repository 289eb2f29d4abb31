/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * command.c - setting up and tearing down what a command needs.
 *
 * The one place where a command's rule base, territory and store are
 * loaded or opened, and freed (command.h).
 */
#include "command.h"

#include <assert.h>
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "rules.h"
#include "store.h"
#include "territory.h"
#include "xmalloc.h"

/* Where the messages of opts_*() go: stderr, or held (opts_hold). */
static FILE	*held;
static char	*held_buf;
static size_t	 held_len;

static FILE *
msg_out(void)
{
	return held != NULL ? held : stderr;
}

void
opts_hold_messages(void)
{
	if (held == NULL)
		held = open_memstream(&held_buf, &held_len);
}

void
opts_say_held(void)
{
	if (held == NULL)
		return;
	fclose(held);
	held = NULL;
	if (held_buf != NULL)
		fputs(held_buf, stderr);
	free(held_buf);
	held_buf = NULL;
	held_len = 0;
}

void
opts_error(const struct error *err)
{
	char buf[1200];

	error_format(err, buf, sizeof buf);
	fprintf(msg_out(), "aiguillage: %s\n", buf);
}

/*
 * The installed state directory (the shared database, the local data)
 * belongs to a group (packaging/debian/postinst, mode 2770). An account
 * outside it is told so, once, before any permission error on one of
 * its files, and gets no private database instead (issue 16). `path`
 * is the directory or database about to be used: 0 when it is not in
 * the state directory or the directory may be read; -1 after the
 * message.
 */
static int
state_dir_refused(const char *path)
{
#ifdef AIG_LOCALSTATEDIR
	static const char dir[] = AIG_LOCALSTATEDIR "/lib/aiguillage";
	static int said;
	struct group *gr;
	struct stat sb;
	char gid[32];
	const char *group, *login;

	if (path == NULL || strncmp(path, dir, sizeof dir - 1) != 0 ||
	    (path[sizeof dir - 1] != '\0' && path[sizeof dir - 1] != '/'))
		return 0;
	if (access(dir, R_OK | X_OK) == 0 || errno != EACCES ||
	    stat(dir, &sb) == -1)
		return 0;
	if (said++)
		return -1;
	if ((gr = getgrgid(sb.st_gid)) != NULL && gr->gr_name != NULL)
		group = gr->gr_name;
	else {
		snprintf(gid, sizeof gid, "%lu", (unsigned long)sb.st_gid);
		group = gid;
	}
	login = store_agent();
	/* TRANSLATORS: the directory, the group twice, the account twice. */
	fprintf(msg_out(), _("aiguillage: cannot use %s: only members of the "
	    "group \"%s\" may; the account \"%s\" is not one (an "
	    "administrator adds it: adduser %s %s)\n"), dir, group, login,
	    login, group);
	return -1;
#else
	(void)path;
	return 0;
#endif
}

/* The rules version covers the territory data and the local data too
   (doc/territory.md §4). */
static void
mix_local_version(struct rules *r, const char *rules_dir)
{
	struct error err = { 0 };

	if (r != NULL && territory_version_mix(rules_dir, r->version, &err)
	    == -1)
		opts_error(&err);
}

struct rules *
opts_rules(struct opts *o)
{
	struct error err = { 0 };
	char *local;
	int refused;

	assert(o->needs & NEED_RULES);
	if (o->rules != NULL)
		return o->rules;
	local = territory_local_default();
	refused = state_dir_refused(local);
	free(local);
	if (refused)
		return NULL;
	if ((o->rules = rules_load_cached(o->rules_dir, o->date,
	    territory_local_salt(), &err)) == NULL)
		opts_error(&err);
	mix_local_version(o->rules, o->rules_dir);
	return o->rules;
}

struct territory *
opts_territory(struct opts *o)
{
	struct error err = { 0 };
	char *local;

	assert(o->needs & NEED_TERRITORY);
	if (o->territory != NULL)
		return o->territory;
	local = territory_local_default();
	if (state_dir_refused(local)) {
		free(local);
		return NULL;
	}
	o->territory = o->territory_yaml ? territory_load_layered(o->rules_dir,
	    local, &err) : territory_load_cached(o->rules_dir, local, &err);
	free(local);
	if (o->territory == NULL)
		opts_error(&err);
	else	/* the site's communes first in searches */
		territory_set_home(o->territory, o->config.department);
	return o->territory;
}

struct store *
opts_store(struct opts *o)
{
	struct error err = { 0 };
	const char *path = o->db;
	char *dflt = NULL;
	int flags;

	assert(o->needs & (NEED_STORE | NEED_STORE_RO));
	if (o->store != NULL)
		return o->store;
	if (path == NULL && o->config.database[0] != '\0')
		path = o->config.database;
	if (path == NULL)
		path = dflt = store_default_path();
	if (state_dir_refused(path)) {
		free(dflt);
		return NULL;
	}
	if (o->needs & NEED_STORE)
		flags = o->config.group[0] != '\0' || store_dir_shared(path) ?
		    STORE_GROUP : 0;
	else
		flags = STORE_READONLY;
	o->store = store_open(path, flags, &err);
	free(dflt);
	if (o->store == NULL)
		opts_error(&err);
	return o->store;
}

void
opts_release(struct opts *o)
{
	if (o->store != NULL)
		store_close(o->store);
	if (o->territory != NULL)
		territory_free(o->territory);
	if (o->rules != NULL)
		rules_free(o->rules);
	o->store = NULL;
	o->territory = NULL;
	o->rules = NULL;
}
