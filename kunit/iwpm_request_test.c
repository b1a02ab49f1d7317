// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: requests waiting for the daemon, from creation to the one party
 * that completes them.
 */

#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/swait.h>
#include <linux/workqueue.h>

#include "iwpm_kunit.h"

#define NES	IWPM_TEST_NES
#define C4IW	IWPM_TEST_C4IW
#define ADD	RDMA_NL_IWPM_ADD_MAPPING
#define QUERY	RDMA_NL_IWPM_QUERY_MAPPING

static struct iwpm_request *new_req(struct kunit *test, struct iwpm *pm,
				    u8 client, u8 op)
{
	struct iwpm_request *req = iwpm_request_new(pm, client, op);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, req);
	return req;
}

static void new_requests_get_distinct_seqs(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *a = new_req(test, &env->pm, NES, ADD);
	struct iwpm_request *b = new_req(test, &env->pm, NES, ADD);

	KUNIT_EXPECT_NE(test, a->seq, b->seq);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 2);
	iwpm_request_cancel(&env->pm, a);
	iwpm_request_cancel(&env->pm, b);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	iwpm_request_put(a);
	iwpm_request_put(b);
}

static void claim_matches_op_and_client(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, NES, ADD);

	KUNIT_EXPECT_NULL(test, iwpm_request_claim(&env->pm, req->seq, NES, QUERY));
	KUNIT_EXPECT_NULL(test, iwpm_request_claim(&env->pm, req->seq, C4IW, ADD));
	KUNIT_EXPECT_NULL(test, iwpm_request_claim(&env->pm, req->seq + 1, NES, ADD));
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 1);
	KUNIT_EXPECT_PTR_EQ(test, iwpm_request_claim(&env->pm, req->seq, NES, ADD),
			    req);
	iwpm_request_complete(req, 0);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), 0);
	iwpm_request_put(req);
}

static void error_answer_claims_any_op(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, C4IW, QUERY);

	KUNIT_EXPECT_PTR_EQ(test, iwpm_request_claim(&env->pm, req->seq, C4IW,
						     RDMA_NL_IWPM_HANDLE_ERR), req);
	iwpm_request_complete(req, -EEXIST);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), -EEXIST);
	iwpm_request_put(req);
}

static void answer_before_wait_is_kept(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, NES, ADD);
	struct iwpm_request *got;

	got = iwpm_request_claim(&env->pm, req->seq, NES, ADD);
	KUNIT_ASSERT_PTR_EQ(test, got, req);
	iwpm_request_complete(got, -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.timeouts), 0);
	iwpm_request_put(req);
}

struct waiter {
	struct work_struct work;
	struct iwpm *pm;
	struct iwpm_request *req;
	int result;
};

static void waiter_fn(struct work_struct *work)
{
	struct waiter *w = container_of(work, struct waiter, work);

	w->result = iwpm_request_wait(w->pm, w->req);
}

/*
 * Until the waiter sleeps on @req, read from the completion itself rather
 * than guessed from a delay; at most 5 s, the waiter's own timeout.
 */
static void wait_for_waiter(struct kunit *test, struct iwpm_request *req)
{
	unsigned long end = jiffies + 5 * HZ;

	while (!swait_active(&req->done.wait) && time_before(jiffies, end))
		schedule_timeout_uninterruptible(1);
	KUNIT_EXPECT_TRUE(test, swait_active(&req->done.wait));
}

static void answer_from_another_thread_wakes_waiter(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct waiter w = { .pm = &env->pm, .result = 1 };

	env->pm.timeout = msecs_to_jiffies(5000);
	w.req = new_req(test, &env->pm, NES, ADD);
	INIT_WORK_ONSTACK(&w.work, waiter_fn);
	schedule_work(&w.work);
	wait_for_waiter(test, w.req);
	KUNIT_EXPECT_EQ(test, w.result, 1);	/* still waiting */
	iwpm_request_complete(iwpm_request_claim(&env->pm, w.req->seq, NES, ADD),
			      0);
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	KUNIT_EXPECT_EQ(test, w.result, 0);
	iwpm_request_put(w.req);
}

