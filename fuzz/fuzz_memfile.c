/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_memfile.c - the input of a harness as a file (fuzz_memfile.h).
 */
/* memfd_create */
#define _GNU_SOURCE
#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_memfile.h"

const char *
fuzz_memfile(const uint8_t *data, size_t size)
{
	static char path[64];
	static int memfd = -1;

	if (memfd == -1) {
		if ((memfd = memfd_create("fuzz-input", 0)) == -1)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
	}
	if (ftruncate(memfd, 0) == -1 ||
	    pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	return path;
}
