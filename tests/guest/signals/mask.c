/* sigprocmask: a blocked signal stays pending (sigpending shows it), is delivered once on
 * unblock, and standard signals do not queue; SIGKILL/SIGSTOP cannot be blocked. */
#include "../check.h"
#include <signal.h>

static volatile int count;
static void on_usr1(int signal) { (void)signal; count++; }
static volatile int rt_delivered;
static void on_rt(int signal) { (void)signal; rt_delivered++; }

int main(void)
{
    signal(SIGUSR1, on_usr1);
    sigset_t block, old, pending, now;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    CHECK_EQ(sigprocmask(SIG_BLOCK, &block, &old), 0, "block SIGUSR1");
    CHECK(!sigismember(&old, SIGUSR1), "it was not blocked before");
    raise(SIGUSR1);
    raise(SIGUSR1);
    CHECK_EQ(count, 0, "a blocked signal is not delivered");
    sigemptyset(&pending);
    CHECK_EQ(sigpending(&pending), 0, "sigpending");
    CHECK(sigismember(&pending, SIGUSR1), "SIGUSR1 is pending");
    CHECK(!sigismember(&pending, SIGUSR2), "SIGUSR2 is not");
    CHECK_EQ(sigprocmask(SIG_UNBLOCK, &block, 0), 0, "unblock");
    CHECK_EQ(count, 1, "delivered once on unblock (standard signals do not queue)");
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGUSR1), "no longer pending");

    sigset_t all;
    sigfillset(&all);
    CHECK_EQ(sigprocmask(SIG_SETMASK, &all, 0), 0, "block everything");
    sigprocmask(SIG_BLOCK, 0, &now);
    CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP), "SIGKILL and SIGSTOP are never blocked");
    CHECK(sigismember(&now, SIGUSR1) && sigismember(&now, SIGTERM), "the others are");
    CHECK_ERRNO(sigprocmask(12345, &block, 0), EINVAL, "an unknown 'how' is EINVAL");
    sigprocmask(SIG_SETMASK, &old, 0);

    /* Ignored signals are discarded even while blocked-then-unblocked. */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    CHECK(1, "an ignored signal does nothing");
    /* Real-time signals queue: three sent while blocked, three delivered. */
    signal(SIGRTMIN, on_rt);
    sigemptyset(&block);
    sigaddset(&block, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &block, 0);
    raise(SIGRTMIN); raise(SIGRTMIN); raise(SIGRTMIN);
    sigprocmask(SIG_UNBLOCK, &block, 0);
    CHECK_EQ(rt_delivered, 3, "real-time signals queue (three sent, three delivered)");
    return check_done("mask");
}
