/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * iWARP port mapper internals: one struct iwpm holds everything the port
 * mapper knows (the daemon, the clients, the mapping tables and the requests
 * in flight).  The driver API in iw_portmap.h works on one instance per
 * network namespace; the KUnit suites build their own instances with a
 * transport of their own.
 *
 * One file per concept, in the order they build on each other: requests
 * (iwpm_request.c), tables (iwpm_table.c), messages to the daemon
 * (iwpm_tx.c), the replay (iwpm_replay.c), messages from the daemon
 * (iwpm_rx.c), the instance and the driver API (iwpm_api.c).
 */
#ifndef _IWPM_H
#define _IWPM_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/netlink.h>
#include <rdma/iw_portmap.h>
#include <rdma/rdma_netlink.h>

#define IWPM_ULIB_NAME		"iWarpPortMapperUser"
#define IWPM_DEFAULT_TIMEOUT_MS	10000

/*
 * Remote info: the daemon reports the real peer of an incoming connection
 * when the peer's daemon asks ours for the listener's mapping, just before
 * the peer connects; iw_cm takes the report when the driver hands it the
 * connection request.  In between: at most 10 s for the peer's daemon to
 * answer its kernel (iw_cm's port mapper waits no longer, and a connection
 * made without the answer is not the reported one), and a TCP handshake,
 * which Linux abandons after the sixth retransmission of its SYN
 * (tcp_syn_retries), 63 s after the first.  So iw_cm takes a report within
 * about 75 s or never.  A report is live for IWPM_REMINFO_TTL, more than
 * twice that, and stale after; stale reports are dropped, oldest first, as
 * new ones come.
 *
 * A live report is never dropped.  The daemon reports whatever a peer sends
 * to its UDP port, so a flood must not grow the table without bound: a
 * client holding IWPM_REMINFO_MAX live reports (about 9 MB) refuses new ones
 * until old ones go stale.
 */
#define IWPM_REMINFO_TTL	(180 * HZ)
#define IWPM_REMINFO_MAX	65536

/**
 * struct iwpm_addr - an IPv4 or IPv6 address and port, as a hash key
 * @family: AF_INET or AF_INET6
 * @port: port, network order
 * @addr: address, IPv4 in the first word, the rest zero
 *
 * Two sockaddrs name the same endpoint when these fields are equal.  Neither
 * the IPv6 scope id nor the flow information is part of the identity, as for
 * Linux's iw_cm and for iwpmd, whose reports carry scope 0.  Words, not
 * bytes, so that making and comparing keys takes a few loads and stores.
 */
struct iwpm_addr {
	u16 family;
	__be16 port;
	__be32 addr[4];
};

/**
 * iwpm_addr_equal() - same family, address and port
 * @a: one key
 * @b: the other
 *
 * Return: true if @a and @b name the same endpoint.
 */
static inline bool iwpm_addr_equal(const struct iwpm_addr *a,
				   const struct iwpm_addr *b)
{
	return a->family == b->family && a->port == b->port &&
	       !((a->addr[0] ^ b->addr[0]) | (a->addr[1] ^ b->addr[1]) |
		 (a->addr[2] ^ b->addr[2]) | (a->addr[3] ^ b->addr[3]));
}

/* Registration of a client with the daemon. */
enum iwpm_reg {
	IWPM_REG_UNDEF,		/* never registered */
	IWPM_REG_INCOMPL,	/* the daemon (re)started; register again */
	IWPM_REG_VALID,		/* registered */
};

/**
 * struct iwpm_client - one port mapper client (netlink client index)
 * @users: iwpm_client_get() calls not yet matched by iwpm_client_put(); the
 *	driver API's instances count each client in use once
 * @reg: registration state
 * @mappings: its struct iwpm_mapinfo entries
 * @reminfos: its struct iwpm_reminfo entries, oldest first
 * @nr_mappings: length of @mappings
 * @nr_reminfos: length of @reminfos
 * @replay_sent: mappings sent in the last replay, for the daemon's ack
 */
struct iwpm_client {
	unsigned int users;
	enum iwpm_reg reg;
	struct list_head mappings;
	struct list_head reminfos;
	unsigned int nr_mappings;
	unsigned int nr_reminfos;
	u32 replay_sent;
};

