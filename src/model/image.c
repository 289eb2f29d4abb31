/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * image.c - writing and mapping the compiled rule base (image.h).
 *
 * One walker knows every pointer of the model (walk_rules and below):
 * it is run three ways. COLLECT lists the memory ranges the objects
 * occupy (interior pointers, such as a type's record pointing into a
 * fields array, fall inside their array's range once ranges are merged);
 * RELOC rewrites each pointer of the copied block as an offset and
 * records where it is; VERIFY, on a mapped image, checks that every
 * pointer and every array lies inside the block. Each pointer slot is
 * visited once (a hash set of slot addresses), which also stops cycles
 * of a forged image.
 *
 * The file: a 64-byte header (magic, key, file size, block size, number
 * of pointers, offset of the struct rules, base, checksum), the block,
 * then the offsets of the pointers (8 bytes each). Each pointer holds
 * base + the offset of its target in the block: mapped at base (the
 * place image_base chose), the image is used as it lies on disk.
 */
#include "enode.h"
#include "hash.h"
#include "image.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rules.h"
#include "xmalloc.h"

#define IMAGE_MAGIC	"AIGRIMG1"

#ifdef MAP_POPULATE
#define IMAGE_POPULATE	MAP_POPULATE
#else
#define IMAGE_POPULATE	0
#endif
#define MAX_DEPTH	20000

struct image_header {
	char		magic[8];
	uint64_t	key;
	uint64_t	size;		/* of the file */
	uint64_t	block;		/* bytes of the block */
	uint64_t	nrel;		/* pointers */
	uint64_t	root;		/* offset of the struct rules */
	uint64_t	base;		/* where the pointers point from */
	uint64_t	checksum;	/* of everything else */
};

_Static_assert(sizeof(struct image_header) == IMAGE_HEADER,
    "the header is 64 bytes");

enum walk_mode { W_COLLECT, W_RELOC, W_VERIFY };

/* The checksums of mapped images remembered by stat (files.idx, below). */
static int	image_sum_known(const struct stat *, uint64_t *sum);
static void	image_sum_note(const struct stat *, uint64_t sum);
static unsigned long image_sums;	/* images summed (image_sum_stats) */

struct range {
	uintptr_t	start, end;
	uint64_t	off;		/* in the block (RELOC) */
};

struct image_walk {
	enum walk_mode	 mode;
	int		 bad, depth;
	/* COLLECT: every object; RELOC: merged and placed. */
	struct range	*ranges;
	size_t		 nranges, cap;
	/* RELOC */
	uint64_t	 base;		/* added to each offset */
	unsigned char	*block;
	uint64_t	*rel;
	size_t		 nrel, caprel;
	const struct range *last;	/* the range find_range found last */
	/* VERIFY */
	uintptr_t	 lo, hi;
	/* pointer slots seen */
	uintptr_t	*seen;
	size_t		 seen_size, seen_count;
};

/* Whether the slot was seen before; marks it seen. */
static int
seen_before(struct image_walk *w, const void *slot)
{
	uintptr_t a = (uintptr_t)slot;
	size_t i, k;

	if (w->seen_count * 2 >= w->seen_size) {
		size_t nsize = w->seen_size ? w->seen_size * 2 : 4096;
		uintptr_t *n = xcalloc(nsize, sizeof *n);

		for (i = 0; i < w->seen_size; i++)
			if (w->seen[i] != 0) {
				k = (w->seen[i] >> 3) * 0x9E3779B97F4A7C15u &
				    (nsize - 1);
				while (n[k] != 0)
					k = (k + 1) & (nsize - 1);
				n[k] = w->seen[i];
			}
		free(w->seen);
		w->seen = n;
		w->seen_size = nsize;
	}
	k = (a >> 3) * 0x9E3779B97F4A7C15u & (w->seen_size - 1);
	while (w->seen[k] != 0) {
		if (w->seen[k] == a)
			return 1;
		k = (k + 1) & (w->seen_size - 1);
	}
	w->seen[k] = a;
	w->seen_count++;
	return 0;
}

/*
 * The placed range holding address `a`, or NULL (RELOC). The last one
 * found is tried first: a slot and its target often lie in one range
 * (the compiled expressions' block).
 */
static const struct range *
find_range(struct image_walk *w, uintptr_t a)
{
	size_t lo = 0, hi = w->nranges, mid;

	if (w->last != NULL && w->last->start <= a && a < w->last->end)
		return w->last;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (w->ranges[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < w->nranges && w->ranges[lo].start <= a)
		return w->last = &w->ranges[lo];
	return NULL;
}

static void
add_range(struct image_walk *w, uintptr_t start, size_t bytes)
{
	if (w->nranges == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 4096;
		w->ranges = xrealloc(w->ranges, sizeof *w->ranges * w->cap);
	}
	w->ranges[w->nranges].start = start;
	w->ranges[w->nranges].end = start + (bytes ? bytes : 1);
	w->ranges[w->nranges].off = 0;
	w->nranges++;
}

/*
 * Visit the pointer at `slot` to an object of `bytes` bytes (0: a
 * string, its length read). Returns 1 when the caller should walk the
 * object's own pointers: the first visit of a non-NULL, sound pointer.
 */
int
image_ptr(struct image_walk *w, const void *slot, size_t bytes)
{
	const void *p;

	memcpy(&p, slot, sizeof p);
	if (p == NULL || w->bad)
		return 0;
	if (seen_before(w, slot))
		return 0;
	switch (w->mode) {
	case W_COLLECT:
		add_range(w, (uintptr_t)p, bytes ? bytes : strlen(p) + 1);
		return 1;
	case W_RELOC: {
		const struct range *rs = find_range(w, (uintptr_t)slot);
		const struct range *rp = find_range(w, (uintptr_t)p);
		uint64_t so, po;

		if (rs == NULL || rp == NULL) {
			w->bad = 1;	/* the walker missed an object */
			return 0;
		}
		so = rs->off + ((uintptr_t)slot - rs->start);
		po = w->base + rp->off + ((uintptr_t)p - rp->start);
		memcpy(w->block + so, &po, sizeof po);
		if (w->nrel == w->caprel) {
			w->caprel = w->caprel ? w->caprel * 2 : 8192;
			w->rel = xrealloc(w->rel, sizeof *w->rel * w->caprel);
		}
		w->rel[w->nrel++] = so;
		return 1;
	}
	case W_VERIFY: {
		uintptr_t a = (uintptr_t)p;

		if (a < w->lo || a >= w->hi || (bytes > 0 &&
		    bytes > w->hi - a)) {
			w->bad = 1;
			return 0;
		}
		if (bytes == 0 && memchr(p, '\0', w->hi - a) == NULL) {
			w->bad = 1;
			return 0;
		}
		return 1;
	}
	}
	return 0;
}

int
image_str_in(struct image_walk *w, const void *slot)
{
	if (w->mode == W_COLLECT) {	/* its buffer is an object */
		const void *p;

		memcpy(&p, slot, sizeof p);
		return p != NULL && !w->bad;
	}
	return image_ptr(w, slot, 0);
}

/*
 * An array of `n` elements of `size` bytes; 1: walk its elements. An
 * empty array is never read: its pointer is written as NULL.
 */
int
image_array(struct image_walk *w, const void *slot, size_t size, int n)
{
	const void *p;

	memcpy(&p, slot, sizeof p);
	if (n < 0) {
		w->bad = 1;
		return 0;
	}
	if (n == 0) {
		if (p != NULL && w->mode == W_RELOC) {
			const struct range *rs = find_range(w,
			    (uintptr_t)slot);

			if (rs == NULL)
				w->bad = 1;
			else
				memset(w->block + rs->off + ((uintptr_t)slot -
				    rs->start), 0, sizeof p);
		}
		return 0;
	}
	if (size > SIZE_MAX / (size_t)n) {
		w->bad = 1;
		return 0;
	}
	return image_ptr(w, slot, size * (size_t)n);
}

#define STR(f)		((void)image_ptr(w, &(f), 0))
#define ARR(f, n)	image_array(w, &(f), sizeof *(f), (n))
#define OBJ(f)		image_ptr(w, &(f), sizeof *(f))

static void	walk_var(struct image_walk *, const struct var *);
static void	walk_expr(struct image_walk *, const struct expr *);
static void	walk_enode(struct image_walk *, const struct enode *);

void
image_strs(struct image_walk *w, const void *slot, int n)
{
	const char **v;
	int i;

	memcpy(&v, slot, sizeof v);
	if (image_array(w, slot, sizeof(char *), n))
		for (i = 0; i < n; i++)
			STR(v[i]);
}

void
image_clear(struct image_walk *w, const void *slot, size_t bytes)
{
	const struct range *rs;
	const unsigned char *c = slot;
	size_t i;

	if (w->bad)
		return;
	if (w->mode == W_VERIFY) {
		for (i = 0; i < bytes; i++)
			if (c[i] != 0)
				w->bad = 1;
		return;
	}
	if (w->mode != W_RELOC)
		return;
	if ((rs = find_range(w, (uintptr_t)slot)) == NULL) {
		w->bad = 1;
		return;
	}
	memset(w->block + rs->off + ((uintptr_t)slot - rs->start), 0, bytes);
}

void
image_fail(struct image_walk *w)
{
	w->bad = 1;
}

int
image_verifying(const struct image_walk *w)
{
	return w->mode == W_VERIFY;
}

static void
walk_type(struct image_walk *w, const struct type *t)
{
	(void)OBJ(t->rec);	/* walked from its owner */
}

static void
walk_value(struct image_walk *w, const struct value *v)
{
	int i;

	if (++w->depth > MAX_DEPTH)
		w->bad = 1;
	switch (v->t) {
	case V_STR:
		STR(v->u.s);
		break;
	case V_LIST:
		if (ARR(v->u.l.items, v->u.l.n))
			for (i = 0; i < v->u.l.n && !w->bad; i++)
				walk_value(w, &v->u.l.items[i]);
		break;
	case V_RECORD:
		if (OBJ(v->u.r) && ARR(v->u.r->f, v->u.r->nfields))
			for (i = 0; i < v->u.r->nfields && !w->bad; i++)
				walk_value(w, &v->u.r->f[i]);
		break;
	case V_UNKNOWN:
	case V_BOOL:
	case V_NUM:
	case V_DATE:
		break;
	default:
		if (w->mode == W_VERIFY)
			w->bad = 1;
	}
	w->depth--;
}

static void
walk_expr_slot(struct image_walk *w, struct expr *const *slot)
{
	if (OBJ(*slot))
		walk_expr(w, *slot);
}

static void
walk_expr(struct image_walk *w, const struct expr *e)
{
	int i;

	if (++w->depth > MAX_DEPTH) {
		w->bad = 1;
		return;
	}
	walk_type(w, &e->type);
	walk_value(w, &e->lit);
	walk_expr_slot(w, &e->a);
	walk_expr_slot(w, &e->b);
	walk_expr_slot(w, &e->c);
	walk_expr_slot(w, &e->where);
	if (ARR(e->args, e->nargs))
		for (i = 0; i < e->nargs && !w->bad; i++)
			walk_expr_slot(w, &e->args[i]);
	if (OBJ(e->compiled))
		walk_enode(w, e->compiled);
	w->depth--;
}

/*
 * A compiled node (enode.h): in the block of r->enodes. Collecting
 * needs none of its objects: the nodes and their operand arrays lie in
 * the block (one range, walk_rules), and a literal's payload is that of
 * the literal of an expression, walked with it. Relocating and verifying
 * visit every pointer.
 */
static void
walk_enode(struct image_walk *w, const struct enode *n)
{
	int i;

	if (w->mode == W_COLLECT)
		return;
	if (++w->depth > MAX_DEPTH) {
		w->bad = 1;
		return;
	}
	switch (n->lit.t) {	/* as walk_value, on the xv's payload */
	case V_STR:
		STR(n->lit.u.s);
		break;
	case V_LIST:
		if (image_array(w, &n->lit.u.items, sizeof(struct value),
		    n->lit.aux))
			for (i = 0; i < n->lit.aux && !w->bad; i++)
				walk_value(w, &n->lit.u.items[i]);
		break;
	case V_RECORD:
		if (OBJ(n->lit.u.r) && ARR(n->lit.u.r->f, n->lit.u.r->nfields))
			for (i = 0; i < n->lit.u.r->nfields && !w->bad; i++)
				walk_value(w, &n->lit.u.r->f[i]);
		break;
	default:
		break;
	}
	if (OBJ(n->a))
		walk_enode(w, n->a);
	if (OBJ(n->b))
		walk_enode(w, n->b);
	if (OBJ(n->c))		/* or `where`: the same slot */
		walk_enode(w, n->c);
	if (ARR(n->args, n->nargs))
		for (i = 0; i < n->nargs && !w->bad; i++)
			if (OBJ(n->args[i]))
				walk_enode(w, n->args[i]);
	w->depth--;
}

static void
walk_var(struct image_walk *w, const struct var *v)
{
	int i;

	if (++w->depth > MAX_DEPTH) {
		w->bad = 1;
		return;
	}
	STR(v->id);
	walk_type(w, &v->type);
	STR(v->text);
	STR(v->text_third);
	STR(v->help);
	STR(v->group);
	if (ARR(v->opts, v->nopts))
		for (i = 0; i < v->nopts; i++) {
			STR(v->opts[i].value);
			STR(v->opts[i].label);
			STR(v->opts[i].show_if_src);
			walk_expr_slot(w, &v->opts[i].show_if);
		}
	STR(v->ask_if_src);
	walk_expr_slot(w, &v->ask_if);
	STR(v->implied_if_src);
	walk_expr_slot(w, &v->implied_if);
	walk_value(w, &v->implied);
	walk_expr_slot(w, &v->implied_x);
	(void)OBJ(v->implied_reads);
	if (ARR(v->fields, v->nfields))
		for (i = 0; i < v->nfields && !w->bad; i++)
			walk_var(w, &v->fields[i]);
	STR(v->file);
	w->depth--;
}

static void
walk_scheme(struct image_walk *w, const struct scheme *s)
{
	int i;

	STR(s->id);
	STR(s->code);
	STR(s->domain);
	STR(s->name);
	STR(s->long_name);
	STR(s->operator_);
	STR(s->department);
	if (ARR(s->conds, s->nconds))
		for (i = 0; i < s->nconds; i++) {
			STR(s->conds[i].id);
			STR(s->conds[i].text);
			STR(s->conds[i].src);
			walk_expr_slot(w, &s->conds[i].expr);
		}
	walk_expr_slot(w, &s->to_check_if);
	if (ARR(s->variants, s->nvariants))
		for (i = 0; i < s->nvariants; i++) {
			STR(s->variants[i].id);
			STR(s->variants[i].text);
			walk_expr_slot(w, &s->variants[i].when);
			image_strs(w, &s->variants[i].services,
			    s->variants[i].nservices);
			image_strs(w, &s->variants[i].documents,
			    s->variants[i].ndocuments);
		}
	walk_expr_slot(w, &s->amount);
	if (ARR(s->counted, s->ncounted))
		for (i = 0; i < s->ncounted; i++)
			walk_expr_slot(w, &s->counted[i]);
	image_strs(w, &s->counted_ids, s->ncounted);
	STR(s->period);
	STR(s->rounding);
	image_strs(w, &s->services, s->nservices);
	image_strs(w, &s->documents, s->ndocuments);
	STR(s->apply_online);
	STR(s->apply_form);
	STR(s->apply_text);
	STR(s->delay);
	walk_expr_slot(w, &s->non_take_up);
	walk_expr_slot(w, &s->received_if);
	STR(s->non_take_up_text);
	STR(s->to_check_text);
	STR(s->text_person);
	if (ARR(s->incompat, s->nincompat))
		for (i = 0; i < s->nincompat; i++) {
			STR(s->incompat[i].scheme);
			STR(s->incompat[i].note);
		}
	if (ARR(s->sources, s->nsources))
		for (i = 0; i < s->nsources; i++) {
			STR(s->sources[i].title);
			STR(s->sources[i].url);
		}
	STR(s->file);
}

/* Every pointer of the model; `r` is the struct rules itself. */
static void
walk_rules(struct image_walk *w, const struct rules *r)
{
	int i, k;

	STR(r->dir);
	/* The compiled expressions, one block (the roots point into it). */
	if (r->enodes_size > INT32_MAX)
		w->bad = 1;
	else
		(void)image_array(w, &r->enodes, 1, (int)r->enodes_size);
	if (ARR(r->vars, r->nvars))
		for (i = 0; i < r->nvars && !w->bad; i++)
			walk_var(w, &r->vars[i]);
	if (ARR(r->derived, r->nderived))
		for (i = 0; i < r->nderived && !w->bad; i++) {
			const struct derived *d = &r->derived[i];

			STR(d->id);
			STR(d->text);
			STR(d->src);
			walk_expr_slot(w, &d->expr);
			STR(d->file);
		}
	if (ARR(r->params, r->nparams))
		for (i = 0; i < r->nparams && !w->bad; i++) {
			const struct param *p = &r->params[i];

			STR(p->name);
			STR(p->unit);
			STR(p->reference);
			STR(p->source);
			(void)ARR(p->values, p->nvalues);
			STR(p->note);
			STR(p->file);
		}
	if (ARR(r->schemes, r->nschemes))
		for (i = 0; i < r->nschemes && !w->bad; i++)
			walk_scheme(w, &r->schemes[i]);
	image_strs(w, &r->domains, r->ndomains);
	image_strs(w, &r->domain_labels, r->domain_labels != NULL ?
	    r->ndomains : 0);
	if (ARR(r->urgencies, r->nurgencies))
		for (i = 0; i < r->nurgencies && !w->bad; i++) {
			const struct urgency *u = &r->urgencies[i];

			STR(u->id);
			STR(u->title);
			STR(u->banner);
			STR(u->text_person);
			STR(u->priority);
			walk_expr_slot(w, &u->priority_expr);
			walk_expr_slot(w, &u->when);
			image_strs(w, &u->actions, u->nactions);
			image_strs(w, &u->services, u->nservices);
			image_strs(w, &u->schemes, u->nschemes);
			(void)ARR(u->scheme_idx, u->nschemes);
			walk_expr_slot(w, &u->ask_if);
			image_strs(w, &u->night_lines, u->nnight_lines);
		}
	if (ARR(r->checks, r->nchecks))
		for (i = 0; i < r->nchecks && !w->bad; i++) {
			STR(r->checks[i].id);
			STR(r->checks[i].text);
			walk_expr_slot(w, &r->checks[i].when);
			STR(r->checks[i].file);
		}
	if (ARR(r->prereqs, r->nprereqs))
		for (i = 0; i < r->nprereqs && !w->bad; i++) {
			const struct prerequisite *p = &r->prereqs[i];

			STR(p->id);
			STR(p->service);
			STR(p->title);
			STR(p->why);
			walk_expr_slot(w, &p->when);
			image_strs(w, &p->schemes, p->nschemes);
			(void)ARR(p->scheme_idx, p->nschemes);
			if (ARR(p->except, p->nschemes))
				for (k = 0; k < p->nschemes; k++)
					walk_expr_slot(w, &p->except[k]);
		}
	STR(r->mds_service);
	STR(r->mds_title);
	STR(r->mds_why);
	STR(r->referent_title);
	walk_expr_slot(w, &r->mds_global_if);
	walk_expr_slot(w, &r->referent_when);
	walk_expr_slot(w, &r->assisted_if);
	STR(r->night_title);
	STR(r->night_why);
	/* The glossary: the summary spells out the acronyms it prints. */
	if (ARR(r->glossary, r->nglossary))
		for (i = 0; i < r->nglossary; i++) {
			STR(r->glossary[i].acronym);
			STR(r->glossary[i].expansion);
			STR(r->glossary[i].source);
		}
	if (ARR(r->documents, r->ndocuments))
		for (i = 0; i < r->ndocuments; i++) {
			STR(r->documents[i].id);
			STR(r->documents[i].label);
			STR(r->documents[i].help);
			walk_expr_slot(w, &r->documents[i].when);
		}
	if (ARR(r->kinds, r->nkinds))
		for (i = 0; i < r->nkinds; i++) {
			STR(r->kinds[i].id);
			STR(r->kinds[i].name);
		}
	(void)ARR(r->vars_read, r->nvars);
	(void)ARR(r->derived_used, r->nderived);
	/* warnings: recomputed for the day of each run, from these */
	STR(r->load_warnings);
	if (w->mode == W_VERIFY && (r->intern_size & (r->intern_size - 1)))
		w->bad = 1;
	if (r->intern_size > INT32_MAX)
		w->bad = 1;
	else if (image_array(w, &r->intern, sizeof *r->intern,
	    (int)r->intern_size))
		for (k = 0; k < (int)r->intern_size; k++)
			STR(r->intern[k]);
}

static void
walk_release(struct image_walk *w)
{
	free(w->ranges);
	free(w->rel);
	free(w->seen);
}

/*
 * A Fletcher sum over 64-bit words, in four lanes held in two vectors of
 * two (the compiler's vector extension: SSE2 or NEON adds, a few
 * instructions for 32 bytes): `a` sums the words, `b` sums the running
 * `a`, so each word counts with its position. Any change of one word
 * changes `a`; two changes cancel only if they are opposite and their
 * distance times the change is a multiple of 2^64. An integrity check
 * against a damaged or truncated file (the length is in it too), not a
 * MAC: 9 MB of commune index are summed when first mapped.
 */
typedef uint64_t lanes2 __attribute__((vector_size(16)));

struct sum_lanes {
	lanes2	a0, a1, b0, b1;
};

/* The lanes over the 32-byte strides of p[0..len), len a multiple of
   32 but for the last call. Returns the bytes summed. */
static size_t
sum_strides(struct sum_lanes *s, const unsigned char *p, size_t len)
{
	lanes2 x;
	size_t i;

	for (i = 0; i + 32 <= len; i += 32) {
		memcpy(&x, p + i, 16);
		s->a0 += x;
		s->b0 += s->a0;
		memcpy(&x, p + i + 16, 16);
		s->a1 += x;
		s->b1 += s->a1;
	}
	return i;
}

/* The sum of `len` bytes whose strides are in `s`, their tail at `tail`
   (len % 32 bytes). */
static uint64_t
sum_final(const struct sum_lanes *s, const unsigned char *tail, size_t len)
{
	uint64_t h = HASH64_INIT, v[8];
	int k;

	memcpy(v, &s->a0, 16);
	memcpy(v + 2, &s->a1, 16);
	memcpy(v + 4, &s->b0, 16);
	memcpy(v + 6, &s->b1, 16);
	for (k = 0; k < 8; k++)
		h = hash_bytes(h, &v[k], 8);
	h = hash_bytes(h, tail, len % 32);
	return hash_bytes(h, &len, sizeof len);
}

static const struct sum_lanes sum_start = {
	{ 1, 2 }, { 3, 4 }, { 0, 0 }, { 0, 0 }
};

uint64_t
rules_image_checksum(const void *img, size_t len)
{
	struct sum_lanes s = sum_start;
	size_t i = sum_strides(&s, img, len);

	return sum_final(&s, (const unsigned char *)img + i, len);
}

/* Bytes read between two let_go calls while an image is checked. */
#define READ_CHUNK	((size_t)1 << 20)

/*
 * The pages of a lazy image lying where it was written for may be let
 * go (MADV_DONTNEED) as soon as they are read (image_map): none of them
 * is written, they are read again from the file if needed. The pages
 * from the one holding `lo` to the one before the page holding `hi`.
 */
static void
let_go(const unsigned char *lo, const unsigned char *hi)
{
#ifdef MADV_DONTNEED
	long ps = sysconf(_SC_PAGESIZE);
	uintptr_t page = ps > 0 ? (uintptr_t)ps : 4096, a, b;

	a = (uintptr_t)lo & ~(page - 1);
	b = (uintptr_t)hi & ~(page - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_DONTNEED);
#else
	(void)lo;
	(void)hi;
#endif
}

/*
 * rules_image_checksum; when `drop`, the pages read let go every
 * megabyte (let_go): the first check of an 11 MB commune index no longer
 * maps all of it at once.
 */
static uint64_t
checksum_dropping(const unsigned char *p, size_t len, int drop)
{
	struct sum_lanes s = sum_start;
	size_t i = 0, n;

	if (!drop)
		return rules_image_checksum(p, len);
	while (len - i >= 32) {
		n = len - i < READ_CHUNK ? len - i : READ_CHUNK;
		n = sum_strides(&s, p + i, n);
		let_go(p + i, p + i + n);
		i += n;
	}
	return sum_final(&s, p + i, len);
}

/*
 * The ranges by start address: a radix sort, 11 bits a pass from the
 * lowest, a pass skipped when every range has the same digit there (the
 * tens of thousands of objects of a rule base: qsort's calls to a
 * comparison were a twentieth of a cold start).
 */
static void
sort_ranges(struct range *v, size_t n)
{
	struct range *tmp, *src = v, *dst, *t;
	size_t count[2048], i, sum, c;
	unsigned shift, d;

	if (n < 2)
		return;
	tmp = xmalloc(sizeof *tmp * n);
	dst = tmp;
	for (shift = 0; shift < 64; shift += 11) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(src[i].start >> shift) & 2047]++;
		if (count[(src[0].start >> shift) & 2047] == n)
			continue;	/* all the same digit */
		for (sum = 0, d = 0; d < 2048; d++) {
			c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i].start >> shift) & 2047]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, sizeof *v * n);
	free(tmp);
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The rule base as an image: its walker, and what is not to be written. */
static void
rules_walk(struct image_walk *w, const void *root)
{
	walk_rules(w, root);
}

