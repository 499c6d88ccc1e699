/* Process groups and sessions, orphans, exit codes: setpgid/getpgid, setsid (EPERM for a
 * group leader), waitpid(-pgid), an orphaned grandchild adopted (no longer our child), and the
 * exit code keeping only its low 8 bits. */
#include "../check.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

int main(void)
{
    pid_t me = getpid();
    CHECK_EQ(getpgid(0), getpgrp(), "getpgid(0) is getpgrp()");
    CHECK(getsid(0) > 0, "getsid(0)");

    pid_t child = fork();
    if (child == 0) {
        struct timespec t = { 0, 50 * 1000000L };
        nanosleep(&t, 0);
        _exit(getpgrp() == getpid() ? 0 : 1);
    }
    CHECK_EQ(setpgid(child, child), 0, "setpgid(child, child) makes it a group leader");
    CHECK_EQ(getpgid(child), child, "getpgid(child)");
    int status;
    CHECK_EQ(waitpid(-child, &status, 0), child, "waitpid(-pgid) reaps from that group");
    CHECK_EQ(status, 0, "the child saw itself as its group's leader");

    child = fork();
    if (child == 0) {
        pid_t sid = setsid();
        int ok = sid == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
        _exit(ok ? 0 : 1);
    }
    waitpid(child, &status, 0);
    CHECK_EQ(status, 0, "setsid in a child makes a new session and group");
    if (getpgrp() == me) CHECK_ERRNO(setsid(), EPERM, "setsid by a group leader is EPERM");
    else CHECK(1, "(not a group leader: setsid EPERM not applicable)");
    CHECK_ERRNO(setpgid(999999, 0), ESRCH, "setpgid of no such process is ESRCH");
    CHECK_ERRNO(setpgid(0, -1), EINVAL, "a negative pgid is EINVAL");

    /* An orphan is adopted: its getppid changes from its dead parent's pid (to init's, or a
     * subreaper's on a host with one). It reports through a shared page. */
    volatile int *report = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    child = fork();
    if (child == 0) {
        struct timespec t = { 0, 10 * 1000000L };
        if (fork() == 0) {
            report[1] = getppid();
            report[3] = 1;
            for (int i = 0; i < 300 && getppid() == report[1]; i++) nanosleep(&t, 0);
            report[2] = getppid();
            report[0] = 1;
            _exit(0);
        }
        for (int i = 0; i < 300 && !report[3]; i++) nanosleep(&t, 0);
        _exit(0);   /* the grandchild is orphaned */
    }
    waitpid(child, &status, 0);
    CHECK_ERRNO(waitpid(-1, &status, WNOHANG), ECHILD, "an orphaned grandchild is not our child");
    for (int i = 0; i < 300 && !report[0]; i++) { struct timespec t = { 0, 10 * 1000000L }; nanosleep(&t, 0); }
    CHECK(report[0] && report[1] == child, "the grandchild's parent was our child");
    CHECK(report[0] && report[2] != child && report[2] > 0, "after its parent died it was adopted (a new getppid)");

    child = fork();
    if (child == 0) _exit(0x1234);
    waitpid(child, &status, 0);
    CHECK_EQ(WEXITSTATUS(status), 0x34, "only the low 8 bits of the exit code arrive");
    child = fork();
    if (child == 0) _exit(-1);
    waitpid(child, &status, 0);
    CHECK_EQ(WEXITSTATUS(status), 255, "exit(-1) is 255");
    return check_done("groups");
}
