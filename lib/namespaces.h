/* namespaces.c: which namespaces the container gets, joining existing ones,
 * the user namespace's id maps, the hostname. */
#ifndef MR_NAMESPACES_H
#define MR_NAMESPACES_H

#include "minirun.h"

/* The CLONE_NEW* flags for clone(): every namespace in cfg->ns that is not
 * joined by path. */
int mr_ns_clone_flags(const struct mr_config *cfg);

/* Fill cfg's id maps for rootless mode when none were given: the caller's
 * uid and gid become 0 inside (a single line, as `unshare -r` does). */
int mr_ns_default_idmaps(struct mr_config *cfg, struct mr_error *err);

/* Write the uid_map and gid_map of process pid (0: ourselves, first thing
 * in the new user namespace; setgroups=deny first when rootless, which an
 * unprivileged map requires). Maps of more than our own id need
 * CAP_SETUID in the parent namespace: then minirun, outside, writes them
 * for the child (mr_ns_parent_writes_maps), which then becomes root in its
 * namespace with mr_ns_become_root. */
int mr_ns_write_idmaps(const struct mr_config *cfg, pid_t pid, struct mr_error *err);
int mr_ns_parent_writes_maps(const struct mr_config *cfg);
int mr_ns_become_root(const struct mr_config *cfg, struct mr_error *err);

/* Write cfg->sysctl through the container's /proc (procfd_root: the rootfs
 * with /proc mounted), refusing keys that are not namespaced. */
int mr_ns_sysctl(const struct mr_config *cfg, int procfd_root, struct mr_error *err);

/* setns() into every namespace given by path (cfg->ns_path). */
int mr_ns_join(const struct mr_config *cfg, struct mr_error *err);

/* sethostname() in the new UTS namespace. */
int mr_ns_set_hostname(const struct mr_config *cfg, struct mr_error *err);

#endif
