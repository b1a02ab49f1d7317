// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping-table benchmark of a kernel's iWARP port mapper, through the
 * driver API of <rdma/iw_portmap.h> only, so that the same source runs on
 * Linux 6.12's port mapper and on this project's.  make bench builds it
 * into both kernels (6.12 exports none of that API; it is iw_cm's own,
 * and the memory figure reads vmalloc_nr_pages(), which no module can);
 * make check boots it in the in-tree test kernel with tiny figures.  It
 * runs once iw_cm is up (late_initcall), and only if @sizes is given
 * (iwpm_bench.sizes= on the command line).
 *
 * First one mapping is made and removed, so that the port mapper exists
 * (ours creates its instance on first use), and the memory in use is taken
 * once deferred work has settled.  Then for every table size N of @sizes,
 * which must ascend, @reps times, from an empty table: time the fill with N
 * mappings of the RDMA_NL_IWCM client (iwpm_create_mapinfo()) in one burst
 * (op=grow the first time at N: a table that grows, as ours does, grows from
 * the previous size's in it; op=fill after that); take the memory in use
 * over the start's, once deferred work has settled, per mapping (slab and
 * vmalloc: the entries, and whatever the table keeps for N of them); then
 * time the churn of a sample of the mappings: remove each
 * (iwpm_remove_mapinfo()) and insert it again at once, so every removal finds
 * its entry and the table stays at N.  The sample is every mapping up to
 * BENCH_SAMPLE, else BENCH_SAMPLE of them spread evenly, others in every run,
 * visited in a scrambled order: 6.12 chains each bucket newest first, and
 * the order of insertion would find every key at the end of its chain.
 * The table is then emptied, newest first, untimed.  Every loop yields the
 * CPU every BENCH_YIELD operations, the same on both kernels and the floor,
 * which does the same in the cheapest table there is.
 *
 * Two more benchmarks need a daemon, so they run when a parameter is
 * written, once one runs (tools/bench/bench-guest.sh starts iwpm-testd):
 *
 * rtt=N: the request round trip.  The daemon must have said hello on this
 * benchmark's own netlink protocol (BENCH_NETLINK_UNIT, iwpm-testd
 * --echo-unit), whose messages it sends straight back.  Register with the
 * daemon, then @reps times, N times in turn: time one echo of a message of a
 * mapping request's size (the floor: kernel -> daemon -> kernel and nothing
 * else) and one iwpm_add_and_query_mapping() of a new local address with
 * IWPM_FLAGS_NO_PORT_MAP, siw's flag, so the daemon binds no socket.
 * Then remove every mapping made (iwpm_remove_mapping()).
 *
 * replay=N: fill the table with N mappings for a daemon (re)start to replay;
 * replay=0 empties it again.  The daemon times the replay.
 *
 * reminfo=N: the daemon has sent REMOTE_INFO for mappings [0, N) (iwpm-testd
 * --remote-fill N): time iwpm_get_remote_info() of a sample of them, as for
 * the mapping table (it removes what it finds), then take the rest.  Every
 * one must be found.
 *
 * Results go to the kernel log, one line per figure:
 *   iwpm-bench: n=N rep=R op=grow|fill|churn ops=K ns=TOTAL floor_ns=TOTAL
 *   iwpm-bench: n=N rep=R op=reminfo ops=K ns=TOTAL
 *   iwpm-bench: n=N rep=R bytes_per_mapping=B
 *   iwpm-bench: rtt rep=R kind=floor|request n=N median_ns=M p99_ns=P max_ns=X
 *   iwpm-bench: replay filled n=N
 *   iwpm-bench: done | iwpm-bench: error ...
 * Mappings are IPv4 addresses of 192.0.2.128/25; no packet is sent.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hash.h>
#include <linux/in.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <rdma/iw_portmap.h>
#include <rdma/rdma_netlink.h>

