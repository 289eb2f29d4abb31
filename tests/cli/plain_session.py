# SPDX-License-Identifier: GPL-3.0-or-later
"""A plain-mode interview driven by a test (tests/cli/engine.sh).

session(binary) starts `interview --plain --no-save` in French on a fixed
date; prompts(p) yields, at each "> " prompt, what was printed since the
last one (no-break spaces as spaces), its last question, and the options
offered in it (label -> number); answer(p, text) sends one line.
"""
import re
import subprocess


def session(binary, date="2026-11-15"):
    return subprocess.Popen(
        [binary, "interview", "--plain", "--no-save", "--date", date],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={"LANGUAGE": "fr", "LC_ALL": "C.UTF-8", "TZ": "UTC",
             "AIGUILLAGE_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin"})


def prompts(p):
    buf = b""
    while True:
        c = p.stdout.read(1)
        if not c:
            return
        buf += c
        if not buf.endswith(b"> "):
            continue
        chunk = buf.decode().replace("\u00a0", " ").replace("\u202f", " ")
        buf = b""
        last = chunk.split("\n[")[-1]
        offered = dict((l, n) for n, l in
                       re.findall(r"^   (\d+)\. (.*)$", last, re.M))
        yield chunk, last, offered


def answer(p, text):
    p.stdin.write((text + "\n").encode())
    p.stdin.flush()
