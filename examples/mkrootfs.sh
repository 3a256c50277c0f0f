#!/bin/sh
# Build a minimal root filesystem from Debian's busybox-static:
#   examples/mkrootfs.sh DIR [--stamp FILE] [EXTRA_BINARY...]
# DIR gets /bin/busybox with every applet as a symlink, the mount points a
# container needs (/proc /dev /sys /tmp), /etc/passwd and /etc/group with
# root, a user 1000 and nobody. Extra (static) binaries are copied to /bin.
set -eu
dir=${1:?usage: mkrootfs.sh DIR [--stamp FILE] [EXTRA_BINARY...]}
shift
stamp=
if [ "${1:-}" = --stamp ]; then stamp=$(realpath -m "$2"); shift 2; fi
# Extra binaries are copied after the cd below: make their paths absolute.
extras=
for extra in "$@"; do extras="$extras $(realpath "$extra")"; done

busybox=/bin/busybox
if ! "$busybox" --list-full >/dev/null 2>&1 || ! ldd "$busybox" 2>&1 | grep -q 'not a dynamic'; then
	echo "mkrootfs.sh: a static busybox is needed at $busybox: apt-get install busybox-static" >&2
	exit 1
fi

rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
mkdir -p bin sbin usr/bin usr/sbin etc proc dev sys tmp root home/user run var/tmp
chmod 1777 tmp var/tmp
cp "$busybox" bin/busybox
for applet in $(bin/busybox --list-full); do
	[ -e "$applet" ] || [ -L "$applet" ] || ln -s /bin/busybox "$applet"
done
cat > etc/passwd <<'PW'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat > etc/group <<'GR'
root:x:0:
tty:x:5:
user:x:1000:
nogroup:x:65534:
GR
chown 1000:1000 home/user
for extra in $extras; do
	cp "$extra" bin/
done
chmod -R a+rX .
[ -z "$stamp" ] || touch "$stamp"
