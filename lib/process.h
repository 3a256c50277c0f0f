/* process.c: the workload process's own attributes, set in the container
 * after pivot_root and before the capabilities are dropped. */
#ifndef MR_PROCESS_H
#define MR_PROCESS_H

#include "minirun.h"

/* cfg's rlimits (setrlimit) and OOM score (/proc/self/oom_score_adj), for
 * this process and so the workload: while it still has its capabilities,
 * since raising a hard limit or lowering the score needs
 * CAP_SYS_RESOURCE. An error names the limit and says why. */
int mr_process_limits(const struct mr_config *cfg, struct mr_error *err);

/* process.terminal with a console socket: a new pty (from the container's
 * devpts) becomes stdio, the controlling terminal and /dev/console, and
 * its master end goes to the engine over cfg->console_socket. Nothing
 * without a terminal or a socket. */
int mr_process_terminal(const struct mr_config *cfg, struct mr_error *err);

/* "RLIMIT_NOFILE" for RLIMIT_NOFILE; NULL for a number that is none. */
const char *mr_rlimit_name(int resource);

#endif
