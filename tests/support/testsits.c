/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testsits.c - the situations of the rule tests.
 */
#include "testsits.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ydoc.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
testsits_each(const struct rules *r, const char *dir,
    void (*fn)(const struct situation *, const char *, void *), void *ctx,
    struct error *err)
{
	char path[1024], what[1200];
	char *names[256];
	struct dirent *de;
	DIR *d;
	int nnames = 0, cases = 0, k, i, rc = 0;

	snprintf(path, sizeof path, "%s/tests", dir);
	if ((d = opendir(path)) == NULL) {
		error_set(err, path, 0, 0, "cannot open the test directory");
		return -1;
	}
	while ((de = readdir(d)) != NULL && nnames < 256) {
		size_t n = strlen(de->d_name);

		if (n > 5 && strcmp(de->d_name + n - 5, ".yaml") == 0)
			names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)nnames, sizeof *names, cmp_str);
	for (k = 0; k < nnames && rc == 0; k++) {
		const struct ynode *tests;
		struct ydoc doc;

		snprintf(path, sizeof path, "%s/tests/%s", dir, names[k]);
		if (ydoc_load(&doc, path, err) == -1) {
			rc = -1;
			break;
		}
		tests = ynode_get(doc.root, "tests");
		for (i = 0; tests != NULL && i < tests->n; i++) {
			const struct ynode *name = ynode_get(tests->items[i],
			    "name");
			struct situation sit;

			situation_init(&sit, r);
			if (situation_read(&sit, ynode_get(tests->items[i],
			    "situation"), path, err) == -1) {
				situation_release(&sit);
				rc = -1;
				break;
			}
			snprintf(what, sizeof what, "%s: %s", names[k],
			    name != NULL && name->str != NULL ? name->str : "?");
			fn(&sit, what, ctx);
			cases++;
			situation_release(&sit);
		}
		ydoc_release(&doc);
	}
	for (k = 0; k < nnames; k++)
		free(names[k]);
	return rc == 0 ? cases : -1;
}
