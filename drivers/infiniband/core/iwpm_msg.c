// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: the messages exchanged with the user-space daemon.
 *
 * Requests (register, add mapping, add and query mapping) are tracked by
 * sequence number and waited for; the daemon's answer names the number in
 * its SEQ attribute.  Notifications (remove mapping, hello, the replay of the
 * mapping table) are fire and forget.  Every message from the daemon is
 * validated in full before it touches any state.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "iwpm_util.h"

static unsigned int timeout_ms = IWPM_DEFAULT_TIMEOUT_MS;
module_param(timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms, "How long a request waits for the daemon (ms)");

/* Room for the largest request we send (QUERY_MAPPING with flags). */
#define IWPM_MSG_SIZE	512

struct iwpm_attr {
	u16 type;
	u16 len;
	const void *data;
};

/* What a handler needs of a validated daemon message. */
struct iwpm_rx_msg {
	struct nlattr **tb;
	u8 client;
	u32 portid;
	u32 seq;
	struct netlink_ext_ack *extack;
};

static const char iwpm_ulib_name[IWPM_ULIBNAME_SIZE] = IWPM_ULIB_NAME;

/**
 * iwpm_errno_from_daemon() - turn a daemon error code into an errno
 * @code: 0 or IWPM_*_ERR
 *
 * Return: 0 or a negative errno; -EIO for codes this kernel does not know.
 */
int iwpm_errno_from_daemon(u16 code)
{
	switch (code) {
	case 0:
		return 0;
	case IWPM_INVALID_NLMSG_ERR:
		return -EINVAL;
	case IWPM_CREATE_MAPPING_ERR:
		return -EADDRNOTAVAIL;
	case IWPM_DUPLICATE_MAPPING_ERR:
		return -EEXIST;
	case IWPM_UNKNOWN_MAPPING_ERR:
		return -ENOENT;
	case IWPM_CLIENT_DEV_INFO_ERR:
		return -ENODEV;
	case IWPM_USER_LIB_INFO_ERR:
		return -EPROTO;
	case IWPM_REMOTE_QUERY_REJECT:
		return -ECONNREFUSED;
	}
	return -EIO;
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_errno_from_daemon);

/* Append one message to @skb; on failure nothing of it remains. */
static int iwpm_put(struct sk_buff *skb, u8 client, u8 op, u32 seq, int flags,
		    const struct iwpm_attr *attrs, int n)
{
	struct nlmsghdr *nlh;
	int i, err;

	if (!ibnl_put_msg(skb, &nlh, seq, 0, client, op, flags))
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		err = ibnl_put_attr(skb, nlh, attrs[i].len, attrs[i].data,
				    attrs[i].type);
		if (err)
			return err;
	}
	/* Linux's ibnl_put_attr() leaves the length to the caller. */
	nlmsg_end(skb, nlh);
	return 0;
}

static struct sk_buff *iwpm_msg(u8 client, u8 op, u32 seq,
				const struct iwpm_attr *attrs, int n)
{
	struct sk_buff *skb;

	skb = nlmsg_new(IWPM_MSG_SIZE, GFP_KERNEL);
	if (skb && iwpm_put(skb, client, op, seq, NLM_F_REQUEST, attrs, n)) {
		kfree_skb(skb);
		skb = NULL;
	}
	return skb;
}

static u32 iwpm_next_seq(struct iwpm *pm)
{
	return atomic_inc_return(&pm->seq);
}

/*
 * Forget the daemon if it is the one on *@portid (any daemon for NULL):
 * requests fall back to unmapped addresses until a daemon speaks again.
 * Return: true if it was forgotten.
 */
static bool iwpm_daemon_forget(struct iwpm *pm, const u32 *portid)
{
	bool forget;

	spin_lock_bh(&pm->lock);
	forget = !portid || (pm->daemon.known && pm->daemon.portid == *portid);
	if (forget) {
		pm->daemon.known = false;
		pm->daemon.gone = true;
	}
	spin_unlock_bh(&pm->lock);
	return forget;
}

/* Record and count a message that left (or failed to); pass @err on. */
static int iwpm_sent(struct iwpm *pm, int err)
{
	atomic_long_inc(err ? &pm->stats.send_errors : &pm->stats.sent);
	return err;
}

static int iwpm_unicast(struct iwpm *pm, struct sk_buff *skb, u32 portid,
			bool wait)
{
	int err;

	iwpm_trace(true, portid, skb->data, skb->len);
	err = iwpm_sent(pm, pm->transport->unicast(pm, skb, portid, wait));
	if (err == -ECONNREFUSED)
		iwpm_daemon_forget(pm, &portid);
	return err;
}

/*
 * A daemon introduced itself (register answer, hello or mapinfo request).
 * A daemon on another port is a new daemon: it knows no client.
 */
static void iwpm_daemon_set(struct iwpm *pm, u32 portid, u16 abi)
{
	u8 i;

	lockdep_assert_held(&pm->lock);
	if (!pm->daemon.known || pm->daemon.portid != portid)
		for (i = 0; i < RDMA_NL_NUM_CLIENTS; i++)
			if (pm->clients[i].reg == IWPM_REG_VALID)
				pm->clients[i].reg = IWPM_REG_INCOMPL;
	pm->daemon.portid = portid;
	pm->daemon.known = true;
	pm->daemon.gone = false;
	pm->daemon.abi = min_t(u16, abi, IWPM_UABI_VERSION);
}

struct iwpm_peer {
	bool known;
	bool gone;
	u32 portid;
	u16 abi;
	u32 echo_seq;
	enum iwpm_reg reg;
};

static void iwpm_peer_get(struct iwpm *pm, u8 client, struct iwpm_peer *p)
{
	spin_lock_bh(&pm->lock);
	p->known = pm->daemon.known;
	p->gone = pm->daemon.gone;
	p->portid = pm->daemon.portid;
	p->abi = pm->daemon.abi;
	p->echo_seq = pm->daemon.echo_seq;
	p->reg = pm->clients[client].reg;
	spin_unlock_bh(&pm->lock);
}

static bool iwpm_dev_data_ok(const struct iwpm_dev_data *dev)
{
	return memchr(dev->dev_name, '\0', sizeof(dev->dev_name)) &&
	       memchr(dev->if_name, '\0', sizeof(dev->if_name));
}

