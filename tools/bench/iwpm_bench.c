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
 * Results go to the kernel log, one line per figure:
 *   iwpm-bench: n=N rep=R op=lookup|remove|insert ops=K ns=TOTAL
 *   iwpm-bench: n=N bytes_per_mapping=B
 *   iwpm-bench: done | iwpm-bench: error ...
 * Keys are IPv4 addresses of 192.0.2.128/25; no packet is sent.
 */

#include <linux/in.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/vmstat.h>
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

static int bench_op(enum bench_op op, u32 i)
{
	struct sockaddr_storage local, mapped;

	bench_addr(&local, i, false, false);
	bench_addr(&mapped, i, true, op == BENCH_LOOKUP);
	switch (op) {
	case BENCH_INSERT:
		return iwpm_create_mapinfo(&local, &mapped, RDMA_NL_IWCM, 0);
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

/* One timed pass of @op over the sample. */
static int bench_pass(enum bench_op op, const struct bench_sample *s, u64 *ns)
{
	u64 start = ktime_get_ns();
	int err;
	u32 k;

	for (k = 0; k < s->count; k++) {
		err = bench_op(op, bench_key(s, k));
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

static const enum bench_op bench_order[] = {
	BENCH_LOOKUP, BENCH_REMOVE, BENCH_INSERT,
};

static int bench_size(u32 n)
{
	unsigned long slab_before = bench_slab_bytes();
	struct bench_sample s;
	unsigned int rep, i;
	int err;
	u64 ns;

	err = bench_fill(n);
	if (err)
		return err;
	pr_info("iwpm-bench: n=%u bytes_per_mapping=%ld\n",
		n, (long)(bench_slab_bytes() - slab_before) / n);
	for (rep = 0; rep < reps && !err; rep++) {
		bench_sample_init(&s, n, rep);
		for (i = 0; i < ARRAY_SIZE(bench_order) && !err; i++) {
			err = bench_pass(bench_order[i], &s, &ns);
			if (!err)
				pr_info("iwpm-bench: n=%u rep=%u op=%s ops=%u ns=%llu\n",
					n, rep, bench_op_names[bench_order[i]],
					s.count, ns);
		}
	}
	bench_clear(n);
	return err;
}

static int __init iwpm_bench_init(void)
{
	char *list, *cur, *tok;
	int err = 0;
	u32 n;

	if (!*sizes)
		return 0;
	list = kstrdup(sizes, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while (!err && (tok = strsep(&cur, ","))) {
		err = kstrtou32(tok, 0, &n);
		if (!err && (!n || n > BENCH_MAX))
			err = -ERANGE;
		if (err)
			pr_err("iwpm-bench: error bad size '%s'\n", tok);
		else
			err = bench_size(n);
	}
	kfree(list);
	if (!err)
		pr_info("iwpm-bench: done\n");
	return err;
}

static void __exit iwpm_bench_exit(void)
{
}

late_initcall(iwpm_bench_init);
module_exit(iwpm_bench_exit);
MODULE_DESCRIPTION("iWARP port mapper table benchmark");
MODULE_LICENSE("GPL");
