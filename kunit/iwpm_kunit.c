// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Fixture of the port mapper KUnit suites; see iwpm_kunit.h.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/inet.h>
#include <linux/module.h>

#include "iwpm_kunit.h"

static struct iwpm_test_env *iwpm_test_env_of(struct iwpm *pm)
{
	return container_of(pm, struct iwpm_test_env, pm);
}

static void iwpm_test_keep(struct iwpm_test_env *env, struct sk_buff *skb,
			   u32 portid)
{
	if (env->nsent < ARRAY_SIZE(env->portids))
		env->portids[env->nsent] = portid;
	env->nsent++;
	skb_queue_tail(&env->sent, skb);
	if (env->respond)
		env->respond(env, nlmsg_hdr(skb));
}

static int iwpm_test_unicast(struct iwpm *pm, struct sk_buff *skb, u32 portid)
{
	struct iwpm_test_env *env = iwpm_test_env_of(pm);

	if (READ_ONCE(env->full)) {
		atomic_inc(&env->full_sends);
		kfree_skb(skb);
		return -EAGAIN;
	}
	if (env->unicast_err) {
		kfree_skb(skb);
		return env->unicast_err;
	}
	iwpm_test_keep(env, skb, portid);
	return 0;
}

static int iwpm_test_multicast(struct iwpm *pm, struct sk_buff *skb)
{
	struct iwpm_test_env *env = iwpm_test_env_of(pm);

	if (env->multicast_err) {
		kfree_skb(skb);
		return env->multicast_err;
	}
	iwpm_test_keep(env, skb, 0);
	return 0;
}

static const struct iwpm_transport iwpm_test_transport = {
	.unicast = iwpm_test_unicast,
	.multicast = iwpm_test_multicast,
};

static void iwpm_test_env_release(void *data)
{
	struct iwpm_test_env *env = data;

	iwpm_teardown(&env->pm);
	skb_queue_purge(&env->sent);
}

/**
 * iwpm_test_env_new_net() - a fresh port mapper of @net, both clients in use
 * @test: the running test; everything is released when it ends
 * @net: the network namespace of the instance
 *
 * Return: the fixture.  Requests time out after 50 ms.
 */
struct iwpm_test_env *iwpm_test_env_new_net(struct kunit *test,
					    struct net *net)
{
	struct iwpm_test_env *env;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);
	env->test = test;
	env->abi = IWPM_UABI_VERSION;
	env->mapped_port_offset = 1000;
	env->answers = 1;
	skb_queue_head_init(&env->sent);
	spin_lock_init(&env->pm.lock);
	KUNIT_ASSERT_EQ(test, iwpm_setup(&env->pm, net, &iwpm_test_transport), 0);
	env->pm.timeout = msecs_to_jiffies(50);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							iwpm_test_env_release,
							env), 0);
	KUNIT_ASSERT_EQ(test, iwpm_client_get(&env->pm, IWPM_TEST_NES), 0);
	KUNIT_ASSERT_EQ(test, iwpm_client_get(&env->pm, IWPM_TEST_C4IW), 0);
	return env;
}

/**
 * iwpm_test_env_new() - a fresh port mapper of init_net, both clients in use
 * @test: the running test; everything is released when it ends
 *
 * Return: the fixture.  Requests time out after 50 ms.
 */
struct iwpm_test_env *iwpm_test_env_new(struct kunit *test)
{
	return iwpm_test_env_new_net(test, &init_net);
}

/**
 * iwpm_test_sent() - the @i-th skb the port mapper sent
 * @env: fixture
 * @i: index, from 0
 *
 * Return: the skb; the test fails if there are fewer.
 */
struct sk_buff *iwpm_test_sent(struct iwpm_test_env *env, unsigned int i)
{
	struct sk_buff *skb;

	KUNIT_ASSERT_LT(env->test, i, env->nsent);
	skb_queue_walk(&env->sent, skb)
		if (!i--)
			return skb;
	KUNIT_FAIL_AND_ABORT(env->test, "sent queue shorter than its count");
	return NULL;
}

/**
 * iwpm_test_sent_nlh() - first message of the @i-th skb sent
 * @env: fixture
 * @i: index, from 0
 *
 * Return: the message header.
 */
