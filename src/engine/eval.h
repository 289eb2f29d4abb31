/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eval.h - evaluate the rule base for one situation.
 *
 * For every scheme: a verdict (likely / to_check / unlikely), its variant,
 * its amount when computable, the value of each condition (the "why") and
 * the unanswered variables that would settle it. Then the urgencies, one
 * ordered orientation plan, the merged documents and the next questions
 * worth asking. Evaluation is three-valued (Kleene): see doc/rules.md.
 *
 * An evaluator holds reusable scratch memory; evaluate many situations
 * with one evaluator (eval_run), the result stays valid until the next run.
 */
#ifndef EVAL_H
#define EVAL_H

#include "rules.h"
#include "situation.h"
#include "territory.h"

#define PLAN_MAX_OFFICES	4

enum verdict { VERDICT_UNLIKELY, VERDICT_TO_CHECK, VERDICT_LIKELY };

/*
 * Why a question is worth asking, most important first (rules/
 * interview.yaml): it can change an urgency, the orientation plan (the
 * commune and the reason for the visit count as such until answered), a
 * scheme of the reasons given, a right everyone may miss, or something
 * else. The orientation depth asks up to ASK_REASON.
 */
enum ask_class { ASK_URGENCY, ASK_ORIENTATION, ASK_REASON, ASK_KEY_RIGHT,
	ASK_OTHER };

struct scheme_result {
	const struct scheme	*def;		/* effective (departmental) */
	enum verdict		 verdict;
	int			 variant;	/* index in def->variants, -1 */
	int			 has_amount;
	/* The amount reads a value not confirmed at the date (struct
	   param's unconfirmed_from). */
	int			 unconfirmed;
	num_t			 amount;
	int			 non_take_up;
	int			 received;	/* received_if holds: in no
						   step of the plan */
	int			 warned;	/* warnings touching what it
						   reads: likely is lowered */
	int			 by_to_check_if; /* every condition holds,
						   to_check_if (true or
						   unknown) lowers it */
	signed char		*conds;		/* 1 true, 0 false, -1 unknown */
	num_t			*counted;	/* def->counted values, when */
	signed char		*counted_known;	/* known (not unlikely) */
	struct varset		 miss;		/* would settle the verdict */
	struct varset		 open;		/* could still change an output */
	struct varset		 settle;	/* part of open: the verdict */
	struct varset		 amiss;		/* no amount: the answers it
						   waits for, unanswered or
						   "don't know" */
	struct varset		 undoc;		/* part of miss: what the
						   undecided conditions read
						   that no answer from
						   documents decides */
	int			 state;		/* internal */
	unsigned		 gen;		/* internal */
};

/*
 * Answers that contradict each other: never resolved silently. Either an
 * answer given to a question whose implied_if holds that differs from its
 * `implied` value (check -1, var the question), or a consistency check of
 * rules/consistency.yaml whose `when` holds (var -1). Every scheme that
 * reads one of `vars` is at most to_check.
 */
struct warning {
	int		 check;		/* index in rules->checks, or -1 */
	int		 var;		/* the question, or -1 */
	struct varset	 vars;		/* the questions involved */
	struct value	 given;		/* the question's answer (var >= 0) */
	struct value	 implied;	/* what the others imply (var >= 0) */
};

struct urgency_result {
	int		 active;	/* 1 yes, 0 no, -1 unknown */
	char		 priority[3];	/* "P0".."P3" when active */
};

struct plan_step {
	const char	*service;	/* a service kind, or "referent" */
	const char	*title;
	const char	*why;
	int		*schemes;	/* national scheme indexes */
	int		 nschemes;
	const char	*urgency;	/* urgency id for emergency steps */
	int		 prereq;	/* a prerequisite step */
	int		 global;	/* the one MDS appointment (or the
					   référent) for the whole situation */
	int		 assisted;	/* help to file (France services…) */
	struct office	 offices[PLAN_MAX_OFFICES];	/* for the commune */
	int		 noffices;
};

struct result {
	int32_t			 date;
	uint32_t		 reasons;	/* the reasons given for the visit
						   (bit k: option k of
						   interview.yaml's question) */
	struct scheme_result	*schemes;	/* rules->nnational */
	struct urgency_result	*urgencies;	/* rules->nurgencies */
	int			*urgency_order;	/* active ones, most urgent first */
	int			 nurgency_order;
	struct plan_step	*plan;
	int			 nplan;
	const char		**documents;	/* document ids */
	int			 ndocuments;
	struct warning		*warnings;	/* implied ones first (question
						   order), then the checks */
	int			 nwarnings;
	int			*next;		/* var indexes, in asking order */
	int			 nnext;
	/* For each of next[]: what it can change first (enum ask_class);
	   next[] is sorted by class, then by how many schemes it can
	   change (most first), then in declared order. */
	signed char		*next_class;
	int			*next_weight;	/* internal */
	int			 norientation;	/* next[0..norientation) are
						   of class ASK_REASON or less
						   (ordered: eval_set_order) */
	struct varset		 open;		/* every variable still useful */
	struct varset		 open_urgencies; /* part of open: urgencies */
	struct varset		 open_orientation; /* part: the plan */
	struct varset		 open_warnings;	/* part: contradictions */
	struct varset		 open_urgencies_full; /* part: an urgency
						   the full check settles */
	struct varset		 open_plan;	/* part: a step of the plan the
						   full check settles (a
						   prerequisite, the MDS,
						   a partner's help) */
	int			*asked_for;	/* rules->nvars: for a question
						   open only because the
						   ask_if of open question
						   k reads it, k; else -1 */
	const char		*commune;	/* INSEE code, NULL if unknown */
	const char		*department;	/* code, NULL if unknown */
	int			 in_directory;	/* the department has offices
						   in the directory */
	int			 night;		/* outside office hours, with
						   a P0/P1 urgency */
};