static char *sizes = "";
module_param(sizes, charp, 0444);
MODULE_PARM_DESC(sizes, "table sizes, comma separated (none: do nothing)");

static unsigned int reps = 5;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "passes per table size");

#define BENCH_PORTS	60000
#define BENCH_NET	0xc0000280	/* 192.0.2.128 */
#define BENCH_MAX	(BENCH_PORTS * 100)
#define BENCH_SAMPLE	10000
#define BENCH_SCRAMBLE	10007	/* a prime above BENCH_SAMPLE */
#define BENCH_YIELD	64
#define BENCH_SETTLE_MS	20
#define BENCH_SETTLE_SAME	5
#define BENCH_SETTLE_MAX	100
#define BENCH_RTT_MAX	100000
#define BENCH_REMOTE	0xc0000202	/* 192.0.2.2 */
#define BENCH_REMOTE_PORT	7174

/* The echo protocol; unit 31 is the last netlink unit, and unused. */
#define BENCH_NETLINK_UNIT	31
#define BENCH_ECHO_HELLO	NLMSG_MIN_TYPE
#define BENCH_ECHO		(NLMSG_MIN_TYPE + 1)
#define BENCH_ECHO_BYTES	(2 * sizeof(struct sockaddr_storage))

enum bench_op { BENCH_INSERT, BENCH_REMOVE, BENCH_CHURN };

static const char * const bench_op_names[] = {
	[BENCH_INSERT] = "insert",
	[BENCH_REMOVE] = "remove",
	[BENCH_CHURN] = "churn",
};

/* Mapping @i: 192.0.2.(128 + i / 60000), port 1024 + i % 60000, mapped to
 * the next port of the same address.
 */
static void bench_addr(struct sockaddr_storage *ss, u32 i, bool mapped)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(BENCH_NET + i / BENCH_PORTS);
	sin->sin_port = htons(1024 + (i + mapped) % BENCH_PORTS);
}

static void bench_remote(struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(BENCH_REMOTE);
	sin->sin_port = htons(BENCH_REMOTE_PORT);
}

/* @op on mapping @i in the port mapper's table. */
static int bench_op(enum bench_op op, u32 i)
{
	struct sockaddr_storage local, mapped;
	int err = 0;

	bench_addr(&local, i, false);
	bench_addr(&mapped, i, true);
	if (op != BENCH_INSERT)
		err = iwpm_remove_mapinfo(&local, &mapped);
	if (!err && op != BENCH_REMOVE)
		err = iwpm_create_mapinfo(&local, &mapped, RDMA_NL_IWCM,
					  IWPM_FLAGS_NO_PORT_MAP);
	return err;
}

/* The mappings a pass works on: key(k) for k < count. */
struct bench_sample {
	u32 count;
	u32 stride;
	u32 first;
};

static void bench_sample_init(struct bench_sample *s, u32 n, unsigned int rep)
{
	s->count = min_t(u32, n, BENCH_SAMPLE);
	s->stride = n / s->count;
	s->first = rep % s->stride;
}

/* The @k-th mapping of the sample: all of them, in a scrambled order. */
static u32 bench_key(const struct bench_sample *s, u32 k)
{
	return s->first + (u32)((u64)k * BENCH_SCRAMBLE % s->count) * s->stride;
}

/* One timed pass of @op over the sample, by @fn. */
static int bench_pass(int (*fn)(enum bench_op op, u32 i), enum bench_op op,
		      const struct bench_sample *s, u64 *ns)
{
	u64 start = ktime_get_ns();
	int err;
	u32 k;

	for (k = 0; k < s->count; k++) {
		err = fn(op, bench_key(s, k));
		if (err) {
			pr_err("iwpm-bench: error %s of mapping %u: %d\n",
			       bench_op_names[op], bench_key(s, k), err);
			return err;
		}
		if (!(k % BENCH_YIELD))
			cond_resched();
	}
	*ns = ktime_get_ns() - start;
	return 0;
}