struct nlmsghdr *iwpm_test_sent_nlh(struct iwpm_test_env *env, unsigned int i)
{
	return nlmsg_hdr(iwpm_test_sent(env, i));
}

/**
 * iwpm_test_parse() - split a message into attributes, no policy
 * @test: the running test
 * @nlh: message
 * @tb: result, @maxattr + 1 entries
 * @maxattr: highest attribute type expected
 */
void iwpm_test_parse(struct kunit *test, const struct nlmsghdr *nlh,
		     struct nlattr **tb, int maxattr)
{
	KUNIT_ASSERT_EQ(test, nlmsg_parse_deprecated(nlh, 0, tb, maxattr,
						     NULL, NULL), 0);
}

/**
 * iwpm_test_msg() - start a daemon message
 * @client: client index
 * @op: operation
 * @seq: nlmsg_seq
 * @nlh: result: its header
 *
 * Return: a new skb holding the header, or NULL.
 */
struct sk_buff *iwpm_test_msg(u8 client, u8 op, u32 seq, struct nlmsghdr **nlh)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (skb && !ibnl_put_msg(skb, nlh, seq, 0, client, op, NLM_F_REQUEST)) {
		kfree_skb(skb);
		skb = NULL;
	}
	return skb;
}

/**
 * iwpm_test_put() - add an attribute to a daemon message
 * @test: the running test
 * @skb: the message's skb
 * @nlh: the message
 * @type: attribute type
 * @len: payload length
 * @data: payload
 */
void iwpm_test_put(struct kunit *test, struct sk_buff *skb,
		   struct nlmsghdr *nlh, int type, int len, const void *data)
{
	KUNIT_ASSERT_EQ(test, ibnl_put_attr(skb, nlh, len, data, type), 0);
	nlmsg_end(skb, nlh);
}

/**
 * iwpm_test_in_init_net() - make @skb look received in init_net
 * @skb: a message built by the test
 *
 * The driver API's callbacks find their port mapper by the namespace of the
 * socket an skb came in on, ib_core's kernel socket; a kernel socket of
 * init_net (rtnetlink's) stands for it.  It does not own @skb.
 */
void iwpm_test_in_init_net(struct sk_buff *skb)
{
	skb->sk = init_net.rtnl;
}

/**
 * iwpm_test_rx_from() - deliver a message sent from netlink port @portid
 * @env: fixture
 * @skb: the message; consumed
 * @portid: the sender's port id
 *
 * The skb looks as sendto() leaves it (NETLINK_SKB_DST), so the capability
 * check sees the caller's credentials: a KUnit thread has CAP_NET_ADMIN.
 *
 * Return: what iwpm_pm_rx() returned, also kept in @env->last_rx_err; its
 * extack message is kept in @env->last_extack.
 */
int iwpm_test_rx_from(struct iwpm_test_env *env, struct sk_buff *skb,
		      u32 portid)
{
	struct netlink_ext_ack extack = {};
	int err;

	NETLINK_CB(skb).portid = portid;
	NETLINK_CB(skb).flags = NETLINK_SKB_DST;
	err = iwpm_pm_rx(&env->pm, skb, nlmsg_hdr(skb), &extack);
	kfree_skb(skb);
	env->last_rx_err = err;
	env->last_extack = extack._msg;
	return err;
}

/**
 * iwpm_test_rx() - deliver a message from the daemon's port
 * @env: fixture
 * @skb: the message; consumed
 *
 * Return: what iwpm_pm_rx() returned.
 */
int iwpm_test_rx(struct iwpm_test_env *env, struct sk_buff *skb)
{
	return iwpm_test_rx_from(env, skb, IWPM_TEST_DAEMON_PORTID);
}

/**
 * iwpm_test_expect_extack() - the last message was answered with @why
 * @env: fixture
 * @why: the extack message the sender must have got
 */
void iwpm_test_expect_extack(struct iwpm_test_env *env, const char *why)
{
	KUNIT_ASSERT_NOT_NULL_MSG(env->test, env->last_extack,
				  "no extack message, expected \"%s\"", why);
	KUNIT_EXPECT_STREQ(env->test, env->last_extack, why);
}