static void no_answer_times_out(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, NES, ADD);

	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.timeouts), 1);
	/* the late answer finds nothing */
	KUNIT_EXPECT_NULL(test, iwpm_request_claim(&env->pm, req->seq, NES, ADD));
	iwpm_request_put(req);
}

/*
 * A waiter that gets a fatal signal stops waiting at once, as one killed
 * by its owner would, and its request goes as after a timeout, which it is
 * not counted as.
 */
static void killed_waiter_stops_waiting(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, NES, ADD);
	unsigned long start = jiffies;
	int err;

	env->pm.timeout = 30 * HZ;
	allow_signal(SIGKILL);
	send_sig(SIGKILL, current, 1);
	err = iwpm_request_wait(&env->pm, req);
	flush_signals(current);
	disallow_signal(SIGKILL);

	KUNIT_EXPECT_EQ(test, err, -EINTR);
	KUNIT_EXPECT_LT(test, jiffies - start, 5UL * HZ);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.timeouts), 0);
	KUNIT_EXPECT_NULL(test, iwpm_request_claim(&env->pm, req->seq, NES, ADD));
	iwpm_request_put(req);
}

struct killed_waiter {
	struct iwpm *pm;
	struct iwpm_request *req;
	struct completion done;
	int result;
};

static int killed_waiter_fn(void *data)
{
	struct killed_waiter *w = data;

	allow_signal(SIGKILL);
	w->result = iwpm_request_wait(w->pm, w->req);
	complete(&w->done);
	return 0;
}

/* The same for a waiter killed while it sleeps, by another thread */
static void waiter_killed_while_waiting_stops(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct killed_waiter w = { .pm = &env->pm, .result = 1 };
	struct task_struct *task;
	unsigned long left;

	env->pm.timeout = 30 * HZ;
	w.req = new_req(test, &env->pm, NES, ADD);
	init_completion(&w.done);
	task = kthread_run(killed_waiter_fn, &w, "iwpm-kunit-waiter");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	wait_for_waiter(test, w.req);
	send_sig(SIGKILL, task, 1);
	left = wait_for_completion_timeout(&w.done, 5 * HZ);
	if (!left)	/* w is on this stack: wait for its end regardless */
		wait_for_completion(&w.done);
	put_task_struct(task);

	KUNIT_EXPECT_NE(test, left, 0UL);
	KUNIT_EXPECT_EQ(test, w.result, -EINTR);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&env->pm.stats.timeouts), 0);
	iwpm_request_put(w.req);
}

static void second_claim_finds_nothing(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, NES, ADD);

	KUNIT_ASSERT_PTR_EQ(test, iwpm_request_claim(&env->pm, req->seq, NES, ADD),
			    req);
	KUNIT_EXPECT_NULL(test, iwpm_request_claim(&env->pm, req->seq, NES, ADD));
	iwpm_request_complete(req, 0);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), 0);
	iwpm_request_put(req);
}

static void cancel_forgets_request(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, NES, ADD);
	u32 seq = req->seq;

	iwpm_request_cancel(&env->pm, req);
	iwpm_request_put(req);
	KUNIT_EXPECT_NULL(test, iwpm_request_claim(&env->pm, seq, NES, ADD));
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 0);
}

static void fail_wakes_only_that_client(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *a = new_req(test, &env->pm, NES, ADD);
	struct iwpm_request *b = new_req(test, &env->pm, C4IW, ADD);

	iwpm_requests_fail(&env->pm, NES, -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, a), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&env->pm), 1);
	KUNIT_EXPECT_PTR_EQ(test, iwpm_request_claim(&env->pm, b->seq, C4IW, ADD),
			    b);
	iwpm_request_complete(b, 0);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, b), 0);
	iwpm_request_put(a);
	iwpm_request_put(b);
}

static void client_exit_fails_its_requests(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct iwpm_request *req = new_req(test, &env->pm, C4IW, QUERY);

	iwpm_client_put(&env->pm, C4IW);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, req), -ESHUTDOWN);
	iwpm_request_put(req);
}

