// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * KUnit: request tracking under real concurrency.  Kernel threads issue
 * requests and wait for them while others answer them, fail them as a
 * vanishing daemon does, and take a client away and back, each for a bounded
 * number of rounds and with nothing but the port mapper's own locks between
 * them.  Run it on several CPUs with KASAN and lockdep (CONFIG_KASAN,
 * CONFIG_PROVE_LOCKING): a request looked at after it was freed, or a lock
 * taken in the wrong order, is reported there.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "iwpm_kunit.h"

#define NES	IWPM_TEST_NES
#define C4IW	IWPM_TEST_C4IW
#define ADD	RDMA_NL_IWPM_ADD_MAPPING

/*
 * 20,000 rounds a thread in all, in STRESS_RUNS cases of STRESS_ROUNDS: under
 * emulation with KASAN and lockdep a case then lasts seconds, not minutes,
 * and KUnit's runner, which waits for it, is never taken for a hung task.
 */
#define STRESS_ROUNDS	2500
#define STRESS_RUNS	8
#define STRESS_WAITERS	4
#define STRESS_WAIT_EVERY	32

struct iwpm_stress {
	struct iwpm_test_env *env;
	atomic_t running;
	struct completion all_done;
	atomic_t unexpected;	/* results no party may produce */
	atomic_t completed;	/* requests that ended with an answer */
};

struct iwpm_stress_thread {
	struct iwpm_stress *st;
	u8 client;
	int (*fn)(struct iwpm_stress_thread *t);
};

static bool stress_result_ok(int err)
{
	return err == 0 || err == -ETIMEDOUT || err == -ECONNRESET ||
	       err == -ESHUTDOWN;
}

/*
 * A driver asking for mappings with no patience.  Most of its requests end
 * as a failed send does (iwpm_request_cancel()), which takes and frees them
 * at once; one in STRESS_WAIT_EVERY waits out its timeout, which with a
 * timeout of 0 still lasts until the next tick.
 */
static int stress_waiter(struct iwpm_stress_thread *t)
{
	struct iwpm *pm = &t->st->env->pm;
	struct iwpm_request *req;
	unsigned int i;
	int err = 0;

	for (i = 0; i < STRESS_ROUNDS; i++) {
		req = iwpm_request_new(pm, t->client, ADD);
		if (IS_ERR(req)) {
			atomic_inc(&t->st->unexpected);
			continue;
		}
		if (i % STRESS_WAIT_EVERY)
			iwpm_request_cancel(pm, req);
		else
			err = iwpm_request_wait(pm, req);
		if (!stress_result_ok(err))
			atomic_inc(&t->st->unexpected);
		if (!err && !(i % STRESS_WAIT_EVERY))
			atomic_inc(&t->st->completed);
		iwpm_request_put(req);
		cond_resched();
	}
	return 0;
}

/* The daemon answering whatever was asked last. */
static int stress_answerer(struct iwpm_stress_thread *t)
{
	struct iwpm *pm = &t->st->env->pm;
	struct iwpm_request *req;
	unsigned int i;
	u32 seq;

	for (i = 0; i < STRESS_ROUNDS; i++) {
		seq = atomic_read(&pm->seq) - (i & 3);
		req = iwpm_request_claim(pm, seq, t->client, ADD);
		if (req)
			iwpm_request_complete(req, 0);
		cond_resched();
	}
	return 0;
}

/* The daemon's socket closing, again and again. */
static int stress_daemon_loss(struct iwpm_stress_thread *t)
{
	struct iwpm *pm = &t->st->env->pm;
	unsigned int i;

	for (i = 0; i < STRESS_ROUNDS; i++) {
		spin_lock_bh(&pm->lock);
		pm->daemon.known = true;
		pm->daemon.portid = IWPM_TEST_DAEMON_PORTID;
		spin_unlock_bh(&pm->lock);
		iwpm_pm_daemon_released(pm, IWPM_TEST_DAEMON_PORTID);
		cond_resched();
	}
	return 0;
}

/* A second driver of the client coming and going: its last exit fails. */
static int stress_client_churn(struct iwpm_stress_thread *t)
{
	struct iwpm *pm = &t->st->env->pm;
	unsigned int i;

	for (i = 0; i < STRESS_ROUNDS; i++) {
		iwpm_client_put(pm, t->client);
		if (iwpm_client_get(pm, t->client))
			atomic_inc(&t->st->unexpected);
		cond_resched();
	}
	return 0;
}

