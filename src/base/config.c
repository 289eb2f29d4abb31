/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config.c - reading the site configuration.
 */
#include "config.h"
#include "i18n.h"
#include "outfilter.h"
#include "utf8.h"
#include "xmalloc.h"
#include "ydoc.h"

#include <sys/stat.h>

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <pwd.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef AIG_SYSCONFDIR
#define AIG_SYSCONFDIR "/etc"
#endif

const char *
config_default_path(void)
{
	return AIG_SYSCONFDIR "/aiguillage/aiguillage.conf";
}

static int
set(char *dst, size_t size, const char *val, const char *file, int line,
    const char *key, struct error *err)
{
	if (strlen(val) >= size)
		return error_set(err, file, line, 0, _("value of \"%s\" is too "
		    "long"), key);
	snprintf(dst, size, "%s", val);
	return 0;
}

/* The global string settings: the field of struct config each fills. */
#define CONFIG_STRING(f) \
	{ #f, offsetof(struct config, f), sizeof ((struct config *)0)->f }
static const struct {
	const char	*key;
	size_t		 off, size;
} string_keys[] = {
	CONFIG_STRING(department), CONFIG_STRING(site), CONFIG_STRING(channel),
	CONFIG_STRING(database), CONFIG_STRING(group), CONFIG_STRING(admins),
	CONFIG_STRING(printer), CONFIG_STRING(language), CONFIG_STRING(depth),
};
#undef CONFIG_STRING

/* The global number settings, from 1 to `max`. */
static const struct {
	const char	*key;
	size_t		 off;
	long		 max;
	const char	*bad;	/* the message for anything else */
} number_keys[] = {
	{ "stats_threshold", offsetof(struct config, stats_threshold), 1000,
	    N_("stats_threshold must be a number of cases (1 to 1000)") },
	{ "retention_days", offsetof(struct config, retention_days), 36500,
	    N_("retention_days must be a number of days (1 to 36500)") },
};

/* The channel's value, wherever it is set: 0, or -1 with err. */
static int
check_channel(const char *val, const char *file, int line, struct error *err)
{
	if (strcmp(val, "mds_counter") != 0 &&
	    strcmp(val, "ccas_counter") != 0 && strcmp(val, "phone") != 0 &&
	    strcmp(val, "other") != 0)
		return error_set(err, file, line, 0, _("channel must be "
		    "mds_counter, ccas_counter, phone or other"));
	return 0;
}

/*
 * The depth of a new interview (interview.h), wherever it is set: a
 * counter stops at the orientation, a social worker may go on to the
 * full check of every right. 0, or -1 with err.
 */
static int
check_depth(const char *val, const char *file, int line, struct error *err)
{
	if (strcmp(val, "orientation") != 0 && strcmp(val, "full") != 0)
		return error_set(err, file, line, 0, _("depth must be "
		    "orientation or full"));
	return 0;
}

/* A global "key = value" into `c`: 0, or -1 with err. */
static int
config_key(struct config *c, const char *key, const char *val,
    const char *file, int line, struct error *err)
{
	char *end;
	long n;
	size_t i;

	for (i = 0; i < sizeof string_keys / sizeof *string_keys; i++)
		if (strcmp(key, string_keys[i].key) == 0)
			return set((char *)c + string_keys[i].off,
			    string_keys[i].size, val, file, line, key, err);
	for (i = 0; i < sizeof number_keys / sizeof *number_keys; i++) {
		if (strcmp(key, number_keys[i].key) != 0)
			continue;
		n = strtol(val, &end, 10);
		if (*val == '\0' || *end != '\0' || n < 1 ||
		    n > number_keys[i].max)
			return error_set(err, file, line, 0, "%s",
			    _(number_keys[i].bad));
		*(int *)(void *)((char *)c + number_keys[i].off) = (int)n;
		return 0;
	}
	return error_set(err, file, line, 0, _("unknown setting \"%s\""), key);
}

/*
 * Per-agent settings (issue 16): "[agent NAME]" and "[site NAME]"
 * sections after the global keys. An agent section (NAME: the account
 * running the program) may set site, channel, printer and depth; a site
 * section channel, printer and depth, for the agents of that site. The
 * agent's own values win over the site's, which win over the global
 * ones.
 */
struct section {
	char	name[128];
	char	site[128], channel[32], printer[128], depth[16];
};

struct sections {
	int		 kind;		/* 0 global, 1 agent, 2 site */
	int		 mine;		/* the agent section is ours */
	struct section	 me;		/* our agent section */
	struct section	*sites;
	int		 nsites;
	char		 login[128];
	int		 login_known;	/* login looked up */
};

/* The account, from the system (as store_agent): never $USER. Looked up
   at the first [agent] section only: the password database costs a
   dozen system calls at every start (issue 19). */
static const char *
agent_login(struct sections *x)
{
	struct passwd *pw;

	if (!x->login_known) {
		x->login_known = 1;
		if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name != NULL)
			snprintf(x->login, sizeof x->login, "%s",
			    pw->pw_name);
	}
	return x->login;
}