static int iwpm_send_reg(struct iwpm *pm, const struct iwpm_dev_data *dev,
			 u8 client, u32 seq, u32 echo_seq)
{
	struct iwpm_dev_data pad = {};
	const struct iwpm_attr attrs[] = {
		{ IWPM_NLA_REG_PID_SEQ, sizeof(u32), &echo_seq },
		{ IWPM_NLA_REG_IF_NAME, IWPM_IFNAME_SIZE, pad.if_name },
		{ IWPM_NLA_REG_IBDEV_NAME, IWPM_DEVNAME_SIZE, pad.dev_name },
		{ IWPM_NLA_REG_ULIB_NAME, IWPM_ULIBNAME_SIZE, iwpm_ulib_name },
	};
	struct sk_buff *skb;

	strscpy(pad.dev_name, dev->dev_name, sizeof(pad.dev_name));
	strscpy(pad.if_name, dev->if_name, sizeof(pad.if_name));
	skb = iwpm_msg(client, RDMA_NL_IWPM_REG_PID, seq, attrs,
		       ARRAY_SIZE(attrs));
	if (!skb)
		return -ENOMEM;
	iwpm_trace(true, 0, skb->data, skb->len);
	return iwpm_sent(pm, pm->transport->multicast(pm, skb));
}

/**
 * iwpm_pm_register() - register @client with the daemon
 * @pm: port mapper
 * @dev: device and interface names
 * @client: netlink client index, in use
 *
 * Return: 0 once registered; -ESRCH at once when no daemon runs;
 * -ETIMEDOUT, -EPROTO or another negative errno if registration failed.
 */
int iwpm_pm_register(struct iwpm *pm, const struct iwpm_dev_data *dev,
		     u8 client)
{
	struct iwpm_request *req;
	struct iwpm_peer peer;
	int err;

	if (!iwpm_client_in_use(pm, client) || !iwpm_dev_data_ok(dev))
		return -EINVAL;
	iwpm_peer_get(pm, client, &peer);
	if (peer.known && peer.reg == IWPM_REG_VALID)
		return 0;
	if (peer.gone)
		return -ESRCH;

	req = iwpm_request_new(pm, client, RDMA_NL_IWPM_REG_PID);
	if (IS_ERR(req))
		return PTR_ERR(req);
	strscpy(req->dev_name, dev->dev_name, sizeof(req->dev_name));
	err = iwpm_send_reg(pm, dev, client, req->seq, peer.echo_seq);
	if (err) {
		if (err == -ESRCH)	/* nobody listens: no daemon runs */
			iwpm_daemon_forget(pm, NULL);
		iwpm_request_cancel(pm, req);
	} else {
		err = iwpm_request_wait(pm, req);
	}
	iwpm_request_put(req);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_register);

static struct sk_buff *iwpm_mapping_msg(const struct iwpm_sa_data *sa,
					u8 client, bool query, u32 seq,
					const struct iwpm_peer *peer)
{
	const bool flags = peer->abi > IWPM_UABI_VERSION_MIN;
	const u32 echo = peer->echo_seq;
	const struct iwpm_attr add[] = {
		{ IWPM_NLA_MANAGE_MAPPING_SEQ, sizeof(u32), &echo },
		{ IWPM_NLA_MANAGE_ADDR, sizeof(sa->loc_addr), &sa->loc_addr },
		{ IWPM_NLA_MANAGE_FLAGS, sizeof(u32), &sa->flags },
	};
	const struct iwpm_attr qry[] = {
		{ IWPM_NLA_QUERY_MAPPING_SEQ, sizeof(u32), &echo },
		{ IWPM_NLA_QUERY_LOCAL_ADDR, sizeof(sa->loc_addr), &sa->loc_addr },
		{ IWPM_NLA_QUERY_REMOTE_ADDR, sizeof(sa->rem_addr), &sa->rem_addr },
		{ IWPM_NLA_QUERY_FLAGS, sizeof(u32), &sa->flags },
	};

	if (query)
		return iwpm_msg(client, RDMA_NL_IWPM_QUERY_MAPPING, seq, qry,
				ARRAY_SIZE(qry) - !flags);
	return iwpm_msg(client, RDMA_NL_IWPM_ADD_MAPPING, seq, add,
			ARRAY_SIZE(add) - !flags);
}

static void iwpm_sa_unmapped(struct iwpm_sa_data *sa)
{
	sa->mapped_loc_addr = sa->loc_addr;
	sa->mapped_rem_addr = sa->rem_addr;
}

static int iwpm_mapping_request(struct iwpm *pm, struct iwpm_sa_data *sa,
				u8 client, bool query,
				const struct iwpm_peer *peer,
				struct iwpm_request *req)
{
	struct sk_buff *skb;
	int err;

	skb = iwpm_mapping_msg(sa, client, query, req->seq, peer);
	if (!skb) {
		iwpm_request_cancel(pm, req);
		return -ENOMEM;
	}
	err = iwpm_unicast(pm, skb, peer->portid, true);
	if (err) {
		iwpm_request_cancel(pm, req);
		return err;
	}
	/*
	 * After a timeout the caller still owns the mapping: iw_cm removes it
	 * with iwpm_remove_mapping() when the connection is destroyed, so a
	 * removal from here would release a port the daemon counts twice.
	 */
	err = iwpm_request_wait(pm, req);
	if (err)
		return err;
	sa->mapped_loc_addr = req->mapped_loc;
	if (query)
		sa->mapped_rem_addr = req->mapped_rem;
	return 0;
}

/**
 * iwpm_pm_add_mapping() - ask the daemon to map a local (and remote) address
 * @pm: port mapper
 * @sa: addresses; the mapped ones are filled in
 * @client: netlink client index, registered
 * @query: connect side: also map the remote address (QUERY_MAPPING)
 *
 * Without a daemon the mapped addresses are the given ones and the call
 * succeeds at once.  A daemon of ABI version 3 cannot be told @sa->flags;
 * the request goes without them, as Linux has always sent it.
 *
 * Return: 0; -EINVAL for bad addresses or an unregistered client; the
 * daemon's error as an errno; -ETIMEDOUT.
 */
int iwpm_pm_add_mapping(struct iwpm *pm, struct iwpm_sa_data *sa, u8 client,
			bool query)
{
	u8 op = query ? RDMA_NL_IWPM_QUERY_MAPPING : RDMA_NL_IWPM_ADD_MAPPING;
	struct iwpm_addr loc, rem = {};
	struct iwpm_request *req;
	struct iwpm_peer peer;
	int err;

	if (!iwpm_client_in_use(pm, client) ||
	    iwpm_addr_from_sockaddr(&loc, &sa->loc_addr) ||
	    (query && iwpm_addr_from_sockaddr(&rem, &sa->rem_addr)))
		return -EINVAL;
	iwpm_peer_get(pm, client, &peer);
	if (!peer.known) {
		iwpm_sa_unmapped(sa);
		return 0;
	}
	if (peer.reg != IWPM_REG_VALID)
		return -EINVAL;

	req = iwpm_request_new(pm, client, op);
	if (IS_ERR(req))
		return PTR_ERR(req);
	req->loc = loc;
	req->rem = rem;
	err = iwpm_mapping_request(pm, sa, client, query, &peer, req);
	iwpm_request_put(req);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_add_mapping);

