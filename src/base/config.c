/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config.c - reading the site configuration.
 */
#include "config.h"
#include "outfilter.h"
#include "ydoc.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
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

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
set(char *dst, size_t size, const char *val, const char *file, int line,
    const char *key, struct error *err)
{
	if (strlen(val) >= size)
		return error_set(err, file, line, 0, "value of \"%s\" is too "
		    "long", key);
	snprintf(dst, size, "%s", val);
	return 0;
}

int
config_load(struct config *c, const char *path, struct error *err)
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
		return error_set(err, path, 0, 0, "cannot read the "
		    "configuration: %s", oerr.msg);
	}
	if (fstat(fileno(f), &st) == -1) {
		fclose(f);
		return error_set(err, path, 0, 0, "cannot read the "
		    "configuration: %s", strerror(errno));
	}
	if (st.st_size > CONFIG_MAX_BYTES) {
		fclose(f);
		return error_set(err, path, 0, 0, "cannot read the "
		    "configuration: larger than %d bytes", CONFIG_MAX_BYTES);
	}
	while (fgets(buf, sizeof buf, f) != NULL) {
		char *key, *val, *eq;

		line++;
		if (strlen(buf) == sizeof buf - 1 && buf[sizeof buf - 2] != '\n') {
			error_set(err, path, line, 0, "line too long");
			goto bad;
		}
		/* fgets read ftell - off bytes; fewer before the NUL means
		 * a NUL byte inside the line. */
		if ((long)strlen(buf) < ftell(f) - off) {
			error_set(err, path, line, 0, "not a text file");
			goto bad;
		}
		if (ftell(f) > (long)st.st_size) {
			error_set(err, path, line, 0, "file grew while read");
			goto bad;
		}
		off = ftell(f);
		key = trim(buf);
		if (*key == '#' || *key == '\0')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			fclose(f);
			return error_set(err, path, line, 0, "expected "
			    "\"key = value\"");
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if (strlen(val) >= 2 && (val[0] == '"' || val[0] == '\'') &&
		    val[strlen(val) - 1] == val[0]) {
			val[strlen(val) - 1] = '\0';
			val++;
		}
		/* site, group, printer reach screens, printers, CSV and
		 * the tab-separated lists: no tab inside a value either. */
		if (outfilter_has_control(val, 0) || strchr(val, '\t')) {
			error_set(err, path, line, 0, "control character in "
			    "the value of \"%s\"", key);
			goto bad;
		}
		if (strcmp(key, "department") == 0) {
			if (set(c->department, sizeof c->department, val, path,
			    line, key, err) == -1)
				goto bad;
		} else if (strcmp(key, "site") == 0) {
			if (set(c->site, sizeof c->site, val, path, line, key,
			    err) == -1)
				goto bad;
		} else if (strcmp(key, "channel") == 0) {
			if (strcmp(val, "mds_counter") != 0 &&
			    strcmp(val, "ccas_counter") != 0 &&
			    strcmp(val, "phone") != 0 &&
			    strcmp(val, "other") != 0) {
				error_set(err, path, line, 0, "channel must be "
				    "mds_counter, ccas_counter, phone or other");
				goto bad;
			}
			if (set(c->channel, sizeof c->channel, val, path, line,
			    key, err) == -1)
				goto bad;
		} else if (strcmp(key, "database") == 0) {
			if (set(c->database, sizeof c->database, val, path,
			    line, key, err) == -1)
				goto bad;
		} else if (strcmp(key, "group") == 0) {
			if (set(c->group, sizeof c->group, val, path, line, key,
			    err) == -1)
				goto bad;
		} else if (strcmp(key, "admins") == 0) {
			if (set(c->admins, sizeof c->admins, val, path, line,
			    key, err) == -1)
				goto bad;
		} else if (strcmp(key, "printer") == 0) {
			if (set(c->printer, sizeof c->printer, val, path, line,
			    key, err) == -1)
				goto bad;
		} else if (strcmp(key, "language") == 0) {
			if (set(c->language, sizeof c->language, val, path,
			    line, key, err) == -1)
				goto bad;
		} else if (strcmp(key, "stats_threshold") == 0) {
			char *end;
			long n = strtol(val, &end, 10);

			if (*val == '\0' || *end != '\0' || n < 1 || n > 1000) {
				error_set(err, path, line, 0, "stats_threshold "
				    "must be a number of cases (1 to 1000)");
				goto bad;
			}
			c->stats_threshold = (int)n;
		} else if (strcmp(key, "retention_days") == 0) {
			char *end;
			long n = strtol(val, &end, 10);

			if (*val == '\0' || *end != '\0' || n < 1 ||
			    n > 36500) {
				error_set(err, path, line, 0, "retention_days "
				    "must be a number of days (1 to 36500)");
				goto bad;
			}
			c->retention_days = (int)n;
		} else {
			error_set(err, path, line, 0, "unknown setting \"%s\"",
			    key);
			goto bad;
		}
	}
	fclose(f);
	return 0;
bad:
	fclose(f);
	return -1;
}
