/* Mappings of tmpfs files (and memfds) are the file's own pages, as on Linux: a store through a
 * MAP_SHARED mapping is seen at once by read(), by other mappings (in this and other
 * processes) and after munmap; write()/pwrite()/ftruncate() are seen through the mapping;
 * MAP_PRIVATE shows the file until its first write copies the page; a page wholly past the
 * end of file is SIGBUS (BUS_ADRERR); msync only checks its arguments; an unlinked file lives
 * while mapped, and its pages go back once the last mapping does. */
#include "../check.h"
#include <fcntl.h>
#include <setjmp.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

static sigjmp_buf recovery;
static volatile int seen_signal, seen_code;
static void *volatile seen_address;

static void on_fault(int signal, siginfo_t *info, void *context)
{
    (void)context;
    seen_signal = signal;
    seen_code = info->si_code;
    seen_address = info->si_addr;
    siglongjmp(recovery, 1);
}

/* Reads *address; the signal it raised (0 if none), with its code and address in seen_*. */
static int touch(volatile char *address, char *value)
{
    seen_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        *value = *address;
        return 0;
    }
    return seen_signal;
}

static int wait_status(pid_t child) { int s = -1; waitpid(child, &s, 0); return s; }

static long long free_blocks(void)
{
    struct statvfs s;
    return statvfs(".", &s) == 0 ? (long long)s.f_bfree : -1;
}

/* MemFree from /proc/meminfo, in KiB. */
static long mem_free_kib(void)
{
    char text[4096];
    int fd = open("/proc/meminfo", O_RDONLY);
    if (fd < 0) return -1;
    int n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = 0;
    char *line = strstr(text, "MemFree:");
    return line ? strtol(line + 8, 0, 10) : -1;
}

/* Whether /proc/self/maps has a line for path with these permissions ("rw-s"). */
static int maps_has(const char *permissions, const char *path)
{
    static char text[65536];
    int fd = open("/proc/self/maps", O_RDONLY), total = 0, n;
    if (fd < 0) return 0;
    while (total < (int)sizeof text - 1 && (n = read(fd, text + total, sizeof text - 1 - total)) > 0) total += n;
    close(fd);
    text[total] = 0;
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : 0) {
        char *end = strchr(line, '\n');
        int length = end ? (int)(end - line) : (int)strlen(line);
        int path_length = (int)strlen(path);
        if (length > path_length && memcmp(line + length - path_length, path, path_length) == 0
            && line[length - path_length - 1] == ' ' && memcmp(strchr(line, ' ') + 1, permissions, 4) == 0)
            return 1;
    }
    return 0;
}

