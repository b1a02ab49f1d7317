// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: the address keys and the two mapping tables.
 */

#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/un.h>

#include "iwpm_kunit.h"

#define NES	IWPM_TEST_NES
#define C4IW	IWPM_TEST_C4IW

static void addr_v4_round_trip(struct kunit *test)
{
	struct sockaddr_storage ss, back;
	struct iwpm_addr a;

	iwpm_test_sin(&ss, "192.0.2.1", 4791);
	KUNIT_ASSERT_EQ(test, iwpm_addr_from_sockaddr(&a, &ss), 0);
	KUNIT_EXPECT_EQ(test, a.family, AF_INET);
	KUNIT_EXPECT_EQ(test, ntohs(a.port), 4791);
	iwpm_addr_to_sockaddr(&back, &a, 0);
	KUNIT_EXPECT_MEMEQ(test, &back, &ss, sizeof(ss));
}

/* The scope id is kept beside the key, not in it, as iw_cm and iwpmd do. */
static void addr_v6_key_leaves_out_scope(struct kunit *test)
{
	struct sockaddr_storage ss, unscoped, back;
	struct iwpm_addr a, b;

	iwpm_test_sin6(&ss, "fe80::1", 18515, 3);
	iwpm_test_sin6(&unscoped, "fe80::1", 18515, 0);
	KUNIT_ASSERT_EQ(test, iwpm_addr_from_sockaddr(&a, &ss), 0);
	KUNIT_ASSERT_EQ(test, iwpm_addr_from_sockaddr(&b, &unscoped), 0);
	KUNIT_EXPECT_TRUE(test, iwpm_addr_equal(&a, &b));
	KUNIT_EXPECT_EQ(test, iwpm_sockaddr_scope(&ss), 3);
	iwpm_addr_to_sockaddr(&back, &a, iwpm_sockaddr_scope(&ss));
	KUNIT_EXPECT_MEMEQ(test, &back, &ss, sizeof(ss));
}

/* iw_cm creates and removes with the device's scope, in any spelling. */
static void link_local_mappings_ignore_scope(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, got;

	iwpm_test_sin6(&loc, "fe80::1", 7000, 2);
	iwpm_test_sin6(&map, "fe80::1", 47000, 2);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	iwpm_test_sin6(&got, "fe80::1", 7000, 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &got, &got, NULL), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &map, sizeof(map));
	iwpm_test_sin6(&got, "fe80::1", 47000, 9);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &got), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
}

/*
 * A link-local passive connection: iw_cm asks with the device's scope, the
 * daemon reported scope 0 (iwpmd's REMOTE_INFO never carries one).
 */
static void link_local_remote_info_ignores_scope(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage mloc, mrem, rem, got;

	iwpm_test_sin6(&mloc, "fe80::1", 47000, 0);
	iwpm_test_sin6(&mrem, "fe80::2", 48000, 0);
	iwpm_test_sin6(&rem, "fe80::2", 8000, 0);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &mloc, &mrem,
					       &rem), 0);
	iwpm_test_sin6(&mloc, "fe80::1", 47000, 2);
	iwpm_test_sin6(&mrem, "fe80::2", 48000, 2);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_take(&env->pm, NES, &mloc, &mrem,
						&got), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &rem, sizeof(rem));
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
}

static void addr_rejects_other_families(struct kunit *test)
{
	struct sockaddr_storage ss = { .ss_family = AF_UNIX };
	struct iwpm_addr a;

	KUNIT_EXPECT_EQ(test, iwpm_addr_from_sockaddr(&a, &ss), -EAFNOSUPPORT);
	ss.ss_family = AF_UNSPEC;
	KUNIT_EXPECT_EQ(test, iwpm_addr_from_sockaddr(&a, &ss), -EAFNOSUPPORT);
}