static void
rules_clean(void *copy)
{
	struct rules *c = copy;

	memset(&c->arena, 0, sizeof c->arena);
	c->warnings = NULL;
	c->nwarnings = 0;
	c->image = NULL;
	c->image_len = 0;
	c->image_mapped = 0;
}

static const struct image_kind rules_image_kind = {
	IMAGE_MAGIC, "rule image", sizeof(struct rules), rules_walk,
	rules_clean, 0
};

/*
 * Where the block of an image of `kind` under `key` would like to be
 * mapped: its pointers are written as if it were there, so that a
 * mapping there needs no relocation and its pages stay those of the page
 * cache, shared and never copied (image_map). A page-aligned place in
 * [0x600000000000, 0x700000000000), below where the kernel puts
 * mappings and libraries, one of 4096 slots of 4 GiB chosen by the kind
 * and the key: the same for the same build (reproducible), another for
 * another build or rule base, never the same for the rule base and the
 * territory of one run. The block follows the 64-byte header. 0 (no
 * place: always relocated) where addresses have 32 bits.
 */
static uint64_t
image_base(const struct image_kind *kind, uint64_t key)
{
#if UINTPTR_MAX > 0xffffffffu
	uint64_t h = hash_bytes(HASH64_INIT, kind->magic, 8);

	h = hash_bytes(h, &key, sizeof key);
	return UINT64_C(0x600000000000) + ((h >> 20) % 4096) *
	    (UINT64_C(1) << 32) + IMAGE_HEADER;
#else
	(void)kind;
	(void)key;
	return 0;
#endif
}

