/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_memfile.h - the input of a harness as a file, for the readers
 * that take a path (the configuration, the sectorisation CSV).
 */
#ifndef FUZZ_MEMFILE_H
#define FUZZ_MEMFILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Write the `size` bytes of `data` into a memory file (a regular file,
 * as the readers demand, created on the first call) and return its
 * /proc path, to be opened again: no disk write per run. Aborts when the
 * memory file cannot be made or written.
 */
const char	*fuzz_memfile(const uint8_t *data, size_t size);

#endif
