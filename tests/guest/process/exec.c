/* execve: of an ELF program (this one, with an argument), of a #! script (whose interpreter is
 * this program again, so nothing needs to read files), and the refusals:
 * a malformed ELF (ENOEXEC), a missing file (ENOENT), a bad pointer (EFAULT). */
#include "../check.h"
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char *self;

/* Runs path with argv in a child and returns its wait status (or -1000 - errno if execve failed). */
static int run(const char *path, char *const argv[], char *const envp[])
{
    pid_t child = fork();
    if (child == 0) {
        execve(path, argv, envp);
        _exit(100 + (errno & 0x7f));
    }
    int status = 0;
    waitpid(child, &status, 0);
    return status;
}

static char *sibling(const char *name)
{
    static char buf[256];
    strcpy(buf, self);
    char *slash = strrchr(buf, '/');
    strcpy(slash ? slash + 1 : buf, name);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "as-interpreter") == 0) {
        /* Started by the kernel for exec-script's "#!<this program> as-interpreter" line: Linux
         * passes the interpreter, its one optional argument, the script's path, then the
         * arguments after argv[0] (binfmt_script). Exit 22 if that is what arrived. */
        const char *slash = strrchr(argv[2], '/');
        return (slash && strcmp(slash, "/exec-script") == 0 && strcmp(argv[3], "a") == 0 && strcmp(argv[4], "b") == 0) ? 22 : 1;
    }
    if (argc == 4 && strcmp(argv[1], "bytes") == 0) {
        /* Arguments and environment are bytes, not text: they must arrive exactly. */
        const char *v = getenv("BYTES");
        return (strcmp(argv[2], "\xff\xfe\x80 raw") == 0 && strcmp(argv[3], "caf\xc3\xa9") == 0 && v && strcmp(v, "\x80\x81") == 0) ? 38 : 1;
    }
    if (argc == 4 && strcmp(argv[1], "as-exec") == 0) {
        /* The exec'd copy: exit with a code that proves argv and envp arrived intact. */
        const char *v = getenv("TESSERA_EXEC");
        return (strcmp(argv[2], "two") == 0 && strcmp(argv[3], "three") == 0 && v && strcmp(v, "yes") == 0) ? 37 : 1;
    }
    self = argv[0];
    if (self[0] != '/') { say("FAIL exec must be started with an absolute path\n"); return 1; }

    int status = run(self, (char *[]){ self, "as-exec", "two", "three", 0 }, (char *[]){ "TESSERA_EXEC=yes", 0 });
    CHECK_EQ(WEXITSTATUS(status), 37, "execve of an ELF passes argv and envp");

    status = run(self, (char *[]){ self, "bytes", "\xff\xfe\x80 raw", "caf\xc3\xa9", 0 }, (char *[]){ "BYTES=\x80\x81", 0 });
    CHECK_EQ(WEXITSTATUS(status), 38, "execve passes argument and environment bytes unchanged (invalid UTF-8 too)");

    char *script = strdup(sibling("exec-script"));
    status = run(script, (char *[]){ script, "a", "b", 0 }, (char *[]){ 0 });
    CHECK_EQ(WEXITSTATUS(status), 22, "execve of a #! script runs its interpreter with its argument, the script and the arguments");

    CHECK_ERRNO(execve(sibling("malformed-elf"), (char *[]){ "x", 0 }, (char *[]){ 0 }), ENOEXEC, "execve of a malformed ELF is ENOEXEC");
    CHECK_ERRNO(execve("", (char *[]){ "x", 0 }, (char *[]){ 0 }), ENOENT, "execve of an empty path is ENOENT");
    CHECK_ERRNO(execve("/tests/no/such/program", (char *[]){ "x", 0 }, (char *[]){ 0 }), ENOENT, "execve of a missing file is ENOENT");
    CHECK_ERRNO(syscall(SYS_execve, 1, 0, 0), EFAULT, "execve of a bad path pointer is EFAULT");
    CHECK_ERRNO(syscall(SYS_execve, self, 8, 0), EFAULT, "execve with a bad argv is EFAULT");
    CHECK_ERRNO(execve(sibling("."), (char *[]){ "x", 0 }, (char *[]){ 0 }), EACCES, "execve of a directory is EACCES");
    return check_done("exec");
}
