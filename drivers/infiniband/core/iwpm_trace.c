// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: an opt-in record of the messages exchanged with the
 * daemon, for debugging and for `make demo`.
 *
 * The netlink monitor (nlmon) does not see NETLINK_RDMA, so the port mapper
 * keeps its own: while enabled, every message it sends or takes is copied
 * (up to IWPM_TRACE_BYTES) into a bounded list that debugfs prints, one
 * numbered line per skb, as hex; tools/iwpm-trace.py decodes it.  Disabled,
 * it costs one test of a flag per message.
 */

#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "iwpm_util.h"

#define IWPM_TRACE_RECORDS	512
#define IWPM_TRACE_BYTES	4096U

struct iwpm_trace_rec {
	struct list_head link;
	u64 id;
	bool tx;
	u32 portid;
	unsigned int len;
	u8 data[];
};

static DEFINE_SPINLOCK(iwpm_trace_lock);	/* the list and the counters */
static LIST_HEAD(iwpm_trace_recs);
static unsigned int iwpm_trace_count;
static u64 iwpm_trace_next_id;

/* Set through debugfs (iwpm/trace_enable). */
bool iwpm_trace_enabled;
EXPORT_SYMBOL_IF_KUNIT(iwpm_trace_enabled);

/**
 * iwpm_trace() - record messages, if tracing is enabled
 * @tx: sent by the kernel (else received from user space)
 * @portid: the peer's netlink port id (0 for a multicast)
 * @data: the messages
 * @len: their length
 */
void iwpm_trace(bool tx, u32 portid, const void *data, unsigned int len)
{
	struct iwpm_trace_rec *rec, *old = NULL;

	if (!READ_ONCE(iwpm_trace_enabled))
		return;
	len = min(len, IWPM_TRACE_BYTES);
	rec = kmalloc(struct_size(rec, data, len), GFP_ATOMIC);
	if (!rec)
		return;
	rec->tx = tx;
	rec->portid = portid;
	rec->len = len;
	memcpy(rec->data, data, len);
	spin_lock_bh(&iwpm_trace_lock);
	rec->id = ++iwpm_trace_next_id;
	list_add_tail(&rec->link, &iwpm_trace_recs);
	if (++iwpm_trace_count > IWPM_TRACE_RECORDS) {
		old = list_first_entry(&iwpm_trace_recs, struct iwpm_trace_rec, link);
		list_del(&old->link);
		iwpm_trace_count--;
	}
	spin_unlock_bh(&iwpm_trace_lock);
	kfree(old);
}

/**
 * iwpm_trace_show() - print the records: "ID tx|rx PORTID HEX" per line
 * @m: where to
 */
void iwpm_trace_show(struct seq_file *m)
{
	struct iwpm_trace_rec *rec;
	unsigned int off;

	spin_lock_bh(&iwpm_trace_lock);
	list_for_each_entry(rec, &iwpm_trace_recs, link) {
		seq_printf(m, "%llu %s %u ", rec->id, rec->tx ? "tx" : "rx",
			   rec->portid);
		for (off = 0; off < rec->len; off += 64)
			seq_printf(m, "%*phN", min(rec->len - off, 64U),
				   rec->data + off);
		seq_putc(m, '\n');
	}
	spin_unlock_bh(&iwpm_trace_lock);
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_trace_show);

/**
 * iwpm_trace_clear() - forget every record
 */
void iwpm_trace_clear(void)
{
	struct iwpm_trace_rec *rec, *tmp;
	LIST_HEAD(victims);

	spin_lock_bh(&iwpm_trace_lock);
	list_splice_init(&iwpm_trace_recs, &victims);
	iwpm_trace_count = 0;
	spin_unlock_bh(&iwpm_trace_lock);
	list_for_each_entry_safe(rec, tmp, &victims, link)
		kfree(rec);
}
EXPORT_SYMBOL_IF_KUNIT(iwpm_trace_clear);
