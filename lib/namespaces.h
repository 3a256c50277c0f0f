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

/* In the new user namespace, first thing: write our own uid_map and
 * gid_map (after setgroups=deny, which an unprivileged map requires). */
int mr_ns_write_idmaps(const struct mr_config *cfg, struct mr_error *err);

/* setns() into every namespace given by path (cfg->ns_path). */
int mr_ns_join(const struct mr_config *cfg, struct mr_error *err);

/* sethostname() in the new UTS namespace. */
int mr_ns_set_hostname(const struct mr_config *cfg, struct mr_error *err);

#endif