/* Remove mappings [0, @n), newest first; those already gone are skipped. */
static void bench_clear(u32 n)
{
	while (n--) {
		bench_op(BENCH_REMOVE, n);
		if (!(n % BENCH_YIELD))
			cond_resched();
	}
}

/* Mappings [0, @n) into the empty table, in one burst timed in @ns. */
static int bench_fill(u32 n, u64 *ns)
{
	u64 start = ktime_get_ns();
	int err;
	u32 i;

	for (i = 0; i < n; i++) {
		err = bench_op(BENCH_INSERT, i);
		if (err) {
			pr_err("iwpm-bench: error filling mapping %u: %d\n", i, err);
			bench_clear(i);
			return err;
		}
		if (!(i % BENCH_YIELD))
			cond_resched();
	}
	*ns = ktime_get_ns() - start;
	return 0;
}

/*
 * Bytes in slab pages (kmalloc()'s large allocations included) and in
 * vmalloc()ed pages: between them, every allocation a table makes, its
 * kvmalloc()ed bucket arrays too.
 */
static unsigned long bench_mem_bytes(void)
{
	return (global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) +
		vmalloc_nr_pages()) * PAGE_SIZE;
}

/*
 * ---- the floor: the same keys in the cheapest table there is ----
 *
 * Linear probing in one array of 8-byte slots, at most half full, no lock,
 * no allocation per entry: a lookup is one hash and, at 1,000,000 entries,
 * about one memory miss.  A slot holds the local address and port and the
 * mapped port (the benchmark maps to the same address); address 0 is empty.
 * Removal shifts the rest of the probe run back, so no tombstones build up.
 */
struct bench_slot {
	__be32 addr;
	__be16 port;
	__be16 mapped_port;
};

static struct {
	struct bench_slot *slot;
	u32 mask;
} bench_floor;

static u32 bench_floor_home(__be32 addr, __be16 port)
{
	return hash_64(((u64)(__force u32)addr << 16) | (__force u16)port, 32) &
	       bench_floor.mask;
}

/* The slot holding @sin's address and port, or the empty slot ending its run. */
static struct bench_slot *bench_floor_probe(const struct sockaddr_in *sin)
{
	u32 i = bench_floor_home(sin->sin_addr.s_addr, sin->sin_port);
	struct bench_slot *s;

	for (;; i = (i + 1) & bench_floor.mask) {
		s = &bench_floor.slot[i];
		if (!s->addr || (s->addr == sin->sin_addr.s_addr &&
				 s->port == sin->sin_port))
			return s;
	}
}

/* Empty slot @i, moving back every later entry of the run that may move. */
static void bench_floor_delete(u32 i)
{
	struct bench_slot *slot = bench_floor.slot;
	u32 mask = bench_floor.mask, j = i, home;

	for (;;) {
		slot[i].addr = 0;
		do {
			j = (j + 1) & mask;
			if (!slot[j].addr)
				return;
			home = bench_floor_home(slot[j].addr, slot[j].port);
		} while (((j - home) & mask) < ((j - i) & mask));
		slot[i] = slot[j];
		i = j;
	}
}

/* @op on mapping @i in the floor's table. */
static int bench_floor_op(enum bench_op op, u32 i)
{
	struct sockaddr_storage local, mapped;
	struct sockaddr_in *lin = (struct sockaddr_in *)&local;
	struct sockaddr_in *map_in = (struct sockaddr_in *)&mapped;
	struct bench_slot *s;

	bench_addr(&local, i, false);
	bench_addr(&mapped, i, true);
	s = bench_floor_probe(lin);
	if (op != BENCH_INSERT) {
		if (!s->addr || s->mapped_port != map_in->sin_port)
			return -ENOENT;
		bench_floor_delete(s - bench_floor.slot);
		if (op == BENCH_REMOVE)
			return 0;
		s = bench_floor_probe(lin);
	}
	if (s->addr)
		return -EEXIST;
	*s = (struct bench_slot){ lin->sin_addr.s_addr, lin->sin_port,
				  map_in->sin_port };
	return 0;
}

