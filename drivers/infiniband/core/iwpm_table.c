// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: addresses, clients and the two tables, mapping and
 * remote info.
 *
 * Both tables are hash tables, so a lookup costs the same at any size.  Each
 * entry is also on a list of its client, which is what a replay to a
 * restarted daemon and the teardown of a client walk.  One spinlock per
 * instance serialises every change; lookups take it too, they are short.
 * Once iwpm_teardown() has begun, every table function fails cleanly.
 *
 * Recording a mapping never fails for the hash table: iw_cm fails a listen
 * or connect whose mapping it cannot record.  A mapping the table cannot
 * take (it could not grow) waits on a short list of the instance, where
 * lookups find it, until the next mapping is created.
 *
 * A local address may have several mappings at once (a wildcard listen over
 * two devices, one of which does not map ports): they are distinct entries
 * under one key, and a lookup returns the most recently created.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "iwpm.h"

/*
 * One local -> mapped mapping of @client; @refs counts identical creations.
 * The key is @local alone: the driver API removes a mapping without naming
 * its client, and one lookup finds it whoever made it.  @hashed: in the
 * table under @node, else on &iwpm.mapinfo_unhashed under @unhashed, which
 * shares @node's room: no lookup runs without &iwpm.lock, so nobody walks
 * @node once it has left the table.
 */
struct iwpm_mapinfo {
	union {
		struct rhlist_head node;
		struct list_head unhashed;
	};
	struct iwpm_addr local;
	struct iwpm_addr mapped;
	u8 client;
	bool hashed;
	u32 flags;
	unsigned int refs;
	u32 local_scope;
	u32 mapped_scope;
	struct list_head link;
};

struct iwpm_reminfo_key {
	struct iwpm_addr mapped_loc;
	struct iwpm_addr mapped_rem;
	u8 client;
	u8 pad[3];
};

/*
 * Remote address of a passive-side connection, as the daemon reported it,
 * at @born (jiffies).
 */
struct iwpm_reminfo {
	struct rhash_head node;
	struct list_head link;
	struct iwpm_reminfo_key key;
	struct iwpm_addr remote;
	u32 remote_scope;
	unsigned long born;
	struct rcu_head rcu;
};

/*
 * The mapping table starts with as many buckets as Linux 6.12's fixed one
 * had, and never shrinks: a host's connections come and go in bursts, and a
 * table that shrank after one would rehash its way back up in the next.  So
 * the bucket array keeps the size of the most mappings held at once (8 to 16
 * bytes each) until the instance goes.
 */
#define IWPM_MAPINFO_MIN_BUCKETS	512

static int iwpm_mapinfo_cmp(struct rhashtable_compare_arg *arg,
			    const void *obj)
{
	const struct iwpm_mapinfo *m = obj;

	return !iwpm_addr_equal(&m->local, arg->key);
}

static const struct rhashtable_params iwpm_mapinfo_params = {
	.key_len = sizeof(struct iwpm_addr),
	.key_offset = offsetof(struct iwpm_mapinfo, local),
	.head_offset = offsetof(struct iwpm_mapinfo, node),
	.obj_cmpfn = iwpm_mapinfo_cmp,
	.min_size = IWPM_MAPINFO_MIN_BUCKETS,
};

static const struct rhashtable_params iwpm_reminfo_params = {
	.key_len = sizeof(struct iwpm_reminfo_key),
	.key_offset = offsetof(struct iwpm_reminfo, key),
	.head_offset = offsetof(struct iwpm_reminfo, node),
	.automatic_shrinking = true,
};

/**
 * iwpm_addr_from_sockaddr() - turn a sockaddr into a table key
 * @a: result
 * @ss: an AF_INET or AF_INET6 address
 *
 * The key leaves out the IPv6 scope id (iwpm_sockaddr_scope() has it).
 *
 * Return: 0, or -EAFNOSUPPORT for any other family.
 */
int iwpm_addr_from_sockaddr(struct iwpm_addr *a,
			    const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	const __be32 *w = sin6->sin6_addr.s6_addr32;

	switch (ss->ss_family) {
	case AF_INET:
		*a = (struct iwpm_addr){ AF_INET, sin->sin_port,
					 { sin->sin_addr.s_addr } };
		return 0;
	case AF_INET6:
		*a = (struct iwpm_addr){ AF_INET6, sin6->sin6_port,
					 { w[0], w[1], w[2], w[3] } };
		return 0;
	}
	memset(a, 0, sizeof(*a));
	return -EAFNOSUPPORT;
}

