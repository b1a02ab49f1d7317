// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: the protocol.  What the port mapper puts on the wire for each
 * operation and ABI version, and how it takes (or refuses) every daemon
 * message, driven through the same entry the netlink callbacks use.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "iwpm_kunit.h"

#define NES	IWPM_TEST_NES
#define C4IW	IWPM_TEST_C4IW

static struct iwpm_test_env *registered_env(struct kunit *test, u16 abi)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_ASSERT_EQ(test, iwpm_test_register(env, NES, abi), 0);
	return env;
}

static void sa_v4(struct iwpm_sa_data *sa, u16 lport, u16 rport)
{
	memset(sa, 0, sizeof(*sa));
	iwpm_test_sin(&sa->loc_addr, "192.0.2.1", lport);
	iwpm_test_sin(&sa->rem_addr, "192.0.2.2", rport);
}

static void add_mappings(struct iwpm_test_env *env, u8 client, unsigned int n);
static int rx_mapinfo(struct iwpm_test_env *env, u8 client, const char *ulib,
		      u16 ver);

static u16 op_of(const struct nlmsghdr *nlh)
{
	return RDMA_NL_GET_OP(nlh->nlmsg_type);
}

/* ---- registration ---- */

static void register_multicasts_reg_pid(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct nlattr *tb[IWPM_NLA_REG_PID_MAX];
	struct nlmsghdr *nlh = iwpm_test_sent_nlh(env, 0);

	KUNIT_EXPECT_EQ(test, env->portids[0], 0);	/* multicast */
	KUNIT_EXPECT_EQ(test, op_of(nlh), RDMA_NL_IWPM_REG_PID);
	KUNIT_EXPECT_EQ(test, RDMA_NL_GET_CLIENT(nlh->nlmsg_type), NES);
	KUNIT_EXPECT_TRUE(test, nlh->nlmsg_flags & NLM_F_REQUEST);
	iwpm_test_parse(test, nlh, tb, IWPM_NLA_REG_PID_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_REG_PID_SEQ]);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_REG_IF_NAME]);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_REG_IBDEV_NAME]);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_REG_ULIB_NAME]);
	KUNIT_EXPECT_EQ(test, nla_len(tb[IWPM_NLA_REG_IF_NAME]), IWPM_IFNAME_SIZE);
	KUNIT_EXPECT_EQ(test, nla_len(tb[IWPM_NLA_REG_IBDEV_NAME]),
			IWPM_DEVNAME_SIZE);
	KUNIT_EXPECT_EQ(test, nla_len(tb[IWPM_NLA_REG_ULIB_NAME]),
			IWPM_ULIBNAME_SIZE);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[IWPM_NLA_REG_IF_NAME]), "dummy0");
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[IWPM_NLA_REG_IBDEV_NAME]), "siw0");
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[IWPM_NLA_REG_ULIB_NAME]),
			   "iWarpPortMapperUser");
}

static void register_records_daemon(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);

	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.portid, IWPM_TEST_DAEMON_PORTID);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, 4);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_VALID);
	KUNIT_EXPECT_EQ(test, env->pm.clients[C4IW].reg, IWPM_REG_UNDEF);
	/* registered: a second call sends nothing */
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, env->nsent, 1);
}

static void register_without_listener_fails_at_once(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_sa_data sa;

	env->multicast_err = -ESRCH;
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), -ESRCH);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	env->multicast_err = 0;
	/* known absent: no second multicast until a daemon speaks */
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), -ESRCH);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
	sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_MEMEQ(test, &sa.mapped_loc_addr, &sa.loc_addr,
			   sizeof(sa.loc_addr));
	/* a daemon that says hello makes registration possible again */
	KUNIT_ASSERT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), 0);
}

static void reg_answer_with(struct iwpm_test_env *env, const char *ulib,
			    u16 ver, const char *dev)
{
	struct kunit *test = env->test;
	struct iwpm_request *req;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_REG_PID);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	strscpy(req->dev_name, "siw0", sizeof(req->dev_name));
	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_REG_PID, 1, &nlh);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RREG_PID_SEQ, 4, &req->seq);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RREG_IBDEV_NAME, strlen(dev) + 1, dev);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RREG_ULIB_NAME, strlen(ulib) + 1, ulib);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RREG_ULIB_VER, 2, &ver);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RREG_PID_ERR, 2, &zero);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), -EPROTO);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), -EPROTO);
	iwpm_request_put(req);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_UNDEF);
}