/**
 * iwpm_pm_remove_mapping() - tell the daemon a mapping is no longer used
 * @pm: port mapper
 * @local: local address of the mapping
 * @client: netlink client index
 *
 * Does not wait for an answer.  Without a daemon there is nothing to do.
 * Waits for a replay skb being sent, so that the removal reaches the daemon
 * after any replay of the mapping.
 *
 * Return: 0, -EINVAL for a bad client or address, or the send error.
 */
int iwpm_pm_remove_mapping(struct iwpm *pm,
			   const struct sockaddr_storage *local, u8 client)
{
	struct iwpm_peer peer;
	const struct iwpm_attr attrs[] = {
		{ IWPM_NLA_MANAGE_MAPPING_SEQ, sizeof(u32), &peer.echo_seq },
		{ IWPM_NLA_MANAGE_ADDR, sizeof(*local), local },
	};
	struct iwpm_addr loc;
	struct sk_buff *skb;
	int err;

	if (!iwpm_client_in_use(pm, client) ||
	    iwpm_addr_from_sockaddr(&loc, local))
		return -EINVAL;
	iwpm_peer_get(pm, client, &peer);
	if (!peer.known)
		return 0;
	if (peer.reg == IWPM_REG_UNDEF)
		return -EINVAL;
	skb = iwpm_msg(client, RDMA_NL_IWPM_REMOVE_MAPPING, iwpm_next_seq(pm),
		       attrs, ARRAY_SIZE(attrs));
	if (!skb)
		return -ENOMEM;
	mutex_lock(&pm->replay_lock);
	err = iwpm_unicast(pm, skb, peer.portid, true);
	mutex_unlock(&pm->replay_lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_remove_mapping);

/**
 * iwpm_pm_daemon_released() - a netlink socket of user space was closed
 * @pm: port mapper
 * @portid: its port id
 *
 * If it was the daemon's, the daemon is gone: every outstanding request fails
 * with -ECONNRESET now rather than at its timeout, and later requests fall
 * back to unmapped addresses until a daemon speaks again.
 */
void iwpm_pm_daemon_released(struct iwpm *pm, u32 portid)
{
	if (iwpm_daemon_forget(pm, &portid))
		iwpm_requests_fail(pm, -1, -ECONNRESET);
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_daemon_released);

/* ---- mapping replay to a restarted daemon ---- */

/*
 * Bytes of one replay skb, NLMSG_DONE included: iwpmd reads its netlink
 * socket into a buffer of this size and loses whatever does not fit.
 */
#define IWPM_REPLAY_SKB_BYTES	4096

static size_t iwpm_attr_bytes(const struct iwpm_attr *attrs, int n)
{
	size_t len = 0;

	while (n--)
		len += nla_total_size(attrs[n].len);
	return len;
}

static int iwpm_put_mapping(struct sk_buff *skb, u8 client,
			    const struct iwpm_mapping *m, u16 abi)
{
	struct sockaddr_storage local, mapped;
	const struct iwpm_attr attrs[] = {
		{ IWPM_NLA_MAPINFO_LOCAL_ADDR, sizeof(local), &local },
		{ IWPM_NLA_MAPINFO_MAPPED_ADDR, sizeof(mapped), &mapped },
		{ IWPM_NLA_MAPINFO_FLAGS, sizeof(u32), &m->flags },
	};
	int n = ARRAY_SIZE(attrs) - (abi <= IWPM_UABI_VERSION_MIN);

	iwpm_addr_to_sockaddr(&local, &m->local, m->local_scope);
	iwpm_addr_to_sockaddr(&mapped, &m->mapped, m->mapped_scope);
	/* Leave room for the NLMSG_DONE that closes the skb. */
	if (skb->len + nlmsg_total_size(iwpm_attr_bytes(attrs, n)) +
	    NLMSG_HDRLEN > IWPM_REPLAY_SKB_BYTES)
		return -EMSGSIZE;
	return iwpm_put(skb, client, RDMA_NL_IWPM_MAPINFO, 0, NLM_F_MULTI,
			attrs, n);
}

static int iwpm_replay_flush(struct iwpm *pm, struct sk_buff *skb, u32 portid)
{
	if (!nlmsg_put(skb, 0, 0, NLMSG_DONE, 0, NLM_F_MULTI)) {
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	return iwpm_unicast(pm, skb, portid, true);
}

/* Where a replay is: what it sends from, and how far it got. */
struct iwpm_replay {
	u8 client;
	const struct iwpm_peer *peer;
	const struct iwpm_mapping *snap;
	unsigned int n;
	unsigned int next;
	u32 sent;
};

/*
 * Fill @skb from the snapshot with the mappings the client still has, under
 * the table lock, so that none removed before this point is sent.
 * Return: how many were put.
 */
static unsigned int iwpm_replay_fill(struct iwpm *pm, struct iwpm_replay *rp,
				     struct sk_buff *skb)
{
	const struct iwpm_mapping *m;
	unsigned int put = 0;

	spin_lock_bh(&pm->lock);
	for (; rp->next < rp->n; rp->next++) {
		m = &rp->snap[rp->next];
		if (!iwpm_mapinfo_live(pm, rp->client, m))
			continue;
		if (iwpm_put_mapping(skb, rp->client, m, rp->peer->abi))
			break;
		put++;
	}
	spin_unlock_bh(&pm->lock);
	return put;
}

/*
 * Build and send one skb of the replay with @pm->replay_lock held: a
 * mapping removed after it was put waits with its REMOVE_MAPPING until the
 * skb is on its way, so the daemon sees the removal last.
 */
static int iwpm_replay_skb(struct iwpm *pm, struct iwpm_replay *rp)
{
	struct sk_buff *skb;
	unsigned int put;
	int err = 0;

	skb = alloc_skb(IWPM_REPLAY_SKB_BYTES, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	mutex_lock(&pm->replay_lock);
	put = iwpm_replay_fill(pm, rp, skb);
	if (put) {
		err = iwpm_replay_flush(pm, skb, rp->peer->portid);
	} else {
		kfree_skb(skb);
		if (rp->next < rp->n)	/* one mapping larger than an skb */
			err = -EMSGSIZE;
	}
	mutex_unlock(&pm->replay_lock);
	if (!err)
		rp->sent += put;
	return err;
}

static int iwpm_send_mapinfo_num(struct iwpm *pm, u8 client, u32 portid,
				 u32 count)
{
	const u32 zero = 0;
	const struct iwpm_attr attrs[] = {
		{ IWPM_NLA_MAPINFO_SEQ, sizeof(u32), &zero },
		{ IWPM_NLA_MAPINFO_SEND_NUM, sizeof(u32), &count },
	};
	struct sk_buff *skb;

	skb = iwpm_msg(client, RDMA_NL_IWPM_MAPINFO_NUM, iwpm_next_seq(pm),
		       attrs, ARRAY_SIZE(attrs));
	if (!skb)
		return -ENOMEM;
	return iwpm_unicast(pm, skb, portid, true);
}

static void iwpm_replay_client(struct iwpm *pm, u8 client)
{
	struct iwpm_replay rp = { .client = client };
	struct iwpm_mapping *snap;
	struct iwpm_peer peer;
	int err = 0;

	iwpm_peer_get(pm, client, &peer);
	if (!peer.known)
		return;
	snap = iwpm_mapinfo_snapshot(pm, client, &rp.n);
	if (IS_ERR_OR_NULL(snap)) {
		err = PTR_ERR_OR_ZERO(snap);
		goto out;
	}
	rp.peer = &peer;
	rp.snap = snap;
	while (!err && rp.next < rp.n)
		err = iwpm_replay_skb(pm, &rp);
	kvfree(snap);
	if (err)
		goto out;
	spin_lock_bh(&pm->lock);
	pm->clients[client].replay_sent = rp.sent;
	spin_unlock_bh(&pm->lock);
	err = iwpm_send_mapinfo_num(pm, client, peer.portid, rp.sent);
	if (!err)
		atomic_long_inc(&pm->stats.replays);
out:
	if (err)
		pr_warn_ratelimited("iwpm: replay of client %u's mappings failed: %d\n",
				    client, err);
}

/**
 * iwpm_replay_work() - send the mapping tables a restarted daemon asked for
 * @work: &iwpm.replay_work
 *
 * Runs on the instance's own ordered workqueue, in process context, so that
 * a slow daemon can be waited for without blocking the daemon's own send or
 * anybody else's work.
 */
void iwpm_replay_work(struct work_struct *work)
{
	struct iwpm *pm = container_of(work, struct iwpm, replay_work);
	u8 client;

	for (client = 0; client < RDMA_NL_NUM_CLIENTS; client++)
		if (test_and_clear_bit(client, &pm->replay_pending))
			iwpm_replay_client(pm, client);
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_replay_work);

/* ---- messages from the daemon ---- */

static int iwpm_stale(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	atomic_long_inc(&pm->stats.stale);
	NL_SET_ERR_MSG(msg->extack, "no outstanding request has this sequence number");
	return -ENOENT;
}

static int iwpm_bad(struct iwpm *pm, const struct iwpm_rx_msg *msg,
		    struct iwpm_request *req, const char *why)
{
	atomic_long_inc(&pm->stats.rejected);
	if (msg->extack)
		msg->extack->_msg = why;
	if (req)
		iwpm_request_complete(req, -EPROTO);
	return -EPROTO;
}

static void iwpm_answered(struct iwpm *pm, struct iwpm_request *req, int err)
{
	atomic_long_inc(err ? &pm->stats.daemon_errors : &pm->stats.answered);
	iwpm_request_complete(req, err);
}

/* Attribute as a key; validated by the policy to hold a sockaddr_storage. */
static int iwpm_nla_addr(const struct nlattr *nla, struct iwpm_addr *a)
{
	return iwpm_addr_from_sockaddr(a, nla_data(nla));
}

static bool iwpm_ulib_ok(const struct nlattr *name, const struct nlattr *ver)
{
	return !strcmp(nla_data(name), IWPM_ULIB_NAME) &&
	       nla_get_u16(ver) >= IWPM_UABI_VERSION_MIN;
}

static int iwpm_rx_reg_pid(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	struct nlattr **tb = msg->tb;
	struct iwpm_request *req;

	req = iwpm_request_claim(pm, nla_get_u32(tb[IWPM_NLA_RREG_PID_SEQ]),
				 msg->client, RDMA_NL_IWPM_REG_PID);
	if (!req)
		return iwpm_stale(pm, msg);
	if (!iwpm_ulib_ok(tb[IWPM_NLA_RREG_ULIB_NAME], tb[IWPM_NLA_RREG_ULIB_VER]))
		return iwpm_bad(pm, msg, req, "not a port mapper of a supported ABI");
	if (strcmp(nla_data(tb[IWPM_NLA_RREG_IBDEV_NAME]), req->dev_name))
		return iwpm_bad(pm, msg, req, "answer names another device");
	spin_lock_bh(&pm->lock);
	iwpm_daemon_set(pm, msg->portid,
			nla_get_u16(tb[IWPM_NLA_RREG_ULIB_VER]));
	pm->clients[msg->client].reg = IWPM_REG_VALID;
	spin_unlock_bh(&pm->lock);
	iwpm_answered(pm, req, 0);
	return 0;
}

static int iwpm_rx_add_mapping(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	struct nlattr **tb = msg->tb;
	struct iwpm_addr loc, mapped;
	struct iwpm_request *req;
	int err;

	req = iwpm_request_claim(pm, nla_get_u32(tb[IWPM_NLA_RMANAGE_MAPPING_SEQ]),
				 msg->client, RDMA_NL_IWPM_ADD_MAPPING);
	if (!req)
		return iwpm_stale(pm, msg);
	iwpm_nla_addr(tb[IWPM_NLA_RMANAGE_ADDR], &loc);
	iwpm_nla_addr(tb[IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR], &mapped);
	if (!iwpm_addr_equal(&loc, &req->loc) || mapped.family != loc.family)
		return iwpm_bad(pm, msg, req, "answer does not match the request");
	memcpy(&req->mapped_loc, nla_data(tb[IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR]),
	       sizeof(req->mapped_loc));
	err = iwpm_errno_from_daemon(nla_get_u16(tb[IWPM_NLA_RMANAGE_MAPPING_ERR]));
	iwpm_answered(pm, req, err);
	return 0;
}

/* The four addresses of a QUERY_MAPPING answer or a REMOTE_INFO. */
struct iwpm_quad {
	struct iwpm_addr loc, rem, mapped_loc, mapped_rem;
};

static bool iwpm_quad_get(struct nlattr **tb, struct iwpm_quad *q)
{
	iwpm_nla_addr(tb[IWPM_NLA_RQUERY_LOCAL_ADDR], &q->loc);
	iwpm_nla_addr(tb[IWPM_NLA_RQUERY_REMOTE_ADDR], &q->rem);
	iwpm_nla_addr(tb[IWPM_NLA_RQUERY_MAPPED_LOC_ADDR], &q->mapped_loc);
	iwpm_nla_addr(tb[IWPM_NLA_RQUERY_MAPPED_REM_ADDR], &q->mapped_rem);
	return q->mapped_loc.family == q->loc.family &&
	       q->mapped_rem.family == q->rem.family;
}

static int iwpm_rx_query_mapping(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	struct nlattr **tb = msg->tb;
	struct iwpm_request *req;
	struct iwpm_quad q;
	int err;

	req = iwpm_request_claim(pm, nla_get_u32(tb[IWPM_NLA_RQUERY_MAPPING_SEQ]),
				 msg->client, RDMA_NL_IWPM_QUERY_MAPPING);
	if (!req)
		return iwpm_stale(pm, msg);
	if (!iwpm_quad_get(tb, &q) || !iwpm_addr_equal(&q.loc, &req->loc) ||
	    !iwpm_addr_equal(&q.rem, &req->rem))
		return iwpm_bad(pm, msg, req, "answer does not match the request");
	err = iwpm_errno_from_daemon(nla_get_u16(tb[IWPM_NLA_RQUERY_MAPPING_ERR]));
	if (!err) {
		memcpy(&req->mapped_loc, nla_data(tb[IWPM_NLA_RQUERY_MAPPED_LOC_ADDR]),
		       sizeof(req->mapped_loc));
		memcpy(&req->mapped_rem, nla_data(tb[IWPM_NLA_RQUERY_MAPPED_REM_ADDR]),
		       sizeof(req->mapped_rem));
	}
	iwpm_answered(pm, req, err);
	return 0;
}

static int iwpm_rx_remote_info(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	struct nlattr **tb = msg->tb;
	struct iwpm_quad q;

	if (!iwpm_quad_get(tb, &q))
		return iwpm_bad(pm, msg, NULL, "address families do not match");
	return iwpm_reminfo_add(pm, msg->client,
				nla_data(tb[IWPM_NLA_RQUERY_MAPPED_LOC_ADDR]),
				nla_data(tb[IWPM_NLA_RQUERY_MAPPED_REM_ADDR]),
				nla_data(tb[IWPM_NLA_RQUERY_REMOTE_ADDR]));
}

static int iwpm_rx_handle_err(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	struct nlattr **tb = msg->tb;
	struct iwpm_request *req;
	int err;

	req = iwpm_request_claim(pm, nla_get_u32(tb[IWPM_NLA_ERR_SEQ]),
				 msg->client, RDMA_NL_IWPM_HANDLE_ERR);
	if (!req)
		return iwpm_stale(pm, msg);
	err = iwpm_errno_from_daemon(nla_get_u16(tb[IWPM_NLA_ERR_CODE]));
	iwpm_answered(pm, req, err ?: -EIO);
	return 0;
}

/* A (re)started daemon: it knows no client's registration any more. */
static void iwpm_daemon_restarted(struct iwpm *pm, const struct iwpm_rx_msg *msg,
				  u16 abi)
{
	spin_lock_bh(&pm->lock);
	iwpm_daemon_set(pm, msg->portid, abi);
	pm->clients[msg->client].reg = IWPM_REG_INCOMPL;
	spin_unlock_bh(&pm->lock);
}

static int iwpm_rx_mapinfo(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	struct nlattr **tb = msg->tb;

	if (!iwpm_ulib_ok(tb[IWPM_NLA_MAPINFO_ULIB_NAME], tb[IWPM_NLA_MAPINFO_ULIB_VER]))
		return iwpm_bad(pm, msg, NULL, "not a port mapper of a supported ABI");
	iwpm_daemon_restarted(pm, msg, nla_get_u16(tb[IWPM_NLA_MAPINFO_ULIB_VER]));
	set_bit(msg->client, &pm->replay_pending);
	queue_work(pm->wq, &pm->replay_work);
	return 0;
}

static int iwpm_rx_mapinfo_num(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	u32 acked = nla_get_u32(msg->tb[IWPM_NLA_MAPINFO_ACK_NUM]);
	u32 sent;

	spin_lock_bh(&pm->lock);
	sent = pm->clients[msg->client].replay_sent;
	spin_unlock_bh(&pm->lock);
	if (acked != sent) {
		atomic_long_inc(&pm->stats.replay_mismatch);
		pr_warn_ratelimited("iwpm: daemon acknowledged %u of %u mappings of client %u\n",
				    acked, sent, msg->client);
	}
	return 0;
}

/*
 * iwpmd takes any netlink error of sequence 0, which its HELLO has, for a
 * kernel of ABI version 3, and stays at 3 for good.  So a HELLO the kernel
 * understood is never answered with an error: a failed answer is counted
 * in &iwpm_stats.send_errors and the daemon learns the ABI version from the
 * registration answer instead.
 */
static int iwpm_rx_hello(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	u16 abi = nla_get_u16(msg->tb[IWPM_NLA_HELLO_ABI_VERSION]);
	const struct iwpm_attr attrs[] = {
		{ IWPM_NLA_HELLO_ABI_VERSION, sizeof(u16), &abi },
	};
	struct sk_buff *skb;

	if (abi < IWPM_UABI_VERSION_MIN)
		return iwpm_bad(pm, msg, NULL, "ABI version too old");
	iwpm_daemon_restarted(pm, msg, abi);
	abi = min_t(u16, abi, IWPM_UABI_VERSION);
	skb = iwpm_msg(msg->client, RDMA_NL_IWPM_HELLO, iwpm_next_seq(pm),
		       attrs, ARRAY_SIZE(attrs));
	if (!skb)
		iwpm_sent(pm, -ENOMEM);
	else
		iwpm_unicast(pm, skb, msg->portid, false);
	return 0;
}

#define IWPM_ADDR_POLICY NLA_POLICY_EXACT_LEN(sizeof(struct sockaddr_storage))

static const struct nla_policy iwpm_reg_policy[IWPM_NLA_RREG_PID_MAX] = {
	[IWPM_NLA_RREG_PID_SEQ] = { .type = NLA_U32 },
	[IWPM_NLA_RREG_IBDEV_NAME] = { .type = NLA_NUL_STRING,
				       .len = IWPM_DEVNAME_SIZE - 1 },
	[IWPM_NLA_RREG_ULIB_NAME] = { .type = NLA_NUL_STRING,
				      .len = IWPM_ULIBNAME_SIZE - 1 },
	[IWPM_NLA_RREG_ULIB_VER] = { .type = NLA_U16 },
	[IWPM_NLA_RREG_PID_ERR] = { .type = NLA_U16 },
};

static const struct nla_policy iwpm_add_policy[IWPM_NLA_RMANAGE_MAPPING_MAX] = {
	[IWPM_NLA_RMANAGE_MAPPING_SEQ] = { .type = NLA_U32 },
	[IWPM_NLA_RMANAGE_ADDR] = IWPM_ADDR_POLICY,
	[IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR] = IWPM_ADDR_POLICY,
	[IWPM_NLA_RMANAGE_MAPPING_ERR] = { .type = NLA_U16 },
};

static const struct nla_policy iwpm_query_policy[IWPM_NLA_RQUERY_MAPPING_MAX] = {
	[IWPM_NLA_RQUERY_MAPPING_SEQ] = { .type = NLA_U32 },
	[IWPM_NLA_RQUERY_LOCAL_ADDR] = IWPM_ADDR_POLICY,
	[IWPM_NLA_RQUERY_REMOTE_ADDR] = IWPM_ADDR_POLICY,
	[IWPM_NLA_RQUERY_MAPPED_LOC_ADDR] = IWPM_ADDR_POLICY,
	[IWPM_NLA_RQUERY_MAPPED_REM_ADDR] = IWPM_ADDR_POLICY,
	[IWPM_NLA_RQUERY_MAPPING_ERR] = { .type = NLA_U16 },
};

static const struct nla_policy iwpm_err_policy[IWPM_NLA_ERR_MAX] = {
	[IWPM_NLA_ERR_SEQ] = { .type = NLA_U32 },
	[IWPM_NLA_ERR_CODE] = { .type = NLA_U16 },
};

static const struct nla_policy iwpm_mapinfo_policy[IWPM_NLA_MAPINFO_REQ_MAX] = {
	[IWPM_NLA_MAPINFO_ULIB_NAME] = { .type = NLA_NUL_STRING,
					 .len = IWPM_ULIBNAME_SIZE - 1 },
	[IWPM_NLA_MAPINFO_ULIB_VER] = { .type = NLA_U16 },
};

static const struct nla_policy iwpm_mapinfo_num_policy[IWPM_NLA_MAPINFO_NUM_MAX] = {
	[IWPM_NLA_MAPINFO_SEQ] = { .type = NLA_U32 },
	[IWPM_NLA_MAPINFO_SEND_NUM] = { .type = NLA_U32 },
	[IWPM_NLA_MAPINFO_ACK_NUM] = { .type = NLA_U32 },
};

static const struct nla_policy iwpm_hello_policy[IWPM_NLA_HELLO_MAX] = {
	[IWPM_NLA_HELLO_ABI_VERSION] = { .type = NLA_U16 },
};

/* Largest attribute table of any daemon message. */
#define IWPM_RX_MAXATTR	(IWPM_NLA_RQUERY_MAPPING_MAX - 1)

/*
 * How to take each daemon message: every attribute of the policy, 1 to
 * @maxattr, must be present, as the daemon always sends them all, and is
 * checked strictly; attributes past @maxattr, which a newer daemon may add,
 * are ignored.
 */
struct iwpm_rx_op {
	const struct nla_policy *policy;
	int maxattr;
	int (*handle)(struct iwpm *pm, const struct iwpm_rx_msg *msg);
};

#define IWPM_RX_OP(_policy, _max, _handle) \
	{ .policy = _policy, .maxattr = (_max) - 1, .handle = _handle }

static const struct iwpm_rx_op iwpm_rx_ops[RDMA_NL_IWPM_NUM_OPS] = {
	[RDMA_NL_IWPM_REG_PID] =
		IWPM_RX_OP(iwpm_reg_policy, IWPM_NLA_RREG_PID_MAX,
			   iwpm_rx_reg_pid),
	[RDMA_NL_IWPM_ADD_MAPPING] =
		IWPM_RX_OP(iwpm_add_policy, IWPM_NLA_RMANAGE_MAPPING_MAX,
			   iwpm_rx_add_mapping),
	[RDMA_NL_IWPM_QUERY_MAPPING] =
		IWPM_RX_OP(iwpm_query_policy, IWPM_NLA_RQUERY_MAPPING_MAX,
			   iwpm_rx_query_mapping),
	[RDMA_NL_IWPM_REMOTE_INFO] =
		IWPM_RX_OP(iwpm_query_policy, IWPM_NLA_RQUERY_MAPPING_MAX,
			   iwpm_rx_remote_info),
	[RDMA_NL_IWPM_HANDLE_ERR] =
		IWPM_RX_OP(iwpm_err_policy, IWPM_NLA_ERR_MAX,
			   iwpm_rx_handle_err),
	[RDMA_NL_IWPM_MAPINFO] =
		IWPM_RX_OP(iwpm_mapinfo_policy, IWPM_NLA_MAPINFO_REQ_MAX,
			   iwpm_rx_mapinfo),
	[RDMA_NL_IWPM_MAPINFO_NUM] =
		IWPM_RX_OP(iwpm_mapinfo_num_policy, IWPM_NLA_MAPINFO_NUM_MAX,
			   iwpm_rx_mapinfo_num),
	[RDMA_NL_IWPM_HELLO] =
		IWPM_RX_OP(iwpm_hello_policy, IWPM_NLA_HELLO_MAX,
			   iwpm_rx_hello),
};

static int iwpm_rx_parse(const struct iwpm_rx_op *op, const struct nlmsghdr *nlh,
			 struct nlattr **tb, struct netlink_ext_ack *extack)
{
	int i, err;

	err = __nlmsg_parse(nlh, 0, tb, op->maxattr, op->policy,
			    NL_VALIDATE_STRICT & ~NL_VALIDATE_MAXTYPE, extack);
	if (err)
		return err;
	for (i = 1; i <= op->maxattr; i++) {
		if (!tb[i]) {
			NL_SET_ERR_MSG_FMT(extack, "attribute %d is missing", i);
			return -EINVAL;
		}
	}
	for (i = 1; i <= op->maxattr; i++) {
		struct iwpm_addr a;

		if (nla_len(tb[i]) == sizeof(struct sockaddr_storage) &&
		    iwpm_nla_addr(tb[i], &a)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "address is neither IPv4 nor IPv6");
			return -EAFNOSUPPORT;
		}
	}
	return 0;
}

/**
 * iwpm_pm_rx_allowed() - may the sender of @nlh speak for the port mapper
 * @pm: port mapper
 * @skb: the skb it came in; NETLINK_CB(@skb).portid is the sender
 * @nlh: the message
 *
 * Only a sender with CAP_NET_ADMIN in the initial user namespace, and, while
 * a daemon is known, only that daemon's port, except for the two messages
 * by which a (new) daemon introduces itself.  Takes only @pm->lock, briefly,
 * and records nothing, so a refused sender can neither stall nor see the
 * real daemon's messages; it is counted in &iwpm_stats.unauthorized.
 *
 * Return: 0, or -EPERM.
 */
int iwpm_pm_rx_allowed(struct iwpm *pm, const struct sk_buff *skb,
		       const struct nlmsghdr *nlh)
{
	unsigned int op = RDMA_NL_GET_OP(nlh->nlmsg_type);
	u32 portid = NETLINK_CB(skb).portid;
	bool other = false;

	if (!netlink_capable(skb, CAP_NET_ADMIN))
		goto refuse;
	if (op == RDMA_NL_IWPM_HELLO || op == RDMA_NL_IWPM_MAPINFO)
		return 0;
	spin_lock_bh(&pm->lock);
	other = pm->daemon.known && pm->daemon.portid != portid;
	spin_unlock_bh(&pm->lock);
	if (!other)
		return 0;
refuse:
	atomic_long_inc(&pm->stats.unauthorized);
	return -EPERM;
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_rx_allowed);

/**
 * iwpm_pm_rx() - take one message from the daemon
 * @pm: port mapper
 * @skb: the skb it came in; NETLINK_CB(@skb).portid is the sender
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * The sender must be allowed to speak for the port mapper (see
 * Documentation/security.rst); the message is validated in full (client,
 * operation, every attribute's type and length, address families) before
 * anything changes.
 *
 * Return: 0, or a negative errno for the sender: -EPERM for a sender that
 * may not speak for the port mapper (iwpm_pm_rx_allowed()).  A HELLO of a
 * daemon is answered with an error only if it is malformed.
 */
int iwpm_pm_rx(struct iwpm *pm, const struct sk_buff *skb,
	       const struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	int err = iwpm_pm_rx_allowed(pm, skb, nlh);

	return err ?: iwpm_pm_rx_trusted(pm, skb, nlh, extack);
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_rx);

/**
 * iwpm_pm_rx_trusted() - take one message iwpm_pm_rx_allowed() let through
 * @pm: port mapper
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * Return: as iwpm_pm_rx().
 */
int iwpm_pm_rx_trusted(struct iwpm *pm, const struct sk_buff *skb,
		       const struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IWPM_RX_MAXATTR + 1];
	struct iwpm_rx_msg msg = {
		.tb = tb,
		.client = RDMA_NL_GET_CLIENT(nlh->nlmsg_type),
		.portid = NETLINK_CB(skb).portid,
		.seq = nlh->nlmsg_seq,
		.extack = extack,
	};
	unsigned int op = RDMA_NL_GET_OP(nlh->nlmsg_type);
	int err;

	iwpm_trace(false, msg.portid, nlh, nlh->nlmsg_len);
	if (op >= RDMA_NL_IWPM_NUM_OPS || !iwpm_rx_ops[op].handle) {
		NL_SET_ERR_MSG(extack, "the kernel does not take this operation");
		err = -EOPNOTSUPP;
	} else if (!iwpm_client_in_use(pm, msg.client)) {
		if (op == RDMA_NL_IWPM_HELLO)	/* never an error: iwpm_rx_hello() */
			return 0;
		NL_SET_ERR_MSG(extack, "no such port mapper client");
		err = -ENOENT;
	} else {
		err = iwpm_rx_parse(&iwpm_rx_ops[op], nlh, tb, extack);
	}
	if (err) {
		atomic_long_inc(&pm->stats.rejected);
		return err;
	}
	err = iwpm_rx_ops[op].handle(pm, &msg);
	if (!err) {
		spin_lock_bh(&pm->lock);
		pm->daemon.echo_seq = msg.seq;
		spin_unlock_bh(&pm->lock);
	}
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_rx_trusted);

/* ---- the driver API, on the one global instance ---- */

static int iwpm_netlink_event(struct notifier_block *nb, unsigned long event,
			      void *ptr);

static struct notifier_block iwpm_netlink_notifier = {
	.notifier_call = iwpm_netlink_event,
};

static struct iwpm iwpm_global = {
	.lock = __SPIN_LOCK_UNLOCKED(iwpm_global.lock),
};

static DEFINE_MUTEX(iwpm_global_lock);	/* users, setup and teardown, rx */
static unsigned int iwpm_global_users;

static int iwpm_netlink_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_RDMA &&
	    net_eq(n->net, &init_net))
		iwpm_pm_daemon_released(&iwpm_global, n->portid);
	return NOTIFY_DONE;
}