/* The floor's array, empty, for @n entries at most half full. */
static int bench_floor_alloc(u32 n)
{
	bench_floor.mask = roundup_pow_of_two(2 * n) - 1;
	bench_floor.slot = kvcalloc(bench_floor.mask + 1,
				    sizeof(*bench_floor.slot), GFP_KERNEL);
	return bench_floor.slot ? 0 : -ENOMEM;
}

/* As bench_fill(), in the floor's table, allocated first, untimed. */
static int bench_floor_fill(u32 n, u64 *ns)
{
	u64 start;
	int err;
	u32 i;

	err = bench_floor_alloc(n);
	start = ktime_get_ns();
	for (i = 0; i < n && !err; i++) {
		err = bench_floor_op(BENCH_INSERT, i);
		if (!(i % BENCH_YIELD))
			cond_resched();
	}
	*ns = ktime_get_ns() - start;
	if (err)
		pr_err("iwpm-bench: error filling the floor: %d\n", err);
	return err;
}

static void bench_floor_free(void)
{
	kvfree(bench_floor.slot);
	bench_floor.slot = NULL;
}

/* One churn pass by the port mapper and one by the floor, reported. */
static int bench_churn(u32 n, unsigned int rep, const struct bench_sample *s)
{
	u64 ns, floor_ns;
	int err;

	err = bench_pass(bench_op, BENCH_CHURN, s, &ns);
	if (!err)
		err = bench_pass(bench_floor_op, BENCH_CHURN, s, &floor_ns);
	if (!err)
		pr_info("iwpm-bench: n=%u rep=%u op=churn ops=%u ns=%llu floor_ns=%llu\n",
			n, rep, s->count, ns, floor_ns);
	return err;
}

/*
 * The memory in use once deferred work has settled: RCU callbacks (a freed
 * bucket array) and the work they queue, until BENCH_SETTLE_SAME readings
 * in a row, BENCH_SETTLE_MS apart, agree (a resize moving entries to a new
 * bucket array allocates nothing while it does).
 */
static unsigned long bench_mem_settled(void)
{
	unsigned long now = bench_mem_bytes(), was;
	int i, same = 0;

	for (i = 0; i < BENCH_SETTLE_MAX && same < BENCH_SETTLE_SAME; i++) {
		rcu_barrier();
		msleep(BENCH_SETTLE_MS);
		was = now;
		now = bench_mem_bytes();
		same = now == was ? same + 1 : 0;
	}
	return now;
}

/* The memory in use before the first size, with the port mapper there. */
static unsigned long bench_mem_start;

static int bench_start(void)
{
	int err = bench_op(BENCH_INSERT, 0);

	if (!err)
		err = bench_op(BENCH_REMOVE, 0);
	if (err)
		pr_err("iwpm-bench: error the first mapping: %d\n", err);
	bench_mem_start = bench_mem_settled();
	return err;
}

/* The fill of @rep at @n and the memory in use with the table full. */
static int bench_fill_rep(u32 n, unsigned int rep)
{
	u64 ns, floor_ns;
	long grown;
	int err;

	err = bench_fill(n, &ns);
	if (err)
		return err;
	grown = (long)(bench_mem_settled() - bench_mem_start);
	err = bench_floor_fill(n, &floor_ns);
	if (err)
		return err;
	if (grown < 0) {
		pr_err("iwpm-bench: error n=%u: less memory in use than at the start\n", n);
		return -EINVAL;
	}
	pr_info("iwpm-bench: n=%u rep=%u op=%s ops=%u ns=%llu floor_ns=%llu\n",
		n, rep, rep ? "fill" : "grow", n, ns, floor_ns);
	pr_info("iwpm-bench: n=%u rep=%u bytes_per_mapping=%ld\n",
		n, rep, grown / (long)n);
	return 0;
}

