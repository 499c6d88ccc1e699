/* A handled signal interrupts a blocking call: nanosleep returns EINTR with the remaining time
 * whatever SA_RESTART says (nanosleep(2)); wait4 is restarted with SA_RESTART and fails with
 * EINTR without it. An alarm is sent by a child. */
#include "../check.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int count;
static void on_usr1(int signal) { (void)signal; count++; }


/* A child that sends SIGUSR1 to us after about `ms` milliseconds, then exits with `code` after `ms2` more. */
static pid_t poke_later(int ms, int ms2, int code)
{
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        struct timespec t = { 0, ms * 1000000L };
        nanosleep(&t, 0);
        kill(parent, SIGUSR1);
        t.tv_nsec = ms2 * 1000000L;
        nanosleep(&t, 0);
        _exit(code);
    }
    return child;
}

int main(void)
{
    set_handler(SIGUSR1, on_usr1, SA_RESTART);
    pid_t child = poke_later(100, 0, 0);
    struct timespec want = { 5, 0 }, left = { 0, 0 };
    CHECK_ERRNO(nanosleep(&want, &left), EINTR, "nanosleep interrupted by a handled signal is EINTR (even with SA_RESTART)");
    CHECK_EQ(count, 1, "the handler ran");
    CHECK(left.tv_sec >= 3 && left.tv_sec <= 4 && left.tv_nsec >= 0 && left.tv_nsec < 1000000000, "the remaining time is about 4.9 s");
    int status;
    waitpid(child, &status, 0);

    child = poke_later(50, 150, 12);
    CHECK_EQ(waitpid(child, &status, 0), child, "wait4 with SA_RESTART is restarted after the handler");
    CHECK_EQ(count, 2, "the handler ran during the wait");
    CHECK_EQ(WEXITSTATUS(status), 12, "and the child's status arrives");

    set_handler(SIGUSR1, on_usr1, 0);
    child = poke_later(50, 150, 13);
    CHECK_ERRNO(waitpid(child, &status, 0), EINTR, "wait4 without SA_RESTART fails with EINTR");
    CHECK_EQ(count, 3, "the handler ran");
    CHECK_EQ(waitpid(child, &status, 0), child, "the child is still there to reap");
    CHECK_EQ(WEXITSTATUS(status), 13, "with its status");

    child = poke_later(50, 0, 0);
    CHECK_EQ(pause(), -1, "pause returns -1 after a handler");
    CHECK_EQ(errno, EINTR, "with EINTR");
    waitpid(child, &status, 0);
    return check_done("eintr");
}