struct evaluator;

struct evaluator	*eval_new(const struct rules *);
void			 eval_free(struct evaluator *);
/*
 * With a territory, every plan step lists the competent offices for the
 * person's commune (sector, department, general contact or national
 * line). Borrowed: it must outlive the evaluator.
 */
void			 eval_set_territory(struct evaluator *,
			    const struct territory *);
/*
 * Order the next questions by what they settle (enum ask_class; the
 * interview turns it on), or `on` 0: in declared order, and the reason for
 * the visit is not asked (the full-screen interview until its key scripts
 * follow, issue 14).
 */
void			 eval_set_order(struct evaluator *, int on);
/*
 * The wall clock of a live interview: `weekday` 1 (Monday) to 7, `minute`
 * since midnight. Outside the office hours of rules/orientation.yaml, a
 * P0/P1 urgency adds the 24/7 lines to the plan. Without a clock (batch
 * evaluation, replay, tests) results never depend on the time.
 */
void			 eval_set_clock(struct evaluator *, int weekday,
			    int minute);
/* The clock of now, in local time, for eval_set_clock. */
void			 eval_clock_now(int *weekday, int *minute);

/*
 * Evaluate `sit` at `date` (its `date` answer wins when given). Answers to
 * questions whose ask_if does not hold are ignored, exactly as the
 * interview would never have asked them. A question whose implied_if
 * holds takes its implied value only when it has no answer: an answer
 * given is kept, and one that differs is a warning, like the checks of
 * rules/consistency.yaml (res->warnings). The result belongs to the
 * evaluator. Never fails: unknowns make verdicts to_check.
 */
const struct result	*eval_run(struct evaluator *, const struct situation *,
			    int32_t date);

const char	*verdict_name(enum verdict);

/* True when national scheme `i` is listed under a step of the plan;
   `claimed`: under a step other than a prerequisite (which lists the
   rights it serves, not where they are claimed). */
int		 result_in_plan(const struct result *, int i, int claimed);
/* True when service `j` of urgency `u` serves the person: a scheme of the
   urgency left possible is claimed there, or none of its schemes is (a
   line, a hospital's social service); when no service of `u` does, every
   one (the MDPH of a man of 78 leaving hospital: not shown). */
int		 result_urgency_serves(const struct result *,
		    const struct urgency *u, int j);
/* True when warning `w` of `res` touches what scheme `s` reads. */
int		 result_warning_touches(const struct result *, int w,
		    const struct scheme_result *s);
/* The id of warning `w`: the check's, or "implied.<question>". */
const char	*result_warning_id(const struct rules *, const struct result *,
		    int w, char *buf, size_t size);

/*
 * After eval_run: true when `var`'s implied_if held and the situation
 * gave no answer to it (or "don't know"): its value is the question's
 * `implied`, it is not asked. An answer given always wins.
 */
int		 eval_implied(const struct evaluator *, int var);
/*
 * After eval_run: `var` was answered, its implied_if holds, and the
 * answer differs from `implied` (a warning says so).
 */
int		 eval_contradicted(const struct evaluator *, int var);
/*
 * After eval_run: the value `var`'s implied_if implies (its literal
 * `implied`, or the value of its `implied` expression in this situation);
 * meaningful when eval_implied() or eval_contradicted() holds. Belongs to
 * the evaluator, valid until its next run.
 */
const struct value *eval_implied_value(const struct evaluator *, int var);
/* After eval_run: `var` was answered but its ask_if no longer holds. */
int		 eval_not_applicable(const struct evaluator *, int var);

/*
 * True when `var`'s ask_if holds on the answers of `sit` (used by the
 * interview); -1 when it is unknown.
 */
int	eval_ask_if(struct evaluator *, const struct situation *, int var,
	    int32_t date);

/*
 * The same for field `field` of item `item` of list `var` (item -1: a
 * record variable): its ask_if sees the item's other fields.
 */
int	eval_field_ask_if(struct evaluator *, const struct situation *,
	    int var, int item, int field, int32_t date);

/*
 * Which options of question `var` are offered on the answers of `sit`:
 * shown[i] is 0 only when option i's show_if is false (unknown offers
 * it). Returns how many are offered.
 */
int	eval_options_shown(struct evaluator *, const struct situation *,
	    int var, int32_t date, unsigned char *shown);

#endif
