// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iwsim: a simulated iWARP driver for testing the port mapper.
 *
 * It has no hardware and moves no data.  It registers as a port mapper
 * client with the personality of the "nes" or "c4iw" netlink client (or
 * both) and calls the port mapper exactly as an iWARP connection manager
 * does, driven through debugfs:
 *
 *   /sys/kernel/debug/iwsim/<name>/listen       write "ADDR PORT"
 *   /sys/kernel/debug/iwsim/<name>/connect      write "LADDR LPORT RADDR RPORT"
 *   /sys/kernel/debug/iwsim/<name>/accept       write "LISTENER_ID RADDR RPORT"
 *   /sys/kernel/debug/iwsim/<name>/close        write "ID"
 *   /sys/kernel/debug/iwsim/<name>/connections  read: one line per connection
 *   /sys/kernel/debug/iwsim/objects             read: live connections
 *
 * A write returns the port mapper's error, if any.  Without a daemon the
 * connections use their own addresses, unmapped.  A connection belongs to
 * the network namespace of the process that made it (a passive one to its
 * listener's), as an rdma_cm id does, and is mapped by that namespace's
 * port mapper.
 */

#include <linux/debugfs.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <rdma/iw_portmap.h>
#include <rdma/rdma_netlink.h>

static char *clients = "nes";
module_param(clients, charp, 0444);
MODULE_PARM_DESC(clients, "Personalities: nes, c4iw or nes,c4iw");

static bool no_port_map;
module_param(no_port_map, bool, 0444);
MODULE_PARM_DESC(no_port_map, "Ask the daemon not to map ports (needs ABI 4)");

enum iwsim_kind { IWSIM_LISTEN, IWSIM_ACTIVE, IWSIM_PASSIVE };

static const char *const iwsim_kind_names[] = {
	[IWSIM_LISTEN] = "listen",
	[IWSIM_ACTIVE] = "active",
	[IWSIM_PASSIVE] = "passive",
};

struct iwsim_conn {
	struct list_head link;
	u32 id;
	enum iwsim_kind kind;
	struct net *net;	/* a reference */
	bool mapped;		/* holds a mapping to remove on close */
	u32 flags;
	struct sockaddr_storage local;
	struct sockaddr_storage mapped_local;
	struct sockaddr_storage remote;
	struct sockaddr_storage mapped_remote;
};

struct iwsim_dev;

/* One write-only debugfs file per command. */
struct iwsim_cmd {
	const char *name;
	int (*run)(struct iwsim_dev *d, char *args);
};

/* A debugfs command file: which command, on which device. */
struct iwsim_cmd_file {
	struct iwsim_dev *dev;
	const struct iwsim_cmd *cmd;
};

#define IWSIM_NR_CMDS	4

struct iwsim_dev {
	const char *name;
	u8 client;
	bool up;
	struct mutex lock;	/* conns, next_id */
	struct list_head conns;
	u32 next_id;
	struct dentry *dir;
	struct iwsim_cmd_file files[IWSIM_NR_CMDS];
};

static struct iwsim_dev iwsim_devs[] = {
	{ .name = "nes", .client = RDMA_NL_NES },
	{ .name = "c4iw", .client = RDMA_NL_C4IW },
};

static atomic_t iwsim_objects = ATOMIC_INIT(0);
static struct dentry *iwsim_root;

static int iwsim_parse_addr(struct iwsim_conn *c, const char *ip,
			    const char *port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	return inet_pton_with_scope(c->net, AF_UNSPEC, ip, port, ss);
}

/*
 * What a connection manager does before it listens or connects: register
 * with the daemon (without one, stay unmapped), map the address, remember
 * the mapping for a daemon restart.
 */
static int iwsim_map(struct iwsim_dev *d, struct iwsim_conn *c)
{
	struct iwpm_dev_data dev = {};
	struct iwpm_sa_data sa = {};
	bool active = c->kind == IWSIM_ACTIVE;
	int err;

	c->mapped_local = c->local;
	c->mapped_remote = c->remote;
	snprintf(dev.dev_name, sizeof(dev.dev_name), "iwsim_%s", d->name);
	strscpy(dev.if_name, "lo", sizeof(dev.if_name));
	if (iwpm_register_pid_net(c->net, &dev, d->client) ||
	    !iwpm_valid_pid_net(c->net))
		return 0;

	sa.loc_addr = c->local;
	sa.rem_addr = c->remote;
	sa.flags = no_port_map ? IWPM_FLAGS_NO_PORT_MAP : 0;
	err = active ? iwpm_add_and_query_mapping_net(c->net, &sa, d->client) :
		       iwpm_add_mapping_net(c->net, &sa, d->client);
	if (err) {
		/*
		 * The daemon may still map it (a late answer): release it, as
		 * iw_cm does when it destroys the failed connection.
		 */
		iwpm_remove_mapping_net(c->net, &c->local, d->client);
		return err;
	}
	c->mapped_local = sa.mapped_loc_addr;
	if (active)
		c->mapped_remote = sa.mapped_rem_addr;
	c->flags = sa.flags;
	err = iwpm_create_mapinfo_net(c->net, &c->local, &c->mapped_local,
				      d->client, c->flags);
	if (err) {
		iwpm_remove_mapping_net(c->net, &c->local, d->client);
		return err;
	}
	c->mapped = true;
	return 0;
}

static void iwsim_unmap(struct iwsim_dev *d, struct iwsim_conn *c)
{
	if (!c->mapped)
		return;
	iwpm_remove_mapinfo_net(c->net, &c->local, &c->mapped_local);
	iwpm_remove_mapping_net(c->net, &c->local, d->client);
}

static struct iwsim_conn *iwsim_conn_new(enum iwsim_kind kind, struct net *net)
{
	struct iwsim_conn *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (c) {
		c->kind = kind;
		c->net = get_net(net);
		atomic_inc(&iwsim_objects);
	}
	return c;
}

static void iwsim_conn_free(struct iwsim_conn *c)
{
	atomic_dec(&iwsim_objects);
	put_net(c->net);
	kfree(c);
}

static int iwsim_add(struct iwsim_dev *d, struct iwsim_conn *c)
{
	int err = iwsim_map(d, c);

	if (err) {
		iwsim_conn_free(c);
		return err;
	}
	mutex_lock(&d->lock);
	c->id = ++d->next_id;
	list_add_tail(&c->link, &d->conns);
	mutex_unlock(&d->lock);
	return 0;
}

static struct iwsim_conn *iwsim_find(struct iwsim_dev *d, u32 id)
{
	struct iwsim_conn *c;

	lockdep_assert_held(&d->lock);
	list_for_each_entry(c, &d->conns, link)
		if (c->id == id)
			return c;
	return NULL;
}

static int iwsim_listen(struct iwsim_dev *d, char *args)
{
	char ip[64], port[8];
	struct iwsim_conn *c;

	if (sscanf(args, "%63s %7s", ip, port) != 2)
		return -EINVAL;
	c = iwsim_conn_new(IWSIM_LISTEN, current->nsproxy->net_ns);
	if (!c)
		return -ENOMEM;
	if (iwsim_parse_addr(c, ip, port, &c->local)) {
		iwsim_conn_free(c);
		return -EINVAL;
	}
	return iwsim_add(d, c);
}

static int iwsim_connect(struct iwsim_dev *d, char *args)
{
	char lip[64], lport[8], rip[64], rport[8];
	struct iwsim_conn *c;

	if (sscanf(args, "%63s %7s %63s %7s", lip, lport, rip, rport) != 4)
		return -EINVAL;
	c = iwsim_conn_new(IWSIM_ACTIVE, current->nsproxy->net_ns);
	if (!c)
		return -ENOMEM;
	if (iwsim_parse_addr(c, lip, lport, &c->local) ||
	    iwsim_parse_addr(c, rip, rport, &c->remote)) {
		iwsim_conn_free(c);
		return -EINVAL;
	}
	return iwsim_add(d, c);
}

/*
 * A connection request reached listener @id from the mapped address RADDR
 * RPORT: the real remote address is what the daemon reported, if anything.
 */
static int iwsim_accept(struct iwsim_dev *d, char *args)
{
	struct iwsim_conn *c, *listener;
	char rip[64], rport[8];
	int err = -ENOENT;
	u32 id;

	if (sscanf(args, "%u %63s %7s", &id, rip, rport) != 3)
		return -EINVAL;
	mutex_lock(&d->lock);
	listener = iwsim_find(d, id);
	if (!listener || listener->kind != IWSIM_LISTEN)
		goto out;
	err = -ENOMEM;
	c = iwsim_conn_new(IWSIM_PASSIVE, listener->net);
	if (!c)
		goto out;
	err = -EINVAL;
	if (iwsim_parse_addr(c, rip, rport, &c->mapped_remote)) {
		iwsim_conn_free(c);
		goto out;
	}
	c->local = listener->local;
	c->mapped_local = listener->mapped_local;
	if (iwpm_get_remote_info_net(c->net, &c->mapped_local,
				     &c->mapped_remote, &c->remote, d->client))
		c->remote = c->mapped_remote;
	c->id = ++d->next_id;
	list_add_tail(&c->link, &d->conns);
	err = 0;
out:
	mutex_unlock(&d->lock);
	return err;
}

static int iwsim_close(struct iwsim_dev *d, char *args)
{
	struct iwsim_conn *c;
	u32 id;

	if (kstrtou32(strim(args), 10, &id))
		return -EINVAL;
	mutex_lock(&d->lock);
	c = iwsim_find(d, id);
	if (c)
		list_del(&c->link);
	mutex_unlock(&d->lock);
	if (!c)
		return -ENOENT;
	iwsim_unmap(d, c);
	iwsim_conn_free(c);
	return 0;
}

static void iwsim_close_all(struct iwsim_dev *d)
{
	struct iwsim_conn *c, *tmp;
	LIST_HEAD(victims);

	mutex_lock(&d->lock);
	list_splice_init(&d->conns, &victims);
	mutex_unlock(&d->lock);
	list_for_each_entry_safe(c, tmp, &victims, link) {
		iwsim_unmap(d, c);
		iwsim_conn_free(c);
	}
}

static int iwsim_connections_show(struct seq_file *m, void *unused)
{
	struct iwsim_dev *d = m->private;
	struct iwsim_conn *c;

	mutex_lock(&d->lock);
	list_for_each_entry(c, &d->conns, link)
		seq_printf(m, "id=%u kind=%s net=%u local=%pISpc mapped_local=%pISpc remote=%pISpc mapped_remote=%pISpc mapped=%d flags=%u\n",
			   c->id, iwsim_kind_names[c->kind], c->net->ns.inum,
			   &c->local, &c->mapped_local, &c->remote, &c->mapped_remote,
			   c->mapped, c->flags);
	mutex_unlock(&d->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(iwsim_connections);

static int iwsim_objects_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "%d\n", atomic_read(&iwsim_objects));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(iwsim_objects);

static const struct iwsim_cmd iwsim_cmds[IWSIM_NR_CMDS] = {
	{ "listen", iwsim_listen },
	{ "connect", iwsim_connect },
	{ "accept", iwsim_accept },
	{ "close", iwsim_close },
};

static ssize_t iwsim_cmd_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	const struct iwsim_cmd_file *f = file->private_data;
	char *args;
	int err;

	if (len > 255)
		return -EINVAL;
	args = memdup_user_nul(ubuf, len);
	if (IS_ERR(args))
		return PTR_ERR(args);
	err = f->cmd->run(f->dev, args);
	kfree(args);
	return err ?: len;
}

static const struct file_operations iwsim_cmd_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = iwsim_cmd_write,
	.llseek = noop_llseek,
};

