/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * iWARP port mapper: the interface an iWARP driver (or iw_cm) uses to claim
 * TCP ports from the host stack through the user-space port mapper daemon.
 * See Documentation/driver-api.rst.
 */
#ifndef _IW_PORTMAP_H
#define _IW_PORTMAP_H

#include <linux/socket.h>
#include <linux/netlink.h>
#include <net/net_namespace.h>

#define IWPM_ULIBNAME_SIZE	32
#define IWPM_DEVNAME_SIZE	32
#define IWPM_IFNAME_SIZE	16
#define IWPM_IPADDR_SIZE	16

/* Error codes the daemon reports in its answers (not errnos). */
enum {
	IWPM_INVALID_NLMSG_ERR = 10,
	IWPM_CREATE_MAPPING_ERR,
	IWPM_DUPLICATE_MAPPING_ERR,
	IWPM_UNKNOWN_MAPPING_ERR,
	IWPM_CLIENT_DEV_INFO_ERR,
	IWPM_USER_LIB_INFO_ERR,
	IWPM_REMOTE_QUERY_REJECT
};

/**
 * struct iwpm_dev_data - who registers with the daemon
 * @dev_name: RDMA device name, NUL-terminated
 * @if_name: network interface name, NUL-terminated
 */
struct iwpm_dev_data {
	char dev_name[IWPM_DEVNAME_SIZE];
	char if_name[IWPM_IFNAME_SIZE];
};

/**
 * struct iwpm_sa_data - addresses of one mapping request
 * @loc_addr: local address the driver wants to use
 * @mapped_loc_addr: set by the port mapper: local address to use on the wire
 * @rem_addr: remote address (connect side only)
 * @mapped_rem_addr: set by the port mapper: remote address to use on the wire
 * @flags: IWPM_FLAGS_* for the daemon; needs ABI version 4
 */
struct iwpm_sa_data {
	struct sockaddr_storage loc_addr;
	struct sockaddr_storage mapped_loc_addr;
	struct sockaddr_storage rem_addr;
	struct sockaddr_storage mapped_rem_addr;
	u32 flags;
};

struct sk_buff;
struct netlink_ext_ack;
struct nlmsghdr;

int iwpm_init(u8 nl_client);
int iwpm_exit(u8 nl_client);

/*
 * Each function works on the port mapper of one network namespace, whose
 * daemon is the iwpmd running there and whose mappings are of connections
 * made there.  The names without _net mean the initial namespace, for
 * callers that know nothing of namespaces.
 */
int iwpm_valid_pid_net(struct net *net);
int iwpm_register_pid_net(struct net *net, struct iwpm_dev_data *pm_msg,
			  u8 nl_client);
int iwpm_add_mapping_net(struct net *net, struct iwpm_sa_data *pm_msg,
			 u8 nl_client);
int iwpm_add_and_query_mapping_net(struct net *net,
				   struct iwpm_sa_data *pm_msg, u8 nl_client);
int iwpm_remove_mapping_net(struct net *net,
			    struct sockaddr_storage *local_addr, u8 nl_client);
int iwpm_create_mapinfo_net(struct net *net,
			    struct sockaddr_storage *local_addr,
			    struct sockaddr_storage *mapped_addr, u8 nl_client,
			    u32 map_flags);
int iwpm_remove_mapinfo_net(struct net *net,
			    struct sockaddr_storage *local_addr,
			    struct sockaddr_storage *mapped_addr);
int iwpm_get_remote_info_net(struct net *net,
			     struct sockaddr_storage *mapped_loc_addr,
			     struct sockaddr_storage *mapped_rem_addr,
			     struct sockaddr_storage *remote_addr, u8 nl_client);

static inline int iwpm_valid_pid(void)
{
	return iwpm_valid_pid_net(&init_net);
}

static inline int iwpm_register_pid(struct iwpm_dev_data *pm_msg, u8 nl_client)
{
	return iwpm_register_pid_net(&init_net, pm_msg, nl_client);
}

static inline int iwpm_add_mapping(struct iwpm_sa_data *pm_msg, u8 nl_client)
{
	return iwpm_add_mapping_net(&init_net, pm_msg, nl_client);
}

static inline int iwpm_add_and_query_mapping(struct iwpm_sa_data *pm_msg,
					     u8 nl_client)
{
	return iwpm_add_and_query_mapping_net(&init_net, pm_msg, nl_client);
}

static inline int iwpm_remove_mapping(struct sockaddr_storage *local_addr,
				      u8 nl_client)
{
	return iwpm_remove_mapping_net(&init_net, local_addr, nl_client);
}

static inline int iwpm_create_mapinfo(struct sockaddr_storage *local_addr,
				      struct sockaddr_storage *mapped_addr,
				      u8 nl_client, u32 map_flags)
{
	return iwpm_create_mapinfo_net(&init_net, local_addr, mapped_addr,
				       nl_client, map_flags);
}

static inline int iwpm_remove_mapinfo(struct sockaddr_storage *local_addr,
				      struct sockaddr_storage *mapped_addr)
{
	return iwpm_remove_mapinfo_net(&init_net, local_addr, mapped_addr);
}

static inline int iwpm_get_remote_info(struct sockaddr_storage *mapped_loc_addr,
				       struct sockaddr_storage *mapped_rem_addr,
				       struct sockaddr_storage *remote_addr,
				       u8 nl_client)
{
	return iwpm_get_remote_info_net(&init_net, mapped_loc_addr,
					mapped_rem_addr, remote_addr, nl_client);
}

int iwpm_register_pid_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			 struct netlink_ext_ack *extack);
int iwpm_add_mapping_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			struct netlink_ext_ack *extack);
int iwpm_add_and_query_mapping_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
				  struct netlink_ext_ack *extack);
int iwpm_remote_info_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			struct netlink_ext_ack *extack);
int iwpm_mapping_error_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			  struct netlink_ext_ack *extack);
int iwpm_mapping_info_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			 struct netlink_ext_ack *extack);
int iwpm_ack_mapping_info_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
			     struct netlink_ext_ack *extack);
int iwpm_hello_cb(struct sk_buff *skb, struct nlmsghdr *nlh,
		  struct netlink_ext_ack *extack);

#endif /* _IW_PORTMAP_H */
