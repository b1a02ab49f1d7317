// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: the messages to the daemon.  What the port mapper puts on the wire
 * for each operation and ABI version, and what it makes of the answers.
 */

#include <kunit/test.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

#include "iwpm_kunit.h"
#include "iwpm_trace.h"

#define NES	IWPM_TEST_NES
#define C4IW	IWPM_TEST_C4IW

static void register_multicasts_reg_pid(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct nlattr *tb[IWPM_NLA_REG_PID_MAX];
	struct nlmsghdr *nlh = iwpm_test_sent_nlh(env, 0);

	KUNIT_EXPECT_EQ(test, env->portids[0], 0);	/* multicast */
	KUNIT_EXPECT_EQ(test, iwpm_test_op(nlh), RDMA_NL_IWPM_REG_PID);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);

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
	iwpm_test_sa_v4(&sa, 7174, 0);
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
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	reg_answer_with(env, "SomethingElse", 4, "siw0");
	iwpm_test_expect_extack(env, "not a port mapper of a supported ABI");
}

static void register_refuses_old_abi(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	reg_answer_with(env, IWPM_ULIB_NAME, 2, "siw0");
	iwpm_test_expect_extack(env, "not a port mapper of a supported ABI");
}

static void register_refuses_other_device(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	reg_answer_with(env, IWPM_ULIB_NAME, 4, "cxgb4_0");
	iwpm_test_expect_extack(env, "answer names another device");
}

static void register_times_out(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_dev_data dev = { .dev_name = "siw0", .if_name = "lo" };

	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, NES), -ETIMEDOUT);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
}

/*
 * A group member that never answers (no daemon known) costs one timeout:
 * later registrations fail at once, as without a listener, until a daemon
 * speaks.  Without this, every listen waited the full timeout again, with
 * rdma_cm's global lock held for a wildcard listen.
 */
static void register_timeout_is_waited_once(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_dev_data dev = { .dev_name = "siw0", .if_name = "lo" };
	unsigned long start;

	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, NES), -ETIMEDOUT);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, NES), -ESRCH);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 25);
	KUNIT_EXPECT_EQ(test, env->nsent, 1);
	KUNIT_EXPECT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), 0);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 3);
	struct iwpm_sa_data sa;

	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, 3);
	iwpm_test_sa_v4(&sa, 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_FALSE(test, mapping_msg_has_flags(env, 1));
}

static void abi_v4_daemon_gets_flags(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 0);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 9);

	KUNIT_EXPECT_EQ(test, env->pm.daemon.abi, IWPM_UABI_VERSION);
}

/*
 * iw_cm asks siw's mappings with IWPM_FLAGS_NO_PORT_MAP; an ABI 3 daemon
 * cannot be told, and Linux has always sent the request without the flags.
 */
static void flags_under_v3_are_left_out(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 3);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 7175);
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
	KUNIT_EXPECT_EQ(test, iwpm_test_op(nlh), RDMA_NL_IWPM_HELLO);
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
	iwpm_test_expect_extack(env, "ABI version too old");
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
}

static void hello_makes_client_register_again(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	KUNIT_ASSERT_EQ(test, iwpm_test_hello(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_INCOMPL);
	iwpm_test_sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_test_register(env, NES, 4), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_op(iwpm_test_sent_nlh(env, 2)), RDMA_NL_IWPM_REG_PID);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
}

static void new_daemon_makes_every_client_register_again(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct iwpm_sa_data sa;
	struct nlmsghdr *nlh;

	iwpm_test_sa_v4(&sa, 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	nlh = iwpm_test_sent_nlh(env, 1);
	KUNIT_EXPECT_EQ(test, env->portids[1], IWPM_TEST_DAEMON_PORTID);
	KUNIT_EXPECT_EQ(test, iwpm_test_op(nlh), RDMA_NL_IWPM_ADD_MAPPING);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_EQ(test, sa.mapped_loc_addr.ss_family, AF_INET);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.answered), 2);
}

static void add_mapping_ipv6(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
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

	iwpm_test_sa_v4(&sa, 7174, 9000);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	KUNIT_EXPECT_MEMEQ(test, &sa.mapped_loc_addr, &sa.loc_addr,
			   sizeof(sa.loc_addr));
	KUNIT_EXPECT_MEMEQ(test, &sa.mapped_rem_addr, &sa.rem_addr,
			   sizeof(sa.rem_addr));
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
}

