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

/* Resource limits (cgroups.c writes them). Each names `flag` in its
 * errors: "--memory '12x': expected a size like 512m or 2g". */

/* A size in bytes, as Docker takes it: 512, 64k, 512m, 2g, 1t (powers of
 * 1024; "512mb", "2GiB" and "1.5g" too). With allow_unlimited, also -1. */
int mr_parse_bytes(const char *flag, const char *spec, bool allow_unlimited, int64_t *bytes,
                   struct mr_error *err);

/* --cpus 1.5: one and a half CPUs' worth of time, as a CFS quota of
 * 150000 us per period of 100000 us. At least 0.01 (the kernel's minimum
 * quota is 1 ms). */
int mr_parse_cpus(const char *spec, int64_t *quota, uint64_t *period, struct mr_error *err);

/* --pids-limit N (at least 1) or -1 for unlimited. */
int mr_parse_pids_limit(const char *spec, int64_t *pids, struct mr_error *err);

/* --cpu-shares N: a relative weight, 2 to 262144 (the kernel's range). */
int mr_parse_cpu_shares(const char *spec, uint64_t *shares, struct mr_error *err);

/* --cpu-quota N: microseconds of CPU time per period, at least 1000 (the
 * kernel's minimum), or -1 for unlimited. --cpu-period N: microseconds,
 * 1000 to 1000000 (the kernel's range). */
int mr_parse_cpu_quota(const char *spec, int64_t *quota, struct mr_error *err);
int mr_parse_cpu_period(const char *spec, uint64_t *period, struct mr_error *err);

/* --cpuset-cpus LIST: CPU numbers and ranges, "0-2,4". Only the form is
 * checked here; whether those CPUs exist is the kernel's answer. */
int mr_parse_cpuset(const char *flag, const char *spec, struct mr_error *err);

/* The resource flag --NAME VALUE (NAME as the option table spells it:
 * "memory", "memory-swap" (both also -1), "pids-limit", "cpus",
 * "cpu-shares" or runc's "cpu-share", "cpu-quota", "cpu-period",
 * "cpuset-cpus", "cpuset-mems") into r, with the parsers above: the
 * Docker-style launch and `minirun update` read them the same way.
 * cpuset strings point at value. */
int mr_parse_resource(const char *name, const char *value, struct mr_resources *r, struct mr_error *err);

/* Output of ps(1) (a header line with a PID column, then one line a
 * process) cut down to the header and the lines of the processes in pids:
 * what `minirun ps` prints, as runc does. malloc'd; NULL with err when the
 * header has no PID column or a line no number in it. */
char *mr_ps_filter(const char *output, const pid_t *pids, size_t n, struct mr_error *err);

/* Free the strings of a mount filled by the parsers above. */
void mr_mount_clear(struct mr_mount *m);

#endif
