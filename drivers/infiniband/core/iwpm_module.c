// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iwpm.ko: the port mapper and its NETLINK_RDMA socket as one module, for
 * kernels built without the RDMA core.  In-tree, ib_core owns the socket and
 * iw_cm drives the port mapper instead.
 */

#include <linux/module.h>
#include <rdma/rdma_netlink.h>

static int __init iwpm_module_init(void)
{
	return ibnl_init();
}

static void __exit iwpm_module_exit(void)
{
	ibnl_cleanup();
}

module_init(iwpm_module_init);
module_exit(iwpm_module_exit);

MODULE_DESCRIPTION("iWARP port mapper client and NETLINK_RDMA socket");
MODULE_LICENSE("Dual BSD/GPL");