/**
 * iwpm_global_show() - print the state of the port mapper of the driver API
 * @m: where to
 */
void iwpm_global_show(struct seq_file *m)
{
	mutex_lock(&iwpm_global_lock);
	seq_printf(m, "users: %u\n", iwpm_global_users);
	if (iwpm_global_users)
		iwpm_show(m, &iwpm_global);
	mutex_unlock(&iwpm_global_lock);
}

/**
 * iwpm_init() - start using the port mapper for a netlink client
 * @nl_client: RDMA_NL_IWCM (alias RDMA_NL_NES) or RDMA_NL_C4IW
 *
 * Calls nest: each needs a matching iwpm_exit().  The client starts
 * unregistered.  Process context.
 *
 * Return: 0, -EINVAL for another client index, or -ENOMEM.
 */
int iwpm_init(u8 nl_client)
{
	int err = 0;

	if (!iwpm_client_valid(nl_client))
		return -EINVAL;
	mutex_lock(&iwpm_global_lock);
	if (!iwpm_global_users) {
		err = iwpm_setup(&iwpm_global, &iwpm_nl_transport);
		iwpm_global.timeout = msecs_to_jiffies(timeout_ms);
		if (!err)
			netlink_register_notifier(&iwpm_netlink_notifier);
	}
	if (!err) {
		iwpm_client_get(&iwpm_global, nl_client);
		iwpm_global_users++;
	}
	mutex_unlock(&iwpm_global_lock);
	return err;
}
EXPORT_SYMBOL_GPL(iwpm_init);

