// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iw_cm.ko for a distribution's Linux 6.12 with this project's port mapper
 * (Documentation/dkms.rst): the dump callbacks that iwcm.c's netlink table
 * names there, and what modinfo says of the module.
 *
 * ib_core as shipped runs every IWCM op as a netlink dump.  A dump callback
 * here hands the request to the port mapper's doit callback; any answer goes
 * to the sender's socket, as in-tree.  The dump then ends with an NLMSG_DONE
 * that carries the callback's result, which iwpmd reads past, as it did with
 * Linux 6.12's own callbacks.
 */

#include <linux/module.h>
#include <linux/netlink.h>
#include <rdma/iw_portmap.h>

typedef int (*iwpm_doit_t)(struct sk_buff *skb, struct nlmsghdr *nlh,
			   struct netlink_ext_ack *extack);

static int iwpm_dump_as_doit(struct netlink_callback *cb, iwpm_doit_t doit)
{
	/* the request, not the dump's reply skb; doit callbacks leave it be */
	return doit(cb->skb, (struct nlmsghdr *)cb->nlh, cb->extack);
}

int iwpm_register_pid_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_register_pid_cb);
}

int iwpm_add_mapping_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_add_mapping_cb);
}

int iwpm_add_and_query_mapping_dump(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_add_and_query_mapping_cb);
}

int iwpm_remote_info_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_remote_info_cb);
}

int iwpm_mapping_error_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_mapping_error_cb);
}

int iwpm_mapping_info_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_mapping_info_cb);
}

int iwpm_ack_mapping_info_dump(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_ack_mapping_info_cb);
}

int iwpm_hello_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_dump_as_doit(cb, iwpm_hello_cb);
}

MODULE_VERSION(IWPM_DKMS_VERSION);
MODULE_INFO(port_mapper, "iwpm " IWPM_DKMS_VERSION
	    ", in place of the port mapper of this kernel's iw_cm");
