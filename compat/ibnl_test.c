// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: the NETLINK_RDMA layer, through a real netlink socket.  The tests
 * open a kernel-side AF_NETLINK socket, which the netlink core treats like
 * a user-space one: what it sends goes through ibnl's receive path, and
 * what ibnl sends to its port id lands in its queue.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/net.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <net/sock.h>

#include "../kunit/iwpm_kunit.h"
#include "iwpm_compat.h"

#define TEST_CLIENT	40
#define OP_RECORD	0
#define OP_EACCES	1
#define OP_NULL		2
#define OP_EPERM	3

static atomic_t record_calls;
static u32 record_seq;
static u32 record_portid;

static int record_doit(struct sk_buff *skb, struct nlmsghdr *nlh,
		       struct netlink_ext_ack *extack)
{
	atomic_inc(&record_calls);
	record_seq = nlh->nlmsg_seq;
	record_portid = NETLINK_CB(skb).portid;
	return 0;
}

static int eacces_doit(struct sk_buff *skb, struct nlmsghdr *nlh,
		       struct netlink_ext_ack *extack)
{
	atomic_inc(&record_calls);
	return -EACCES;
}

static int eperm_doit(struct sk_buff *skb, struct nlmsghdr *nlh,
		      struct netlink_ext_ack *extack)
{
	atomic_inc(&record_calls);
	return -EPERM;
}

static const struct ibnl_client_cbs test_cbs[] = {
	[OP_RECORD] = { .doit = record_doit },
	[OP_EACCES] = { .doit = eacces_doit },
	[OP_NULL] = { .doit = NULL },
	[OP_EPERM] = { .doit = eperm_doit },
};

static void remove_test_client(void *unused)
{
	ibnl_remove_client(TEST_CLIENT);
}

static void add_test_client(struct kunit *test)
{
	atomic_set(&record_calls, 0);
	KUNIT_ASSERT_EQ(test, ibnl_add_client(TEST_CLIENT, ARRAY_SIZE(test_cbs),
					      test_cbs), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, remove_test_client,
							NULL), 0);
}

static void peer_release(void *sock)
{
	sock_release(sock);
}

/* A socket like the daemon's; @groups as in sockaddr_nl.nl_groups. */
static struct socket *peer_open(struct kunit *test, u32 groups, u32 *portid)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = groups };
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW,
					       NETLINK_RDMA, &sock), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, peer_release, sock), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock, (struct sockaddr *)&addr,
					  sizeof(addr)), 0);
	KUNIT_ASSERT_GT(test, kernel_getsockname(sock, (struct sockaddr *)&addr), 0);
	if (portid)
		*portid = addr.nl_pid;
	return sock;
}

static int peer_send(struct socket *sock, const void *buf, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &kernel, .msg_namelen = sizeof(kernel) };
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };

	return kernel_sendmsg(sock, &msg, &iov, 1, len);
}

static int peer_recv(struct socket *sock, void *buf, size_t len)
{
	struct msghdr msg = {};
	struct kvec iov = { .iov_base = buf, .iov_len = len };

	return kernel_recvmsg(sock, &msg, &iov, 1, len, MSG_DONTWAIT);
}

struct test_msg {
	struct nlmsghdr h;
	u32 payload[2];
};

static void fill_msg(struct test_msg *m, int client, int op, u16 flags, u32 seq)
{
	memset(m, 0, sizeof(*m));
	m->h.nlmsg_len = sizeof(*m);
	m->h.nlmsg_type = RDMA_NL_GET_TYPE(client, op);
	m->h.nlmsg_flags = flags;
	m->h.nlmsg_seq = seq;
}

/* The one netlink error the kernel answered with; fails if there is none. */
static int recv_error(struct kunit *test, struct socket *sock, u32 seq)
{
	u8 buf[256];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = nlmsg_data(nlh);
	int n = peer_recv(sock, buf, sizeof(buf));

	KUNIT_ASSERT_GE(test, n, (int)NLMSG_LENGTH(sizeof(*e)));
	KUNIT_ASSERT_EQ(test, nlh->nlmsg_type, NLMSG_ERROR);
	KUNIT_EXPECT_EQ(test, e->msg.nlmsg_seq, seq);
	return e->error;
}

