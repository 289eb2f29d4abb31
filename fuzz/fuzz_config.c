/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_config.c - libFuzzer harness: any bytes as the site configuration
 * (aiguillage.conf), read by config_load from a (memory) file as
 * the program does. Must never crash; an accepted configuration holds no control
 * character and a known channel.
 */
#include <stdint.h>
#include <stdlib.h>

#include "config.h"
#include "fuzz_memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

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
	struct config c;
	struct error err;

	if (config_load(&c, fuzz_memfile(data, size), &err) == 0 && (has_control(c.site) ||
	    has_control(c.department) || has_control(c.printer) ||
	    has_control(c.database) || has_control(c.channel)))
		abort();
	return 0;
}