/* "[agent NAME]" or "[site NAME]": 0, or -1 with err. */
static int
section_start(struct sections *x, char *line, const char *file, int lineno,
    struct error *err)
{
	char *name, *end = line + strlen(line) - 1;

	if (*end != ']')
		return error_set(err, file, lineno, 0, _("expected \"[agent "
		    "NAME]\" or \"[site NAME]\""));
	*end = '\0';
	line = utf8_trim(line + 1);
	if (strncmp(line, "agent", 5) == 0 && isspace((unsigned char)line[5]))
		x->kind = 1;
	else if (strncmp(line, "site", 4) == 0 &&
	    isspace((unsigned char)line[4]))
		x->kind = 2;
	else
		return error_set(err, file, lineno, 0,
		    _("unknown section \"[%s]\" "
		    "(agent NAME or site NAME)"), line);
	name = utf8_trim(line + (x->kind == 1 ? 5 : 4));
	if (*name == '\0' || strlen(name) >= sizeof x->me.name)
		return error_set(err, file, lineno, 0,
		    _("a section needs a name "
		    "of 1 to %d characters"), (int)sizeof x->me.name - 1);
	if (x->kind == 1) {
		x->mine = strcmp(name, agent_login(x)) == 0;
		if (x->mine)
			snprintf(x->me.name, sizeof x->me.name, "%s", name);
		return 0;
	}
	x->sites = xrealloc(x->sites, sizeof *x->sites *
	    (size_t)(x->nsites + 1));
	memset(&x->sites[x->nsites], 0, sizeof *x->sites);
	snprintf(x->sites[x->nsites].name, sizeof x->sites->name, "%s", name);
	x->nsites++;
	return 0;
}

/* A key inside a section: 1 when taken, 0 when not a section key, -1. */
static int
section_key(struct sections *x, const char *key, const char *val,
    const char *file, int line, struct error *err)
{
	struct section *s = x->kind == 1 ? &x->me : &x->sites[x->nsites - 1];
	char *dst;
	size_t size;

	if (strcmp(key, "site") == 0 && x->kind == 1) {
		dst = s->site;
		size = sizeof s->site;
	} else if (strcmp(key, "channel") == 0) {
		dst = s->channel;
		size = sizeof s->channel;
	} else if (strcmp(key, "printer") == 0) {
		dst = s->printer;
		size = sizeof s->printer;
	} else if (strcmp(key, "depth") == 0) {
		dst = s->depth;
		size = sizeof s->depth;
	} else {
		return error_set(err, file, line, 0,
		    _("\"%s\" cannot be set in a [%s] section (%s)"), key,
		    x->kind == 1 ? "agent" : "site",
		    x->kind == 1 ? "site, channel, printer, depth" :
		    "channel, printer, depth");
	}
	if (x->kind == 1 && !x->mine)
		dst = NULL;	/* another agent's: checked, not kept */
	if (dst == NULL)
		return strlen(val) >= size ? error_set(err, file, line, 0,
		    _("value of \"%s\" is too long"), key) : 1;
	return set(dst, size, val, file, line, key, err) == -1 ? -1 : 1;
}

/* The sections that apply to us, over the global values. */
static void
sections_apply(struct config *c, const struct sections *x)
{
	int i;

	if (x->me.site[0] != '\0')
		snprintf(c->site, sizeof c->site, "%s", x->me.site);
	for (i = 0; i < x->nsites; i++) {
		const struct section *s = &x->sites[i];

		if (strcmp(s->name, c->site) != 0)
			continue;
		if (s->channel[0] != '\0')
			snprintf(c->channel, sizeof c->channel, "%s",
			    s->channel);
		if (s->printer[0] != '\0')
			snprintf(c->printer, sizeof c->printer, "%s",
			    s->printer);
		if (s->depth[0] != '\0')
			snprintf(c->depth, sizeof c->depth, "%s", s->depth);
	}
	if (x->me.channel[0] != '\0')
		snprintf(c->channel, sizeof c->channel, "%s", x->me.channel);
	if (x->me.printer[0] != '\0')
		snprintf(c->printer, sizeof c->printer, "%s", x->me.printer);
	if (x->me.depth[0] != '\0')
		snprintf(c->depth, sizeof c->depth, "%s", x->me.depth);
}

