// SPDX-License-Identifier: GPL-2.0
/*
 * iwpm-testd: a small port mapper daemon for loopback and fault testing.
 *
 * It speaks the daemon side of the iWARP port mapper protocol over
 * NETLINK_RDMA, maps ports for real (one bound TCP socket per mapping, held
 * until the kernel removes the mapping) and can misbehave on demand.  It is
 * a test tool, installed nowhere; rdma-core's iwpmd is the daemon users run.
 * On one host it is also the remote side's port mapper: a query for a
 * remote address it mapped for a listener is answered with that mapping.
 *
 * Every message in and out is printed as one line (none with --quiet, for
 * benchmarks); SIGUSR1 prints the mapping table (with --quiet only its
 * counts, and the median time it held a message it answered at once, and
 * an echo), SIGUSR2 sends the REMOTE_INFO messages listed in the
 * --remote-info file, SIGHUP clears every fault option, SIGTERM exits
 * cleanly.  A replay of the kernel's mappings ends in one "replay" line with
 * its duration and the messages and datagrams it took.
 *
 * With --echo-unit N it also opens a netlink socket of protocol N, says hello
 * to the kernel on it and sends every message that arrives there straight
 * back: the bare kernel -> daemon -> kernel round trip that make bench
 * (tools/bench/iwpm_bench.c) measures the port mapper's requests against.
 */

#define _GNU_SOURCE	/* ppoll() */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rdma/rdma_netlink.h>

#define ULIB_NAME	"iWarpPortMapperUser"
#define NAME_SIZE	32
#define MAX_ATTR	8
#define RX_BUF_SIZE	(64 * 1024)
#define TX_BUF_SIZE	1024
#define MAX_PENDING	4096
#define HASH_BITS	16
#define HELD_MAX	(1 << 20)

/* Messages of the --echo-unit protocol (tools/bench/iwpm_bench.c). */
#define ECHO_HELLO	NLMSG_MIN_TYPE

/* Error codes of the protocol (compat/include/rdma/iw_portmap.h). */
#define ERR_CREATE_MAPPING	11

static const char *const op_names[RDMA_NL_IWPM_NUM_OPS] = {
	"REG_PID", "ADD_MAPPING", "QUERY_MAPPING", "REMOVE_MAPPING",
	"REMOTE_INFO", "HANDLE_ERR", "MAPINFO", "MAPINFO_NUM", "HELLO",
};

struct options {
	int abi;
	int delay_ms;
	int drop_every;
	int fault_op;		/* -1: faults apply to every answer */
	int error_op;		/* -1: none */
	int error_code;
	bool wrong_seq;
	bool twice;
	long exit_after;	/* 0: never */
	bool same_port;
	bool quiet;
	int echo_unit;		/* -1: none */
	long header_pid;	/* -1: our own port id */
	long remote_fill;
	long rcvbuf;
	const char *remote_info;
};

struct mapping {
	struct mapping *next;
	int client;
	struct sockaddr_storage local;
	struct sockaddr_storage mapped;
	unsigned int flags;
	int fd;			/* -1: not mapped (NO_PORT_MAP) */
	int refs;
};

struct pending {
	long long due_ms;
	size_t len;
	char buf[TX_BUF_SIZE];
};

/* What came in since start-up, and when each client's replay began. */
struct stats {
	long messages;
	long datagrams;
	long echoes;
	long overruns;		/* ENOBUFS: the kernel dropped messages to us */
	long long replay_start_us[RDMA_NL_NUM_CLIENTS];
};

static struct options opt = {
	.abi = 4, .fault_op = -1, .error_op = -1, .echo_unit = -1,
	.header_pid = -1, .rcvbuf = 4 << 20,
};
static struct mnl_socket *nl, *echo_nl;
static struct mapping *mappings[1 << HASH_BITS];
static long nmappings;
static struct pending *queue[MAX_PENDING];
static int nqueue;
static long answers;
static long received;
static unsigned int replayed[64];
static struct stats stats;

/*
 * How long the daemon held each message it answered at once, in ns: from
 * the return of the recvfrom() that brought it to the call of the sendto()
 * of its answer, which goes on in the kernel (a kernel netlink socket takes
 * a message in the sender's sendto()): make bench's daemon share of a round
 * trip.  The first HELD_MAX of each kind are kept.
 */
struct held {
	long long *ns;
	size_t n;
};

static struct held held_answers, held_echoes;
static long long rx_ns;		/* when the datagram in hand arrived */
static volatile sig_atomic_t got_usr1, got_usr2, got_hup, got_term;
/*
 * The signals above are blocked except inside the main loop's ppoll(): one
 * that came between the loop's look at the flags and a poll() with no
 * timeout was left for the next message, which might never come (a
 * SIGTERM then left the harness's wait hanging).
 */
