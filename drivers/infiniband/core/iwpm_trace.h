/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * iWARP port mapper tracepoints: every message exchanged with the daemon.
 *
 * The netlink monitor (nlmon) does not see NETLINK_RDMA, so this is where
 * trace-cmd and perf see the port mapper's traffic: which way, which port,
 * the operation and client of nlmsg_type, the sequence number and length,
 * and the network namespace (the inode number of /proc/PID/ns/net), since
 * every namespace has a daemon of its own and their port ids may coincide.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM iwpm

#if !defined(_TRACE_IWPM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_IWPM_H

#include <linux/tracepoint.h>
#include <net/net_namespace.h>
#include <rdma/rdma_netlink.h>

TRACE_EVENT(iwpm_msg,
	    TP_PROTO(const struct net *net, bool tx, u32 portid,
		     const struct nlmsghdr *nlh),
	    TP_ARGS(net, tx, portid, nlh),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(bool, tx)
			     __field(u32, portid)
			     __field(u8, client)
			     __field(u16, op)
			     __field(u32, seq)
			     __field(u32, len)),
	    TP_fast_assign(__entry->netns = net->ns.inum;
			   __entry->tx = tx;
			   __entry->portid = portid;
			   __entry->client = RDMA_NL_GET_CLIENT(nlh->nlmsg_type);
			   __entry->op = RDMA_NL_GET_OP(nlh->nlmsg_type);
			   __entry->seq = nlh->nlmsg_seq;
			   __entry->len = nlh->nlmsg_len;),
	    TP_printk("%s port %u client %u op %u seq %u len %u netns %u",
		      __entry->tx ? "to" : "from", __entry->portid,
		      __entry->client, __entry->op, __entry->seq,
		      __entry->len, __entry->netns)
);

#endif /* _TRACE_IWPM_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE iwpm_trace

#include <trace/define_trace.h>