static int stress_thread(void *data)
{
	struct iwpm_stress_thread *t = data;

	t->fn(t);
	if (atomic_dec_and_test(&t->st->running))
		complete(&t->st->all_done);
	return 0;
}

static void stress_run(struct kunit *test, struct iwpm_stress *st,
		       struct iwpm_stress_thread *threads, unsigned int n)
{
	struct task_struct *task;
	unsigned int i;

	atomic_set(&st->running, n);
	init_completion(&st->all_done);
	for (i = 0; i < n; i++) {
		threads[i].st = st;
		task = kthread_run(stress_thread, &threads[i], "iwpm_stress/%u", i);
		if (IS_ERR(task) && atomic_dec_and_test(&st->running))
			complete(&st->all_done);
		KUNIT_EXPECT_FALSE(test, IS_ERR(task));
	}
	/* minutes under emulation: not a hung task, and not to be killed */
	wait_for_completion_state(&st->all_done, TASK_IDLE);
}

static void stress_expect_clean(struct kunit *test, struct iwpm_stress *st)
{
	KUNIT_EXPECT_EQ(test, atomic_read(&st->unexpected), 0);
	KUNIT_EXPECT_EQ(test, iwpm_requests_pending(&st->env->pm), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->env->pm.live_requests), 0);
}

/*
 * Waiters timing out at once while answers complete and a vanishing daemon
 * fails the same requests: each request is ended by exactly one party and
 * freed exactly once.
 */
static void requests_race_answers_timeouts_and_daemon_loss(struct kunit *test)
{
	struct iwpm_stress st = { .env = iwpm_test_env_new(test) };
	struct iwpm_stress_thread threads[STRESS_WAITERS + 3] = {};
	unsigned int i;

	st.env->pm.timeout = 0;
	for (i = 0; i < STRESS_WAITERS; i++)
		threads[i] = (struct iwpm_stress_thread){ .client = i & 1 ? C4IW : NES,
							  .fn = stress_waiter };
	threads[i++] = (struct iwpm_stress_thread){ .client = NES,
						    .fn = stress_answerer };
	threads[i++] = (struct iwpm_stress_thread){ .client = C4IW,
						    .fn = stress_answerer };
	threads[i++] = (struct iwpm_stress_thread){ .fn = stress_daemon_loss };
	stress_run(test, &st, threads, i);
	stress_expect_clean(test, &st);
	kunit_info(test, "%d of %d waited-for requests answered\n",
		   atomic_read(&st.completed),
		   STRESS_WAITERS * STRESS_ROUNDS / STRESS_WAIT_EVERY);
}

/*
 * The same with a client's last user leaving and a new one coming, which
 * fails that client's requests with -ESHUTDOWN while the daemon's loss
 * fails them all.
 */
static void requests_race_client_exit(struct kunit *test)
{
	struct iwpm_stress st = { .env = iwpm_test_env_new(test) };
	struct iwpm_stress_thread threads[STRESS_WAITERS + 2] = {};
	unsigned int i;

	st.env->pm.timeout = 0;
	for (i = 0; i < STRESS_WAITERS; i++)
		threads[i] = (struct iwpm_stress_thread){ .client = C4IW,
							  .fn = stress_waiter };
	threads[i++] = (struct iwpm_stress_thread){ .client = C4IW,
						    .fn = stress_client_churn };
	threads[i++] = (struct iwpm_stress_thread){ .fn = stress_daemon_loss };
	stress_run(test, &st, threads, i);
	stress_expect_clean(test, &st);
	KUNIT_EXPECT_TRUE(test, iwpm_client_in_use(&st.env->pm, C4IW));
}

static const unsigned int stress_runs[STRESS_RUNS] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static void stress_run_desc(const unsigned int *run, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "run %u of %u", *run, STRESS_RUNS);
}

KUNIT_ARRAY_PARAM(stress_run, stress_runs, stress_run_desc);

static struct kunit_case iwpm_stress_cases[] = {
	KUNIT_CASE_PARAM_ATTR(requests_race_answers_timeouts_and_daemon_loss,
			      stress_run_gen_params, { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM_ATTR(requests_race_client_exit, stress_run_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite iwpm_stress_suite = {
	.name = "iwpm_stress",
	.test_cases = iwpm_stress_cases,
};

kunit_test_suite(iwpm_stress_suite);
