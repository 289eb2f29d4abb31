/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * territory_priv.h - the private part of a loaded territory, shared by
 * territory.c (loading from the YAML, searches, offices) and
 * territory_image.c (the directory as an image, mapped in place). Not
 * for other modules.
 */
#ifndef TERRITORY_PRIV_H
#define TERRITORY_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "territory.h"
#include "ydoc.h"

struct geo;

/* Private part of the territory, after the public struct. */
struct sectors_file {
	const char	*path;
	const char	*dep;
	const char	*source;
	const char	**kinds;
	int		 nkinds;
	struct ydoc	 doc;
};

/*
 * What a name search reads of the commune of rank i (search_rows[i]), in
 * rank order as the search reads its candidates: its key and compact
 * form, laid out in rank order too (keys_mem at `key`, the compact form
 * `compact` bytes after it), where they start after their article, and
 * its department (index in territory.deps). The communes themselves are
 * read only for the matches shown.
 */
struct search_row {
	uint32_t	key;
	uint16_t	compact;
	uint8_t		art, art_compact;
	uint16_t	dep;		/* UINT16_MAX: not in deps */
	uint16_t	spare;		/* 0: no padding of unknown bytes */
};

/*
 * A commune in the answer of a one- or two-character query: its index
 * and its department (as in struct search_row), so that the site's
 * department goes first without reading the commune.
 */
struct search_hit {
	int32_t		idx;
	uint16_t	dep;		/* UINT16_MAX: not in deps */
	uint16_t	spare;		/* 0 */
};

struct territory_priv {
	struct territory	 pub;
	uint32_t		*order_mask;	/* mask of communes[order[i]] */
	struct search_row	*search_rows;	/* by rank */
	const char		*search_keys;	/* keys_mem, or the image's */
	uint32_t		*masks;		/* by commune index */
	const char		**service_keys;	/* folded text of services */
	const struct service	**by_id;	/* services sorted by id */
	struct sectors_file	*sfiles;
	int			 nsfiles;
	/*
	 * Search index, built with the keys (build_search_index): for
	 * each pair of letters or digits, the ranks (positions in `order`)
	 * of the communes one of whose words starts with it in the compact
	 * key ("l isle" has "li" and "is"), ascending, in bigram_rank from
	 * bigram_off[b] to bigram_off[b + 1]; for each letter or digit, the
	 * whole answer to that one-character query (tier by tier, each in
	 * rank order), in initial_hits from initial_off[s].
	 */
	int			*bigram_off, *bigram_rank;
	int			*initial_off;
	struct search_hit	*initial_hits;
	/* The whole answer to each two-character query, tier k of bigram
	   b (in rank order) in pair_hits from pair_off[b * 4 + k] to
	   pair_off[b * 4 + k + 1]: a keystroke reads one short list, not
	   the rows of the thousand communes a bigram has ("sa": 5,810). */
	int			*pair_off;
	struct search_hit	*pair_hits;
	/* The same for the first three letters or digits of a word (the
	   spaces after a word skipped, as for the bigrams): the candidates
	   of a query whose first word has three or more ("sau": 300 where
	   "sa" has 5,810). */
	int			*trigram_off, *trigram_rank;
	/*
	 * Postal codes, indexed with the search keys (postal_need) and
	 * kept in the commune image: the communes (indices, file order)
	 * with a code beginning with the three digits b, in postal_idx
	 * from postal_off[b] to postal_off[b + 1] (a commune once a
	 * bucket); those with a code that does not begin with three digits
	 * in postal_odd, which every such search reads too.
	 */
	int			*postal_off, *postal_idx, *postal_odd;
	int			 npostal_odd;
	struct commune		*communes_mem;
	char			*keys_mem;
	size_t			 keys_len;	/* bytes of it in use */
	/*
	 * The commune table is loaded on first need (communes_need): a
	 * command that only looks communes up by code (eval, the plan's
	 * offices) reads single rows of the mapped communes.tsv instead
	 * (lookup_row), each kept in `looked` so that a code always gives
	 * the same row.
	 */
	int			 communes_state; /* 0 not yet, 1 loaded, -1 bad */
	char			 home[4];	/* territory_set_home, or "" */
	int			 keys_built;	/* search keys, order, masks */
	size_t			 tsv_len;
	struct error		 communes_err;
	const char		*map;		/* communes.tsv, mapped, or NULL */
	size_t			 maplen;
	size_t			 body;		/* offset of the first data row */
	int			 map_state;	/* 0 not yet, 1 mapped, -1 none */
	struct commune		**looked;
	int			 nlooked, caplooked;
	/*
	 * Mapped from an image (territory_image.c): the directory lives in
	 * `image` (munmap'ed by territory_free), its YAML trees are not
	 * there (the nodes of structures and services are NULL).
	 */
	void			*image;
	size_t			 image_len;
	/* The commune table mapped from its image (commune_index.c), or
	   NULL: communes, order, masks and deps then lie in it. */
	void			*cimage;
	size_t			 cimage_len;
	/* Centres of communes (coords.tsv), read when routing first needs
	   the nearest office: geo_need(). Never in an image. */
	struct geo		*geo;
	int			 geo_state;	/* 0 not yet, 1 read, -1 none */
	struct error		 geo_err;	/* msg "" when the file is absent */
	/* Department codes found (territory_has_department), one bit by
	   dep_slot: a bulk file names the same few again and again. */
	unsigned char		 dep_found[150];
};

/*
 * The territory of `rules_dir` and `local_dir` through its image (see
 * territory_load_cached in territory.h); the image functions proper.
 */
struct territory_priv	*territory_image_map(const char *path, uint64_t key,
			    int flags, struct error *err);
int	territory_image_write(const struct territory_priv *, const char *path,
	    uint64_t key, struct error *err);

/* Symbols of the search index: a-z, then 0-9. */
#define SEARCH_SYMBOLS	36
#define SEARCH_BIGRAMS	(SEARCH_SYMBOLS * SEARCH_SYMBOLS)
#define SEARCH_TRIGRAMS	(SEARCH_BIGRAMS * SEARCH_SYMBOLS)
/* Buckets of the postal code index: the first three digits of a code. */
#define POSTAL_BUCKETS	1000

/*
 * The commune index (commune_index.c). commune_index_map() puts the
 * table of the image of <dir>.communes.img or of the cache into `tp`
 * (communes, order, deps, masks, keys built) if one is a sound image of
 * commune_index_key(dir); returns 0, or -1 (nothing changed).
 * commune_index_save() writes the loaded table with its keys to the
 * cache (failures ignored: the next run parses communes.tsv again).
 */
uint64_t	commune_index_key(const char *rules_dir);
char		*commune_index_shipped(const char *rules_dir);
int		 commune_index_map(struct territory_priv *tp, int flags);
void		 commune_index_save(const struct territory_priv *tp);

#endif
