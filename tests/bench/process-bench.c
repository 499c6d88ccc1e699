// Process benchmarks (issue 4) and file benchmarks (issue 5): the same static binary runs as the first program on Tessera
// and on Linux, and prints one line per benchmark:
//     bench-process: NAME ITERATIONS NS_PER_OP
// between "bench-process: start" and "bench-process: done NS", NS being the guest's
// CLOCK_MONOTONIC time between those two lines: the host times their arrival too, which
// checks that the guest's clock (all these numbers' ruler) keeps real time.
// The host (./tessera bench processes) parses both consoles.
// Each benchmark warms up, then repeats its operation for ROUNDS rounds of about ROUND_NS of
// CLOCK_MONOTONIC time each (so slow and fast kernels both give stable numbers) and reports
// its best round.
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
#include <termios.h>
#include <time.h>
#include <unistd.h>

// musl-gcc has no kernel headers: futex(2) operation numbers.
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

#define PREFIX "bench-process: "
#define ROUNDS 3                        // the best round is reported: a shared host only adds time
#define ROUND_NS 250000000LL            // ~0.25 s per round, ~0.75 s per benchmark
#define PAGE 4096L
#define MIB (1024L * 1024L)
#define FAULT_REGION (16L * MIB)        // mapped fresh for each pass of the page-fault rate

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

// One round's work: `count` operations that took `ns` of timed work.
struct round { long long count, ns; };

static void report(const char *name, struct round best)
{
    printf(PREFIX "%s %lld %.1f\n", name, best.count, (double)best.ns / (double)best.count);
    fflush(stdout);
}

static int faster(struct round a, struct round b) { return (double)a.ns / a.count < (double)b.ns / b.count; }

// Runs op() in batches of `batch` (the clock is read once per batch so it does not dominate
// cheap operations), one warm-up batch, then ROUNDS rounds of ~ROUND_NS; reports the best.
static void measure(const char *name, void (*op)(void), long batch)
{
    for (long i = 0; i < batch; i++) op();
    struct round best = { 0, 0 };
    for (int r = 0; r < ROUNDS; r++) {
        struct round this = { 0, 0 };
        long long start = now_ns();
        do {
            for (long i = 0; i < batch; i++) op();
            this.count += batch;
            this.ns = now_ns() - start;
        } while (this.ns < ROUND_NS);
        if (r == 0 || faster(this, best)) best = this;
    }
    report(name, best);
}

// --- null syscall: getppid through syscall(), so no libc caching can answer it.
static void null_syscall(void) { syscall(SYS_getppid); }

// --- clock_gettime(CLOCK_MONOTONIC) through libc: musl answers from the vDSO when the kernel
// maps one (AT_SYSINFO_EHDR), so no system call is made.
static void clock_read(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); }

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

// --- page-fault rate: a fresh FAULT_REGION per pass, one write per page; only the writes
// are timed, not mmap and munmap. The first pass warms up.
static struct round fault_pass(void)
{
    char *p = mmap(NULL, FAULT_REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) die("mmap (faults)");
    long long start = now_ns();
    for (long off = 0; off < FAULT_REGION; off += PAGE) p[off] = 1;
    struct round pass = { FAULT_REGION / PAGE, now_ns() - start };
    if (munmap(p, FAULT_REGION) != 0) die("munmap (faults)");
    return pass;
}

static void page_faults(void)
{
    fault_pass();
    struct round best = { 0, 0 };
    for (int r = 0; r < ROUNDS; r++) {
        struct round this = { 0, 0 };
        for (long long start = now_ns(); now_ns() - start < ROUND_NS; ) {
            struct round pass = fault_pass();
            this.count += pass.count;
            this.ns += pass.ns;
        }
        if (r == 0 || faster(this, best)) best = this;
    }
    report("page-fault", best);
}

// --- pipe round trip: one byte to a child, which sends it back; 'q' ends the child.
static int down[2], up[2];

static void pipe_round_trip(void)
{
    char c = 'x';
    if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1) die("pipe round trip");
}

static void pipe_bench(void)
{
    if (pipe(down) != 0 || pipe(up) != 0) die("pipe");
    pid_t pid = fork();
    if (pid < 0) die("fork (pipe)");
    if (pid == 0) {
        char c;
        while (read(down[0], &c, 1) == 1 && c != 'q')
            if (write(up[1], &c, 1) != 1) _exit(1);
        _exit(0);
    }
    measure("pipe-roundtrip", pipe_round_trip, 64);
    char q = 'q';
    if (write(down[1], &q, 1) != 1) die("pipe stop");
    int status;
    waitpid(pid, &status, 0);
    close(down[0]); close(down[1]); close(up[0]); close(up[1]);
}

