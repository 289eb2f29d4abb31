/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules.h - the loaded rule base (the model) and its loader.
 *
 * rules_load() reads rules/ (questions, derived variables, parameters,
 * schemes, urgencies, orientation, documents, service kinds) with libyaml,
 * checks every reference and type, and returns one immutable model held
 * in an arena. Nothing here evaluates a situation: see eval.h.
 */
#ifndef RULES_H
#define RULES_H

#include "error.h"
#include "expr.h"
#include "var.h"
#include "value.h"
#include "xmalloc.h"

struct derived {
	const char	*id;
	const char	*text;
	const char	*src;
	struct expr	*expr;
	const char	*file;
	int		 line, col;
};

struct param_value {
	int32_t		 from;
	num_t		 value;
};

struct param {
	const char		*name;
	const char		*unit, *reference, *source;
	struct param_value	*values;	/* sorted by date */
	int			 nvalues;
	int			 frozen;
	int			 has_checked;
	int32_t			 checked;	/* no newer value found that
						   day */
	const char		*note;		/* what the check found */
	/* From this day the value in force is not confirmed (a newer one
	   was due and none was found): the amounts that read it say so.
	   0: confirmed. */
	int32_t			 unconfirmed_from;
	int			 used;
	const char		*file;
	int			 line, col;
};

struct condition {
	const char	*id;
	const char	*text;
	const char	*src;
	struct expr	*expr;
};

struct variant {
	const char	*id;
	const char	*text;
	struct expr	*when;
	const char	**services;	/* claimed there, not where the route
					   says (none: the route's) */
	int		 nservices;
	const char	**documents;	/* with those documents (none: the
					   scheme's) */
	int		 ndocuments;
};

struct incompat {
	const char	*scheme;
	const char	*note;
	int		 index;		/* of `scheme`, a national one */
	int		 counted;	/* kind: counted: the two combine, one
					   counting in the other's resources
					   (not an incompatibility) */
};

struct source {
	const char	*title;
	const char	*url;
};

/* What a scheme's amount is to the person ("amount_is"): money received
   (the default), what the person pays (a participation; 0 is free of
   charge), or the ceiling of what may be granted. */
enum amount_is {
	AMOUNT_RECEIVED, AMOUNT_PAYMENT, AMOUNT_CEILING
};

enum route_kind {
	ROUTE_EMERGENCY, ROUTE_MDS_APPOINTMENT, ROUTE_MDS_SERVICE,
	ROUTE_PARTNER, ROUTE_PARTNER_HELP
};

struct scheme {
	const char		*id, *code, *domain, *name, *long_name;
	const char		*operator_, *department;
	struct condition	*conds;
	int			 nconds;
	struct expr		*to_check_if;
	/* Why to_check_if makes it to check, in words (the agent's). */
	const char		*to_check_text;
	struct variant		*variants;
	int			 nvariants;
	struct expr		*amount;
	enum amount_is		 amount_is;
	/* The first day from which the amount reads a parameter whose value
	   is not confirmed (struct param), through derived values too;
	   INT32_MAX when it reads none. */
	int32_t			 amount_unconfirmed_from;
	/* Benefits computed by the same evaluation that its resources
	   count ("all rights claimed"): derived variables, shown with
	   their amount in the reasons when not zero. */
	struct expr		**counted;
	const char		**counted_ids;
	int			 ncounted;
	const char		*period, *rounding;
	enum route_kind		 route;
	const char		**services;	/* service kind ids */
	int			 nservices;
	const char		**documents;	/* document ids */
	int			 ndocuments;
	const char		*apply_online, *apply_form, *apply_text;
	const char		*delay;
	int			 retroactive;	/* -1 unknown */
	struct expr		*non_take_up;
	struct expr		*received_if;	/* already received: no step */
	const char		*non_take_up_text;
	/* The right told to the person, in « vous » (the summary); NULL
	   when the rule gives none (the agent's texts are used). */
	const char		*text_person;
	struct incompat		*incompat;
	int			 nincompat;
	struct source		*sources;
	int			 nsources;
	int			 index;		/* in rules->schemes */
	int			 base;		/* national scheme index, self if national */
	/* Every question its evaluation reads, through derived variables
	   and scheme() (consistency warnings downgrade it). */
	struct varset		 reads;
	/* rules/interview.yaml: a right everyone may miss (asked before
	   the rest), and the visit reasons that call for it (bit k: option
	   k of the reason question). */
	int			 key_right;
	uint32_t		 reasons;
	const char		*file;
	int			 line, col;
};

