// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Copyright (c) 2014 Intel Corporation. All rights reserved.
 * Copyright (c) 2014 Chelsio, Inc. All rights reserved.
 *
 * iWARP port mapper: the instance, one per network namespace, and the
 * driver API of <rdma/iw_portmap.h> on them.
 *
 * iw_cm and the iWARP drivers see the functions of Linux's port mapper since
 * 2014, with a network namespace added (the old names mean init_net), and
 * the same netlink callbacks; behind them is one struct iwpm per namespace,
 * whose daemon is the iwpmd running in that namespace.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/notifier.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "iwpm.h"

/* As new: no daemon known, counters at zero. */
static void iwpm_reset_daemon(struct iwpm *pm)
{
	memset(&pm->daemon, 0, sizeof(pm->daemon));
	pm->daemon.abi = IWPM_UABI_VERSION_MIN;
	atomic_set(&pm->seq, 0);
	pm->replay_pending = 0;
	memset(&pm->stats, 0, sizeof(pm->stats));
}

/* Everything but the lock, which may be in use by late callers. */
static void iwpm_reset(struct iwpm *pm, struct net *net,
		       const struct iwpm_transport *transport)
{
	u8 i;

	iwpm_reset_daemon(pm);
	memset(pm->clients, 0, sizeof(pm->clients));
	for (i = 0; i < RDMA_NL_NUM_CLIENTS; i++) {
		INIT_LIST_HEAD(&pm->clients[i].mappings);
		INIT_LIST_HEAD(&pm->clients[i].reminfos);
	}
	atomic_set(&pm->live_requests, 0);
	pm->timeout = msecs_to_jiffies(IWPM_DEFAULT_TIMEOUT_MS);
	pm->reminfo_ttl = IWPM_REMINFO_TTL;
	pm->net = net;
	pm->transport = transport;
	xa_init(&pm->requests);
	mutex_init(&pm->replay_lock);
	INIT_WORK(&pm->replay_work, iwpm_replay_work);
}

/**
 * iwpm_setup() - initialise a port mapper instance
 * @pm: instance whose @lock is initialised and which is not live
 * @net: network namespace whose daemon it hears: only a sender in @net
 *	with CAP_NET_ADMIN in the initial user namespace may speak for it
 * @transport: how it sends messages
 *
 * Return: 0 or a negative errno.
 */
int iwpm_setup(struct iwpm *pm, struct net *net,
	       const struct iwpm_transport *transport)
{
	int err;

	iwpm_reset(pm, net, transport);
	err = iwpm_tables_init(pm);
	if (err)
		return err;
	spin_lock_bh(&pm->lock);
	pm->live = true;
	spin_unlock_bh(&pm->lock);
	return 0;
}

/**
 * iwpm_teardown() - free everything an instance holds
 * @pm: instance set up by iwpm_setup()
 *
 * From the start, every table function fails cleanly.  Wakes every waiter
 * with -ESHUTDOWN, waits for a running replay and frees every table entry.
 */
void iwpm_teardown(struct iwpm *pm)
{
	iwpm_tables_close(pm);
	iwpm_requests_fail(pm, -1, -ESHUTDOWN);
	cancel_work_sync(&pm->replay_work);
	iwpm_tables_destroy(pm);
	xa_destroy(&pm->requests);
}

/*
 * One port mapper per network namespace, created when first used: a sender
 * who may speak for it sends a message, or a driver registers or maps.
 * Until then the namespace holds only a pointer, found by net_generic()
 * without a lock, so a namespace nobody maps in costs the port mapper a
 * pointer.  Every instance has the same clients in use, once each;
 * iwpm_client_users[] counts the iwpm_init() calls behind them.
 */
struct iwpm_net {
	struct iwpm pm;
	struct list_head link;
};

static unsigned int iwpm_net_id;
/* Written by iwpm_init() and iwpm_exit(). */
static DECLARE_RWSEM(iwpm_users_lock);	/* users */
static unsigned int iwpm_client_users[RDMA_NL_NUM_CLIENTS];
static unsigned int iwpm_users;
/* Taken inside the pernet operations' lock, never around it. */
static DEFINE_MUTEX(iwpm_nets_lock);	/* iwpm_nets, clients in use */
static LIST_HEAD(iwpm_nets);

static struct iwpm_net **iwpm_slot(const struct net *net)
{
	return net_generic(net, iwpm_net_id);
}

