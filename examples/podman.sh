#!/bin/sh
# minirun as podman's OCI runtime, end to end, on a busybox image made
# from examples/mkrootfs.sh (no registry needed):
#   sudo examples/podman.sh [PATH-TO-MINIRUN]
# Installs podman from Debian if missing.
set -eu
cd "$(dirname "$0")/.."
minirun=$(realpath "${1:-build/runtime/minirun}")
[ -x "$minirun" ] || { echo "build minirun first (scripts/build.sh), or pass its path" >&2; exit 1; }
command -v podman >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
examples/mkrootfs.sh "$work/rootfs" >/dev/null
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
podman import -q "$work/rootfs.tar" localhost/minirun-busybox >/dev/null
# podman asks for 1048576 open files and processes; that needs
# CAP_SYS_RESOURCE, which some VMs' root lacks: ask for what any root has.
limits="--ulimit nofile=1024:1024 --ulimit nproc=1024:1024"
set -x
podman --runtime "$minirun" run --rm $limits localhost/minirun-busybox \
	sh -c 'echo hello from minirun under podman; grep -E "^(Cap|NoNewPrivs|Seccomp)" /proc/self/status'
podman --runtime "$minirun" run -d --name minirun-demo $limits localhost/minirun-busybox sleep 60
podman --runtime "$minirun" exec minirun-demo sh -c 'echo exec: $(hostname); ps'
podman --runtime "$minirun" stop -t 1 minirun-demo
podman --runtime "$minirun" rm minirun-demo
