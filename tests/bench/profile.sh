#!/bin/bash
# Where does one minirun launch spend its time? The measurements behind
# docs/PERFORMANCE.md, for one build:
#
#   tests/bench/profile.sh [--build-dir DIR] [--out DIR]
#
#   1. syscalls per process of one launch (strace -f -c; strace inflates
#      every syscall, so read the counts, not the times);
#   2. the same with perf trace -s, which costs far less per syscall
#      (skipped when perf cannot trace here);
#   3. the seccomp path step by step (tests/bench/seccomp_cost.c, built
#      against the build's libminirun.a);
#   4. kernel and user time per launch by syscall, from perf record over
#      100 launches, system-wide (the asynchronous network namespace
#      teardown runs in a kworker, not in minirun).
# Needs root, strace and perf (linux-perf). Nothing here is a test.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$src/build-bench out=''
while [ $# -gt 0 ]; do
	case $1 in
	--build-dir) build=$2; shift ;;
	--out) out=$2; shift ;;
	*) echo "profile.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done
[ -f "$build/build.ninja" ] || meson setup "$build" "$src" >/dev/null
ninja -C "$build" runtime/minirun >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/minirun-profile.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$src/examples/mkrootfs.sh" "$work/rootfs" >/dev/null
M=$build/runtime/minirun
have() { command -v "$1" >/dev/null 2>&1; }

echo "== 1. syscalls of one launch, per process (strace -f -c)"
strace -f -c -S calls -o "$work/strace.txt" "$M" "$work/rootfs" /bin/true
head -40 "$work/strace.txt"

echo
echo "== 2. perf trace -s (per process: minirun, the container's init, the workload)"
if have perf && perf trace -s -o "$work/ptrace.txt" -- "$M" "$work/rootfs" /bin/true 2>/dev/null; then
	grep -E '^ [^ ].*events|^ +(seccomp|clone|mount|openat2|prctl|execve|sendto|wait4|pivot_root|umount2|open_tree|move_mount|mknodat|exit_group) ' "$work/ptrace.txt" || true
else
	echo "(perf trace is not available here)"
fi

echo
echo "== 3. the seccomp path (mean of 50)"
# shellcheck disable=SC2046
${CC:-cc} -std=gnu11 -O2 -D_GNU_SOURCE -I"$src/lib" -o "$work/seccomp_cost" \
	"$src/tests/bench/seccomp_cost.c" "$build/lib/libminirun.a" \
	$(pkg-config --libs libseccomp libcap-ng jansson)
"$work/seccomp_cost" 50

echo
echo "== 4. perf record: CPU per launch by syscall (100 launches, all CPUs)"
if have perf && perf record -a -g -e cpu-clock -F 10000 -o "$work/perf.data" -- \
	sh -c "for i in \$(seq 100); do '$M' '$work/rootfs' /bin/true; done" >/dev/null 2>&1; then
	perf script -i "$work/perf.data" -F comm,ip,sym,dso 2>/dev/null | awk -v launches=100 '
		# One sample per 100 us of CPU; attribute each to the outermost
		# syscall, page fault or kworker function on its stack.
		function flush() {
			if (comm == "") return
			if (comm ~ /^kworker/ && work == "") { comm = ""; return }
			if (comm !~ /^(minirun|true|kworker)/) { comm = ""; return }
			key = work != "" ? "kworker: " work : (sys != "" ? sys : "user: " top)
			n[(comm ~ /^kworker/ ? "kworker" : comm) "\t" key]++
			comm = ""
		}
		/^[^ \t]/ { flush(); comm = $1; sys = ""; work = ""; top = ""; prev = ""; next }
		NF >= 2 {
			f = $2; sub(/\+.*/, "", f)
			if (top == "") top = f == "[unknown]" ? $NF : f
			if (f ~ /^(__x64_sys_|__do_sys_|asm_exc_page_fault)/) sys = f
			if (f == "process_one_work" && prev != "") work = prev
			prev = f
		}
		END {
			flush()
			for (k in n) if (n[k] * 100 / launches >= 20) printf "%8.0f us  %s\n", n[k] * 100 / launches, k
		}' | sort -rn | head -30
	echo "(under perf every figure is inflated; compare them with each other)"
else
	echo "(perf record is not available here)"
fi
if [ -n "$out" ]; then
	mkdir -p "$out"
	cp "$work/strace.txt" "$out/"
	[ -f "$work/ptrace.txt" ] && cp "$work/ptrace.txt" "$out/"
fi
