// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: the replay of the mappings to a restarted daemon.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/string.h>

#include "iwpm_kunit.h"

#define NES	IWPM_TEST_NES
#define C4IW	IWPM_TEST_C4IW

/*
 * One message of a replay: a MAPINFO (counted in @mappings) or the closing
 * MAPINFO_NUM (its count in @announced).
 */
static void check_replay_msg(struct kunit *test, const struct nlmsghdr *nlh,
			     u8 client, bool flags, unsigned int *mappings,
			     unsigned int *announced)
{
	struct nlattr *tb[IWPM_NLA_MAPINFO_MAX];
	u16 lport, mport;

	KUNIT_EXPECT_EQ(test, RDMA_NL_GET_CLIENT(nlh->nlmsg_type), client);
	if (iwpm_test_op(nlh) == RDMA_NL_IWPM_MAPINFO_NUM) {
		struct nlattr *nt[IWPM_NLA_MAPINFO_NUM_MAX];

		iwpm_test_parse(test, nlh, nt, IWPM_NLA_MAPINFO_NUM_MAX - 1);
		KUNIT_ASSERT_NOT_NULL(test, nt[IWPM_NLA_MAPINFO_SEND_NUM]);
		*announced = nla_get_u32(nt[IWPM_NLA_MAPINFO_SEND_NUM]);
		return;
	}
	KUNIT_EXPECT_EQ(test, iwpm_test_op(nlh), RDMA_NL_IWPM_MAPINFO);
	iwpm_test_parse(test, nlh, tb, IWPM_NLA_MAPINFO_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MAPINFO_LOCAL_ADDR]);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_MAPINFO_MAPPED_ADDR]);
	lport = iwpm_test_port(nla_data(tb[IWPM_NLA_MAPINFO_LOCAL_ADDR]));
	mport = iwpm_test_port(nla_data(tb[IWPM_NLA_MAPINFO_MAPPED_ADDR]));
	KUNIT_EXPECT_EQ(test, lport + 29000, mport);
	KUNIT_EXPECT_EQ(test, !!tb[IWPM_NLA_MAPINFO_FLAGS], flags);
	(*mappings)++;
}

/*
 * Every skb sent is a replay to the daemon of at most 4096 bytes, ending in
 * NLMSG_DONE; the mappings it carries are counted, and the count announced
 * must match.  @skbs: how many skbs ended in NLMSG_DONE.
 */
static unsigned int check_replay(struct iwpm_test_env *env, u8 client,
				 unsigned int *skbs, bool flags)
{
	struct kunit *test = env->test;
	unsigned int i, mappings = 0, announced = ~0u;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
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
			if (nlh->nlmsg_type == NLMSG_DONE)
				done = true;
			else
				check_replay_msg(test, nlh, client, flags,
						 &mappings, &announced);
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

	if (env->nsent != 1 || iwpm_test_op(nlh) != RDMA_NL_IWPM_MAPINFO)
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

	iwpm_test_add_mappings(env, NES, 40);
	env->respond = remove_last_mapping_during_first_skb;
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, NES, &skbs, true), 39);
	KUNIT_EXPECT_GT(test, skbs, 1);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].replay_sent, 39);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 39);
}

static void mapinfo_replays_every_mapping(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	iwpm_test_add_mappings(env, NES, 3);
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, NES, &skbs, true), 3);
	KUNIT_EXPECT_EQ(test, skbs, 1);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].replay_sent, 3);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replays), 1);
}

static void mapinfo_replay_spans_several_skbs(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	iwpm_test_add_mappings(env, C4IW, 200);
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, C4IW, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, C4IW, &skbs, true), 200);
	KUNIT_EXPECT_GT(test, skbs, 1);
	/* the skbs plus one MAPINFO_NUM */
	KUNIT_EXPECT_EQ(test, env->nsent, skbs + 1);
}

static void mapinfo_replay_v3_has_no_flags(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	iwpm_test_add_mappings(env, NES, 5);
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 3), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, NES, &skbs, false), 5);
}

static void mapinfo_replays_only_that_client(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	unsigned int skbs;

	iwpm_test_add_mappings(env, NES, 4);
	iwpm_test_add_mappings(env, C4IW, 7);
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, C4IW, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, check_replay(env, C4IW, &skbs, true), 7);
}

static void mapinfo_with_no_mappings_sends_nothing(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, env->nsent, 0);
	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].reg, IWPM_REG_INCOMPL);
}

