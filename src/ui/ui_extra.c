/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_extra.c - what the directory, cases and statistics screens share:
 * the context the caller installs (territory, store).
 */
#include "ui_screens_extra.h"
#include "ui_screen.h"

#include <string.h>

static struct ui_extra_ctx g_extra;

void
ui_extra_set(const struct ui_extra_ctx *c)
{
	if (c != NULL)
		g_extra = *c;
	else
		memset(&g_extra, 0, sizeof g_extra);
}

const struct ui_extra_ctx *
ui_extra(void)
{
	return &g_extra;
}