static sigset_t wait_mask;

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long long now_ms(void)
{
	return now_us() / 1000;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Keep @sent_ns - rx_ns in @h: @sent_ns is when the answer was sent. */
static void held_add(struct held *h, long long sent_ns)
{
	if (!h->ns)
		h->ns = malloc(HELD_MAX * sizeof(*h->ns));
	if (h->ns && h->n < HELD_MAX)
		h->ns[h->n++] = sent_ns - rx_ns;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The median of @h, sorted in place; 0 if it holds none. */
static long long held_median(struct held *h)
{
	if (!h->n)
		return 0;
	qsort(h->ns, h->n, sizeof(*h->ns), cmp_ll);
	return h->ns[h->n / 2];
}

/* A line about one message: none with --quiet. */
__attribute__((format(printf, 1, 2)))
static void note(const char *fmt, ...)
{
	va_list ap;

	if (opt.quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static const char *op_name(int op)
{
	return op >= 0 && op < RDMA_NL_IWPM_NUM_OPS ? op_names[op] : "?";
}

static const char *addr_str(const struct sockaddr_storage *ss, char *buf,
			    size_t len)
{
	const struct sockaddr_in6 *sin6 = (const void *)ss;
	const struct sockaddr_in *sin = (const void *)ss;
	char ip[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(sin->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(sin6->sin6_port));
	} else {
		snprintf(buf, len, "family%u", ss->ss_family);
	}
	return buf;
}

static int parse_addr(const char *text, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (void *)ss;
	struct sockaddr_in *sin = (void *)ss;
	char ip[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(text, ':');
	size_t n;

	memset(ss, 0, sizeof(*ss));
	if (!colon || colon == text || (size_t)(colon - text) >= sizeof(ip))
		return -1;
	n = colon - text;
	memcpy(ip, text, n);
	ip[n] = '\0';
	if (ip[0] == '[' && ip[n - 1] == ']') {
		ip[n - 1] = '\0';
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(atoi(colon + 1));
		return inet_pton(AF_INET6, ip + 1, &sin6->sin6_addr) == 1 ? 0 : -1;
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons(atoi(colon + 1));
	return inet_pton(AF_INET, ip, &sin->sin_addr) == 1 ? 0 : -1;
}

static bool same_addr(const struct sockaddr_storage *a,
		      const struct sockaddr_storage *b)
{
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		       a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a6->sin6_port == b6->sin6_port &&
	       !memcmp(&a6->sin6_addr, &b6->sin6_addr, sizeof(a6->sin6_addr));
}

/* ---- sending ---- */

/* @buf has TX_BUF_SIZE bytes; zeroed, as libmnl leaves attribute padding. */
static struct nlmsghdr *msg_start(char *buf, int client, int op, uint32_t seq)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, TX_BUF_SIZE);
	nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = RDMA_NL_GET_TYPE(client, op);
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	/*
	 * Our port id, as iwpmd writes it, unless --header-pid lies: Linux
	 * 6.12 answers the port id in the header, and 0 is its own kernel
	 * socket, which takes the answer for a request and deadlocks on its
	 * own netlink dump mutex.
	 */
	nlh->nlmsg_pid = opt.header_pid >= 0 ? (uint32_t)opt.header_pid :
					       mnl_socket_get_portid(nl);
	return nlh;
}

static void put_name(struct nlmsghdr *nlh, int type, const char *name)
{
	char pad[NAME_SIZE] = "";

	snprintf(pad, sizeof(pad), "%s", name);
	mnl_attr_put(nlh, type, sizeof(pad), pad);
}

static void put_addr(struct nlmsghdr *nlh, int type,
		     const struct sockaddr_storage *ss)
{
	mnl_attr_put(nlh, type, sizeof(*ss), ss);
}

/* Send @nlh; returns when it was sent, or -1 if it could not be. */
static long long send_now(const struct nlmsghdr *nlh)
{
	long long sent_ns = now_ns();

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0)
		return sent_ns;
	printf("out %s: send failed: %s\n",
	       op_name(RDMA_NL_GET_OP(nlh->nlmsg_type)), strerror(errno));
	return -1;
}

static void log_out(const struct nlmsghdr *nlh, const char *what)
{
	note("out %-13s client=%u seq=%u%s%s\n",
	       op_name(RDMA_NL_GET_OP(nlh->nlmsg_type)),
	       RDMA_NL_GET_CLIENT(nlh->nlmsg_type), nlh->nlmsg_seq,
	       what[0] ? " " : "", what);
}

/* Send a request of our own (never subject to the fault options). */
static void send_request(struct nlmsghdr *nlh, const char *what)
{
	log_out(nlh, what);
	send_now(nlh);
}

static bool faulty(int op)
{
	return opt.fault_op < 0 || opt.fault_op == op;
}

/* Send an answer to @op, through the fault options. */
static void send_answer(struct nlmsghdr *nlh, int op, const char *what)
{
	int copies = opt.twice && faulty(op) ? 2 : 1;
	int delay = faulty(op) ? opt.delay_ms : 0;

	answers++;
	if (faulty(op) && opt.drop_every && answers % opt.drop_every == 0) {
		log_out(nlh, "dropped (fault)");
		return;
	}
	log_out(nlh, what);
	while (copies--) {
		struct pending *p;

		if (!delay || nqueue == MAX_PENDING) {
			long long sent_ns = send_now(nlh);

			if (sent_ns >= 0)
				held_add(&held_answers, sent_ns);
			continue;
		}
		p = malloc(sizeof(*p));
		if (!p) {
			send_now(nlh);
			continue;
		}
		p->due_ms = now_ms() + delay;
		p->len = nlh->nlmsg_len;
		memcpy(p->buf, nlh, nlh->nlmsg_len);
		queue[nqueue++] = p;
	}
}

static void flush_due(bool all)
{
	long long now = now_ms();
	int i, kept = 0;

	for (i = 0; i < nqueue; i++) {
		if (all || queue[i]->due_ms <= now) {
			send_now((struct nlmsghdr *)queue[i]->buf);
			free(queue[i]);
		} else {
			queue[kept++] = queue[i];
		}
	}
	nqueue = kept;
}

static uint32_t answer_seq(int op, uint32_t seq)
{
	return opt.wrong_seq && faulty(op) ? seq + 1000 : seq;
}

static void send_error(int client, int op, uint32_t seq, int code)
{
	char buf[TX_BUF_SIZE], what[64];
	struct nlmsghdr *nlh = msg_start(buf, client, RDMA_NL_IWPM_HANDLE_ERR, 0);

	mnl_attr_put_u32(nlh, IWPM_NLA_ERR_SEQ, answer_seq(op, seq));
	mnl_attr_put_u16(nlh, IWPM_NLA_ERR_CODE, code);
	snprintf(what, sizeof(what), "for_seq=%u error=%d", seq, code);
	send_answer(nlh, op, what);
}

static bool injected_error(int client, int op, uint32_t seq)
{
	if (opt.error_op != op)
		return false;
	send_error(client, op, seq, opt.error_code);
	return true;
}

/* ---- mappings ---- */

static uint32_t fnv1a(uint32_t h, const void *data, size_t len)
{
	const unsigned char *c = data;

	while (len--)
		h = (h ^ *c++) * 16777619u;
	return h;
}

/* The hash chain that holds @client's mapping of @local, if there is one. */
static struct mapping **chain(int client, const struct sockaddr_storage *local)
{
	const struct sockaddr_in6 *sin6 = (const void *)local;
	const struct sockaddr_in *sin = (const void *)local;
	uint32_t h = fnv1a(2166136261u, &client, sizeof(client));

	if (local->ss_family == AF_INET)
		h = fnv1a(fnv1a(h, &sin->sin_port, sizeof(sin->sin_port)),
			  &sin->sin_addr, sizeof(sin->sin_addr));
	else
		h = fnv1a(fnv1a(h, &sin6->sin6_port, sizeof(sin6->sin6_port)),
			  &sin6->sin6_addr, sizeof(sin6->sin6_addr));
	return &mappings[(h ^ h >> HASH_BITS) & ((1u << HASH_BITS) - 1)];
}

static struct mapping *find_mapping(int client,
				    const struct sockaddr_storage *local)
{
	struct mapping *m;

	for (m = *chain(client, local); m; m = m->next)
		if (m->client == client && same_addr(&m->local, local))
			return m;
	return NULL;
}

/* Bind a TCP socket to @want; @want's port 0 lets the stack choose. */
static int bind_port(const struct sockaddr_storage *want,
		     struct sockaddr_storage *got)
{
	socklen_t len = sizeof(*got);
	int one = 1;
	int fd;

	fd = socket(want->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (want->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)want,
		 want->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
					      sizeof(struct sockaddr_in6)) ||
	    getsockname(fd, (struct sockaddr *)got, &len)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = port;
	else
		((struct sockaddr_in6 *)ss)->sin6_port = port;
}

/*
 * Map @local for @client; with @mapped given (a replay), claim exactly that
 * address.  Returns the mapping or NULL with errno set.
 */
static struct mapping *map_port(int client, const struct sockaddr_storage *local,
				const struct sockaddr_storage *mapped,
				unsigned int flags)
{
	struct mapping *m = find_mapping(client, local);
	struct sockaddr_storage want;
	struct mapping **head;

	if (m) {
		m->refs++;
		return m;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->client = client;
	m->local = *local;
	m->flags = flags;
	m->refs = 1;
	m->fd = -1;
	if (flags & IWPM_FLAGS_NO_PORT_MAP) {
		m->mapped = mapped ? *mapped : *local;
	} else {
		want = mapped ? *mapped : *local;
		if (!mapped && !opt.same_port)
			set_port(&want, 0);
		m->fd = bind_port(&want, &m->mapped);
		if (m->fd < 0) {
			int err = errno;

			free(m);
			errno = err;
			return NULL;
		}
	}
	head = chain(client, local);
	m->next = *head;
	*head = m;
	nmappings++;
	return m;
}

static void unmap(struct mapping *victim)
{
	struct mapping **pp;

	for (pp = chain(victim->client, &victim->local); *pp; pp = &(*pp)->next) {
		if (*pp == victim) {
			*pp = victim->next;
			if (victim->fd >= 0)
				close(victim->fd);
			free(victim);
			nmappings--;
			return;
		}
	}
}

static void print_stats(void)
{
	printf("stats: mappings=%ld messages=%ld datagrams=%ld answers=%ld echoes=%ld replayed=%u answer_held_ns=%lld echo_held_ns=%lld overruns=%ld\n",
	       nmappings, stats.messages, stats.datagrams, answers, stats.echoes,
	       replayed[RDMA_NL_IWCM], held_median(&held_answers),
	       held_median(&held_echoes), stats.overruns);
}

static void print_table(void)
{
	char a[80], b[80];
	struct mapping *m;
	size_t i;

	printf("table:\n");
	for (i = 0; i < sizeof(mappings) / sizeof(mappings[0]) && !opt.quiet; i++)
		for (m = mappings[i]; m; m = m->next)
			printf("table: client=%d local=%s mapped=%s flags=%u refs=%d\n",
			       m->client, addr_str(&m->local, a, sizeof(a)),
			       addr_str(&m->mapped, b, sizeof(b)), m->flags,
			       m->refs);
	printf("table: %ld mappings\n", nmappings);
	print_stats();
}

/* ---- receiving ---- */

struct attrs {
	const struct nlattr *tb[MAX_ATTR + 1];
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (type > 0 && type <= MAX_ATTR)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static bool get_addr(const struct attrs *a, int type,
		     struct sockaddr_storage *ss)
{
	const struct nlattr *nla = a->tb[type];

	if (!nla || mnl_attr_get_payload_len(nla) != sizeof(*ss))
		return false;
	memcpy(ss, mnl_attr_get_payload(nla), sizeof(*ss));
	return true;
}

static uint32_t get_u32(const struct attrs *a, int type)
{
	return a->tb[type] ? mnl_attr_get_u32(a->tb[type]) : 0;
}

static void on_reg_pid(int client, const struct nlmsghdr *in,
		       const struct attrs *a)
{
	const struct nlattr *dev = a->tb[IWPM_NLA_REG_IBDEV_NAME];
	char buf[TX_BUF_SIZE], what[96];
	struct nlmsghdr *nlh;
	char name[NAME_SIZE] = "";

	if (dev)
		snprintf(name, sizeof(name), "%.*s", NAME_SIZE - 1,
			 (const char *)mnl_attr_get_payload(dev));
	note("in  REG_PID       client=%d seq=%u dev=%s\n", client,
	       in->nlmsg_seq, name);
	if (injected_error(client, RDMA_NL_IWPM_REG_PID, in->nlmsg_seq))
		return;
	nlh = msg_start(buf, client, RDMA_NL_IWPM_REG_PID, 0);
	mnl_attr_put_u32(nlh, IWPM_NLA_RREG_PID_SEQ,
			 answer_seq(RDMA_NL_IWPM_REG_PID, in->nlmsg_seq));
	put_name(nlh, IWPM_NLA_RREG_IBDEV_NAME, name);
	put_name(nlh, IWPM_NLA_RREG_ULIB_NAME, ULIB_NAME);
	mnl_attr_put_u16(nlh, IWPM_NLA_RREG_ULIB_VER, opt.abi);
	mnl_attr_put_u16(nlh, IWPM_NLA_RREG_PID_ERR, 0);
	snprintf(what, sizeof(what), "dev=%s abi=%d", name, opt.abi);
	send_answer(nlh, RDMA_NL_IWPM_REG_PID, what);
}

static void on_add_mapping(int client, const struct nlmsghdr *in,
			   const struct attrs *a)
{
	char buf[TX_BUF_SIZE], what[200], l[80], m[80];
	struct sockaddr_storage local;
	unsigned int flags = get_u32(a, IWPM_NLA_MANAGE_FLAGS);
	struct nlmsghdr *nlh;
	struct mapping *map;

	if (!get_addr(a, IWPM_NLA_MANAGE_ADDR, &local)) {
		note("in  ADD_MAPPING   client=%d seq=%u malformed\n", client,
		       in->nlmsg_seq);
		return;
	}
	note("in  ADD_MAPPING   client=%d seq=%u local=%s flags=%u\n", client,
	       in->nlmsg_seq, addr_str(&local, l, sizeof(l)), flags);
	if (injected_error(client, RDMA_NL_IWPM_ADD_MAPPING, in->nlmsg_seq))
		return;
	map = map_port(client, &local, NULL, flags);
	if (!map) {
		printf("map %s: %s\n", l, strerror(errno));
		send_error(client, RDMA_NL_IWPM_ADD_MAPPING, in->nlmsg_seq,
			   ERR_CREATE_MAPPING);
		return;
	}
	nlh = msg_start(buf, client, RDMA_NL_IWPM_ADD_MAPPING, 0);
	mnl_attr_put_u32(nlh, IWPM_NLA_RMANAGE_MAPPING_SEQ,
			 answer_seq(RDMA_NL_IWPM_ADD_MAPPING, in->nlmsg_seq));
	put_addr(nlh, IWPM_NLA_RMANAGE_ADDR, &local);
	put_addr(nlh, IWPM_NLA_RMANAGE_MAPPED_LOC_ADDR, &map->mapped);
	mnl_attr_put_u16(nlh, IWPM_NLA_RMANAGE_MAPPING_ERR, 0);
	snprintf(what, sizeof(what), "local=%s mapped=%s", l,
		 addr_str(&map->mapped, m, sizeof(m)));
	send_answer(nlh, RDMA_NL_IWPM_ADD_MAPPING, what);
}

/*
 * The mapped address the remote side's port mapper would report for
 * @remote: on one host, this daemon is that port mapper, so a listener it
 * mapped (at @remote, or at the wildcard address with @remote's port)
 * answers with its mapped port; any other remote address is unmapped.
 */
static void peer_mapped(int client, const struct sockaddr_storage *remote,
			struct sockaddr_storage *out)
{
	struct sockaddr_storage any = *remote;
	struct sockaddr_in6 *any6 = (void *)&any;
	struct sockaddr_in *any4 = (void *)&any;
	struct mapping *m = find_mapping(client, remote);

	if (!m) {
		if (any.ss_family == AF_INET)
			any4->sin_addr.s_addr = htonl(INADDR_ANY);
		else
			any6->sin6_addr = in6addr_any;
		m = find_mapping(client, &any);
	}
	*out = *remote;
	/* a NO_PORT_MAP listener keeps its port; sin6_port is at sin_port */
	if (m && m->fd >= 0)
		((struct sockaddr_in *)out)->sin_port =
			((struct sockaddr_in *)&m->mapped)->sin_port;
}

static void on_query_mapping(int client, const struct nlmsghdr *in,
			     const struct attrs *a)
{
	char buf[TX_BUF_SIZE], what[300], l[80], r[80], m[80], mr[80];
	struct sockaddr_storage local, remote, mapped_remote;
	unsigned int flags = get_u32(a, IWPM_NLA_QUERY_FLAGS);
	struct nlmsghdr *nlh;
	struct mapping *map;

	if (!get_addr(a, IWPM_NLA_QUERY_LOCAL_ADDR, &local) ||
	    !get_addr(a, IWPM_NLA_QUERY_REMOTE_ADDR, &remote)) {
		note("in  QUERY_MAPPING client=%d seq=%u malformed\n", client,
		       in->nlmsg_seq);
		return;
	}
	note("in  QUERY_MAPPING client=%d seq=%u local=%s remote=%s flags=%u\n",
	       client, in->nlmsg_seq, addr_str(&local, l, sizeof(l)),
	       addr_str(&remote, r, sizeof(r)), flags);
	if (injected_error(client, RDMA_NL_IWPM_QUERY_MAPPING, in->nlmsg_seq))
		return;
	map = map_port(client, &local, NULL, flags);
	if (!map) {
		printf("map %s: %s\n", l, strerror(errno));
		send_error(client, RDMA_NL_IWPM_QUERY_MAPPING, in->nlmsg_seq,
			   ERR_CREATE_MAPPING);
		return;
	}
	nlh = msg_start(buf, client, RDMA_NL_IWPM_QUERY_MAPPING, 0);
	mnl_attr_put_u32(nlh, IWPM_NLA_RQUERY_MAPPING_SEQ,
			 answer_seq(RDMA_NL_IWPM_QUERY_MAPPING, in->nlmsg_seq));
	put_addr(nlh, IWPM_NLA_RQUERY_LOCAL_ADDR, &local);
	put_addr(nlh, IWPM_NLA_RQUERY_REMOTE_ADDR, &remote);
	put_addr(nlh, IWPM_NLA_RQUERY_MAPPED_LOC_ADDR, &map->mapped);
	peer_mapped(client, &remote, &mapped_remote);
	put_addr(nlh, IWPM_NLA_RQUERY_MAPPED_REM_ADDR, &mapped_remote);
	mnl_attr_put_u16(nlh, IWPM_NLA_RQUERY_MAPPING_ERR, 0);
	snprintf(what, sizeof(what), "local=%s mapped=%s remote=%s mapped_remote=%s",
		 l, addr_str(&map->mapped, m, sizeof(m)), r,
		 addr_str(&mapped_remote, mr, sizeof(mr)));
	send_answer(nlh, RDMA_NL_IWPM_QUERY_MAPPING, what);
}

static void on_remove_mapping(int client, const struct nlmsghdr *in,
			      const struct attrs *a)
{
	struct sockaddr_storage local;
	struct mapping *map;
	char l[80];

	if (!get_addr(a, IWPM_NLA_MANAGE_ADDR, &local)) {
		note("in  REMOVE_MAPPING client=%d seq=%u malformed\n", client,
		       in->nlmsg_seq);
		return;
	}
	map = find_mapping(client, &local);
	note("in  REMOVE_MAPPING client=%d seq=%u local=%s%s\n", client,
	       in->nlmsg_seq, addr_str(&local, l, sizeof(l)),
	       map ? "" : " (unknown mapping)");
	if (map && !--map->refs)
		unmap(map);
}

static void on_mapinfo(int client, const struct attrs *a)
{
	struct sockaddr_storage local, mapped;
	unsigned int flags = get_u32(a, IWPM_NLA_MAPINFO_FLAGS);
	char l[80], m[80];

	if (!get_addr(a, IWPM_NLA_MAPINFO_LOCAL_ADDR, &local) ||
	    !get_addr(a, IWPM_NLA_MAPINFO_MAPPED_ADDR, &mapped)) {
		note("in  MAPINFO       client=%d malformed\n", client);
		return;
	}
	note("in  MAPINFO       client=%d local=%s mapped=%s flags=%u\n", client,
	       addr_str(&local, l, sizeof(l)), addr_str(&mapped, m, sizeof(m)),
	       flags);
	if (!map_port(client, &local, &mapped, flags))
		printf("map %s: %s\n", m, strerror(errno));
	replayed[client]++;
}

static void on_mapinfo_num(int client, const struct nlmsghdr *in,
			   const struct attrs *a)
{
	uint32_t sent = get_u32(a, IWPM_NLA_MAPINFO_SEND_NUM);
	char buf[TX_BUF_SIZE], what[64];
	struct nlmsghdr *nlh;

	note("in  MAPINFO_NUM   client=%d seq=%u sent=%u received=%u\n", client,
	       in->nlmsg_seq, sent, replayed[client]);
	printf("replay client=%d sent=%u received=%u messages=%ld datagrams=%ld us=%lld\n",
	       client, sent, replayed[client], stats.messages, stats.datagrams,
	       now_us() - stats.replay_start_us[client]);
	nlh = msg_start(buf, client, RDMA_NL_IWPM_MAPINFO_NUM, 0);
	mnl_attr_put_u32(nlh, IWPM_NLA_MAPINFO_SEQ, in->nlmsg_seq);
	mnl_attr_put_u32(nlh, IWPM_NLA_MAPINFO_SEND_NUM, sent);
	mnl_attr_put_u32(nlh, IWPM_NLA_MAPINFO_ACK_NUM, replayed[client]);
	snprintf(what, sizeof(what), "sent=%u acked=%u", sent, replayed[client]);
	replayed[client] = 0;
	send_request(nlh, what);
}

static void on_message(const struct nlmsghdr *nlh)
{
	int client = RDMA_NL_GET_CLIENT(nlh->nlmsg_type);
	int op = RDMA_NL_GET_OP(nlh->nlmsg_type);
	struct attrs a = {};

	if (nlh->nlmsg_type == NLMSG_DONE)
		return;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		note("in  ERROR         seq=%u error=%d (%s)\n", e->msg.nlmsg_seq,
		       e->error, strerror(-e->error));
		return;
	}
	if (mnl_attr_parse(nlh, 0, attr_cb, &a) < 0) {
		note("in  %s: unparsable\n", op_name(op));
		return;
	}
	switch (op) {
	case RDMA_NL_IWPM_REG_PID:
		on_reg_pid(client, nlh, &a);
		break;
	case RDMA_NL_IWPM_ADD_MAPPING:
		on_add_mapping(client, nlh, &a);
		break;
	case RDMA_NL_IWPM_QUERY_MAPPING:
		on_query_mapping(client, nlh, &a);
		break;
	case RDMA_NL_IWPM_REMOVE_MAPPING:
		on_remove_mapping(client, nlh, &a);
		break;
	case RDMA_NL_IWPM_MAPINFO:
		on_mapinfo(client, &a);
		break;
	case RDMA_NL_IWPM_MAPINFO_NUM:
		on_mapinfo_num(client, nlh, &a);
		break;
	case RDMA_NL_IWPM_HELLO:
		note("in  HELLO         client=%d seq=%u abi=%u\n", client,
		       nlh->nlmsg_seq,
		       a.tb[IWPM_NLA_HELLO_ABI_VERSION] ?
		       mnl_attr_get_u16(a.tb[IWPM_NLA_HELLO_ABI_VERSION]) : 0);
		break;
	default:
		note("in  %s client=%d seq=%u (ignored)\n", op_name(op), client,
		       nlh->nlmsg_seq);
	}
}

/* ---- start-up and control ---- */

static void announce(void)
{
	char buf[TX_BUF_SIZE], what[64];
	struct nlmsghdr *nlh;
	int client;

	snprintf(what, sizeof(what), "abi=%d", opt.abi);
	for (client = RDMA_NL_IWCM; client <= RDMA_NL_C4IW; client++) {
		if (opt.abi >= 4) {
			nlh = msg_start(buf, client, RDMA_NL_IWPM_HELLO, 0);
			mnl_attr_put_u16(nlh, IWPM_NLA_HELLO_ABI_VERSION, opt.abi);
			send_request(nlh, what);
		}
		nlh = msg_start(buf, client, RDMA_NL_IWPM_MAPINFO, 0);
		put_name(nlh, IWPM_NLA_MAPINFO_ULIB_NAME, ULIB_NAME);
		mnl_attr_put_u16(nlh, IWPM_NLA_MAPINFO_ULIB_VER, opt.abi);
		stats.replay_start_us[client] = now_us();
		send_request(nlh, what);
	}
}

static int receive(char *buf);

/* Handle whatever the kernel has sent us, without waiting for more. */
static void drain(void)
{
	static char buf[RX_BUF_SIZE];
	struct pollfd pfd = { .fd = mnl_socket_get_fd(nl), .events = POLLIN };

	while (poll(&pfd, 1, 0) > 0 && !receive(buf))
		;
}

static void set_ipv4(struct sockaddr_storage *ss, uint32_t addr, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(addr);
	sin->sin_port = htons(port);
}

/*
 * --remote-fill N: REMOTE_INFO for client 2 (iw_cm) with mapped local
 * address 192.0.2.(128 + i / 60000):(1024 + i % 60000) for i < N, the
 * benchmark's keys (tools/bench/iwpm_bench.c), and 192.0.2.2:7174 as remote
 * and mapped remote address; FILL_BATCH messages per datagram, our socket
 * drained between them (Linux 6.12 answers each message, and drops what a
 * full socket cannot take).
 */
#define FILL_BATCH	32

static void send_remote_fill(void)
{
	static char batch[(FILL_BATCH + 1) * TX_BUF_SIZE];
	struct sockaddr_storage loc, rem, mapped_loc;
	size_t off = 0;
	long i;

	set_ipv4(&loc, 0xc0000201, 7174);
	set_ipv4(&rem, 0xc0000202, 7174);
	for (i = 0; i < opt.remote_fill; i++) {
		struct nlmsghdr *nlh = msg_start(batch + off, RDMA_NL_IWCM,
						 RDMA_NL_IWPM_REMOTE_INFO, 0);

		set_ipv4(&mapped_loc, 0xc0000280 + i / 60000, 1024 + i % 60000);
		mnl_attr_put_u32(nlh, IWPM_NLA_RQUERY_MAPPING_SEQ, 0);
		put_addr(nlh, IWPM_NLA_RQUERY_LOCAL_ADDR, &loc);
		put_addr(nlh, IWPM_NLA_RQUERY_REMOTE_ADDR, &rem);
		put_addr(nlh, IWPM_NLA_RQUERY_MAPPED_LOC_ADDR, &mapped_loc);
		put_addr(nlh, IWPM_NLA_RQUERY_MAPPED_REM_ADDR, &rem);
		mnl_attr_put_u16(nlh, IWPM_NLA_RQUERY_MAPPING_ERR, 0);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
		if ((i + 1) % FILL_BATCH && i + 1 < opt.remote_fill)
			continue;
		if (mnl_socket_sendto(nl, batch, off) < 0)
			printf("remote-fill: send failed: %s\n", strerror(errno));
		off = 0;
		drain();
	}
	printf("remote-fill: sent %ld\n", opt.remote_fill);
}

/* Each line: CLIENT LOCAL REMOTE MAPPED_LOCAL MAPPED_REMOTE */
static void send_remote_info(void)
{
	char line[512], l[80], r[80], ml[80], mr[80], what[400];
	struct sockaddr_storage addr[4];
	struct nlmsghdr *nlh;
	char buf[TX_BUF_SIZE];
	int client, i;
	FILE *f;

	if (opt.remote_fill) {
		send_remote_fill();
		return;
	}
	if (!opt.remote_info || !(f = fopen(opt.remote_info, "r"))) {
		printf("remote-info: no file\n");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%d %79s %79s %79s %79s", &client, l, r, ml, mr) != 5 ||
		    parse_addr(l, &addr[0]) || parse_addr(r, &addr[1]) ||
		    parse_addr(ml, &addr[2]) || parse_addr(mr, &addr[3])) {
			printf("remote-info: bad line: %s", line);
			continue;
		}
		nlh = msg_start(buf, client, RDMA_NL_IWPM_REMOTE_INFO, 0);
		mnl_attr_put_u32(nlh, IWPM_NLA_RQUERY_MAPPING_SEQ, 0);
		for (i = 0; i < 4; i++)
			put_addr(nlh, IWPM_NLA_RQUERY_LOCAL_ADDR + i, &addr[i]);
		mnl_attr_put_u16(nlh, IWPM_NLA_RQUERY_MAPPING_ERR, 0);
		snprintf(what, sizeof(what), "local=%s remote=%s mapped_local=%s mapped_remote=%s",
			 l, r, ml, mr);
		send_request(nlh, what);
	}
	fclose(f);
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else if (sig == SIGUSR2)
		got_usr2 = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
}

static void clear_faults(void)
{
	opt.delay_ms = 0;
	opt.drop_every = 0;
	opt.fault_op = -1;
	opt.error_op = -1;
	opt.wrong_seq = false;
	opt.twice = false;
	opt.exit_after = 0;
	printf("faults cleared\n");
}

static void cleanup(void)
{
	size_t i;

	for (i = 0; i < sizeof(mappings) / sizeof(mappings[0]); i++)
		while (mappings[i])
			unmap(mappings[i]);
	flush_due(true);
	while (nqueue)
		free(queue[--nqueue]);
	if (echo_nl)
		mnl_socket_close(echo_nl);
	mnl_socket_close(nl);
	free(held_answers.ns);
	free(held_echoes.ns);
}

static void handle_signals(void)
{
	if (got_usr1) {
		got_usr1 = 0;
		print_table();
	}
	if (got_usr2) {
		got_usr2 = 0;
		send_remote_info();
	}
	if (got_hup) {
		got_hup = 0;
		clear_faults();
		flush_due(true);
	}
}

static int receive(char *buf)
{
	const struct nlmsghdr *nlh;
	int len = mnl_socket_recvfrom(nl, buf, RX_BUF_SIZE);

	rx_ns = now_ns();
	if (len < 0 && errno == ENOBUFS) {
		/* the kernel found our socket full and dropped what it sent */
		stats.overruns++;
		return 0;
	}
	if (len < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	stats.datagrams++;
	for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		stats.messages++;
		on_message(nlh);
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE && opt.exit_after &&
		    ++received >= opt.exit_after) {
			printf("exiting after %ld messages (fault)\n", received);
			fflush(stdout);
			_exit(3);
		}
	}
	return 0;
}

/* Send every message of the echo socket back as it came. */
static int echo(char *buf)
{
	struct nlmsghdr *nlh;
	int len = mnl_socket_recvfrom(echo_nl, buf, RX_BUF_SIZE);

	rx_ns = now_ns();
	if (len < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		long long sent_ns = now_ns();

		nlh->nlmsg_flags = NLM_F_REQUEST;
		nlh->nlmsg_pid = 0;
		if (mnl_socket_sendto(echo_nl, nlh, nlh->nlmsg_len) < 0) {
			printf("echo: send failed: %s\n", strerror(errno));
			continue;
		}
		stats.echoes++;
		held_add(&held_echoes, sent_ns);
	}
	return 0;
}

/* Open the --echo-unit socket and tell the kernel's end where it is. */
static int echo_open(void)
{
	char buf[TX_BUF_SIZE] = "";
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	echo_nl = mnl_socket_open(opt.echo_unit);
	if (!echo_nl || mnl_socket_bind(echo_nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "iwpm-testd: netlink protocol %d: %s\n",
			opt.echo_unit, strerror(errno));
		return -1;
	}
	nlh->nlmsg_type = ECHO_HELLO;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	if (mnl_socket_sendto(echo_nl, nlh, nlh->nlmsg_len) < 0) {
		fprintf(stderr, "iwpm-testd: hello on netlink protocol %d: %s\n",
			opt.echo_unit, strerror(errno));
		return -1;
	}
	return 0;
}

static int next_timeout(void)
{
	long long first = -1, now = now_ms();
	int i;

	for (i = 0; i < nqueue; i++)
		if (first < 0 || queue[i]->due_ms < first)
			first = queue[i]->due_ms;
	if (first < 0)
		return -1;
	return first > now ? (int)(first - now) : 0;
}

static int run(void)
{
	static char buf[RX_BUF_SIZE];
	struct pollfd pfd[2] = {
		{ .fd = mnl_socket_get_fd(nl), .events = POLLIN },
		{ .fd = echo_nl ? mnl_socket_get_fd(echo_nl) : -1, .events = POLLIN },
	};

	while (!got_term) {
		int ms = next_timeout();
		struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
		int n = ppoll(pfd, 2, ms < 0 ? NULL : &ts, &wait_mask);

		handle_signals();
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0 && (pfd[1].revents & POLLIN) && echo(buf))
			return -1;
		if (n > 0 && (pfd[0].revents & POLLIN) && receive(buf))
			return -1;
		flush_due(false);
		fflush(stdout);
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: iwpm-testd [options]\n"
		"  --abi 3|4           ABI version to speak (default 4; 3: no HELLO, no flags)\n"
		"  --same-port         map a port to itself instead of the stack's choice\n"
		"  --delay MS          delay every answer by MS milliseconds\n"
		"  --drop N            drop every Nth answer\n"
		"  --error OP=CODE     answer OP (reg|add|query) with HANDLE_ERR CODE\n"
		"  --wrong-seq         answer with a wrong sequence number\n"
		"  --twice             send every answer twice\n"
		"  --exit-after N      exit (status 3) after N messages from the kernel\n"
		"  --fault-op OP       apply delay, drop, wrong-seq and twice to OP only\n"
		"  --remote-info FILE  on SIGUSR2 send REMOTE_INFO for each line of FILE:\n"
		"                      CLIENT LOCAL REMOTE MAPPED_LOCAL MAPPED_REMOTE\n"
		"  --quiet             no line per message; USR1 prints counts only\n"
		"  --echo-unit N       echo whatever arrives on netlink protocol N\n"
		"  --rcvbuf BYTES      the socket's receive buffer (default 4 MB)\n"
		"  --header-pid N      write N, not our port id, as nlmsg_pid (fault)\n"
		"  --remote-fill N     on SIGUSR2 send N benchmark REMOTE_INFOs instead\n"
		"Signals: USR1 prints the table, USR2 sends remote info, HUP clears faults,\n"
		"TERM and INT exit.\n");
}

/* "reg", "add" or "query" (the first @len characters of @arg) as an op. */
static int parse_op(const char *arg, size_t len)
{
	static const char *const ops[] = { "reg", "add", "query" };
	int i;

	for (i = 0; i < 3; i++)
		if (strlen(ops[i]) == len && !strncmp(arg, ops[i], len))
			return i;	/* REG_PID, ADD_MAPPING, QUERY_MAPPING */
	return -1;
}

static int parse_error_opt(const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (!eq)
		return -1;
	opt.error_op = parse_op(arg, eq - arg);
	opt.error_code = atoi(eq + 1);
	return opt.error_op >= 0 && opt.error_code > 0 ? 0 : -1;
}

static long number(const char *arg, const char *name, long min, long max)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "iwpm-testd: %s wants a number from %ld to %ld, not '%s'\n",
			name, min, max, arg);
		exit(2);
	}
	return v;
}

