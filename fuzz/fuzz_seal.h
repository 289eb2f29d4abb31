/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_seal.h - get a fuzzed image past its key and checksum, so that
 * the size, pointer-table and model checks behind them (IMAGE_VERIFY)
 * are fuzzed too (random bytes never match a 64-bit checksum).
 */
#ifndef FUZZ_SEAL_H
#define FUZZ_SEAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * For half of the inputs (odd sizes), write `key` and the checksum the
 * header should hold into the header of the `size` bytes at `mem`; the
 * other half keeps its own, to fuzz the refusals of a wrong key or sum.
 */
void	fuzz_image_seal(void *mem, size_t size, uint64_t key);
/* The same on a copy of `data`, written to the memory file
 * (fuzz_memfile.h): returns its path, for the loaders that map a file. */
const char	*fuzz_image_file(const uint8_t *data, size_t size,
		    uint64_t key);

#endif