struct urgency {
	const char	*id, *title, *banner;
	const char	*text_person;	/* for the person, in « vous »; or NULL */
	const char	*priority;	/* literal P0..P3, or NULL */
	struct expr	*priority_expr;
	struct expr	*when;
	const char	**actions;
	int		 nactions;
	const char	**services;
	int		 nservices;
	const char	**schemes;
	int		*scheme_idx;	/* national indexes of schemes */
	int		 nschemes;
	int		 discreet;
	/* When it holds, the questions that can still change this urgency
	   are asked first, as an urgency; otherwise they wait for the full
	   check (NULL: always). The urgency itself is always evaluated. */
	struct expr	*ask_if;
	/* 24/7 lines the plan gives outside office hours while it is
	   active (service kinds). */
	const char	**night_lines;
	int		 nnight_lines;
};

/*
 * A consistency check (rules/consistency.yaml): `when` is true when the
 * answers contradict each other; `text` tells the agent which ones.
 */
struct consistency {
	const char	*id, *text;
	struct expr	*when;
	struct varset	 reads;		/* the questions `when` reads */
	const char	*file;
	int		 line, col;
};

struct prerequisite {
	const char	*id, *service, *title, *why;
	struct expr	*when;
	const char	**schemes;
	int		*scheme_idx;
	int		 nschemes;
	/* except[k]: when it holds, the person does not need this step for
	   schemes[k] (NULL: always needs it); NULL when none has one. */
	struct expr	**except;
};

struct document {
	const char	*id, *label, *help;
	/* Listed only when this holds or is unknown (rules/documents). */
	struct expr	*when;
};

/* rules/glossary.yaml: an acronym a text may use, and what it stands for. */
struct gloss {
	const char	*acronym, *expansion, *source;
};

struct service_kind {
	const char	*id, *name;
	int		 sectorised, line;
	int		 communal;	/* serves its commune (or EPCI) only */
};

struct rules {
	struct arena		 arena;
	const char		*dir;
	char			 version[17];	/* hash of the rule files */
	struct var		*vars;
	int			 nvars;
	struct derived		*derived;
	int			 nderived;
	struct param		*params;
	int			 nparams;
	struct scheme		*schemes;	/* national first, then overrides */
	int			 nschemes;
	int			 nnational;	/* schemes[0..nnational) are national */
	const char		**domains;	/* distinct, in load order,
						   interned like kind and
						   document ids */
	int			 ndomains;
	const char		**domain_labels; /* parallel to domains: the
						   heading of orientation.yaml
						   "domains", or NULL */
	struct urgency		*urgencies;
	int			 nurgencies;
	struct consistency	*checks;	/* rules/consistency.yaml */
	int			 nchecks;
	struct prerequisite	*prereqs;
	int			 nprereqs;
	const char		*mds_service;	/* kind of the MDS appointment */
	const char		*mds_title, *mds_why, *referent_title;
	struct expr		*mds_global_if, *referent_when, *assisted_if;
	int			 nnight_lines;	/* of every urgency */
	int			 office_days;	/* bit d set: day d (1 Monday) open */
	int			 office_open, office_close;	/* minutes */
	const char		*night_title, *night_why;
	struct document		*documents;
	int			 ndocuments;
	struct service_kind	*kinds;
	int			 nkinds;
	int			 reason_var;	/* rules/interview.yaml, or -1 */
	/* rules/glossary.yaml (none: acronyms are not checked). */
	struct gloss		*glossary;
	int			 nglossary;
	/* What the rules read, found once by the loader (and kept in the
	   image): 1 for each question some rule reads, for each derived
	   variable some rule uses; the usage warnings come from them. */
	unsigned char		*vars_read, *derived_used;
	/* The compiled expressions (enode.h): one block, each root's
	   `compiled` in it; K_PCONST slots an evaluator keeps. */
	unsigned char		*enodes;
	size_t			 enodes_size;
	int			 nconst;
	/* Warnings found while loading (stale parameters, texts that break
	   the house's French typography or plain-language rules…), one per
	   line. */
	char			*warnings;
	int			 nwarnings;
	/* The warnings found while reading the YAML (texts, acronyms…),
	   which depend on neither the day nor what is used: kept in the
	   image, so that a mapped model gives them again (file names
	   under `dir` as it was when the image was written). */
	const char		*load_warnings;
	int			 nload_warnings;
	/* Interned strings: open addressing, power-of-two size. */
	const char		**intern;
	unsigned		 intern_size, intern_count;
	/* Mapped from an image (image.h): the model lives in `image`. */
	void			*image;
	size_t			 image_len;
	int			 image_mapped;	/* 1: munmap, 0: caller's */
};

