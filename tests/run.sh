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
scripts/build.sh
rc=0
meson test -C build --print-errorlogs "$@" || rc=$?
# Criterion prints one "Synthesis" line per test program; add them up.
awk '/Synthesis: Tested:/ {
	for (i = 1; i <= NF; i++) {
		if ($i == "Tested:") t += $(i+1); if ($i == "Passing:") p += $(i+1)
		if ($i == "Failing:") f += $(i+1); if ($i == "Crashing:") c += $(i+1)
	}
} END { printf "%d passed, %d failed, %d skipped\n", p, f + c, t - p - f - c }' build/meson-logs/testlog.txt
exit $rc
