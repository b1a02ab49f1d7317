// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Out-of-tree only: the driver API's instances as the module builds them.
 *
 * iwpm_table.c and iwpm_api.c are compiled here, not on their own, so that
 * what the module adds sees the tables and the instance without the in-tree
 * files offering them to anybody: the
 * request timeout as a module parameter, the debugfs view, the record of
 * the messages taken, the refusal of messages while no driver uses the
 * port mapper, and the exports iwsim.ko and iwpm_kunit.ko link against
 * (in-tree, iw_cm and the KUnit suites are one module with it).
 */

#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <kunit/visibility.h>

#include "iwpm_compat.h"
#include "iwpm_trace.h"

static unsigned int timeout_ms = IWPM_DEFAULT_TIMEOUT_MS;
module_param(timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms, "How long a request waits for the daemon (ms)");

/* Every instance, the global one included, starts with this timeout. */
#undef IWPM_DEFAULT_TIMEOUT_MS
#define IWPM_DEFAULT_TIMEOUT_MS	timeout_ms

#include "../drivers/infiniband/core/iwpm_table.c"
#include "../drivers/infiniband/core/iwpm_api.c"

static const char *const iwpm_reg_names[] = {
	[IWPM_REG_UNDEF] = "unregistered",
	[IWPM_REG_INCOMPL] = "incomplete",
	[IWPM_REG_VALID] = "registered",
};

static void iwpm_show_client(struct seq_file *m, u8 i, struct iwpm_client *c)
{
	struct sockaddr_storage a, b, r;
	struct iwpm_mapinfo *mi;
	struct iwpm_reminfo *ri;

	seq_printf(m, "client %u: users=%u %s mappings=%u reminfos=%u\n", i,
		   c->users, iwpm_reg_names[c->reg], c->nr_mappings,
		   c->nr_reminfos);
	list_for_each_entry(mi, &c->mappings, link) {
		iwpm_addr_to_sockaddr(&a, &mi->local, mi->local_scope);
		iwpm_addr_to_sockaddr(&b, &mi->mapped, mi->mapped_scope);
		seq_printf(m, "mapping: client=%u local=%pISpc mapped=%pISpc flags=%u refs=%u\n",
			   i, &a, &b, mi->flags, mi->refs);
	}
	list_for_each_entry(ri, &c->reminfos, link) {
		iwpm_addr_to_sockaddr(&a, &ri->key.mapped_loc, 0);
		iwpm_addr_to_sockaddr(&b, &ri->key.mapped_rem, 0);
		iwpm_addr_to_sockaddr(&r, &ri->remote, ri->remote_scope);
		seq_printf(m, "reminfo: client=%u mapped_local=%pISpc mapped_remote=%pISpc remote=%pISpc\n",
			   i, &a, &b, &r);
	}
}

static void iwpm_show_requests(struct seq_file *m, struct iwpm *pm)
{
	struct iwpm_request *req;
	unsigned long seq;

	xa_lock(&pm->requests);
	xa_for_each(&pm->requests, seq, req)
		seq_printf(m, "request: seq=%u client=%u op=%u\n", req->seq,
			   req->client, req->op);
	xa_unlock(&pm->requests);
}

/**
 * iwpm_show() - print the state of a port mapper
 * @m: where to
 * @pm: port mapper
 *
 * One "key: value" line per item: the daemon, each client with its
 * mappings and remote-info entries, the requests and the counters.
 */
