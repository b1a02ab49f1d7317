// SPDX-License-Identifier: GPL-2.0
/*
 * Test fixture of the in-tree test kernel (tools/testing/intree-kernel.sh
 * builds it in beside iw_cm; it is not part of the series): a kernel rdma_cm
 * user that, like xprtrdma, has rdma_cm destroy its id by returning non-zero
 * from its handler on DISCONNECTED.  rdma_cm then drops the id and its
 * reference to the id's network namespace before iw_cm destroys its own id
 * and removes the port mapping: the path on which iw_cm must not rely on
 * rdma_cm's reference.
 *
 * Writing "ADDR:PORT" (IPv4) to /sys/module/iwcm_ulp_test/parameters/connect
 * creates an id in the writer's network namespace and connects it, with a
 * QP of its own; one connection at a time (-EBUSY meanwhile).  The kernel log says what happens:
 *   iwcm-ulp: established | iwcm-ulp: disconnected | iwcm-ulp: event E status S
 */

#include <linux/completion.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <rdma/ib_verbs.h>
#include <rdma/rdma_cm.h>

/* One connection at a time: set from a connect until its id is gone. */
static atomic_t ulp_busy = ATOMIC_INIT(0);
static struct ib_pd *ulp_pd;
static struct ib_cq *ulp_cq;

static int ulp_qp_create(struct rdma_cm_id *id)
{
	struct ib_qp_init_attr attr = {
		.cap = { .max_send_wr = 1, .max_recv_wr = 1,
			 .max_send_sge = 1, .max_recv_sge = 1 },
		.sq_sig_type = IB_SIGNAL_REQ_WR,
		.qp_type = IB_QPT_RC,
	};
	int err;

	ulp_pd = ib_alloc_pd(id->device, 0);
	if (IS_ERR(ulp_pd))
		return PTR_ERR(ulp_pd);
	ulp_cq = ib_alloc_cq(id->device, NULL, 2, 0, IB_POLL_WORKQUEUE);
	if (IS_ERR(ulp_cq)) {
		err = PTR_ERR(ulp_cq);
		goto free_pd;
	}
	attr.send_cq = ulp_cq;
	attr.recv_cq = ulp_cq;
	err = rdma_create_qp(id, ulp_pd, &attr);
	if (!err)
		return 0;
	ib_free_cq(ulp_cq);
free_pd:
	ib_dealloc_pd(ulp_pd);
	return err;
}

static void ulp_qp_destroy(struct rdma_cm_id *id)
{
	rdma_destroy_qp(id);
	ib_free_cq(ulp_cq);
	ib_dealloc_pd(ulp_pd);
}

static int ulp_connect(struct rdma_cm_id *id)
{
	struct rdma_conn_param param = {
		.responder_resources = 1,
		.initiator_depth = 1,
	};
	int err;

	err = ulp_qp_create(id);
	if (err)
		return err;
	err = rdma_connect(id, &param);
	if (err)
		ulp_qp_destroy(id);
	return err;
}

/* Address and route resolution, waited for by the writer. */
static DECLARE_COMPLETION(ulp_step);
static int ulp_status;

/*
 * Non-zero makes rdma_cm destroy @id: on DISCONNECTED, as xprtrdma does, and
 * on any other event once connecting.  Resolution is reported to the writer.
 */
static int ulp_handler(struct rdma_cm_id *id, struct rdma_cm_event *ev)
{
	switch (ev->event) {
	case RDMA_CM_EVENT_ADDR_RESOLVED:
	case RDMA_CM_EVENT_ROUTE_RESOLVED:
		ulp_status = 0;
		complete(&ulp_step);
		return 0;
	case RDMA_CM_EVENT_ADDR_ERROR:
	case RDMA_CM_EVENT_ROUTE_ERROR:
		ulp_status = ev->status ?: -EIO;
		complete(&ulp_step);
		return 0;
	case RDMA_CM_EVENT_ESTABLISHED:
		pr_info("iwcm-ulp: established\n");
		return 0;
	case RDMA_CM_EVENT_DISCONNECTED:
		pr_info("iwcm-ulp: disconnected\n");
		break;
	default:
		pr_info("iwcm-ulp: event %d status %d\n", ev->event, ev->status);
		break;
	}
	if (id->qp)
		ulp_qp_destroy(id);
	atomic_set(&ulp_busy, 0);
	return 1;
}

static int ulp_wait(void)
{
	if (!wait_for_completion_timeout(&ulp_step, msecs_to_jiffies(5000)))
		return -ETIMEDOUT;
	return ulp_status;
}

/*
 * Resolve and connect in the writer's context, so that a driver that opens
 * sockets of its own (siw) opens them in the writer's namespace.
 */
static int ulp_connect_to(struct rdma_cm_id *id, struct sockaddr_in *dst)
{
	int err;

	reinit_completion(&ulp_step);
	err = rdma_resolve_addr(id, NULL, (struct sockaddr *)dst, 2000);
	if (!err)
		err = ulp_wait();
	if (err)
		return err;
	reinit_completion(&ulp_step);
	err = rdma_resolve_route(id, 2000);
	if (!err)
		err = ulp_wait();
	return err ?: ulp_connect(id);
}

static int ulp_connect_set(const char *val, const struct kernel_param *kp)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct rdma_cm_id *id;
	const char *colon;
	u16 port;
	int err;

	colon = strchr(val, ':');
	if (!colon || !in4_pton(val, colon - val, (u8 *)&dst.sin_addr, -1, NULL) ||
	    kstrtou16(colon + 1, 10, &port))
		return -EINVAL;
	dst.sin_port = htons(port);
	if (atomic_cmpxchg(&ulp_busy, 0, 1))
		return -EBUSY;
	id = rdma_create_id(current->nsproxy->net_ns, ulp_handler, NULL,
			    RDMA_PS_TCP, IB_QPT_RC);
	if (IS_ERR(id)) {
		atomic_set(&ulp_busy, 0);
		return PTR_ERR(id);
	}
	err = ulp_connect_to(id, &dst);
	if (err) {
		pr_info("iwcm-ulp: connect failed: %d\n", err);
		rdma_destroy_id(id);
		atomic_set(&ulp_busy, 0);
	}
	return err;
}

static const struct kernel_param_ops ulp_connect_ops = {
	.set = ulp_connect_set,
};
module_param_cb(connect, &ulp_connect_ops, NULL, 0200);
MODULE_PARM_DESC(connect, "ADDR:PORT to connect to, in the writer's namespace");

MODULE_DESCRIPTION("rdma_cm user that destroys its id on DISCONNECTED");
MODULE_LICENSE("GPL");