/**
 * iwpm_sockaddr_scope() - IPv6 scope id of a sockaddr
 * @ss: address
 *
 * Return: sin6_scope_id of an AF_INET6 address, else 0.
 */
u32 iwpm_sockaddr_scope(const struct sockaddr_storage *ss)
{
	if (ss->ss_family != AF_INET6)
		return 0;
	return ((const struct sockaddr_in6 *)ss)->sin6_scope_id;
}

/**
 * iwpm_addr_to_sockaddr() - turn a table key back into a sockaddr
 * @ss: result, zeroed beyond the address
 * @a: key made by iwpm_addr_from_sockaddr()
 * @scope: IPv6 scope id to put back; ignored for IPv4
 */
void iwpm_addr_to_sockaddr(struct sockaddr_storage *ss,
			   const struct iwpm_addr *a, u32 scope)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = a->port;
		memcpy(&sin->sin_addr, a->addr, sizeof(sin->sin_addr));
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = a->port;
		sin6->sin6_scope_id = scope;
		memcpy(&sin6->sin6_addr, a->addr, sizeof(sin6->sin6_addr));
	}
}

/**
 * iwpm_client_valid() - is @client a port mapper client index
 * @client: netlink client index
 *
 * Index 3 was RDMA_NL_C4IW, cxgb4's own client, and is reserved now
 * (RDMA_NL_RSVD); a daemon still addresses it, so it stays a port mapper
 * client.
 *
 * Return: true for RDMA_NL_IWCM (2, once also RDMA_NL_NES) and RDMA_NL_RSVD
 * (3).
 */
bool iwpm_client_valid(u8 client)
{
	return client == RDMA_NL_IWCM || client == RDMA_NL_RSVD;
}

/**
 * iwpm_client_in_use() - has @client been iwpm_init()ed
 * @pm: port mapper
 * @client: netlink client index
 *
 * Return: true if @pm is live and @client is valid and has users.
 */
bool iwpm_client_in_use(struct iwpm *pm, u8 client)
{
	bool in_use;

	if (!iwpm_client_valid(client))
		return false;
	spin_lock_bh(&pm->lock);
	in_use = pm->live && pm->clients[client].users > 0;
	spin_unlock_bh(&pm->lock);
	return in_use;
}

/**
 * iwpm_client_get() - add a user of @client
 * @pm: port mapper
 * @client: netlink client index
 *
 * The first user starts the client unregistered with empty tables.
 *
 * Return: 0, -EINVAL for an index that is not a port mapper client, or
 * -ESHUTDOWN once @pm is torn down.
 */
int iwpm_client_get(struct iwpm *pm, u8 client)
{
	struct iwpm_client *c;
	int err = 0;

	if (!iwpm_client_valid(client))
		return -EINVAL;
	c = &pm->clients[client];
	spin_lock_bh(&pm->lock);
	if (!pm->live)
		err = -ESHUTDOWN;
	else if (!c->users++)
		c->reg = IWPM_REG_UNDEF;
	spin_unlock_bh(&pm->lock);
	return err;
}

/* Every lookup holds @pm->lock, so nobody can still see @m: free it now. */
static void iwpm_mapinfo_unlink(struct iwpm *pm, struct iwpm_mapinfo *m)
{
	lockdep_assert_held(&pm->lock);
	if (m->hashed)
		rhltable_remove(&pm->mapinfo, &m->node, iwpm_mapinfo_params);
	else
		list_del(&m->unhashed);
	list_del(&m->link);
	pm->clients[m->client].nr_mappings--;
	kfree(m);
}

static void iwpm_reminfo_unlink(struct iwpm *pm, struct iwpm_reminfo *r)
{
	lockdep_assert_held(&pm->lock);
	rhashtable_remove_fast(&pm->reminfo, &r->node, iwpm_reminfo_params);
	list_del(&r->link);
	pm->clients[r->key.client].nr_reminfos--;
	kfree_rcu(r, rcu);
}