static void register_refuses_foreign_library(struct kunit *test)
{
	reg_answer_with(iwpm_test_env_new(test), "SomethingElse", 4, "siw0");
}

static void register_refuses_old_abi(struct kunit *test)
{
	reg_answer_with(iwpm_test_env_new(test), IWPM_ULIB_NAME, 2, "siw0");
}

static void register_refuses_other_device(struct kunit *test)
{
	reg_answer_with(iwpm_test_env_new(test), IWPM_ULIB_NAME, 4, "cxgb4_0");
}

static void register_times_out(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_dev_data dev = { .dev_name = "siw0", .if_name = "lo" };

	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, NES), -ETIMEDOUT);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
}

static void register_checks_arguments(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_dev_data dev;

	memset(&dev, 'x', sizeof(dev));
	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, NES), -EINVAL);
	strscpy(dev.dev_name, "siw0", sizeof(dev.dev_name));
	strscpy(dev.if_name, "lo", sizeof(dev.if_name));
	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, RDMA_NL_LS), -EINVAL);
	iwpm_client_put(&env->pm, C4IW);
	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, C4IW), -EINVAL);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
}

/* ---- ABI negotiation ---- */

static bool mapping_msg_has_flags(struct iwpm_test_env *env, unsigned int i)
{
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];

	iwpm_test_parse(env->test, iwpm_test_sent_nlh(env, i), tb,
			IWPM_NLA_MANAGE_MAPPING_MAX - 1);
	return tb[IWPM_NLA_MANAGE_FLAGS];
}

static void abi_v3_daemon_gets_no_flags(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 3);
	struct iwpm_sa_data sa;

	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, 3);
	sa_v4(&sa, 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_FALSE(test, mapping_msg_has_flags(env, 1));
}

static void abi_v4_daemon_gets_flags(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 0);
	sa.flags = IWPM_FLAGS_NO_PORT_MAP;
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	iwpm_test_parse(test, iwpm_test_sent_nlh(env, 1), tb,
			IWPM_NLA_MANAGE_MAPPING_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MANAGE_FLAGS]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[IWPM_NLA_MANAGE_FLAGS]),
			IWPM_FLAGS_NO_PORT_MAP);
}

static void abi_newer_daemon_gets_ours(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 9);

	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, IWPM_UABI_VERSION);
}

/*
 * iw_cm asks siw's mappings with IWPM_FLAGS_NO_PORT_MAP; an ABI 3 daemon
 * cannot be told, and Linux has always sent the request without the flags.
 */
static void flags_under_v3_are_left_out(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 3);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 7175);
	sa.flags = IWPM_FLAGS_NO_PORT_MAP;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_FALSE(test, mapping_msg_has_flags(env, 1));
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	KUNIT_EXPECT_EQ(test, env->nsent, 3);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
}

static u16 hello_answer(struct iwpm_test_env *env, u16 announce)
{
	struct kunit *test = env->test;
	struct nlattr *tb[IWPM_NLA_HELLO_MAX];
	struct nlmsghdr *nlh;

	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, C4IW, announce), 0);
	KUNIT_ASSERT_EQ(test, env->nsent, 1);
	KUNIT_EXPECT_EQ(test, env->portids[0], IWPM_TEST_DAEMON_PORTID);
	nlh = iwpm_test_sent_nlh(env, 0);
	KUNIT_EXPECT_EQ(test, op_of(nlh), RDMA_NL_IWPM_HELLO);
	KUNIT_EXPECT_EQ(test, RDMA_NL_GET_CLIENT(nlh->nlmsg_type), C4IW);
	iwpm_test_parse(test, nlh, tb, IWPM_NLA_HELLO_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_HELLO_ABI_VERSION]);
	return nla_get_u16(tb[IWPM_NLA_HELLO_ABI_VERSION]);
}

static void hello_v4_is_answered_v4(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_EXPECT_EQ(test, hello_answer(env, 4), 4);
	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, 4);
	KUNIT_EXPECT_EQ(test, env->pm.clients[C4IW].reg, IWPM_REG_INCOMPL);
}

static void hello_v3_is_answered_v3(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_EXPECT_EQ(test, hello_answer(env, 3), 3);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, 3);
}

