/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * territory.h - communes of France, the service directory, sectors.
 *
 * territory_load() reads rules/territory/communes.tsv (every commune, see
 * doc/territory.md §1), rules/services/kinds.yaml, the directory files
 * rules/services/<file>.yaml (data·inclusion v1 field names) and the imported
 * sectorisations rules/territory/sectors/<dept>.yaml. Everything lives in
 * one arena and is immutable afterwards, so searches may run from any
 * front end (screen, plain mode, CLI, benchmark) without locking.
 *
 * Commune search follows doc/territory.md §2: folded, accent-, case-,
 * hyphen- and apostrophe-insensitive, st/ste as saint/sainte, postal codes,
 * a trailing department code as filter, ranked in tiers. Folded keys,
 * the ranking order and a search index (the communes of each pair of
 * initial letters, the answers to one-letter queries) are computed when
 * the table loads (on the first search), or mapped with the table from
 * the commune index (commune_index.c), so a search scans only the
 * communes that can match, in ranking order.
 *
 * Office lookup follows doc/territory.md §3 "How orientation uses the
 * directory". No function here prints or exits.
 */
#ifndef TERRITORY_H
#define TERRITORY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "xmalloc.h"
#include "ydoc.h"

enum commune_type {
	COMMUNE_CURRENT,	/* "commune": a current commune */
	COMMUNE_ARRONDISSEMENT,
	COMMUNE_DELEGUEE,
	COMMUNE_ASSOCIEE
};

struct commune {
	const char		*insee;		/* "32013", "2A004" */
	const char		*name;		/* official name, UTF-8 */
	const char		*dep;		/* "32", "2A", "974" */
	const char		*postcodes;	/* "30000,30900"; may be "" */
	const char		*epci;		/* may be "" */
	const char		*parent;	/* "" for current communes */
	enum commune_type	 type;
	int			 population;	/* 0 when unknown */
	/* Search keys (doc/territory.md §2 step 1). */
	const char		*key;		/* "l isle jourdain" */
	const char		*compact;	/* "lislejourdain" */
	unsigned short		 art;		/* offset of the article-less form in key (0: none) */
	unsigned short		 art_compact;	/* same in compact */
	int			 rank;		/* position in the ranking order */
};

enum verif_status { VERIF_TO_VERIFY, VERIF_VERIFIED };

/* x_verification of a structure or a service. */
struct verification {
	enum verif_status	 status;
	const char		*source;	/* NULL when none is citable */
	const char		*source_date;	/* date_source as found, or NULL */
	const char		*checked_on;	/* "YYYY-MM-DD" or NULL */
	const char		*note;		/* or NULL */
};

enum structure_state { STRUCT_OPEN, STRUCT_PLANNED, STRUCT_TO_CONFIRM };

struct structure {
	const char		*id, *name, *description;
	const char		*address, *address_more, *postcode;
	const char		*insee, *town;
	const char		*phone, *email, *website, *hours, *hours_text;
	const char		*phone_hours;
	int			 walk_in;	/* -1 unknown, 0, 1 */
	enum structure_state	 state;
	struct verification	 verif;
	const char		*dep;		/* NULL for national.yaml */
	const char		*file;		/* the directory file */
	const struct ynode	*node;		/* for the export */
};

struct sector {
	const char	*id;
	const char	*dep;
	const char	**communes;	/* INSEE codes of current communes */
	int		 ncommunes;
	int		 imported;	/* from rules/territory/sectors/ */
	int		 partial;	/* an office's declared competence
					   (annuaire import): the kind's
					   sectors need not cover the
					   department */
};

struct service {
	const char		*id, *name, *description;
	const char		*kind;		/* x_kind, an id of kinds.yaml */
	const struct structure	*structure;
	const char		*phone;		/* falls back to the structure's */
	const char		*hours;		/* idem */
	const char		*link;		/* lien_mobilisation */
	int			 urgent;	/* x_urgence */
	const struct sector	*sector;	/* NULL: no sector known */
	struct verification	 verif;
	const char		*dep;		/* NULL for national.yaml */
	const char		*file;
	const struct ynode	*node;		/* for the export */
};

struct territory_kind {
	const char	*id, *name;
	int		 sectorised, line;
	/* type_service_local codes of the DILA annuaire for this kind */
	const char	**annuaire;
	int		 nannuaire;
	int		 departmental;	/* run by the department: its general
					   contact stands in for a sector */
	int		 communal;	/* serves its commune (or, a CIAS,
					   its EPCI) only: an office elsewhere
					   is never proposed */
	int		 nearest_max_km;	/* departmental: farther than
					   this, the nearest office comes
					   after the general contact (0:
					   never) */
};