static void iwpm_client_flush(struct iwpm *pm, struct iwpm_client *c)
{
	struct iwpm_mapinfo *m, *mtmp;
	struct iwpm_reminfo *r, *rtmp;

	lockdep_assert_held(&pm->lock);
	list_for_each_entry_safe(m, mtmp, &c->mappings, link)
		iwpm_mapinfo_unlink(pm, m);
	list_for_each_entry_safe(r, rtmp, &c->reminfos, link)
		iwpm_reminfo_unlink(pm, r);
	c->reg = IWPM_REG_UNDEF;
}

/**
 * iwpm_client_put() - drop a user of @client
 * @pm: port mapper
 * @client: netlink client index, as given to iwpm_client_get()
 *
 * The last user frees the client's mappings and remote-info entries and fails
 * its outstanding requests with -ESHUTDOWN.
 */
void iwpm_client_put(struct iwpm *pm, u8 client)
{
	struct iwpm_client *c;
	bool last;

	if (WARN_ON(!iwpm_client_valid(client)))
		return;
	c = &pm->clients[client];
	spin_lock_bh(&pm->lock);
	if (WARN_ON(!pm->live || !c->users)) {
		spin_unlock_bh(&pm->lock);
		return;
	}
	last = !--c->users;
	if (last)
		iwpm_client_flush(pm, c);
	spin_unlock_bh(&pm->lock);
	if (last)
		iwpm_requests_fail(pm, client, -ESHUTDOWN);
}

static struct iwpm_mapinfo *iwpm_mapinfo_new(u8 client,
					     const struct sockaddr_storage *local,
					     const struct sockaddr_storage *mapped,
					     u32 flags)
{
	struct iwpm_addr loc, map;
	struct iwpm_mapinfo *m;

	if (iwpm_addr_from_sockaddr(&loc, local) ||
	    iwpm_addr_from_sockaddr(&map, mapped) || loc.family != map.family)
		return ERR_PTR(-EINVAL);
	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	*m = (struct iwpm_mapinfo){
		.local = loc,
		.mapped = map,
		.client = client,
		.flags = flags,
		.refs = 1,
		.local_scope = iwpm_sockaddr_scope(local),
		.mapped_scope = iwpm_sockaddr_scope(mapped),
	};
	return m;
}

#define IWPM_ANY_CLIENT	RDMA_NL_NUM_CLIENTS

/* Is @m of @client (any: IWPM_ANY_CLIENT), to @mapped and with @flags? */
static bool iwpm_mapinfo_match(const struct iwpm_mapinfo *m, u8 client,
			       const struct iwpm_addr *mapped, const u32 *flags)
{
	return (client == IWPM_ANY_CLIENT || m->client == client) &&
	       (!mapped || iwpm_addr_equal(&m->mapped, mapped)) &&
	       (!flags || m->flags == *flags);
}

/*
 * The most recent entry of @client (or of any, IWPM_ANY_CLIENT) under @local
 * mapped to @mapped (any, if NULL) with @flags (any, if NULL).  The entries
 * the table could not take are newer than every entry it holds, so they are
 * searched first, newest first.  Under @pm->lock.
 */
