/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * image.h - the compiled rule base as one file, mapped in place.
 *
 * A loaded rule base (model, compiled expressions, parameters, interned
 * strings) is a graph of structures in memory. rules_image_write() copies
 * every object reachable from the struct rules into one block and lists
 * the offset of every pointer in it; rules_image_map() maps the file,
 * checks it (magic, key, sizes, a checksum of the whole file, every
 * pointer inside the block) and adds the block's address to each pointer:
 * the model is then used where it lies, with no parsing.
 *
 * The key names what the image was built from (the rule files, the local
 * data, the program: see rules_image_key in rules.h); an image with another
 * key is stale and refused, as is a truncated or corrupted one. The
 * caller then loads the YAML and writes a new image.
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct rules;

/* rules_image_map flags */
#define IMAGE_VERIFY	0x1	/* walk the model, every pointer in bounds */

/*
 * Write `r` (as rules_load returned it, before localisation) to `path`
 * under `key`, atomically: a temporary file of the same folder renamed
 * over `path`. Returns 0, or -1 with `err` filled.
 */
int	rules_image_write(const struct rules *r, const char *path,
	    uint64_t key, struct error *err);

/*
 * Map the image `path` if it is a sound image of `key`. Returns the rule
 * base, which lives in the mapping (rules_free unmaps it), or NULL with
 * `err` saying why (missing, stale, truncated, corrupt). The caller sets
 * the fields that depend on where and when it runs (rules.c does:
 * directory, file names, warnings).
 */
struct rules	*rules_image_map(const char *path, uint64_t key, int flags,
		    struct error *err);

/*
 * The same over `len` bytes of memory at `mem` (malloc'ed, 16-byte
 * aligned; for the fuzzer and the tests): on success the rule base lives
 * in `mem`, which the caller frees after rules_free; on failure `mem` may
 * have been changed.
 */
struct rules	*rules_image_from(void *mem, size_t len, uint64_t key,
		    int flags, struct error *err);

/* The checksum an image's header holds, computed over `len` bytes at
 * `img` (the fuzzer recomputes it to get past it). */
uint64_t	rules_image_checksum(const void *img, size_t len);

/* Bytes of the header; the checksum is its last 8 bytes. */
#define IMAGE_HEADER	64

#endif