static void addr_equal_is_exact(struct kunit *test)
{
	struct sockaddr_storage s1, s2;
	struct iwpm_addr a, b;

	iwpm_test_sin(&s1, "192.0.2.1", 100);
	iwpm_test_sin(&s2, "192.0.2.1", 100);
	iwpm_addr_from_sockaddr(&a, &s1);
	iwpm_addr_from_sockaddr(&b, &s2);
	KUNIT_EXPECT_TRUE(test, iwpm_addr_equal(&a, &b));
	iwpm_test_sin(&s2, "192.0.2.1", 101);
	iwpm_addr_from_sockaddr(&b, &s2);
	KUNIT_EXPECT_FALSE(test, iwpm_addr_equal(&a, &b));
	iwpm_test_sin(&s2, "192.0.2.2", 100);
	iwpm_addr_from_sockaddr(&b, &s2);
	KUNIT_EXPECT_FALSE(test, iwpm_addr_equal(&a, &b));
	iwpm_test_sin6(&s2, "::ffff:192.0.2.1", 100, 0);
	iwpm_addr_from_sockaddr(&b, &s2);
	KUNIT_EXPECT_FALSE(test, iwpm_addr_equal(&a, &b));
}

static void addr_ignores_ipv6_flowinfo(struct kunit *test)
{
	struct sockaddr_storage s1, s2;
	struct iwpm_addr a, b;

	iwpm_test_sin6(&s1, "2001:db8::1", 7, 0);
	iwpm_test_sin6(&s2, "2001:db8::1", 7, 0);
	((struct sockaddr_in6 *)&s2)->sin6_flowinfo = htonl(0x12345);
	iwpm_addr_from_sockaddr(&a, &s1);
	iwpm_addr_from_sockaddr(&b, &s2);
	KUNIT_EXPECT_TRUE(test, iwpm_addr_equal(&a, &b));
}

static void mapinfo_add_find_remove_v4(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, got;
	u32 flags = 0;

	iwpm_test_sin(&loc, "192.0.2.1", 7174);
	iwpm_test_sin(&map, "192.0.2.1", 35000);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map,
					       IWPM_FLAGS_NO_PORT_MAP), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 1);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, &got,
						&flags), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &map, sizeof(map));
	KUNIT_EXPECT_EQ(test, flags, IWPM_FLAGS_NO_PORT_MAP);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, NULL, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
}

static void mapinfo_add_find_remove_v6(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, got;

	iwpm_test_sin6(&loc, "2001:db8::1", 7174, 0);
	iwpm_test_sin6(&map, "2001:db8::1", 35000, 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, C4IW, &loc, &map, 0), 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, C4IW, &loc, &got,
						NULL), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &map, sizeof(map));
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, C4IW), 0);
}

static void mapinfo_duplicate_counts_references(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map;

	iwpm_test_sin(&loc, "0.0.0.0", 5000);
	iwpm_test_sin(&map, "0.0.0.0", 45000);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 1);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, NULL, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), -ENOENT);
}

/*
 * A wildcard listen over two devices, one of which does not map ports:
 * iw_cm creates two mappings of one local address, and a failure would fail
 * the listen.  Both are kept; a lookup finds the most recent.
 */
static void mapinfo_second_mapping_of_a_local_address_is_kept(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, other, got;
	u32 flags;

	iwpm_test_sin(&loc, "0.0.0.0", 5000);
	iwpm_test_sin(&map, "0.0.0.0", 45000);
	iwpm_test_sin(&other, "0.0.0.0", 45001);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &other, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map,
					       IWPM_FLAGS_NO_PORT_MAP), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 3);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, &got,
						&flags), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &map, sizeof(map));
	KUNIT_EXPECT_EQ(test, flags, IWPM_FLAGS_NO_PORT_MAP);

	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &other), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 2);
	/* the most recent mapping to @map goes first */
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, &got,
						&flags), 0);
	KUNIT_EXPECT_EQ(test, flags, 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
}

