/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * ibnl: the NETLINK_RDMA sockets, one per network namespace, and their
 * clients.
 *
 * A client owns the 6-bit client index of nlmsg_type and a table of callbacks
 * indexed by the 10-bit op.  Messages from user space are dispatched to the
 * callback in the same call that delivered them; messages to user space are
 * built with ibnl_put_msg() and ibnl_put_attr() and sent with ibnl_unicast()
 * or ibnl_multicast().
 */
#ifndef _RDMA_NETLINK_H
#define _RDMA_NETLINK_H

#include <linux/netlink.h>
#include <net/netlink.h>
#include <uapi/rdma/rdma_netlink.h>

/* Client indexes live in 6 bits of nlmsg_type. */
#define IBNL_MAX_CLIENTS	64

/**
 * struct ibnl_client_cbs - one operation of a client
 * @doit: handler of @nlh, which came in @skb.  Return 0 or a negative
 *	errno, which is reported back to the sender in a netlink error message.
 */
struct ibnl_client_cbs {
	int (*doit)(struct sk_buff *skb, struct nlmsghdr *nlh,
		    struct netlink_ext_ack *extack);
};

int ibnl_init(void);
void ibnl_cleanup(void);

int ibnl_add_client(int index, int nops, const struct ibnl_client_cbs cb_table[]);
int ibnl_remove_client(int index);

void *ibnl_put_msg(struct sk_buff *skb, struct nlmsghdr **nlh, int seq,
		   int len, int client, int op, int flags);
int ibnl_put_attr(struct sk_buff *skb, struct nlmsghdr *nlh, int len,
		  const void *data, int type);
int ibnl_unicast(struct net *net, struct sk_buff *skb, struct nlmsghdr *nlh,
		 __u32 pid);
int ibnl_unicast_wait(struct net *net, struct sk_buff *skb,
		      struct nlmsghdr *nlh, __u32 pid);
int ibnl_multicast(struct net *net, struct sk_buff *skb, struct nlmsghdr *nlh,
		   unsigned int group, gfp_t flags);

#endif /* _RDMA_NETLINK_H */
