/* Threads through musl's pthreads (clone with CLONE_THREAD|CLONE_SETTLS|CLONE_CHILD_CLEARTID):
 * create and join with results, distinct tids in one process, a contended mutex and a condition
 * variable (futex wait/wake), thread-local storage, and pthread_join waiting for the kernel to
 * clear the child tid word. */
#include "../check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;
static __thread int local_value;

static void *add_many(void *arg)
{
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        if ((i & 1023) == 0) sched_yield();   /* hold the lock across a yield: real contention */
        pthread_mutex_unlock(&lock);
    }
    return arg;
}

static void *report_ids(void *arg)
{
    long *out = arg;
    out[0] = getpid();
    out[1] = syscall(SYS_gettid);
    local_value = 99;
    out[2] = local_value;
    return 0;
}

/* Ping-pong: thread `me` waits for its turn, then passes it on, 200 times. */
static void *ping_pong(void *arg)
{
    int me = (int)(intptr_t)arg;
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&lock);
        while (turn != me) pthread_cond_wait(&changed, &lock);
        turn = 1 - me;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&lock);
    }
    return 0;
}

static void *sleep_then_exit(void *arg)
{
    struct timespec t = { 0, 100 * 1000000L };
    nanosleep(&t, 0);
    pthread_exit(arg);
}

int main(void)
{
    long ids[3] = { 0 };
    pthread_t t[4];
    local_value = 7;
    CHECK_EQ(pthread_create(&t[0], 0, report_ids, ids), 0, "pthread_create");
    CHECK_EQ(pthread_join(t[0], 0), 0, "pthread_join");
    CHECK_EQ(ids[0], getpid(), "a thread's getpid is the process's");
    CHECK(ids[1] != getpid() && ids[1] > 0, "its gettid is its own");
    CHECK_EQ(ids[2], 99, "its thread-local variable");
    CHECK_EQ(local_value, 7, "ours is separate (FS base per thread)");

    for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, add_many, (void *)(intptr_t)(i + 1));
    long sum = 0;
    for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); sum += (intptr_t)r; }
    CHECK_EQ(counter, 80000, "four threads under a contended mutex count to exactly 80000");
    CHECK_EQ(sum, 10, "each join returns its thread's result");

    turn = 0;
    pthread_create(&t[0], 0, ping_pong, (void *)0);
    pthread_create(&t[1], 0, ping_pong, (void *)1);
    pthread_join(t[0], 0);
    pthread_join(t[1], 0);
    CHECK_EQ(turn, 0, "a condition variable ping-pong of 400 turns completes");

    /* The join must block until the thread has really gone (CLONE_CHILD_CLEARTID + futex wake). */
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pthread_create(&t[0], 0, sleep_then_exit, (void *)42);
    void *result = 0;
    CHECK_EQ(pthread_join(t[0], &result), 0, "join of a sleeping thread");
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long waited = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    CHECK(waited >= 100000000LL, "the join waited for the thread's exit (>= 100 ms)");
    CHECK_EQ((intptr_t)result, 42, "pthread_exit's value arrives");

    /* set_tid_address returns our tid. */
    CHECK_EQ(syscall(SYS_set_tid_address, &ids[0]), syscall(SYS_gettid), "set_tid_address returns the caller's tid");
    return check_done("pthreads");
}