static void mapinfo_clients_are_isolated(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map1, map2, got;

	iwpm_test_sin(&loc, "192.0.2.1", 5000);
	iwpm_test_sin(&map1, "192.0.2.1", 41000);
	iwpm_test_sin(&map2, "192.0.2.1", 42000);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map1, 0), 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, C4IW, &loc, &map2, 0), 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, &got, NULL), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&got), 41000);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, C4IW, &loc, &got, NULL), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&got), 42000);
	/* removal names the mapped address, so it finds the right client */
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map2), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 1);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, C4IW), 0);
}

/*
 * The driver API removes a mapping by its addresses alone.  When two clients
 * hold the same one, the most recent loses the reference, as in 6.12, whose
 * removal took the first match in a bucket filled at its head.
 */
static void mapinfo_del_takes_the_most_recent_of_any_client(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map;

	iwpm_test_sin(&loc, "192.0.2.1", 5000);
	iwpm_test_sin(&map, "192.0.2.1", 41000);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, C4IW, &loc, &map, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 1);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, C4IW), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), -ENOENT);
}

static void mapinfo_del_needs_matching_mapped(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, wrong;

	iwpm_test_sin(&loc, "192.0.2.1", 5000);
	iwpm_test_sin(&map, "192.0.2.1", 45000);
	iwpm_test_sin(&wrong, "192.0.2.1", 45999);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &wrong), -ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 1);
}

static void mapinfo_wildcards_are_exact_keys(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage any4, any6, spec, map, got;

	iwpm_test_sin(&any4, "0.0.0.0", 6000);
	iwpm_test_sin6(&any6, "::", 6000, 0);
	iwpm_test_sin(&spec, "192.0.2.1", 6000);
	iwpm_test_sin(&map, "0.0.0.0", 46000);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &any4, &map, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &spec, NULL, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &any6, NULL, NULL),
			-ENOENT);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &any4, &got, NULL), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&got), 46000);
	iwpm_test_sin6(&map, "::", 46001, 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &any6, &map, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 2);
}

static void mapinfo_rejects_mixed_families(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map;

	iwpm_test_sin(&loc, "192.0.2.1", 5000);
	iwpm_test_sin6(&map, "2001:db8::1", 5000, 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0),
			-EINVAL);
	map.ss_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
}

static void mapinfo_needs_client_in_use(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map;

	iwpm_test_sin(&loc, "192.0.2.1", 5000);
	iwpm_test_sin(&map, "192.0.2.1", 45000);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, RDMA_NL_LS, &loc, &map, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, 63, &loc, &map, 0),
			-EINVAL);
	iwpm_client_put(&env->pm, C4IW);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, C4IW, &loc, &map, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, C4IW), 0);
}

static void mapinfo_snapshot_copies_client_entries(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map;
	struct iwpm_mapping *snap;
	unsigned int n, i, sum = 0;

	for (i = 0; i < 10; i++) {
		iwpm_test_sin(&loc, "192.0.2.1", 1000 + i);
		iwpm_test_sin(&map, "192.0.2.1", 2000 + i);
		KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, i % 2 ? NES : C4IW,
						       &loc, &map, i % 2), 0);
	}
	snap = iwpm_mapinfo_snapshot(&env->pm, NES, &n);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, snap);
	KUNIT_EXPECT_EQ(test, n, 5);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, ntohs(snap[i].mapped.port),
				ntohs(snap[i].local.port) + 1000);
		KUNIT_EXPECT_EQ(test, snap[i].flags, 1);
		sum += ntohs(snap[i].local.port);
	}
	KUNIT_EXPECT_EQ(test, sum, 1001 + 1003 + 1005 + 1007 + 1009);
	kvfree(snap);
	iwpm_client_put(&env->pm, C4IW);
	KUNIT_EXPECT_NULL(test, iwpm_mapinfo_snapshot(&env->pm, C4IW, &n));
	KUNIT_EXPECT_EQ(test, n, 0);
}

#define MANY	100000

/* Distinct local and mapped addresses for entry @i of MANY. */
static void many_addr(struct sockaddr_storage *loc,
		      struct sockaddr_storage *map, unsigned int i)
{
	char ip[32];

