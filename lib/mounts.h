/* mounts.c: the container's filesystem, built in its own mount namespace
 * before pivot_root, every target resolved inside the rootfs so that a
 * symlink in the rootfs can never point a mount at the host. */
#ifndef MR_MOUNTS_H
#define MR_MOUNTS_H

#include "minirun.h"

/* Make every mount private (nothing propagates back to the host), bind the
 * rootfs onto itself so it is a mount point, and open it: *rootfd. */
int mr_mounts_enter_rootfs(const struct mr_config *cfg, int *rootfd, struct mr_error *err);

/* /proc, /dev (+pts, shm, mqueue), /sys (+fs/cgroup), then the user's
 * volumes and tmpfs — or, for an OCI config (cfg->oci_mounts), exactly its
 * mounts list, with the default devices made in a fresh /dev — and the
 * extra devices. */
int mr_mounts_setup(const struct mr_config *cfg, int rootfd, struct mr_error *err);

/* Masked and read-only paths, and a read-only root if asked: after
 * everything else is mounted (and sysctls are written), so nothing hides
 * them. */
int mr_mounts_protect(const struct mr_config *cfg, int rootfd, struct mr_error *err);

/* Open path inside the rootfs (openat2 RESOLVE_IN_ROOT; O_PATH | flags):
 * symlinks cannot lead out of it. */
int mr_mounts_open_in_root(int rootfd, const char *path, int flags);

/* pivot_root into the rootfs and detach the old root for good. */
int mr_mounts_pivot(const struct mr_config *cfg, int rootfd, struct mr_error *err);

#endif
