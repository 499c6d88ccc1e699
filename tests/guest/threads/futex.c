/* The futex calls directly: WAIT on a changed value is EAGAIN, WAIT with a timeout is ETIMEDOUT
 * after the time, WAKE counts the woken, a bad address is EFAULT. */
#include "../check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

/* <linux/futex.h>: musl ships no kernel headers. */
#define FUTEX_WAIT_PRIVATE 128   /* FUTEX_WAIT (0) | FUTEX_PRIVATE_FLAG (128) */
#define FUTEX_WAKE_PRIVATE 129   /* FUTEX_WAKE (1) | FUTEX_PRIVATE_FLAG */

static volatile int word;

static long futex(volatile int *address, int op, int value, const struct timespec *timeout)
{
    return syscall(SYS_futex, address, op, value, timeout, 0, 0);
}

static void *waker(void *arg)
{
    (void)arg;
    struct timespec t = { 0, 50 * 1000000L };
    nanosleep(&t, 0);
    word = 1;
    futex(&word, FUTEX_WAKE_PRIVATE, 1, 0);
    return 0;
}

int main(void)
{
    word = 5;
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 4, 0), EAGAIN, "FUTEX_WAIT when the word differs is EAGAIN");
    struct timespec timeout = { 0, 30 * 1000000L }, a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 5, &timeout), ETIMEDOUT, "FUTEX_WAIT with a timeout is ETIMEDOUT");
    clock_gettime(CLOCK_MONOTONIC, &b);
    CHECK((b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec) >= 30000000LL, "after at least the timeout");
    CHECK_EQ(futex(&word, FUTEX_WAKE_PRIVATE, 10, 0), 0, "FUTEX_WAKE with no waiters wakes 0");
    CHECK_ERRNO(futex((int *)8, FUTEX_WAIT_PRIVATE, 0, 0), EFAULT, "FUTEX_WAIT on a bad address is EFAULT");
    CHECK_ERRNO(futex((int *)((char *)&word + 1), FUTEX_WAIT_PRIVATE, 0, 0), EINVAL, "FUTEX_WAIT on a misaligned address is EINVAL");

    word = 0;
    pthread_t t;
    pthread_create(&t, 0, waker, 0);
    long r;
    while ((r = futex(&word, FUTEX_WAIT_PRIVATE, 0, 0)) == 0 && word == 0) {}
    CHECK(word == 1, "FUTEX_WAIT returns after another thread's FUTEX_WAKE");
    pthread_join(t, 0);
    return check_done("futex");
}
