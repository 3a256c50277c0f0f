/* net.c: the container's network namespace. */
#ifndef MR_NET_H
#define MR_NET_H

#include "minirun.h"

/* In a new network namespace every interface starts DOWN, even lo, so
 * 127.0.0.1 would not work: bring lo UP (SIOCSIFFLAGS, IFF_UP). Nothing
 * to do with --net host or a joined namespace. */
int mr_net_lo_up(const struct mr_config *cfg, struct mr_error *err);

#endif