static void add_mapping_checks_arguments(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 0);
	sa.loc_addr.ss_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EINVAL);
	iwpm_test_sa_v4(&sa, 7174, 0);
	sa.rem_addr.ss_family = AF_UNSPEC;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), -EINVAL);
	iwpm_test_sa_v4(&sa, 7174, 0);
	/* C4IW never registered */
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, C4IW, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, env->nsent, 1);
}

static void add_mapping_daemon_error(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 0);
	env->error_code = IWPM_DUPLICATE_MAPPING_ERR;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EEXIST);
	env->error_code = IWPM_CREATE_MAPPING_ERR;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true),
			-EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.daemon_errors), 2);
}

/* Send an add mapping the daemon does not answer; answer it by hand. */
static void add_mapping_lying_answer(struct kunit *test, bool wrong_family)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
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
	iwpm_test_rx_add_answer(env, req->seq, &loc, &mapped, -EPROTO);
	iwpm_test_expect_extack(env, "answer does not match the request");
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 0);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 0);
	env->unicast_err = -EAGAIN;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), -EAGAIN);
	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.send_errors), 1);
}

static void query_wire_format(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct nlattr *tb[IWPM_NLA_QUERY_MAPPING_MAX];
	struct iwpm_sa_data sa;
	struct nlmsghdr *nlh;

	iwpm_test_sa_v4(&sa, 7174, 9000);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	nlh = iwpm_test_sent_nlh(env, 1);
	KUNIT_EXPECT_EQ(test, iwpm_test_op(nlh), RDMA_NL_IWPM_QUERY_MAPPING);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 3);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 9000);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_rem_addr), 10000);
}

static void query_reject_is_econnrefused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	iwpm_test_sa_v4(&sa, 7174, 9000);
	env->error_code = IWPM_REMOTE_QUERY_REJECT;
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true),
			-ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, sa.mapped_loc_addr.ss_family, 0);
}

static void remove_mapping_does_not_wait(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct nlattr *tb[IWPM_NLA_MANAGE_MAPPING_MAX];
	struct sockaddr_storage loc;
	struct nlmsghdr *nlh;

	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	KUNIT_EXPECT_EQ(test, iwpm_pm_remove_mapping(&env->pm, &loc, NES), 0);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	nlh = iwpm_test_sent_nlh(env, 1);
	KUNIT_EXPECT_EQ(test, iwpm_test_op(nlh), RDMA_NL_IWPM_REMOVE_MAPPING);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	env->answers = 2;
	iwpm_test_sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&sa.mapped_loc_addr), 8174);
	KUNIT_EXPECT_EQ(test, env->last_rx_err, -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.stale), 1);
}

static void wrong_sequence_number_times_out(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;

	env->seq_skew = 1000;
	iwpm_test_sa_v4(&sa, 7174, 0);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct sockaddr_storage mapped;
	struct iwpm_sa_data sa;
	u32 seq;

	env->respond = NULL;
	iwpm_test_sa_v4(&sa, 7174, 0);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false),
			-ETIMEDOUT);
	seq = iwpm_test_sent_nlh(env, 1)->nlmsg_seq;
	iwpm_test_sin(&mapped, "192.0.2.1", 9999);
	iwpm_test_rx_add_answer(env, seq, &sa.loc_addr, &mapped, -ENOENT);
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
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct iwpm_sa_data sa;
	unsigned int i;

	env->respond = NULL;
	iwpm_test_sa_v4(&sa, 7174, 7175);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, true),
			-ETIMEDOUT);
	for (i = 0; i < env->nsent; i++)
		KUNIT_EXPECT_NE(test, iwpm_test_op(iwpm_test_sent_nlh(env, i)),
				RDMA_NL_IWPM_REMOVE_MAPPING);
	KUNIT_EXPECT_EQ(test, env->nsent, 3);
	/* the one removal iw_cm sends at destroy is the only one */
	KUNIT_EXPECT_EQ(test, iwpm_pm_remove_mapping(&env->pm, &sa.loc_addr, NES),
			0);
	KUNIT_EXPECT_EQ(test, iwpm_test_op(iwpm_test_sent_nlh(env, 3)),
			RDMA_NL_IWPM_REMOVE_MAPPING);
}

