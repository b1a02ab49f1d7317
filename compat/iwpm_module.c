// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iwpm.ko: the port mapper and its NETLINK_RDMA socket as one module, for
 * kernels built without the RDMA core.  In-tree, ib_core owns the socket and
 * iw_cm drives the port mapper instead.
 *
 * debugfs: iwpm/state shows the number of users and the port mapper of the
 * reader's network namespace, once that namespace has used it; read-only;
 * iwpm/trace_enable and iwpm/trace record the messages (see iwpm_record.c).
 */

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <rdma/rdma_netlink.h>

#include "iwpm_compat.h"

static struct dentry *iwpm_debugfs;

/*
 * The port mapper's netlink callbacks, one per operation, registered for
 * both port mapper clients while the module is loaded, as iw_cm registers
 * them in-tree: a daemon that starts before any driver gets no error for
 * its HELLO (iwpm_rx_recorded()).
 */
static const struct ibnl_client_cbs iwpm_ibnl_cbs[RDMA_NL_IWPM_NUM_OPS] = {
	[RDMA_NL_IWPM_REG_PID] = { .doit = iwpm_rx_recorded },
	[RDMA_NL_IWPM_ADD_MAPPING] = { .doit = iwpm_rx_recorded },
	[RDMA_NL_IWPM_QUERY_MAPPING] = { .doit = iwpm_rx_recorded },
	[RDMA_NL_IWPM_REMOTE_INFO] = { .doit = iwpm_rx_recorded },
	[RDMA_NL_IWPM_HANDLE_ERR] = { .doit = iwpm_rx_recorded },
	[RDMA_NL_IWPM_MAPINFO] = { .doit = iwpm_rx_recorded },
	[RDMA_NL_IWPM_MAPINFO_NUM] = { .doit = iwpm_rx_recorded },
	[RDMA_NL_IWPM_HELLO] = { .doit = iwpm_rx_recorded },
};

static const u8 iwpm_ibnl_clients[] = { RDMA_NL_IWCM, RDMA_NL_C4IW };

static void iwpm_ibnl_remove(int n)
{
	while (n--)
		ibnl_remove_client(iwpm_ibnl_clients[n]);
}

static int iwpm_ibnl_add(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(iwpm_ibnl_clients); i++) {
		err = ibnl_add_client(iwpm_ibnl_clients[i],
				      ARRAY_SIZE(iwpm_ibnl_cbs), iwpm_ibnl_cbs);
		if (err) {
			iwpm_ibnl_remove(i);
			return err;
		}
	}
	return 0;
}

static int iwpm_ibnl_unicast(struct iwpm *pm, struct sk_buff *skb, u32 portid)
{
	iwpm_record(true, pm->net, portid, skb->data, skb->len);
	return ibnl_unicast(pm->net, skb, NULL, portid);
}

static int iwpm_ibnl_multicast(struct iwpm *pm, struct sk_buff *skb)
{
	iwpm_record(true, pm->net, 0, skb->data, skb->len);
	return ibnl_multicast(pm->net, skb, NULL, RDMA_NL_GROUP_IWPM,
			      GFP_KERNEL);
}

const struct iwpm_transport iwpm_nl_transport = {
	.unicast = iwpm_ibnl_unicast,
	.multicast = iwpm_ibnl_multicast,
};

static int state_show(struct seq_file *m, void *unused)
{
	iwpm_net_show(m, current->nsproxy->net_ns);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(state);

static int trace_show(struct seq_file *m, void *unused)
{
	iwpm_record_show(m);
	return 0;
}

static int trace_open(struct inode *inode, struct file *file)
{
	return single_open(file, trace_show, NULL);
}

/* Writing anything clears the record. */
static ssize_t trace_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *ppos)
{
	iwpm_record_clear();
	return len;
}

static const struct file_operations trace_fops = {
	.owner = THIS_MODULE,
	.open = trace_open,
	.read = seq_read,
	.write = trace_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int __init iwpm_module_init(void)
{
	int err = ibnl_init();

	if (err)
		return err;
	err = iwpm_ibnl_add();
	if (err)
		goto out_ibnl;
	iwpm_debugfs = debugfs_create_dir("iwpm", NULL);
	debugfs_create_file("state", 0400, iwpm_debugfs, NULL, &state_fops);
	debugfs_create_file("trace", 0600, iwpm_debugfs, NULL, &trace_fops);
	debugfs_create_bool("trace_enable", 0600, iwpm_debugfs,
			    &iwpm_record_enabled);
	return 0;

out_ibnl:
	ibnl_cleanup();
	return err;
}

static void __exit iwpm_module_exit(void)
{
	debugfs_remove_recursive(iwpm_debugfs);
	iwpm_ibnl_remove(ARRAY_SIZE(iwpm_ibnl_clients));
	ibnl_cleanup();
	iwpm_record_clear();
}

module_init(iwpm_module_init);
module_exit(iwpm_module_exit);

MODULE_DESCRIPTION("iWARP port mapper client and NETLINK_RDMA socket");
MODULE_LICENSE("Dual BSD/GPL");
