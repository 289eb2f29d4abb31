#!/bin/sh
# The full-screen program when its terminal goes away: with a hangup
# signal (it leads the terminal's session) or without one (started by a
# script under setsid, the terminal not its controlling one: get_wch then
# fails at once, for ever). Either way it ends, as interrupted (exit 1),
# instead of spinning; the answers of an interview under way are kept.
. "$(dirname "$0")/lib.sh"
export HOME="$TMP" XDG_DATA_HOME="$TMP/data" XDG_CACHE_HOME="$TMP/cache"
export AIGUILLAGE_DB="$TMP/h.db" AIGUILLAGE_CONFIG=/dev/null TERM=xterm
# hup.py MODE: start the program on a new terminal, wait for its first
# frame (or for an interview begun, MODE interview), close the terminal,
# then say how it ended within 60 s: "exit N", or "running" (killed).
cat >"$TMP/hup.py" <<'PY'
import os, pty, select, subprocess, sys, time
mode, binary = sys.argv[1], sys.argv[2]
if mode == "ctty":
    pid, m = pty.fork()
    if pid == 0:
        os.execv(binary, [binary])
else:
    m, s = pty.openpty()
    p = subprocess.Popen([binary], stdin=s, stdout=s, stderr=s,
                         start_new_session=True)
    os.close(s)
    pid = p.pid
def read_until(text, limit):
    seen, end = b"", time.time() + limit
    while time.time() < end:
        r, _, _ = select.select([m], [], [], 0.5)
        if r:
            try:
                seen += os.read(m, 65536)
            except OSError:
                break
            if text in seen:
                return True
    return False
if not read_until(b"\x1b[", 60):
    print("no first frame"); sys.exit(0)
time.sleep(0.5)
if mode == "interview":
    os.write(m, b"n")		# a new interview: its first question
    time.sleep(1)
os.close(m)
end = time.time() + 60
while time.time() < end:
    wpid, st = os.waitpid(pid, os.WNOHANG)
    if wpid == pid:
        print("exit %d" % os.waitstatus_to_exitcode(st)); sys.exit(0)
    time.sleep(0.1)
os.kill(pid, 9)
os.waitpid(pid, 0)
print("running")
PY
for mode in ctty noctty interview; do
	got=$(python3 "$TMP/hup.py" "$mode" "$BIN" 2>&1)
	case $mode:$got in
	ctty:"exit 1"|noctty:"exit 1"|interview:"exit 1") pass ;;
	*) fail "terminal gone ($mode): $got, expected exit 1" ;;
	esac
done
finish
