// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: the messages to the daemon.
 *
 * Requests (register, add mapping, add and query mapping) are tracked by
 * sequence number and waited for; the daemon's answer names the number in
 * its SEQ attribute.  Notifications (remove mapping, hello, the replay of the
 * mapping table) are fire and forget.  Which daemon is known, and at which
 * ABI version, is kept here too.
 */

#include <linux/string.h>

#include "iwpm.h"

#define CREATE_TRACE_POINTS
#include "iwpm_trace.h"

const char iwpm_ulib_name[IWPM_ULIBNAME_SIZE] = IWPM_ULIB_NAME;

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

/* Append one message to @skb; on failure nothing of it remains. */
int iwpm_put(struct sk_buff *skb, u8 client, u8 op, u32 seq, int flags,
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
	/* ibnl_put_attr() leaves nlmsg_len to the caller. */
	nlmsg_end(skb, nlh);
	return 0;
}

struct sk_buff *iwpm_msg(u8 client, u8 op, u32 seq,
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

u32 iwpm_next_seq(struct iwpm *pm)
{
	return atomic_inc_return(&pm->seq);
}

/*
 * Forget the daemon if it is the one on @portid: requests fall back to
 * unmapped addresses until a daemon speaks again.
 * Return: true if it was forgotten.
 */
bool iwpm_daemon_forget(struct iwpm *pm, u32 portid)
{
	bool forget;

	spin_lock_bh(&pm->lock);
	forget = pm->daemon.known && pm->daemon.portid == portid;
	if (forget) {
		pm->daemon.known = false;
		pm->daemon.gone = true;
	}
	spin_unlock_bh(&pm->lock);
	return forget;
}

/* Count a message that left (or failed to); pass @err on. */
int iwpm_sent(struct iwpm *pm, int err)
{
	atomic_long_inc(err ? &pm->stats.send_errors : &pm->stats.sent);
	return err;
}

int iwpm_unicast(struct iwpm *pm, struct sk_buff *skb, u32 portid)
{
	int err;

	trace_iwpm_msg(pm->net, true, portid, nlmsg_hdr(skb));
	err = iwpm_sent(pm, pm->transport->unicast(pm, skb, portid));
	if (err == -ECONNREFUSED)
		iwpm_daemon_forget(pm, portid);
	return err;
}

/*
 * A daemon introduced itself (register answer, hello or mapinfo request).
 * A daemon on another port is a new daemon: it knows no client.
 */
void iwpm_daemon_set(struct iwpm *pm, u32 portid, u16 abi)
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

void iwpm_peer_get(struct iwpm *pm, u8 client, struct iwpm_peer *p)
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
	trace_iwpm_msg(pm->net, true, 0, nlmsg_hdr(skb));
	return iwpm_sent(pm, pm->transport->multicast(pm, skb));
}

/*
 * Nobody answered a registration: unless a daemon is known (its socket may
 * just be full), none runs, and registrations fail at once until one
 * speaks.
 */
static void iwpm_daemon_silent(struct iwpm *pm)
{
	spin_lock_bh(&pm->lock);
	if (!pm->daemon.known)
		pm->daemon.gone = true;
	spin_unlock_bh(&pm->lock);
}

/**
 * iwpm_pm_register() - register @client with the daemon
 * @pm: port mapper
 * @dev: device and interface names
 * @client: netlink client index, in use
 *
 * Return: 0 once registered; -ESRCH at once when no daemon runs, or when
 * a registration timed out before any daemon spoke (until one does);
 * -ETIMEDOUT, -EINTR (a fatal signal), -EPROTO or another negative errno
 * if registration failed.
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
		if (err == -ESRCH)	/* nobody listens */
			iwpm_daemon_silent(pm);
		iwpm_request_cancel(pm, req);
	} else {
		err = iwpm_request_wait(pm, req);
		/* a group member that is no daemon: one timeout, not one a listen */
		if (err == -ETIMEDOUT)
			iwpm_daemon_silent(pm);
	}
	iwpm_request_put(req);
	return err;
}

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
	err = iwpm_unicast(pm, skb, peer->portid);
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
 * Return: 0; -EINVAL for bad addresses, a client not in use, or one not
 * registered with the known daemon; the daemon's error as an errno;
 * -ETIMEDOUT; -EINTR for a fatal signal; -EPROTO for an answer that does
 * not match the request; -ECONNRESET or -ESHUTDOWN from
 * iwpm_requests_fail(); -ENOMEM or the send error.
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

/**
 * iwpm_pm_remove_mapping() - tell the daemon a mapping is no longer used
 * @pm: port mapper
 * @local: local address of the mapping
 * @client: netlink client index
 *
 * Does not wait for an answer, nor for room in the daemon's socket: a daemon
 * that does not read loses the removal (a restarted daemon gets only the
 * mappings still in use).  Without a daemon there is nothing to do.  Takes
 * the replay lock, which is held only while a replay skb is built and handed
 * to the socket, so that the removal reaches the daemon after any replay of
 * the mapping.
 *
 * Return: 0; -EINVAL for a client not in use or never registered, or a bad
 * address; -ENOMEM; or the send error (-EAGAIN for a full socket).
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
	err = iwpm_unicast(pm, skb, peer.portid);
	mutex_unlock(&pm->replay_lock);
	return err;
}

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
	if (iwpm_daemon_forget(pm, portid))
		iwpm_requests_fail(pm, -1, -ECONNRESET);
}