static int	config_read(struct config *, const char *,
		    struct sections *, struct error *);

int
config_load(struct config *c, const char *path, struct error *err)
{
	struct sections x;
	int rc;

	memset(&x, 0, sizeof x);
	rc = config_read(c, path, &x, err);
	if (rc == 0)
		sections_apply(c, &x);
	free(x.sites);
	return rc;
}

static int
config_read(struct config *c, const char *path, struct sections *x,
    struct error *err)
{
	FILE *f;
	struct stat st;
	struct error oerr;
	char buf[2048];
	long off = 0;
	int line = 0, explicit = path != NULL;

	memset(c, 0, sizeof *c);
	snprintf(c->channel, sizeof c->channel, "other");
	c->retention_days = 365;
	c->stats_threshold = 5;
	if (path == NULL)
		path = config_default_path();
	if (strcmp(path, "/dev/null") == 0)
		return 0;	/* the tests' "no configuration" */
	/* /dev/zero or a pipe would be read for ever: a regular file only,
	 * of a size a configuration can have. */
	if ((f = file_open_regular(path, &oerr)) == NULL) {
		if (errno == ENOENT && !explicit)
			return 0;
		return error_set(err, path, 0, 0, _("cannot read the "
		    "configuration: %s"), oerr.msg);
	}
	if (fstat(fileno(f), &st) == -1) {
		fclose(f);
		return error_set(err, path, 0, 0, _("cannot read the "
		    "configuration: %s"), strerror(errno));
	}
	if (st.st_size > CONFIG_MAX_BYTES) {
		fclose(f);
		return error_set(err, path, 0, 0, _("cannot read the "
		    "configuration: larger than %d bytes"), CONFIG_MAX_BYTES);
	}
	while (fgets(buf, sizeof buf, f) != NULL) {
		char *key, *val, *eq;

		line++;
		if (strlen(buf) == sizeof buf - 1 && buf[sizeof buf - 2] != '\n') {
			error_set(err, path, line, 0, _("line too long"));
			goto bad;
		}
		/* fgets read ftell - off bytes; fewer before the NUL means
		 * a NUL byte inside the line. */
		if ((long)strlen(buf) < ftell(f) - off) {
			error_set(err, path, line, 0, _("not a text file"));
			goto bad;
		}
		if (ftell(f) > (long)st.st_size) {
			error_set(err, path, line, 0,
			    _("file grew while read"));
			goto bad;
		}
		off = ftell(f);
		key = utf8_trim(buf);
		if (*key == '#' || *key == '\0')
			continue;
		if (*key == '[') {
			if (outfilter_has_control(key, 0)) {
				error_set(err, path, line, 0, _("control "
				    "character in a section name"));
				goto bad;
			}
			if (section_start(x, key, path, line, err) == -1)
				goto bad;
			continue;
		}
		if ((eq = strchr(key, '=')) == NULL) {
			fclose(f);
			return error_set(err, path, line, 0, _("expected "
			    "\"key = value\""));
		}
		*eq = '\0';
		key = utf8_trim(key);
		val = utf8_trim(eq + 1);
		if (strlen(val) >= 2 && (val[0] == '"' || val[0] == '\'') &&
		    val[strlen(val) - 1] == val[0]) {
			val[strlen(val) - 1] = '\0';
			val++;
		}
		/* site, group, printer reach screens, printers, CSV and
		 * the tab-separated lists: no tab inside a value either. */
		if (outfilter_has_control(val, 0) || strchr(val, '\t')) {
			error_set(err, path, line, 0, _("control character in "
			    "the value of \"%s\""), key);
			goto bad;
		}
		if (strcmp(key, "channel") == 0 &&
		    check_channel(val, path, line, err) == -1)
			goto bad;
		if (strcmp(key, "depth") == 0 &&
		    check_depth(val, path, line, err) == -1)
			goto bad;
		if ((x->kind != 0 ? section_key(x, key, val, path, line, err) :
		    config_key(c, key, val, path, line, err)) == -1)
			goto bad;
	}
	fclose(f);
	return 0;
bad:
	fclose(f);
	return -1;
}
