#!/bin/sh
# Install what minirun needs to build and test, from Debian's packages.
# Does nothing when everything is already there (so it is cheap to call
# from every entry point).
set -eu
packages="gcc libc6-dev pkg-config meson ninja-build
libcap-ng-dev libseccomp-dev libjansson-dev libcriterion-dev
busybox-static libcap2-bin iproute2 util-linux"
missing=
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing Debian packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