static void answer_for_other_client_is_dropped(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
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

/* ---- the iwpm:iwpm_msg tracepoint ---- */

#define MSG_PROBE_MAX	8

/* The messages of one namespace a probe on iwpm:iwpm_msg saw, in order. */
struct msg_probe {
	const struct net *net;
	unsigned int n;
	bool tx[MSG_PROBE_MAX];
	u32 portid[MSG_PROBE_MAX];
	u16 op[MSG_PROBE_MAX];
};

static void msg_probe_hit(void *data, const struct net *net, bool tx,
			  u32 portid, const struct nlmsghdr *nlh)
{
	struct msg_probe *p = data;

	if (net != p->net || p->n >= MSG_PROBE_MAX)
		return;
	p->tx[p->n] = tx;
	p->portid[p->n] = portid;
	p->op[p->n] = RDMA_NL_GET_OP(nlh->nlmsg_type);
	p->n++;
}

static void msg_probe_release(void *data)
{
	unregister_trace_iwpm_msg(msg_probe_hit, data);
	tracepoint_synchronize_unregister();
}

static void msg_probe_expect(struct kunit *test, const struct msg_probe *p,
			     unsigned int i, bool tx, u32 portid, u16 op)
{
	KUNIT_EXPECT_EQ_MSG(test, p->tx[i], tx, "message %u", i);
	KUNIT_EXPECT_EQ_MSG(test, p->portid[i], portid, "message %u", i);
	KUNIT_EXPECT_EQ_MSG(test, p->op[i], op, "message %u", i);
}

/*
 * Every message, either way, fires iwpm:iwpm_msg with the namespace of its
 * instance, whose inode number the event records: each namespace has a
 * daemon of its own, and their port ids may coincide.  The instance's
 * namespace is a stand-in of the test's making, so that init_net cannot
 * pass for it: the port mapper reads only its owning user namespace, and
 * the event its inode number.  Skipped on a kernel without tracepoints.
 */
static void messages_are_traced_with_their_namespace(struct kunit *test)
{
	struct iwpm_test_env *env;
	struct iwpm_sa_data sa;
	struct msg_probe *p;
	struct net *net;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "the kernel has no tracepoints");
	net = kunit_kzalloc(test, sizeof(*net), GFP_KERNEL);
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, net && p);
	net->user_ns = &init_user_ns;
	env = iwpm_test_env_new_net(test, net);
	p->net = net;
	KUNIT_ASSERT_EQ(test, register_trace_iwpm_msg(msg_probe_hit, p), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, msg_probe_release,
							p), 0);
	KUNIT_ASSERT_EQ(test, iwpm_test_register(env, NES, 4), 0);
	iwpm_test_sa_v4(&sa, 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_pm_add_mapping(&env->pm, &sa, NES, false), 0);
	KUNIT_ASSERT_EQ(test, p->n, 4);
	msg_probe_expect(test, p, 0, true, 0, RDMA_NL_IWPM_REG_PID);
	msg_probe_expect(test, p, 1, false, IWPM_TEST_DAEMON_PORTID,
			 RDMA_NL_IWPM_REG_PID);
	msg_probe_expect(test, p, 2, true, IWPM_TEST_DAEMON_PORTID,
			 RDMA_NL_IWPM_ADD_MAPPING);
	msg_probe_expect(test, p, 3, false, IWPM_TEST_DAEMON_PORTID,
			 RDMA_NL_IWPM_ADD_MAPPING);
}

/* ---- malformed daemon messages ---- */

static struct kunit_case iwpm_tx_cases[] = {
	KUNIT_CASE(register_multicasts_reg_pid),
	KUNIT_CASE(register_records_daemon),
	KUNIT_CASE(register_without_listener_fails_at_once),
	KUNIT_CASE(register_refuses_foreign_library),
	KUNIT_CASE(register_refuses_old_abi),
	KUNIT_CASE(register_refuses_other_device),
	KUNIT_CASE(register_times_out),
	KUNIT_CASE(register_timeout_is_waited_once),
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
	KUNIT_CASE(timeout_sends_no_removal),
	KUNIT_CASE(messages_are_traced_with_their_namespace),
	{}
};

static struct kunit_suite iwpm_tx_suite = {
	.name = "iwpm_tx",
	.test_cases = iwpm_tx_cases,
};

kunit_test_suite(iwpm_tx_suite);