int main(void)
{
    const long page = 4096;
    char c = 0, buf[64];
    if (access("/proc/self", F_OK) != 0) mount("proc", "/proc", "proc", 0, 0);
    char dir[] = "/tmp/shared_file_mapXXXXXX";
    char *made = mkdtemp(dir);
    CHECK(made != 0, "mkdtemp");
    /* A tmpfs of its own, so the block counts below are exact whatever /tmp is. */
    CHECK_EQ(mount("tmpfs", dir, "tmpfs", 0, "size=64m"), 0, "mount a tmpfs");
    CHECK_EQ(chdir(dir), 0, "chdir into it");
    CHECK_EQ(set_handler(SIGBUS, on_fault, SA_SIGINFO), 0, "sigaction(SIGBUS)");
    CHECK_EQ(set_handler(SIGSEGV, on_fault, SA_SIGINFO), 0, "sigaction(SIGSEGV)");

    int fd = open("f", O_CREAT | O_RDWR, 0644);
    CHECK_EQ(fd >= 0, 1, "create f");
    CHECK_EQ(ftruncate(fd, 2 * page), 0, "ftruncate f to two pages");
    CHECK_EQ(pwrite(fd, "hello", 5, 0), 5, "pwrite hello");
    char *a = mmap(0, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *b = mmap(0, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(a != MAP_FAILED && b != MAP_FAILED, "two MAP_SHARED mappings of f");
    CHECK_EQ(memcmp(a, "hello", 5), 0, "the mapping shows the file's bytes");

    /* Stores through a mapping reach the file and every other mapping at once. */
    a[10] = 'X';
    CHECK_EQ(pread(fd, &c, 1, 10), 1, "pread");
    CHECK_EQ(c, 'X', "read sees a store through the mapping at once");
    CHECK_EQ(b[10], 'X', "another mapping of the file sees it");
    a[page + 7] = 'Q';
    CHECK_EQ(b[page + 7], 'Q', "in the second page too");

    /* write, pwrite and ftruncate are seen through the mappings. */
    CHECK_EQ(pwrite(fd, "WORLD", 5, page + 1), 5, "pwrite WORLD into page 1");
    CHECK_EQ(memcmp(a + page + 1, "WORLD", 5), 0, "pwrite is seen through the mapping");
    CHECK_EQ(lseek(fd, 20, SEEK_SET), 20, "lseek 20");
    CHECK_EQ(write(fd, "wr", 2), 2, "write wr");
    CHECK_EQ(memcmp(b + 20, "wr", 2), 0, "write is seen through the mapping");

    /* Another process: an inherited mapping stays shared after fork, and a mapping the
     * child makes itself shares the pages too. */
    pid_t child = fork();
    if (child == 0) {
        a[30] = 'C';
        char *own = mmap(0, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (own == MAP_FAILED) _exit(2);
        own[31] = 'D';
        _exit(own[30] == 'C' && own[10] == 'X' ? 0 : 1);
    }
    CHECK_EQ(wait_status(child), 0, "a child's own mapping sees the parent's and its inherited mapping's stores");
    CHECK_EQ(a[30], 'C', "a store through a mapping inherited by fork is seen by the parent");
    CHECK_EQ(b[31], 'D', "a store through the child's own mapping is seen by the parent");
    CHECK_EQ(pread(fd, buf, 2, 30), 2, "pread 30");
    CHECK_EQ(memcmp(buf, "CD", 2), 0, "and by read");

    /* MAP_PRIVATE: the file's pages until the first write copies one. */
    char *p = mmap(0, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED, "a MAP_PRIVATE mapping of f");
    CHECK_EQ(p[10], 'X', "it shows the file");
    CHECK_EQ(pwrite(fd, "Y", 1, 11), 1, "pwrite Y at 11");
    CHECK_EQ(p[11], 'Y', "before its first write it sees writes to the file");
    p[12] = 'P';
    CHECK_EQ(pread(fd, &c, 1, 12), 1, "pread 12");
    CHECK_EQ(c, 0, "a private store does not reach the file");
    CHECK_EQ(a[12], 0, "nor a shared mapping");
    CHECK_EQ(pwrite(fd, "Z", 1, 13), 1, "pwrite Z at 13");
    CHECK_EQ(p[13], 0, "after its first write the private page is a copy");
    CHECK_EQ(p[11], 'Y', "that kept what the page had");
    CHECK_EQ(p[page + 7], 'Q', "its other page still shows the file");

    char path[64];
    snprintf(path, sizeof path, "%s/f", dir);
    CHECK(maps_has("rw-s", path), "/proc/self/maps shows the shared mapping as rw-s");
    CHECK(maps_has("rw-p", path), "and the private one as rw-p");

    /* After munmap the stores stay in the file. */
    CHECK_EQ(munmap(a, 2 * page), 0, "munmap the first shared mapping");
    CHECK_EQ(pread(fd, &c, 1, page + 7), 1, "pread page 1");
    CHECK_EQ(c, 'Q', "a store through a mapping stays after munmap");

    /* msync: nothing to write back; the arguments are checked as Linux checks them. */
    CHECK_EQ(msync(b, 2 * page, MS_SYNC), 0, "msync MS_SYNC");
    CHECK_EQ(msync(b, page, MS_ASYNC | MS_INVALIDATE), 0, "msync MS_ASYNC|MS_INVALIDATE");
    CHECK_ERRNO(msync(b + 1, page, MS_SYNC), EINVAL, "msync of an unaligned address is EINVAL");
    CHECK_ERRNO(msync(b, page, MS_SYNC | MS_ASYNC), EINVAL, "msync with MS_SYNC|MS_ASYNC is EINVAL");
    CHECK_ERRNO(msync(b, page, 8), EINVAL, "msync with an unknown flag is EINVAL");
    CHECK_ERRNO(msync(a, page, MS_SYNC), ENOMEM, "msync of an unmapped range is ENOMEM");

    /* ftruncate shrinking: a page wholly past the end is SIGBUS with BUS_ADRERR, in shared and
     * private mappings; the rest of the last page reads zero. */
    CHECK_EQ(ftruncate(fd, 100), 0, "ftruncate f to 100 bytes");
    CHECK_EQ(touch(b + 99, &c), 0, "the last byte of the file still reads");
    CHECK_EQ(c, 0, "(it was zero)");
    CHECK_EQ(touch(b + 5, &c), 0, "a byte before the end");
    CHECK_EQ(c, 0, "is what the file has there");
    CHECK_EQ(touch(b + 4, &c), 0, "b[4]");
    CHECK_EQ(c, 'o', "hello's o is still there");
    CHECK_EQ(touch(b + 200, &c), 0, "a byte past the end in the last page reads");
    CHECK_EQ(c, 0, "as zero");
    CHECK_EQ(touch(b + page + 7, &c), SIGBUS, "a page past the end of file is SIGBUS");
    CHECK_EQ(seen_code, BUS_ADRERR, "with si_code BUS_ADRERR");
    CHECK(seen_address == (void *)(b + page + 7), "and the exact si_addr");
    CHECK_EQ(touch(p + page + 7, &c), SIGBUS, "in a private mapping too");
    CHECK_EQ(ftruncate(fd, 2 * page), 0, "ftruncate f back to two pages");
    CHECK_EQ(touch(b + page + 7, &c), 0, "the page is back");
    CHECK_EQ(c, 0, "and reads zero");
    CHECK_EQ(b[page + 1], 0, "what the page had before is gone");
    CHECK_EQ(munmap(p, 2 * page), 0, "munmap the private mapping");

    /* A read-only open file: MAP_SHARED may not write, and mprotect may not add it. */
    int ro = open("f", O_RDONLY);
    CHECK_ERRNO(mmap(0, page, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES, "MAP_SHARED|PROT_WRITE of a read-only fd is EACCES");
    char *r = mmap(0, page, PROT_READ, MAP_SHARED, ro, 0);
    CHECK(r != MAP_FAILED, "MAP_SHARED|PROT_READ of a read-only fd");
    CHECK_ERRNO(mprotect(r, page, PROT_READ | PROT_WRITE), EACCES, "mprotect cannot make it writable: EACCES");
    b[40] = 'R';
    CHECK_EQ(r[40], 'R', "it still sees stores through the other mapping");
    char *rp = mmap(0, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    CHECK(rp != MAP_FAILED, "MAP_PRIVATE|PROT_WRITE of a read-only fd is allowed");
    rp[40] = 'S';
    CHECK_EQ(b[40], 'R', "and writes only its copy");
    munmap(r, page);
    munmap(rp, page);
    close(ro);

    /* memfd: the same, shared across fork. */
    int m = memfd_create("shared_file_map", 0);
    CHECK_EQ(ftruncate(m, page), 0, "ftruncate a memfd");
    volatile int *words = mmap(0, page, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0);
    CHECK(words != MAP_FAILED, "MAP_SHARED of a memfd");
    child = fork();
    if (child == 0) { words[5] = 12345; _exit(0); }
    CHECK_EQ(wait_status(child), 0, "the child stored into the memfd mapping");
    CHECK_EQ(words[5], 12345, "the parent sees it");
    int got = 0;
    CHECK_EQ(pread(m, &got, 4, 20), 4, "pread the memfd");
    CHECK_EQ(got, 12345, "read sees it");
    volatile int *own = mmap(0, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, m, 0);
    CHECK(own != MAP_FAILED, "MAP_PRIVATE of a memfd");
    CHECK_EQ(own[5], 12345, "shows it too");
    own[5] = 7;
    CHECK_EQ(words[5], 12345, "and writes only its copy");
    munmap((void *)own, page);
    munmap((void *)words, page);
    close(m);

    /* An unlinked, closed file lives while mapped; its pages are given back with the mapping. */
    long long blocks_before = free_blocks();
    int g = open("g", O_CREAT | O_RDWR, 0600);
    CHECK_EQ(ftruncate(g, 16 * page), 0, "ftruncate g to 16 pages");
    char *gm = mmap(0, 16 * page, PROT_READ | PROT_WRITE, MAP_SHARED, g, 0);
    CHECK(gm != MAP_FAILED, "map g");
    memset(gm, 0x5a, 16 * page);
    CHECK_EQ(unlink("g"), 0, "unlink g");
    CHECK_EQ(close(g), 0, "close g");
    CHECK_EQ(free_blocks(), blocks_before - 16, "its 16 pages are in use while it is mapped");
    CHECK_EQ(gm[16 * page - 1], 0x5a, "and the mapping still works");
    CHECK_EQ(munmap(gm, 16 * page), 0, "munmap g");
    CHECK_EQ(free_blocks(), blocks_before, "then its pages are free again");

    /* Many rounds of create, map, write, unlink, munmap leave memory as it was: 100 MiB of file
     * pages go through; the kernel's own heap may keep a few MiB of what the rounds allocated
     * (a collector's pool on Tessera, caches on Linux), far less than a leak of the pages. */
    long free_before = mem_free_kib();
    for (int i = 0; i < 400; i++) {
        int h = open("h", O_CREAT | O_RDWR | O_TRUNC, 0600);
        ftruncate(h, 64 * page);
        char *hm = mmap(0, 64 * page, PROT_READ | PROT_WRITE, MAP_SHARED, h, 0);
        if (hm == MAP_FAILED) break;
        for (long o = 0; o < 64 * page; o += page) hm[o] = (char)i;
        unlink("h");
        close(h);
        munmap(hm, 64 * page);
    }
    long free_after = mem_free_kib();
    CHECK_EQ(free_blocks(), blocks_before, "tmpfs has every page back after 400 rounds of 256 KiB");
    long lost = free_before - free_after;
    CHECK(free_before > 0 && lost < 12 * 1024, "MemFree is back within 12 MiB of where it was (100 MiB went through)");
    if (lost >= 12 * 1024) say("     (MemFree %ld KiB before, %ld KiB after)\n", free_before, free_after);

    munmap(b, 2 * page);
    close(fd);
    unlink("f");
    chdir("/");
    umount(dir);
    rmdir(dir);
    return check_done("shared_file_map");
}