/**
 * iwpm_test_rx_unprivileged() - deliver a message from the daemon's port,
 * sent by a task without CAP_NET_ADMIN
 * @env: fixture
 * @skb: the message; consumed
 *
 * Return: what iwpm_pm_rx() returned.
 */
int iwpm_test_rx_unprivileged(struct iwpm_test_env *env, struct sk_buff *skb)
{
	const struct cred *old;
	struct cred *cred;
	int err;

	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(env->test, cred);
	cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	old = override_creds(cred);
	err = iwpm_test_rx(env, skb);
	revert_creds(old);
	put_cred(cred);
	return err;
}

static void iwpm_test_addr_shift(struct sockaddr_storage *out,
				 const struct nlattr *nla, u16 offset)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)out;

	memcpy(out, nla_data(nla), sizeof(*out));
	/* sin_port and sin6_port sit at the same offset */
	sin->sin_port = htons(ntohs(sin->sin_port) + offset);
}

static void iwpm_test_answer_reg(struct iwpm_test_env *env,
				 const struct nlmsghdr *req, u32 seq)
{
	struct nlattr *tb[IWPM_NLA_REG_PID_MAX];
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	iwpm_test_parse(env->test, req, tb, IWPM_NLA_REG_PID_MAX - 1);
	skb = iwpm_test_msg(RDMA_NL_GET_CLIENT(req->nlmsg_type),
			    RDMA_NL_IWPM_REG_PID, 1, &nlh);
	KUNIT_ASSERT_NOT_NULL(env->test, skb);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RREG_PID_SEQ, 4, &seq);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RREG_IBDEV_NAME,
		      IWPM_DEVNAME_SIZE, nla_data(tb[IWPM_NLA_REG_IBDEV_NAME]));
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RREG_ULIB_NAME,
		      sizeof(IWPM_ULIB_NAME), IWPM_ULIB_NAME);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RREG_ULIB_VER, 2, &env->abi);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RREG_PID_ERR, 2, &zero);
	iwpm_test_rx(env, skb);
}

static void iwpm_test_answer_err(struct iwpm_test_env *env, u8 client,
				 u32 seq)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = iwpm_test_msg(client, RDMA_NL_IWPM_HANDLE_ERR, 1, &nlh);
	KUNIT_ASSERT_NOT_NULL(env->test, skb);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_ERR_SEQ, 4, &seq);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_ERR_CODE, 2,
		      &env->error_code);
	iwpm_test_rx(env, skb);
}

static void iwpm_test_answer_add(struct iwpm_test_env *env,
				 const struct nlmsghdr *req, u32 seq)
{
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct sockaddr_storage mapped;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	iwpm_test_parse(env->test, req, tb, IWPM_NLA_MANAGE_MAPPING_MAX - 1);
	iwpm_test_addr_shift(&mapped, tb[IWPM_NLA_MANAGE_ADDR],
			     env->mapped_port_offset);
	skb = iwpm_test_msg(RDMA_NL_GET_CLIENT(req->nlmsg_type),
			    RDMA_NL_IWPM_ADD_MAPPING, 1, &nlh);
	KUNIT_ASSERT_NOT_NULL(env->test, skb);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_SEQ, 4, &seq);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_ADDR,
		      sizeof(mapped), nla_data(tb[IWPM_NLA_MANAGE_ADDR]));
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR,
		      sizeof(mapped), &mapped);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_ERR, 2, &zero);
	iwpm_test_rx(env, skb);
}

