/* The vDSO: AT_SYSINFO_EHDR names an ELF image whose versioned (LINUX_2.6) functions agree
 * with the system calls (clock_gettime for every clock it serves, gettimeofday, time,
 * clock_getres, getcpu), stay monotonic over many calls and across threads on both CPUs,
 * fall back for the clocks they cannot serve, and /proc/self/maps shows [vdso] and [vvar]. */
#include "../check.h"
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

/* Finds a symbol of version LINUX_2.6 in the vDSO through its dynamic section, SysV hash
 * table and version definitions, as musl's src/internal/vdso.c does. */
static void *vdso_symbol(const char *wanted)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    if (!eh) return 0;
    Elf64_Phdr *ph = (Elf64_Phdr *)((char *)eh + eh->e_phoff);
    size_t base = (size_t)-1;
    Elf64_Dyn *dyn = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && base == (size_t)-1) base = (size_t)eh + ph[i].p_offset - ph[i].p_vaddr;
        else if (ph[i].p_type == PT_DYNAMIC) dyn = (Elf64_Dyn *)((char *)eh + ph[i].p_offset);
    }
    if (!dyn || base == (size_t)-1) return 0;
    char *strings = 0;
    Elf64_Sym *syms = 0;
    Elf32_Word *hash = 0;
    Elf64_Half *versym = 0;
    Elf64_Verdef *verdef = 0;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        void *p = (void *)(base + dyn->d_un.d_ptr);
        switch (dyn->d_tag) {
        case DT_STRTAB: strings = p; break;
        case DT_SYMTAB: syms = p; break;
        case DT_HASH: hash = p; break;
        case DT_VERSYM: versym = p; break;
        case DT_VERDEF: verdef = p; break;
        }
    }
    if (!strings || !syms || !hash) return 0;
    for (Elf32_Word i = 0; i < hash[1]; i++) {
        if (ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC || ELF64_ST_BIND(syms[i].st_info) != STB_GLOBAL || !syms[i].st_shndx) continue;
        if (strcmp(strings + syms[i].st_name, wanted) != 0) continue;
        if (versym && verdef) {
            int index = versym[i] & 0x7fff, found = 0;
            for (Elf64_Verdef *d = verdef;; d = (Elf64_Verdef *)((char *)d + d->vd_next)) {
                if (!(d->vd_flags & VER_FLG_BASE) && (d->vd_ndx & 0x7fff) == index) {
                    Elf64_Verdaux *aux = (Elf64_Verdaux *)((char *)d + d->vd_aux);
                    found = strcmp(strings + aux->vda_name, "LINUX_2.6") == 0;
                    break;
                }
                if (!d->vd_next) break;
            }
            if (!found) continue;
        }
        return (void *)(base + syms[i].st_value);
    }
    return 0;
}

static int (*vdso_clock_gettime)(clockid_t, struct timespec *);
static int (*vdso_gettimeofday)(struct timeval *, void *);
static time_t (*vdso_time)(time_t *);
static int (*vdso_clock_getres)(clockid_t, struct timespec *);
static int (*vdso_getcpu)(unsigned *, unsigned *, void *);

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static long long sys_now(clockid_t clock)
{
    struct timespec t;
    syscall(SYS_clock_gettime, clock, &t);
    return ns(t);
}

static long long vdso_now(clockid_t clock)
{
    struct timespec t = { -1, -1 };
    if (vdso_clock_gettime(clock, &t) != 0) return -1;
    return ns(t);
}

static atomic_llong last_seen;
static atomic_int backwards;

/* Each thread reads the last value any thread published before its own read: its read must
 * not be earlier. */
static void *compare_across_cpus(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        long long before = atomic_load(&last_seen);
        long long now = vdso_now(CLOCK_MONOTONIC);
        if (now < before) atomic_fetch_add(&backwards, 1);
        long long seen = before;
        while (seen < now && !atomic_compare_exchange_weak(&last_seen, &seen, now)) { }
    }
    return 0;
}