static struct iwpm_mapinfo *iwpm_mapinfo_lookup(struct iwpm *pm, u8 client,
						const struct iwpm_addr *local,
						const struct iwpm_addr *mapped,
						const u32 *flags)
{
	struct iwpm_mapinfo *m, *found = NULL;
	struct rhlist_head *list, *pos;

	lockdep_assert_held(&pm->lock);
	list_for_each_entry_reverse(m, &pm->mapinfo_unhashed, unhashed)
		if (iwpm_addr_equal(&m->local, local) &&
		    iwpm_mapinfo_match(m, client, mapped, flags))
			return m;
	rcu_read_lock();
	list = rhltable_lookup(&pm->mapinfo, local, iwpm_mapinfo_params);
	rhl_for_each_entry_rcu(m, pos, list, node) {
		if (iwpm_mapinfo_match(m, client, mapped, flags)) {
			found = m;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/*
 * Hash @m.  rhashtable inserts allocate with GFP_ATOMIC whatever the caller,
 * and fail when the table cannot grow: a bucket allocation failed (-ENOMEM),
 * a rehash is under way (-EBUSY), or the table is at its limit (-E2BIG).
 * Such a failure does not lose @m: it goes on @pm->mapinfo_unhashed.  The
 * entries already there are hashed first, oldest first, each in front of the
 * older entries of its key; while any is left, @m joins them, so every
 * unhashed entry stays newer than every hashed one.
 */
static void iwpm_mapinfo_hash(struct iwpm *pm, struct iwpm_mapinfo *m)
{
	struct iwpm_mapinfo *u, *tmp;

	lockdep_assert_held(&pm->lock);
	list_for_each_entry_safe(u, tmp, &pm->mapinfo_unhashed, unhashed) {
		list_del(&u->unhashed);
		if (rhltable_insert(&pm->mapinfo, &u->node, iwpm_mapinfo_params)) {
			list_add(&u->unhashed, &pm->mapinfo_unhashed);
			break;
		}
		u->hashed = true;
	}
	m->hashed = list_empty(&pm->mapinfo_unhashed) &&
		    !rhltable_insert(&pm->mapinfo, &m->node, iwpm_mapinfo_params);
	if (!m->hashed)
		list_add_tail(&m->unhashed, &pm->mapinfo_unhashed);
}

/* Record @m, or count one more reference on its identical twin. */
static int iwpm_mapinfo_insert(struct iwpm *pm, struct iwpm_mapinfo *m)
{
	struct iwpm_client *c = &pm->clients[m->client];
	struct iwpm_mapinfo *old;
	int err = 0;

	spin_lock_bh(&pm->lock);
	if (!pm->live || !c->users) {
		err = -EINVAL;
		goto out;
	}
	old = iwpm_mapinfo_lookup(pm, m->client, &m->local, &m->mapped,
				  &m->flags);
	if (old) {
		old->refs++;
		goto out;
	}
	iwpm_mapinfo_hash(pm, m);
	list_add_tail(&m->link, &c->mappings);
	c->nr_mappings++;
	m = NULL;
out:
	spin_unlock_bh(&pm->lock);
	kfree(m);
	return err;
}

/**
 * iwpm_mapinfo_add() - record that @local is mapped to @mapped
 * @pm: port mapper
 * @client: netlink client index, in use
 * @local: local address
 * @mapped: mapped address, same family as @local
 * @flags: IWPM_FLAGS_* the mapping was made with
 *
 * Adding the same mapping (same @mapped and @flags) again counts a
 * reference; iwpm_mapinfo_del() drops one.  A mapping of @local to another
 * address or with other flags is a mapping of its own, as a wildcard listen
 * over two devices makes.  Process context.
 *
 * The only allocation is the entry's own, GFP_KERNEL, as in Linux 6.12: a
 * hash table that cannot grow does not fail the call (the mapping waits
 * beside the table, see iwpm_mapinfo_hash()), so a listen or connect fails
 * here for no reason it did not fail for before.
 *
 * Return: 0; -EINVAL for a client not in use, an address neither IPv4 nor
 * IPv6, addresses of two families, or once @pm is torn down; -ENOMEM if the
 * entry cannot be allocated.
 */
int iwpm_mapinfo_add(struct iwpm *pm, u8 client,
		     const struct sockaddr_storage *local,
		     const struct sockaddr_storage *mapped, u32 flags)
{
	struct iwpm_mapinfo *m;

	if (!iwpm_client_valid(client))
		return -EINVAL;
	m = iwpm_mapinfo_new(client, local, mapped, flags);
	if (IS_ERR(m))
		return PTR_ERR(m);
	return iwpm_mapinfo_insert(pm, m);
}

/**
 * iwpm_mapinfo_del() - drop one reference on the mapping @local -> @mapped
 * @pm: port mapper
 * @local: local address
 * @mapped: mapped address it must have
 *
 * The mapping may belong to any client (the driver API names none) and have
 * any flags; the most recent such mapping loses the reference.
 *
 * Return: 0, or -ENOENT if no client has that mapping or @pm is torn down.
 */
int iwpm_mapinfo_del(struct iwpm *pm, const struct sockaddr_storage *local,
		     const struct sockaddr_storage *mapped)
{
	struct iwpm_addr key, want;
	struct iwpm_mapinfo *m = NULL;

	if (iwpm_addr_from_sockaddr(&key, local) ||
	    iwpm_addr_from_sockaddr(&want, mapped))
		return -ENOENT;
	spin_lock_bh(&pm->lock);
	if (pm->live)
		m = iwpm_mapinfo_lookup(pm, IWPM_ANY_CLIENT, &key, &want, NULL);
	if (m && !--m->refs)
		iwpm_mapinfo_unlink(pm, m);
	spin_unlock_bh(&pm->lock);
	return m ? 0 : -ENOENT;
}

/**
 * iwpm_mapinfo_find() - look up the mapping of @local for @client
 * @pm: port mapper
 * @client: netlink client index
 * @local: local address
 * @mapped: result, may be NULL
 * @flags: result, may be NULL
 *
 * When @local has several mappings, the most recently created one.
 *
 * Return: 0, or -ENOENT.
 */
int iwpm_mapinfo_find(struct iwpm *pm, u8 client,
		      const struct sockaddr_storage *local,
		      struct sockaddr_storage *mapped, u32 *flags)
{
	struct iwpm_mapinfo *m = NULL;
	struct iwpm_addr key;

	if (!iwpm_client_valid(client) || iwpm_addr_from_sockaddr(&key, local))
		return -ENOENT;
	spin_lock_bh(&pm->lock);
	if (pm->live)
		m = iwpm_mapinfo_lookup(pm, client, &key, NULL, NULL);
	if (m && mapped)
		iwpm_addr_to_sockaddr(mapped, &m->mapped, m->mapped_scope);
	if (m && flags)
		*flags = m->flags;
	spin_unlock_bh(&pm->lock);
	return m ? 0 : -ENOENT;
}

/**
 * iwpm_mapinfo_live() - is a mapping of a snapshot still in the table
 * @pm: port mapper, locked
 * @client: netlink client index
 * @m: entry of iwpm_mapinfo_snapshot()
 *
 * Return: true if @client still maps @m->local to @m->mapped with @m->flags.
 */
bool iwpm_mapinfo_live(struct iwpm *pm, u8 client,
		       const struct iwpm_mapping *m)
{
	lockdep_assert_held(&pm->lock);
	return pm->live && iwpm_mapinfo_lookup(pm, client, &m->local,
					       &m->mapped, &m->flags);
}

/**
 * iwpm_mapinfo_count() - number of distinct mappings of @client
 * @pm: port mapper
 * @client: netlink client index
 *
 * Return: the count, 0 for an invalid client.
 */
unsigned int iwpm_mapinfo_count(struct iwpm *pm, u8 client)
{
	unsigned int n;

	if (!iwpm_client_valid(client))
		return 0;
	spin_lock_bh(&pm->lock);
	n = pm->clients[client].nr_mappings;
	spin_unlock_bh(&pm->lock);
	return n;
}

/**
 * iwpm_mapinfo_snapshot() - copy every mapping of @client
 * @pm: port mapper
 * @client: netlink client index
 * @count: result: number of entries
 *
 * Return: a kvmalloc()ed array of @count entries the caller kvfree()s (of
 * none, if the mappings went while it was allocated), NULL when @client had
 * no mappings, or an ERR_PTR().
 */
struct iwpm_mapping *iwpm_mapinfo_snapshot(struct iwpm *pm, u8 client,
					   unsigned int *count)
{
	struct iwpm_mapping *snap = NULL;
	unsigned int want, n = 0;
	struct iwpm_mapinfo *m;

	*count = 0;
	if (!iwpm_client_valid(client))
		return ERR_PTR(-EINVAL);
	for (;;) {
		want = iwpm_mapinfo_count(pm, client);
		if (!want)
			return NULL;
		snap = kvmalloc_array(want, sizeof(*snap), GFP_KERNEL);
		if (!snap)
			return ERR_PTR(-ENOMEM);
		spin_lock_bh(&pm->lock);
		if (pm->clients[client].nr_mappings <= want)
			break;
		spin_unlock_bh(&pm->lock);
		kvfree(snap);
	}
	list_for_each_entry(m, &pm->clients[client].mappings, link) {
		snap[n].local = m->local;
		snap[n].mapped = m->mapped;
		snap[n].local_scope = m->local_scope;
		snap[n].mapped_scope = m->mapped_scope;
		snap[n].flags = m->flags;
		n++;
	}
	spin_unlock_bh(&pm->lock);
	*count = n;
	return snap;
}

static int iwpm_reminfo_key(struct iwpm_reminfo_key *key, u8 client,
			    const struct sockaddr_storage *mapped_loc,
			    const struct sockaddr_storage *mapped_rem)
{
	memset(key, 0, sizeof(*key));
	key->client = client;
	if (iwpm_addr_from_sockaddr(&key->mapped_loc, mapped_loc) ||
	    iwpm_addr_from_sockaddr(&key->mapped_rem, mapped_rem))
		return -EINVAL;
	return 0;
}

/* Stale reports a new report drops at most: a bounded cost per report. */
#define IWPM_REMINFO_EXPIRE_BATCH	2

/*
 * Drop the stale reports of @c (older than @pm->reminfo_ttl), oldest first,
 * at most IWPM_REMINFO_EXPIRE_BATCH: more than one, so that while reports
 * come the stale ones go faster than new ones can grow stale.
 */
static void iwpm_reminfo_expire(struct iwpm *pm, struct iwpm_client *c)
{
	struct iwpm_reminfo *r;
	int i;

	lockdep_assert_held(&pm->lock);
	for (i = 0; i < IWPM_REMINFO_EXPIRE_BATCH; i++) {
		r = list_first_entry_or_null(&c->reminfos, struct iwpm_reminfo,
					     link);
		if (!r || !time_after(jiffies, r->born + pm->reminfo_ttl))
			return;
		iwpm_reminfo_unlink(pm, r);
		atomic_long_inc(&pm->stats.reminfo_expired);
	}
}

/*
 * Insert @r, or refresh the report of the same connection, once stale
 * reports made room.  A client full of live reports refuses @r.
 */
static int iwpm_reminfo_insert(struct iwpm *pm, struct iwpm_reminfo *r)
{
	struct iwpm_client *c = &pm->clients[r->key.client];
	struct iwpm_reminfo *old;
	int err = -EINVAL;

	spin_lock_bh(&pm->lock);
	if (!pm->live || !c->users)
		goto out;
	iwpm_reminfo_expire(pm, c);
	r->born = jiffies;
	old = rhashtable_lookup_fast(&pm->reminfo, &r->key, iwpm_reminfo_params);
	if (old) {
		old->remote = r->remote;
		old->remote_scope = r->remote_scope;
		old->born = r->born;
		list_move_tail(&old->link, &c->reminfos);
		err = 0;
		goto out;
	}
	err = -ENOSPC;
	if (c->nr_reminfos >= IWPM_REMINFO_MAX) {
		atomic_long_inc(&pm->stats.reminfo_refused);
		goto out;
	}
	err = rhashtable_insert_fast(&pm->reminfo, &r->node, iwpm_reminfo_params);
	if (err)
		goto out;
	list_add_tail(&r->link, &c->reminfos);
	c->nr_reminfos++;
	r = NULL;
out:
	spin_unlock_bh(&pm->lock);
	kfree(r);
	return err;
}

/**
 * iwpm_reminfo_add() - remember the remote address of a passive connection
 * @pm: port mapper
 * @client: netlink client index, in use
 * @mapped_loc: mapped local address of the connection
 * @mapped_rem: mapped remote address of the connection
 * @remote: the remote peer's real address
 *
 * A newer report for the same connection replaces the older one.  A report
 * is live for &iwpm.reminfo_ttl (IWPM_REMINFO_TTL, longer than any
 * connection takes to reach iw_cm after its report) and stale after.  Each
 * call first drops up to two stale reports of @client, oldest first,
 * counted in &iwpm_stats.reminfo_expired; until then iw_cm may still take
 * one.  A live report is never dropped to make room: a client holding
 * IWPM_REMINFO_MAX reports, none of them stale, refuses the new one,
 * counted in &iwpm_stats.reminfo_refused.  Does not sleep (GFP_ATOMIC), but
 * takes @pm->lock with spin_lock_bh(): not with hard interrupts off.
 *
 * Return: 0; -EINVAL for a client not in use, an address neither IPv4 nor
 * IPv6 or once @pm is torn down; -ENOSPC when refused; -ENOMEM or another
 * error of rhashtable_insert_fast().
 */
int iwpm_reminfo_add(struct iwpm *pm, u8 client,
		     const struct sockaddr_storage *mapped_loc,
		     const struct sockaddr_storage *mapped_rem,
		     const struct sockaddr_storage *remote)
{
	struct iwpm_reminfo *r;

	if (!iwpm_client_valid(client))
		return -EINVAL;
	r = kzalloc(sizeof(*r), GFP_ATOMIC);
	if (!r)
		return -ENOMEM;
	if (iwpm_reminfo_key(&r->key, client, mapped_loc, mapped_rem) ||
	    iwpm_addr_from_sockaddr(&r->remote, remote)) {
		kfree(r);
		return -EINVAL;
	}
	r->remote_scope = iwpm_sockaddr_scope(remote);
	return iwpm_reminfo_insert(pm, r);
}

/**
 * iwpm_reminfo_take() - look up and forget a remote address
 * @pm: port mapper
 * @client: netlink client index
 * @mapped_loc: mapped local address of the connection
 * @mapped_rem: mapped remote address of the connection
 * @remote: result
 *
 * Return: 0, or -ENOENT if nothing was reported for that connection or @pm
 * is torn down.
 */
int iwpm_reminfo_take(struct iwpm *pm, u8 client,
		      const struct sockaddr_storage *mapped_loc,
		      const struct sockaddr_storage *mapped_rem,
		      struct sockaddr_storage *remote)
{
	struct iwpm_reminfo_key key;
	struct iwpm_reminfo *r = NULL;

	if (!iwpm_client_valid(client) ||
	    iwpm_reminfo_key(&key, client, mapped_loc, mapped_rem))
		return -ENOENT;
	spin_lock_bh(&pm->lock);
	if (pm->live)
		r = rhashtable_lookup_fast(&pm->reminfo, &key,
					   iwpm_reminfo_params);
	if (r) {
		iwpm_addr_to_sockaddr(remote, &r->remote, r->remote_scope);
		iwpm_reminfo_unlink(pm, r);
	}
	spin_unlock_bh(&pm->lock);
	return r ? 0 : -ENOENT;
}

/**
 * iwpm_reminfo_count() - number of remote-info entries of @client
 * @pm: port mapper
 * @client: netlink client index
 *
 * Return: the count, 0 for an invalid client.
 */
unsigned int iwpm_reminfo_count(struct iwpm *pm, u8 client)
{
	unsigned int n;

	if (!iwpm_client_valid(client))
		return 0;
	spin_lock_bh(&pm->lock);
	n = pm->clients[client].nr_reminfos;
	spin_unlock_bh(&pm->lock);
	return n;
}

/**
 * iwpm_tables_init() - create the empty tables of an instance
 * @pm: instance
 *
 * Return: 0 or a negative errno.
 */
int iwpm_tables_init(struct iwpm *pm)
{
	int err;

	INIT_LIST_HEAD(&pm->mapinfo_unhashed);
	err = rhltable_init(&pm->mapinfo, &iwpm_mapinfo_params);
	if (err)
		return err;
	err = rhashtable_init(&pm->reminfo, &iwpm_reminfo_params);
	if (err)
		rhltable_destroy(&pm->mapinfo);
	return err;
}

/**
 * iwpm_tables_close() - empty the tables, and refuse every later call
 * @pm: instance
 *
 * Every client loses its users and its entries; from now on every table
 * function fails cleanly, whoever still calls it.
 */
void iwpm_tables_close(struct iwpm *pm)
{
	u8 i;

	spin_lock_bh(&pm->lock);
	pm->live = false;
	for (i = 0; i < RDMA_NL_NUM_CLIENTS; i++) {
		iwpm_client_flush(pm, &pm->clients[i]);
		pm->clients[i].users = 0;
	}
	spin_unlock_bh(&pm->lock);
}

/**
 * iwpm_tables_destroy() - free the tables of a closed instance
 * @pm: instance, after iwpm_tables_close()
 */
void iwpm_tables_destroy(struct iwpm *pm)
{
	rhltable_destroy(&pm->mapinfo);
	rhashtable_destroy(&pm->reminfo);
}