	snprintf(ip, sizeof(ip), "2001:db8::1:%x", i >> 16);
	iwpm_test_sin6(loc, ip, i & 0xffff, 0);
	snprintf(ip, sizeof(ip), "2001:db8::2:%x", i >> 16);
	iwpm_test_sin6(map, ip, i & 0xffff, 0);
}

static void mapinfo_holds_100k_entries(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, got;
	unsigned int i;

	for (i = 0; i < MANY; i++) {
		many_addr(&loc, &map, i);
		KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map,
						       0), 0);
	}
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), MANY);
	for (i = 0; i < MANY; i += 7) {
		many_addr(&loc, &map, i);
		KUNIT_ASSERT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, &got,
							NULL), 0);
		KUNIT_ASSERT_MEMEQ(test, &got, &map, sizeof(map));
	}
	for (i = 0; i < MANY; i++) {
		many_addr(&loc, &map, i);
		KUNIT_ASSERT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), 0);
	}
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
}

/* How many MAPINFO messages the daemon got mapping @lport to @mport. */
static unsigned int replayed(struct iwpm_test_env *env, u16 lport, u16 mport)
{
	struct nlattr *tb[IWPM_NLA_MAPINFO_MAX];
	unsigned int i, n = 0;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	int rem;

	for (i = 0; i < env->nsent; i++) {
		skb = iwpm_test_sent(env, i);
		nlmsg_for_each_msg(nlh, nlmsg_hdr(skb), skb->len, rem) {
			if (nlh->nlmsg_type == NLMSG_DONE ||
			    iwpm_test_op(nlh) != RDMA_NL_IWPM_MAPINFO)
				continue;
			iwpm_test_parse(env->test, nlh, tb, IWPM_NLA_MAPINFO_MAX - 1);
			n += iwpm_test_port(nla_data(tb[IWPM_NLA_MAPINFO_LOCAL_ADDR])) ==
			     lport &&
			     iwpm_test_port(nla_data(tb[IWPM_NLA_MAPINFO_MAPPED_ADDR])) ==
			     mport;
		}
	}
	return n;
}

/* @client maps 192.0.2.1:@lport to 192.0.2.1:@mport, once more. */
static int map_port(struct iwpm_test_env *env, u16 lport, u16 mport)
{
	struct sockaddr_storage loc, map;

	iwpm_test_sin(&loc, "192.0.2.1", lport);
	iwpm_test_sin(&map, "192.0.2.1", mport);
	return iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0);
}

static int unmap_port(struct iwpm_test_env *env, u16 lport, u16 mport)
{
	struct sockaddr_storage loc, map;

	iwpm_test_sin(&loc, "192.0.2.1", lport);
	iwpm_test_sin(&map, "192.0.2.1", mport);
	return iwpm_mapinfo_del(&env->pm, &loc, &map);
}

/* The mapped port of the most recent mapping of 192.0.2.1:@lport, or 0. */
static u16 mapped_port(struct iwpm_test_env *env, u16 lport)
{
	struct sockaddr_storage loc, got;

	iwpm_test_sin(&loc, "192.0.2.1", lport);
	if (iwpm_mapinfo_find(&env->pm, NES, &loc, &got, NULL))
		return 0;
	return iwpm_test_port(&got);
}

/*
 * iw_cm fails a listen or connect whose mapping it cannot record, which in
 * 6.12 only a failed GFP_KERNEL allocation did.  The hash table's insert
 * fails when the table cannot grow: an atomic bucket allocation failed
 * (-ENOMEM), a rehash is under way (-EBUSY), or, as here, deterministically,
 * the table is at its limit (-E2BIG).  The mapping is still recorded, found,
 * counted, replayed to a restarted daemon and removed, and hashed once the
 * table can grow again, the most recent mapping still first.
 */
