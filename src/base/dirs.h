/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dirs.h - the directories of one user's own data (XDG base directories).
 */
#ifndef DIRS_H
#define DIRS_H

/*
 * The user's data directory of the program, allocated:
 * $XDG_DATA_HOME/aiguillage when that is an absolute path, else
 * ~/.local/share/aiguillage (HOME, or the account's home directory, or
 * "." when neither is known). Nothing is created.
 */
char	*dirs_user_data(void);

#endif
