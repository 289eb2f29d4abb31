/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dirs.c - the directories of one user's own data.
 */
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "dirs.h"
#include "xmalloc.h"

char *
dirs_user_data(void)
{
	const char *env = getenv("XDG_DATA_HOME");
	const char *home;
	struct passwd *pw;

	if (env != NULL && env[0] == '/')
		return xasprintf("%s/aiguillage", env);
	home = getenv("HOME");
	if ((home == NULL || *home == '\0') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL || *home == '\0')
		home = ".";
	return xasprintf("%s/.local/share/aiguillage", home);
}