/**
 * struct iwpm_daemon - what the kernel knows of the user-space daemon
 * @portid: its netlink port id, valid while @known
 * @known: a daemon introduced itself (answered a registration, or sent HELLO
 *	or MAPINFO) and has not vanished since; requests fall back to unmapped
 *	addresses while it is false
 * @gone: the daemon's socket closed or refused a message, or, with no
 *	daemon known, nobody listened to a registration or nobody answered it
 *	in time; registrations fail with -ESRCH at once until a daemon speaks
 * @abi: ABI version in use: min(daemon's, IWPM_UABI_VERSION);
 *	IWPM_UABI_VERSION_MIN until a daemon introduced itself
 * @echo_seq: sequence number of the daemon's last message, echoed back
 */
struct iwpm_daemon {
	u32 portid;
	bool known;
	bool gone;
	u16 abi;
	u32 echo_seq;
};

/**
 * struct iwpm_stats - event counters
 * @sent: skbs the transport took (a replay skb holds many messages)
 * @send_errors: skbs the transport refused, and answers to a HELLO that could
 *	not be allocated
 * @answered: requests the daemon answered with success
 * @timeouts: requests that saw no answer in time
 * @daemon_errors: requests the daemon answered with an error
 * @stale: answers with an unknown, late or duplicate sequence number
 * @rejected: daemon messages rejected as malformed or inconsistent
 * @unauthorized: messages from senders that may not speak for the daemon
 * @replays: mapping replays sent
 * @replay_mismatch: replays whose acknowledged count differed
 * @reminfo_expired: remote-info reports dropped as stale (IWPM_REMINFO_TTL)
 * @reminfo_refused: remote-info reports refused by a full client
 *	(IWPM_REMINFO_MAX)
 */
struct iwpm_stats {
	atomic_long_t sent;
	atomic_long_t send_errors;
	atomic_long_t answered;
	atomic_long_t timeouts;
	atomic_long_t daemon_errors;
	atomic_long_t stale;
	atomic_long_t rejected;
	atomic_long_t unauthorized;
	atomic_long_t replays;
	atomic_long_t replay_mismatch;
	atomic_long_t reminfo_expired;
	atomic_long_t reminfo_refused;
};

struct iwpm;

/**
 * struct iwpm_transport - how an instance reaches the daemon
 * @unicast: send @skb to @portid without waiting for room: -EAGAIN if the
 *	receiver's socket is full.  Consumes @skb.  0 or a negative errno.
 * @multicast: send @skb to RDMA_NL_GROUP_IWPM; -ESRCH when nobody listens.
 *	Consumes @skb.
 */
struct iwpm_transport {
	int (*unicast)(struct iwpm *pm, struct sk_buff *skb, u32 portid);
	int (*multicast)(struct iwpm *pm, struct sk_buff *skb);
};

/**
 * struct iwpm - one port mapper
 * @lock: protects @live, @daemon, @clients and both tables; initialised by
 *	the owner of the instance, before iwpm_setup()
 * @live: set up and not torn down: the tables may be used
 * @net: network namespace whose daemon it hears and whose addresses it maps
 * @daemon: the daemon
 * @clients: indexed by netlink client index
 * @mapinfo: local address -> mapped addresses, struct iwpm_mapinfo
 * @mapinfo_unhashed: mappings @mapinfo could not take (it could not grow),
 *	oldest first, all newer than those it holds; hashed again when the
 *	next mapping is created
 * @reminfo: mapped addresses -> remote address, struct iwpm_reminfo
 * @requests: requests waiting for the daemon, by sequence number
 * @seq: last sequence number used
 * @live_requests: request objects allocated and not yet freed
 * @timeout: how long a request waits for its answer, in jiffies
 * @reminfo_ttl: age past which a remote-info report is stale, in jiffies
 *	(IWPM_REMINFO_TTL)
 * @transport: how messages leave
 * @replay_lock: held while a replay skb is built and sent and while a
 *	REMOVE_MAPPING is sent, so the daemon never sees a removal overtaken
 *	by the replay of what it removed; never across a wait for the daemon
 * @replay_work: sends the mapping tables to a restarted daemon; queued on
 *	system_unbound_wq, where it may wait for a slow daemon
 * @replay_pending: clients whose tables @replay_work must send
 * @stats: counters
 */
