/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * What the out-of-tree module adds around the port mapper: the record of
 * the messages and the debugfs view of the instances.  Nothing here
 * goes in-tree.
 */
#ifndef _IWPM_COMPAT_H
#define _IWPM_COMPAT_H

#include "iwpm.h"

struct seq_file;

/* iwpm_record.c: an opt-in record of the messages */
extern bool iwpm_record_enabled;
void iwpm_record(bool tx, const struct net *net, u32 portid,
		 const void *data, unsigned int len);
void iwpm_record_show(struct seq_file *m);
void iwpm_record_clear(void);

/* iwpm_global.c: the driver API's instances, seen from the module */
void iwpm_show(struct seq_file *m, struct iwpm *pm);
void iwpm_net_show(struct seq_file *m, struct net *net);
int iwpm_rx_recorded(struct sk_buff *skb, struct nlmsghdr *nlh,
		     struct netlink_ext_ack *extack);

#endif /* _IWPM_COMPAT_H */