/* One directory file (a department or national.yaml). */
struct directory_file {
	const char		*path;
	const char		*source;	/* meta.source */
	const char		*dep;		/* NULL for national.yaml */
	const char		*cog;
	const struct service	*contact;	/* meta.contact_general */
	int			 local;		/* from the local data directory */
	int			 annuaire;	/* meta.origine: annuaire */
	struct ydoc		 doc;
};

struct territory {
	struct arena		 arena;
	const char		*dir;		/* the rules directory */
	const char		*local_dir;	/* local data, or NULL */
	/* The commune table: empty until territory_communes_load() (or a
	   search, a check, an import) has loaded it. */
	char			*tsv;		/* communes.tsv, parsed in place */
	struct commune		*communes;	/* file order: insee, then type */
	int			 ncommunes;
	int			*order;		/* commune indices, best rank first */
	const char		**deps;		/* department codes, sorted */
	int			 ndeps;
	struct territory_kind	*kinds;
	int			 nkinds;
	struct directory_file	*files;
	int			 nfiles;
	struct structure	*structures;
	int			 nstructures;
	struct service		*services;
	int			 nservices;
	struct sector		*sectors;
	int			 nsectors;
};

/*
 * Load the territory from `rules_dir`. Returns a territory (free with
 * territory_free) or NULL with `err` filled (file, line, column): a
 * malformed communes.tsv, directory or sectors file is an invalid rule base.
 */
struct territory	*territory_load(const char *rules_dir, struct error *err);
/*
 * The same, layered with the local data of `local_dir` (NULL: none): the
 * sectorisations <local_dir>/sectors/<dept>.yaml written by `territory
 * import`, applied after the shipped ones (rules/territory/sectors/), so
 * that for the kinds they list they win. A missing directory is no local
 * data. The local directory lives outside the package (doc/territory.md
 * §4): the shipped files are never written.
 */
struct territory	*territory_load_layered(const char *rules_dir,
			    const char *local_dir, struct error *err);
/*
 * territory_load_layered() through the image of the directory
 * (territory_image.c): the image shipped beside the rules
 * (territory_image_shipped), else the user's cache
 * ($XDG_CACHE_HOME/aiguillage/territory-<hash>.img), if either is a sound
 * image of territory_image_key(rules_dir, local_dir); else the YAML is
 * loaded and the image written to the cache for the next run (a failure
 * to write it is no error). A mapped territory is the same as a loaded
 * one, but for the YAML trees (the `node` of structures and services is
 * NULL; territory_export_json reads the files again).
 */
struct territory	*territory_load_cached(const char *rules_dir,
			    const char *local_dir, struct error *err);
/*
 * The key of a territory image: a hash of the program (build id and
 * version) and of the name, size and content of every file under
 * <rules_dir>/services, <rules_dir>/territory/sectors and the local
 * data's services/ and sectors/. 0 when a file cannot be read.
 */
uint64_t	territory_image_key(const char *rules_dir, const char *local_dir);
/* "<rules_dir>.territory.img", built by make beside rules.img. Caller
 * frees. */
char	*territory_image_shipped(const char *rules_dir);
/* True if `t` is mapped from an image. */
int	territory_is_mapped(const struct territory *t);
/*
 * The local data directory: $AIGUILLAGE_LOCAL_DIR; else, installed, the
 * state directory <localstatedir>/lib/aiguillage when it exists; else
 * $XDG_DATA_HOME/aiguillage, else ~/.local/share/aiguillage. Caller frees.
 */
char	*territory_local_default(void);
/*
 * A hash of the local data in `local_dir` (every *.yaml file of its
 * sectors/ and services/ folders, names and contents), as 16 hex digits
 * in `out`, or "" when there is none. The rules version of every result and stored case
 * mixes it in (rules version + local data). Returns 0, or -1 with `err`
 * filled when a file cannot be read.
 */
int	territory_local_version(const char *local_dir, char out[17],
	    struct error *err);
/*
 * Mix the territory data into a rules version (16 hex digits, rewritten
 * in place): the shipped services/ and territory/ folders of `rules_dir`
 * (directory, sectors, communes, their centres: names and contents) and
 * the local data of territory_local_default(), so that a result's version
 * changes with any of them. Returns 0, or -1 with `err` filled (version
 * unchanged).
 */
int	territory_version_mix(const char *rules_dir, char version[17],
	    struct error *err);