/**
 * iwpm_exit() - stop using the port mapper for a netlink client
 * @nl_client: as given to iwpm_init()
 *
 * The last exit of a client frees its mappings and remote-info entries and
 * fails its outstanding requests with -ESHUTDOWN.  Remove the netlink
 * callbacks first.  Process context.
 *
 * Return: 0, or -EINVAL if @nl_client is not in use.
 */
int iwpm_exit(u8 nl_client)
{
	int err = 0;

	mutex_lock(&iwpm_global_lock);
	if (!iwpm_global_users || !iwpm_client_in_use(&iwpm_global, nl_client)) {
		err = -EINVAL;
	} else {
		iwpm_client_put(&iwpm_global, nl_client);
		if (!--iwpm_global_users) {
			netlink_unregister_notifier(&iwpm_netlink_notifier);
			iwpm_teardown(&iwpm_global);
		}
	}
	mutex_unlock(&iwpm_global_lock);
	return err;
}
EXPORT_SYMBOL_GPL(iwpm_exit);

/**
 * iwpm_valid_pid() - is a port mapper daemon known to be running
 *
 * Return: 1 if a daemon answered and has not vanished since, else 0.
 */
int iwpm_valid_pid(void)
{
	bool known;

	mutex_lock(&iwpm_global_lock);
	known = iwpm_global_users && iwpm_global.daemon.known;
	mutex_unlock(&iwpm_global_lock);
	return known;
}
EXPORT_SYMBOL_GPL(iwpm_valid_pid);