static void teardown_wakes_every_waiter(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct waiter w = { .pm = &env->pm, .result = 1 };
	struct iwpm_request *other;

	env->pm.timeout = msecs_to_jiffies(5000);
	w.req = new_req(test, &env->pm, NES, ADD);
	other = new_req(test, &env->pm, C4IW, QUERY);
	INIT_WORK_ONSTACK(&w.work, waiter_fn);
	schedule_work(&w.work);
	wait_for_waiter(test, w.req);
	iwpm_teardown(&env->pm);
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	KUNIT_EXPECT_EQ(test, w.result, -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, iwpm_request_wait(&env->pm, other), -ESHUTDOWN);
	iwpm_request_put(w.req);
	iwpm_request_put(other);
	KUNIT_ASSERT_EQ(test, iwpm_setup(&env->pm, &init_net, env->pm.transport), 0);
}

static void daemon_socket_release_fails_requests_at_once(struct kunit *test)
{
	struct iwpm_test_env *env = iwpm_test_env_new(test);
	struct waiter w = { .pm = &env->pm, .result = 1 };
	struct iwpm_dev_data dev = { .dev_name = "siw0", .if_name = "lo" };

	KUNIT_ASSERT_EQ(test, iwpm_test_register(env, NES, 4), 0);
	env->respond = NULL;
	env->pm.timeout = msecs_to_jiffies(5000);
	w.req = new_req(test, &env->pm, NES, ADD);
	INIT_WORK_ONSTACK(&w.work, waiter_fn);
	schedule_work(&w.work);
	wait_for_waiter(test, w.req);
	/* another socket going away changes nothing */
	iwpm_pm_daemon_released(&env->pm, IWPM_TEST_DAEMON_PORTID + 1);
	KUNIT_EXPECT_EQ(test, w.result, 1);
	KUNIT_EXPECT_TRUE(test, env->pm.daemon.known);
	iwpm_pm_daemon_released(&env->pm, IWPM_TEST_DAEMON_PORTID);
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	KUNIT_EXPECT_EQ(test, w.result, -ECONNRESET);
	KUNIT_EXPECT_FALSE(test, env->pm.daemon.known);
	/* gone: registration fails at once until a daemon speaks */
	KUNIT_EXPECT_EQ(test, iwpm_pm_register(&env->pm, &dev, NES), -ESRCH);
	iwpm_request_put(w.req);
}

static void daemon_codes_become_errnos(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(0), 0);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(IWPM_INVALID_NLMSG_ERR), -EINVAL);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(IWPM_CREATE_MAPPING_ERR),
			-EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(IWPM_DUPLICATE_MAPPING_ERR),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(IWPM_UNKNOWN_MAPPING_ERR),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(IWPM_CLIENT_DEV_INFO_ERR),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(IWPM_USER_LIB_INFO_ERR),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(IWPM_REMOTE_QUERY_REJECT),
			-ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, iwpm_errno_from_daemon(999), -EIO);
}

static struct kunit_case iwpm_request_cases[] = {
	KUNIT_CASE(new_requests_get_distinct_seqs),
	KUNIT_CASE(claim_matches_op_and_client),
	KUNIT_CASE(error_answer_claims_any_op),
	KUNIT_CASE(answer_before_wait_is_kept),
	KUNIT_CASE(answer_from_another_thread_wakes_waiter),
	KUNIT_CASE(no_answer_times_out),
	KUNIT_CASE(killed_waiter_stops_waiting),
	KUNIT_CASE(waiter_killed_while_waiting_stops),
	KUNIT_CASE(second_claim_finds_nothing),
	KUNIT_CASE(cancel_forgets_request),
	KUNIT_CASE(fail_wakes_only_that_client),
	KUNIT_CASE(client_exit_fails_its_requests),
	KUNIT_CASE(teardown_wakes_every_waiter),
	KUNIT_CASE(daemon_socket_release_fails_requests_at_once),
	KUNIT_CASE(daemon_codes_become_errnos),
	{}
};

static struct kunit_suite iwpm_request_suite = {
	.name = "iwpm_request",
	.test_cases = iwpm_request_cases,
};

kunit_test_suite(iwpm_request_suite);
