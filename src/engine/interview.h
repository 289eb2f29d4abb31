/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * interview.h - the adaptive interview: which question next, answers,
 * back and edit.
 *
 * The next question is one whose ask_if holds, that is not answered yet,
 * and whose answer can still change an undecided outcome (an urgency, a
 * verdict, a variant, an amount, a non-take-up flag or a plan step): the
 * evaluator tracks which unanswered variables each undecided outcome
 * depends on. A question no outcome depends on is never asked. Among them,
 * the one that settles the most (eval.h, enum ask_class): an urgency the
 * screening answers point to (the urgency's ask_if), the plan, the
 * verdicts of the schemes of the reasons for the visit, a right everyone
 * may miss, the rest; then the most undecided verdicts; then declared
 * order. Answers from documents (interview.yaml from_documents) wait for
 * the full check. Front ends (plain mode, the TUI, replay) are thin
 * layers over this.
 *
 * No inference from the store (doc/privacy.md): the store holds only the
 * *disclosed* answers, those a blind interview asks for: one that sees no
 * sensitive answer (every sensitive question counts as answered "don't
 * know") and no answer it did not ask for itself. The blind choice comes
 * from the disclosed answers alone, so what is stored, and in which
 * order, is the same whatever the sensitive answers were. The agent
 * still gets every question the full evaluation needs: sensitive ones
 * (never stored) and the ones a sensitive answer makes useful (kept on
 * screen, stored only if the blind interview asks for them later).
 * it->res, what the agent and the person see, uses every answer.
 */
#ifndef INTERVIEW_H
#define INTERVIEW_H

#include "eval.h"
#include "situation.h"

/*
 * How far the interview goes: the orientation (urgencies, the plan and
 * the schemes of the reasons for the visit, rules/interview.yaml) or the
 * full check of every right. The agent can go on from the first to the
 * second: the answers stay.
 */
enum depth { DEPTH_FULL, DEPTH_ORIENTATION };

struct interview {
	const struct rules	*rules;
	struct situation	 sit;
	struct evaluator	*ev;
	int32_t			 date;
	int			*history;	/* answered vars, in order */
	int			 nhistory;
	const struct result	*res;		/* after the last change */
	/* The choice of non-sensitive questions, blind to sensitive
	 * answers (interview.c, choose). */
	struct situation	 blind;
	int			*choice;	/* next questions, in order */
	int			 nchoice;
	int			 norientation;	/* orientation questions left */
	int			 remaining;	/* questions left at this depth */
	int			 bnext;		/* the blind choice, or -1 */
	/*
	 * The disclosed answers: those the blind choice asked for, the only
	 * ones a front end may store (in dorder's order; version[var]
	 * changes with each change of a disclosed answer, so a front end
	 * knows what to write again).
	 */
	unsigned char		*disclosed;
	int			*dorder;
	int			 ndorder;
	unsigned		*version;
	int			 respondent_var;
	enum depth		 depth;		/* DEPTH_FULL by default */
};

struct interview	*interview_new(const struct rules *, int32_t date);
void			 interview_free(struct interview *);

/*
 * Re-evaluate and return the next question's variable index, or -1 when
 * nothing left can change the result (non-sensitive questions chosen with
 * the sensitive answers unknown). it->res is then current, with every
 * answer.
 */
int	interview_next(struct interview *);

/*
 * True when the orientation is settled (nothing of class ASK_REASON or
 * less is left to ask), after interview_next.
 */
int	interview_oriented(const struct interview *);

/* "orientation" or "full"; parse one (-1 if neither). */
const char	*depth_name(enum depth);
int		 depth_parse(const char *, enum depth *);

/* Parse and record an answer (see situation_parse_answer). */
int	interview_answer(struct interview *, int var, const char *text,
	    struct error *);
/* Record "don't know". */
void	interview_dont_know(struct interview *, int var);
/* Record a value already built in it->sit (lists, records, replay). */
void	interview_answered(struct interview *, int var);
/* Mark the answer to `var` disclosed (an answer read back from the store
 * when a case is resumed). Sensitive variables are never disclosed. */
void	interview_disclose(struct interview *, int var);

/*
 * Go back: forget the last answer and return its variable (to ask it
 * again), or -1 at the start.
 */
int	interview_back(struct interview *);
/*
 * Edit: forget the answer to `var` only; other answers stay, and
 * re-evaluation may add or remove later questions.
 */
void	interview_edit(struct interview *, int var);

/* Question text for the respondent (third-party wording when needed). */
const char	*interview_text(const struct interview *, const struct var *);

/* Number of questions still open (an estimate of what is left). */
int	interview_remaining(const struct interview *);

/*
 * What to type for question (or field) `v`, as every front end says it
 * under the answer: a whole number (its range when the rules give one:
 * the GIR, 1 to 6), an amount, a date. NULL for the other types.
 */
const char	*interview_type_hint(const struct var *v, char *buf,
		    size_t size);

/*
 * For the agent, after interview_next: what an answer to `var` can still
 * change ("an urgency, RSA, Prime d'activité and 3 more, the orientation"),
 * in the interface language, into buf.
 */
char	*interview_why(const struct interview *, int var, char *buf,
	    size_t size);

/*
 * The options of enum or set question `var` that its answers so far leave
 * possible (their show_if), and those of `keep` (an answer being changed;
 * NULL: none), in order, into `oidx` (room for `max`): how many, or -1
 * when every option is offered (or the question has more than `max`).
 */
int	interview_offered(struct interview *, int var, const struct value *keep,
	    int *oidx, int max);

/*
 * The labels of the options of `var` not among the `n` rows of `oidx`
 * (interview_offered), joined by ", " into buf.
 */
char	*interview_left_out(const struct interview *, int var,
	    const int *oidx, int n, char *buf, size_t size);

/*
 * One step of a replay from `src`: the variable to take from it next, or
 * -1 when nothing is left (it->res is then current). That is an answer
 * `src` gives to a question whose implied_if holds, when it differs from
 * the implied value (as if the agent had edited the deduced value; the
 * first in question order), else the next question (interview_next).
 */
int	interview_replay_next(struct interview *, const struct situation *src);

/*
 * Replay: answer every question the interview asks from `src` (unknown
 * when `src` does not answer it) until nothing is left to ask, and take
 * the answers `src` gives to implied questions (interview_replay_next).
 * The variables taken are stored in it->history, in order. Values are
 * shared with `src`, which must outlive the interview.
 */
void	interview_replay(struct interview *, const struct situation *src);

#endif