static void expect_no_reply(struct kunit *test, struct socket *sock)
{
	u8 buf[64];

	KUNIT_EXPECT_EQ(test, peer_recv(sock, buf, sizeof(buf)), -EAGAIN);
}

static void add_client_checks_arguments(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ibnl_add_client(-1, 1, test_cbs), -EINVAL);
	KUNIT_EXPECT_EQ(test, ibnl_add_client(IBNL_MAX_CLIENTS, 1, test_cbs), -EINVAL);
	KUNIT_EXPECT_EQ(test, ibnl_add_client(TEST_CLIENT, 0, test_cbs), -EINVAL);
	KUNIT_EXPECT_EQ(test, ibnl_add_client(TEST_CLIENT, 1025, test_cbs), -EINVAL);
	KUNIT_EXPECT_EQ(test, ibnl_add_client(TEST_CLIENT, 1, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, ibnl_remove_client(IBNL_MAX_CLIENTS), -ENOENT);
}

static void add_client_twice_is_eexist(struct kunit *test)
{
	add_test_client(test);
	KUNIT_EXPECT_EQ(test, ibnl_add_client(TEST_CLIENT, 1, test_cbs), -EEXIST);
	KUNIT_EXPECT_EQ(test, ibnl_remove_client(TEST_CLIENT), 0);
	KUNIT_EXPECT_EQ(test, ibnl_remove_client(TEST_CLIENT), -ENOENT);
}

static void request_reaches_its_handler(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;
	u32 portid;

	add_test_client(test);
	sock = peer_open(test, 0, &portid);
	fill_msg(&m, TEST_CLIENT, OP_RECORD, NLM_F_REQUEST, 77);
	KUNIT_ASSERT_EQ(test, peer_send(sock, &m, sizeof(m)), (int)sizeof(m));
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 1);
	KUNIT_EXPECT_EQ(test, record_seq, 77);
	KUNIT_EXPECT_EQ(test, record_portid, portid);
	expect_no_reply(test, sock);
}

static void ack_is_sent_when_asked(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, TEST_CLIENT, OP_RECORD, NLM_F_REQUEST | NLM_F_ACK, 78);
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 78), 0);
}

static void unknown_client_is_answered(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, TEST_CLIENT + 1, OP_RECORD, NLM_F_REQUEST, 79);
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 79), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 0);
}

static void unknown_op_is_answered(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, TEST_CLIENT, 4, NLM_F_REQUEST, 80);
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 80), -EOPNOTSUPP);
	fill_msg(&m, TEST_CLIENT, OP_NULL, NLM_F_REQUEST, 81);
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 81), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 0);
}

static void non_request_is_answered(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, TEST_CLIENT, OP_RECORD, 0, 82);
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 82), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 0);
}

static void truncated_message_is_answered(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, TEST_CLIENT, OP_RECORD, NLM_F_REQUEST, 83);
	m.h.nlmsg_len = 200;
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 83), -EINVAL);
	m.h.nlmsg_len = 4;
	m.h.nlmsg_seq = 84;
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 84), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 0);
}

static void handler_error_is_reported(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, TEST_CLIENT, OP_EACCES, NLM_F_REQUEST, 85);
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 85), -EACCES);
}

static void eperm_is_answered_as_an_error(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, TEST_CLIENT, OP_EPERM, NLM_F_REQUEST | NLM_F_ACK, 86);
	peer_send(sock, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 1);
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 86), -EPERM);
}

static void control_messages_are_ignored(struct kunit *test)
{
	struct socket *sock;
	struct test_msg m;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m, 0, NLMSG_NOOP, NLM_F_REQUEST, 86);
	m.h.nlmsg_type = NLMSG_NOOP;
	peer_send(sock, &m, sizeof(m));
	expect_no_reply(test, sock);
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 0);
}

static void batch_is_dispatched_in_order(struct kunit *test)
{
	struct test_msg m[3];
	struct socket *sock;

	add_test_client(test);
	sock = peer_open(test, 0, NULL);
	fill_msg(&m[0], TEST_CLIENT, OP_RECORD, NLM_F_REQUEST, 90);
	fill_msg(&m[1], TEST_CLIENT, OP_EACCES, NLM_F_REQUEST, 91);
	fill_msg(&m[2], TEST_CLIENT, OP_RECORD, NLM_F_REQUEST, 92);
	peer_send(sock, m, sizeof(m));
	KUNIT_EXPECT_EQ(test, atomic_read(&record_calls), 3);
	KUNIT_EXPECT_EQ(test, record_seq, 92);
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 91), -EACCES);
	expect_no_reply(test, sock);
}