static void hello_newer_is_answered_ours(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_EXPECT_EQ(test, hello_answer(env, 200), IWPM_UABI_VERSION);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, IWPM_UABI_VERSION);
}

static void hello_too_old_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, NES, 2), -EPROTO);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
}

static void hello_makes_client_register_again(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	KUNIT_ASSERT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_INCOMPL);
	sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, op_of(iwpm_test_sent_nlh(env, 2)), RDMA_NL_IWPM_REG_PID);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
}

static void new_daemon_makes_every_client_register_again(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 abi = 4;

	KUNIT_ASSERT_EQ(test, iwpm_test_register(env, C4IW, 4), 0);
	/* the same daemon saying hello for one client leaves the other alone */
	KUNIT_ASSERT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, env->pm.clients[C4IW].reg, IWPM_REG_VALID);
	/* a daemon on another port knows nobody */
	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_HELLO, 1, &nlh);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_HELLO_ABI_VERSION, 2, &abi);
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_from(env, skb,
						IWPM_TEST_DAEMON_PORTID + 1), 0);
	KUNIT_EXPECT_EQ(test, env->pm.daemon.portid, IWPM_TEST_DAEMON_PORTID + 1);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_INCOMPL);
	KUNIT_EXPECT_EQ(test, env->pm.clients[C4IW].reg, IWPM_REG_INCOMPL);
}

/* ---- add mapping, add and query mapping, remove mapping ---- */

static void add_mapping_wire_format(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct iwpm_sa_data sa;
	struct nlmsghdr *nlh;

	sa_v4(&sa, 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	nlh = iwpm_test_sent_nlh(env, 1);
	KUNIT_EXPECT_EQ(test, env->portids[1], IWPM_TEST_DAEMON_PORTID);
	KUNIT_EXPECT_EQ(test, op_of(nlh), RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_EXPECT_TRUE(test, nlh->nlmsg_flags & NLM_F_REQUEST);
	iwpm_test_parse(test, nlh, tb, IWPM_NLA_MANAGE_MAPPING_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MANAGE_MAPPING_SEQ]);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MANAGE_ADDR]);
	KUNIT_EXPECT_EQ(test, nla_len(tb[IWPM_NLA_MANAGE_ADDR]),
			sizeof(struct sockaddr_storage));
	KUNIT_EXPECT_MEMEQ(test, nla_data(tb[IWPM_NLA_MANAGE_ADDR]), &sa.loc_addr,
			   sizeof(sa.loc_addr));
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[IWPM_NLA_MANAGE_FLAGS]), 0);
}

static void add_mapping_returns_mapped_address(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_EQ(test, sa.mapped_loc_addr.ss_family, AF_INET);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.answered), 2);
}

static void add_mapping_ipv6(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa = {};

	iwpm_test_sin6(&sa.loc_addr, "2001:db8::1", 7174, 0);
	iwpm_test_sin6(&sa.rem_addr, "2001:db8::2", 9000, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	KUNIT_EXPECT_EQ(test, sa.mapped_loc_addr.ss_family, AF_INET6);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_rem_addr), 10000);
}

static void add_mapping_without_daemon_is_unmapped(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 9000);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	KUNIT_EXPECT_MEMEQ(test, &sa.mapped_loc_addr, &sa.loc_addr,
			   sizeof(sa.loc_addr));
	KUNIT_EXPECT_MEMEQ(test, &sa.mapped_rem_addr, &sa.rem_addr,
			   sizeof(sa.rem_addr));
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
}

static void add_mapping_checks_arguments(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 0);
	sa.loc_addr.ss_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EINVAL);
	sa_v4(&sa, 7174, 0);
	sa.rem_addr.ss_family = AF_UNSPEC;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), -EINVAL);
	sa_v4(&sa, 7174, 0);
	/* C4IW never registered */
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, C4IW, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, env->nsent, 1);
}

static void add_mapping_daemon_error(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 0);
	env->error_code = IWPM_DUPLICATE_MAPPING_ERR;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EEXIST);
	env->error_code = IWPM_CREATE_MAPPING_ERR;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true),
			-EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.daemon_errors), 2);
}

