/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * command.c - setting up and tearing down what a command needs.
 *
 * The one place where a command's rule base, territory and store are
 * loaded or opened, and freed (command.h).
 */
#include "command.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "rules.h"
#include "store.h"
#include "territory.h"
#include "xmalloc.h"

void
opts_error(const struct error *err)
{
	char buf[1200];

	error_format(err, buf, sizeof buf);
	fprintf(stderr, "aiguillage: %s\n", buf);
}

/* The rules version covers the local data too (doc/territory.md §4). */
static void
mix_local_version(struct rules *r)
{
	struct error err = { 0 };

	if (r != NULL && territory_version_mix(r->version, &err) == -1)
		opts_error(&err);
}

struct rules *
opts_rules(struct opts *o)
{
	struct error err = { 0 };

	assert(o->needs & NEED_RULES);
	if (o->rules != NULL)
		return o->rules;
	if ((o->rules = rules_load_cached(o->rules_dir, o->date,
	    territory_local_salt(), &err)) == NULL)
		opts_error(&err);
	mix_local_version(o->rules);
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
	o->territory = o->territory_yaml ? territory_load_layered(o->rules_dir,
	    local, &err) : territory_load_cached(o->rules_dir, local, &err);
	free(local);
	if (o->territory == NULL)
		opts_error(&err);
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
