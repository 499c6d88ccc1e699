/* vfork: the parent waits until the child calls _exit, and the child shares our memory meanwhile. */
#include "../check.h"
#include <sys/wait.h>

static volatile int shared_word;

int main(void)
{
    pid_t child = vfork();
    if (child == 0) {
        shared_word = 42;   /* vfork's child borrows the parent's memory */
        _exit(9);
    }
    CHECK(child > 0, "vfork returns the child's pid");
    CHECK_EQ(shared_word, 42, "the child's store is visible to the parent (shared memory until _exit)");
    int status = 0;
    CHECK_EQ(waitpid(child, &status, 0), child, "the vfork child is reaped");
    CHECK_EQ(WEXITSTATUS(status), 9, "its exit code");

    /* vfork then execve: the parent resumes once the child has a new program. */
    child = vfork();
    if (child == 0) {
        char *argv[] = { "sh", "-c", "exit 5", 0 };
        execve("/bin/sh", argv, (char *[]){ 0 });
        _exit(127);
    }
    CHECK_EQ(waitpid(child, &status, 0), child, "the vfork+execve child is reaped");
    CHECK_EQ(WEXITSTATUS(status), 5, "sh -c 'exit 5' after vfork");
    return check_done("vfork");
}
