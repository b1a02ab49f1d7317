// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping-table benchmark of a kernel's iWARP port mapper, through the
 * driver API of <rdma/iw_portmap.h> only, so that the same source runs on
 * Linux 6.12's port mapper and on this project's.  make bench builds it
 * into both kernels (6.12 exports none of that API; it is iw_cm's own);
 * make check also loads it as a module, which the series' exports allow.
 * It runs once iw_cm is up (late_initcall), and only if @sizes is given:
 * iwpm_bench.sizes= on the command line, or sizes= to insmod.
 *
 * For every table size N of @sizes: fill the table with N mappings of the
 * RDMA_NL_IWCM client (iwpm_create_mapinfo()), then @reps times time three
 * passes over a sample of them: look each up, remove each
 * (iwpm_remove_mapinfo()), insert each again, so every operation is timed
 * at a table of about N.  The sample is every mapping up to BENCH_SAMPLE,
 * else BENCH_SAMPLE of them spread evenly, others in every run.  6.12
 * exports no lookup that leaves the table alone, so a lookup is a removal
 * of the right local address with a mapped address nobody has: the search
 * runs in full and finds nothing to remove.  Memory is the growth of slab
 * memory over the fill (a vmalloc()ed hash bucket array is not in it).
 * The table is emptied newest first, which no hash list makes slow.
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
 *   iwpm-bench: n=N rep=R op=lookup|remove|insert|reminfo ops=K ns=TOTAL
 *   iwpm-bench: n=N bytes_per_mapping=B
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
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/string.h>
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
#define BENCH_SETTLE_MS	20
#define BENCH_RTT_MAX	100000
#define BENCH_REMOTE	0xc0000202	/* 192.0.2.2 */
#define BENCH_REMOTE_PORT	7174

/* The echo protocol; unit 31 is the last netlink unit, and unused. */
#define BENCH_NETLINK_UNIT	31
#define BENCH_ECHO_HELLO	NLMSG_MIN_TYPE
#define BENCH_ECHO		(NLMSG_MIN_TYPE + 1)
#define BENCH_ECHO_BYTES	(2 * sizeof(struct sockaddr_storage))

enum bench_op { BENCH_INSERT, BENCH_LOOKUP, BENCH_REMOVE };

static const char * const bench_op_names[] = {
	[BENCH_INSERT] = "insert",
	[BENCH_LOOKUP] = "lookup",
	[BENCH_REMOVE] = "remove",
};

/* Mapping @i: 192.0.2.(128 + i / 60000), port 1024 + i % 60000, mapped to
 * the next port of the same address; port 1 is never anybody's mapping.
 */
static void bench_addr(struct sockaddr_storage *ss, u32 i, bool mapped,
		       bool stranger)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	u32 port = 1024 + (i + mapped) % BENCH_PORTS;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(BENCH_NET + i / BENCH_PORTS);
	sin->sin_port = htons(stranger ? 1 : port);
}

static void bench_remote(struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(BENCH_REMOTE);
	sin->sin_port = htons(BENCH_REMOTE_PORT);
}

/* The addresses @op works on for mapping @i: a lookup's are nobody's. */
static void bench_op_addrs(enum bench_op op, u32 i,
			   struct sockaddr_storage *local,
			   struct sockaddr_storage *mapped)
{
	bench_addr(local, i, false, false);
	bench_addr(mapped, i, true, op == BENCH_LOOKUP);
}

static int bench_op(enum bench_op op, u32 i)
{
	struct sockaddr_storage local, mapped;

	bench_op_addrs(op, i, &local, &mapped);
	switch (op) {
	case BENCH_INSERT:
		return iwpm_create_mapinfo(&local, &mapped, RDMA_NL_IWCM,
					   IWPM_FLAGS_NO_PORT_MAP);
	case BENCH_LOOKUP:
		return iwpm_remove_mapinfo(&local, &mapped) ? 0 : -EEXIST;
	default:
		return iwpm_remove_mapinfo(&local, &mapped);
	}
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

static u32 bench_key(const struct bench_sample *s, u32 k)
{
	return s->first + k * s->stride;
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
		if (!(k % 1024))
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
		if (!(n % 1024))
			cond_resched();
	}
}

static int bench_fill(u32 n)
{
	int err;
	u32 i;

	for (i = 0; i < n; i++) {
		err = bench_op(BENCH_INSERT, i);
		if (err) {
			pr_err("iwpm-bench: error filling mapping %u: %d\n", i, err);
			bench_clear(i);
			return err;
		}
		if (!(i % 1024))
			cond_resched();
	}
	return 0;
}

