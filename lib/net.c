/* Networking: the container's new network namespace.
 *
 * A new network namespace has one interface, lo, and it starts DOWN, so
 * not even 127.0.0.1 works until someone runs `ip link set lo up`. That
 * command sends an rtnetlink RTM_NEWLINK message; the kernel's older
 * interface for the same change is the SIOCSIFFLAGS ioctl of
 * netdevice(7), on any socket of the namespace. minirun uses the ioctl,
 * as crun does: one read and one write of the flags, no netlink
 * conversation, no library. Both need CAP_NET_ADMIN over the namespace,
 * which the container's setup has (it is root in the user namespace that
 * owns the new network namespace). */
#include "net.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int mr_net_lo_up(const struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_NET] || cfg->ns_path[MR_NS_NET])
		return 0;
	/* The socket only names the namespace: the one this process is in. */
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return mr_fail(err, errno, "open a socket to configure lo");

	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	int rc = -1;
	/* SIOCSIFFLAGS replaces every flag, so read them first and add UP. */
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		mr_fail(err, errno, "read the flags of lo (SIOCGIFFLAGS)");
	} else {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			mr_fail(err, errno, "bring lo up (SIOCSIFFLAGS)");
		else
			rc = 0;
	}
	close(fd);
	if (rc == 0)
		mr_verbose(cfg, "net: new network namespace, lo is up (127.0.0.1 works, nothing else is reachable)");
	return rc;
}
