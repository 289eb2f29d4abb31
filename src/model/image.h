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
 *
 * The same machinery serves any graph of objects (the territory's
 * directory too, territory_image.c): an image_kind names its magic, the
 * size of its root object, the walker that visits every pointer of the
 * graph with image_ptr(), image_array() and image_strs(), and what to
 * clear in the copy of the root before it is written.
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct rules;

/* rules_image_map flags */
#define IMAGE_VERIFY	0x1	/* walk the model, every pointer in bounds */
#define IMAGE_LAZY	0x2	/* mapped as it is read, as a lazy kind */

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

/* --- any graph of objects -------------------------------------------- */

struct image_walk;

struct image_kind {
	const char	*magic;		/* 8 bytes, names the format */
	const char	*what;		/* "rule image", for messages */
	size_t		 root_size;	/* bytes of the root object */
	/* Visit every pointer reachable from `root`; run to collect the
	   objects, to turn pointers into offsets, and to verify a mapped
	   image (image_verifying). */
	void		(*walk)(struct image_walk *, const void *root);
	/* Clear in the copy of the root what must not be written (arenas,
	   run-time state); pointers not visited by walk must be cleared. */
	void		(*clean)(void *copy);
	/* Mapped as it is read (a large index a run reads a little of):
	   not populated, and read at random, without the pages around. */
	int		 lazy;
};

/*
 * Visit the pointer at `slot` to an object of `bytes` bytes (0: a
 * NUL-terminated string). Returns 1 when the caller should walk the
 * object's own pointers (first visit of a non-NULL, sound pointer).
 */
int	image_ptr(struct image_walk *, const void *slot, size_t bytes);
/* A string inside an object visited on its own (a buffer of many
 * strings): it adds no object, so a table of 300,000 strings is written
 * as its few buffers. */
int	image_str_in(struct image_walk *, const void *slot);
/* The same for an array of `n` elements of `size` bytes (n may be 0). */
int	image_array(struct image_walk *, const void *slot, size_t size, int n);
/* `slot` holds a `const char **` of `n` strings. */
void	image_strs(struct image_walk *, const void *slot, int n);
/* Write `bytes` at `slot` (inside a walked object) as zeros: a pointer
 * or a state the image leaves out; a mapped image must hold zeros there. */
void	image_clear(struct image_walk *, const void *slot, size_t bytes);
/* Mark the walk as failed (a value out of its range in a forged image). */
void	image_fail(struct image_walk *);
/* True while verifying a mapped image. */
int	image_verifying(const struct image_walk *);

/* Write the graph of `root` to `path` under `key`, atomically (see
 * rules_image_write). Returns 0, or -1 with `err` filled. */
int	image_write(const struct image_kind *, const void *root,
	    const char *path, uint64_t key, struct error *err);
/* Check and relocate an image in memory (see rules_image_from); returns
 * its root, or NULL with `err` filled. */
void	*image_from(const struct image_kind *, void *mem, size_t len,
	    uint64_t key, int flags, struct error *err);
/* Map and check the image `path`; returns its root and sets *mem and
 * *len to the mapping (the caller munmaps it), or NULL with `err`. */
void	*image_map(const struct image_kind *, const char *path, uint64_t key,
	    int flags, void **mem, size_t *len, struct error *err);

/* --- keys and places --------------------------------------------------- */

/*
 * Hash the regular files under `path` (recursively, in name order):
 * relative name `rel`, size and the hash of the content (remembered by
 * stat: see image_files_save); a missing path adds nothing.
 * Returns 0, or -1 when something cannot be read.
 */
int		image_hash_tree(uint64_t *h, const char *path, const char *rel);
/*
 * The hashes of file contents that image_hash_tree remembers by stat
 * (files.idx in the cache; image.c says when a file is read again):
 * image_files_save() writes what was learnt since the list was read, if
 * anything (the key functions call it once they are done);
 * image_files_stats() says how many files were read (not found
 * unchanged in the list) since the start; image_files_forget() drops the
 * list from memory, to be read again (the tests).
 */
void		image_files_save(void);
void		image_files_stats(unsigned long *reads);
void		image_files_forget(void);
/* The folders read (not found unchanged in the list) since the start:
   the names of a folder are remembered by its stat in the same list. */
void		image_dirs_stats(unsigned long *lists);
/* The names in the folder `path`, sorted, hidden ones left out, as
   image_hash_tree sees them (remembered by the folder's stat): their
   number and *names (each name and the array malloc'ed), or -1. */
int		image_dir_names(const char *path, char ***names);
/*
 * image_map() sums an image once and then remembers its checksum by the
 * file's stat in the same list (an image whose stat, ctime included, is
 * unchanged is not summed again; one changed less than 2 s before is
 * summed at every run). image_sum_stats() says how many images were
 * summed since the start (the tests).
 */
void		image_sum_stats(unsigned long *sums);
/*
 * A small result kept in the cache under `key` (a check whose inputs the
 * key hashes): image_memo_read returns the bytes written under `key` at
 * `path` (malloc'ed, NUL added, *len set), or NULL when there are none,
 * or stale or damaged ones (a checksum). image_memo_write writes them
 * through a temporary file renamed; failing is silent (nothing kept).
 * A NULL path or a key 0 keeps and finds nothing.
 */
void		*image_memo_read(const char *path, uint64_t key, size_t *len);
void		 image_memo_write(const char *path, uint64_t key,
		    const void *data, size_t len);
/* Mix in the running program: its ELF build id (else its size and
 * modification time). */
uint64_t	image_hash_program(uint64_t h);
/*
 * The cache file of an image of `dir`: $XDG_CACHE_HOME/aiguillage, else
 * ~/.cache/aiguillage (created, private, never a missing $HOME), named
 * `stem`-<hash of the real path of dir>.img; `stem` itself when dir is
 * NULL. NULL when there is no place for it. Caller frees.
 */
char		*image_cache_path(const char *dir, const char *stem);
/* The image shipped beside `dir`: "<dir><suffix>" ("rules" + ".img"),
 * trailing slashes of dir left out. Caller frees. */
char		*image_shipped_path(const char *dir, const char *suffix);

#endif