static void answer_add(struct iwpm_test_env *env, u32 seq,
		       const struct sockaddr_storage *loc,
		       const struct sockaddr_storage *mapped, int expect)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_ADD_MAPPING, 1, &nlh);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_SEQ, 4, &seq);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_ADDR, sizeof(*loc), loc);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR,
		      sizeof(*mapped), mapped);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_ERR, 2, &zero);
	KUNIT_EXPECT_EQ(env->test, iwpm_test_rx(env, skb), expect);
}

/* Send an add mapping the daemon does not answer; answer it by hand. */
static void add_mapping_lying_answer(struct kunit *test, bool wrong_family)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct sockaddr_storage loc, mapped;
	struct iwpm_request *req;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_addr_from_sockaddr(&req->loc, &loc);
	if (wrong_family) {
		iwpm_test_sin6(&mapped, "2001:db8::1", 8000, 0);
	} else {
		iwpm_test_sin(&mapped, "192.0.2.1", 8000);
		iwpm_test_sin(&loc, "192.0.2.1", 7175);
	}
	answer_add(env, req->seq, &loc, &mapped, -EPROTO);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), -EPROTO);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.rejected), 1);
	iwpm_request_put(req);
}

static void add_mapping_answer_for_other_address(struct kunit *test)
{
	add_mapping_lying_answer(test, false);
}

static void add_mapping_answer_of_other_family(struct kunit *test)
{
	add_mapping_lying_answer(test, true);
}

static void daemon_gone_falls_back_to_unmapped(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 0);
	env->unicast_err = -ECONNREFUSED;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false),
			-ECONNREFUSED);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	/* at once, without trying the dead port again */
	env->unicast_err = 0;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_MEMEQ(test, &sa.mapped_loc_addr, &sa.loc_addr,
			   sizeof(sa.loc_addr));
	KUNIT_EXPECT_EQ(test, env->nsent, 1);
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), -ESRCH);
}

static void full_receiver_is_not_daemon_gone(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 0);
	env->unicast_err = -EAGAIN;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EAGAIN);
	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.send_errors), 1);
}

static void query_wire_format(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct nlattr *tb[IWPM_NLA_QUERY_MAPPING_MAX];
	struct iwpm_sa_data sa;
	struct nlmsghdr *nlh;

	sa_v4(&sa, 7174, 9000);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	nlh = iwpm_test_sent_nlh(env, 1);
	KUNIT_EXPECT_EQ(test, op_of(nlh), RDMA_NL_IWPM_QUERY_MAPPING);
	iwpm_test_parse(test, nlh, tb, IWPM_NLA_QUERY_MAPPING_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_QUERY_LOCAL_ADDR]);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_QUERY_REMOTE_ADDR]);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_QUERY_FLAGS]);
	KUNIT_EXPECT_MEMEQ(test, nla_data(tb[IWPM_NLA_QUERY_LOCAL_ADDR]),
			   &sa.loc_addr, sizeof(sa.loc_addr));
	KUNIT_EXPECT_MEMEQ(test, nla_data(tb[IWPM_NLA_QUERY_REMOTE_ADDR]),
			   &sa.rem_addr, sizeof(sa.rem_addr));
}

static void query_returns_both_mapped_addresses(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 3);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 9000);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_rem_addr), 10000);
}

static void query_reject_is_econnrefused(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	sa_v4(&sa, 7174, 9000);
	env->error_code = IWPM_REMOTE_QUERY_REJECT;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true),
			-ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, sa.mapped_loc_addr.ss_family, 0);
}

static void remove_mapping_does_not_wait(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct sockaddr_storage loc;
	struct nlmsghdr *nlh;

	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	KUNIT_EXPECT_EQ(test, iwpm_pm_remove_mapping(&env->pm, &loc, NES), 0);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	nlh = iwpm_test_sent_nlh(env, 1);
	KUNIT_EXPECT_EQ(test, op_of(nlh), RDMA_NL_IWPM_REMOVE_MAPPING);
	iwpm_test_parse(test, nlh, tb, IWPM_NLA_MANAGE_MAPPING_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MANAGE_ADDR]);
	KUNIT_EXPECT_MEMEQ(test, nla_data(tb[IWPM_NLA_MANAGE_ADDR]), &loc,
			   sizeof(loc));
}

