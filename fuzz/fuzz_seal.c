/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_seal.c - a fuzzed image sealed with a key and checksum
 * (fuzz_seal.h). The header layout is image.c's: magic, key, file size,
 * block size, number of pointers, root, checksum (its last 8 bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_memfile.h"
#include "fuzz_seal.h"
#include "image.h"

void
fuzz_image_seal(void *mem, size_t size, uint64_t key)
{
	const unsigned char *block = (unsigned char *)mem + IMAGE_HEADER;
	uint64_t blen, nrel, sum;

	if (size < IMAGE_HEADER || !(size & 1))
		return;
	memcpy((char *)mem + 8, &key, 8);
	memcpy(&blen, (char *)mem + 24, 8);
	memcpy(&nrel, (char *)mem + 32, 8);
	if (blen > size - IMAGE_HEADER ||
	    nrel > (size - IMAGE_HEADER - blen) / 8)
		return;
	sum = rules_image_checksum(mem, IMAGE_HEADER - 8) ^
	    rules_image_checksum(block, blen) ^
	    rules_image_checksum(block + blen, nrel * 8);
	memcpy((char *)mem + IMAGE_HEADER - 8, &sum, 8);
}

const char *
fuzz_image_file(const uint8_t *data, size_t size, uint64_t key)
{
	const char *path;
	void *mem;

	if ((mem = malloc(size + 1)) == NULL)
		abort();
	memcpy(mem, data, size);
	fuzz_image_seal(mem, size, key);
	path = fuzz_memfile(mem, size);
	free(mem);
	return path;
}
