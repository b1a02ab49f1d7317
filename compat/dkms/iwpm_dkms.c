// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iw_cm.ko for a distribution's Linux 6.12 with this project's port mapper
 * (Documentation/dkms.rst): the dump callback that iwcm.c's netlink table
 * names there, and what modinfo says of the module.
 *
 * ib_core as shipped runs every IWCM op as a netlink dump.  The dump callback
 * here hands the request to the port mapper's doit callback; any answer goes
 * to the sender's socket, as in-tree.  The dump then ends with an NLMSG_DONE
 * that carries the callback's result, which iwpmd reads past, as it did with
 * Linux 6.12's own callbacks.
 */

#include <linux/module.h>
#include <linux/netlink.h>
#include <rdma/iw_portmap.h>

/**
 * iwpm_dkms_dump() - the dump callback of every port mapper op in iwcm.c
 * @skb: the dump's reply skb, unused: answers go to the sender's socket
 * @cb: the dump; @cb->skb and @cb->nlh are the request
 *
 * Every iwpm_*_cb() takes whatever port mapper message it is given, so one
 * of them serves all eight ops.
 *
 * Return: the doit callback's result, which ends the dump in NLMSG_DONE.
 */
int iwpm_dkms_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	/* the doit callbacks leave the message as it is */
	return iwpm_hello_cb(cb->skb, (struct nlmsghdr *)cb->nlh, cb->extack);
}

MODULE_VERSION(IWPM_DKMS_VERSION);
MODULE_INFO(port_mapper, "iwpm " IWPM_DKMS_VERSION
	    ", in place of the port mapper of this kernel's iw_cm");