int
image_write(const struct image_kind *kind, const void *root,
    const char *path, uint64_t key, struct error *err)
{
	struct image_walk w;
	struct image_header h;
	void *copy;
	const struct range *rootr;
	unsigned char *file = NULL;
	size_t i, n, hlen;
	uint64_t off = 0;
	char *tmp = NULL;
	int fd = -1, rc = -1;

	memset(&w, 0, sizeof w);
	w.mode = W_COLLECT;
	add_range(&w, (uintptr_t)root, kind->root_size);
	kind->walk(&w, root);
	/* Merge overlapping ranges, then place each at its alignment. */
	sort_ranges(w.ranges, w.nranges);
	for (i = 0, n = 0; i < w.nranges; i++) {
		if (n > 0 && w.ranges[i].start < w.ranges[n - 1].end) {
			if (w.ranges[i].end > w.ranges[n - 1].end)
				w.ranges[n - 1].end = w.ranges[i].end;
			continue;
		}
		w.ranges[n++] = w.ranges[i];
	}
	w.nranges = n;
	w.last = NULL;
	/* Each object keeps its address's place in a 16-byte unit, and a
	   large one (the compiled expressions) in a cache line. */
	for (i = 0; i < n; i++) {
		uint64_t unit = w.ranges[i].end - w.ranges[i].start >= 4096 ?
		    64 : 16;

		off += (w.ranges[i].start - off) & (unit - 1);
		w.ranges[i].off = off;
		off += w.ranges[i].end - w.ranges[i].start;
	}
	off = (off + 7) & ~(uint64_t)7;
	hlen = IMAGE_HEADER;
	file = xcalloc(1, hlen + off);
	w.block = file + hlen;
	for (i = 0; i < n; i++)
		memcpy(w.block + w.ranges[i].off, (const void *)w.ranges[i].start,
		    w.ranges[i].end - w.ranges[i].start);
	/* Pointers become offsets; what is not the model's is cleared. */
	rootr = find_range(&w, (uintptr_t)root);
	copy = w.block + rootr->off + ((uintptr_t)root - rootr->start);
	free(w.seen);
	w.seen = NULL;
	w.seen_size = w.seen_count = 0;
	w.mode = W_RELOC;
	w.base = image_base(kind, key);
	kind->walk(&w, root);
	if (w.bad) {
		error_set(err, path, 0, 0, "cannot write the %s: an object "
		    "of the model is not known to the image walker",
		    kind->what);
		goto out;
	}
	kind->clean(copy);
	memset(&h, 0, sizeof h);
	memcpy(h.magic, kind->magic, 8);
	h.key = key;
	h.block = off;
	h.nrel = w.nrel;
	h.size = hlen + off + w.nrel * 8;
	h.root = (uint64_t)((unsigned char *)copy - w.block);
	h.base = w.base;
	memcpy(file, &h, sizeof h);
	h.checksum = rules_image_checksum(file, hlen - 8) ^
	    rules_image_checksum(w.block, off) ^
	    rules_image_checksum(w.rel, w.nrel * 8);
	memcpy(file, &h, sizeof h);
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		error_set(err, path, 0, 0, "cannot write the %s: %s",
		    kind->what, strerror(errno));
		goto out;
	}
	if (write_all(fd, file, hlen + off) == -1 ||
	    write_all(fd, w.rel, w.nrel * 8) == -1 || close(fd) == -1) {
		error_set(err, path, 0, 0, "cannot write the %s: %s",
		    kind->what, strerror(errno));
		fd = -1;
		unlink(tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		error_set(err, path, 0, 0, "cannot write the %s: %s",
		    kind->what, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	if (fd != -1) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(file);
	walk_release(&w);
	return rc;
}

int
rules_image_write(const struct rules *r, const char *path, uint64_t key,
    struct error *err)
{
	return image_write(&rules_image_kind, r, path, key, err);
}

static void *
image_bad(const struct image_kind *kind, struct error *err, const char *why)
{
	error_set(err, NULL, 0, 0, "%s %s", kind->what, why);
	return NULL;
}

/*
 * image_from, the checksum left out when `known` holds the one this very
 * file (its stat unchanged) was seen to match before and the header
 * still says it; *summed says whether it was computed.
 */
static void *
image_check(const struct image_kind *kind, void *mem, size_t len,
    uint64_t key, int flags, const uint64_t *known, int drop, int *summed,
    struct error *err)
{
	struct image_header h;
	unsigned char *block;
	const unsigned char *rel;
	uint64_t i, slot, v, lo = 0, rlo = 0;

	if (len < IMAGE_HEADER)
		return image_bad(kind, err, "truncated");
	memcpy(&h, mem, sizeof h);
	if (memcmp(h.magic, kind->magic, 8) != 0)
		return image_bad(kind, err, "of another format");
	if (h.key != key)
		return image_bad(kind, err, "stale");
	if (h.size != len || h.block > len - IMAGE_HEADER || h.block % 8 ||
	    h.nrel > (len - IMAGE_HEADER - h.block) / 8 ||
	    IMAGE_HEADER + h.block + h.nrel * 8 != len)
		return image_bad(kind, err, "truncated");
	block = (unsigned char *)mem + IMAGE_HEADER;
	rel = block + h.block;
	/* Pages let go as read (let_go) only where none is written. */
	drop = drop && h.base == (uintptr_t)block;
	*summed = 0;
	if (known == NULL || *known != h.checksum) {
		*summed = 1;
		image_sums++;
		if (h.checksum != (rules_image_checksum(mem, IMAGE_HEADER - 8) ^
		    checksum_dropping(block, h.block, drop) ^
		    checksum_dropping(rel, h.nrel * 8, drop)))
			return image_bad(kind, err, "corrupt (checksum)");
	}
	if (h.root % 8 || h.block < kind->root_size ||
	    h.root > h.block - kind->root_size)
		return image_bad(kind, err, "corrupt (root)");
	/* Where it lies is where it was written for: every pointer is
	   checked, none is written (the pages stay shared). An image
	   checked whole before, unchanged and lying there, is not read
	   again (only the pages a run uses are touched). */
	for (i = 0; (*summed || h.base != (uintptr_t)block) && i < h.nrel;
	    i++) {
		uint64_t nv;

		memcpy(&slot, rel + i * 8, 8);
		if (slot % 8 || slot > h.block - 8)
			return image_bad(kind, err, "corrupt (pointer)");
		/* The slots ascend, nearly all: what lies below is read,
		   as are the slots before this one. */
		if (drop && slot > lo + READ_CHUNK) {
			let_go(block + lo, block + slot);
			lo = slot;
		}
		if (drop && (i - rlo) * 8 > READ_CHUNK) {
			let_go(rel + rlo * 8, rel + i * 8);
			rlo = i;
		}
		memcpy(&v, block + slot, 8);
		if (v < h.base || v - h.base >= h.block)
			return image_bad(kind, err, "corrupt (pointer)");
		nv = v - h.base + (uintptr_t)block;
		if (nv != v)
			memcpy(block + slot, &nv, 8);
	}
	if (flags & IMAGE_VERIFY) {
		struct image_walk w;
		int bad;

		memset(&w, 0, sizeof w);
		w.mode = W_VERIFY;
		w.lo = (uintptr_t)block;
		w.hi = (uintptr_t)block + h.block;
		kind->walk(&w, block + h.root);
		bad = w.bad;
		walk_release(&w);
		if (bad)
			return image_bad(kind, err, "corrupt (model)");
	}
	return block + h.root;
}

void *
image_from(const struct image_kind *kind, void *mem, size_t len,
    uint64_t key, int flags, struct error *err)
{
	int summed;

	return image_check(kind, mem, len, key, flags, NULL, 0, &summed, err);
}

/*
 * A lazy image out of the page cache, once summed. Written (by make, a
 * package, the run that built it) or read whole, a file lies in the
 * cache in large folios (Linux 6.x), and a fault maps a whole folio:
 * the pages a search reads then cost up to 2 MB each in every process
 * (the full-screen program held 8 MB of the commune index instead of
 * 0.6 MB). Dropped (its pages written first, as only clean ones can
 * be), the file is read again a page at a time as it is used
 * (MADV_RANDOM). A page another process maps stays.
 */
static void
drop_cached(int fd)
{
#ifdef POSIX_FADV_DONTNEED
	(void)fdatasync(fd);
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
#else
	(void)fd;
#endif
}

void *
image_map(const struct image_kind *kind, const char *path, uint64_t key,
    int flags, void **memp, size_t *lenp, struct error *err)
{
	struct image_header hd;
	struct stat st;
	void *m, *root;
	uint64_t want, sum;
	int fd, known, summed, lazy;

	if ((fd = open(path, O_RDONLY)) == -1)
		return image_bad(kind, err, "missing");
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < IMAGE_HEADER || st.st_size > (off_t)1 << 30) {
		close(fd);
		return image_bad(kind, err, "truncated");
	}
	/* A stale image is known by its header: nothing mapped for it. */
	if (pread(fd, &hd, sizeof hd, 0) == (ssize_t)sizeof hd &&
	    memcmp(hd.magic, kind->magic, 8) == 0 && hd.key != key) {
		close(fd);
		return image_bad(kind, err, "stale");
	}
	/*
	 * At the place its pointers were written for (image_base), read
	 * only while populated, so that the pages of the page cache are
	 * mapped, not copied; then writable, for the few fields a run
	 * sets (its folder, its warnings), copied one page at a time. A
	 * copy of every page and a fresh page each is what costs most
	 * when a virtual machine hands memory out (host faults).
	 */
	known = image_sum_known(&st, &sum);
	lazy = kind->lazy || (flags & IMAGE_LAZY);
	m = MAP_FAILED;
	want = image_base(kind, key);
	if (want != 0) {
		void *at = (void *)(uintptr_t)(want - IMAGE_HEADER);

		m = mmap(at, (size_t)st.st_size, PROT_READ, MAP_PRIVATE |
		    (lazy ? 0 : IMAGE_POPULATE), fd, 0);
		if (m != MAP_FAILED && (m != at || mprotect(m,
		    (size_t)st.st_size, PROT_READ | PROT_WRITE) == -1)) {
			munmap(m, (size_t)st.st_size);
			m = MAP_FAILED;
		}
	}
	/* Elsewhere, populated: the relocation writes to every page, and
	   one call copying them costs less than a fault a page. */
	if (m == MAP_FAILED)
		m = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | IMAGE_POPULATE, fd, 0);
	if (m == MAP_FAILED) {
		close(fd);
		return image_bad(kind, err, "unreadable");
	}
#ifdef MADV_RANDOM
	if (lazy)
		(void)madvise(m, (size_t)st.st_size, MADV_RANDOM);
#endif
	/*
	 * Summed once, then remembered by its stat like a rule file: any
	 * write to the file changes its ctime, which is compared to the
	 * nanosecond, so a damaged or truncated image is summed again.
	 */
	if ((root = image_check(kind, m, (size_t)st.st_size, key, flags,
	    known ? &sum : NULL, lazy && want != 0 && (uintptr_t)m ==
	    want - IMAGE_HEADER, &summed, err)) == NULL) {
		munmap(m, (size_t)st.st_size);
		close(fd);
		return NULL;
	}
	if (summed) {
		memcpy(&sum, (unsigned char *)m + IMAGE_HEADER - 8, 8);
		image_sum_note(&st, sum);
#ifdef MADV_DONTNEED
		/* Summed whole, its pages are mapped: a lazy image lying
		   where it was written for has none written (image_check),
		   so they are let go, read again from the file as used. */
		if (lazy && want != 0 && (uintptr_t)m == want -
		    IMAGE_HEADER)
			(void)madvise(m, (size_t)st.st_size, MADV_DONTNEED);
#endif
		if (kind->lazy)
			drop_cached(fd);
	}
	close(fd);
	*memp = m;
	*lenp = (size_t)st.st_size;
	return root;
}