static void parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "abi", required_argument, NULL, 'a' },
		{ "same-port", no_argument, NULL, 's' },
		{ "delay", required_argument, NULL, 'd' },
		{ "drop", required_argument, NULL, 'D' },
		{ "error", required_argument, NULL, 'e' },
		{ "wrong-seq", no_argument, NULL, 'w' },
		{ "twice", no_argument, NULL, 't' },
		{ "exit-after", required_argument, NULL, 'x' },
		{ "fault-op", required_argument, NULL, 'f' },
		{ "remote-info", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "echo-unit", required_argument, NULL, 'u' },
		{ "header-pid", required_argument, NULL, 'p' },
		{ "remote-fill", required_argument, NULL, 'R' },
		{ "rcvbuf", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			opt.abi = number(optarg, "--abi", 3, 4);
			break;
		case 's':
			opt.same_port = true;
			break;
		case 'd':
			opt.delay_ms = number(optarg, "--delay", 0, 3600000);
			break;
		case 'D':
			opt.drop_every = number(optarg, "--drop", 1, 1000000);
			break;
		case 'e':
			if (parse_error_opt(optarg)) {
				fprintf(stderr, "iwpm-testd: --error wants reg|add|query=CODE, not '%s'\n",
					optarg);
				exit(2);
			}
			break;
		case 'w':
			opt.wrong_seq = true;
			break;
		case 't':
			opt.twice = true;
			break;
		case 'x':
			opt.exit_after = number(optarg, "--exit-after", 1, 1000000000);
			break;
		case 'r':
			opt.remote_info = optarg;
			break;
		case 'q':
			opt.quiet = true;
			break;
		case 'u':
			opt.echo_unit = number(optarg, "--echo-unit", 0, 31);
			break;
		case 'b':
			opt.rcvbuf = number(optarg, "--rcvbuf", 4096, 1 << 30);
			break;
		case 'p':
			opt.header_pid = number(optarg, "--header-pid", 0, UINT32_MAX);
			break;
		case 'R':
			opt.remote_fill = number(optarg, "--remote-fill", 1, 6000000);
			break;
		case 'f':
			opt.fault_op = parse_op(optarg, strlen(optarg));
			if (opt.fault_op < 0) {
				fprintf(stderr, "iwpm-testd: --fault-op wants reg|add|query, not '%s'\n",
					optarg);
				exit(2);
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iwpm-testd: unexpected argument '%s'\n", argv[optind]);
		exit(2);
	}
}

/* block_signals: the handled signals reach the process only in ppoll() */
static void block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &wait_mask);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int rcvbuf;
	int err;

	parse_options(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	block_signals();

	nl = mnl_socket_open(NETLINK_RDMA);
	if (!nl) {
		fprintf(stderr, "iwpm-testd: NETLINK_RDMA socket: %s\n", strerror(errno));
		return 1;
	}
	rcvbuf = opt.rcvbuf;
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		   sizeof(rcvbuf));
	if (mnl_socket_bind(nl, 1 << (RDMA_NL_GROUP_IWPM - 1), MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "iwpm-testd: joining the port mapper group: %s\n",
			strerror(errno));
		mnl_socket_close(nl);
		return 1;
	}
	if (opt.echo_unit >= 0 && echo_open()) {
		cleanup();
		return 1;
	}
	announce();
	printf("iwpm-testd: ready portid=%u abi=%d\n", mnl_socket_get_portid(nl), opt.abi);
	err = run();
	if (err)
		fprintf(stderr, "iwpm-testd: %s\n", strerror(errno));
	print_stats();
	cleanup();
	printf("iwpm-testd: exit\n");
	return err ? 1 : 0;
}
