/* waitid: the child's siginfo (CLD_EXITED/CLD_KILLED, pid, status), WNOWAIT leaving the child
 * to be waited for again, WNOHANG with a zeroed si_pid, P_PGID, and the EINVAL/ECHILD cases. */
#include "../check.h"
#include <signal.h>
#include <sys/wait.h>

int main(void)
{
    siginfo_t info;
    pid_t child = fork();
    if (child == 0) _exit(5);
    memset(&info, 0x55, sizeof info);
    CHECK_EQ(waitid(P_PID, child, &info, WEXITED | WNOWAIT), 0, "waitid(P_PID, WEXITED|WNOWAIT)");
    CHECK_EQ(info.si_signo, SIGCHLD, "si_signo SIGCHLD");
    CHECK_EQ(info.si_code, CLD_EXITED, "si_code CLD_EXITED");
    CHECK_EQ(info.si_pid, child, "si_pid is the child");
    CHECK_EQ(info.si_status, 5, "si_status is the exit code");
    CHECK_EQ(waitid(P_ALL, 0, &info, WEXITED), 0, "WNOWAIT left it there: waitid(P_ALL) reaps it");
    CHECK_EQ(info.si_pid, child, "the same child");
    CHECK_ERRNO(waitpid(child, 0, WNOHANG), ECHILD, "and now it is gone");

    child = fork();
    if (child == 0) { for (;;) pause(); }
    memset(&info, 0x55, sizeof info);
    CHECK_EQ(waitid(P_PID, child, &info, WEXITED | WNOHANG), 0, "WNOHANG on a running child returns 0");
    CHECK_EQ(info.si_pid, 0, "with si_pid 0");
    kill(child, SIGKILL);
    CHECK_EQ(waitid(P_PGID, getpgrp(), &info, WEXITED), 0, "waitid(P_PGID, our group) waits for the killed child");
    CHECK_EQ(info.si_code, CLD_KILLED, "si_code CLD_KILLED");
    CHECK_EQ(info.si_status, SIGKILL, "si_status is the signal");

    CHECK_ERRNO(waitid(P_ALL, 0, &info, WEXITED), ECHILD, "no children: ECHILD");
    CHECK_ERRNO(waitid(P_ALL, 0, &info, 0), EINVAL, "no WEXITED/WSTOPPED/WCONTINUED: EINVAL");
    CHECK_ERRNO(waitid((idtype_t)99, 0, &info, WEXITED), EINVAL, "an unknown idtype is EINVAL");
    return check_done("waitid");
}
