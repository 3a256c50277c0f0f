/* parse.c: pure parsers for the command line's values. No side effects, so
 * every one is unit-tested. */
#ifndef MR_PARSE_H
#define MR_PARSE_H

#include "minirun.h"

/* -v/--volume SRC:DST[:OPTS], OPTS a comma list of ro, rw, nosuid, nodev,
 * noexec. SRC and DST must be absolute. Fills *m (strings malloc'd). */
int mr_parse_volume(const char *spec, struct mr_mount *m, struct mr_error *err);

/* --tmpfs DST[:OPTS]: a tmpfs at DST, nosuid,nodev,noexec by default (as
 * Docker); OPTS may say ro, exec, suid, dev, and tmpfs options
 * (size=64m, mode=1777) which are passed to the kernel. */
int mr_parse_tmpfs(const char *spec, struct mr_mount *m, struct mr_error *err);

/* -e KEY=VAL, or -e KEY to copy the value from `host_env` (skipped, *out
 * NULL, when the host has no KEY, as Docker does). *out is malloc'd. */
int mr_parse_env(const char *spec, char *const *host_env, char **out,
                 struct mr_error *err);

enum mr_net_mode {
	MR_NET_NEW,   /* a new network namespace with lo up (default) */
	MR_NET_HOST,  /* share the host's network namespace */
	MR_NET_JOIN,  /* join an existing namespace by path */
};

/* --net host | none | private | ns:/path/to/netns */
int mr_parse_net(const char *spec, enum mr_net_mode *mode, char **path,
                 struct mr_error *err);

/* Free the strings of a mount filled by the parsers above. */
void mr_mount_clear(struct mr_mount *m);

#endif