struct iwpm {
	spinlock_t lock;	/* live, daemon, clients, tables */
	bool live;
	struct net *net;
	struct iwpm_daemon daemon;
	struct iwpm_client clients[RDMA_NL_NUM_CLIENTS];
	struct rhltable mapinfo;
	struct list_head mapinfo_unhashed;
	struct rhashtable reminfo;
	struct xarray requests;
	atomic_t seq;
	atomic_t live_requests;
	unsigned long timeout;
	unsigned long reminfo_ttl;
	const struct iwpm_transport *transport;
	struct mutex replay_lock;	/* replay skbs against REMOVE_MAPPING */
	struct work_struct replay_work;
	unsigned long replay_pending;
	struct iwpm_stats stats;
};

/**
 * struct iwpm_request - one request waiting for the daemon
 * @pm: the port mapper it belongs to
 * @refs: one for the waiter, one while it is in @iwpm.requests
 * @seq: its sequence number, echoed by the daemon
 * @client: netlink client index it was sent for
 * @op: RDMA_NL_IWPM_* operation it expects an answer to
 * @done: completed once, by the answer or by iwpm_requests_fail()
 * @err: result: 0 or a negative errno
 * @dev_name: REG_PID: the device name the answer must carry
 * @loc: ADD_MAPPING/QUERY_MAPPING: local address the answer must carry
 * @rem: QUERY_MAPPING: remote address the answer must carry
 * @mapped_loc: answer: mapped local address
 * @mapped_rem: answer: mapped remote address
 */
struct iwpm_request {
	struct iwpm *pm;
	refcount_t refs;
	u32 seq;
	u8 client;
	u8 op;
	struct completion done;
	int err;
	char dev_name[IWPM_DEVNAME_SIZE];
	struct iwpm_addr loc;
	struct iwpm_addr rem;
	struct sockaddr_storage mapped_loc;
	struct sockaddr_storage mapped_rem;
};

/**
 * struct iwpm_mapping - one mapping as the replay sends it
 * @local: local address
 * @mapped: mapped address
 * @local_scope: IPv6 scope id of @local as created
 * @mapped_scope: IPv6 scope id of @mapped as created
 * @flags: IWPM_FLAGS_*
 */
struct iwpm_mapping {
	struct iwpm_addr local;
	struct iwpm_addr mapped;
	u32 local_scope;
	u32 mapped_scope;
	u32 flags;
};

/**
 * struct iwpm_peer - a copy of what is known of the daemon, for one client
 * @known: as &iwpm_daemon.known
 * @gone: as &iwpm_daemon.gone
 * @portid: its netlink port
 * @abi: the ABI version both speak
 * @echo_seq: the sequence number to echo in a registration
 * @reg: the client's registration
 */
struct iwpm_peer {
	bool known;
	bool gone;
	u32 portid;
	u16 abi;
	u32 echo_seq;
	enum iwpm_reg reg;
};

/* A netlink attribute of a message being built. */
struct iwpm_attr {
	u16 type;
	u16 len;
	const void *data;
};

/* Room for the largest request we send (QUERY_MAPPING with flags). */
#define IWPM_MSG_SIZE	512

/* iwpm_request.c: the requests waiting for the daemon */
struct iwpm_request *iwpm_request_new(struct iwpm *pm, u8 client, u8 op);
struct iwpm_request *iwpm_request_claim(struct iwpm *pm, u32 seq, u8 client,
					u8 op);
void iwpm_request_complete(struct iwpm_request *req, int err);
void iwpm_request_cancel(struct iwpm *pm, struct iwpm_request *req);
int iwpm_request_wait(struct iwpm *pm, struct iwpm_request *req);
void iwpm_request_put(struct iwpm_request *req);
unsigned int iwpm_requests_pending(struct iwpm *pm);
void iwpm_requests_fail(struct iwpm *pm, int client, int err);

/* iwpm_table.c: addresses, clients, the mapping and remote-info tables */
bool iwpm_client_valid(u8 client);
int iwpm_client_get(struct iwpm *pm, u8 client);
void iwpm_client_put(struct iwpm *pm, u8 client);
bool iwpm_client_in_use(struct iwpm *pm, u8 client);

int iwpm_addr_from_sockaddr(struct iwpm_addr *a,
			    const struct sockaddr_storage *ss);
u32 iwpm_sockaddr_scope(const struct sockaddr_storage *ss);
void iwpm_addr_to_sockaddr(struct sockaddr_storage *ss,
			   const struct iwpm_addr *a, u32 scope);

