// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: the messages from the daemon.
 *
 * Who may speak for the port mapper is decided first: a sender without
 * CAP_NET_ADMIN in the initial user namespace is refused, and so is, while a
 * daemon is known, any other sender of anything but the HELLO, MAPINFO or
 * registration answer a new daemon introduces itself with; the check holds
 * only the instance's lock, for a moment.  Then every
 * message is parsed against the policy of its operation, attribute by
 * attribute, and handed to its handler only if all of it is valid; nothing
 * changes before that.
 */

#include <linux/string.h>
#include <net/net_namespace.h>

#include "iwpm.h"
#include "iwpm_trace.h"

/* What a handler needs of a validated daemon message. */
struct iwpm_rx_msg {
	struct nlattr **tb;
	u8 client;
	u32 portid;
	u32 seq;
	struct netlink_ext_ack *extack;
};

static int iwpm_stale(struct iwpm *pm, const struct iwpm_rx_msg *msg)
{
	atomic_long_inc(&pm->stats.stale);
	NL_SET_ERR_MSG(msg->extack, "no outstanding request has this sequence number");
	return -ENOENT;
}

/*
 * A message the kernel does not take, whose extack message the caller set
 * with NL_SET_ERR_MSG(): count it, and fail the request it answered.
 */
static int iwpm_bad(struct iwpm *pm, struct iwpm_request *req)
{
	atomic_long_inc(&pm->stats.rejected);
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
	if (!iwpm_ulib_ok(tb[IWPM_NLA_RREG_ULIB_NAME], tb[IWPM_NLA_RREG_ULIB_VER])) {
		NL_SET_ERR_MSG(msg->extack, "not a port mapper of a supported ABI");
		return iwpm_bad(pm, req);
	}
	if (strcmp(nla_data(tb[IWPM_NLA_RREG_IBDEV_NAME]), req->dev_name)) {
		NL_SET_ERR_MSG(msg->extack, "answer names another device");
		return iwpm_bad(pm, req);
	}
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
	if (!iwpm_addr_equal(&loc, &req->loc) || mapped.family != loc.family) {
		NL_SET_ERR_MSG(msg->extack, "answer does not match the request");
		return iwpm_bad(pm, req);
	}
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
	    !iwpm_addr_equal(&q.rem, &req->rem)) {
		NL_SET_ERR_MSG(msg->extack, "answer does not match the request");
		return iwpm_bad(pm, req);
	}
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

	if (!iwpm_quad_get(tb, &q)) {
		NL_SET_ERR_MSG(msg->extack, "address families do not match");
		return iwpm_bad(pm, NULL);
	}
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

	if (!iwpm_ulib_ok(tb[IWPM_NLA_MAPINFO_ULIB_NAME], tb[IWPM_NLA_MAPINFO_ULIB_VER])) {
		NL_SET_ERR_MSG(msg->extack, "not a port mapper of a supported ABI");
		return iwpm_bad(pm, NULL);
	}
	iwpm_daemon_restarted(pm, msg, nla_get_u16(tb[IWPM_NLA_MAPINFO_ULIB_VER]));
	set_bit(msg->client, &pm->replay_pending);
	queue_work(system_unbound_wq, &pm->replay_work);
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

	if (abi < IWPM_UABI_VERSION_MIN) {
		NL_SET_ERR_MSG(msg->extack, "ABI version too old");
		return iwpm_bad(pm, NULL);
	}
	iwpm_daemon_restarted(pm, msg, abi);
	abi = min_t(u16, abi, IWPM_UABI_VERSION);
	skb = iwpm_msg(msg->client, RDMA_NL_IWPM_HELLO, iwpm_next_seq(pm),
		       attrs, ARRAY_SIZE(attrs));
	if (!skb)
		iwpm_sent(pm, -ENOMEM);
	else
		iwpm_unicast(pm, skb, msg->portid);
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
 * iwpm_pm_may_speak() - may the sender of @nlh speak for the port mapper
 * @pm: port mapper, or NULL for one not created yet, which knows no daemon
 * @skb: the skb it came in; NETLINK_CB(@skb).portid is the sender
 * @nlh: the message
 *
 * Only a sender with CAP_NET_ADMIN in the initial user namespace, the
 * host's administrator, whatever network namespace it speaks in: root of a
 * user namespace, which any user may create, speaks for no port mapper,
 * since a daemon can make rdma_cm wait for it.  While a daemon is known,
 * only that daemon's port, except for the messages by which a (new) daemon
 * introduces itself: HELLO, MAPINFO and the answer to a registration.
 * Takes only @pm->lock, briefly; counts nothing.
 *
 * Return: true if it may.
 */
bool iwpm_pm_may_speak(struct iwpm *pm, const struct sk_buff *skb,
		       const struct nlmsghdr *nlh)
{
	unsigned int op = RDMA_NL_GET_OP(nlh->nlmsg_type);
	u32 portid = NETLINK_CB(skb).portid;
	bool other;

	if (!netlink_capable(skb, CAP_NET_ADMIN))
		return false;
	if (op == RDMA_NL_IWPM_HELLO || op == RDMA_NL_IWPM_MAPINFO ||
	    op == RDMA_NL_IWPM_REG_PID || !pm)
		return true;
	spin_lock_bh(&pm->lock);
	other = pm->daemon.known && pm->daemon.portid != portid;
	spin_unlock_bh(&pm->lock);
	return !other;
}

/**
 * iwpm_pm_rx_allowed() - let the sender of @nlh speak, or count a refusal
 * @pm: port mapper, or NULL as for iwpm_pm_may_speak()
 * @skb: the skb it came in
 * @nlh: the message
 *
 * As iwpm_pm_may_speak(), and traces nothing, so a refused sender can
 * neither stall nor see the real daemon's messages; it is counted in
 * &iwpm_stats.unauthorized of @pm, if there is one.
 *
 * Return: 0, or -EPERM.
 */
int iwpm_pm_rx_allowed(struct iwpm *pm, const struct sk_buff *skb,
		       const struct nlmsghdr *nlh)
{
	if (iwpm_pm_may_speak(pm, skb, nlh))
		return 0;
	if (pm)
		atomic_long_inc(&pm->stats.unauthorized);
	return -EPERM;
}

/**
 * iwpm_pm_rx() - take one message from the daemon
 * @pm: port mapper
 * @skb: the skb it came in; NETLINK_CB(@skb).portid is the sender
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * The sender must be allowed to speak for the port mapper (see
 * Documentation/security.rst); the message is validated in full (client,
 * operation, the type and length of every attribute the kernel knows,
 * address families) before anything but the counters changes.  Attributes
 * past those are ignored.
 *
 * Return: 0, or a negative errno for the sender: -EPERM for a sender that
 * may not speak for the port mapper (iwpm_pm_rx_allowed()).  A HELLO is
 * ignored for a client not in use, and answered with an error only if it is
 * malformed or names an ABI version older than IWPM_UABI_VERSION_MIN.
 */
int iwpm_pm_rx(struct iwpm *pm, const struct sk_buff *skb,
	       const struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	int err = iwpm_pm_rx_allowed(pm, skb, nlh);

	return err ?: iwpm_pm_rx_trusted(pm, skb, nlh, extack);
}

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

	trace_iwpm_msg(pm->net, false, msg.portid, nlh);
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