int main(void)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    CHECK(eh != 0, "AT_SYSINFO_EHDR is in the auxiliary vector");
    if (!eh) return check_done("time/vdso");
    CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_type == ET_DYN && eh->e_machine == EM_X86_64, "it is an x86-64 ELF shared object");
    vdso_clock_gettime = vdso_symbol("__vdso_clock_gettime");
    vdso_gettimeofday = vdso_symbol("__vdso_gettimeofday");
    vdso_time = vdso_symbol("__vdso_time");
    vdso_clock_getres = vdso_symbol("__vdso_clock_getres");
    vdso_getcpu = vdso_symbol("__vdso_getcpu");
    CHECK(vdso_clock_gettime && vdso_gettimeofday && vdso_time && vdso_clock_getres && vdso_getcpu,
        "it exports __vdso_clock_gettime, gettimeofday, time, clock_getres and getcpu at LINUX_2.6");
    if (!(vdso_clock_gettime && vdso_gettimeofday && vdso_time && vdso_clock_getres && vdso_getcpu)) return check_done("time/vdso");

    /* Each clock it serves lies between two system calls, over many calls. */
    static const clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME };
    static const char *names[] = { "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_MONOTONIC_RAW", "CLOCK_BOOTTIME" };
    for (int c = 0; c < 4; c++) {
        int ordered = 1, monotonic = 1;
        long long previous = 0;
        for (int i = 0; i < 2000; i++) {
            long long a = sys_now(clocks[c]), v = vdso_now(clocks[c]), b = sys_now(clocks[c]);
            if (!(a <= v && v <= b)) ordered = 0;
            if (v < previous) monotonic = 0;
            previous = v;
        }
        char what[128];
        snprintf(what, sizeof what, "%s: the vDSO's reading lies between two system calls' (2000 times)", names[c]);
        CHECK(ordered, what);
        snprintf(what, sizeof what, "%s: and never goes back", names[c]);
        CHECK(monotonic, what);
    }
    /* The coarse clocks may lag by a tick on Linux: within 10 ms. */
    long long coarse = vdso_now(CLOCK_MONOTONIC_COARSE), fine = sys_now(CLOCK_MONOTONIC);
    CHECK(coarse > 0 && coarse <= fine && fine - coarse < 10000000LL, "CLOCK_MONOTONIC_COARSE agrees within a tick");
    coarse = vdso_now(CLOCK_REALTIME_COARSE);
    fine = sys_now(CLOCK_REALTIME);
    CHECK(coarse > 0 && coarse <= fine && fine - coarse < 10000000LL, "CLOCK_REALTIME_COARSE agrees within a tick");
    /* libc's clock_gettime (through the vDSO) agrees too. */
    long long a = sys_now(CLOCK_MONOTONIC), l = 0, b;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    l = ns(t);
    b = sys_now(CLOCK_MONOTONIC);
    CHECK(a <= l && l <= b, "libc's clock_gettime agrees");

    /* Clocks it cannot serve go to the system call. */
    CHECK(vdso_now(CLOCK_PROCESS_CPUTIME_ID) > 0, "CLOCK_PROCESS_CPUTIME_ID through the vDSO (its fallback) works");
    CHECK_EQ(vdso_clock_gettime(12345, &t), -EINVAL, "an unknown clock gives -EINVAL");

    /* gettimeofday and time. */
    struct timeval tv, before_tv, after_tv;
    syscall(SYS_gettimeofday, &before_tv, 0);
    struct timezone tz = { 99, 99 };
    CHECK_EQ(vdso_gettimeofday(&tv, &tz), 0, "__vdso_gettimeofday");
    syscall(SYS_gettimeofday, &after_tv, 0);
    long long us = tv.tv_sec * 1000000LL + tv.tv_usec;
    CHECK(before_tv.tv_sec * 1000000LL + before_tv.tv_usec <= us && us <= after_tv.tv_sec * 1000000LL + after_tv.tv_usec,
        "  lies between two gettimeofday system calls");
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "  with 0 <= tv_usec < 1000000");
    CHECK(tz.tz_minuteswest == 0 && tz.tz_dsttime == 0, "  and a zero time zone");
    CHECK_EQ(vdso_gettimeofday(0, 0), 0, "__vdso_gettimeofday(NULL, NULL)");
    time_t t0 = syscall(SYS_time, 0), stored = 0, t1 = vdso_time(&stored), t2 = syscall(SYS_time, 0);
    CHECK(t0 <= t1 && t1 <= t2 && stored == t1, "__vdso_time agrees with time(2) and stores its result");

    /* clock_getres and getcpu. */
    struct timespec res = { 9, 9 }, sys_res = { 7, 7 };
    CHECK_EQ(vdso_clock_getres(CLOCK_MONOTONIC, &res), 0, "__vdso_clock_getres(CLOCK_MONOTONIC)");
    syscall(SYS_clock_getres, CLOCK_MONOTONIC, &sys_res);
    CHECK(res.tv_sec == sys_res.tv_sec && res.tv_nsec == sys_res.tv_nsec, "  equals the system call's");
    CHECK_EQ(vdso_clock_getres(12345, &res), -EINVAL, "  and an unknown clock gives -EINVAL");
    unsigned cpu = 999, node = 999;
    CHECK_EQ(vdso_getcpu(&cpu, &node, 0), 0, "__vdso_getcpu");
    CHECK(cpu < (unsigned)sysconf(_SC_NPROCESSORS_CONF) && node == 0, "  gives a CPU that exists, node 0");

    /* Monotonic across threads (and so across CPUs). */
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) pthread_create(&threads[i], 0, compare_across_cpus, 0);
    for (int i = 0; i < 2; i++) pthread_join(threads[i], 0);
    CHECK_EQ(atomic_load(&backwards), 0, "CLOCK_MONOTONIC never goes back between threads (40000 reads)");

    /* /proc/self/maps names both mappings; a fork child has them too. */
    if (access("/proc/self", F_OK) != 0) { mkdir("/proc", 0555); mount("proc", "/proc", "proc", 0, 0); }
    char maps[16384] = { 0 };
    int fd = open("/proc/self/maps", O_RDONLY), n = 0, r;
    while (fd >= 0 && n < (int)sizeof maps - 1 && (r = read(fd, maps + n, sizeof maps - 1 - n)) > 0) n += r;
    close(fd);
    char *vdso_line = strstr(maps, "[vdso]"), *vvar_line = strstr(maps, "[vvar]");
    CHECK(vdso_line != 0, "/proc/self/maps shows [vdso]");
    CHECK(vvar_line != 0, "/proc/self/maps shows [vvar]");
    if (vdso_line) {
        while (vdso_line > maps && vdso_line[-1] != '\n') vdso_line--;
        CHECK(strtoull(vdso_line, 0, 16) == (unsigned long long)(uintptr_t)eh, "  [vdso] starts at AT_SYSINFO_EHDR");
        CHECK(strncmp(strchr(vdso_line, ' ') + 1, "r-xp", 4) == 0, "  readable and executable");
    }
    pid_t child = fork();
    if (child == 0) {
        long long x = sys_now(CLOCK_MONOTONIC), y = vdso_now(CLOCK_MONOTONIC), z = sys_now(CLOCK_MONOTONIC);
        _exit(x <= y && y <= z ? 0 : 1);
    }
    int status;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a fork child's vDSO works");
    return check_done("time/vdso");
}
