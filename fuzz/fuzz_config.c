/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_config.c - libFuzzer harness: any bytes as the site configuration
 * (aiguillage.conf), read by config_load from a (memory) file as
 * the program does. Must never crash; an accepted configuration holds no control
 * character and a known channel.
 */
/* memfd_create */
#define _GNU_SOURCE
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The input lives in a memory file (a regular file, as the reader
 * demands) opened again by its /proc path: no disk write per run.
 */
static int memfd = -1;

static void
path_init(char *path, size_t n)
{
	if ((memfd = memfd_create("fuzz-input", 0)) == -1)
		abort();
	snprintf(path, n, "/proc/self/fd/%d", memfd);
}

static int
fill(const uint8_t *data, size_t size)
{
	if (ftruncate(memfd, 0) == -1)
		return -1;
	return pwrite(memfd, data, size, 0) == (ssize_t)size ? 0 : -1;
}

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct config c;
	struct error err;

	if (path[0] == '\0')
		path_init(path, sizeof path);
	if (fill(data, size) == -1)
		abort();
	if (config_load(&c, path, &err) == 0 && (has_control(c.site) ||
	    has_control(c.department) || has_control(c.printer) ||
	    has_control(c.database) || has_control(c.channel)))
		abort();
	return 0;
}