/**
 * iwpm_register_pid() - register a client with the port mapper daemon
 * @pm_msg: device and interface names, NUL-terminated
 * @nl_client: client index given to iwpm_init()
 *
 * Multicasts a registration and waits for the daemon's answer, which also
 * settles the ABI version.  Returns at once if the client is registered, or
 * if no daemon runs (until a daemon announces itself).  Process context.
 *
 * Return: 0 when registered; -ESRCH when no daemon runs; -ETIMEDOUT;
 * -EPROTO for an answer from something that is not a supported daemon;
 * -EINVAL for bad arguments.
 */
int iwpm_register_pid(struct iwpm_dev_data *pm_msg, u8 nl_client)
{
	return iwpm_pm_register(&iwpm_global, pm_msg, nl_client);
}
EXPORT_SYMBOL_GPL(iwpm_register_pid);

/**
 * iwpm_add_mapping() - map a local address (listen side)
 * @pm_msg: @loc_addr and @flags in; @mapped_loc_addr out
 * @nl_client: registered client index
 *
 * Without a daemon, @mapped_loc_addr is @loc_addr and the call succeeds.
 * Flags need ABI version 4; under version 3 they fail with -EINVAL.
 * Process context.
 *
 * Return: 0, or a negative errno (the daemon's error, -ETIMEDOUT, -EINVAL).
 */