static void iwpm_test_answer_query(struct iwpm_test_env *env,
				   const struct nlmsghdr *req, u32 seq)
{
	struct nlattr *tb[IWPM_NLA_QUERY_MAPPING_MAX];
	struct sockaddr_storage mloc, mrem;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 err = env->error_code;

	iwpm_test_parse(env->test, req, tb, IWPM_NLA_QUERY_MAPPING_MAX - 1);
	iwpm_test_addr_shift(&mloc, tb[IWPM_NLA_QUERY_LOCAL_ADDR],
			     env->mapped_port_offset);
	iwpm_test_addr_shift(&mrem, tb[IWPM_NLA_QUERY_REMOTE_ADDR],
			     env->mapped_port_offset);
	skb = iwpm_test_msg(RDMA_NL_GET_CLIENT(req->nlmsg_type),
			    RDMA_NL_IWPM_QUERY_MAPPING, 1, &nlh);
	KUNIT_ASSERT_NOT_NULL(env->test, skb);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPING_SEQ, 4, &seq);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_LOCAL_ADDR,
		      sizeof(mloc), nla_data(tb[IWPM_NLA_QUERY_LOCAL_ADDR]));
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_REMOTE_ADDR,
		      sizeof(mloc), nla_data(tb[IWPM_NLA_QUERY_REMOTE_ADDR]));
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPED_LOC_ADDR,
		      sizeof(mloc), &mloc);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPED_REM_ADDR,
		      sizeof(mrem), &mrem);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPING_ERR, 2, &err);
	iwpm_test_rx(env, skb);
}

/**
 * iwpm_test_daemon() - a responder that answers like a working daemon
 * @env: fixture, whose fields shape the answers
 * @nlh: the message the port mapper sent
 *
 * Answers REG_PID, ADD_MAPPING and QUERY_MAPPING @env->answers times, with
 * the sequence number skewed by @env->seq_skew; with @env->error_code set it
 * answers mapping requests with HANDLE_ERR (a remote reject goes in the
 * query answer itself).  Ignores everything else.
 */
void iwpm_test_daemon(struct iwpm_test_env *env, const struct nlmsghdr *nlh)
{
	u8 client = RDMA_NL_GET_CLIENT(nlh->nlmsg_type);
	u8 op = RDMA_NL_GET_OP(nlh->nlmsg_type);
	u32 seq = nlh->nlmsg_seq + env->seq_skew;
	unsigned int i;

	for (i = 0; i < env->answers; i++) {
		if (op == RDMA_NL_IWPM_REG_PID)
			iwpm_test_answer_reg(env, nlh, seq);
		else if (env->error_code &&
			 env->error_code != IWPM_REMOTE_QUERY_REJECT &&
			 (op == RDMA_NL_IWPM_ADD_MAPPING ||
			  op == RDMA_NL_IWPM_QUERY_MAPPING))
			iwpm_test_answer_err(env, client, seq);
		else if (op == RDMA_NL_IWPM_ADD_MAPPING)
			iwpm_test_answer_add(env, nlh, seq);
		else if (op == RDMA_NL_IWPM_QUERY_MAPPING)
			iwpm_test_answer_query(env, nlh, seq);
	}
}

/**
 * iwpm_test_register() - register @client with the fake daemon
 * @env: fixture; its responder is set to iwpm_test_daemon()
 * @client: client index
 * @abi: ABI version the daemon reports
 *
 * Return: what iwpm_pm_register() returned.
 */
int iwpm_test_register(struct iwpm_test_env *env, u8 client, u16 abi)
{
	struct iwpm_dev_data dev = { .dev_name = "siw0", .if_name = "dummy0" };

	env->abi = abi;
	env->respond = iwpm_test_daemon;
	return iwpm_pm_register(&env->pm, &dev, client);
}

/**
 * iwpm_test_hello() - the fake daemon says hello
 * @env: fixture
 * @client: client index
 * @abi: ABI version the daemon announces
 *
 * Return: what iwpm_pm_rx() returned.
 */
int iwpm_test_hello(struct iwpm_test_env *env, u8 client, u16 abi)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = iwpm_test_msg(client, RDMA_NL_IWPM_HELLO, 7, &nlh);
	KUNIT_ASSERT_NOT_NULL(env->test, skb);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_HELLO_ABI_VERSION, 2, &abi);
	return iwpm_test_rx(env, skb);
}

/**
 * iwpm_test_sin() - fill an IPv4 sockaddr
 * @ss: result
 * @ip: dotted quad
 * @port: port, host order
 */
void iwpm_test_sin(struct sockaddr_storage *ss, const char *ip, u16 port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	WARN_ON(!in4_pton(ip, -1, (u8 *)&sin->sin_addr, -1, NULL));
}

/**
 * iwpm_test_sin6() - fill an IPv6 sockaddr
 * @ss: result
 * @ip: IPv6 address text
 * @port: port, host order
 * @scope: scope id
 */
