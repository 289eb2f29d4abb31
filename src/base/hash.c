/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hash.c - FNV-1a (Fowler, Noll, Vo), 32 and 64 bits.
 */
#include "hash.h"

uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

uint64_t
hash_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ c[i]) * UINT64_C(1099511628211);
	return h;
}
