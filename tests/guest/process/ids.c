/* getpid, getppid, gettid: a process's ids as its children and threads see them. */
#include "../check.h"
#include <sys/syscall.h>
#include <sys/wait.h>

int main(void)
{
    pid_t me = getpid();
    CHECK(me > 0, "getpid is positive");
    CHECK_EQ(syscall(SYS_gettid), me, "gettid of the main thread is the pid");
    CHECK(getppid() > 0, "getppid is positive");
    pid_t child = fork();
    if (child == 0) {
        /* Encode what the child saw in its exit status: 1 if its parent is us, 2 if its pid is new. */
        int code = (getppid() == me) | ((getpid() != me && syscall(SYS_gettid) == getpid()) << 1);
        _exit(code);
    }
    int status = 0;
    CHECK_EQ(waitpid(child, &status, 0), child, "waitpid returns the child's pid");
    CHECK_EQ(WEXITSTATUS(status), 3, "the child's getppid is our pid and its gettid its own new pid");
    CHECK(child != me, "fork gives a new pid");
    return check_done("ids");
}