static void mapinfo_add_when_the_table_cannot_grow(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct rhashtable *ht = &env->pm.mapinfo.ht;
	unsigned int max_elems = ht->max_elems;

	iwpm_test_add_mappings(env, NES, 3);	/* 1000..1002 -> 30000.. */
	ht->max_elems = atomic_read(&ht->nelems);
	KUNIT_ASSERT_EQ(test, map_port(env, 2000, 32000), 0);
	KUNIT_ASSERT_EQ(test, map_port(env, 2000, 32000), 0);
	KUNIT_ASSERT_EQ(test, map_port(env, 1000, 31000), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 5);
	KUNIT_EXPECT_EQ(test, mapped_port(env, 2000), 32000);
	KUNIT_EXPECT_EQ(test, mapped_port(env, 1000), 31000);

	KUNIT_ASSERT_EQ(test, iwpm_test_rx_mapinfo(env, NES, IWPM_ULIB_NAME, 4), 0);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].replay_sent, 5);
	KUNIT_EXPECT_EQ(test, replayed(env, 2000, 32000), 1);
	KUNIT_EXPECT_EQ(test, replayed(env, 1000, 31000), 1);
	KUNIT_EXPECT_EQ(test, replayed(env, 1000, 30000), 1);

	KUNIT_EXPECT_EQ(test, unmap_port(env, 2000, 32000), 0);
	ht->max_elems = max_elems;
	KUNIT_ASSERT_EQ(test, map_port(env, 3000, 33000), 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&env->pm.mapinfo_unhashed));
	KUNIT_EXPECT_EQ(test, atomic_read(&ht->nelems), 5);	/* keys */
	KUNIT_EXPECT_EQ(test, mapped_port(env, 1000), 31000);
	KUNIT_EXPECT_EQ(test, unmap_port(env, 1000, 31000), 0);
	KUNIT_EXPECT_EQ(test, mapped_port(env, 1000), 30000);
	KUNIT_EXPECT_EQ(test, unmap_port(env, 2000, 32000), 0);
	KUNIT_EXPECT_EQ(test, unmap_port(env, 2000, 32000), -ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 4);
}

static void reminfo_add_then_take_once(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage mloc, mrem, rem, got;

	iwpm_test_sin(&mloc, "192.0.2.1", 40000);
	iwpm_test_sin(&mrem, "192.0.2.2", 40001);
	iwpm_test_sin(&rem, "192.0.2.2", 7174);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &mloc, &mrem, &rem), 0);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 1);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_take(&env->pm, NES, &mloc, &mrem, &got), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &rem, sizeof(rem));
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_take(&env->pm, NES, &mloc, &mrem, &got),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
}

static void reminfo_newer_report_replaces(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage mloc, mrem, rem, got;

	iwpm_test_sin(&mloc, "192.0.2.1", 40000);
	iwpm_test_sin(&mrem, "192.0.2.2", 40001);
	iwpm_test_sin(&rem, "192.0.2.2", 1111);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &mloc, &mrem, &rem), 0);
	iwpm_test_sin(&rem, "192.0.2.2", 2222);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &mloc, &mrem, &rem), 0);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 1);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_take(&env->pm, NES, &mloc, &mrem, &got), 0);
	KUNIT_EXPECT_EQ(test, iwpm_test_port(&got), 2222);
}

static void reminfo_clients_are_isolated(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage mloc, mrem, rem, got;

	iwpm_test_sin6(&mloc, "2001:db8::1", 40000, 0);
	iwpm_test_sin6(&mrem, "2001:db8::2", 40001, 0);
	iwpm_test_sin6(&rem, "2001:db8::2", 7174, 0);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, C4IW, &mloc, &mrem, &rem), 0);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_take(&env->pm, NES, &mloc, &mrem, &got),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_take(&env->pm, C4IW, &mloc, &mrem, &got), 0);
	KUNIT_EXPECT_MEMEQ(test, &got, &rem, sizeof(rem));
}