int iwpm_mapinfo_add(struct iwpm *pm, u8 client,
		     const struct sockaddr_storage *local,
		     const struct sockaddr_storage *mapped, u32 flags);
int iwpm_mapinfo_del(struct iwpm *pm, const struct sockaddr_storage *local,
		     const struct sockaddr_storage *mapped);
int iwpm_mapinfo_find(struct iwpm *pm, u8 client,
		      const struct sockaddr_storage *local,
		      struct sockaddr_storage *mapped, u32 *flags);
unsigned int iwpm_mapinfo_count(struct iwpm *pm, u8 client);

struct iwpm_mapping *iwpm_mapinfo_snapshot(struct iwpm *pm, u8 client,
					   unsigned int *count);
bool iwpm_mapinfo_live(struct iwpm *pm, u8 client,
		       const struct iwpm_mapping *m);

int iwpm_reminfo_add(struct iwpm *pm, u8 client,
		     const struct sockaddr_storage *mapped_loc,
		     const struct sockaddr_storage *mapped_rem,
		     const struct sockaddr_storage *remote);
int iwpm_reminfo_take(struct iwpm *pm, u8 client,
		      const struct sockaddr_storage *mapped_loc,
		      const struct sockaddr_storage *mapped_rem,
		      struct sockaddr_storage *remote);
unsigned int iwpm_reminfo_count(struct iwpm *pm, u8 client);
int iwpm_tables_init(struct iwpm *pm);
void iwpm_tables_close(struct iwpm *pm);
void iwpm_tables_destroy(struct iwpm *pm);

/* iwpm_tx.c: the messages to the daemon, and what is known of it */
extern const char iwpm_ulib_name[IWPM_ULIBNAME_SIZE];
int iwpm_errno_from_daemon(u16 code);
int iwpm_put(struct sk_buff *skb, u8 client, u8 op, u32 seq, int flags,
	     const struct iwpm_attr *attrs, int n);
struct sk_buff *iwpm_msg(u8 client, u8 op, u32 seq,
			 const struct iwpm_attr *attrs, int n);
u32 iwpm_next_seq(struct iwpm *pm);
int iwpm_sent(struct iwpm *pm, int err);
int iwpm_unicast(struct iwpm *pm, struct sk_buff *skb, u32 portid);
void iwpm_daemon_set(struct iwpm *pm, u32 portid, u16 abi);
bool iwpm_daemon_forget(struct iwpm *pm, u32 portid);
void iwpm_peer_get(struct iwpm *pm, u8 client, struct iwpm_peer *p);
int iwpm_pm_register(struct iwpm *pm, const struct iwpm_dev_data *dev,
		     u8 client);
int iwpm_pm_add_mapping(struct iwpm *pm, struct iwpm_sa_data *sa, u8 client,
			bool query);
int iwpm_pm_remove_mapping(struct iwpm *pm,
			   const struct sockaddr_storage *local, u8 client);
void iwpm_pm_daemon_released(struct iwpm *pm, u32 portid);

/* iwpm_replay.c: the mappings, replayed to a restarted daemon */
void iwpm_replay_work(struct work_struct *work);

/* iwpm_rx.c: the messages from the daemon */
bool iwpm_pm_may_speak(struct iwpm *pm, const struct sk_buff *skb,
		       const struct nlmsghdr *nlh);
int iwpm_pm_rx_allowed(struct iwpm *pm, const struct sk_buff *skb,
		       const struct nlmsghdr *nlh);
int iwpm_pm_rx_trusted(struct iwpm *pm, const struct sk_buff *skb,
		       const struct nlmsghdr *nlh, struct netlink_ext_ack *extack);
int iwpm_pm_rx(struct iwpm *pm, const struct sk_buff *skb,
	       const struct nlmsghdr *nlh, struct netlink_ext_ack *extack);

/* iwpm_api.c: the instance, and the driver API on one per namespace */
int iwpm_setup(struct iwpm *pm, struct net *net,
	       const struct iwpm_transport *transport);
void iwpm_teardown(struct iwpm *pm);

/*
 * The way to the daemon of a namespace's port mapper: ib_core's NETLINK_RDMA
 * socket in that namespace (iwpm_nl.c).
 */
extern const struct iwpm_transport iwpm_nl_transport;

#endif /* _IWPM_H */
