/* sigsuspend waits with a temporary mask, returns EINTR after the handler, and restores the mask. */
#include "../check.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int count;
static void on_usr1(int signal) { (void)signal; count++; }

int main(void)
{
    signal(SIGUSR1, on_usr1);
    sigset_t block, during, after;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, 0);

    pid_t child = signal_us_later(SIGUSR1, 50);
    sigemptyset(&during);
    sigaddset(&during, SIGUSR2);
    CHECK_ERRNO(sigsuspend(&during), EINTR, "sigsuspend returns EINTR after the handler");
    CHECK_EQ(count, 1, "the handler ran once");
    sigprocmask(SIG_BLOCK, 0, &after);
    CHECK(sigismember(&after, SIGUSR1) && !sigismember(&after, SIGUSR2), "the old mask is back");
    int status;
    waitpid(child, &status, 0);

    /* A signal already pending when sigsuspend starts is taken at once. */
    raise(SIGUSR1);
    CHECK_EQ(count, 1, "blocked: not yet delivered");
    sigemptyset(&during);
    CHECK_ERRNO(sigsuspend(&during), EINTR, "sigsuspend with a pending signal returns at once");
    CHECK_EQ(count, 2, "and the handler ran");
    return check_done("sigsuspend");
}