/* @rep at size @n, from an empty table to an empty table. */
static int bench_size_rep(u32 n, unsigned int rep)
{
	struct bench_sample s;
	int err;

	err = bench_fill_rep(n, rep);
	if (!err) {
		bench_sample_init(&s, n, rep);
		err = bench_churn(n, rep, &s);
	}
	bench_floor_free();
	bench_clear(n);
	return err;
}

static int bench_size(u32 n)
{
	unsigned int rep;
	int err = 0;

	for (rep = 0; rep < reps && !err; rep++)
		err = bench_size_rep(n, rep);
	return err;
}

/* ---- request round trip, against a bare netlink round trip ---- */

static struct {
	struct sock *sk;
	u32 portid;		/* the daemon's echo socket, once it said hello */
	u32 seq;		/* of the echo awaited */
	struct completion done;
} bench_echo;

static int bench_echo_msg(struct sk_buff *skb, struct nlmsghdr *nlh,
			  struct netlink_ext_ack *extack)
{
	if (!netlink_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	if (nlh->nlmsg_type == BENCH_ECHO_HELLO)
		WRITE_ONCE(bench_echo.portid, NETLINK_CB(skb).portid);
	else if (nlh->nlmsg_seq == READ_ONCE(bench_echo.seq))
		complete(&bench_echo.done);
	return 0;
}

static void bench_echo_input(struct sk_buff *skb)
{
	netlink_rcv_skb(skb, bench_echo_msg);
}

/* One echo through the daemon, timed from building the message on. */
static int bench_echo_once(u32 seq, u64 *ns)
{
	u64 start = ktime_get_ns();
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	int err;

	skb = nlmsg_new(BENCH_ECHO_BYTES, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	nlh = nlmsg_put(skb, 0, seq, BENCH_ECHO, BENCH_ECHO_BYTES, 0);
	memset(nlmsg_data(nlh), 0, BENCH_ECHO_BYTES);
	reinit_completion(&bench_echo.done);
	WRITE_ONCE(bench_echo.seq, seq);
	err = netlink_unicast(bench_echo.sk, skb, READ_ONCE(bench_echo.portid), 0);
	if (err < 0)
		return err;
	if (!wait_for_completion_timeout(&bench_echo.done, HZ))
		return -ETIMEDOUT;
	*ns = ktime_get_ns() - start;
	return 0;
}

/* One add-and-query request of mapping @k, timed. */
static int bench_request(u32 k, u64 *ns)
{
	struct iwpm_sa_data sa = { .flags = IWPM_FLAGS_NO_PORT_MAP };
	u64 start;
	int err;

	bench_addr(&sa.loc_addr, k, false);
	bench_remote(&sa.rem_addr);
	start = ktime_get_ns();
	err = iwpm_add_and_query_mapping(&sa, RDMA_NL_IWCM);
	*ns = ktime_get_ns() - start;
	return err;
}

static int bench_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static void bench_rtt_report(unsigned int rep, const char *kind, u32 *ns, u32 n)
{
	sort(ns, n, sizeof(*ns), bench_cmp_u32, NULL);
	pr_info("iwpm-bench: rtt rep=%u kind=%s n=%u median_ns=%u p99_ns=%u max_ns=%u\n",
		rep, kind, n, ns[n / 2], ns[(u64)n * 99 / 100], ns[n - 1]);
}

/* @n echoes and @n requests in turn, for mappings [@first, @first + @n). */
static int bench_rtt_rep(u32 first, u32 n, u32 *floor_ns, u32 *request_ns)
{
	u64 ns;
	int err;
	u32 i;

	for (i = 0; i < n; i++) {
		err = bench_echo_once(first + i, &ns);
		if (err) {
			pr_err("iwpm-bench: error echo %u: %d\n", i, err);
			return err;
		}
		floor_ns[i] = min_t(u64, ns, U32_MAX);
		err = bench_request(first + i, &ns);
		if (err) {
			pr_err("iwpm-bench: error request %u: %d\n", i, err);
			return err;
		}
		request_ns[i] = min_t(u64, ns, U32_MAX);
	}
	return 0;
}

static int bench_rtt_ready(void)
{
	struct iwpm_dev_data dev = {};
	int err;

	if (!READ_ONCE(bench_echo.portid)) {
		pr_err("iwpm-bench: error rtt: no echo peer (iwpm-testd --echo-unit %d)\n",
		       BENCH_NETLINK_UNIT);
		return -ENOTCONN;
	}
	if (!iwpm_valid_pid()) {
		pr_err("iwpm-bench: error rtt: no port mapper daemon\n");
		return -ENOTCONN;
	}
	strscpy(dev.dev_name, "iwpm_bench", sizeof(dev.dev_name));
	strscpy(dev.if_name, "lo", sizeof(dev.if_name));
	err = iwpm_register_pid(&dev, RDMA_NL_IWCM);
	if (err)
		pr_err("iwpm-bench: error rtt: registration failed: %d\n", err);
	return err;
}

static void bench_rtt_cleanup(u32 n)
{
	struct sockaddr_storage local;

	while (n--) {
		bench_addr(&local, n, false);
		iwpm_remove_mapping(&local, RDMA_NL_IWCM);
	}
}

static int bench_rtt(u32 n)
{
	u32 *floor_ns, *request_ns;
	unsigned int rep;
	int err;

	err = bench_rtt_ready();
	if (err)
		return err;
	floor_ns = kvmalloc_array(n, sizeof(*floor_ns), GFP_KERNEL);
	request_ns = kvmalloc_array(n, sizeof(*request_ns), GFP_KERNEL);
	err = floor_ns && request_ns ? 0 : -ENOMEM;
	for (rep = 0; rep < reps && !err; rep++) {
		err = bench_rtt_rep(rep * n, n, floor_ns, request_ns);
		if (!err) {
			bench_rtt_report(rep, "floor", floor_ns, n);
			bench_rtt_report(rep, "request", request_ns, n);
		}
	}
	bench_rtt_cleanup(rep * n);
	kvfree(request_ns);
	kvfree(floor_ns);
	return err;
}

static int bench_rtt_set(const char *val, const struct kernel_param *kp)
{
	u32 n;
	int err = kstrtou32(val, 0, &n);

	if (err)
		return err;
	if (!n || n > BENCH_RTT_MAX || (u64)n * reps > BENCH_MAX)
		return -ERANGE;
	return bench_rtt(n);
}

static const struct kernel_param_ops bench_rtt_ops = {
	.set = bench_rtt_set,
};

module_param_cb(rtt, &bench_rtt_ops, NULL, 0200);
MODULE_PARM_DESC(rtt, "write N: time N requests and N bare round trips, @reps times");

static int bench_echo_open(void)
{
	struct netlink_kernel_cfg cfg = { .input = bench_echo_input };

	init_completion(&bench_echo.done);
	bench_echo.sk = netlink_kernel_create(&init_net, BENCH_NETLINK_UNIT, &cfg);
	return bench_echo.sk ? 0 : -EEXIST;
}

/* ---- mappings for a restarted daemon to replay ---- */

static u32 replay_n;

static int bench_replay_set(const char *val, const struct kernel_param *kp)
{
	u32 n;
	int err = kstrtou32(val, 0, &n);
	u64 ns;

	if (err)
		return err;
	if (n > BENCH_MAX)
		return -ERANGE;
	bench_clear(replay_n);
	replay_n = 0;
	if (!n)
		return 0;
	err = bench_fill(n, &ns);
	if (err)
		return err;
	replay_n = n;
	pr_info("iwpm-bench: replay filled n=%u\n", n);
	return 0;
}

static const struct kernel_param_ops bench_replay_ops = {
	.set = bench_replay_set,
	.get = param_get_uint,
};

module_param_cb(replay, &bench_replay_ops, &replay_n, 0600);
MODULE_PARM_DESC(replay, "write N: hold N mappings for a daemon to replay; 0: none");

/* ---- the remote-info table ---- */

static int bench_reminfo_take(u32 i)
{
	struct sockaddr_storage mapped_loc, mapped_rem, remote;

	bench_addr(&mapped_loc, i, false);
	bench_remote(&mapped_rem);
	return iwpm_get_remote_info(&mapped_loc, &mapped_rem, &remote,
				    RDMA_NL_IWCM);
}

/* Take the sample's entries (timed), then the rest, newest first. */
static u32 bench_reminfo_pass(u32 n, const struct bench_sample *s, u64 *ns)
{
	u64 start = ktime_get_ns();
	u32 k, found = 0;

	for (k = 0; k < s->count; k++) {
		found += !bench_reminfo_take(bench_key(s, k));
		if (!(k % BENCH_YIELD))
			cond_resched();
	}
	*ns = ktime_get_ns() - start;
	while (n--) {
		found += !bench_reminfo_take(n);
		if (!(n % BENCH_YIELD))
			cond_resched();
	}
	return found;
}

static unsigned int reminfo_runs;

static int bench_reminfo_set(const char *val, const struct kernel_param *kp)
{
	struct bench_sample s;
	u32 n, found;
	int err = kstrtou32(val, 0, &n);
	u64 ns;

	if (err)
		return err;
	if (!n || n > BENCH_MAX)
		return -ERANGE;
	bench_sample_init(&s, n, reminfo_runs);
	found = bench_reminfo_pass(n, &s, &ns);
	if (found != n) {
		pr_err("iwpm-bench: error remote info: %u of %u entries found\n",
		       found, n);
		return -ENOENT;
	}
	pr_info("iwpm-bench: n=%u rep=%u op=reminfo ops=%u ns=%llu\n",
		n, reminfo_runs++, s.count, ns);
	return 0;
}

static const struct kernel_param_ops bench_reminfo_ops = {
	.set = bench_reminfo_set,
};

module_param_cb(reminfo, &bench_reminfo_ops, NULL, 0200);
MODULE_PARM_DESC(reminfo, "write N: take the N remote infos a daemon sent (iwpm-testd --remote-fill N)");

/* The table benchmark for every size of @list ("" for none). */
static int bench_tables(const char *list)
{
	char *copy, *cur, *tok;
	u32 n, last = 0;
	int err = 0;

	if (!*list)
		return 0;
	copy = kstrdup(list, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = copy;
	err = bench_start();
	while (!err && (tok = strsep(&cur, ","))) {
		err = kstrtou32(tok, 0, &n);
		if (!err && (n <= last || n > BENCH_MAX))
			err = -ERANGE;
		if (err)
			pr_err("iwpm-bench: error bad size '%s' (sizes ascend, up to %u)\n",
			       tok, BENCH_MAX);
		else
			err = bench_size(n);
		last = n;
	}
	kfree(copy);
	if (!err)
		pr_info("iwpm-bench: done\n");
	return err;
}

static int __init iwpm_bench_init(void)
{
	int err = bench_echo_open();

	if (err) {
		pr_err("iwpm-bench: error netlink unit %d is taken\n",
		       BENCH_NETLINK_UNIT);
		return err;
	}
	err = bench_tables(sizes);
	if (err) {
		netlink_kernel_release(bench_echo.sk);
		bench_echo.sk = NULL;
	}
	return err;
}

static void __exit iwpm_bench_exit(void)
{
	bench_clear(replay_n);
	netlink_kernel_release(bench_echo.sk);
}

late_initcall(iwpm_bench_init);
module_exit(iwpm_bench_exit);
MODULE_DESCRIPTION("iWARP port mapper table benchmark");
MODULE_LICENSE("GPL");