static void remove_mapping_without_daemon_is_noop(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc;

	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	KUNIT_EXPECT_EQ(test, iwpm_pm_remove_mapping(&env->pm, &loc, NES), 0);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
	loc.ss_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, iwpm_pm_remove_mapping(&env->pm, &loc, NES), -EINVAL);
}

/* ---- answers that match no request ---- */

static void duplicate_answer_is_dropped(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	env->answers = 2;
	sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_EQ(test, env->last_rx_err, -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.stale), 1);
}

static void wrong_sequence_number_times_out(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;

	env->seq_skew = 1000;
	sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, env->last_rx_err, -ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	/* with the daemon fixed the next request works */
	env->seq_skew = 0;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
}

static void late_answer_is_dropped(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct sockaddr_storage mapped;
	struct iwpm_sa_data sa;
	u32 seq;

	env->respond = NULL;
	sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false),
			-ETIMEDOUT);
	seq = iwpm_test_sent_nlh(env, 1)->nlmsg_seq;
	iwpm_test_sin(&mapped, "192.0.2.1", 9999);
	answer_add(env, seq, &sa.loc_addr, &mapped, -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.stale), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.timeouts), 1);
}

/*
 * iw_cm keeps a mapping whose request timed out and removes it when the
 * connection goes; iwpmd counts references, so a removal of our own as well
 * would release a port another connection still shares.
 */
static void timeout_sends_no_removal(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct iwpm_sa_data sa;
	unsigned int i;

	env->respond = NULL;
	sa_v4(&sa, 7174, 7175);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true),
			-ETIMEDOUT);
	for (i = 0; i < env->nsent; i++)
		KUNIT_EXPECT_NE(test, op_of(iwpm_test_sent_nlh(env, i)),
				RDMA_NL_IWPM_REMOVE_MAPPING);
	KUNIT_EXPECT_EQ(test, env->nsent, 3);
	/* the one removal iw_cm sends at destroy is the only one */
	KUNIT_EXPECT_EQ(test, iwpm_pm_remove_mapping(&env->pm, &sa.loc_addr, NES),
			0);
	KUNIT_EXPECT_EQ(test, op_of(iwpm_test_sent_nlh(env, 3)),
			RDMA_NL_IWPM_REMOVE_MAPPING);
}

static void answer_for_other_client_is_dropped(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct sockaddr_storage loc, mapped;
	struct iwpm_request *req;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 zero = 0;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_test_sin(&mapped, "192.0.2.1", 8174);
	skb = iwpm_test_msg(C4IW, RDMA_NL_IWPM_ADD_MAPPING, 1, &nlh);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_SEQ, 4, &req->seq);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_ADDR, sizeof(loc), &loc);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR,
		      sizeof(mapped), &mapped);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_RMANAGE_MAPPING_ERR, 2, &zero);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx(env, skb), -ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 1);
	iwpm_request_cancel(&env->pm, req);
	iwpm_request_put(req);
}

/* ---- malformed daemon messages ---- */

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
	KUNIT_EXPECT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), -ENOENT);
	KUNIT_EXPECT_EQ(test, rx_mapinfo(env, RDMA_NL_LS, IWPM_ULIB_NAME, 4),
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
	struct iwpm_test_env *env = registered_env(test, 4);
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
	struct iwpm_test_env *env = registered_env(test, 4);
	struct sockaddr_storage loc, bad = { .ss_family = AF_UNIX };
	struct iwpm_request *req;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	answer_add(env, req->seq, &loc, &bad, -EAFNOSUPPORT);
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
	struct iwpm_test_env *env = registered_env(test, 3);
	struct sockaddr_storage loc;
	struct iwpm_request *req;
	struct sk_buff *skbs[5];
	unsigned int sent, i;

	req = iwpm_request_new(&env->pm, NES, RDMA_NL_IWPM_ADD_MAPPING);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_addr_from_sockaddr(&req->loc, &loc);
	add_mappings(env, NES, 3);
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
	struct iwpm_test_env *env = registered_env(test, 4);
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

/*
 * A refused sender is refused before anything else happens: it is not in
 * the message record, and the driver API's port mapper answers it -EPERM
 * whatever its state, as any netlink family answers a missing capability.
 */
static void unprivileged_sender_is_refused_first(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct netlink_callback cb = {};
	const struct cred *old;
	struct sk_buff *skb;
	struct cred *cred;
	struct seq_file m = {};
	char buf[64];
	bool was = iwpm_trace_enabled;

	m.buf = buf;
	m.size = sizeof(buf);
	iwpm_trace_clear();
	iwpm_trace_enabled = true;
	skb = msg_u16(NES, RDMA_NL_IWPM_HELLO, IWPM_NLA_HELLO_ABI_VERSION, 4);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx_unprivileged(env, skb), -EPERM);
	iwpm_trace_show(&m);
	iwpm_trace_enabled = was;
	KUNIT_EXPECT_EQ(test, m.count, 0);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);

	cb.skb = msg_u16(NES, RDMA_NL_IWPM_HELLO, IWPM_NLA_HELLO_ABI_VERSION, 4);
	KUNIT_ASSERT_NOT_NULL(test, cb.skb);
	cb.nlh = nlmsg_hdr(cb.skb);
	NETLINK_CB(cb.skb).portid = IWPM_TEST_DAEMON_PORTID;
	NETLINK_CB(cb.skb).flags = NETLINK_SKB_DST;
	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	old = override_creds(cred);
	KUNIT_EXPECT_EQ(test, iwpm_hello_cb(NULL, &cb), -EPERM);
	KUNIT_EXPECT_EQ(test, iwpm_add_mapping_cb(NULL, &cb), -EPERM);
	revert_creds(old);
	put_cred(cred);
	kfree_skb(cb.skb);
}

