/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xmalloc.h - allocation that never returns NULL, and a simple arena.
 *
 * On exhaustion these print one line and exit(1): there is nothing sensible
 * an interview tool can do without memory, and callers stay simple.
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* `n` bytes at a multiple of `align` (a power of two); free() frees. */
void	*xaligned(size_t align, size_t n);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/*
 * Fault in the whole pages of [p, p + n) at once (Linux: one
 * madvise(MADV_POPULATE_WRITE)), where touching them one by one costs a
 * page fault each, tens of microseconds on some virtual machines. Only
 * a hint: nothing happens where the kernel cannot, or under the address
 * sanitizer, whose allocator has its own mappings.
 */
void	 mem_populate(void *p, size_t n);
/* printf into a new string. Caller frees. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
/* The same with a va_list (consumed). Caller frees. */
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/*
 * An arena: many small allocations freed at once. The loaded rule base
 * lives in one, so freeing the model is a single call.
 */
struct arena_block;
struct arena {
	struct arena_block	*head;
	size_t			 used;	/* bytes used in head */
};

void	 arena_init(struct arena *);
void	 arena_release(struct arena *);
/*
 * Forget every allocation but keep the newest block for the next ones
 * (a per-run arena: no malloc once it has grown to a run's needs).
 */
void	 arena_reset(struct arena *);
/* Zeroed, 16-byte aligned memory owned by the arena. */
void	*arena_alloc(struct arena *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);

#endif
