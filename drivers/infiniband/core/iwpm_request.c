// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * iWARP port mapper: the requests waiting for the daemon.
 *
 * A request lives in an xarray under its sequence number until exactly one
 * party takes it out: the daemon's answer, the waiter's timeout (or a fatal
 * signal to the waiter), a failed send or a shutdown.  Whoever takes it
 * out completes it; everybody else finds nothing and drops what they had.
 */

#include <linux/slab.h>

#include "iwpm.h"

/**
 * iwpm_request_new() - start tracking a request
 * @pm: port mapper
 * @client: netlink client index it is sent for
 * @op: RDMA_NL_IWPM_* operation whose answer it waits for
 *
 * The request is findable by its @seq from now on; send the message after
 * this, then iwpm_request_wait() (or iwpm_request_cancel() if the send
 * failed) and iwpm_request_put().
 *
 * Return: the request, or an ERR_PTR().
 */
struct iwpm_request *iwpm_request_new(struct iwpm *pm, u8 client, u8 op)
{
	struct iwpm_request *req;
	int err, tries = 8;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return ERR_PTR(-ENOMEM);
	req->pm = pm;
	refcount_set(&req->refs, 2);
	init_completion(&req->done);
	req->client = client;
	req->op = op;
	do {
		req->seq = atomic_inc_return(&pm->seq);
		err = xa_insert(&pm->requests, req->seq, req, GFP_KERNEL);
	} while (err == -EBUSY && --tries);
	if (err) {
		kfree(req);
		return ERR_PTR(err);
	}
	atomic_inc(&pm->live_requests);
	return req;
}

/**
 * iwpm_request_claim() - take the request an answer is for
 * @pm: port mapper
 * @seq: sequence number the answer carries
 * @client: client the answer came for
 * @op: operation of the answer; RDMA_NL_IWPM_HANDLE_ERR matches any
 *
 * Return: the request, now owned by the caller, who must
 * iwpm_request_complete() it; NULL if no outstanding request matches (late,
 * duplicate or unknown answers).
 */
struct iwpm_request *iwpm_request_claim(struct iwpm *pm, u32 seq, u8 client,
					u8 op)
{
	struct iwpm_request *req;

	xa_lock(&pm->requests);
	req = xa_load(&pm->requests, seq);
	if (req && req->client == client &&
	    (op == RDMA_NL_IWPM_HANDLE_ERR || op == req->op))
		__xa_erase(&pm->requests, seq);
	else
		req = NULL;
	xa_unlock(&pm->requests);
	return req;
}

/**
 * iwpm_request_put() - drop a reference
 * @req: request
 */
void iwpm_request_put(struct iwpm_request *req)
{
	if (refcount_dec_and_test(&req->refs)) {
		atomic_dec(&req->pm->live_requests);
		kfree(req);
	}
}

/**
 * iwpm_request_complete() - finish a claimed request and wake its waiter
 * @req: request from iwpm_request_claim()
 * @err: result for the waiter
 */
void iwpm_request_complete(struct iwpm_request *req, int err)
{
	req->err = err;
	complete(&req->done);
	iwpm_request_put(req);
}

/* Take @req out of the table if nobody else did; true if we did. */
static bool iwpm_request_unlist(struct iwpm *pm, struct iwpm_request *req)
{
	return xa_cmpxchg(&pm->requests, req->seq, req, NULL, 0) == req;
}

/**
 * iwpm_request_cancel() - stop tracking a request whose message never left
 * @pm: port mapper
 * @req: request from iwpm_request_new(); the caller still iwpm_request_put()s
 */
void iwpm_request_cancel(struct iwpm *pm, struct iwpm_request *req)
{
	if (iwpm_request_unlist(pm, req))
		iwpm_request_put(req);
}

/**
 * iwpm_request_wait() - wait for the answer, at most @pm->timeout
 * @pm: port mapper
 * @req: request from iwpm_request_new()
 *
 * The wait ends early when the waiting task gets a fatal signal.
 *
 * Return: the result @req was completed with (by its answer, or by
 * iwpm_requests_fail()); -ETIMEDOUT, or -EINTR for a fatal signal.  An
 * answer arriving after that finds no request and is dropped.
 */
int iwpm_request_wait(struct iwpm *pm, struct iwpm_request *req)
{
	long left = wait_for_completion_killable_timeout(&req->done,
							 pm->timeout);

	if (left > 0)
		return req->err;
	if (iwpm_request_unlist(pm, req)) {
		if (!left)
			atomic_long_inc(&pm->stats.timeouts);
		iwpm_request_put(req);
		return left ? -EINTR : -ETIMEDOUT;
	}
	/* An answer claimed it just now; it completes without waiting. */
	wait_for_completion(&req->done);
	return req->err;
}

/**
 * iwpm_requests_pending() - number of requests waiting for an answer
 * @pm: port mapper
 *
 * Return: the count.
 */
unsigned int iwpm_requests_pending(struct iwpm *pm)
{
	struct iwpm_request *req;
	unsigned long seq;
	unsigned int n = 0;

	xa_lock(&pm->requests);
	xa_for_each(&pm->requests, seq, req)
		n++;
	xa_unlock(&pm->requests);
	return n;
}

/**
 * iwpm_requests_fail() - complete outstanding requests with an error
 * @pm: port mapper
 * @client: only this client's requests, or -1 for all
 * @err: result for the waiters
 *
 * A request is only looked at while the xarray lock is held: whoever takes
 * a request out (an answer, a timeout, another caller of this) does so under
 * that lock, and only then may it be freed.
 */
void iwpm_requests_fail(struct iwpm *pm, int client, int err)
{
	struct iwpm_request *req;
	unsigned long seq;

	xa_lock(&pm->requests);
	xa_for_each(&pm->requests, seq, req) {
		if (client >= 0 && req->client != client)
			continue;
		__xa_erase(&pm->requests, seq);
		iwpm_request_complete(req, err);
	}
	xa_unlock(&pm->requests);
}