static void answers_come_only_from_the_registered_daemon(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
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

static int rx_remote_info(struct iwpm_test_env *env, u8 client,
			  const struct sockaddr_storage *addrs)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u32 seq = 0;
	u16 zero = 0;
	int i;

	skb = iwpm_test_msg(client, RDMA_NL_IWPM_REMOTE_INFO, 1, &nlh);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPING_SEQ, 4, &seq);
	for (i = 0; i < 4; i++)
		iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_LOCAL_ADDR + i,
			      sizeof(addrs[i]), &addrs[i]);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_RQUERY_MAPPING_ERR, 2, &zero);
	return iwpm_test_rx(env, skb);
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
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
}

/* ---- mapping info replay ---- */

static int rx_mapinfo(struct iwpm_test_env *env, u8 client, const char *ulib,
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
	/* the replay runs on the instance's own workqueue, nowhere else */
	flush_workqueue(env->pm.wq);
	return err;
}

static void add_mappings(struct iwpm_test_env *env, u8 client, unsigned int n)
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

/* Walk every replayed skb; check each mapping; return the count sent. */
static unsigned int check_replay(struct iwpm_test_env *env, u8 client,
				 unsigned int *skbs, bool flags)
{
	struct kunit *test = env->test;
	unsigned int i, mappings = 0, announced = ~0u;
	struct nlattr *tb[IWPM_NLA_MAPINFO_MAX];
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	u16 lport, mport;
	int rem;

	*skbs = 0;
	for (i = 0; i < env->nsent; i++) {
		bool done = false;

		skb = iwpm_test_sent(env, i);
		KUNIT_EXPECT_EQ(test, env->portids[i], IWPM_TEST_DAEMON_PORTID);
		/* iwpmd reads at most 4096 bytes at a time */
		KUNIT_EXPECT_LE(test, skb->len, 4096);
		nlmsg_for_each_msg(nlh, nlmsg_hdr(skb), skb->len, rem) {
			KUNIT_EXPECT_FALSE(test, done);
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				continue;
			}
			KUNIT_EXPECT_EQ(test, RDMA_NL_GET_CLIENT(nlh->nlmsg_type),
					client);
			if (op_of(nlh) == RDMA_NL_IWPM_MAPINFO_NUM) {
				struct nlattr *nt[IWPM_NLA_MAPINFO_NUM_MAX];

				iwpm_test_parse(test, nlh, nt,
						IWPM_NLA_MAPINFO_NUM_MAX - 1);
				KUNIT_ASSERT_NOT_NULL(test, nt[IWPM_NLA_MAPINFO_SEND_NUM]);
				announced = nla_get_u32(nt[IWPM_NLA_MAPINFO_SEND_NUM]);
				continue;
			}
			KUNIT_EXPECT_EQ(test, op_of(nlh), RDMA_NL_IWPM_MAPINFO);
			iwpm_test_parse(test, nlh, tb, IWPM_NLA_MAPINFO_MAX - 1);
			KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MAPINFO_LOCAL_ADDR]);
			KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MAPINFO_MAPPED_ADDR]);
			lport = iwpm_test_port(nla_data(tb[IWPM_NLA_MAPINFO_LOCAL_ADDR]));
			mport = iwpm_test_port(nla_data(tb[IWPM_NLA_MAPINFO_MAPPED_ADDR]));
			KUNIT_EXPECT_EQ(test, lport + 29000, mport);
			KUNIT_EXPECT_EQ(test, !!tb[IWPM_NLA_MAPINFO_FLAGS], flags);
			mappings++;
		}
		if (done)
			(*skbs)++;
	}
	KUNIT_EXPECT_EQ(test, announced, mappings);
	return mappings;
}

