// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Out-of-tree only: an opt-in record of the messages exchanged with the
 * daemon, for debugging and for `make demo`; in-tree, the iwpm_msg
 * tracepoint (iwpm_trace.h) serves.
 *
 * The netlink monitor (nlmon) does not see NETLINK_RDMA, so the module
 * keeps its own: while enabled, every message it sends or takes is copied
 * (up to IWPM_RECORD_BYTES) into a bounded list that debugfs prints, one
 * numbered line per skb, as hex, ending with the inode number of the network
 * namespace it went through; tools/iwpm-trace.py decodes it.  Disabled,
 * it costs one test of a flag per message.
 */

#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "iwpm_compat.h"

#define IWPM_RECORD_RECORDS	512
#define IWPM_RECORD_BYTES	4096U

struct iwpm_record_entry {
	struct list_head link;
	u64 id;
	bool tx;
	u32 portid;
	u32 net;
	unsigned int len;
	u8 data[];
};

static DEFINE_SPINLOCK(iwpm_record_lock);	/* the list and the counters */
static LIST_HEAD(iwpm_record_recs);
static unsigned int iwpm_record_count;
static u64 iwpm_record_next_id;

/* Set through debugfs (iwpm/trace_enable). */
bool iwpm_record_enabled;

/**
 * iwpm_record() - record messages, if tracing is enabled
 * @tx: sent by the kernel (else received from user space)
 * @net: the network namespace they went through
 * @portid: the peer's netlink port id (0 for a multicast)
 * @data: the messages
 * @len: their length
 */
void iwpm_record(bool tx, const struct net *net, u32 portid,
		 const void *data, unsigned int len)
{
	struct iwpm_record_entry *rec, *old = NULL;

	if (!READ_ONCE(iwpm_record_enabled))
		return;
	len = min(len, IWPM_RECORD_BYTES);
	rec = kmalloc(struct_size(rec, data, len), GFP_ATOMIC);
	if (!rec)
		return;
	rec->tx = tx;
	rec->portid = portid;
	rec->net = net->ns.inum;
	rec->len = len;
	memcpy(rec->data, data, len);
	spin_lock_bh(&iwpm_record_lock);
	rec->id = ++iwpm_record_next_id;
	list_add_tail(&rec->link, &iwpm_record_recs);
	if (++iwpm_record_count > IWPM_RECORD_RECORDS) {
		old = list_first_entry(&iwpm_record_recs, struct iwpm_record_entry, link);
		list_del(&old->link);
		iwpm_record_count--;
	}
	spin_unlock_bh(&iwpm_record_lock);
	kfree(old);
}

/**
 * iwpm_record_show() - print the records: "ID tx|rx PORTID HEX" per line
 * @m: where to
 */
void iwpm_record_show(struct seq_file *m)
{
	struct iwpm_record_entry *rec;
	unsigned int off;

	spin_lock_bh(&iwpm_record_lock);
	list_for_each_entry(rec, &iwpm_record_recs, link) {
		seq_printf(m, "%llu %s %u ", rec->id, rec->tx ? "tx" : "rx",
			   rec->portid);
		for (off = 0; off < rec->len; off += 64)
			seq_printf(m, "%*phN", min(rec->len - off, 64U),
				   rec->data + off);
		seq_printf(m, " %u\n", rec->net);
	}
	spin_unlock_bh(&iwpm_record_lock);
}

/**
 * iwpm_record_clear() - forget every record
 */
void iwpm_record_clear(void)
{
	struct iwpm_record_entry *rec, *tmp;
	LIST_HEAD(victims);

	spin_lock_bh(&iwpm_record_lock);
	list_splice_init(&iwpm_record_recs, &victims);
	iwpm_record_count = 0;
	spin_unlock_bh(&iwpm_record_lock);
	list_for_each_entry_safe(rec, tmp, &victims, link)
		kfree(rec);
}