struct rules *
rules_image_from(void *mem, size_t len, uint64_t key, int flags,
    struct error *err)
{
	struct rules *r = image_from(&rules_image_kind, mem, len, key, flags, err);

	if (r != NULL) {
		r->image = mem;
		r->image_len = len;
		r->image_mapped = 0;
	}
	return r;
}

struct rules *
rules_image_map(const char *path, uint64_t key, int flags, struct error *err)
{
	struct rules *r;
	void *mem;
	size_t len;

	if ((r = image_map(&rules_image_kind, path, key, flags, &mem, &len, err))
	    == NULL)
		return NULL;
	r->image = mem;
	r->image_len = len;
	r->image_mapped = 1;
	return r;
}

/* --- keys and places ------------------------------------------------------- */

/*
 * The content hashes of the files that keys cover, remembered by their
 * stat, the way git's index remembers what it has hashed: one file of
 * the user's cache (files.idx beside the images) lists device, inode,
 * size, modification and change times to the nanosecond, and the hash
 * of the content. A file whose stat is listed unchanged is not read
 * again; any change of content changes the change time (ctime), which
 * no program sets back, so a file rewritten with its size and mtime
 * restored (touch -r) is read again. A file changed less than
 * FILES_SETTLE seconds before it was hashed is not written to the list
 * (it could change again within the same tick of the file system's clock
 * and keep its stat: git's "racy" case); it is read once by each run
 * until it has settled. The list is written atomically, with a checksum; one that
 * does not check is ignored (every file is read). The same list holds
 * the images image_map() has summed (FILE_IMAGE, the checksum as the
 * hash): an image found unchanged there is not summed again. A hash is of the
 * content only, so a key is the same with or without the list: the
 * images built by make match.
 *
 * The list also remembers the names in each folder of a tree, by the
 * folder's own stat (FILE_DIR: `hash` is the offset of the names in a
 * block that follows the entries), so that an unchanged folder is not
 * opened and read again: on Linux, creating, removing or renaming an
 * entry of a folder (open with O_CREAT, link, symlink, mknod, mkdir,
 * unlink, rmdir, rename) changes the folder's mtime and ctime, as POSIX
 * requires, and no program sets a ctime back. A file written in place
 * changes its own times only, never its folder's: the times of the
 * folders cannot stand for their files, which are all still stat'ed
 * (tests/unit/test_image.c shows both). A folder changed less than
 * FILES_SETTLE seconds before it was read is not remembered, as a file.
 */