/*
 * Load and check the rule base in `dir` as of `date` (parameter warnings
 * are relative to it). Returns a model (free with rules_free) or NULL with
 * `err` filled (file, line, column).
 */
struct rules	*rules_load(const char *dir, int32_t date, struct error *err);
void		 rules_free(struct rules *);

/*
 * rules_load through the compiled image (image.h): the image shipped
 * beside the folder (<dir>.img, built by make and installed with the
 * rules), else the user's cache (rules_image_cache_path), if either is a
 * sound image of rules_image_key(dir, salt); else the YAML is loaded and
 * the image written to the cache for the next run (a failure to write
 * it is not an error). The result is the same model either way, with
 * the warnings of `date`. `salt` (may be NULL) names data outside `dir`
 * that the caller wants the image to follow: the local data's version.
 */
struct rules	*rules_load_cached(const char *dir, int32_t date,
		    const char *salt, struct error *err);
/*
 * The same, the image mapped with `flags` (image.h): IMAGE_LAZY maps it
 * as it is read, for a program that runs long and reads it over time
 * (the full-screen interface), instead of populated at once (a command
 * that evaluates and ends).
 */
struct rules	*rules_load_cached_flags(const char *dir, int32_t date,
		    const char *salt, int flags, struct error *err);
/*
 * The key of an image of `dir`: a hash of the program (its build id and
 * version), `salt`, and the name, size and content of every rule file
 * the loader reads. 0 when one of them cannot be read.
 */
uint64_t	 rules_image_key(const char *dir, const char *salt);
/*
 * The cache file of the image of `dir`: $XDG_CACHE_HOME/aiguillage, else
 * ~/.cache/aiguillage (created, private, but never a missing $HOME),
 * rules-<hash of the folder's real path>.img. NULL when neither variable
 * is set. Caller frees.
 */
char		*rules_image_cache_path(const char *dir);

/* The canonical copy of `s` (arena-owned), equal strings share it. */
const char	*rules_intern(struct rules *, const char *s);

/*
 * Compile an expression against a loaded rule base (tests, fuzzers):
 * expr_compile() with the rule base's names, and its compiled form
 * (enode.h), as a root of the rule base. Nodes live in its arena.
 */
struct expr	*rules_compile(struct rules *, const char *src,
		    const char *file, int line, int col, enum xtype want,
		    struct error *err);
/*
 * Call `fn` for every situation variable (index) that `e` reads, directly
 * or through derived variables (not through other schemes).
 */
void	rules_vars_read(const struct rules *, const struct expr *e,
	    void (*fn)(void *arg, int var), void *arg);

int	rules_var_index(const struct rules *, const char *id);
int	rules_derived_index(const struct rules *, const char *id);
int	rules_param_index(const struct rules *, const char *name);
/* National scheme with this id, or -1. */
int	rules_scheme_index(const struct rules *, const char *id);
const struct document	*rules_document(const struct rules *, const char *id);
const struct service_kind *rules_kind(const struct rules *, const char *id);
const char *const *scheme_services(const struct scheme *, int variant,
	    int *n);
const char *const *scheme_documents(const struct scheme *, int variant,
	    int *n);
/*
 * The heading of domain `id` (a folder of rules/schemes) as written in
 * orientation.yaml "domains" (localised with the rule base); `id`
 * itself when it has none. Borrowed from the rule base.
 */
const char	*rules_domain_label(const struct rules *, const char *id);
/* Value of a parameter at `date`; -1 if it has none. */
int	param_at(const struct param *, int32_t date, num_t *out);

const char	*route_kind_name(enum route_kind);

#endif
