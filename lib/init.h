/* init.c: the minimal init that runs as pid 1 of the container. */
#ifndef MR_INIT_H
#define MR_INIT_H

#include <signal.h>
#include <sys/types.h>

#include "minirun.h"

/* The signals minirun and the init pass on to the workload. */
void mr_init_forwarded_signals(sigset_t *set);

/* As pid 1, with the forwarded signals and SIGCHLD blocked and the
 * workload already forked: drop our own privileges, forward signals to
 * `workload`, reap every zombie, and return the workload's status
 * (its exit code, or 128+N if a signal N killed it). */
int mr_init_run(const struct mr_config *cfg, pid_t workload);

#endif