/*
 * The version of the local data of territory_local_default(), for the
 * key of the rule image (rules_load_cached), which then follows it as
 * the rules version does: "" without local data or when it cannot be
 * read (territory_version_mix says why). A static buffer.
 */
const char	*territory_local_salt(void);
void			 territory_free(struct territory *);
/*
 * Load the whole commune table (communes, ncommunes, order, deps, ndeps of
 * the territory) if it is not loaded yet. territory_load() leaves it for
 * the first command that needs it: searches, territory_check() and
 * imports load it themselves; territory_commune*() find one row by code
 * in microseconds without it. Returns 0, or -1 with `err` filled (if not
 * NULL) when communes.tsv cannot be read or is malformed; the table then
 * stays empty and every later call says the same.
 */
int	territory_communes_load(const struct territory *, struct error *err);

/*
 * Fold `s` for searching (doc/territory.md §2 step 1): NFKD, accents
 * dropped, lower case, œ→oe, æ→ae, ß→ss, anything not a-z0-9 → one space,
 * trimmed, st/ste/sts/stes → saint/sainte/saints/saintes. Invalid UTF-8
 * counts as a separator. Writes at most size-1 bytes and a NUL into `out`;
 * returns the folded length.
 */
size_t	territory_fold(const char *s, char *out, size_t size);

/*
 * Search communes for `query` (a name, a postal code, an INSEE code,
 * optionally followed by a department code). Stores up to `max` results,
 * best first (territory_set_home), in `out` and returns the number of matches in all (which may
 * exceed `max`). 0: nothing matches (or an empty query).
 */
/*
 * The site's department (the configuration's `department`, "41"): among
 * the communes a name search matches equally well, those of this
 * department come first (a one-letter search: all of them first). NULL
 * or "" clears it. A search naming a department is not changed.
 */
void	territory_set_home(struct territory *, const char *dep);
int	territory_search(const struct territory *, const char *query,
	    const struct commune **out, int max);

/* The current commune (or arrondissement) with this INSEE code, or NULL. */
const struct commune	*territory_commune(const struct territory *,
			    const char *insee);
/* Any row with this code and type, or NULL. */
const struct commune	*territory_commune_typed(const struct territory *,
			    const char *insee, enum commune_type);
/*
 * The current commune a search result stands for: itself, or the parent of
 * a commune déléguée/associée or of an arrondissement (which is what
 * sectors and situations use). Never NULL for a loaded row.
 */
const struct commune	*territory_commune_resolve(const struct territory *,
			    const struct commune *);
/*
 * "L'Isle-Jourdain (32)", "Onzain — Veuzain-sur-Loire (41)". Writes a
 * NUL-terminated label into buf.
 */
void	territory_commune_label(const struct territory *,
	    const struct commune *, char *buf, size_t size);
/* Display name of a commune type ("commune déléguée"…), never NULL. */
const char	*territory_commune_type_name(enum commune_type);
/*
 * True if some commune of the table is in department `dep` ("32",
 * "2A", "974"): the departments the program knows.
 */
int	territory_has_department(const struct territory *, const char *dep);
/* (This one and the next may be called by threads at once: they look
   the table up under the territory's lock, without loading it whole.) */
/*
 * Check that `code` is a commune of the table that a person can live in
 * (a current commune or a municipal arrondissement, as territory_commune
 * finds). Returns 0, or -1 with a message for a person in `msg` (a
 * former commune names the commune to use instead).
 */
int	territory_commune_check(const struct territory *, const char *code,
	    char *msg, size_t size);

/* Kind with this id, or NULL. */
const struct territory_kind *territory_kind(const struct territory *,
			    const char *id);
/* Service / structure with this id, or NULL. */
const struct service	*territory_service(const struct territory *,
			    const char *id);
const struct structure	*territory_structure(const struct territory *,
			    const char *id);
/* The directory file of a department ("32"), or NULL. */
const struct directory_file *territory_department(const struct territory *,
			    const char *dep);

/* Directory search: every field set narrows the result. */
struct service_filter {
	const char	*text;		/* folded words, all in name/description */
	const char	*kind;
	const char	*dep;		/* "national" for national.yaml */
	const char	*commune;	/* INSEE: services competent there */
};

/*
 * Services matching `f` in directory order. Stores up to `max` in `out`,
 * returns the number of matches in all.
 */
int	territory_services_find(const struct territory *,
	    const struct service_filter *f, const struct service **out,
	    int max);

