/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Included first in every object of the DKMS iw_cm.ko: what a distribution's
 * ib_core lacks of the in-tree series (Documentation/dkms.rst).
 */
#ifndef _IWPM_DKMS_H
#define _IWPM_DKMS_H

#include <rdma/rdma_netlink.h>

struct netlink_callback;

/*
 * ib_core of Linux 6.12 takes non-const data in ibnl_put_attr(); the series
 * makes it const.  The attribute is only copied.
 */
static inline int iwpm_dkms_put_attr(struct sk_buff *skb, struct nlmsghdr *nlh,
				     int len, const void *data, int type)
{
	return ibnl_put_attr(skb, nlh, len, (void *)data, type);
}

#define ibnl_put_attr iwpm_dkms_put_attr

/*
 * ib_core of Linux 6.12 delivers every IWCM message as a netlink dump, so
 * iwcm.c's table names this for each op instead of the iwpm_*_cb() doit
 * callbacks.
 */
int iwpm_dkms_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _IWPM_DKMS_H */
