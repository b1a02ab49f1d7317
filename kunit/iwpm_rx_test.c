// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: the messages from the daemon.  How the port mapper takes (or
 * refuses) every daemon message, driven through the same entry the netlink
 * callbacks use.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "iwpm_kunit.h"

#define NES	IWPM_TEST_NES
#define C4IW	IWPM_TEST_C4IW

static int rx_hello_raw(struct iwpm_test_env *env, int type, int len,
			const void *data, bool request)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_HELLO, 1, &nlh);
	if (len >= 0)
		iwpm_test_put(env->test, skb, nlh, type, len, data);
	if (!request)
		nlh->nlmsg_flags = 0;
	return iwpm_test_rx(env, skb);
}

static void rx_missing_attribute_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_EXPECT_EQ(test, rx_hello_raw(env, 0, -1, NULL, true), -EINVAL);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.rejected), 1);
}

static void rx_wrong_integer_size_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	u32 four = 4;
	u8 one = 4;

	KUNIT_EXPECT_EQ(test, rx_hello_raw(env, IWPM_NLA_HELLO_ABI_VERSION, 4,
					   &four, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, rx_hello_raw(env, IWPM_NLA_HELLO_ABI_VERSION, 1,
					   &one, true), -EINVAL);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
}

static void rx_unknown_operation_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_REMOVE_MAPPING, 1, &nlh);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), -EOPNOTSUPP);
	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_NUM_OPS + 3, 1, &nlh);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), -EOPNOTSUPP);
}

static void rx_client_not_in_use_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	iwpm_client_put(&env->pm, NES);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), -ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx_mapinfo(env, RDMA_NL_LS, IWPM_ULIB_NAME, 4),
			-ENOENT);
	/* a HELLO is ignored, not refused: see hello_is_never_an_error */
	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
}

/*
 * iwpmd takes a netlink error for its HELLO, its first message and the only
 * one of sequence 0, for a kernel of ABI 3 and stays there.  Whatever goes
 * wrong on the kernel's side, its answer is never an error.
 */
static void hello_is_never_an_error(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	/* the daemon's socket is full, or there is no memory for the answer */
	env->unicast_err = -EAGAIN;
	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, 4);
	env->unicast_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.send_errors), 2);
	/* no driver uses the client yet */
	env->unicast_err = 0;
	iwpm_client_put(&env->pm, C4IW);
	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, C4IW, 4), 0);
	/* only a malformed one is refused */
	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, NES, 2), -EPROTO);
}

static void rx_short_address_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct sockaddr_storage loc;
	struct iwpm_request *req;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_ADD_MAPPING, 1, &nlh);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_SEQ, 4, &req->seq);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_ADDR,
		      sizeof(struct sockaddr_in), &loc);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR,
		      sizeof(loc), &loc);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_ERR, 2, &zero);
	/* the exact-length policy reports a length out of range */
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), -ERANGE);
	/* the request is untouched: still waiting for a proper answer */
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 1);
	iwpm_request_cancel(&env->pm, req);
	iwpm_request_put(req);
}

static void rx_foreign_family_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct sockaddr_storage loc, bad = { .ss_family = AF_UNIX };
	struct iwpm_request *req;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_test_rx_add_answer(env, req->seq, &loc, &bad, -EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 1);
	iwpm_request_cancel(&env->pm, req);
	iwpm_request_put(req);
}

static void rx_unterminated_string_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	char name[IWPM_ULIBNAME_SIZE];
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 v = 4;

	memset(name, 'A', sizeof(name));
	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_MAPINFO, 1, &nlh);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_MAPINFO_ULIB_NAME, sizeof(name), name);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_MAPINFO_ULIB_VER, 2, &v);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), -EINVAL);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->pm.replay_pending, 0);
}

/* ---- who may speak for the port mapper ---- */

static struct sk_buff *msg_u16(u8 client, u8 op, int type, u16 v)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = iwpm_test_msg(client, op, 1, &nlh);
	if (skb && ibnl_put_attr(skb, nlh, 2, &v, type)) {
		kfree_skb(skb);
		skb = NULL;
	} else if (skb) {
		nlmsg_end(skb, nlh);
	}
	return skb;
}

