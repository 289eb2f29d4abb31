/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config.h - the site configuration (/etc/aiguillage/aiguillage.conf).
 *
 * A plain "key = value" file with # comments: department, site, channel,
 * database, group, retention_days, printer, language, depth. A missing file
 * means defaults; an unknown key or a bad value is an error with its line.
 * Then "[agent NAME]" sections (site, channel, printer of the account
 * NAME) and "[site NAME]" sections (channel, printer, depth of the agents
 * of site NAME): the running account's values are applied over the global
 * ones when the file is loaded. database may be a PostgreSQL connection
 * string ("postgresql://…" or "service=NAME").
 */
#ifndef CONFIG_H
#define CONFIG_H

#include "error.h"

/* A configuration is a few lines; anything larger is refused. */
#define CONFIG_MAX_BYTES	65536

struct config {
	char	department[8];
	char	site[128];
	char	channel[32];
	char	database[1024];
	char	group[64];
	char	admins[256];	/* accounts with the admin role, ", " list */
	char	printer[128];
	char	language[16];
	char	depth[16];	/* "orientation", "full", or "" (full) */
	int	retention_days;
	int	stats_threshold;	/* smallest count stats show */
};

/* Defaults, then `path` if it exists (NULL: the compiled-in default).
 * Returns 0, or -1 with err filled (file:line). */
int	config_load(struct config *, const char *path, struct error *err);
/* The compiled-in default path. */
const char	*config_default_path(void);

#endif
