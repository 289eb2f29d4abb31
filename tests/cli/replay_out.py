# SPDX-License-Identifier: GPL-3.0-or-later
"""What the tests of tests/cli/engine.sh read in a text report.

asked(out): the question ids of the "asked (N of M questions): ..." line
that `interview --replay` prints first. plan_step(out, title): the lines
of the plan's step whose title holds `title`, up to the next numbered
step (None when no step has it). plan_titles(out): the titles of the
plan's steps, in order.
"""
import re


def asked(out):
    line = next(l for l in out.splitlines() if l.startswith("asked ("))
    return line.split(": ", 1)[1].split()


def plan_step(out, title):
    lines = out.splitlines()
    starts = [k for k, l in enumerate(lines) if title in l]
    if not starts:
        return None
    i = starts[0]
    j = i + 1
    while j < len(lines) and not lines[j][:3].strip().rstrip(".").isdigit():
        j += 1
    return "\n".join(lines[i:j])


def plan_titles(out):
    plan = out.split("== PLAN ==")[1]
    return re.findall(r"^ *\d+\. (.*)$", plan, re.M)