/* As iw_cm destroying a connection while the replay is under way. */
static void remove_last_mapping_during_first_skb(struct iwpm_test_env *env,
						 const struct nlmsghdr *nlh)
{
	struct sockaddr_storage loc, map;

	if (env->nsent != 1 || op_of(nlh) != RDMA_NL_IWPM_MAPINFO)
		return;
	iwpm_test_sin(&loc, "192.0.2.1", 1000 + 39);
	iwpm_test_sin(&map, "192.0.2.1", 30000 + 39);
	KUNIT_EXPECT_EQ(env->test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
}

/*
 * A mapping removed while the replay runs is not replayed: the daemon
 * would hold its port for good, as the removal may already have reached it.
 */
static void mapinfo_replay_skips_what_was_removed_meanwhile(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	add_mappings(env, NES, 40);
	env->respond = remove_last_mapping_during_first_skb;
	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, NES, &skbs, true), 39);
	KUNIT_EXPECT_GT(test, skbs, 1);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].replay_sent, 39);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 39);
}

static void mapinfo_replays_every_mapping(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	add_mappings(env, NES, 3);
	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, NES, &skbs, true), 3);
	KUNIT_EXPECT_EQ(test, skbs, 1);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].replay_sent, 3);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replays), 1);
}

static void mapinfo_replay_spans_several_skbs(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	add_mappings(env, C4IW, 200);
	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, C4IW, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, C4IW, &skbs, true), 200);
	KUNIT_EXPECT_GT(test, skbs, 1);
	/* the skbs plus one MAPINFO_NUM */
	KUNIT_EXPECT_EQ(test, env->nsent, skbs + 1);
}

static void mapinfo_replay_v3_has_no_flags(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	add_mappings(env, NES, 5);
	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 3), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, NES, &skbs, false), 5);
}

static void mapinfo_replays_only_that_client(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	add_mappings(env, NES, 4);
	add_mappings(env, C4IW, 7);
	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, C4IW, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, C4IW, &skbs, true), 7);
}

static void mapinfo_with_no_mappings_sends_nothing(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_INCOMPL);
}

static void mapinfo_from_foreign_library_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	add_mappings(env, NES, 3);
	KUNIT_EXPECT_EQ(test, rx_mapinfo(env, NES, "NotAPortMapper", 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 1), -EPROTO);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
}

static int rx_mapinfo_ack(struct iwpm_test_env *env, u32 sent, u32 acked)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u32 zero = 0;

	skb = iwpm_test_msg(NES, RDMA_NL_IWPM_MAPINFO_NUM, 1, &nlh);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_MAPINFO_SEQ, 4, &zero);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_MAPINFO_SEND_NUM, 4, &sent);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_MAPINFO_ACK_NUM, 4, &acked);
	return iwpm_test_rx(env, skb);
}

static void mapinfo_ack_count_is_compared(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	add_mappings(env, NES, 6);
	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, rx_mapinfo_ack(env, 6, 6), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replay_mismatch), 0);
	KUNIT_EXPECT_EQ(test, rx_mapinfo_ack(env, 6, 5), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replay_mismatch), 1);
}

static void replay_to_vanished_daemon_forgets_it(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	add_mappings(env, NES, 3);
	env->unicast_err = -ECONNREFUSED;
	KUNIT_ASSERT_EQ(test, rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replays), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 3);
}

