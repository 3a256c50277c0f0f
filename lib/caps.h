/* caps.c and user.c: who the workload is and what it may do.
 *
 * The container starts with no capabilities at all. Each one asked for is
 * put back in all five sets (bounding, permitted, effective, inheritable,
 * ambient) so that it survives execve, for a non-root user as well. */
#ifndef MR_CAPS_H
#define MR_CAPS_H

#include "minirun.h"

/* Fold Docker-style --cap-add / --cap-drop values (each a comma list of
 * names, case-insensitive, with or without CAP_, or ALL) into *caps: every
 * set gets the same mask. Drops apply after adds. privileged = every
 * capability this host can grant. Unknown names fail with a suggestion;
 * a capability minirun itself cannot grant fails naming it (skipped with a
 * notice under privileged). Pure apart from reading minirun's own bounding
 * set. */
int mr_caps_from_flags(struct mr_caps *caps, char *const *adds, size_t n_adds,
                       char *const *drops, size_t n_drops, bool privileged,
                       struct mr_error *err);

/* In the container, after pivot_root: turn cfg->user ("1000", "1000:1000",
 * "nobody:nogroup") into cfg->uid/gid using the container's /etc/passwd and
 * /etc/group, and set HOME from passwd when the user has one. */
int mr_user_resolve(struct mr_config *cfg, struct mr_error *err);

/* In the workload, the step before no_new_privs and seccomp: switch to
 * cfg->uid/gid/groups and leave exactly cfg->caps in the five sets. */
int mr_caps_enter(const struct mr_config *cfg, struct mr_error *err);

/* --verbose only, in the workload before mr_caps_enter: say what execve of
 * cfg->argv[0] (searched in the container's PATH) will do to the sets:
 * file capabilities, setuid/setgid bits, a user that cannot keep caps. */
void mr_caps_explain_exec(const struct mr_config *cfg);

/* ---- the pieces, pure unless said otherwise (unit-tested) -------------
 *
 * Names come from libcap-ng's table; numbers above the table's end (a
 * kernel newer than libcap-ng) are spelled CAP_<N>. */

/* The highest capability number the running kernel knows
 * (/proc/sys/kernel/cap_last_cap), at most 63. */
unsigned mr_cap_last(void);
/* Every capability the kernel knows: bits 0..mr_cap_last(). */
uint64_t mr_cap_all(void);
/* "net_bind_service", "CAP_Net_Bind_Service" -> 10; -1 if unknown. */
int mr_cap_from_name(const char *name);
/* "CAP_NET_BIND_SERVICE" for 10, written into buf. Returns buf. */
const char *mr_cap_name(unsigned cap, char *buf, size_t len);
/* The known name closest to a misspelt one (edit distance), spelled like
 * the input: with CAP_ if the input had it. NULL if nothing is close. */
const char *mr_cap_suggest(const char *name, char *buf, size_t len);
/* "CAP_CHOWN,CAP_KILL", or "(none)" for 0. Returns -1 if truncated. */
int mr_caps_decode(uint64_t mask, char *buf, size_t len);
/* "000001fffeffffff", "0x400", "400" -> mask. -1 if not hex or > 64 bits. */
int mr_caps_parse_hex(const char *text, uint64_t *mask);

/* What the flags ask for, before the host's limits apply. */
struct mr_cap_request {
	uint64_t add;    /* added, ALL and --privileged expanded */
	uint64_t named;  /* added by name (not only through ALL/--privileged) */
	uint64_t drop;   /* dropped by name */
	bool drop_all;   /* --cap-drop ALL: keep only what was added by name */
};
/* Parse every --cap-add and --cap-drop value into *req. */
int mr_caps_request(struct mr_cap_request *req, char *const *adds, size_t n_adds,
                    char *const *drops, size_t n_drops, bool privileged,
                    struct mr_error *err);
/* Drops after adds (--cap-drop ALL removes all but what was added by
 * name, so Docker's "--cap-drop ALL --cap-add X" means X), then the host's
 * limit `bounding`: *mask is what to
 * grant, *skipped what ALL/--privileged wanted but the host cannot give.
 * A capability added by name that the host cannot give is an error
 * (skipped instead when privileged). */
int mr_caps_limit(const struct mr_cap_request *req, uint64_t bounding, bool privileged,
                  uint64_t *mask, uint64_t *skipped, struct mr_error *err);

/* The capability lines of a process, as /proc/PID/status reports them. */
struct mr_proc_caps {
	struct mr_caps caps;
	int no_new_privs; /* 0/1, -1 if not reported */
	int seccomp;      /* 0 off, 1 strict, 2 filter; -1 if not reported */
};
/* Parse the text of /proc/PID/status. Fails if a Cap* line is missing. */
int mr_caps_parse_status(const char *text, struct mr_proc_caps *out, struct mr_error *err);
/* Read /proc/PID/status (pid 0: minirun itself). Not pure. */
int mr_caps_read_status(pid_t pid, struct mr_proc_caps *out, struct mr_error *err);
/* minirun's own bounding set, read with PR_CAPBSET_READ. Not pure. */
uint64_t mr_caps_own_bounding(void);

/* File capabilities: the security.capability xattr, decoded. */
struct mr_file_caps {
	bool present;
	bool effective;      /* the "e" flag: raise all permitted at exec */
	uint64_t permitted, inheritable;
	uint32_t rootid;     /* v3 (namespaced) xattrs: the owning root */
};
/* Decode a security.capability value (v2 or v3). -1 if malformed. */
int mr_caps_decode_xattr(const void *value, size_t len, struct mr_file_caps *out);

/* What execve(2) makes of the sets (capabilities(7), "Transformation of
 * capabilities during execve()"), for a process with credentials uid/gid
 * and sets *before executing a file owned by file_uid/file_gid with mode
 * and file capabilities *fcaps, with no_new_privs nnp, on a mount that is
 * nosuid or not. *after gets the sets the new program starts with; the
 * result is 0, or EPERM when the kernel refuses the exec (a file whose
 * effective bit demands capabilities the bounding set withholds). */
struct mr_exec_file {
	mode_t mode;
	uid_t uid;
	gid_t gid;
	struct mr_file_caps fcaps;
	bool nosuid_mount;
};
int mr_caps_after_exec(const struct mr_caps *before, uid_t uid, gid_t gid, bool nnp,
                       const struct mr_exec_file *file, struct mr_caps *after);

/* The name of uid in a passwd file (the host's /etc/passwd for `minirun
 * list`), or "#UID" when it has none, as runc prints it; NULL when out of
 * memory. Read with fgetpwent, like everything in user.c: no NSS, which a
 * static binary could not load. */
char *mr_user_name(const char *passwd_path, uid_t uid);

/* user.c, testable: mr_user_resolve reading these files instead of the
 * container's /etc/passwd and /etc/group (either may be missing). */
int mr_user_resolve_files(struct mr_config *cfg, const char *passwd_path,
                          const char *group_path, struct mr_error *err);

#endif