int iwpm_add_mapping(struct iwpm_sa_data *pm_msg, u8 nl_client)
{
	return iwpm_pm_add_mapping(&iwpm_global, pm_msg, nl_client, false);
}
EXPORT_SYMBOL_GPL(iwpm_add_mapping);

/**
 * iwpm_add_and_query_mapping() - map a local and a remote address (connect)
 * @pm_msg: @loc_addr, @rem_addr and @flags in; the mapped addresses out
 * @nl_client: registered client index
 *
 * Without a daemon, the mapped addresses are the given ones.  A rejection by
 * the remote side's port mapper is -ECONNREFUSED.  Process context.
 *
 * Return: 0, or a negative errno.
 */
int iwpm_add_and_query_mapping(struct iwpm_sa_data *pm_msg, u8 nl_client)
{
	return iwpm_pm_add_mapping(&iwpm_global, pm_msg, nl_client, true);
}
EXPORT_SYMBOL_GPL(iwpm_add_and_query_mapping);

/**
 * iwpm_remove_mapping() - tell the daemon to release a mapping
 * @local_addr: local address the mapping was added for
 * @nl_client: client index
 *
 * Does not wait for the daemon.  Process context.
 *
 * Return: 0, or a negative errno if the message could not be sent.
 */
int iwpm_remove_mapping(struct sockaddr_storage *local_addr, u8 nl_client)
{
	return iwpm_pm_remove_mapping(&iwpm_global, local_addr, nl_client);
}
EXPORT_SYMBOL_GPL(iwpm_remove_mapping);