static struct sk_buff *answer_add_skb(struct kunit *test, u32 seq)
{
	struct sockaddr_storage loc, mapped;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_test_sin(&mapped, "192.0.2.1", 8174);
	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_ADD_MAPPING, 1, &nlh);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_SEQ, 4, &seq);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_ADDR, sizeof(loc), &loc);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR,
		      sizeof(mapped), &mapped);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_ERR, 2, &zero);
	return skb;
}

static void unprivileged_sender_changes_nothing(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 3);
	struct sockaddr_storage loc;
	struct iwpm_request *req;
	struct sk_buff *skbs[5];
	unsigned int sent, i;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_addr_from_sockaddr(&req->loc, &loc);
	iwpm_test_add_mappings(env, NES, 3);
	sent = env->nsent;

	skbs[0] = msg_u16(NES, RDMA_NL_IWPM_HELLO, IWPM_NLA_HELLO_ABI_VERSION, 4);
	skbs[1] = answer_add_skb(test, req->seq);
	skbs[2] = msg_u16(NES, RDMA_NL_IWPM_HANDLE_ERR, IWPM_NLA_ERR_CODE, 12);
	skbs[3] = msg_u16(NES, RDMA_NL_IWPM_MAPINFO, IWPM_NLA_MAPINFO_ULIB_VER, 4);
	skbs[4] = msg_u16(NES, RDMA_NL_IWPM_MAPINFO_NUM, IWPM_NLA_MAPINFO_ACK_NUM, 1);
	for (i = 0; i < ARRAY_SIZE(skbs); i++) {
		KUNIT_ASSERT_NOT_NULL(test, skbs[i]);
		KUNIT_EXPECT_EQ(test, iwpm_test_rx_unprivileged(env, skbs[i]), -EPERM);
	}
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.unauthorized), 5);
	/* and the real daemon's state is what it was */
	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, 3);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.portid, IWPM_TEST_DAEMON_PORTID);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_VALID);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 1);
	flush_work(&env->pm.replay_work);
	KUNIT_EXPECT_EQ(test, env->nsent, sent);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
	/* the daemon itself still gets through */
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, answer_add_skb(test, req->seq)), 0);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), 0);
	iwpm_request_put(req);
}

/*
 * A newer daemon may add attributes to a message: they are ignored, while
 * the ones this kernel knows are checked as strictly as ever.
 */
static void newer_daemon_attributes_are_ignored(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct sockaddr_storage loc;
	struct iwpm_request *req;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u32 extra = 0xfeed;
	u16 abi = 4;

	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_HELLO, 0, &nlh);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_HELLO_ABI_VERSION, 2, &abi);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_HELLO_MAX, 4, &extra);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), 0);

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_addr_from_sockaddr(&req->loc, &loc);
	skb = answer_add_skb(test, req->seq);
	iwpm_test_put(test, skb, nlmsg_hdr(skb), IWPM_NLA_RMANAGE_MAPPING_MAX, 4,
		      &extra);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), 0);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&req->mapped_loc), 8174);
	iwpm_request_put(req);

	/* a known attribute of the wrong size is still refused */
	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_HELLO, 0, &nlh);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_HELLO_ABI_VERSION, 4, &extra);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), -EINVAL);
}

static void iwpm_test_exit_c4iw(void *unused)
{
	iwpm_exit(C4IW);
}

/*
 * A refused sender is refused before anything else happens: it is not in
 * the message record, and the driver API's port mapper answers it -EPERM
 * whatever its state, as any netlink family answers a missing capability.
 */