static void put_attr_keeps_length_and_cancels_on_overflow(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	struct nlmsghdr *first, *second;
	u32 v = 5;
	u8 *big;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	big = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_NOT_NULL(test, ibnl_put_msg(skb, &first, 1, 0, RDMA_NL_C4IW,
						 RDMA_NL_IWPM_HELLO, NLM_F_REQUEST));
	KUNIT_EXPECT_EQ(test, first->nlmsg_type,
			RDMA_NL_GET_TYPE(RDMA_NL_C4IW, RDMA_NL_IWPM_HELLO));
	KUNIT_EXPECT_EQ(test, ibnl_put_attr(skb, first, 4, &v, 1), 0);
	KUNIT_EXPECT_EQ(test, first->nlmsg_len, NLMSG_HDRLEN + nla_total_size(4));
	len = skb->len;
	KUNIT_ASSERT_NOT_NULL(test, ibnl_put_msg(skb, &second, 2, 0, 1, 1, 0));
	KUNIT_EXPECT_EQ(test, ibnl_put_attr(skb, second, PAGE_SIZE, big, 1),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, skb->len, len);
	KUNIT_EXPECT_EQ(test, first->nlmsg_len, NLMSG_HDRLEN + nla_total_size(4));
	kfree_skb(skb);
}

static struct sk_buff *hello_skb(struct kunit *test, struct nlmsghdr **nlh)
{
	struct sk_buff *skb = nlmsg_new(64, GFP_KERNEL);
	u16 v = 4;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, ibnl_put_msg(skb, nlh, 5, 0, RDMA_NL_C4IW,
						 RDMA_NL_IWPM_HELLO, 0));
	KUNIT_ASSERT_EQ(test, ibnl_put_attr(skb, *nlh, 2, &v,
					    IWPM_NLA_HELLO_ABI_VERSION), 0);
	return skb;
}

static void unicast_reaches_the_socket(struct kunit *test)
{
	struct socket *sock;
	struct nlmsghdr *nlh;
	u8 buf[128];
	u32 portid;

	sock = peer_open(test, 0, &portid);
	KUNIT_EXPECT_EQ(test, ibnl_unicast(&init_net, hello_skb(test, &nlh), NULL, portid), 0);
	KUNIT_ASSERT_GT(test, peer_recv(sock, buf, sizeof(buf)), 0);
	nlh = (struct nlmsghdr *)buf;
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_type,
			RDMA_NL_GET_TYPE(RDMA_NL_C4IW, RDMA_NL_IWPM_HELLO));
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, 5);
	KUNIT_EXPECT_EQ(test, ibnl_unicast_wait(&init_net, hello_skb(test, &nlh), NULL, portid), 0);
	KUNIT_EXPECT_GT(test, peer_recv(sock, buf, sizeof(buf)), 0);
}

static void unicast_to_nobody_is_refused(struct kunit *test)
{
	struct nlmsghdr *nlh;

	KUNIT_EXPECT_EQ(test, ibnl_unicast(&init_net, hello_skb(test, &nlh), NULL, 0x7ffffff0),
			-ECONNREFUSED);
}

static void multicast_reaches_group_members_only(struct kunit *test)
{
	struct socket *member, *other;
	struct nlmsghdr *nlh;
	u8 buf[128];

	KUNIT_EXPECT_EQ(test, ibnl_multicast(&init_net, hello_skb(test, &nlh), NULL,
					     RDMA_NL_GROUP_IWPM, GFP_KERNEL), -ESRCH);
	member = peer_open(test, 1 << (RDMA_NL_GROUP_IWPM - 1), NULL);
	other = peer_open(test, 0, NULL);
	KUNIT_EXPECT_EQ(test, ibnl_multicast(&init_net, hello_skb(test, &nlh), NULL,
					     RDMA_NL_GROUP_IWPM, GFP_KERNEL), 0);
	KUNIT_EXPECT_GT(test, peer_recv(member, buf, sizeof(buf)), 0);
	expect_no_reply(test, other);
}

