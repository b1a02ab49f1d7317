/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Test fixture shared by the port mapper suites: a private struct iwpm whose
 * transport keeps every message the port mapper sends, and an optional
 * in-kernel daemon that answers them synchronously.  Daemon messages are
 * built with ibnl_put_msg()/ibnl_put_attr() and fed to iwpm_pm_rx(), the
 * same entry the netlink callbacks use.
 */
#ifndef _IWPM_KUNIT_H
#define _IWPM_KUNIT_H

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/skbuff.h>

#include "iwpm.h"

#define IWPM_TEST_DAEMON_PORTID	4242
#define IWPM_TEST_NES		RDMA_NL_IWCM
#define IWPM_TEST_C4IW		RDMA_NL_RSVD	/* RDMA_NL_C4IW out of tree */

struct iwpm_test_env;

/* Called with each message the port mapper sends; may answer it. */
typedef void (*iwpm_test_responder)(struct iwpm_test_env *env,
				    const struct nlmsghdr *nlh);

/**
 * struct iwpm_test_env - one test's port mapper and fake daemon
 * @pm: the port mapper under test
 * @test: the running test
 * @sent: every skb the port mapper sent, in order
 * @portids: destination of each unicast in @sent, 0 for multicast
 * @nsent: number of skbs in @sent
 * @unicast_err: if set, unicasts fail with it
 * @multicast_err: if set, multicasts fail with it
 * @respond: the fake daemon, or NULL
 * @abi: ABI version the fake daemon reports
 * @mapped_port_offset: the fake daemon maps port P to P + this
 * @answers: how many times the fake daemon answers each request
 * @seq_skew: added to the sequence number the fake daemon echoes
 * @error_code: if set, the fake daemon answers with HANDLE_ERR and this code
 * @last_rx_err: result of the fake daemon's last message
 * @last_extack: extack message the port mapper gave for it, or NULL
 * @full: the daemon does not read: every unicast fails with -EAGAIN
 * @full_sends: unicasts refused while @full
 */
struct iwpm_test_env {
	struct iwpm pm;
	struct kunit *test;
	struct sk_buff_head sent;
	u32 portids[512];
	unsigned int nsent;
	int unicast_err;
	int multicast_err;
	iwpm_test_responder respond;
	u16 abi;
	u16 mapped_port_offset;
	unsigned int answers;
	u32 seq_skew;
	u16 error_code;
	int last_rx_err;
	const char *last_extack;
	bool full;
	atomic_t full_sends;
};

struct iwpm_test_env *iwpm_test_env_new(struct kunit *test);
struct iwpm_test_env *iwpm_test_env_new_net(struct kunit *test,
					    struct net *net);
struct sk_buff *iwpm_test_sent(struct iwpm_test_env *env, unsigned int i);
struct nlmsghdr *iwpm_test_sent_nlh(struct iwpm_test_env *env, unsigned int i);
void iwpm_test_parse(struct kunit *test, const struct nlmsghdr *nlh,
		     struct nlattr **tb, int maxattr);

struct sk_buff *iwpm_test_msg(u8 client, u8 op, u32 seq,
			      struct nlmsghdr **nlh);
void iwpm_test_put(struct kunit *test, struct sk_buff *skb,
		   struct nlmsghdr *nlh, int type, int len, const void *data);
void iwpm_test_in_init_net(struct sk_buff *skb);
int iwpm_test_rx(struct iwpm_test_env *env, struct sk_buff *skb);
int iwpm_test_rx_from(struct iwpm_test_env *env, struct sk_buff *skb,
		      u32 portid);
int iwpm_test_rx_unprivileged(struct iwpm_test_env *env, struct sk_buff *skb);
void iwpm_test_expect_extack(struct iwpm_test_env *env, const char *why);

void iwpm_test_daemon(struct iwpm_test_env *env, const struct nlmsghdr *nlh);
int iwpm_test_register(struct iwpm_test_env *env, u8 client, u16 abi);
int iwpm_test_hello(struct iwpm_test_env *env, u8 client, u16 abi);

void iwpm_test_sin(struct sockaddr_storage *ss, const char *ip, u16 port);
void iwpm_test_sin6(struct sockaddr_storage *ss, const char *ip, u16 port,
		    u32 scope);
u16 iwpm_test_port(const struct sockaddr_storage *ss);

struct iwpm_test_env *iwpm_test_registered(struct kunit *test, u16 abi);
void iwpm_test_sa_v4(struct iwpm_sa_data *sa, u16 lport, u16 rport);
u16 iwpm_test_op(const struct nlmsghdr *nlh);
void iwpm_test_add_mappings(struct iwpm_test_env *env, u8 client,
			    unsigned int n);
int iwpm_test_rx_mapinfo(struct iwpm_test_env *env, u8 client,
			 const char *ulib, u16 ver);
void iwpm_test_rx_add_answer(struct iwpm_test_env *env, u32 seq,
			     const struct sockaddr_storage *loc,
			     const struct sockaddr_storage *mapped, int expect);

#endif /* _IWPM_KUNIT_H */
