// Process benchmarks (issue 4): the same static binary runs as the first program on Tessera
// and on Linux, and prints one line per benchmark:
//     bench-process: NAME ITERATIONS NS_PER_OP
// then "bench-process: done". The host (./tessera bench processes) parses both consoles.
// Each benchmark repeats its operation until about TARGET_NS of CLOCK_MONOTONIC time has
// passed, after a short warm-up, so slow and fast kernels both give stable numbers.
// Usage: process-bench [EXEC_TARGET]   (default /bench/exec-target, a program that exits 0)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// musl-gcc has no kernel headers: futex(2) operation numbers.
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

#define PREFIX "bench-process: "
#define TARGET_NS 700000000LL           // ~0.7 s of measuring per benchmark
#define PAGE 4096L
#define MIB (1024L * 1024L)
#define FAULT_REGION (32L * MIB)        // touched fresh each round for the page-fault rate

static const char *exec_target = "/bench/exec-target";

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what)
{
    printf(PREFIX "error %s: %s\n", what, strerror(errno));
    fflush(stdout);
    exit(1);
}

static void report(const char *name, long long iterations, long long ns)
{
    printf(PREFIX "%s %lld %.1f\n", name, iterations, (double)ns / (double)iterations);
    fflush(stdout);
}

// Runs op() in batches of `batch` until TARGET_NS have passed; returns iterations done and
// sets *elapsed. The clock is read once per batch so it does not dominate cheap operations.
static long long repeat(void (*op)(void), long batch, long long *elapsed)
{
    for (long i = 0; i < batch; i++) op();          // warm-up: caches, first-touch faults
    long long start = now_ns(), n = 0, t;
    do {
        for (long i = 0; i < batch; i++) op();
        n += batch;
        t = now_ns() - start;
    } while (t < TARGET_NS);
    *elapsed = t;
    return n;
}

static void measure(const char *name, void (*op)(void), long batch)
{
    long long elapsed, n = repeat(op, batch, &elapsed);
    report(name, n, elapsed);
}

// --- null syscall: getppid through syscall(), so no libc caching can answer it.
static void null_syscall(void) { syscall(SYS_getppid); }

// --- fork + _exit + waitpid.
static void fork_exit_wait(void)
{
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) _exit(0);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) die("waitpid (fork)");
}

// --- fork + execve of a tiny static program + waitpid.
static void fork_exec_wait(void)
{
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        char *argv[] = { (char *)exec_target, NULL }, *envp[] = { NULL };
        execve(exec_target, argv, envp);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) die("waitpid (exec)");
}

// --- mmap 1 MiB, write one byte per page, munmap.
static void mmap_touch_munmap(void)
{
    char *p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) die("mmap");
    for (long off = 0; off < MIB; off += PAGE) p[off] = 1;
    if (munmap(p, MIB) != 0) die("munmap");
}

// --- page-fault rate: only the touching loop is timed, over a region mapped fresh each round.
static void page_faults(void)
{
    long long faults = 0, spent = 0;
    for (int warm = 1; warm >= 0; warm--) {
        long long start_all = now_ns();
        do {
            char *p = mmap(NULL, FAULT_REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) die("mmap (faults)");
            long long start = now_ns();
            for (long off = 0; off < FAULT_REGION; off += PAGE) p[off] = 1;
            long long t = now_ns() - start;
            if (munmap(p, FAULT_REGION) != 0) die("munmap (faults)");
            if (!warm) { spent += t; faults += FAULT_REGION / PAGE; }
        } while (!warm && now_ns() - start_all < TARGET_NS);
    }
    report("page-fault", faults, spent);
}

// --- pipe round trip: one byte to the child, one byte back; 'q' ends the child.
static void pipe_round_trip(void)
{
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) die("pipe");
    pid_t pid = fork();
    if (pid < 0) die("fork (pipe)");
    if (pid == 0) {
        char c;
        while (read(down[0], &c, 1) == 1 && c != 'q')
            if (write(up[1], &c, 1) != 1) _exit(1);
        _exit(0);
    }
    char c = 'x';
    long long n = 0, start = 0, t = 0;
    for (long long i = -100; ; i++) {            // 100 warm-up round trips first
        if (i == 0) start = now_ns();
        if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1) die("pipe round trip");
        if (i > 0 && (i & 63) == 0 && (t = now_ns() - start) >= TARGET_NS) { n = i; break; }
    }
    c = 'q';
    if (write(down[1], &c, 1) != 1) die("pipe stop");
    int status;
    waitpid(pid, &status, 0);
    close(down[0]); close(down[1]); close(up[0]); close(up[1]);
    report("pipe-roundtrip", n, t);
}

// --- futex ping-pong between two threads: `turn` says who runs; each side sleeps on it in
// FUTEX_WAIT until the other hands it over. One iteration is a round trip (two switches).
static _Atomic int turn, stop;

static void futex_wait(_Atomic int *word, int value) { syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0); }
static void futex_wake(_Atomic int *word) { syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); }

static void *partner(void *unused)
{
    (void)unused;
    for (;;) {
        while (atomic_load(&turn) != 1) futex_wait(&turn, 0);
        if (atomic_load(&stop)) return NULL;
        atomic_store(&turn, 0);
        futex_wake(&turn);
    }
}

static void futex_round_trip(void)
{
    pthread_t thread;
    atomic_store(&turn, 0);
    atomic_store(&stop, 0);
    if ((errno = pthread_create(&thread, NULL, partner, NULL)) != 0) die("pthread_create");
    long long n = 0, start = 0, t = 0;
    for (long long i = -100; ; i++) {
        if (i == 0) start = now_ns();
        atomic_store(&turn, 1);
        futex_wake(&turn);
        while (atomic_load(&turn) != 0) futex_wait(&turn, 1);
        if (i > 0 && (i & 63) == 0 && (t = now_ns() - start) >= TARGET_NS) { n = i; break; }
    }
    atomic_store(&stop, 1);
    atomic_store(&turn, 1);
    futex_wake(&turn);
    pthread_join(thread, NULL);
    report("futex-roundtrip", n, t);
}

// Linux starts an initramfs's init with /dev/console open when the archive lacks it only if
// its built-in one has it; if the console is missing anyway, mount devtmpfs and open it.
static void ensure_console(void)
{
    if (fcntl(1, F_GETFD) >= 0) return;
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    int fd = open("/dev/console", O_RDWR);
    if (fd < 0) exit(2);
    dup2(fd, 0); dup2(fd, 1); dup2(fd, 2);
    if (fd > 2) close(fd);
}

int main(int argc, char **argv)
{
    ensure_console();
    if (argc > 1) exec_target = argv[1];
    setvbuf(stdout, NULL, _IOLBF, 0);
    measure("null-syscall", null_syscall, 1000);
    measure("fork-exit-wait", fork_exit_wait, 4);
    measure("fork-exec-wait", fork_exec_wait, 2);
    pipe_round_trip();
    futex_round_trip();
    measure("mmap-touch-munmap-1mib", mmap_touch_munmap, 4);
    page_faults();
    printf(PREFIX "done\n");
    fflush(stdout);
    return 0;
}
