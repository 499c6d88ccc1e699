/* mremap grows (moving if it may) and keeps contents; madvise(MADV_DONTNEED) gives private
 * anonymous pages back as zeros; mincore reports which pages are resident. */
#include "../check.h"
#include <stdint.h>
#include <sys/mman.h>

int main(void)
{
    const size_t page = 4096;
    /* Three pages, of which we remap the first two: the third blocks growth in place. */
    char *a = mmap(0, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(a != MAP_FAILED, "mmap three pages");
    for (size_t i = 0; i < 2 * page; i++) a[i] = (char)(i * 7);
    CHECK_ERRNO(mremap(a, 2 * page, 8 * page, 0), ENOMEM, "mremap that cannot grow in place and may not move is ENOMEM");
    char *b = mremap(a, 2 * page, 8 * page, MREMAP_MAYMOVE);
    CHECK(b != MAP_FAILED && b != a, "mremap with MREMAP_MAYMOVE moves");
    int same = 1;
    for (size_t i = 0; i < 2 * page; i++) if (b[i] != (char)(i * 7)) same = 0;
    CHECK(same, "the moved mapping keeps its contents");
    CHECK_EQ(b[5 * page], 0, "the grown part reads as zeros");
    b[7 * page] = 9;
    CHECK_EQ(b[7 * page], 9, "the grown part is writable");
    unsigned char vec[8];
    CHECK_ERRNO(mincore(a, page, vec), ENOMEM, "the old address is unmapped after the move (mincore ENOMEM)");
    CHECK_EQ(mincore(a + 2 * page, page, vec), 0, "the page that blocked growth is still mapped");

    char *c = mremap(b, 8 * page, page, 0);
    CHECK(c == b, "mremap shrinks in place");
    CHECK_ERRNO(mincore(b + page, page, vec), ENOMEM, "the shrunk tail is unmapped");
    CHECK_ERRNO(mremap(b + 1, page, 2 * page, MREMAP_MAYMOVE), EINVAL, "mremap of an unaligned address is EINVAL");

    char *d = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_EQ(mincore(d, 4 * page, vec), 0, "mincore of a fresh mapping");
    CHECK_EQ(vec[0] | vec[1] | vec[2] | vec[3], 0, "an untouched anonymous mapping has no resident pages");
    d[0] = 1; d[2 * page] = 2;
    CHECK_EQ(mincore(d, 4 * page, vec), 0, "mincore after touching two pages");
    CHECK_EQ((vec[0] & 1) + (vec[1] & 1) * 2 + (vec[2] & 1) * 4 + (vec[3] & 1) * 8, 5, "pages 0 and 2 are resident");
    CHECK_ERRNO(mincore(d + 1, page, vec), EINVAL, "mincore at an unaligned address is EINVAL");
    CHECK_ERRNO(mincore(d, page, (unsigned char *)8), EFAULT, "mincore with a bad vector is EFAULT");

    memset(d, 0x5a, 4 * page);
    CHECK_EQ(madvise(d + page, 2 * page, MADV_DONTNEED), 0, "madvise(MADV_DONTNEED)");
    CHECK_EQ(d[page] | d[2 * page + 100] | d[3 * page - 1], 0, "DONTNEED pages read back as zeros");
    CHECK_EQ(d[0] + d[3 * page], 0x5a * 2, "the pages around them keep their contents");
    CHECK_ERRNO(madvise(d + 1, page, MADV_DONTNEED), EINVAL, "madvise at an unaligned address is EINVAL");
    CHECK_ERRNO(madvise(d, page, 12345), EINVAL, "an unknown advice is EINVAL");
    return check_done("remap");
}