static void reminfo_rejects_bad_input(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage mloc, mrem, rem;

	iwpm_test_sin(&mloc, "192.0.2.1", 40000);
	iwpm_test_sin(&mrem, "192.0.2.2", 40001);
	memset(&rem, 0, sizeof(rem));
	rem.ss_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &mloc, &mrem, &rem),
			-EINVAL);
	iwpm_test_sin(&rem, "192.0.2.2", 1);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_add(&env->pm, RDMA_NL_LS, &mloc, &mrem,
					       &rem), -EINVAL);
	iwpm_client_put(&env->pm, NES);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &mloc, &mrem, &rem),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
}

static void client_last_put_frees_its_tables(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, rem;
	unsigned int i;

	for (i = 0; i < 100; i++) {
		iwpm_test_sin(&loc, "192.0.2.1", 1000 + i);
		iwpm_test_sin(&map, "192.0.2.1", 2000 + i);
		iwpm_test_sin(&rem, "192.0.2.9", 3000 + i);
		KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
		KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, C4IW, &loc, &map, 0), 0);
		KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &map, &rem, &rem), 0);
	}
	iwpm_client_put(&env->pm, NES);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, C4IW), 100);
	KUNIT_EXPECT_FALSE(test, iwpm_client_in_use(&env->pm, NES));
	/* the table no longer holds them: the same keys insert afresh */
	KUNIT_ASSERT_EQ(test, iwpm_client_get(&env->pm, NES), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 1);
}

static void client_users_nest(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map;

	iwpm_test_sin(&loc, "192.0.2.1", 5000);
	iwpm_test_sin(&map, "192.0.2.1", 45000);
	KUNIT_ASSERT_EQ(test, iwpm_client_get(&env->pm, NES), 0);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	iwpm_client_put(&env->pm, NES);
	KUNIT_EXPECT_TRUE(test, iwpm_client_in_use(&env->pm, NES));
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 1);
	KUNIT_EXPECT_EQ(test, iwpm_client_get(&env->pm, RDMA_NL_LS), -EINVAL);
}

static void teardown_frees_live_entries(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map;
	unsigned int i;

	/* KASAN and the fixture's release check that nothing is touched or
	 * leaked when the instance goes away with live entries.
	 */
	for (i = 0; i < 1000; i++) {
		iwpm_test_sin(&loc, "192.0.2.1", i);
		iwpm_test_sin(&map, "192.0.2.1", 10000 + i);
		KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
		KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, C4IW, &loc, &map,
						       &map), 0);
	}
	iwpm_teardown(&env->pm);
	KUNIT_EXPECT_EQ(test, env->pm.clients[NES].nr_mappings, 0);
	KUNIT_EXPECT_EQ(test, env->pm.clients[C4IW].nr_reminfos, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&env->pm.mapinfo.ht.nelems), 0);
	/* the fixture tears down again at the end: set it up once more */
	KUNIT_ASSERT_EQ(test, iwpm_setup(&env->pm, &init_net, env->pm.transport), 0);
}

/* What a caller racing with an instance's teardown gets. */
static void table_calls_after_teardown_fail_cleanly(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage loc, map, got;

	iwpm_test_sin(&loc, "192.0.2.1", 5000);
	iwpm_test_sin(&map, "192.0.2.1", 45000);
	KUNIT_ASSERT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0), 0);
	KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &map, &map, &loc), 0);
	iwpm_teardown(&env->pm);

	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_del(&env->pm, &loc, &map), -ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_find(&env->pm, NES, &loc, &got, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_add(&env->pm, NES, &loc, &map, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_take(&env->pm, NES, &map, &map, &got),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_add(&env->pm, NES, &map, &map, &loc),
			-EINVAL);
	KUNIT_EXPECT_FALSE(test, iwpm_client_in_use(&env->pm, NES));
	KUNIT_EXPECT_EQ(test, iwpm_mapinfo_count(&env->pm, NES), 0);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(&env->pm, NES), 0);
	/* the fixture tears down again at the end: set it up once more */
	KUNIT_ASSERT_EQ(test, iwpm_setup(&env->pm, &init_net, env->pm.transport), 0);
}

