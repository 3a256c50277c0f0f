/* Test support: run the real minirun binary on the real test rootfs and
 * capture what it prints. No mocks: every integration test asserts what the
 * kernel reports from inside the container. */
#ifndef MR_TEST_SUPPORT_H
#define MR_TEST_SUPPORT_H

#include <stdint.h>
#include <sys/types.h>

struct mr_run {
	int status;   /* like a shell: exit code, or 128+N if killed by N */
	char *out;    /* everything minirun wrote on stdout (NUL-terminated) */
	char *err;    /* … and on stderr */
};

/* Who runs minirun: root (uid 0), or an unprivileged uid (rootless). */
#define MR_AS_ROOT 0
#define MR_AS_NOBODY 65534

/* Path of the built minirun (env MINIRUN_BIN) and of the throwaway busybox
 * rootfs the build made (env MINIRUN_TEST_ROOTFS): /bin/busybox and its
 * applets, plus the static helpers in /bin (probe, …). */
const char *mrt_minirun(void);
const char *mrt_rootfs(void);

/* Run `minirun ARGS…` (NULL-terminated) as uid `as` with empty stdin,
 * wait at most 30 s, and fill *r. Use "@ROOTFS" as an argument to stand
 * for mrt_rootfs(). Returns r->status. */
int mrt_run(struct mr_run *r, uid_t as, ...) __attribute__((sentinel));
int mrt_runv(struct mr_run *r, uid_t as, char *const argv[]);
/* The same with stdin read from the file `input`. */
int mrt_runv_stdin(struct mr_run *r, uid_t as, const char *input, char *const argv[]);
void mrt_run_free(struct mr_run *r);

/* The same for commands that leave a process behind (create, run -d,
 * exec -d): output goes through temp files, read once minirun exits, so
 * the process left behind holds no pipe the test waits on. */
int mrt_run_detached(struct mr_run *r, uid_t as, ...) __attribute__((sentinel));
int mrt_runv_detached(struct mr_run *r, uid_t as, char *const argv[]);

/* The hex value of a /proc/PID/status field ("CapEff") in text, or
 * UINT64_MAX if the field is missing. */
uint64_t mrt_status_hex(const char *text, const char *field);
/* The decimal value of a status field ("Seccomp", "NoNewPrivs"), or -1. */
long mrt_status_long(const char *text, const char *field);

/* A fresh empty directory under /tmp, mode 0777, removed by the caller. */
char *mrt_tmpdir(void);

#endif