void iwpm_show(struct seq_file *m, struct iwpm *pm)
{
	struct iwpm_stats *s = &pm->stats;
	u8 i;

	spin_lock_bh(&pm->lock);
	seq_printf(m, "daemon: portid=%u known=%d gone=%d abi=%u echo_seq=%u\n",
		   pm->daemon.portid, pm->daemon.known, pm->daemon.gone,
		   pm->daemon.abi, pm->daemon.echo_seq);
	for (i = 0; i < RDMA_NL_NUM_CLIENTS; i++)
		if (iwpm_client_valid(i))
			iwpm_show_client(m, i, &pm->clients[i]);
	spin_unlock_bh(&pm->lock);
	seq_printf(m, "requests: pending=%u live=%d\n", iwpm_requests_pending(pm),
		   atomic_read(&pm->live_requests));
	iwpm_show_requests(m, pm);
	seq_printf(m, "stats: sent=%ld send_errors=%ld answered=%ld timeouts=%ld daemon_errors=%ld stale=%ld rejected=%ld unauthorized=%ld replays=%ld replay_mismatch=%ld reminfo_expired=%ld reminfo_refused=%ld\n",
		   atomic_long_read(&s->sent), atomic_long_read(&s->send_errors),
		   atomic_long_read(&s->answered), atomic_long_read(&s->timeouts),
		   atomic_long_read(&s->daemon_errors), atomic_long_read(&s->stale),
		   atomic_long_read(&s->rejected), atomic_long_read(&s->unauthorized),
		   atomic_long_read(&s->replays), atomic_long_read(&s->replay_mismatch),
		   atomic_long_read(&s->reminfo_expired),
		   atomic_long_read(&s->reminfo_refused));
}

/**
 * iwpm_net_show() - print the state of a namespace's port mapper
 * @m: where to
 * @net: network namespace
 *
 * The number of users, then, if @net's port mapper was ever used, its
 * state (iwpm_show()).
 */
void iwpm_net_show(struct seq_file *m, struct net *net)
{
	struct iwpm *pm;

	down_read(&iwpm_users_lock);
	seq_printf(m, "users: %u\n", iwpm_users);
	pm = iwpm_users ? iwpm_find(net) : NULL;
	if (pm)
		iwpm_show(m, pm);
	up_read(&iwpm_users_lock);
}

/*
 * The module's callbacks run while no driver uses the port mapper, and then
 * there is no port mapper to take anything; a daemon's HELLO is not
 * answered with an error.
 */
static int iwpm_rx_unused(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	if (!iwpm_pm_may_speak(NULL, skb, nlh))
		return -EPERM;
	if (RDMA_NL_GET_OP(nlh->nlmsg_type) != RDMA_NL_IWPM_HELLO)
		return -ENODEV;
	return 0;
}

/**
 * iwpm_rx_recorded() - take a daemon message, and record it
 * @skb: the skb it came in
 * @nlh: the message
 * @extack: where to explain a rejection
 *
 * What a sender who may speak for the port mapper sends is recorded (if
 * the record is enabled) before it is taken; a refused sender leaves no
 * trace, as in-tree, where the tracepoint fires after the same check.
 * Without a user, the message is refused as iwpm_rx_unused() says.
 *
 * Return: as iwpm_hello_cb(), or -ENODEV without a user.
 */
int iwpm_rx_recorded(struct sk_buff *skb, struct nlmsghdr *nlh,
		     struct netlink_ext_ack *extack)
{
	struct net *net = sock_net(skb->sk);
	int err;

	down_read(&iwpm_users_lock);
	if (!iwpm_users) {
		err = iwpm_rx_unused(skb, nlh);
		goto out;
	}
	if (READ_ONCE(iwpm_record_enabled) &&
	    iwpm_pm_may_speak(iwpm_find(net), skb, nlh))
		iwpm_record(false, net, NETLINK_CB(skb).portid, nlh,
			    nlh->nlmsg_len);
	err = iwpm_rx(skb, nlh, extack);
out:
	up_read(&iwpm_users_lock);
	return err;
}

/* The driver API, for iwsim.ko and any out-of-tree iWARP driver. */
EXPORT_SYMBOL_GPL(iwpm_init);
EXPORT_SYMBOL_GPL(iwpm_exit);
EXPORT_SYMBOL_GPL(iwpm_valid_pid_net);
EXPORT_SYMBOL_GPL(iwpm_register_pid_net);
EXPORT_SYMBOL_GPL(iwpm_add_mapping_net);
EXPORT_SYMBOL_GPL(iwpm_add_and_query_mapping_net);
EXPORT_SYMBOL_GPL(iwpm_remove_mapping_net);
EXPORT_SYMBOL_GPL(iwpm_create_mapinfo_net);
EXPORT_SYMBOL_GPL(iwpm_remove_mapinfo_net);
EXPORT_SYMBOL_GPL(iwpm_get_remote_info_net);
EXPORT_SYMBOL_GPL(iwpm_register_pid_cb);
EXPORT_SYMBOL_GPL(iwpm_add_mapping_cb);
EXPORT_SYMBOL_GPL(iwpm_add_and_query_mapping_cb);
EXPORT_SYMBOL_GPL(iwpm_remote_info_cb);
EXPORT_SYMBOL_GPL(iwpm_mapping_error_cb);
EXPORT_SYMBOL_GPL(iwpm_mapping_info_cb);
EXPORT_SYMBOL_GPL(iwpm_ack_mapping_info_cb);
EXPORT_SYMBOL_GPL(iwpm_hello_cb);