static void unprivileged_sender_is_refused_first(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	const struct cred *old;
	struct sk_buff *skb;
	struct cred *cred;

	/* the callbacks below run between iwpm_init() and iwpm_exit() */
	KUNIT_ASSERT_EQ(test, iwpm_init(C4IW), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iwpm_test_exit_c4iw,
							NULL), 0);
	skb = msg_u16(NES, RDMA_NL_IWPM_HELLO, IWPM_NLA_HELLO_ABI_VERSION, 4);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx_unprivileged(env, skb), -EPERM);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.unauthorized), 1);

	skb = msg_u16(NES, RDMA_NL_IWPM_HELLO, IWPM_NLA_HELLO_ABI_VERSION, 4);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	NETLINK_CB(skb).portid = IWPM_TEST_DAEMON_PORTID;
	NETLINK_CB(skb).flags = NETLINK_SKB_DST;
	iwpm_test_in_init_net(skb);
	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	old = override_creds(cred);
	KUNIT_EXPECT_EQ(test, iwpm_hello_cb(skb, nlmsg_hdr(skb), NULL), -EPERM);
	KUNIT_EXPECT_EQ(test, iwpm_add_mapping_cb(skb, nlmsg_hdr(skb), NULL),
			-EPERM);
	revert_creds(old);
	put_cred(cred);
	kfree_skb(skb);
}

static void answers_come_only_from_the_registered_daemon(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct sockaddr_storage loc;
	struct iwpm_request *req;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_addr_from_sockaddr(&req->loc, &loc);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx_from(env, answer_add_skb(test, req->seq),
						IWPM_TEST_DAEMON_PORTID + 1), -EPERM);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 1);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, answer_add_skb(test, req->seq)), 0);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&req->mapped_loc), 8174);
	iwpm_request_put(req);
}

/* ---- remote info ---- */

/* A message of the four addresses: local, remote, mapped local and remote. */
static int rx_quad(struct iwpm_test_env *env, u8 client, u8 op, u32 seq,
		   const struct sockaddr_storage *addrs)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;
	int i;

	skb = iwpm_test_msg(client, op, 1, &nlh);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPING_SEQ, 4, &seq);
	for (i = 0; i < 4; i++)
		iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_LOCAL_ADDR + i,
			      sizeof(addrs[i]), &addrs[i]);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPING_ERR, 2, &zero);
	return iwpm_test_rx(env, skb);
}

static int rx_remote_info(struct iwpm_test_env *env, u8 client,
			  const struct sockaddr_storage *addrs)
{
	return rx_quad(env, client, RDMA_NL_IWPM_REMOTE_INFO, 0, addrs);
}

static void remote_info_is_stored_for_the_connection(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage a[4], got;

	iwpm_test_sin(&a[0], "192.0.2.1", 7174);	/* local */
	iwpm_test_sin(&a[1], "192.0.2.2", 9000);	/* remote */
	iwpm_test_sin(&a[2], "192.0.2.1", 8174);	/* mapped local */
	iwpm_test_sin(&a[3], "192.0.2.2", 10000);	/* mapped remote */
	KUNIT_ASSERT_EQ(test, rx_remote_info(env, C4IW, a), 0);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_take(&env->pm, NES, &a[2], &a[3], &got),
			-ENOENT);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_take(&env->pm, C4IW, &a[2], &a[3], &got), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &a[1], sizeof(got));
}

static void remote_info_mixed_families_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage a[4];

	iwpm_test_sin(&a[0], "192.0.2.1", 7174);
	iwpm_test_sin(&a[1], "192.0.2.2", 9000);
	iwpm_test_sin6(&a[2], "2001:db8::1", 8174, 0);
	iwpm_test_sin(&a[3], "192.0.2.2", 10000);
	KUNIT_EXPECT_EQ(test, rx_remote_info(env, NES, a), -EPROTO);
	iwpm_test_expect_extack(env, "address families do not match");
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
}

/* An answer to a query must name the addresses the query named. */
static void query_answer_for_another_peer_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct sockaddr_storage a[4], asked;
	struct iwpm_request *req;

	iwpm_test_sin(&a[0], "192.0.2.1", 7174);
	iwpm_test_sin(&a[1], "192.0.2.2", 9000);
	iwpm_test_sin(&a[2], "192.0.2.1", 8174);
	iwpm_test_sin(&a[3], "192.0.2.2", 10000);
	iwpm_test_sin(&asked, "192.0.2.3", 9000);
	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_QUERY_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_addr_from_sockaddr(&req->loc, &a[0]);
	iwpm_addr_from_sockaddr(&req->rem, &asked);
	KUNIT_EXPECT_EQ(test, rx_quad(env, NES, RDMA_NL_IWPM_QUERY_MAPPING,
				      req->seq, a), -EPROTO);
	iwpm_test_expect_extack(env, "answer does not match the request");
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), -EPROTO);
	iwpm_request_put(req);
}