static void iwpm_off(void *unused)
{
	iwpm_exit(RDMA_NL_C4IW);
}

/* The driver API end to end: a daemon socket says hello over netlink. */
static void driver_api_answers_hello_over_netlink(struct kunit *test)
{
	struct {
		struct nlmsghdr h;
		struct nlattr a;
		u16 abi;
		u16 pad;
	} hello = {
		.h = { .nlmsg_len = sizeof(hello), .nlmsg_flags = NLM_F_REQUEST,
		       .nlmsg_type = RDMA_NL_GET_TYPE(RDMA_NL_C4IW, RDMA_NL_IWPM_HELLO),
		       .nlmsg_seq = 3 },
		.a = { .nla_len = NLA_HDRLEN + 2, .nla_type = IWPM_NLA_HELLO_ABI_VERSION },
		.abi = 4,
	};
	struct nlattr *tb[IWPM_NLA_HELLO_MAX];
	struct socket *sock;
	struct nlmsghdr *nlh;
	u8 buf[128];

	KUNIT_ASSERT_EQ(test, iwpm_init(RDMA_NL_C4IW), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iwpm_off, NULL), 0);
	KUNIT_EXPECT_EQ(test, iwpm_valid_pid(), 0);
	sock = peer_open(test, 0, NULL);
	KUNIT_ASSERT_EQ(test, peer_send(sock, &hello, sizeof(hello)),
			(int)sizeof(hello));
	KUNIT_ASSERT_GT(test, peer_recv(sock, buf, sizeof(buf)), 0);
	nlh = (struct nlmsghdr *)buf;
	KUNIT_ASSERT_EQ(test, nlh->nlmsg_type, hello.h.nlmsg_type);
	iwpm_test_parse(test, nlh, tb, IWPM_NLA_HELLO_MAX - 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IWPM_NLA_HELLO_ABI_VERSION]);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[IWPM_NLA_HELLO_ABI_VERSION]), 4);
	KUNIT_EXPECT_EQ(test, iwpm_valid_pid(), 1);
	/* a malformed hello is answered with an error and changes nothing */
	hello.a.nla_len = NLA_HDRLEN + 1;
	hello.h.nlmsg_seq = 4;
	peer_send(sock, &hello, sizeof(hello));
	KUNIT_EXPECT_EQ(test, recv_error(test, sock, 4), -EINVAL);
}

static struct sk_buff *global_hello(struct kunit *test)
{
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	u16 abi = 4;

	skb = iwpm_test_msg(RDMA_NL_C4IW, RDMA_NL_IWPM_HELLO, 5, &nlh);
	iwpm_test_put(test, skb, nlh, IWPM_NLA_HELLO_ABI_VERSION, 2, &abi);
	NETLINK_CB(skb).portid = IWPM_TEST_DAEMON_PORTID;
	NETLINK_CB(skb).flags = NETLINK_SKB_DST;
	iwpm_test_in_init_net(skb);
	return skb;
}