static void echo_seq_follows_the_daemon(struct kunit *test)
{
	struct iwpm_test_env *env = registered_env(test, 4);
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct sockaddr_storage loc;

	KUNIT_EXPECT_EQ(test, env->pm.daemon.echo_seq, 1);
	KUNIT_ASSERT_EQ(test, iwpm_test_hello(env, NES, 4), 0);	/* seq 7 */
	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	KUNIT_ASSERT_EQ(test, iwpm_pm_remove_mapping(&env->pm, &loc, NES), 0);
	iwpm_test_parse(test, iwpm_test_sent_nlh(env, env->nsent - 1), tb,
			IWPM_NLA_MANAGE_MAPPING_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MANAGE_MAPPING_SEQ]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[IWPM_NLA_MANAGE_MAPPING_SEQ]), 7);
}

static struct kunit_case iwpm_msg_cases[] = {
	KUNIT_CASE(register_multicasts_reg_pid),
	KUNIT_CASE(register_records_daemon),
	KUNIT_CASE(register_without_listener_fails_at_once),
	KUNIT_CASE(register_refuses_foreign_library),
	KUNIT_CASE(register_refuses_old_abi),
	KUNIT_CASE(register_refuses_other_device),
	KUNIT_CASE(register_times_out),
	KUNIT_CASE(register_checks_arguments),
	KUNIT_CASE(abi_v3_daemon_gets_no_flags),
	KUNIT_CASE(abi_v4_daemon_gets_flags),
	KUNIT_CASE(abi_newer_daemon_gets_ours),
	KUNIT_CASE(flags_under_v3_are_left_out),
	KUNIT_CASE(hello_v4_is_answered_v4),
	KUNIT_CASE(hello_v3_is_answered_v3),
	KUNIT_CASE(hello_newer_is_answered_ours),
	KUNIT_CASE(hello_too_old_is_refused),
	KUNIT_CASE(hello_makes_client_register_again),
	KUNIT_CASE(new_daemon_makes_every_client_register_again),
	KUNIT_CASE(add_mapping_wire_format),
	KUNIT_CASE(add_mapping_returns_mapped_address),
	KUNIT_CASE(add_mapping_ipv6),
	KUNIT_CASE(add_mapping_without_daemon_is_unmapped),
	KUNIT_CASE(add_mapping_checks_arguments),
	KUNIT_CASE(add_mapping_daemon_error),
	KUNIT_CASE(add_mapping_answer_for_other_address),
	KUNIT_CASE(add_mapping_answer_of_other_family),
	KUNIT_CASE(daemon_gone_falls_back_to_unmapped),
	KUNIT_CASE(full_receiver_is_not_daemon_gone),
	KUNIT_CASE(query_wire_format),
	KUNIT_CASE(query_returns_both_mapped_addresses),
	KUNIT_CASE(query_reject_is_econnrefused),
	KUNIT_CASE(remove_mapping_does_not_wait),
	KUNIT_CASE(remove_mapping_without_daemon_is_noop),
	KUNIT_CASE(duplicate_answer_is_dropped),
	KUNIT_CASE(wrong_sequence_number_times_out),
	KUNIT_CASE(late_answer_is_dropped),
	KUNIT_CASE(answer_for_other_client_is_dropped),
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
	KUNIT_CASE(timeout_sends_no_removal),
	KUNIT_CASE(mapinfo_replay_skips_what_was_removed_meanwhile),
	KUNIT_CASE(answers_come_only_from_the_registered_daemon),
	KUNIT_CASE(remote_info_is_stored_for_the_connection),
	KUNIT_CASE(remote_info_mixed_families_is_refused),
	KUNIT_CASE(mapinfo_replays_every_mapping),
	KUNIT_CASE(mapinfo_replay_spans_several_skbs),
	KUNIT_CASE(mapinfo_replay_v3_has_no_flags),
	KUNIT_CASE(mapinfo_replays_only_that_client),
	KUNIT_CASE(mapinfo_with_no_mappings_sends_nothing),
	KUNIT_CASE(mapinfo_from_foreign_library_is_refused),
	KUNIT_CASE(mapinfo_ack_count_is_compared),
	KUNIT_CASE(replay_to_vanished_daemon_forgets_it),
	KUNIT_CASE(echo_seq_follows_the_daemon),
	{}
};

static struct kunit_suite iwpm_msg_suite = {
	.name = "iwpm_msg",
	.test_cases = iwpm_msg_cases,
};

kunit_test_suite(iwpm_msg_suite);
