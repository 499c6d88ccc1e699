/* fork and wait4: exit codes, death by a signal, WNOHANG, ECHILD, waiting for a given pid. */
#include "../check.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(void)
{
    int status = -1;
    CHECK_ERRNO(wait(&status), ECHILD, "wait with no children is ECHILD");

    pid_t a = fork();
    if (a == 0) _exit(7);
    pid_t b = fork();
    if (b == 0) _exit(200);
    CHECK_EQ(waitpid(b, &status, 0), b, "waitpid(b) reaps b first");
    CHECK(WIFEXITED(status), "b exited normally");
    CHECK_EQ(WEXITSTATUS(status), 200, "b's exit code");
    struct rusage usage;
    CHECK_EQ(wait4(-1, &status, 0, &usage), a, "wait4(-1) reaps a");
    CHECK_EQ(status, 7 << 8, "a's raw status is 7 << 8");

    pid_t c = fork();
    if (c == 0) { for (;;) pause(); }
    CHECK_EQ(waitpid(c, &status, WNOHANG), 0, "WNOHANG on a running child returns 0");
    CHECK_EQ(kill(c, SIGKILL), 0, "kill(child, SIGKILL)");
    CHECK_EQ(waitpid(c, &status, 0), c, "the killed child is reaped");
    CHECK(WIFSIGNALED(status), "WIFSIGNALED");
    CHECK_EQ(WTERMSIG(status), SIGKILL, "WTERMSIG is SIGKILL");

    pid_t d = fork();
    if (d == 0) { raise(SIGABRT); _exit(1); }
    CHECK_EQ(waitpid(d, &status, 0), d, "the aborted child is reaped");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "raise(SIGABRT) kills with SIGABRT");
    CHECK(WCOREDUMP(status) == 0 || WCOREDUMP(status) != 0, "WCOREDUMP is readable");

    CHECK_ERRNO(waitpid(d, &status, 0), ECHILD, "a reaped child cannot be waited for again");
    CHECK_ERRNO(waitpid(getpid(), &status, 0), ECHILD, "waiting for ourselves is ECHILD");
    CHECK_ERRNO(waitpid(-1, &status, 0x1000), EINVAL, "an unknown wait option is EINVAL");
    pid_t e = fork();
    if (e == 0) _exit(0);
    CHECK_ERRNO(wait4(e, &status, 0, (struct rusage *)8), EFAULT, "wait4 with a bad rusage pointer is EFAULT");

    /* Many children at once, each exit code distinct: every one is reaped exactly once. */
    int sum = 0;
    for (int i = 1; i <= 10; i++) if (fork() == 0) _exit(i);
    for (int i = 1; i <= 10; i++) { if (wait(&status) > 0) sum += WEXITSTATUS(status); }
    CHECK_EQ(sum, 55, "ten children's exit codes add up");
    CHECK_ERRNO(wait(&status), ECHILD, "and then there are none");
    return check_done("fork_wait");
}
