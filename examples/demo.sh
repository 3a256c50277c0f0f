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
cat > build/demo-rootfs/demo <<'DEMO'
echo "I am $(id)"
echo "hostname: $(hostname); my pid: $$; the processes I can see:"; ps -o pid,user,comm
echo "capabilities (all five sets hold only NET_BIND_SERVICE = 0x400), no_new_privs, seccomp:"
grep -E "^(Cap|NoNewPrivs|Seccomp:)" /proc/self/status
nc -l -p 80 & sleep 0.2; echo "uid 1000 listens on port 80:"; netstat -ltn | grep ":80 "; kill $!
echo "chown needs CAP_CHOWN, which was never granted:"; touch /tmp/demo-$$; chown 0 /tmp/demo-$$; rm -f /tmp/demo-$$
echo "unshare -U is denied by the seccomp filter:"; unshare -U true
echo "the network: only lo"; ip -o link
exit 0
DEMO
set -x
exec build/runtime/minirun --hostname demo --user 1000 --cap-add NET_BIND_SERVICE \
	build/demo-rootfs /bin/sh /demo