/* The namespace's port mapper, or NULL if it was never used. */
static struct iwpm *iwpm_find(const struct net *net)
{
	/* pairs with iwpm_net_publish(): an instance is seen set up */
	struct iwpm_net *in = smp_load_acquire(iwpm_slot(net));

	return in ? &in->pm : NULL;
}

static void iwpm_net_free(struct iwpm_net *in)
{
	iwpm_teardown(&in->pm);
	kfree(in);
}

/*
 * Publish @in as @net's port mapper, with every client in use, unless
 * another caller did first.  Return: the namespace's port mapper.
 */
static struct iwpm_net *iwpm_net_publish(struct net *net, struct iwpm_net *in)
{
	struct iwpm_net **slot = iwpm_slot(net), *old;
	u8 i;

	mutex_lock(&iwpm_nets_lock);
	old = *slot;
	if (!old) {
		for (i = 0; i < RDMA_NL_NUM_CLIENTS; i++)
			if (iwpm_client_users[i])
				iwpm_client_get(&in->pm, i);
		list_add(&in->link, &iwpm_nets);
		/* pairs with iwpm_find(): set up before it is seen */
		smp_store_release(slot, in);
	}
	mutex_unlock(&iwpm_nets_lock);
	if (!old)
		return in;
	iwpm_net_free(in);
	return old;
}

/*
 * The namespace's port mapper, created on first use: allocated and set up
 * with no lock held, published under iwpm_nets_lock.  Call it between
 * iwpm_init() and iwpm_exit(), with a reference to @net, so that the
 * namespace does not exit meanwhile.
 */
static struct iwpm *iwpm_get(struct net *net)
{
	struct iwpm *pm = iwpm_find(net);
	struct iwpm_net *in;
	int err;

	if (pm)
		return pm;
	in = kzalloc(sizeof(*in), GFP_KERNEL);
	if (!in)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&in->pm.lock);
	err = iwpm_setup(&in->pm, net, &iwpm_nl_transport);
	if (err) {
		kfree(in);
		return ERR_PTR(err);
	}
	return &iwpm_net_publish(net, in)->pm;
}

/* Waiters of a namespace that goes away get -ESHUTDOWN. */
static void __net_exit iwpm_net_exit(struct net *net)
{
	struct iwpm_net **slot = iwpm_slot(net);
	struct iwpm_net *in;

	mutex_lock(&iwpm_nets_lock);
	in = *slot;
	if (in) {
		WRITE_ONCE(*slot, NULL);
		list_del(&in->link);
	}
	mutex_unlock(&iwpm_nets_lock);
	if (in)
		iwpm_net_free(in);
}

static struct pernet_operations iwpm_net_ops = {
	.exit = iwpm_net_exit,
	.id = &iwpm_net_id,
	.size = sizeof(struct iwpm_net *),
};

