#!/bin/sh
# The demo on a fresh Debian machine, as root:  sudo examples/demo.sh
# Installs the Debian packages, builds minirun, makes a busybox rootfs in
# build/demo-rootfs and runs a shell in it that shows what it can see.
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "examples/demo.sh: run as root (it installs packages); minirun itself also runs rootless" >&2
	exit 1
fi
scripts/install-deps.sh
scripts/build.sh
examples/mkrootfs.sh build/demo-rootfs
set -x
build/runtime/minirun --hostname demo --user 1000 --cap-add NET_BIND_SERVICE \
	build/demo-rootfs /bin/sh -c '
echo "I am $(id)"
echo "hostname: $(hostname); my pid: $$; processes I can see:"; ps
echo "capabilities (all five sets hold only NET_BIND_SERVICE, 0x400):"
grep -E "^(Cap|NoNewPrivs|Seccomp:)" /proc/self/status
nc -l -p 80 & sleep 0.2; echo "uid 1000 listens on port 80:"; netstat -ltn | grep ":80 "; kill $!
echo "chown without CAP_CHOWN:"; touch /tmp/demo-$$; chown 0 /tmp/demo-$$ || true; rm -f /tmp/demo-$$
echo "unshare (blocked by seccomp):"; unshare -U true || true
'