/* How often @needle occurs in what @show prints. */
static const char *show_text(struct kunit *test,
			     void (*show)(struct seq_file *m))
{
	struct seq_file m = { .size = 4096 };

	m.buf = kunit_kzalloc(test, m.size + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	show(&m);
	return m.buf;
}

static unsigned int shown(struct kunit *test,
			  void (*show)(struct seq_file *m), const char *needle)
{
	const char *text = show_text(test, show), *p;
	unsigned int n = 0;

	for (p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void init_net_show(struct seq_file *m)
{
	iwpm_net_show(m, &init_net);
}

/* The unauthorized counter of init_net's port mapper, which must exist. */
static long init_net_unauthorized(struct kunit *test)
{
	const char *p = strstr(show_text(test, init_net_show), " unauthorized=");
	long n = -1;
	int found;

	KUNIT_ASSERT_NOT_NULL(test, p);
	found = sscanf(p, " unauthorized=%ld", &n);
	KUNIT_ASSERT_EQ(test, found, 1);
	return n;
}

/* init_net's HELLO, taken as from a sender without CAP_NET_ADMIN. */
static int unprivileged_hello(struct kunit *test)
{
	struct sk_buff *skb = global_hello(test);
	const struct cred *old;
	struct cred *cred;
	int err;

	cred = prepare_creds();
	if (!cred) {
		kfree_skb(skb);
		KUNIT_FAIL_AND_ABORT(test, "no credentials");
	}
	cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	old = override_creds(cred);
	err = iwpm_rx_recorded(skb, nlmsg_hdr(skb), NULL);
	revert_creds(old);
	put_cred(cred);
	kfree_skb(skb);
	return err;
}

static int privileged_hello(struct kunit *test)
{
	struct sk_buff *skb = global_hello(test);
	int err = iwpm_rx_recorded(skb, nlmsg_hdr(skb), NULL);

	kfree_skb(skb);
	return err;
}

/*
 * A namespace's port mapper is made when a sender who may speak for it
 * first does: until then the namespace has none, and a refused sender
 * makes none.
 */
static void port_mapper_is_made_when_first_used(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, iwpm_init(RDMA_NL_C4IW), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iwpm_off, NULL), 0);
	KUNIT_EXPECT_EQ(test, shown(test, init_net_show, "users: 1\n"), 1);
	KUNIT_EXPECT_EQ(test, shown(test, init_net_show, "daemon: "), 0);
	KUNIT_EXPECT_EQ(test, iwpm_valid_pid(), 0);
	KUNIT_EXPECT_EQ(test, unprivileged_hello(test), -EPERM);
	KUNIT_EXPECT_EQ(test, shown(test, init_net_show, "daemon: "), 0);
	KUNIT_EXPECT_EQ(test, privileged_hello(test), 0);
	KUNIT_EXPECT_EQ(test, shown(test, init_net_show, "daemon: "), 1);
	/* the refusal before it existed was counted nowhere */
	KUNIT_EXPECT_EQ(test, init_net_unauthorized(test), 0);
}

/* The record of the module keeps what the port mapper took, and only that. */
static void record_leaves_out_refused_senders(struct kunit *test)
{
	bool was = iwpm_record_enabled;

	KUNIT_ASSERT_EQ(test, iwpm_init(RDMA_NL_C4IW), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iwpm_off, NULL), 0);
	iwpm_record_clear();
	iwpm_record_enabled = true;
	KUNIT_EXPECT_EQ(test, privileged_hello(test), 0);
	KUNIT_EXPECT_EQ(test, unprivileged_hello(test), -EPERM);
	iwpm_record_enabled = was;
	KUNIT_EXPECT_EQ(test, shown(test, iwpm_record_show, " rx 4242 "), 1);
	KUNIT_EXPECT_EQ(test, shown(test, iwpm_record_show, " tx 4242 "), 1);
	KUNIT_EXPECT_EQ(test, shown(test, iwpm_record_show, " rx "), 1);
	/* refused once, counted once */
	KUNIT_EXPECT_EQ(test, init_net_unauthorized(test), 1);
	iwpm_record_clear();
}

static struct kunit_case ibnl_cases[] = {
	KUNIT_CASE(add_client_checks_arguments),
	KUNIT_CASE(add_client_twice_is_eexist),
	KUNIT_CASE(request_reaches_its_handler),
	KUNIT_CASE(ack_is_sent_when_asked),
	KUNIT_CASE(unknown_client_is_answered),
	KUNIT_CASE(unknown_op_is_answered),
	KUNIT_CASE(non_request_is_answered),
	KUNIT_CASE(truncated_message_is_answered),
	KUNIT_CASE(handler_error_is_reported),
	KUNIT_CASE(eperm_is_answered_as_an_error),
	KUNIT_CASE(control_messages_are_ignored),
	KUNIT_CASE(batch_is_dispatched_in_order),
	KUNIT_CASE(put_attr_keeps_length_and_cancels_on_overflow),
	KUNIT_CASE(unicast_reaches_the_socket),
	KUNIT_CASE(unicast_to_nobody_is_refused),
	KUNIT_CASE(multicast_reaches_group_members_only),
	KUNIT_CASE(driver_api_answers_hello_over_netlink),
	KUNIT_CASE(port_mapper_is_made_when_first_used),
	KUNIT_CASE(record_leaves_out_refused_senders),
	{}
};

static struct kunit_suite ibnl_suite = {
	.name = "ibnl",
	.test_cases = ibnl_cases,
};

kunit_test_suite(ibnl_suite);
