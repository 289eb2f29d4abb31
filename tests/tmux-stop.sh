# tmux_stop: end the program of tmux session aig, if it still runs, with
# SIGTERM, and wait for it (5 s at most; then SIGKILL and status 1),
# before the session or the server is killed. Sourced by the tests that
# drive the full-screen program in tmux; T runs tmux on the test's own
# server. A hangup comes with the kernel's SIGCONT, which cancels the
# SIGSTOP that LeakSanitizer's tracer sends at exit in a sanitizer build:
# a program still exiting when its session is killed then waits for its
# tracer forever, at 100 % of a processor (seen in tests/tui/e2e.sh, then
# in tests/cli/annuaire-tui.sh: 23 minutes of a core in one CI run).
tmux_stop() {
	tmux_pp=$(T display -p -t aig '#{pane_pid}' 2>/dev/null) || return 0
	[ -n "$tmux_pp" ] || return 0	# the pane is gone already
	for tmux_k in $(pgrep -P "$tmux_pp"); do
		kill -TERM "$tmux_k" 2>/dev/null
		tmux_i=0
		while kill -0 "$tmux_k" 2>/dev/null && [ $tmux_i -lt 250 ]; do
			sleep 0.02
			tmux_i=$((tmux_i + 1))
		done
		if kill -0 "$tmux_k" 2>/dev/null; then
			kill -KILL "$tmux_k" 2>/dev/null
			return 1
		fi
	done
	return 0
}
