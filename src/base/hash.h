/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hash.h - FNV-1a, the one hash of the program: 32 bits for the
 * open-addressing tables (keys of a YAML mapping, interned strings of the
 * rule base, catalogue entries), 64 bits for the fingerprints (the rule
 * image's key, the loaded files). Not for anything an attacker chooses
 * and must not collide on purpose: the tables still compare the keys.
 */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>

/* The 64-bit start value to hand the first hash_bytes(). */
#define HASH64_INIT	UINT64_C(14695981039346656037)

/* The 32-bit hash of the string `s`. */
uint32_t	hash_str(const char *s);
/* `h` (HASH64_INIT or an earlier result) continued over `len` bytes of
 * `p`: hashing pieces one after the other equals hashing them joined. */
uint64_t	hash_bytes(uint64_t h, const void *p, size_t len);

#endif
