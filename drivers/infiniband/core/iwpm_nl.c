// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: the way to the daemon, through ib_core's NETLINK_RDMA
 * socket in the network namespace of the instance.
 */

#include <rdma/rdma_netlink.h>

#include "iwpm.h"

static int iwpm_nl_unicast(struct iwpm *pm, struct sk_buff *skb, u32 portid)
{
	return rdma_nl_unicast(pm->net, skb, portid);
}

static int iwpm_nl_multicast(struct iwpm *pm, struct sk_buff *skb)
{
	return rdma_nl_multicast(pm->net, skb, RDMA_NL_GROUP_IWPM,
				 GFP_KERNEL);
}

const struct iwpm_transport iwpm_nl_transport = {
	.unicast = iwpm_nl_unicast,
	.multicast = iwpm_nl_multicast,
};