static int iwpm_netlink_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct netlink_notify *n = ptr;
	struct iwpm *pm;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_RDMA)
		return NOTIFY_DONE;
	pm = iwpm_find(n->net);
	if (pm)
		iwpm_pm_daemon_released(pm, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block iwpm_netlink_notifier = {
	.notifier_call = iwpm_netlink_event,
};

/* The first user of a client: every instance starts it. */
static void iwpm_nets_client_get(u8 client)
{
	struct iwpm_net *in;

	mutex_lock(&iwpm_nets_lock);
	if (!iwpm_client_users[client]++)
		list_for_each_entry(in, &iwpm_nets, link)
			iwpm_client_get(&in->pm, client);
	mutex_unlock(&iwpm_nets_lock);
}

/* The last user of a client: every instance forgets what it had of it. */
static void iwpm_nets_client_put(u8 client)
{
	struct iwpm_net *in;

	mutex_lock(&iwpm_nets_lock);
	if (!--iwpm_client_users[client])
		list_for_each_entry(in, &iwpm_nets, link)
			iwpm_client_put(&in->pm, client);
	mutex_unlock(&iwpm_nets_lock);
}

/* The first user: every namespace gets a place for its port mapper. */
static int iwpm_nets_hold(void)
{
	int err = register_pernet_device(&iwpm_net_ops);

	if (!err)
		netlink_register_notifier(&iwpm_netlink_notifier);
	return err;
}

/* The last user: every port mapper is torn down. */
static void iwpm_nets_release(void)
{
	netlink_unregister_notifier(&iwpm_netlink_notifier);
	unregister_pernet_device(&iwpm_net_ops);
}

/**
 * iwpm_init() - start using the port mapper for a netlink client
 * @nl_client: RDMA_NL_IWCM (2), or RDMA_NL_RSVD (3), once cxgb4's
 *	RDMA_NL_C4IW, which iwpmd still addresses
 *
 * Calls nest: each needs a matching iwpm_exit().  The first call of a
 * client starts it unregistered, in every network namespace; the first
 * call of all lets each namespace have a port mapper, which it gets when
 * first used.  Process context.
 *
 * Return: 0, -EINVAL for another client index, or the error of
 * register_pernet_device() (-ENOMEM).
 */
int iwpm_init(u8 nl_client)
{
	int err = 0;

	if (!iwpm_client_valid(nl_client))
		return -EINVAL;
	down_write(&iwpm_users_lock);
	if (!iwpm_users)
		err = iwpm_nets_hold();
	if (!err) {
		iwpm_nets_client_get(nl_client);
		iwpm_users++;
	}
	up_write(&iwpm_users_lock);
	return err;
}

/**
 * iwpm_exit() - stop using the port mapper for a netlink client
 * @nl_client: as given to iwpm_init()
 *
 * The last exit of a client frees its mappings and remote-info entries in
 * every namespace and fails its outstanding requests with -ESHUTDOWN; the
 * last exit of all frees every namespace's port mapper.  Remove the netlink
 * callbacks first.  Process context.
 *
 * Return: 0, or -EINVAL if @nl_client is not in use.
 */
int iwpm_exit(u8 nl_client)
{
	int err = 0;

	down_write(&iwpm_users_lock);
	if (!iwpm_client_valid(nl_client) || !iwpm_client_users[nl_client]) {
		err = -EINVAL;
	} else {
		iwpm_nets_client_put(nl_client);
		if (!--iwpm_users)
			iwpm_nets_release();
	}
	up_write(&iwpm_users_lock);
	return err;
}

/**
 * iwpm_valid_pid_net() - is a port mapper daemon known to be running
 * @net: network namespace whose daemon is meant
 *
 * Takes only the namespace's own port mapper lock, and creates nothing.
 * Call it, as every function below, between iwpm_init() and iwpm_exit(),
 * with a reference to @net.
 *
 * Return: 1 if a daemon introduced itself (answered a registration, or sent
 * HELLO or MAPINFO) and has not vanished since, else 0.
 */
int iwpm_valid_pid_net(struct net *net)
{
	struct iwpm *pm = iwpm_find(net);
	bool known;

	if (!pm)
		return 0;
	spin_lock_bh(&pm->lock);
	known = pm->daemon.known;
	spin_unlock_bh(&pm->lock);
	return known;
}

/**
 * iwpm_register_pid_net() - register a client with the port mapper daemon
 * @net: network namespace the addresses belong to
 * @pm_msg: device and interface names, NUL-terminated
 * @nl_client: client index given to iwpm_init()
 *
 * Multicasts a registration and waits for the daemon's answer, which also
 * settles the ABI version.  Returns at once if the client is registered, or
 * if no daemon runs (until a daemon announces itself).  Process context.
 *
 * Return: 0 when registered; -ESRCH when nobody listens to the port mapper
 * group, and at once from then on, or after a registration timed out before
 * any daemon spoke; -ETIMEDOUT; -EINTR when the caller got a fatal signal
 * while it waited; -EPROTO for an answer from something that is
 * not a supported port mapper, or naming another device; -EINVAL for names
 * not NUL-terminated or a client not in use; or another negative errno (the
 * daemon's error, -ENOMEM, -ECONNRESET when the daemon's socket closed).
 */
int iwpm_register_pid_net(struct net *net, struct iwpm_dev_data *pm_msg,
			  u8 nl_client)
{
	struct iwpm *pm = iwpm_get(net);

	if (IS_ERR(pm))
		return PTR_ERR(pm);
	return iwpm_pm_register(pm, pm_msg, nl_client);
}

/**
 * iwpm_add_mapping_net() - map a local address (listen side)
 * @net: network namespace the addresses belong to
 * @pm_msg: @loc_addr and @flags in; @mapped_loc_addr out
 * @nl_client: registered client index
 *
 * Without a daemon, @mapped_loc_addr is @loc_addr and the call succeeds.
 * Flags go on the wire under ABI version 4 only; a daemon of version 3 gets
 * the request without them.  Process context.
 *
 * Return: 0, or a negative errno: -EINVAL for a client not in use, or not
 * registered with the known daemon, or an address neither IPv4 nor IPv6;
 * the daemon's error; -ETIMEDOUT; -EINTR when the caller got a fatal signal
 * while it waited (the daemon may still make the mapping, as after a
 * timeout); -EPROTO for an answer that does not match the request;
 * -ECONNRESET when the daemon's socket closed, -ESHUTDOWN when the client
 * exited meanwhile; -ENOMEM or the error of sending the request.
 */
int iwpm_add_mapping_net(struct net *net, struct iwpm_sa_data *pm_msg,
			 u8 nl_client)
{
	struct iwpm *pm = iwpm_get(net);

	if (IS_ERR(pm))
		return PTR_ERR(pm);
	return iwpm_pm_add_mapping(pm, pm_msg, nl_client, false);
}

/**
 * iwpm_add_and_query_mapping_net() - map a local and a remote address (connect)
 * @net: network namespace the addresses belong to
 * @pm_msg: @loc_addr, @rem_addr and @flags in; the mapped addresses out
 * @nl_client: registered client index
 *
 * Without a daemon, the mapped addresses are the given ones.  A rejection by
 * the remote side's port mapper is -ECONNREFUSED.  Flags as for
 * iwpm_add_mapping_net().  Process context.
 *
 * Return: 0, or a negative errno, as for iwpm_add_mapping_net().
 */
int iwpm_add_and_query_mapping_net(struct net *net,
				   struct iwpm_sa_data *pm_msg, u8 nl_client)
{
	struct iwpm *pm = iwpm_get(net);

	if (IS_ERR(pm))
		return PTR_ERR(pm);
	return iwpm_pm_add_mapping(pm, pm_msg, nl_client, true);
}

/**
 * iwpm_remove_mapping_net() - tell the daemon to release a mapping
 * @net: network namespace the addresses belong to
 * @local_addr: local address the mapping was added for
 * @nl_client: client index
 *
 * Does not wait for the daemon, nor for room in its socket.  Without a daemon
 * (or a port mapper: the namespace never used it) there is nothing to do.
 * Process context.
 *
 * Return: 0 without a daemon; -EINVAL for a client not in use or never
 * registered, or an address neither IPv4 nor IPv6; -ENOMEM; or the error of
 * sending the message (-EAGAIN when the daemon's socket is full).
 */
int iwpm_remove_mapping_net(struct net *net,
			    struct sockaddr_storage *local_addr, u8 nl_client)
{
	struct iwpm *pm = iwpm_find(net);

	/* a port mapper never used knows no daemon: nothing to release */
	if (!pm)
		return 0;
	return iwpm_pm_remove_mapping(pm, local_addr, nl_client);
}

/**
 * iwpm_create_mapinfo_net() - remember a mapping for replay to a new daemon
 * @net: network namespace the addresses belong to
 * @local_addr: local address
 * @mapped_addr: mapped address, same family
 * @nl_client: client index given to iwpm_init()
 * @map_flags: IWPM_FLAGS_* the mapping was made with
 *
 * Creating the same mapping (same @mapped_addr and @map_flags) again counts
 * one more reference.  A mapping of @local_addr to another address or with
 * other flags is an entry of its own, never an error; a lookup of
 * @local_addr finds the most recently created.  A hash table that cannot
 * grow does not fail it (iwpm_mapinfo_add()).  Process context.
 *
 * Return: 0; -EINVAL for a client not in use, an address neither IPv4 nor
 * IPv6 or addresses of two families; -ENOMEM if the entry cannot be
 * allocated (GFP_KERNEL), the one failure of Linux 6.12's.
 */
int iwpm_create_mapinfo_net(struct net *net,
			    struct sockaddr_storage *local_addr,
			    struct sockaddr_storage *mapped_addr, u8 nl_client,
			    u32 map_flags)
{
	struct iwpm *pm = iwpm_get(net);

	if (IS_ERR(pm))
		return PTR_ERR(pm);
	return iwpm_mapinfo_add(pm, nl_client, local_addr, mapped_addr,
				map_flags);
}

/**
 * iwpm_remove_mapinfo_net() - forget one reference to a mapping
 * @net: network namespace the addresses belong to
 * @local_addr: local address
 * @mapped_addr: mapped address it was created with
 *
 * The mapping may be of any client and have any flags; the most recently
 * created such mapping loses the reference, and is forgotten with its last.
 *
 * Return: 0, or -ENOENT if no client has that mapping.
 */
int iwpm_remove_mapinfo_net(struct net *net,
			    struct sockaddr_storage *local_addr,
			    struct sockaddr_storage *mapped_addr)
{
	struct iwpm *pm = iwpm_find(net);

	return pm ? iwpm_mapinfo_del(pm, local_addr, mapped_addr) : -ENOENT;
}

/**
 * iwpm_get_remote_info_net() - remote address of a passive-side connection
 * @net: network namespace the addresses belong to
 * @mapped_loc_addr: mapped local address of the connection
 * @mapped_rem_addr: mapped remote address of the connection
 * @remote_addr: result: the peer's real address
 * @nl_client: client index
 *
 * The daemon reports it with REMOTE_INFO; this takes the report, so a second
 * call for the same connection finds nothing.
 *
 * Return: 0, or -ENOENT if nothing was reported.
 */
int iwpm_get_remote_info_net(struct net *net,
			     struct sockaddr_storage *mapped_loc_addr,
			     struct sockaddr_storage *mapped_rem_addr,
			     struct sockaddr_storage *remote_addr, u8 nl_client)
{
	struct iwpm *pm = iwpm_find(net);

	if (!pm)
		return -ENOENT;
	return iwpm_reminfo_take(pm, nl_client, mapped_loc_addr,
				 mapped_rem_addr, remote_addr);
}

/*
 * A message goes to the port mapper of the namespace of the socket it came
 * from; the netlink callbacks are registered between iwpm_init() and
 * iwpm_exit().  The permission check comes first, takes no global lock nor
 * the tracepoint, and holds only the instance's spinlock for a moment:
 * whoever may not speak for the port mapper gets -EPERM, creates nothing
 * and cannot hold up the daemon's messages.
 */
static int iwpm_rx(struct sk_buff *skb, struct nlmsghdr *nlh,
		   struct netlink_ext_ack *extack)
{
	struct net *net = sock_net(skb->sk);
	struct iwpm *pm = iwpm_find(net);
	int err;

	if (!pm && iwpm_pm_may_speak(NULL, skb, nlh)) {
		pm = iwpm_get(net);
		/* a HELLO is never answered with an error (iwpm_hello_cb()) */
		if (IS_ERR(pm))
			return RDMA_NL_GET_OP(nlh->nlmsg_type) ==
				RDMA_NL_IWPM_HELLO ? 0 : PTR_ERR(pm);
	}
	err = iwpm_pm_rx_allowed(pm, skb, nlh);
	return err ?: iwpm_pm_rx_trusted(pm, skb, nlh, extack);
}

/**
 * iwpm_register_pid_cb() - netlink callback: answer to a registration
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * Every iwpm_*_cb() takes whatever port mapper message @nlh is, so a
 * client's table may point each operation at its namesake.
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_register_pid_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			 struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}

/**
 * iwpm_add_mapping_cb() - netlink callback: answer to an add mapping
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_add_mapping_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}

/**
 * iwpm_add_and_query_mapping_cb() - netlink callback: answer to a query
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_add_and_query_mapping_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
				  struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}

/**
 * iwpm_remote_info_cb() - netlink callback: remote address of a connection
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_remote_info_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}

/**
 * iwpm_mapping_error_cb() - netlink callback: the daemon failed a request
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_mapping_error_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			  struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}

/**
 * iwpm_mapping_info_cb() - netlink callback: a restarted daemon wants the
 * mappings
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * The mappings follow from a work item, many per skb, then MAPINFO_NUM.
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_mapping_info_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			 struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}

/**
 * iwpm_ack_mapping_info_cb() - netlink callback: the daemon's count of the
 * replayed mappings
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_ack_mapping_info_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			     struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}

/**
 * iwpm_hello_cb() - netlink callback: a daemon announces its ABI version
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * While a driver uses the client, the kernel settles on min(daemon's,
 * IWPM_UABI_VERSION) and says so in its own HELLO; otherwise the HELLO is
 * ignored.  Besides -EPERM, a HELLO is answered with an error only if it is
 * malformed or names an ABI version older than IWPM_UABI_VERSION_MIN.
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_hello_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
		  struct netlink_ext_ack *extack)
{
	return iwpm_rx(skb, nlh, extack);
}