/* Why an office is proposed (doc/territory.md §3). */
enum office_why {
	OFFICE_SECTOR,		/* its sector contains the commune */
	OFFICE_DEPARTMENT,	/* an office of the department (kind not sectorised) */
	OFFICE_DEPARTMENT_UNSECTORED,	/* sectorised kind, listed without a sector */
	OFFICE_CONTACT_GENERAL,	/* sector unknown: the department's general contact */
	OFFICE_NEAREST,		/* sector unknown: the nearest office of the
				   kind, not confirmed as competent */
	OFFICE_NATIONAL		/* national number or line */
};

struct office {
	const struct service	*service;
	enum office_why		 why;
	int			 km;	/* OFFICE_NEAREST: distance between
					   the commune centres, rounded;
					   -1 otherwise */
};

/*
 * The office(s) for a person living in commune `insee` (a current commune;
 * a déléguée/associée code resolves to its parent) and service kind
 * `kind`: sector match first; else the department's offices of that kind
 * (not sectorised); else, for a sectorised kind, the department's offices
 * of that kind that no complete sectorisation rules out, nearest first by
 * great-circle distance between commune centres (rules/territory/
 * coords.tsv, read on first need), each OFFICE_NEAREST with its distance,
 * then those whose commune has no known centre, then the department's
 * general contact (which can say which office is competent); else (the
 * person's commune or every such office without a centre) the
 * department's general contact (why says the sector is unknown) plus its
 * unsectored offices of that kind; then the national services of that kind (first for line
 * kinds). Offices whose structure is only planned are skipped. Stores up
 * to `max` offices and returns how many were stored; 0 when nothing is
 * known (unknown commune or kind included).
 */
int	territory_offices(const struct territory *, const char *insee,
	    const char *kind, struct office *out, int max);

/*
 * Which case of doc/territory.md §3 a list of offices (as returned by
 * territory_offices) stands for, so that every plan says it:
 * ROUTING_SECTOR an office whose sector holds the commune;
 * ROUTING_DEPARTMENT offices of the department, the kind not being
 * sectorised; ROUTING_CONTACT the competent office is not known, the
 * department's general contact comes first (any office listed after it is
 * not confirmed as competent); ROUTING_NEAREST no office is known to be
 * competent, the nearest ones by distance come first (not confirmed);
 * ROUTING_NOT_CONFIRMED offices of the department none of which is
 * confirmed as competent for the commune; ROUTING_NATIONAL national
 * numbers only; ROUTING_NONE nothing.
 */
enum office_routing {
	ROUTING_NONE,
	ROUTING_SECTOR,
	ROUTING_DEPARTMENT,
	ROUTING_NEAREST,
	ROUTING_CONTACT,
	ROUTING_NOT_CONFIRMED,
	ROUTING_NATIONAL
};

enum office_routing	territory_routing(const struct office *, int n);
/* Its JSON name: "sector", "department", "contact_general"… */
const char	*territory_routing_id(enum office_routing);

/* Human-readable reason of an office ("secteur", "numéro national"…). */
const char	*territory_office_why_name(enum office_why);

/*
 * A phone number for display: "+33562674040" → "05 62 67 40 40",
 * "0800323130" → "0 800 32 31 30", short numbers unchanged.
 */
void	territory_phone_format(const char *phone, char *buf, size_t size);
/*
 * The opening hours of service `s` as every screen and paper shows them:
 * its own (or its structure's, OSM syntax), else its structure's hours in
 * words (x_horaires_texte); NULL when none is known.
 */
const char	*territory_service_hours(const struct service *s);
/* The phone of service `s`, else its structure's; NULL when neither has
   one. */
const char	*territory_service_phone(const struct service *s);
/*
 * The name office `o` is shown by: its structure's ("Conseil
 * départemental du Gers"), or the service's own when it is the
 * department's general contact, a line to call more than a place
 * ("Numéro vert social « Gers Solidaire »", not the GIP that runs it).
 */
const char	*territory_office_name(const struct office *o);
/*
 * How to reach service `s` when it has no phone: its link to apply
 * (lien_mobilisation), else its structure's website; NULL when it has a
 * phone or neither. Every screen and paper shows it under the office.
 */
const char	*territory_service_web(const struct service *s);

/*
 * Sector consistency for `aiguillage check`: for each department and each
 * sectorised kind that has sectors, every current commune of the
 * department must be in exactly one sector; sector communes must be
 * current communes of the department. Returns the number of problems and
 * sets *warnings to a malloc'ed text, one problem per line (NULL when
 * none). Caller frees.
 */
int	territory_check(const struct territory *, char **warnings);

