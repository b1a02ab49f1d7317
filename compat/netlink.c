// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * ibnl: the NETLINK_RDMA kernel socket and the dispatch of its messages to
 * clients by the client index and operation encoded in nlmsg_type.
 *
 * Every network namespace has its own socket; a client's handler finds the
 * namespace of a message in sock_net(skb->sk), and answers through the
 * socket of that namespace.
 *
 * A message is handled in the sender's own sendmsg() call.  Whatever cannot
 * be dispatched (a truncated message, one that is not a request, an unknown
 * client or operation) is answered with a netlink error, and so is every
 * error a client's handler returns, -EPERM for a sender without permission
 * included.
 */

#include <linux/capability.h>
#include <linux/module.h>
#include <linux/rwsem.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include <rdma/rdma_netlink.h>

/* How long a blocking send waits for room at a slow receiver. */
#define IBNL_SEND_TIMEOUT	(2 * HZ)

struct ibnl_client {
	int nops;
	const struct ibnl_client_cbs *cbs;
};

static unsigned int ibnl_net_id;
static DECLARE_RWSEM(ibnl_clients_sem);	/* writers wait out dispatch */
static struct ibnl_client ibnl_clients[IBNL_MAX_CLIENTS];

/**
 * ibnl_add_client() - start dispatching a client's messages
 * @index: client index, 0 to IBNL_MAX_CLIENTS - 1
 * @nops: number of entries in @cb_table, 1 to 1024
 * @cb_table: handlers indexed by operation; a NULL @doit rejects that op.
 *	Must stay valid until ibnl_remove_client().
 *
 * Return: 0, -EINVAL for bad arguments, -EEXIST if @index is taken.
 */
int ibnl_add_client(int index, int nops,
		    const struct ibnl_client_cbs cb_table[])
{
	int err = 0;

	if (index < 0 || index >= IBNL_MAX_CLIENTS || nops < 1 ||
	    nops > RDMA_NL_GET_OP(~0) + 1 || !cb_table)
		return -EINVAL;
	down_write(&ibnl_clients_sem);
	if (ibnl_clients[index].cbs) {
		err = -EEXIST;
	} else {
		ibnl_clients[index].nops = nops;
		ibnl_clients[index].cbs = cb_table;
	}
	up_write(&ibnl_clients_sem);
	return err;
}
EXPORT_SYMBOL_GPL(ibnl_add_client);

/**
 * ibnl_remove_client() - stop dispatching a client's messages
 * @index: client index given to ibnl_add_client()
 *
 * Waits for handlers of any client that are running.
 *
 * Return: 0, or -ENOENT if @index has no client.
 */
int ibnl_remove_client(int index)
{
	int err = 0;

	if (index < 0 || index >= IBNL_MAX_CLIENTS)
		return -ENOENT;
	down_write(&ibnl_clients_sem);
	if (!ibnl_clients[index].cbs)
		err = -ENOENT;
	ibnl_clients[index].cbs = NULL;
	ibnl_clients[index].nops = 0;
	up_write(&ibnl_clients_sem);
	return err;
}
EXPORT_SYMBOL_GPL(ibnl_remove_client);

/**
 * ibnl_put_msg() - start a message in @skb
 * @skb: buffer
 * @nlh: result: the new header
 * @seq: sequence number
 * @len: bytes of fixed payload to reserve after the header
 * @client: client index
 * @op: operation
 * @flags: NLM_F_* flags
 *
 * Return: the reserved payload, or NULL if @skb has no room.
 */
void *ibnl_put_msg(struct sk_buff *skb, struct nlmsghdr **nlh, int seq,
		   int len, int client, int op, int flags)
{
	*nlh = nlmsg_put(skb, 0, seq, RDMA_NL_GET_TYPE(client, op), len, flags);
	return *nlh ? nlmsg_data(*nlh) : NULL;
}
EXPORT_SYMBOL_GPL(ibnl_put_msg);

