/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_panel.c - the side panel of the interview: the urgencies, the
 * contradictions and the rights as the answers come (shown beside the
 * question on wide terminals, over it with F4 on narrow ones).
 */
#include "ui_screen.h"

#include <string.h>

#include "report.h"
#include "rules.h"

static const char *
period_text(const char *period)
{
	if (period == NULL)
		return "";
	if (strcmp(period, "month") == 0)
		/* TRANSLATORS: after an amount in the side panel
		   ("120 €/month"): keep it short. */
		return _("/month");
	if (strcmp(period, "year") == 0)
		return _("/year");
	return "";
}

void
ui_draw_panel(struct ui *ui, int top, int bottom, int x, int w)
{
	const struct result *res = ui->it != NULL ? ui->it->res : NULL;
	char line[300], amount[48];
	int y = top, i, pass, any;

	for (i = top; i < bottom; i++)
		ui_put(ui, i, x, 1, UI_DIM, "│");
	x += 2;
	w -= 3;
	if (res == NULL)
		return;
	ui_put(ui, y++, x, w, UI_HEADING, _("Urgencies"));
	for (i = 0; i < res->nurgency_order && y < bottom; i++) {
		int u = res->urgency_order[i];

		snprintf(line, sizeof line, "‼ %s %s", res->urgencies[u]
		    .priority, ui->rules->urgencies[u].title);
		ui_put(ui, y++, x, w, UI_ERROR, line);
	}
	if (res->nurgency_order == 0 && y < bottom)
		/* TRANSLATORS: no urgency (feminine in French). */
		ui_put(ui, y++, x, w, UI_DIM, _("none so far"));
	for (i = 0; i < res->nwarnings && y < bottom; i++) {
		char text[1000];

		snprintf(line, sizeof line, "! %s", report_warning_text(
		    ui->rules, res, i, text, sizeof text));
		ui_put(ui, y++, x, w, UI_TOCHECK, line);
	}
	for (pass = 0; pass < 2; pass++) {
		enum verdict want = pass == 0 ? VERDICT_LIKELY :
		    VERDICT_TO_CHECK;

		if (++y >= bottom)
			break;
		ui_put(ui, y++, x, w, UI_HEADING, pass == 0 ?
		    _("Likely rights") : _("To check"));
		any = 0;
		for (i = 0; i < ui->rules->nnational && y < bottom; i++) {
			const struct scheme_result *s = &res->schemes[i];
			int aw = 0;

			if (s->verdict != want)
				continue;
			any = 1;
			amount[0] = '\0';
			if (s->has_amount && s->amount != 0) {
				char m[40];

				snprintf(amount, sizeof amount, "%s%s",
				    ui_money(s->amount, m),
				    period_text(s->def->period));
				aw = ui_width(amount);
			}
			snprintf(line, sizeof line, "%s %s%s", pass == 0 ?
			    "✓" : "?", s->def->name, s->non_take_up ?
			    /* TRANSLATORS: the marker after a scheme the
			       person likely does not claim (non-take-up);
			       the same as in "(NT): likely non-take-up". */
			    _(" (NT)") : "");
			ui_put(ui, y, x, w - aw - 1, pass == 0 ? UI_LIKELY :
			    UI_TOCHECK, line);
			if (aw > 0 && aw < w)
				ui_put(ui, y, x + w - aw, aw, UI_NORMAL,
				    amount);
			y++;
		}
		if (!any && y < bottom)
			/* TRANSLATORS: no right (masculine in French). */
			ui_put(ui, y++, x, w, UI_DIM, _("none yet"));
	}
	if (y + 1 < bottom)
		ui_put(ui, bottom - 1, x, w, UI_DIM, _("(NT): likely "
		    "non-take-up"));
}

