/* FUTEX_REQUEUE and FUTEX_CMP_REQUEUE move waiters to a second futex without waking them:
 * the return value counts woken plus moved waiters, moved waiters sleep on until the second
 * word is woken, FUTEX_WAKE wakes exactly as many as asked, and condition variables built on
 * requeueing (musl's broadcast) wake everyone. */
#include "../check.h"
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

/* include/uapi/linux/futex.h (musl-gcc has no kernel headers): the operation | FUTEX_PRIVATE_FLAG (128). */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_REQUEUE_PRIVATE 131
#define FUTEX_CMP_REQUEUE_PRIVATE 132
#define WAITERS 3

static int f0, f1, f2;
static atomic_int returned;

static long futex(int *word, int op, int value, long value2, int *word2, int value3)
{
    return syscall(SYS_futex, word, op, value, (void *)value2, word2, value3);
}

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void sleep_ms(int ms)
{
    struct timespec t = { 0, ms * 1000000L };
    nanosleep(&t, 0);
}

/* Waits on f0 (still 0) until woken, wherever it has been moved meanwhile. */
static void *waiter(void *arg)
{
    (void)arg;
    long r;
    do r = futex(&f0, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
    while (r != 0 && errno == EINTR);
    atomic_fetch_add(&returned, 1);
    return (void *)r;
}

/* Moves the waiters of from to to until n have been moved (they start waiting at their own
 * pace); the total. */
static long gather(int *from, int *to, int n)
{
    long moved = 0;
    long long start = now_ns();
    while (moved < n && now_ns() - start < 5000000000LL) {
        long r = futex(from, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, to, *from);
        if (r > 0) moved += r;
        else sleep_ms(5);
    }
    return moved;
}

/* Waits (up to 5 s) until at least n waiters have returned; then how many have. */
static int returned_after(int n)
{
    long long start = now_ns();
    while (atomic_load(&returned) < n && now_ns() - start < 5000000000LL) sleep_ms(5);
    return atomic_load(&returned);
}

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER, ready_cond = PTHREAD_COND_INITIALIZER;
static int go, ready, done;

static void *cond_waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mutex);
    ready++;
    pthread_cond_signal(&ready_cond);
    while (!go) pthread_cond_wait(&cond, &mutex);
    done++;
    pthread_mutex_unlock(&mutex);
    return 0;
}

int main(void)
{
    f1 = 1; f2 = 2;
    CHECK_ERRNO(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 0, 1, &f2, 7), EAGAIN, "FUTEX_CMP_REQUEUE with a stale value is EAGAIN");
    CHECK_ERRNO(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, -1, 1, &f2, 1), EINVAL, "a negative nr_wake is EINVAL");
    CHECK_EQ(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &f2, 1), 0, "requeueing no waiters returns 0");
    CHECK_EQ(futex(&f1, FUTEX_REQUEUE_PRIVATE, 1, 1, &f2, 0), 0, "FUTEX_REQUEUE of no waiters returns 0");

    /* Three waiters on f0, all moved to f1: none wakes. */
    pthread_t threads[WAITERS];
    for (int i = 0; i < WAITERS; i++) pthread_create(&threads[i], 0, waiter, 0);
    CHECK_EQ(gather(&f0, &f1, WAITERS), WAITERS, "FUTEX_CMP_REQUEUE moved every waiter (counted in its return value)");
    sleep_ms(100);
    CHECK_EQ(atomic_load(&returned), 0, "requeued waiters stay asleep");
    CHECK_EQ(futex(&f0, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0), 0, "a wake of the first word finds nobody");
    sleep_ms(50);
    CHECK_EQ(atomic_load(&returned), 0, "  and wakes nobody");

    /* From f1: wake one, move one to f2, leave one. */
    CHECK_EQ(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &f2, f1), 2, "FUTEX_CMP_REQUEUE(nr_wake 1, nr_requeue 1) returns 2");
    CHECK_EQ(returned_after(1), 1, "  it woke exactly one");
    sleep_ms(50);
    CHECK_EQ(atomic_load(&returned), 1, "  and only one");
    /* FUTEX_REQUEUE (no compare) moves the one left on f1 to f2. */
    CHECK_EQ(futex(&f1, FUTEX_REQUEUE_PRIVATE, 0, INT_MAX, &f2, 0), 1, "FUTEX_REQUEUE(nr_wake 0) moves the last one and returns 1");
    CHECK_EQ(futex(&f1, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0), 0, "nobody is left on the first word");
    sleep_ms(50);
    CHECK_EQ(atomic_load(&returned), 1, "  and the moved one sleeps on");
    CHECK_EQ(futex(&f2, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 1, "FUTEX_WAKE(1) on the second word wakes one");
    CHECK_EQ(returned_after(2), 2, "  which returns");
    sleep_ms(50);
    CHECK_EQ(atomic_load(&returned), 2, "  and only that one");
    CHECK_EQ(futex(&f2, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0), 1, "the last wake on the second word wakes the last waiter");
    CHECK_EQ(returned_after(3), 3, "  which returns");
    int all_zero = 1;
    for (int i = 0; i < WAITERS; i++) {
        void *r;
        pthread_join(threads[i], &r);
        if (r != 0) all_zero = 0;
    }
    CHECK(all_zero, "every waiter's FUTEX_WAIT returned 0");

    /* FUTEX_WAKE with a count of 0 still wakes one (Linux's futex_wake: ++ret >= nr_wake). */
    pthread_t one;
    pthread_create(&one, 0, waiter, 0);
    CHECK_EQ(gather(&f0, &f1, 1), 1, "one more waiter, moved to the first word");
    CHECK_EQ(futex(&f1, FUTEX_WAKE_PRIVATE, 0, 0, 0, 0), 1, "FUTEX_WAKE(0) wakes one, as Linux");
    CHECK_EQ(returned_after(4), 4, "  which returns");
    pthread_join(one, 0);

    /* A condition variable's broadcast (musl requeues its waiters to the mutex). */
    pthread_t cond_threads[4];
    for (int i = 0; i < 4; i++) pthread_create(&cond_threads[i], 0, cond_waiter, 0);
    pthread_mutex_lock(&mutex);
    while (ready < 4) pthread_cond_wait(&ready_cond, &mutex);
    go = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&mutex);
    for (int i = 0; i < 4; i++) pthread_join(cond_threads[i], 0);
    CHECK_EQ(done, 4, "pthread_cond_broadcast wakes all four waiters");
    return check_done("threads/requeue");
}