static void mapinfo_from_foreign_library_is_refused(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	iwpm_test_add_mappings(env, NES, 3);
	KUNIT_EXPECT_EQ(test, iwpm_test_rx_mapinfo(env, NES, "NotAPortMapper", 4), -EPROTO);
	iwpm_test_expect_extack(env, "not a port mapper of a supported ABI");
	KUNIT_EXPECT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 1), -EPROTO);
	iwpm_test_expect_extack(env, "not a port mapper of a supported ABI");
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

	iwpm_test_add_mappings(env, NES, 6);
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, rx_mapinfo_ack(env, 6, 6), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replay_mismatch), 0);
	KUNIT_EXPECT_EQ(test, rx_mapinfo_ack(env, 6, 5), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replay_mismatch), 1);
}

static void replay_to_vanished_daemon_forgets_it(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);

	iwpm_test_add_mappings(env, NES, 3);
	env->unicast_err = -ECONNREFUSED;
	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replays), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 3);
}

static void echo_seq_follows_the_daemon(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
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

/* The daemon asks for the mappings; the replay is left to run. */
static void rx_mapinfo_nowait(struct iwpm_test_env *env, u8 client)
{
	const char *ulib = IWPM_ULIB_NAME;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 ver = 4;

	skb = iwpm_test_msg(client, RDMA_NL_IWPM_MAPINFO, 1, &nlh);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_MAPINFO_ULIB_NAME,
		      strlen(ulib) + 1, ulib);
	iwpm_test_put(env->test, skb, nlh, IWPM_NLA_MAPINFO_ULIB_VER, 2, &ver);
	KUNIT_ASSERT_EQ(env->test, iwpm_test_rx(env, skb), 0);
}

/*
 * A daemon that stops reading during a replay makes nobody wait: the
 * removal of a mapping (iw_cm destroying a connection, from a process or
 * from its workqueue) returns at once, and the replay, which waits for room
 * without holding anything the removal needs, ends once the daemon reads
 * again, without the mapping removed meanwhile.
 */
static void removal_does_not_wait_for_a_replay_to_a_full_daemon(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_registered(test, 4);
	struct sockaddr_storage loc, map;
	unsigned int skbs, i;
	unsigned long start;
	int err;

	env->pm.timeout = msecs_to_jiffies(5000);
	iwpm_test_add_mappings(env, NES, 40);
	env->nsent = 0;
	skb_queue_purge(&env->sent);
	WRITE_ONCE(env->full, true);
	rx_mapinfo_nowait(env, NES);
	/* bounded: the replay's first send reaches the full socket */
	for (i = 0; i < 500 && !atomic_read(&env->full_sends); i++)
		usleep_range(1000, 2000);
	KUNIT_ASSERT_GT(test, atomic_read(&env->full_sends), 0);

	iwpm_test_sin(&loc, "192.0.2.1", 1000);
	iwpm_test_sin(&map, "192.0.2.1", 30000);
	start = jiffies;
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	err = iwpm_pm_remove_mapping(&env->pm, &loc, NES);
	KUNIT_EXPECT_LT_MSG(test, jiffies_to_msecs(jiffies - start), 100,
			    "the removal waited for the replay");
	KUNIT_EXPECT_EQ(test, err, -EAGAIN);

	WRITE_ONCE(env->full, false);
	flush_work(&env->pm.replay_work);
	KUNIT_EXPECT_EQ(test, check_replay(env, NES, &skbs, true), 39);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].replay_sent, 39);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.replays), 1);
}

static struct kunit_case iwpm_replay_cases[] = {
	KUNIT_CASE(mapinfo_replay_skips_what_was_removed_meanwhile),
	KUNIT_CASE(mapinfo_replays_every_mapping),
	KUNIT_CASE(mapinfo_replay_spans_several_skbs),
	KUNIT_CASE(mapinfo_replay_v3_has_no_flags),
	KUNIT_CASE(mapinfo_replays_only_that_client),
	KUNIT_CASE(mapinfo_with_no_mappings_sends_nothing),
	KUNIT_CASE(mapinfo_from_foreign_library_is_refused),
	KUNIT_CASE(mapinfo_ack_count_is_compared),
	KUNIT_CASE(replay_to_vanished_daemon_forgets_it),
	KUNIT_CASE(echo_seq_follows_the_daemon),
	KUNIT_CASE(removal_does_not_wait_for_a_replay_to_a_full_daemon),
	{}
};

static struct kunit_suite iwpm_replay_suite = {
	.name = "iwpm_replay",
	.test_cases = iwpm_replay_cases,
};

kunit_test_suite(iwpm_replay_suite);
