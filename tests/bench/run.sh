#!/bin/bash
# The start-up benchmark (issue 5): N sequential start-to-exit launches of
# /bin/true on one busybox rootfs, alternating minirun and its peers, then a
# table of median and p90 wall time per launch, peak RSS and ratios to
# minirun. A benchmark, not a test: it never fails on a time.
#
#   tests/bench/run.sh [--install] [-n RUNS] [--out DIR]
#                      [--minirun PATH] [--driver PATH] [--build-dir DIR]
#                      [--also NAME=PATH]...
#
#   --install       apt-get install what is missing (minirun's build deps,
#                   bubblewrap, crun, runc, jq); without it, peers that are
#                   not installed are skipped with a note
#   -n RUNS         launches per contender (default 200), after 5 warm-ups
#   --out DIR       keep the table, summary.tsv, raw.tsv (every launch) and
#                   the runtimes' stderr logs in DIR
#   --minirun PATH  benchmark this binary (default: build one in --build-dir)
#   --driver PATH   a prebuilt tests/bench/bench.c (default: compiled here)
#   --build-dir DIR meson build directory for minirun (default: build-bench)
#   --also NAME=PATH  one more contender: another minirun binary (a branch
#                   with an optimisation, say), run with its defaults
#
# Needs root (the floor, crun and runc need it; the rootless contender is
# run as uid/gid 65534 by the driver itself). docs/PERFORMANCE.md explains
# the contenders, the figures and where minirun's time goes.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
runs=200 install=0 out='' minirun='' driver='' build=$src/build-bench also=()
while [ $# -gt 0 ]; do
	case $1 in
	--install) install=1 ;;
	-n) runs=$2; shift ;;
	--out) out=$2; shift ;;
	--minirun) minirun=$2; shift ;;
	--driver) driver=$2; shift ;;
	--build-dir) build=$2; shift ;;
	--also) also+=("$2"); shift ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ "$(id -u)" != 0 ]; then
	echo "run.sh: run as root (the unshare floor, crun and runc need it)" >&2
	exit 2
fi
note() { printf '%s\n' "$*" >&2; }

# ---- peers and tools -------------------------------------------------------
if [ $install = 1 ]; then
	"$src/scripts/install-deps.sh"
	missing=
	for p in bubblewrap crun runc jq; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		note "run.sh: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
fi

