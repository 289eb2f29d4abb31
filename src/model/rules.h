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
#include "value.h"
#include "xmalloc.h"

/* Bitset over situation variables (the questions). */
#define RULES_MAX_VARS	256
struct varset {
	uint64_t	w[RULES_MAX_VARS / 64];
};

enum qtype {
	Q_BOOL, Q_INT, Q_MONEY, Q_ENUM, Q_SET, Q_STRING, Q_DATE, Q_COMMUNE,
	Q_DEPARTMENT, Q_RECORD, Q_LIST
};

struct var_option {
	const char	*value;
	const char	*label;
};

/* A situation variable, defined by its question. Also used for fields. */
struct var {
	const char	*id;
	int		 index;		/* in rules->vars; field index for fields */
	enum qtype	 qt;
	struct type	 type;
	const char	*text, *text_third, *help, *group;
	struct var_option *opts;
	int		 nopts;
	int		 has_min, has_max;
	num_t		 min, max;
	const char	*ask_if_src;
	struct expr	*ask_if;	/* NULL: always */
	/* implied_if holds: the answer is `implied`, never asked. */
	const char	*implied_if_src;
	struct expr	*implied_if;
	struct value	 implied;
	struct varset	*implied_reads;	/* the questions implied_if reads */
	int		 sensitive;
	int		 ask;		/* 0: set from context, never asked */
	struct var	*fields;	/* Q_RECORD, Q_LIST */
	int		 nfields;
	const char	*file;
	int		 line, col;
};

struct derived {
	const char	*id;
	const char	*text;
	const char	*src;
	struct expr	*expr;
	int		 state;		/* compile: 0 new, 1 busy, 2 done */
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
};

struct incompat {
	const char	*scheme;
	const char	*note;
};

struct source {
	const char	*title;
	const char	*url;
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
	struct variant		*variants;
	int			 nvariants;
	struct expr		*amount;
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
};

struct document {
	const char	*id, *label, *help;
};

/* rules/glossary.yaml: an acronym a text may use, and what it stands for. */
struct gloss {
	const char	*acronym, *expansion, *source;
};

struct service_kind {
	const char	*id, *name;
	int		 sectorised, line;
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
	const char		**night_lines;
	int			 nnight_lines;
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
	/* Warnings found while loading (stale parameters, texts that break
	   the house's French typography or plain-language rules…), one per
	   line. */
	char			*warnings;
	int			 nwarnings;
	/* Interned strings: open addressing, power-of-two size. */
	const char		**intern;
	unsigned		 intern_size, intern_count;
	/* While compiling: where-item record scopes. */
	const struct var	*scope[8];
	int			 nscope;
	const struct var	*compile_scope;
};

/*
 * Load and check the rule base in `dir` as of `date` (parameter warnings
 * are relative to it). Returns a model (free with rules_free) or NULL with
 * `err` filled (file, line, column).
 */
struct rules	*rules_load(const char *dir, int32_t date, struct error *err);
void		 rules_free(struct rules *);

/* The canonical copy of `s` (arena-owned), equal strings share it. */
const char	*rules_intern(struct rules *, const char *s);

int	rules_var_index(const struct rules *, const char *id);
int	rules_derived_index(const struct rules *, const char *id);
int	rules_param_index(const struct rules *, const char *name);
/* National scheme with this id, or -1. */
int	rules_scheme_index(const struct rules *, const char *id);
const struct document	*rules_document(const struct rules *, const char *id);
const struct service_kind *rules_kind(const struct rules *, const char *id);
/*
 * The heading of domain `id` (a folder of rules/schemes) as written in
 * orientation.yaml "domains" (localised with the rule base); `id`
 * itself when it has none. Borrowed from the rule base.
 */
const char	*rules_domain_label(const struct rules *, const char *id);
/* Index of `value` among a var's options, or -1. */
int	var_option(const struct var *, const char *value);
/* Value of a parameter at `date`; -1 if it has none. */
int	param_at(const struct param *, int32_t date, num_t *out);

const char	*route_kind_name(enum route_kind);

static inline void
varset_add(struct varset *s, int i)
{
	s->w[i >> 6] |= UINT64_C(1) << (i & 63);
}

static inline int
varset_has(const struct varset *s, int i)
{
	return (s->w[i >> 6] >> (i & 63)) & 1;
}

static inline void
varset_union(struct varset *d, const struct varset *s)
{
	unsigned i;

	for (i = 0; i < RULES_MAX_VARS / 64; i++)
		d->w[i] |= s->w[i];
}

#endif