/**
 * ibnl_put_attr() - append an attribute to the last message in @skb
 * @skb: buffer
 * @nlh: that message, from ibnl_put_msg()
 * @len: attribute payload length
 * @data: attribute payload
 * @type: attribute type
 *
 * The message length is kept up to date, so a message is complete after
 * each attribute.  On failure the whole message is removed from @skb.
 *
 * Return: 0, or -EMSGSIZE.
 */
int ibnl_put_attr(struct sk_buff *skb, struct nlmsghdr *nlh, int len,
		  const void *data, int type)
{
	if (nla_put(skb, type, len, data)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}
EXPORT_SYMBOL_GPL(ibnl_put_attr);

static struct sock *ibnl_sock(const struct net *net)
{
	return *(struct sock **)net_generic(net, ibnl_net_id);
}

static int ibnl_send(struct net *net, struct sk_buff *skb,
		     struct nlmsghdr *nlh, u32 pid, bool wait)
{
	int err;

	if (nlh)
		nlmsg_end(skb, nlh);
	err = netlink_unicast(ibnl_sock(net), skb, pid,
			      wait ? 0 : MSG_DONTWAIT);
	return err < 0 ? err : 0;
}

/**
 * ibnl_unicast() - send @skb to one socket without waiting
 * @net: network namespace of the destination
 * @skb: messages; always consumed
 * @nlh: last message, to finish, or NULL if finished
 * @pid: destination port id
 *
 * Return: 0; -ECONNREFUSED if no socket has @pid; -EAGAIN if its receive
 * queue is full.
 */
int ibnl_unicast(struct net *net, struct sk_buff *skb, struct nlmsghdr *nlh,
		 __u32 pid)
{
	return ibnl_send(net, skb, nlh, pid, false);
}
EXPORT_SYMBOL_GPL(ibnl_unicast);

/**
 * ibnl_unicast_wait() - send @skb to one socket, waiting for room
 * @net: network namespace of the destination
 * @skb: messages; always consumed
 * @nlh: last message, to finish, or NULL if finished
 * @pid: destination port id
 *
 * Waits up to two seconds for a full receiver.  Process context.
 *
 * Return: 0, -ECONNREFUSED, or -EAGAIN after the wait.
 */
int ibnl_unicast_wait(struct net *net, struct sk_buff *skb,
		      struct nlmsghdr *nlh, __u32 pid)
{
	return ibnl_send(net, skb, nlh, pid, true);
}
EXPORT_SYMBOL_GPL(ibnl_unicast_wait);

/**
 * ibnl_multicast() - send @skb to a multicast group
 * @net: network namespace of the group
 * @skb: messages; always consumed
 * @nlh: last message, to finish, or NULL if finished
 * @group: RDMA_NL_GROUP_*
 * @flags: allocation flags for the copies
 *
 * Return: 0, or -ESRCH if nobody listens to @group.
 */
int ibnl_multicast(struct net *net, struct sk_buff *skb, struct nlmsghdr *nlh,
		   unsigned int group, gfp_t flags)
{
	if (nlh)
		nlmsg_end(skb, nlh);
	return nlmsg_multicast(ibnl_sock(net), skb, 0, group, flags);
}
EXPORT_SYMBOL_GPL(ibnl_multicast);

static int ibnl_dispatch(struct sk_buff *skb, struct nlmsghdr *nlh,
			 struct netlink_ext_ack *extack)
{
	unsigned int index = RDMA_NL_GET_CLIENT(nlh->nlmsg_type);
	unsigned int op = RDMA_NL_GET_OP(nlh->nlmsg_type);
	const struct ibnl_client *client;
	int err = -EOPNOTSUPP;

	down_read(&ibnl_clients_sem);
	client = &ibnl_clients[index];
	if (!client->cbs)
		NL_SET_ERR_MSG(extack, "no RDMA netlink client has this index");
	else if (op >= client->nops || !client->cbs[op].doit)
		NL_SET_ERR_MSG(extack, "the client does not take this operation");
	else
		err = client->cbs[op].doit(skb, nlh, extack);
	up_read(&ibnl_clients_sem);
	return err;
}

static int ibnl_rcv_msg(struct sk_buff *skb, struct nlmsghdr *nlh,
			struct netlink_ext_ack *extack)
{
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return 0;
	if (!(nlh->nlmsg_flags & NLM_F_REQUEST)) {
		NL_SET_ERR_MSG(extack, "only requests are taken (NLM_F_REQUEST)");
		return -EINVAL;
	}
	return ibnl_dispatch(skb, nlh, extack);
}

/* Answer a message whose length runs past the skb: echo its header only. */
static void ibnl_reject_truncated(struct sk_buff *skb,
				  const struct nlmsghdr *nlh)
{
	struct netlink_ext_ack extack = {};
	struct nlmsghdr hdr = *nlh;

	hdr.nlmsg_len = NLMSG_HDRLEN;
	NL_SET_ERR_MSG(&extack, "message length runs past the end of the data");
	netlink_ack(skb, &hdr, -EINVAL, &extack);
}

static void ibnl_rcv(struct sk_buff *skb)
{
	while (skb->len >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = nlmsg_hdr(skb);
		struct netlink_ext_ack extack = {};
		int err;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > skb->len) {
			ibnl_reject_truncated(skb, nlh);
			return;
		}
		err = ibnl_rcv_msg(skb, nlh, &extack);
		if (err || (nlh->nlmsg_flags & NLM_F_ACK))
			netlink_ack(skb, nlh, err, &extack);
		skb_pull(skb, min_t(u32, NLMSG_ALIGN(nlh->nlmsg_len), skb->len));
	}
}