/* iwpm_tx.c defines it; iwpm_kunit.ko probes it, where tracepoints exist. */
EXPORT_TRACEPOINT_SYMBOL_GPL(iwpm_msg);

/* What the KUnit suites of iwpm_kunit.ko drive directly. */
EXPORT_SYMBOL_IF_KUNIT(iwpm_setup);
EXPORT_SYMBOL_IF_KUNIT(iwpm_teardown);
EXPORT_SYMBOL_IF_KUNIT(iwpm_addr_from_sockaddr);
EXPORT_SYMBOL_IF_KUNIT(iwpm_sockaddr_scope);
EXPORT_SYMBOL_IF_KUNIT(iwpm_addr_to_sockaddr);
EXPORT_SYMBOL_IF_KUNIT(iwpm_client_valid);
EXPORT_SYMBOL_IF_KUNIT(iwpm_client_in_use);
EXPORT_SYMBOL_IF_KUNIT(iwpm_client_get);
EXPORT_SYMBOL_IF_KUNIT(iwpm_client_put);
EXPORT_SYMBOL_IF_KUNIT(iwpm_tables_init);
EXPORT_SYMBOL_IF_KUNIT(iwpm_tables_close);
EXPORT_SYMBOL_IF_KUNIT(iwpm_tables_destroy);
EXPORT_SYMBOL_IF_KUNIT(iwpm_mapinfo_add);
EXPORT_SYMBOL_IF_KUNIT(iwpm_mapinfo_del);
EXPORT_SYMBOL_IF_KUNIT(iwpm_mapinfo_find);
EXPORT_SYMBOL_IF_KUNIT(iwpm_mapinfo_live);
EXPORT_SYMBOL_IF_KUNIT(iwpm_mapinfo_count);
EXPORT_SYMBOL_IF_KUNIT(iwpm_mapinfo_snapshot);
EXPORT_SYMBOL_IF_KUNIT(iwpm_reminfo_add);
EXPORT_SYMBOL_IF_KUNIT(iwpm_reminfo_take);
EXPORT_SYMBOL_IF_KUNIT(iwpm_reminfo_count);
EXPORT_SYMBOL_IF_KUNIT(iwpm_request_new);
EXPORT_SYMBOL_IF_KUNIT(iwpm_request_claim);
EXPORT_SYMBOL_IF_KUNIT(iwpm_request_put);
EXPORT_SYMBOL_IF_KUNIT(iwpm_request_complete);
EXPORT_SYMBOL_IF_KUNIT(iwpm_request_cancel);
EXPORT_SYMBOL_IF_KUNIT(iwpm_request_wait);
EXPORT_SYMBOL_IF_KUNIT(iwpm_requests_pending);
EXPORT_SYMBOL_IF_KUNIT(iwpm_requests_fail);
EXPORT_SYMBOL_IF_KUNIT(iwpm_errno_from_daemon);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_register);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_add_mapping);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_remove_mapping);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_daemon_released);
EXPORT_SYMBOL_IF_KUNIT(iwpm_replay_work);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_may_speak);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_rx_allowed);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_rx);
EXPORT_SYMBOL_IF_KUNIT(iwpm_pm_rx_trusted);
EXPORT_SYMBOL_IF_KUNIT(iwpm_show);
EXPORT_SYMBOL_IF_KUNIT(iwpm_net_show);
EXPORT_SYMBOL_IF_KUNIT(iwpm_record_enabled);
EXPORT_SYMBOL_IF_KUNIT(iwpm_record_show);
EXPORT_SYMBOL_IF_KUNIT(iwpm_record_clear);
EXPORT_SYMBOL_IF_KUNIT(iwpm_rx_recorded);