/* ---- the netlink:netlink_extack tracepoint ---- */

/* What a probe on netlink:netlink_extack saw. */
struct extack_probe {
	struct tracepoint *tp;
	const char *want;
	bool seen;
};

static void extack_probe_find(struct tracepoint *tp, void *priv)
{
	struct extack_probe *p = priv;

	if (!strcmp(tp->name, "netlink_extack"))
		p->tp = tp;
}

/* Any netlink family of the kernel may fire it: look for ours only. */
static void extack_probe_hit(void *data, const char *msg)
{
	struct extack_probe *p = data;

	if (!strcmp(msg, READ_ONCE(p->want)))
		WRITE_ONCE(p->seen, true);
}

static void extack_probe_release(void *data)
{
	struct extack_probe *p = data;

	tracepoint_probe_unregister(p->tp, (void *)extack_probe_hit, p);
	tracepoint_synchronize_unregister();
}

static void extack_probe_attach(struct kunit *test, struct extack_probe *p)
{
	for_each_kernel_tracepoint(extack_probe_find, p);
	KUNIT_ASSERT_NOT_NULL_MSG(test, p->tp, "no netlink:netlink_extack");
	KUNIT_ASSERT_EQ(test, tracepoint_probe_register(p->tp,
							(void *)extack_probe_hit,
							p), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							extack_probe_release,
							p), 0);
}

/*
 * Every refusal's message goes through NL_SET_ERR_MSG(), so that
 * trace_netlink_extack, which perf and trace-cmd use to see why netlink
 * requests fail, shows the port mapper's too.  Without tracepoints in the
 * kernel there is nothing to see, and the test is skipped.
 */
static void refusals_reach_the_extack_tracepoint(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage a[4];
	struct extack_probe *p;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "the kernel has no tracepoints");
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p->want = "ABI version too old";
	extack_probe_attach(test, p);
	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, NES, 2), -EPROTO);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(p->seen));

	WRITE_ONCE(p->want, "address families do not match");
	WRITE_ONCE(p->seen, false);
	iwpm_test_sin(&a[0], "192.0.2.1", 7174);
	iwpm_test_sin(&a[1], "192.0.2.2", 9000);
	iwpm_test_sin6(&a[2], "2001:db8::1", 8174, 0);
	iwpm_test_sin(&a[3], "192.0.2.2", 10000);
	KUNIT_EXPECT_EQ(test, rx_remote_info(env, NES, a), -EPROTO);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(p->seen));
}

/* ---- mapping info replay ---- */

static struct kunit_case iwpm_rx_cases[] = {
	KUNIT_CASE(rx_missing_attribute_is_refused),
	KUNIT_CASE(rx_wrong_integer_size_is_refused),
	KUNIT_CASE(rx_unknown_operation_is_refused),
	KUNIT_CASE(rx_client_not_in_use_is_refused),
	KUNIT_CASE(rx_short_address_is_refused),
	KUNIT_CASE(rx_foreign_family_is_refused),
	KUNIT_CASE(rx_unterminated_string_is_refused),
	KUNIT_CASE(unprivileged_sender_changes_nothing),
	KUNIT_CASE(unprivileged_sender_is_refused_first),
	KUNIT_CASE(newer_daemon_attributes_are_ignored),
	KUNIT_CASE(hello_is_never_an_error),
	KUNIT_CASE(answers_come_only_from_the_registered_daemon),
	KUNIT_CASE(remote_info_is_stored_for_the_connection),
	KUNIT_CASE(remote_info_mixed_families_is_refused),
	KUNIT_CASE(query_answer_for_another_peer_is_refused),
	KUNIT_CASE(refusals_reach_the_extack_tracepoint),
	{}
};

static struct kunit_suite iwpm_rx_suite = {
	.name = "iwpm_rx",
	.test_cases = iwpm_rx_cases,
};

kunit_test_suite(iwpm_rx_suite);