/*
 * The port mapper waits for an answer whenever anybody listens to its
 * group: only the host's administrator may, as in-tree.
 */
static int ibnl_bind(struct net *net, int group)
{
	if (group == RDMA_NL_GROUP_IWPM && !capable(CAP_NET_ADMIN))
		return -EPERM;
	return 0;
}

static int __net_init ibnl_net_init(struct net *net)
{
	struct netlink_kernel_cfg cfg = {
		.input = ibnl_rcv,
		.groups = RDMA_NL_NUM_GROUPS,
		.bind = ibnl_bind,
	};
	struct sock *sk = netlink_kernel_create(net, NETLINK_RDMA, &cfg);

	if (!sk) {
		pr_err("ibnl: NETLINK_RDMA is taken; is ib_core loaded?\n");
		return -EBUSY;
	}
	sk->sk_sndtimeo = IBNL_SEND_TIMEOUT;
	*(struct sock **)net_generic(net, ibnl_net_id) = sk;
	return 0;
}

static void __net_exit ibnl_net_exit(struct net *net)
{
	netlink_kernel_release(ibnl_sock(net));
}

static struct pernet_operations ibnl_net_ops = {
	.init = ibnl_net_init,
	.exit = ibnl_net_exit,
	.id = &ibnl_net_id,
	.size = sizeof(struct sock *),
};

/**
 * ibnl_init() - create the NETLINK_RDMA kernel socket of every namespace
 *
 * Return: 0, or -EBUSY if another kernel socket (ib_core) owns NETLINK_RDMA.
 */
int ibnl_init(void)
{
	return register_pernet_subsys(&ibnl_net_ops);
}

/**
 * ibnl_cleanup() - release the NETLINK_RDMA kernel sockets
 */
void ibnl_cleanup(void)
{
	int i;

	for (i = 0; i < IBNL_MAX_CLIENTS; i++)
		WARN(ibnl_clients[i].cbs, "ibnl: client %d still registered\n", i);
	unregister_pernet_subsys(&ibnl_net_ops);
}