/**
 * iwpm_create_mapinfo() - remember a mapping for replay to a new daemon
 * @local_addr: local address
 * @mapped_addr: mapped address, same family
 * @nl_client: client index given to iwpm_init()
 * @map_flags: IWPM_FLAGS_* the mapping was made with
 *
 * Creating the same mapping again counts one more reference.  Process
 * context.
 *
 * Return: 0; -EEXIST if @local_addr is mapped differently for this client;
 * -EINVAL; -ENOMEM.
 */
int iwpm_create_mapinfo(struct sockaddr_storage *local_addr,
			struct sockaddr_storage *mapped_addr, u8 nl_client,
			u32 map_flags)
{
	return iwpm_mapinfo_add(&iwpm_global, nl_client, local_addr,
				mapped_addr, map_flags);
}
EXPORT_SYMBOL_GPL(iwpm_create_mapinfo);

/**
 * iwpm_remove_mapinfo() - forget one reference to a mapping
 * @local_addr: local address
 * @mapped_addr: mapped address it was created with
 *
 * Return: 0, or -ENOENT if no client has that mapping.
 */
int iwpm_remove_mapinfo(struct sockaddr_storage *local_addr,
			struct sockaddr_storage *mapped_addr)
{
	return iwpm_mapinfo_del(&iwpm_global, local_addr, mapped_addr);
}
EXPORT_SYMBOL_GPL(iwpm_remove_mapinfo);

/**
 * iwpm_get_remote_info() - remote address of a passive-side connection
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
int iwpm_get_remote_info(struct sockaddr_storage *mapped_loc_addr,
			 struct sockaddr_storage *mapped_rem_addr,
			 struct sockaddr_storage *remote_addr, u8 nl_client)
{
	return iwpm_reminfo_take(&iwpm_global, nl_client, mapped_loc_addr,
				 mapped_rem_addr, remote_addr);
}
EXPORT_SYMBOL_GPL(iwpm_get_remote_info);

/*
 * The permission check comes first and takes neither the mutex nor the
 * record: whoever may not speak for the port mapper gets -EPERM and cannot
 * hold up the daemon's messages.  Without a user the port mapper takes
 * nothing, but a daemon's HELLO is not answered with an error.
 */
static int iwpm_global_rx(struct netlink_callback *cb)
{
	int err;

	err = iwpm_pm_rx_allowed(&iwpm_global, cb->skb, cb->nlh);
	if (err)
		return err;
	mutex_lock(&iwpm_global_lock);
	if (iwpm_global_users)
		err = iwpm_pm_rx_trusted(&iwpm_global, cb->skb, cb->nlh,
					 cb->extack);
	else if (RDMA_NL_GET_OP(cb->nlh->nlmsg_type) != RDMA_NL_IWPM_HELLO)
		err = -ENODEV;
	mutex_unlock(&iwpm_global_lock);
	return err;
}

/**
 * iwpm_register_pid_cb() - netlink callback: answer to a registration
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * Every iwpm_*_cb() takes whatever port mapper message @cb holds, so a
 * client's table may point each operation at its namesake.
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_register_pid_cb(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_register_pid_cb);

/**
 * iwpm_add_mapping_cb() - netlink callback: answer to an add mapping
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_add_mapping_cb(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_add_mapping_cb);

/**
 * iwpm_add_and_query_mapping_cb() - netlink callback: answer to a query
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_add_and_query_mapping_cb(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_add_and_query_mapping_cb);

/**
 * iwpm_remote_info_cb() - netlink callback: remote address of a connection
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_remote_info_cb(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_remote_info_cb);

/**
 * iwpm_mapping_error_cb() - netlink callback: the daemon failed a request
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_mapping_error_cb(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_mapping_error_cb);

/**
 * iwpm_mapping_info_cb() - netlink callback: a restarted daemon wants the
 * mappings
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * The mappings follow from a work item, many per skb, then MAPINFO_NUM.
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_mapping_info_cb(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_mapping_info_cb);

/**
 * iwpm_ack_mapping_info_cb() - netlink callback: the daemon's count of the
 * replayed mappings
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_ack_mapping_info_cb(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_ack_mapping_info_cb);

/**
 * iwpm_hello_cb() - netlink callback: a daemon announces its ABI version
 * @skb: unused
 * @cb: the message and the skb it came in
 *
 * The kernel settles on min(daemon's, IWPM_UABI_VERSION) and says so in its
 * own HELLO.
 *
 * Return: 0, or a negative errno reported to the sender.
 */
int iwpm_hello_cb(struct sk_buff *skb, struct netlink_callback *cb)
{
	return iwpm_global_rx(cb);
}
EXPORT_SYMBOL_GPL(iwpm_hello_cb);