# ---- minirun and the driver ------------------------------------------------
if [ -z "$minirun" ]; then
	[ -f "$build/build.ninja" ] || meson setup "$build" "$src" >/dev/null
	ninja -C "$build" runtime/minirun >/dev/null
	minirun=$build/runtime/minirun
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/minirun-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
# A copy the unprivileged uid can surely reach, whatever the checkout's modes.
install -m 755 "$minirun" "$work/minirun"
if [ -z "$driver" ]; then
	${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -o "$work/bench" "$src/tests/bench/bench.c"
	driver=$work/bench
fi

# ---- the rootfs and the OCI bundle ------------------------------------------
rootfs=$work/rootfs
"$src/examples/mkrootfs.sh" "$rootfs" >/dev/null
bundle=$work/bundle
notes=()
have() { command -v "$1" >/dev/null 2>&1; }
make_bundle() {
	mkdir -p "$bundle"
	local spec
	if have runc; then spec="runc spec"; else spec="crun spec"; fi
	(cd "$bundle" && $spec) || return 1
	# Same workload as the others; no terminal; the rootfs read-write like
	# minirun's default; a cgroup namespace like minirun's. linux.resources
	# goes: its device rules make crun load an eBPF program after raising
	# RLIMIT_MEMLOCK, which needs CAP_SYS_RESOURCE (withheld on some VMs);
	# runc gets the same bundle so that both do the same work.
	# shellcheck disable=SC2016 # $rootfs is jq's variable
	local filter='.process.terminal = false | .process.args = ["/bin/true"]
		| .root.path = $rootfs | .root.readonly = false
		| .linux.namespaces = ([.linux.namespaces[] | select(.type != "user")] + [{"type": "cgroup"}] | unique)
		| del(.linux.resources)'
	if have jq; then
		jq --arg rootfs "$rootfs" "$filter" "$bundle/config.json" >"$bundle/config.new"
	elif have python3; then
		python3 - "$bundle/config.json" "$rootfs" >"$bundle/config.new" <<-'PY'
			import json, sys
			c = json.load(open(sys.argv[1]))
			c["process"]["terminal"] = False
			c["process"]["args"] = ["/bin/true"]
			c["root"] = {"path": sys.argv[2], "readonly": False}
			ns = [n for n in c["linux"]["namespaces"] if n["type"] not in ("user", "cgroup")]
			c["linux"]["namespaces"] = ns + [{"type": "cgroup"}]
			c["linux"].pop("resources", None)
			json.dump(c, sys.stdout, indent=1)
		PY
	else
		note "run.sh: jq or python3 is needed to adjust the OCI config.json (run.sh --install)"
		return 1
	fi
	mv "$bundle/config.new" "$bundle/config.json"
}

# ---- the contenders ----------------------------------------------------------
M=$work/minirun
contenders=(
	--contender=minirun "$M" "$rootfs" /bin/true
	--contender-nobody=minirun-rootless "$M" "$rootfs" /bin/true
	--contender=minirun-net-host "$M" --net host "$rootfs" /bin/true
	--contender=minirun-no-seccomp "$M" --security-opt seccomp=unconfined "$rootfs" /bin/true
	--contender=floor unshare --mount --pid --uts --ipc --net --fork chroot "$rootfs" /bin/true
)
for a in "${also[@]}"; do
	install -m 755 "${a#*=}" "$work/also-${a%%=*}"
	contenders+=(--contender="${a%%=*}" "$work/also-${a%%=*}" "$rootfs" /bin/true)
done
if have bwrap; then
	contenders+=(--contender=bwrap bwrap --unshare-all --die-with-parent --ro-bind "$rootfs" / --proc /proc --dev /dev /bin/true)
else
	notes+=("bwrap: not installed, skipped (run.sh --install)")
fi
if have crun || have runc; then
	make_bundle || { notes+=("crun, runc: no OCI bundle could be made, skipped"); }
fi
hybrid=0
if [ -d /sys/fs/cgroup/unified ] && [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ]; then
	hybrid=1
fi
if [ -f "$bundle/config.json" ] && have crun; then
	if [ $hybrid = 1 ]; then
		contenders+=(--contender-cgroup2=crun crun run --bundle "$bundle" 'bench-crun-{id}')
		notes+=("crun: this host has a hybrid cgroup hierarchy (v1 controllers, cgroup2 at /sys/fs/cgroup/unified), which crun refuses; crun runs in a private mount namespace whose /sys/fs/cgroup is the cgroup2 hierarchy (made once; each launch only setns()s into it)")
	else
		contenders+=(--contender=crun crun run --bundle "$bundle" 'bench-crun-{id}')
	fi
elif ! have crun; then
	notes+=("crun: not installed, skipped (run.sh --install)")
fi
if [ -f "$bundle/config.json" ] && have runc; then
	contenders+=(--contender=runc runc run --bundle "$bundle" 'bench-runc-{id}')
elif ! have runc; then
	notes+=("runc: not installed, skipped (run.sh --install)")
fi

# ---- run ---------------------------------------------------------------------
logs=$work/logs
mkdir -p "$logs"
echo "minirun start-up benchmark: $runs launches of /bin/true per contender, alternating"
echo "host: $(uname -sr), $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "versions: minirun $("$M" --version 2>&1 | head -1 | awk '{print $NF}')$(have bwrap && echo ", $(bwrap --version)")$(have crun && echo ", crun $(crun --version | sed -n 's/^crun version //p')")$(have runc && echo ", runc $(runc --version | sed -n 's/^runc version //p')")"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
rc=0
"$driver" -n "$runs" -r "$work/raw.tsv" -s "$work/summary.tsv" -l "$logs" "${contenders[@]}" >"$work/table.txt" || rc=$?
cat "$work/table.txt"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wall time: fork to wait4() return of the runtime's command; peak RSS: ru_maxrss of that process"
echo "(the largest of it and the descendants it reaped); ratios are contender / minirun."
echo "minirun-rootless runs as uid/gid 65534 (user namespace); the floor is bare unshare + chroot."
echo "minirun-no-seccomp (--security-opt seccomp=unconfined) is not a target: it shows what the"
echo "filter costs, and matches crun and runc, whose bundles load none."
echo "crun and runc run an OCI bundle from 'runc spec' (/bin/true, no terminal, cgroup namespace"
echo "added, linux.resources removed, no seccomp filter: their spec's default)."
for n in "${notes[@]}"; do echo "note: $n"; done

# ---- the targets (issue 5), as information ------------------------------------
awk -F'\t' '
	NR > 1 && $4 != "" { med[$1] = $4; rss[$1] = $8 }
	function line(what, ok, detail) { printf "  %-34s %-7s %s\n", what, ok ? "met" : "NOT met", detail }
	END {
		m = med["minirun"]
		if (m == "") exit
		print ""
		print "targets (issue 5):"
		if ("floor" in med) line("median <= 1.25 x floor", m <= 1.25 * med["floor"], sprintf("%.2f x floor", m / med["floor"]))
		if ("bwrap" in med) line("faster than bwrap", m < med["bwrap"], sprintf("%.2f x bwrap", m / med["bwrap"]))
		if ("crun" in med) line("<= 0.5 x crun", m <= 0.5 * med["crun"], sprintf("%.2f x crun", m / med["crun"]))
		if ("runc" in med) line("<= 0.25 x runc", m <= 0.25 * med["runc"], sprintf("%.2f x runc", m / med["runc"]))
		if ("bwrap" in rss) line("peak RSS <= bwrap", rss["minirun"] <= rss["bwrap"], sprintf("%.2f MiB vs %.2f MiB", rss["minirun"], rss["bwrap"]))
	}' "$work/summary.tsv"

if [ -n "$out" ]; then
	mkdir -p "$out"
	cp -r "$work/table.txt" "$work/summary.tsv" "$work/raw.tsv" "$logs" "$out/"
	echo
	echo "results kept in $out"
fi
if [ $rc != 0 ]; then
	note "run.sh: some launches failed; the runtimes' messages:"
	tail -n 5 "$logs"/*.log >&2
fi
exit $rc