// --- futex ping-pong between two threads: `turn` says who runs; each side sleeps on it in
// FUTEX_WAIT until the other hands it over. One operation is a round trip (two switches).
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
    atomic_store(&turn, 1);
    futex_wake(&turn);
    while (atomic_load(&turn) != 0) futex_wait(&turn, 1);
}

static void futex_bench(void)
{
    pthread_t thread;
    if ((errno = pthread_create(&thread, NULL, partner, NULL)) != 0) die("pthread_create");
    measure("futex-roundtrip", futex_round_trip, 64);
    atomic_store(&stop, 1);
    atomic_store(&turn, 1);
    futex_wake(&turn);
    pthread_join(thread, NULL);
}

// --- files (issue 5), on the root tmpfs under /tmp --------------------------------------

#define BENCH_FILE "/tmp/bench-file"
#define BENCH_DIR "/tmp/bench-dir"
#define DIR_ENTRIES 10000
static int file_fd;
static char block[4096];
static int pipe_ends[2];
static long unique;

static void open_close(void) { int fd = open(BENCH_FILE, O_RDONLY); if (fd < 0) die("open"); close(fd); }
static void stat_file(void) { struct stat st; if (stat(BENCH_FILE, &st) != 0) die("stat"); }
static void read_4k(void) { if (pread(file_fd, block, sizeof block, 0) != sizeof block) die("pread"); }
static void write_4k(void) { if (pwrite(file_fd, block, sizeof block, 0) != sizeof block) die("pwrite"); }

static void create_unlink(void)
{
    char name[64];
    snprintf(name, sizeof name, "/tmp/bench-new-%ld", unique++);
    int fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (fd < 0) die("create");
    close(fd);
    if (unlink(name) != 0) die("unlink");
}

// 16 KiB through a pipe and back out in one process: the copy cost, with no waiting.
static void pipe_16k(void)
{
    static char chunk[16384];
    if (write(pipe_ends[1], chunk, sizeof chunk) != sizeof chunk) die("pipe write");
    for (long got = 0; got < (long)sizeof chunk;) {
        long n = read(pipe_ends[0], chunk, sizeof chunk - got);
        if (n <= 0) die("pipe read");
        got += n;
    }
}

// Lists the whole 10,000-entry directory with getdents64.
static void list_directory(void)
{
    static char buffer[32768];
    int fd = open(BENCH_DIR, O_RDONLY | O_DIRECTORY);
    if (fd < 0) die("open dir");
    long entries = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (n < 0) die("getdents64");
        if (n == 0) break;
        for (long at = 0; at < n; at += *(unsigned short *)(buffer + at + 16)) entries++;
    }
    close(fd);
    if (entries != DIR_ENTRIES + 2) die("directory size");
}

static void file_benches(void)
{
    file_fd = open(BENCH_FILE, O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (file_fd < 0 || pwrite(file_fd, block, sizeof block, 0) != sizeof block) die("bench file");
    measure("open-close", open_close, 100);
    measure("stat", stat_file, 100);
    measure("read-4k", read_4k, 100);
    measure("write-4k", write_4k, 100);
    measure("create-unlink", create_unlink, 20);
    if (pipe(pipe_ends) != 0) die("pipe");
    measure("pipe-16k", pipe_16k, 20);
    if (mkdir(BENCH_DIR, 0755) != 0 && errno != EEXIST) die("mkdir");
    for (int i = 0; i < DIR_ENTRIES; i++) {
        char name[64];
        snprintf(name, sizeof name, BENCH_DIR "/%d", i);
        int fd = open(name, O_CREAT | O_WRONLY, 0644);
        if (fd < 0) die("populate");
        close(fd);
    }
    measure("getdents-10k", list_directory, 1);
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
    long long start = now_ns();
    printf(PREFIX "start\n");
    fflush(stdout);
    measure("null-syscall", null_syscall, 1000);
    measure("clock_gettime", clock_read, 1000);
    measure("fork-exit-wait", fork_exit_wait, 4);
    measure("fork-exec-wait", fork_exec_wait, 2);
    pipe_bench();
    futex_bench();
    measure("mmap-touch-munmap-1mib", mmap_touch_munmap, 4);
    page_faults();
    file_benches();
    printf(PREFIX "done %lld\n", now_ns() - start);
    fflush(stdout);
    // Linux panics when init exits and its panic messages would cut into console output the
    // serial line has not sent yet: wait until it has.
    tcdrain(1);
    return 0;
}