static int iwsim_dev_up(struct iwsim_dev *d)
{
	int i, err;

	mutex_init(&d->lock);
	INIT_LIST_HEAD(&d->conns);
	err = iwpm_init(d->client);
	if (err)
		return err;
	d->dir = debugfs_create_dir(d->name, iwsim_root);
	for (i = 0; i < IWSIM_NR_CMDS; i++) {
		d->files[i].dev = d;
		d->files[i].cmd = &iwsim_cmds[i];
		debugfs_create_file(iwsim_cmds[i].name, 0200, d->dir,
				    &d->files[i], &iwsim_cmd_fops);
	}
	debugfs_create_file("connections", 0400, d->dir, d,
			    &iwsim_connections_fops);
	d->up = true;
	return 0;
}

static void iwsim_dev_down(struct iwsim_dev *d)
{
	if (!d->up)
		return;
	debugfs_remove_recursive(d->dir);
	iwsim_close_all(d);
	iwpm_exit(d->client);
	d->up = false;
}

static void iwsim_down(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(iwsim_devs); i++)
		iwsim_dev_down(&iwsim_devs[i]);
	debugfs_remove_recursive(iwsim_root);
}

static int __init iwsim_init(void)
{
	bool any = false;
	int i, err = 0;

	iwsim_root = debugfs_create_dir("iwsim", NULL);
	debugfs_create_file("objects", 0400, iwsim_root, NULL, &iwsim_objects_fops);
	for (i = 0; i < ARRAY_SIZE(iwsim_devs) && !err; i++) {
		if (!strstr(clients, iwsim_devs[i].name))
			continue;
		err = iwsim_dev_up(&iwsim_devs[i]);
		any = true;
	}
	if (!any)
		err = -EINVAL;
	if (err)
		iwsim_down();
	return err;
}

static void __exit iwsim_exit(void)
{
	iwsim_down();
}

module_init(iwsim_init);
module_exit(iwsim_exit);

MODULE_DESCRIPTION("Simulated iWARP driver for testing the port mapper");
MODULE_LICENSE("Dual BSD/GPL");