#define FILES_MAGIC	"AIGFHC03"
#define FILES_SETTLE	2

struct file_seen {
	uint64_t	dev, ino, size;
	int64_t		mtime, ctime;	/* nanoseconds since the epoch */
	uint64_t	hash;		/* of the content */
	uint64_t	flags;		/* FILE_*; only FILE_IMAGE on disk */
};

#define FILE_RACY	1	/* changed too recently: not written */
#define FILE_USED	2	/* looked up or hashed by this run */
/* An image whose checksum was checked: `hash` is the checksum. */
#define FILE_IMAGE	4
/* A folder: `hash` is the offset of its names in files.names. */
#define FILE_DIR	8
#define FILE_KINDS	(FILE_IMAGE | FILE_DIR)	/* what is on disk */
/* Above this many, a list keeps only the files of the run writing it. */
#define FILES_KEEP	4096

static struct {
	int		 state;		/* 0 not read, 1 read, -1 no place */
	char		*path;
	struct file_seen *v;		/* v[0..nsorted) sorted, then new */
	size_t		 n, nsorted, cap;
	int		 dirty;
	unsigned long	 reads;		/* files read (image_files_stats) */
	unsigned long	 lists;		/* folders read (image_files_stats) */
	/* The names of folders: at each FILE_DIR entry's offset, a
	   uint32_t count and a uint32_t length, then the names, each ended
	   by a NUL, in name order (8-byte aligned). */
	unsigned char	*names;
	size_t		 nnames, names_cap;
} files;

