#!/bin/sh
# The whole test suite on a fresh Debian machine, as root:
#   sudo tests/run.sh [meson test options, e.g. --suite unit]
# Installs the Debian packages, builds, runs the unit and integration tests
# and ends with "N passed, N failed, N skipped".
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "tests/run.sh: run as root (the integration tests start containers as root and as an unprivileged user)" >&2
	exit 1
fi
scripts/install-deps.sh
# The rootless tests run minirun as uid 65534 on the test rootfs in the
# build directory: both must be reachable by that user. A checkout under a
# private directory (/root) is not, so build elsewhere then.
build=build
if ! setpriv --reuid 65534 --regid 65534 --clear-groups sh -c "cd '$PWD'" 2>/dev/null; then
	build=/var/tmp/minirun-build-$(printf %s "$PWD" | md5sum | cut -c1-8)
	echo "tests/run.sh: $PWD is private to root; building in $build so that the rootless tests can reach it" >&2
fi
scripts/build.sh "$build"
rc=0
# --verbose: Criterion then names every skipped test ("[SKIP] …"), which
# its summary line leaves out.
meson test -C "$build" --print-errorlogs --test-args=--verbose "$@" || rc=$?
# Criterion prints one "Synthesis" line per test program; add them up.
awk '/Synthesis: Tested:/ {
	for (i = 1; i <= NF; i++) {
		if ($i == "Tested:") t += $(i+1); if ($i == "Passing:") p += $(i+1)
		if ($i == "Failing:") f += $(i+1); if ($i == "Crashing:") c += $(i+1)
	}
}
/^\[SKIP\]/ { s++ }
END { printf "%d passed, %d failed, %d skipped\n", p, f + c, s }' "$build/meson-logs/testlog.txt"
exit $rc
