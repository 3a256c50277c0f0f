#!/bin/sh
# Configure (once) and build minirun:  scripts/build.sh [BUILDDIR]  (default ./build)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
ninja -C "$build" >/dev/null