/* Bytes in slab pages, kmalloc()'s large allocations included. */
static unsigned long bench_slab_bytes(void)
{
	return global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) *
	       PAGE_SIZE;
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

static int bench_floor_op(enum bench_op op, u32 i)
{
	struct sockaddr_storage local, mapped;
	struct sockaddr_in *lin = (struct sockaddr_in *)&local;
	struct sockaddr_in *min = (struct sockaddr_in *)&mapped;
	struct bench_slot *s;

	bench_op_addrs(op, i, &local, &mapped);
	s = bench_floor_probe(lin);
	if (op == BENCH_INSERT) {
		if (s->addr)
			return -EEXIST;
		*s = (struct bench_slot){ lin->sin_addr.s_addr, lin->sin_port,
					  min->sin_port };
		return 0;
	}
	if (!s->addr || s->mapped_port != min->sin_port)
		return op == BENCH_LOOKUP ? 0 : -ENOENT;
	if (op == BENCH_LOOKUP)
		return -EEXIST;
	bench_floor_delete(s - bench_floor.slot);
	return 0;
}

static int bench_floor_fill(u32 n)
{
	int err = 0;
	u32 i;

	bench_floor.mask = roundup_pow_of_two(2 * n) - 1;
	bench_floor.slot = kvcalloc(bench_floor.mask + 1,
				    sizeof(*bench_floor.slot), GFP_KERNEL);
	if (!bench_floor.slot)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++)
		err = bench_floor_op(BENCH_INSERT, i);
	return err;
}

static void bench_floor_free(void)
{
	kvfree(bench_floor.slot);
	bench_floor.slot = NULL;
}

static const enum bench_op bench_order[] = {
	BENCH_LOOKUP, BENCH_REMOVE, BENCH_INSERT,
};

/* One pass of @op by the port mapper and one by the floor, reported. */
static int bench_pair(u32 n, unsigned int rep, enum bench_op op,
		      const struct bench_sample *s)
{
	u64 ns, floor_ns;
	int err;

	err = bench_pass(bench_op, op, s, &ns);
	if (!err)
		err = bench_pass(bench_floor_op, op, s, &floor_ns);
	if (!err)
		pr_info("iwpm-bench: n=%u rep=%u op=%s ops=%u ns=%llu floor_ns=%llu\n",
			n, rep, bench_op_names[op], s->count, ns, floor_ns);
	return err;
}

static int bench_size(u32 n)
{
	unsigned long slab_before = bench_slab_bytes();
	struct bench_sample s;
	unsigned int rep, i;
	int err;

	err = bench_fill(n);
	if (err)
		return err;
	msleep(BENCH_SETTLE_MS);	/* deferred work of the fill: a resize */
	pr_info("iwpm-bench: n=%u bytes_per_mapping=%ld\n",
		n, (long)(bench_slab_bytes() - slab_before) / n);
	err = bench_floor_fill(n);
	if (err)
		pr_err("iwpm-bench: error filling the floor: %d\n", err);
	for (rep = 0; rep < reps && !err; rep++) {
		bench_sample_init(&s, n, rep);
		for (i = 0; i < ARRAY_SIZE(bench_order) && !err; i++)
			err = bench_pair(n, rep, bench_order[i], &s);
	}
	bench_floor_free();
	bench_clear(n);
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

	bench_addr(&sa.loc_addr, k, false, false);
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
		bench_addr(&local, n, false, false);
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

	if (err)
		return err;
	if (n > BENCH_MAX)
		return -ERANGE;
	bench_clear(replay_n);
	replay_n = 0;
	if (!n)
		return 0;
	err = bench_fill(n);
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

	bench_addr(&mapped_loc, i, false, false);
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
		if (!(k % 1024))
			cond_resched();
	}
	*ns = ktime_get_ns() - start;
	while (n--) {
		found += !bench_reminfo_take(n);
		if (!(n % 1024))
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
	int err = 0;
	u32 n;

	if (!*list)
		return 0;
	copy = kstrdup(list, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = copy;
	while (!err && (tok = strsep(&cur, ","))) {
		err = kstrtou32(tok, 0, &n);
		if (!err && (!n || n > BENCH_MAX))
			err = -ERANGE;
		if (err)
			pr_err("iwpm-bench: error bad size '%s'\n", tok);
		else
			err = bench_size(n);
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
	if (err)
		netlink_kernel_release(bench_echo.sk);
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
