// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: the replay of the mapping table to a restarted daemon.
 *
 * A daemon that asks for the mappings (MAPINFO_NUM's predecessor, a MAPINFO
 * request) gets every mapping of the client, in as many skbs as it takes,
 * and then their number.  The work is one work item of the instance, on
 * the system's unbound workqueue; each skb is filled and handed to the
 * daemon's socket under the replay lock, skipping what was removed
 * meanwhile.  Nothing waits for room in the socket with the lock held: a
 * full socket is retried after a pause.
 */

#include <linux/delay.h>
#include <linux/slab.h>

#include "iwpm.h"

/*
 * Bytes of one replay skb, NLMSG_DONE included: iwpmd reads its netlink
 * socket into a buffer of this size and loses whatever does not fit.
 */
#define IWPM_REPLAY_SKB_BYTES	4096

/* Longest pause before a full daemon socket is tried again. */
#define IWPM_REPLAY_PAUSE_MAX_MS	100

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
	return iwpm_unicast(pm, skb, portid);
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
 * skb is in the daemon's socket, so the daemon sees the removal last.  The
 * send does not wait for room: on a full socket the skb is dropped and the
 * replay rewound to its first mapping.
 */
static int iwpm_replay_skb(struct iwpm *pm, struct iwpm_replay *rp)
{
	unsigned int put, first = rp->next;
	struct sk_buff *skb;
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
	if (err == -EAGAIN)
		rp->next = first;
	mutex_unlock(&pm->replay_lock);
	if (!err)
		rp->sent += put;
	return err;
}

static int iwpm_send_mapinfo_num(struct iwpm *pm, struct iwpm_replay *rp)
{
	const u32 zero = 0;
	const struct iwpm_attr attrs[] = {
		{ IWPM_NLA_MAPINFO_SEQ, sizeof(u32), &zero },
		{ IWPM_NLA_MAPINFO_SEND_NUM, sizeof(u32), &rp->sent },
	};
	struct sk_buff *skb;

	skb = iwpm_msg(rp->client, RDMA_NL_IWPM_MAPINFO_NUM, iwpm_next_seq(pm),
		       attrs, ARRAY_SIZE(attrs));
	if (!skb)
		return -ENOMEM;
	return iwpm_unicast(pm, skb, rp->peer->portid);
}

/* Is the replay still for the daemon of a live instance? */
static bool iwpm_replay_current(struct iwpm *pm, const struct iwpm_replay *rp)
{
	bool ours;

	spin_lock_bh(&pm->lock);
	ours = pm->live && pm->daemon.known &&
	       pm->daemon.portid == rp->peer->portid;
	spin_unlock_bh(&pm->lock);
	return ours;
}

/*
 * Take one step of the replay; while the daemon's socket is full, pause,
 * holding nothing, and try again, until the daemon has read nothing for
 * the request timeout, another daemon took over or the instance is torn
 * down.
 */
static int iwpm_replay_step(struct iwpm *pm, struct iwpm_replay *rp,
			    int (*step)(struct iwpm *, struct iwpm_replay *))
{
	unsigned long give_up = jiffies + pm->timeout;
	unsigned int pause_ms = 1;
	int err;

	while ((err = step(pm, rp)) == -EAGAIN &&
	       time_before(jiffies, give_up) && iwpm_replay_current(pm, rp)) {
		msleep(pause_ms);
		pause_ms = min(2 * pause_ms, IWPM_REPLAY_PAUSE_MAX_MS);
	}
	return err;
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
		err = iwpm_replay_step(pm, &rp, iwpm_replay_skb);
	kvfree(snap);
	if (err)
		goto out;
	spin_lock_bh(&pm->lock);
	pm->clients[client].replay_sent = rp.sent;
	spin_unlock_bh(&pm->lock);
	err = iwpm_replay_step(pm, &rp, iwpm_send_mapinfo_num);
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
 * Runs as the instance's one work item on the system's unbound workqueue,
 * in process context, so that a slow daemon can be waited for without
 * blocking the daemon's own send or anybody else's work; the wait holds no
 * lock.
 */
void iwpm_replay_work(struct work_struct *work)
{
	struct iwpm *pm = container_of(work, struct iwpm, replay_work);
	u8 client;

	for (client = 0; client < RDMA_NL_NUM_CLIENTS; client++)
		if (test_and_clear_bit(client, &pm->replay_pending))
			iwpm_replay_client(pm, client);
}