/*
 * Report @i of many: a peer at 10.x.y.z connects to the listener mapped to
 * 192.0.2.1:7000 from mapped port 40000; its real port is another.
 */
static void pending_report(unsigned int i, struct sockaddr_storage *mloc,
			   struct sockaddr_storage *mrem,
			   struct sockaddr_storage *rem)
{
	char ip[32];

	snprintf(ip, sizeof(ip), "10.%u.%u.%u", (i >> 16) & 255, (i >> 8) & 255,
		 i & 255);
	iwpm_test_sin(mloc, "192.0.2.1", 7000);
	iwpm_test_sin(mrem, ip, 40000);
	iwpm_test_sin(rem, ip, 1024 + i % 30000);
}

#define PENDING	10000	/* more than the 4,096 reports a client once kept */

/*
 * The daemon reports the peer of an incoming connection before the driver
 * hands the connection to iw_cm.  However many are pending, each connection
 * iw_cm then takes gets its real peer, never the mapped address.
 */
static void reminfo_keeps_every_pending_report(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct sockaddr_storage mloc, mrem, rem, got;
	struct iwpm *pm = &env->pm;
	unsigned int i;

	for (i = 0; i < PENDING; i++) {
		pending_report(i, &mloc, &mrem, &rem);
		KUNIT_ASSERT_EQ(test, iwpm_reminfo_add(pm, NES, &mloc, &mrem, &rem),
				0);
	}
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(pm, NES), PENDING);
	for (i = 0; i < PENDING; i++) {
		pending_report(i, &mloc, &mrem, &rem);
		KUNIT_ASSERT_EQ_MSG(test, iwpm_reminfo_take(pm, NES, &mloc, &mrem,
							    &got), 0,
				    "connection %u lost its report", i);
		KUNIT_ASSERT_MEMEQ(test, &got, &rem, sizeof(rem));
	}
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(pm, NES), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pm->stats.reminfo_expired), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pm->stats.reminfo_refused), 0);
}

/* Report @i of pending_report(), given: 0, or what iwpm_reminfo_add() says. */
static int report(struct iwpm *pm, unsigned int i)
{
	struct sockaddr_storage mloc, mrem, rem;

	pending_report(i, &mloc, &mrem, &rem);
	return iwpm_reminfo_add(pm, NES, &mloc, &mrem, &rem);
}

/* iw_cm takes the report of connection @i: is it there, with its real peer? */
static bool take(struct iwpm *pm, unsigned int i)
{
	struct sockaddr_storage mloc, mrem, rem, got;

	pending_report(i, &mloc, &mrem, &rem);
	return !iwpm_reminfo_take(pm, NES, &mloc, &mrem, &got) &&
	       !memcmp(&got, &rem, sizeof(rem));
}

/* Let a jiffy pass: with a TTL of 0 every report is stale then. */
static void age_every_report(struct iwpm *pm)
{
	pm->reminfo_ttl = 0;
	schedule_timeout_uninterruptible(2);
}

/*
 * Past their TTL reports are stale: each new one drops two, oldest first,
 * counted; a stale report not yet dropped is still its connection's.
 */
static void reminfo_stale_reports_expire_oldest_first(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm *pm = &env->pm;
	unsigned int i;

	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, report(pm, i), 0);
	/* a newer report of connection 0 makes it the youngest */
	KUNIT_ASSERT_EQ(test, report(pm, 0), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pm->stats.reminfo_expired), 0);
	age_every_report(pm);
	KUNIT_ASSERT_EQ(test, report(pm, 4), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pm->stats.reminfo_expired), 2);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(pm, NES), 3);
	KUNIT_EXPECT_FALSE(test, take(pm, 1));
	KUNIT_EXPECT_FALSE(test, take(pm, 2));
	KUNIT_EXPECT_TRUE(test, take(pm, 3));
	KUNIT_EXPECT_TRUE(test, take(pm, 0));
	KUNIT_EXPECT_TRUE(test, take(pm, 4));
	/* the other client's reports age on their own */
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(pm, C4IW), 0);
}