void iwpm_test_sin6(struct sockaddr_storage *ss, const char *ip, u16 port,
		    u32 scope)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_scope_id = scope;
	WARN_ON(!in6_pton(ip, -1, (u8 *)&sin6->sin6_addr, -1, NULL));
}

/**
 * iwpm_test_port() - port of an IPv4 or IPv6 sockaddr, host order
 * @ss: address
 *
 * Return: the port.
 */
u16 iwpm_test_port(const struct sockaddr_storage *ss)
{
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

/**
 * iwpm_test_registered() - an instance whose NES client is registered
 * @test: the test
 * @abi: ABI version the fake daemon speaks
 *
 * Return: the environment.
 */
struct iwpm_test_env *iwpm_test_registered(struct kunit *test, u16 abi)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_ASSERT_EQ(test, iwpm_test_register(env, IWPM_TEST_NES, abi), 0);
	return env;
}

/**
 * iwpm_test_sa_v4() - a connection from 192.0.2.1 to 192.0.2.2
 * @sa: result
 * @lport: local port
 * @rport: remote port
 */
void iwpm_test_sa_v4(struct iwpm_sa_data *sa, u16 lport, u16 rport)
{
	memset(sa, 0, sizeof(*sa));
	iwpm_test_sin(&sa->loc_addr, "192.0.2.1", lport);
	iwpm_test_sin(&sa->rem_addr, "192.0.2.2", rport);
}

/**
 * iwpm_test_op() - the operation of a message
 * @nlh: the message
 *
 * Return: its RDMA_NL_IWPM_* operation.
 */
u16 iwpm_test_op(const struct nlmsghdr *nlh)
{
	return RDMA_NL_GET_OP(nlh->nlmsg_type);
}

/**
 * iwpm_test_add_mappings() - put @n mappings of 192.0.2.1 in the table
 * @env: the environment
 * @client: whose
 * @n: how many; ports 1000.. map to 30000.., every other one with flags
 */
void iwpm_test_add_mappings(struct iwpm_test_env *env, u8 client, unsigned int n)
{
	struct sockaddr_storage loc, map;
	unsigned int i;

	for (i = 0; i < n; i++) {
		iwpm_test_sin(&loc, "192.0.2.1", 1000 + i);
		iwpm_test_sin(&map, "192.0.2.1", 30000 + i);
		KUNIT_ASSERT_EQ(env->test,
				iwpm_mapinfo_add(&env->pm, client, &loc, &map, i & 1),
				0);
	}
}

/**
 * iwpm_test_rx_mapinfo() - the daemon asks for the mappings of a client
 * @env: the environment
 * @client: whose
 * @ulib: the library name the daemon gives
 * @ver: the library version it gives
 *
 * Return: what the port mapper answered; the replay it started is done.
 */
int iwpm_test_rx_mapinfo(struct iwpm_test_env *env, u8 client, const char *ulib,
			 u16 ver)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	int err;

	skb = iwpm_test_msg(client, RDMA_NL_IWPM_MAPINFO, 1, &nlh);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_MAPINFO_ULIB_NAME,
		      strlen(ulib) + 1, ulib);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_MAPINFO_ULIB_VER, 2, &ver);
	err = iwpm_test_rx(env, skb);
	/* the replay runs as the instance's one work item */
	flush_work(&env->pm.replay_work);
	return err;
}

/**
 * iwpm_test_rx_add_answer() - the daemon answers an add mapping
 * @env: the environment
 * @seq: the request it answers
 * @loc: the local address it names
 * @mapped: the mapped address it gives
 * @expect: what the port mapper must return for it
 */
void iwpm_test_rx_add_answer(struct iwpm_test_env *env, u32 seq,
			     const struct sockaddr_storage *loc,
			     const struct sockaddr_storage *mapped, int expect)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	skb = iwpm_test_msg(IWPM_TEST_NES, RDMA_NL_IWPM_ADD_MAPPING, 1, &nlh);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_SEQ, 4, &seq);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_ADDR, sizeof(*loc), loc);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR,
		      sizeof(*mapped), mapped);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_ERR, 2, &zero);
	KUNIT_EXPECT_EQ(env->test, iwpm_test_rx(env, skb), expect);
}
