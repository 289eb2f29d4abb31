/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.h - the result of an evaluation, written out.
 *
 * report_json writes the object of SPEC §7 on one line (JSON Lines when
 * several situations are evaluated); report_text a plain-text reading for
 * people (plain mode, `eval` without --json). No curses here.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "eval.h"
#include "json.h"

/*
 * `asked` (may be NULL) adds "asked": [ids] for replayed interviews.
 * Written by the streaming writer of json.h: nothing is built in memory.
 * Returns 0, or -1 if the writer refused a call (a bug: never valid
 * JSON then).
 */
int	report_json(FILE *, const struct rules *, const struct result *,
	    const int *asked, int nasked);
/*
 * The compact line of `eval --compact` (README, "JSON Lines"): the same
 * results as report_json, by id, without the rule base's texts (names,
 * reasons' sentences, titles, office addresses: report_json has them).
 * What every line repeats, the ids of the rule base, is quoted once
 * (json_atom) by report_compact_new, for all the results of a command.
 * Read only once made: threads may share it. The rule base must outlive
 * it.
 */
struct report_compact;
struct report_compact	*report_compact_new(const struct rules *);
void	report_compact_free(struct report_compact *);
int	report_json_compact(FILE *, const struct report_compact *,
	    const struct result *);
/* The same, its bytes handed to `put` (a json_writer's, json.h). */
int	report_json_compact_with(const struct report_compact *,
	    void (*put)(void *ctx, const char *bytes, size_t n), void *ctx,
	    const struct result *);
/* detail: also how each amount is computed (its rule's `rounding`). */
void	report_text(FILE *, const struct rules *, const struct result *,
	    int detail);

/*
 * The sentence of warning `w` of `res` for the agent, in the interface
 * language: a consistency check's text, or for a contradicted implied
 * value the question, the answer given and the implied value. Into buf.
 */
char	*report_warning_text(const struct rules *, const struct result *,
	    int w, char *buf, size_t size);

/*
 * What the agent should know of office `j` of plan step `st`, in the
 * interface language: why it is proposed when it is not its sector's
 * office (the nearest one, not confirmed; the council's contact, which
 * says which office is competent when the nearest ones come first; an
 * office without a sector). NULL when it is its sector's. Into buf.
 */
const char *report_office_note(const struct plan_step *st, int j, char *buf,
	    size_t size);

/*
 * The note of incompatibility `k` of scheme `s` (its `incompatible_with`)
 * when it applies to `res`: both schemes are shown (neither unlikely) and
 * one of them is likely. NULL otherwise; the other scheme's name when the
 * rule gives no note, into buf. An entry of kind "counted" (the two
 * combine, one counting in the other's resources) is said with "+", the
 * others with "≠".
 */
const char *report_incompat_note(const struct result *,
	    const struct scheme *s, int k, char *buf, size_t size);

/*
 * Why a right whose conditions all hold is to check all the same: its
 * rule's to_check_text, when its to_check_if lowered it (true, or not
 * known yet). NULL otherwise.
 */
const char *report_to_check_text(const struct scheme_result *s);

/*
 * Why a right likely or to check, its conditions all settled, has no
 * amount although its rule computes one: the questions the amount waits
 * for (unanswered, or answered "don't know"), each quoted, "; " between
 * them, into `buf` (whole ones, then "…"). NULL otherwise: an amount, a
 * right received or unlikely, a condition not settled (its [?] says
 * what is missing), or nothing to wait for.
 */
const char *report_amount_waits(const struct rules *,
	    const struct scheme_result *s, char *buf, size_t size);

/*
 * For the first screen: the note of the first incompatibility of likely
 * right `i` with another of the `n` rights of `top` (both shown there:
 * the CEJ allowance next to the RSA). NULL when none; into buf.
 * `*counted` (when not NULL): 1 when the two combine, one counting in the
 * other's resources (kind: counted), 0 when they do not.
 */
const char *report_top_incompat(const struct result *,
	    const int *top, int n, int i, char *buf, size_t size,
	    int *counted);

/*
 * The most valuable likely rights of `res` not received already (a
 * scheme's received_if), at most `max`, best first:
 * those with an amount by their monthly value (a yearly amount counts a
 * twelfth, a one-off one too), then those without an amount in rule
 * order. Fills `idx` with national scheme indexes; returns how many.
 * The result screen, plain mode and the summary all open on these.
 */
int	report_top_rights(const struct rules *, const struct result *,
	    int *idx, int max);

/*
 * The rights of the first screen, at most `max`: report_top_rights, then,
 * while there is room, the key rights (rules/interview.yaml key_rights)
 * to check that the plan sends the person to (one a question not asked
 * yet can settle is in no step): first those the reasons given for the
 * visit call for, then the others a step other than a prerequisite sends
 * the person to (the tax return step lists the family benefits it
 * serves; that is no reason to show them), each in rule order. Returns
 * how many; the likely ones come first, `*nlikely` of them.
 */
int	report_glance_rights(const struct rules *, const struct result *,
	    int *idx, int max, int *nlikely);

/*
 * Whether likely right `i` is one of the first `n` of `top`.
 */
int	report_in_top(const int *top, int n, int i);

/*
 * The plan steps of the first screen, at most `max`, in plan order: the
 * steps taken first (`prereq`) and those of a right of `top` (those of
 * report_glance_rights), then the
 * first other steps while there is room. Never an urgency's step (the
 * urgency says it). Fills `idx` with plan indexes; returns how many.
 */
int	report_glance_steps(const struct result *, const int *top, int ntop,
	    int *idx, int max);

/*
 * What to bring, short: the first `max` documents' labels cut before a
 * bracket or a comma, then "… and N others". Into buf; "" if none.
 */
char	*report_documents_short(const struct rules *, const struct result *,
	    int max, char *buf, size_t size);

void	report_glance(FILE *, const struct rules *, const struct result *);

#endif