/*
 * A flood must not grow the table without bound, but no live report is
 * dropped for it: a client full of live reports refuses the next one,
 * counted, and takes reports again once old ones are stale.
 */
static void reminfo_full_client_refuses_new_reports(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm *pm = &env->pm;
	unsigned int i;

	for (i = 0; i < IWPM_REMINFO_MAX; i++)
		KUNIT_ASSERT_EQ(test, report(pm, i), 0);
	KUNIT_EXPECT_EQ(test, report(pm, i), -ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pm->stats.reminfo_refused), 1);
	KUNIT_EXPECT_EQ(test, iwpm_reminfo_count(pm, NES), IWPM_REMINFO_MAX);
	/* a newer report of a connection it holds is no new entry */
	KUNIT_EXPECT_EQ(test, report(pm, 0), 0);
	KUNIT_EXPECT_TRUE(test, take(pm, 1));
	KUNIT_EXPECT_TRUE(test, take(pm, IWPM_REMINFO_MAX - 1));
	KUNIT_EXPECT_FALSE(test, take(pm, IWPM_REMINFO_MAX));

	age_every_report(pm);
	KUNIT_EXPECT_EQ(test, report(pm, IWPM_REMINFO_MAX), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pm->stats.reminfo_expired), 2);
	KUNIT_EXPECT_TRUE(test, take(pm, IWPM_REMINFO_MAX));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pm->stats.reminfo_refused), 1);
}

static struct kunit_case iwpm_table_cases[] = {
	KUNIT_CASE(addr_v4_round_trip),
	KUNIT_CASE(addr_v6_key_leaves_out_scope),
	KUNIT_CASE(link_local_mappings_ignore_scope),
	KUNIT_CASE(link_local_remote_info_ignores_scope),
	KUNIT_CASE(addr_rejects_other_families),
	KUNIT_CASE(addr_equal_is_exact),
	KUNIT_CASE(addr_ignores_ipv6_flowinfo),
	KUNIT_CASE(mapinfo_add_find_remove_v4),
	KUNIT_CASE(mapinfo_add_find_remove_v6),
	KUNIT_CASE(mapinfo_duplicate_counts_references),
	KUNIT_CASE(mapinfo_second_mapping_of_a_local_address_is_kept),
	KUNIT_CASE(mapinfo_clients_are_isolated),
	KUNIT_CASE(mapinfo_del_takes_the_most_recent_of_any_client),
	KUNIT_CASE(mapinfo_del_needs_matching_mapped),
	KUNIT_CASE(mapinfo_wildcards_are_exact_keys),
	KUNIT_CASE(mapinfo_rejects_mixed_families),
	KUNIT_CASE(mapinfo_needs_client_in_use),
	KUNIT_CASE(mapinfo_snapshot_copies_client_entries),
	KUNIT_CASE_SLOW(mapinfo_holds_100k_entries),
	KUNIT_CASE(mapinfo_add_when_the_table_cannot_grow),
	KUNIT_CASE(reminfo_add_then_take_once),
	KUNIT_CASE(reminfo_newer_report_replaces),
	KUNIT_CASE(reminfo_clients_are_isolated),
	KUNIT_CASE(reminfo_rejects_bad_input),
	KUNIT_CASE(client_last_put_frees_its_tables),
	KUNIT_CASE(client_users_nest),
	KUNIT_CASE(teardown_frees_live_entries),
	KUNIT_CASE(table_calls_after_teardown_fail_cleanly),
	KUNIT_CASE(reminfo_keeps_every_pending_report),
	KUNIT_CASE(reminfo_stale_reports_expire_oldest_first),
	KUNIT_CASE_SLOW(reminfo_full_client_refuses_new_reports),
	{}
};

static struct kunit_suite iwpm_table_suite = {
	.name = "iwpm_table",
	.test_cases = iwpm_table_cases,
};

kunit_test_suite(iwpm_table_suite);
