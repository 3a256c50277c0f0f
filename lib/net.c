/* Networking over rtnetlink with libmnl: the same message `ip link set lo
 * up` sends, without running ip. */
#include "net.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <time.h>

int mr_net_lo_up(const struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_NET] || cfg->ns_path[MR_NS_NET])
		return 0;
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl)
		return mr_fail(err, errno, "open a rtnetlink socket");
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int saved = errno;
		mnl_socket_close(nl);
		return mr_fail(err, saved, "bind the rtnetlink socket");
	}

	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = (unsigned int)time(NULL);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = (int)if_nametoindex("lo"); /* always 1 in a new netns */
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = IFF_UP;

	int rc = -1;
	unsigned int seq = nlh->nlmsg_seq, portid = mnl_socket_get_portid(nl);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		mr_fail(err, errno, "send RTM_NEWLINK lo up");
	} else {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
		/* The ACK carries the kernel's errno; mnl_cb_run turns it into -1. */
		if (n < 0 || mnl_cb_run(buf, (size_t)n, seq, portid, NULL, NULL) < 0)
			mr_fail(err, errno, "bring lo up");
		else
			rc = 0;
	}
	mnl_socket_close(nl);
	if (rc == 0)
		mr_verbose(cfg, "net: new network namespace, lo is up (127.0.0.1 works, nothing else is reachable)");
	return rc;
}