/*
 * What the directory holds for one department (`aiguillage check` of a
 * site whose configuration names its department): its offices (services
 * of the department's directory files, planned structures aside) and how
 * many are verified; the sectorised kinds (kinds.yaml) of which it has
 * offices but no sector (the plan then gives the nearest ones, not
 * confirmed as competent) and those of which it has no office at all.
 * The kinds are ids of kinds.yaml, at most DEP_COVER_KINDS of each.
 * Returns 0, or -1 when `dep` is not a department of the commune table.
 */
#define DEP_COVER_KINDS	32
struct department_cover {
	int		 directory;	/* a directory file of the department */
	int		 offices, verified;
	const char	*unsectored[DEP_COVER_KINDS];
	int		 nunsectored;
	const char	*missing[DEP_COVER_KINDS];
	int		 nmissing;
};
int	territory_department_cover(const struct territory *, const char *dep,
	    struct department_cover *);
/*
 * The same, kept in the user's cache (check-<hash>.img beside the
 * images) under a key of everything it depends on: the program, the
 * folders, the language and every file of the directory, the sectors,
 * the commune table and the centres, shipped and local (territory.c,
 * check_key). A later run with nothing changed reads the result instead
 * of mapping the 37,500 communes; any change computes it again.
 */
int	territory_check_cached(const struct territory *, char **warnings);

/* territory_export_json flags */
#define EXPORT_VERIFIED_ONLY	0x1	/* leave out what is to verify */

/*
 * Write the directory as data·inclusion v1 JSON ({"structures": […],
 * "services": […]}), honestly (doc/territory.md §6): ids as
 * "source--id"; x_* keys dropped but x_verification and x_statut, which
 * say what is to verify; structures not open (x_statut prevue or
 * a_confirmer) and their services left out; zone_eligibilite from the
 * sector's INSEE codes when a service has one, null for a sectorised kind
 * whose sector is not known, the record's own value otherwise; date_maj
 * from x_verification.date_source when it is a full date. With
 * EXPORT_VERIFIED_ONLY, records to verify (and the services of a
 * structure to verify) are left out. Returns a malloc'ed NUL-terminated
 * string. Caller frees. A territory mapped from an image reads its
 * directory files again (the records' YAML is not in the image): NULL
 * when they no longer load.
 */
char	*territory_export_json(const struct territory *, int flags);

/* Problems of an import kept with their message; the rest are counted
 * (a 4 MiB file of wrong rows has 740,000). */
#define IMPORT_MAX_LISTED	1000

/* One problem found while validating an import file. */
struct import_problem {
	int	 line;		/* 1-based line of the CSV; 0: whole file */
	char	*msg;
};

/* A validated sectorisation, ready to be written. */
struct import_result {
	const char		*dep;		/* department of the offices */
	struct import_problem	*problems;	/* the first nlisted */
	int			 nproblems;	/* all of them */
	int			 nlisted;	/* at most IMPORT_MAX_LISTED */
	/* kinds present in the file, and per kind the counts */
	const char		**kinds;
	int			*kind_communes, *kind_offices;
	int			 nkinds;
	/* rows: commune, office (valid rows only) */
	const char		**row_commune;
	const struct service	**row_office;
	int			 nrows;
};

/*
 * Read and validate the CSV `path` (header "commune,office", see
 * doc/territory.md §4). Every problem is recorded in res->problems with
 * its line. Returns 0 when the file could be read (check res->nproblems),
 * -1 with `err` filled when it cannot be read or has no valid header.
 * Release `res` with territory_import_release in both cases.
 */
int	territory_import_check(const struct territory *, const char *path,
	    struct import_result *res, struct error *err);
void	territory_import_release(struct import_result *);

/*
 * Write a clean import (res->nproblems == 0) as
 * <local_dir>/sectors/<dep>.yaml (the territory's local directory, created
 * if needed; <rules_dir>/territory/sectors/ when it has none): the kinds
 * in the file replace those of an earlier import, other kinds are kept.
 * Atomic (temporary file, fsync, rename). Returns 0, or -1 with `err`
 * filled; `written` (if not NULL) receives the path, malloc'ed, caller
 * frees.
 */
int	territory_import_write(const struct territory *,
	    const struct import_result *, const char *source_name,
	    char **written, struct error *err);

/*
 * Write `text` as <local_dir>/<subdir>/<name> (directories created if
 * needed), atomically (temporary file, fsync, rename). A territory
 * without a local directory is refused: the shipped rule base is never
 * written. Returns 0, or -1 with `err` filled; `written` (if not NULL)
 * receives the path, malloc'ed, caller frees.
 */
int	territory_local_write(const struct territory *, const char *subdir,
	    const char *name, const char *text, char **written,
	    struct error *err);

#endif