static int64_t
ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static int
cmp_seen(const void *a, const void *b)
{
	const struct file_seen *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

static void
files_read(void)
{
	struct stat st;
	char magic[8];
	uint64_t n, sum;
	size_t bytes;
	FILE *f;

	if (files.state != 0)
		return;
	files.state = -1;
	if ((files.path = image_cache_path(NULL, "files.idx")) == NULL)
		return;
	files.state = 1;
	if ((f = fopen(files.path, "rb")) == NULL)
		return;
	/* magic, n, the n entries, the bytes of names nb, the names, sum */
	if (fstat(fileno(f), &st) == 0 && fread(magic, 8, 1, f) == 1 &&
	    memcmp(magic, FILES_MAGIC, 8) == 0 && fread(&n, 8, 1, f) == 1 &&
	    n <= 1000000 && (uint64_t)st.st_size >= 16 + 8 + 8 + n *
	    sizeof *files.v) {
		uint64_t nb = (uint64_t)st.st_size - (16 + 8 + 8 + n *
		    sizeof *files.v);

		bytes = (size_t)n * sizeof *files.v;
		files.v = xmalloc(bytes + sizeof *files.v);
		files.names = xmalloc((size_t)nb + 8);
		if (nb % 8 == 0 && fread(files.v, 1, bytes, f) == bytes &&
		    fread(&sum, 8, 1, f) == 1 && sum == nb &&
		    fread(files.names, 1, (size_t)nb, f) == nb &&
		    fread(&sum, 8, 1, f) == 1 &&
		    hash_bytes(hash_bytes(HASH64_INIT, files.v, bytes),
		    files.names, (size_t)nb) == sum) {
			size_t i;

			files.n = files.nsorted = files.cap = (size_t)n;
			files.nnames = files.names_cap = (size_t)nb;
			/* sorted when written; a forged order only misses */
			for (i = 0; i < files.n; i++)
				files.v[i].flags &= FILE_KINDS;
		} else {
			free(files.v);
			free(files.names);
			files.v = NULL;
			files.names = NULL;
		}
	}
	fclose(f);
}

static struct file_seen *
files_find(const struct stat *st)
{
	struct file_seen key, *e;
	size_t i;

	key.dev = (uint64_t)st->st_dev;
	key.ino = (uint64_t)st->st_ino;
	e = files.nsorted == 0 ? NULL : bsearch(&key, files.v, files.nsorted,
	    sizeof key, cmp_seen);
	for (i = files.nsorted; e == NULL && i < files.n; i++)
		if (cmp_seen(&key, &files.v[i]) == 0)
			e = &files.v[i];
	return e;
}

static int
files_same(const struct file_seen *e, const struct stat *st)
{
	return e->size == (uint64_t)st->st_size &&
	    e->mtime == ns_of(&st->st_mtim) && e->ctime == ns_of(&st->st_ctim);
}

/* Bytes of the names kept at `off` of files.names, header and padding
   included; 0 when they do not lie within the block (a forged list). */
static size_t
names_len(uint64_t off)
{
	uint32_t hd[2];
	size_t len;

	if (off > files.nnames || files.nnames - off < 8)
		return 0;
	memcpy(hd, files.names + off, 8);
	len = 8 + (((size_t)hd[1] + 7) & ~(size_t)7);
	return len > files.nnames - off ? 0 : len;
}

/* Note the hash of the file of `st`, unless it changed too recently. */
static void
files_note(const struct stat *st, uint64_t hash, uint64_t kind, int64_t now)
{
	struct file_seen *e;
	int64_t changed = ns_of(&st->st_mtim);

	if (files.state != 1)
		return;
	if (ns_of(&st->st_ctim) > changed)
		changed = ns_of(&st->st_ctim);
	if ((e = files_find(st)) == NULL) {
		if (files.n == files.cap) {
			files.cap = files.cap ? files.cap * 2 : 256;
			files.v = xrealloc(files.v, files.cap * sizeof *e);
		}
		e = &files.v[files.n++];
		e->dev = (uint64_t)st->st_dev;
		e->ino = (uint64_t)st->st_ino;
	}
	e->size = (uint64_t)st->st_size;
	e->mtime = ns_of(&st->st_mtim);
	e->ctime = ns_of(&st->st_ctim);
	e->hash = hash;
	/* racy: this run hashes it once, the next one reads it again */
	e->flags = FILE_USED | kind;
	if (changed > now - (int64_t)FILES_SETTLE * 1000000000)
		e->flags |= FILE_RACY;
	else
		files.dirty = 1;
}

void
image_files_save(void)
{
	struct file_seen *keep;
	unsigned char *names = NULL;
	uint64_t n = 0, sum, nb64;
	size_t i, nb = 0, names_cap = 0;
	char *tmp;
	int fd, ok;

	if (files.state != 1 || !files.dirty)
		return;
	files.dirty = 0;
	qsort(files.v, files.n, sizeof *files.v, cmp_seen);
	files.nsorted = files.n;
	keep = xmalloc((files.n + 1) * sizeof *keep);
	for (i = 0; i < files.n; i++)
		if (!(files.v[i].flags & FILE_RACY) && (files.n <= FILES_KEEP ||
		    (files.v[i].flags & FILE_USED))) {
			keep[n] = files.v[i];
			keep[n].flags &= FILE_KINDS;
			/* a folder's names, moved to the new block */
			if (keep[n].flags & FILE_DIR) {
				size_t len = names_len(keep[n].hash);

				if (nb + len > names_cap) {
					names_cap = (nb + len) * 2;
					names = xrealloc(names, names_cap);
				}
				memcpy(names + nb, files.names + keep[n].hash,
				    len);
				keep[n].hash = nb;
				nb += len;
			}
			n++;
		}
	sum = hash_bytes(hash_bytes(HASH64_INIT, keep, (size_t)n *
	    sizeof *keep), names, nb);
	nb64 = nb;
	tmp = xasprintf("%s.%ld.tmp", files.path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		free(tmp);
		free(keep);
		return;
	}
	ok = write_all(fd, FILES_MAGIC, 8) == 0 && write_all(fd, &n, 8) ==
	    0 && write_all(fd, keep, (size_t)n * sizeof *keep) == 0 &&
	    write_all(fd, &nb64, 8) == 0 && write_all(fd, names, nb) == 0 &&
	    write_all(fd, &sum, 8) == 0;
	free(keep);
	free(names);
	if (close(fd) == -1)
		ok = 0;
	if (!ok || rename(tmp, files.path) == -1)
		(void)unlink(tmp);
	free(tmp);
}

void
image_files_stats(unsigned long *reads)
{
	*reads = files.reads;
}

void
image_dirs_stats(unsigned long *lists)
{
	*lists = files.lists;
}

/* Whether the image of stat `st` was summed before, unchanged since;
   *sum is then the checksum it matched. */
static int
image_sum_known(const struct stat *st, uint64_t *sum)
{
	struct file_seen *e;

	files_read();
	if (files.state != 1 || (e = files_find(st)) == NULL ||
	    !(e->flags & FILE_IMAGE) || !files_same(e, st))
		return 0;
	e->flags |= FILE_USED;
	*sum = e->hash;
	return 1;
}

/* Remember that the image of stat `st` matched its checksum `sum`
   (unless it changed too recently), and save the list at once. */
static void
image_sum_note(const struct stat *st, uint64_t sum)
{
	struct timespec now;

	files_read();
	clock_gettime(CLOCK_REALTIME, &now);
	files_note(st, sum, FILE_IMAGE, ns_of(&now));
	image_files_save();
}

void
image_sum_stats(unsigned long *sums)
{
	*sums = image_sums;
}

void
image_files_forget(void)
{
	free(files.v);
	free(files.names);
	free(files.path);
	memset(&files, 0, sizeof files);
}

/* The hash of the content of the regular file `path`, of stat `st`. */
static int
hash_file(const char *path, const struct stat *st, uint64_t *out)
{
	struct file_seen *e;
	struct stat fst;
	struct timespec now;
	char buf[65536];
	uint64_t h = HASH64_INIT;
	ssize_t got;
	int fd;

	files_read();
	if (files.state == 1 && (e = files_find(st)) != NULL &&
	    !(e->flags & FILE_KINDS) && files_same(e, st)) {
		e->flags |= FILE_USED;
		*out = e->hash;
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	/* the stat of what is read, taken before reading it */
	if (fstat(fd, &fst) == -1) {
		close(fd);
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	files.reads++;
	while ((got = read(fd, buf, sizeof buf)) > 0) {
		uint64_t x;
		ssize_t k;

		/* 8 bytes a step */
		for (k = 0; k + 8 <= got; k += 8) {
			memcpy(&x, buf + k, 8);
			h = (h ^ x) * UINT64_C(1099511628211);
			h ^= h >> 31;
		}
		h = hash_bytes(h, buf + k, (size_t)(got - k));
	}
	close(fd);
	if (got < 0)
		return -1;
	*out = h;
	files_note(&fst, h, 0, ns_of(&now));
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the folder of stat `st` as the list remembers them, if
   it is unchanged: their number, *out set (malloc'ed strings); else -1. */
static int
dir_known(const struct stat *st, char ***out)
{
	struct file_seen *e;
	const char *p, *end;
	uint32_t hd[2];
	char **v;
	int i;

	files_read();
	if (files.state != 1 || (e = files_find(st)) == NULL ||
	    !(e->flags & FILE_DIR) || !files_same(e, st) ||
	    names_len(e->hash) == 0)
		return -1;
	memcpy(hd, files.names + e->hash, 8);
	p = (const char *)files.names + e->hash + 8;
	end = p + hd[1];
	if (hd[0] > (uint32_t)INT_MAX / 2 || hd[0] > hd[1])
		return -1;
	v = xmalloc(sizeof *v * ((size_t)hd[0] + 1));
	for (i = 0; i < (int)hd[0]; i++) {
		size_t l = strnlen(p, (size_t)(end - p));

		if (p + l == end) {		/* no NUL: forged */
			while (i > 0)
				free(v[--i]);
			free(v);
			return -1;
		}
		v[i] = xstrdup(p);
		p += l + 1;
	}
	e->flags |= FILE_USED;
	*out = v;
	return (int)hd[0];
}

/* Remember the `n` names `v` (sorted) of the folder of stat `st`, read
   at `now`, unless it changed too recently. */
static void
dir_note(const struct stat *st, char **v, int n, int64_t now)
{
	size_t len = 0, off, need;
	uint32_t hd[2];
	int i;

	if (files.state != 1)
		return;
	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	if (len > UINT32_MAX)
		return;
	need = 8 + ((len + 7) & ~(size_t)7);
	if (files.nnames + need > files.names_cap) {
		files.names_cap = (files.nnames + need) * 2;
		files.names = xrealloc(files.names, files.names_cap);
	}
	off = files.nnames;
	hd[0] = (uint32_t)n;
	hd[1] = (uint32_t)len;
	memcpy(files.names + off, hd, 8);
	memset(files.names + off + 8, 0, need - 8);
	for (i = 0, len = 0; i < n; i++) {
		size_t l = strlen(v[i]) + 1;

		memcpy(files.names + off + 8 + len, v[i], l);
		len += l;
	}
	files.nnames += need;
	files_note(st, off, FILE_DIR, now);
}

/* The names in the folder `path` of stat `st` (taken before), sorted,
   hidden ones left out: their number, *out set; -1 when unreadable. */
static int
dir_names(const char *path, const struct stat *st, char ***out)
{
	struct timespec now;
	struct dirent *de;
	char **names = NULL;
	int n, cap = 0;
	DIR *d;

	if ((n = dir_known(st, out)) >= 0)
		return n;
	clock_gettime(CLOCK_REALTIME, &now);
	if ((d = opendir(path)) == NULL)
		return -1;
	files.lists++;
	n = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, sizeof *names * (size_t)cap);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, (size_t)n, sizeof *names, cmp_name);
	files_read();
	dir_note(st, names, n, ns_of(&now));
	*out = names;
	return n;
}

/* image_hash_tree over `path` (a buffer of PATH_MAX bytes, `pl` long)
   and `rel` (the same, `rl` long). */
static int
hash_tree(uint64_t *h, char *path, size_t pl, char *rel, size_t rl)
{
	struct stat st;
	char **names = NULL;
	int n, i, rc = 0;

	if (stat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	*h = hash_bytes(*h, rel, rl + 1);
	if (S_ISREG(st.st_mode)) {
		uint64_t content;

		if (hash_file(path, &st, &content) == -1)
			return -1;
		*h = hash_bytes(*h, &st.st_size, sizeof st.st_size);
		*h = hash_bytes(*h, &content, sizeof content);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if ((n = dir_names(path, &st, &names)) == -1)
			return -1;
		for (i = 0; i < n; i++) {
			size_t nl = strlen(names[i]);

			if (rc == 0 && (pl + nl + 2 > PATH_MAX ||
			    rl + nl + 2 > PATH_MAX))
				rc = -1;
			if (rc == 0) {
				path[pl] = rel[rl] = '/';
				memcpy(path + pl + 1, names[i], nl + 1);
				memcpy(rel + rl + 1, names[i], nl + 1);
				if (hash_tree(h, path, pl + 1 + nl, rel,
				    rl + 1 + nl) == -1)
					rc = -1;
				path[pl] = rel[rl] = '\0';
			}
			free(names[i]);
		}
		free(names);
	}
	return rc;
}

int
image_dir_names(const char *path, char ***names)
{
	struct stat st;
	int n;

	*names = NULL;
	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    (n = dir_names(path, &st, names)) == -1)
		return -1;
	return n;
}

/*
 * Hash the regular files under `path` (recursively, in name order):
 * relative name, size and the hash of the content (remembered by stat,
 * see above). -1 when something cannot be read.
 */
int
image_hash_tree(uint64_t *h, const char *path, const char *rel)
{
	char p[PATH_MAX], r[PATH_MAX];
	size_t pl = strlen(path), rl = strlen(rel);

	if (pl >= sizeof p || rl >= sizeof r)
		return -1;
	memcpy(p, path, pl + 1);
	memcpy(r, rel, rl + 1);
	return hash_tree(h, p, pl, r, rl);
}

/* --- small results kept under a key ---------------------------------------- */

#define MEMO_MAGIC	"AIGMEMO1"

struct memo_header {
	char		magic[8];
	uint64_t	key;
	uint64_t	len;		/* bytes that follow */
	uint64_t	sum;		/* hash_bytes of them */
};

void *
image_memo_read(const char *path, uint64_t key, size_t *len)
{
	struct memo_header hd;
	struct stat st;
	char *data = NULL;
	FILE *f;

	if (path == NULL || key == 0 || (f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && fread(&hd, sizeof hd, 1, f) == 1 &&
	    memcmp(hd.magic, MEMO_MAGIC, 8) == 0 && hd.key == key &&
	    hd.len < ((uint64_t)1 << 30) && (uint64_t)st.st_size ==
	    sizeof hd + hd.len) {
		data = xmalloc((size_t)hd.len + 1);
		if (fread(data, 1, (size_t)hd.len, f) != hd.len ||
		    hash_bytes(HASH64_INIT, data, (size_t)hd.len) != hd.sum) {
			free(data);
			data = NULL;
		} else {
			data[hd.len] = '\0';
			*len = (size_t)hd.len;
		}
	}
	fclose(f);
	return data;
}

void
image_memo_write(const char *path, uint64_t key, const void *data,
    size_t len)
{
	struct memo_header hd;
	char *tmp;
	int fd, ok;

	if (path == NULL || key == 0)
		return;
	memset(&hd, 0, sizeof hd);
	memcpy(hd.magic, MEMO_MAGIC, 8);
	hd.key = key;
	hd.len = len;
	hd.sum = hash_bytes(HASH64_INIT, data, len);
	tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		free(tmp);
		return;
	}
	ok = write_all(fd, &hd, sizeof hd) == 0 && write_all(fd, data, len) ==
	    0;
	if (close(fd) == -1)
		ok = 0;
	if (!ok || rename(tmp, path) == -1)
		(void)unlink(tmp);
	free(tmp);
}

/*
 * The program: its ELF build id (any change of the code gives another),
 * read from the notes of the running executable; else its size and
 * modification time.
 */
#if UINTPTR_MAX > 0xffffffffu
typedef Elf64_Phdr phdr_t;
#else
typedef Elf32_Phdr phdr_t;
#endif

uint64_t
image_hash_program(uint64_t h)
{
	const phdr_t *ph = (const phdr_t *)getauxval(AT_PHDR);
	unsigned long nph = getauxval(AT_PHNUM), i;
	uintptr_t bias = 0;
	struct stat st;

	for (i = 0; ph != NULL && i < nph; i++)
		if (ph[i].p_type == PT_PHDR)
			bias = (uintptr_t)ph - ph[i].p_vaddr;
	for (i = 0; ph != NULL && i < nph; i++) {
		const unsigned char *p, *end;

		if (ph[i].p_type != PT_NOTE)
			continue;
		p = (const unsigned char *)(bias + ph[i].p_vaddr);
		end = p + ph[i].p_memsz;
		while (p + 12 <= end) {
			uint32_t nsz, dsz, type;

			memcpy(&nsz, p, 4);
			memcpy(&dsz, p + 4, 4);
			memcpy(&type, p + 8, 4);
			p += 12;
			if (type == NT_GNU_BUILD_ID && nsz == 4 &&
			    memcmp(p, "GNU", 4) == 0 && p + 4 + dsz <= end)
				return hash_bytes(h, p + 4, dsz);
			p += (nsz + 3) & ~3u;
			p += (dsz + 3) & ~3u;
		}
	}
	if (stat("/proc/self/exe", &st) == 0) {
		h = hash_bytes(h, &st.st_size, sizeof st.st_size);
		h = hash_bytes(h, &st.st_mtim, sizeof st.st_mtim);
	}
	return h;
}

char *
image_cache_path(const char *dir, const char *stem)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char real[PATH_MAX], *base, *top, *path;
	uint64_t h = UINT64_C(14695981039346656037);
	struct stat st;

	/* Only the last two levels are created: never a missing $HOME. */
	if (xdg != NULL && xdg[0] == '/')
		top = xstrdup(xdg);
	else if (home != NULL && home[0] == '/' && stat(home, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		top = xasprintf("%s/.cache", home);
	else
		return NULL;
	(void)mkdir(top, 0700);
	base = xasprintf("%s/aiguillage", top);
	free(top);
	(void)mkdir(base, 0700);
	if (dir == NULL) {		/* one file of the cache */
		path = xasprintf("%s/%s", base, stem);
		free(base);
		return path;
	}
	if (realpath(dir, real) == NULL)
		snprintf(real, sizeof real, "%s", dir);
	h = hash_bytes(h, real, strlen(real));
	path = xasprintf("%s/%s-%016llx.img", base, stem,
	    (unsigned long long)h);
	free(base);
	return path;
}


char *
image_shipped_path(const char *dir, const char *suffix)
{
	size_t dl = strlen(dir);

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	return xasprintf("%.*s%s", (int)dl, dir, suffix);
}
