using System;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // A file's bytes in 4 KiB pages, allocated only where written: holes read as zeros and cost
    // nothing. Pages are grouped 512 to a chunk so a sparse file at a large offset needs one
    // small table, not a page table of its whole length.
    public sealed class PageStore
    {
        public const int PageSize = 4096;
        private const int PageShift = 12;
        private const int ChunkShift = 9;
        private const int PagesPerChunk = 1 << ChunkShift;
        // Our limit on a file's size (Linux's is 8 EiB); writes beyond it fail with EFBIG.
        public const long MaxSize = 1L << 40;

        private readonly IPageBudget _budget;
        private byte[][][] _chunks = new byte[0][][];
        public long Size { get; private set; }
        public long AllocatedPages { get; private set; }

        public PageStore(IPageBudget budget) => _budget = budget;

        public int Read(long offset, Span<byte> destination)
        {
            if (offset >= Size || destination.Length == 0) return 0;
            long available = Size - offset;
            int count = destination.Length < available ? destination.Length : (int)available;
            int done = 0;
            while (done < count)
            {
                long position = offset + done;
                int inPage = (int)(position & (PageSize - 1));
                int take = Math.Min(PageSize - inPage, count - done);
                byte[] page = PageAt(position >> PageShift);
                if (page == null) destination.Slice(done, take).Clear();
                else new ReadOnlySpan<byte>(page, inPage, take).CopyTo(destination.Slice(done, take));
                done += take;
            }
            return count;
        }

        // Bytes written, or -EFBIG / -ENOSPC when nothing could be written.
        public long Write(long offset, ReadOnlySpan<byte> source)
        {
            if (source.Length == 0) return 0;
            if (offset >= MaxSize) return -(long)Errno.EFBIG;
            int count = source.Length;
            if (MaxSize - offset < count) count = (int)(MaxSize - offset);
            int done = 0;
            while (done < count)
            {
                long position = offset + done;
                int inPage = (int)(position & (PageSize - 1));
                int take = Math.Min(PageSize - inPage, count - done);
                byte[] page = PageForWrite(position >> PageShift);
                if (page == null) break;
                source.Slice(done, take).CopyTo(new Span<byte>(page, inPage, take));
                done += take;
            }
            if (done == 0) return -(long)Errno.ENOSPC;
            if (offset + done > Size) Size = offset + done;
            return done;
        }

        public Errno Truncate(long size)
        {
            if (size < 0) return Errno.EINVAL;
            if (size > MaxSize) return Errno.EFBIG;
            if (size < Size)
            {
                // Zero the tail of the last kept page so a later extension reads zeros there.
                int inPage = (int)(size & (PageSize - 1));
                if (inPage != 0)
                {
                    byte[] last = PageAt(size >> PageShift);
                    if (last != null) new Span<byte>(last, inPage, PageSize - inPage).Clear();
                }
            }
            if (size < Size || AllocatedPages > 0)
            {
                // Pages past the new end go, including any fallocate(KEEP_SIZE) put beyond it.
                long firstGone = (size + PageSize - 1) >> PageShift;
                long lastOld = (long)_chunks.Length << ChunkShift;
                for (long p = firstGone; p < lastOld; p++)
                {
                    if (ChunkMissing(p)) { p |= PagesPerChunk - 1; continue; }
                    FreePage(p);
                }
            }
            Size = size;
            return Errno.None;
        }

        // Reserves pages for [offset, offset+length) (fallocate): ENOSPC if not all fit. The
        // size grows to cover the range unless keepSize (FALLOC_FL_KEEP_SIZE).
        public Errno Allocate(long offset, long length, bool keepSize)
        {
            if (offset + length > MaxSize) return Errno.EFBIG;
            for (long p = offset >> PageShift; p <= (offset + length - 1) >> PageShift; p++)
                if (PageForWrite(p) == null) return Errno.ENOSPC;
            if (!keepSize && offset + length > Size) Size = offset + length;
            return Errno.None;
        }

        // FALLOC_FL_PUNCH_HOLE: [offset, offset+length) reads as zeros afterwards; whole pages
        // inside it are given back. The size does not change.
        public void PunchHole(long offset, long length)
        {
            long end = offset + length;
            long firstWhole = (offset + PageSize - 1) >> PageShift;
            long endWhole = end >> PageShift;
            ZeroWithinPage(offset, Math.Min(end, firstWhole << PageShift));
            if (firstWhole < endWhole)
            {
                for (long p = firstWhole; p < endWhole; p++)
                {
                    if (ChunkMissing(p)) { p |= PagesPerChunk - 1; continue; }
                    FreePage(p);
                }
                ZeroWithinPage(endWhole << PageShift, end);
            }
        }

        private void ZeroWithinPage(long from, long to)
        {
            if (from >= to) return;
            byte[] page = PageAt(from >> PageShift);
            if (page != null) new Span<byte>(page, (int)(from & (PageSize - 1)), (int)(to - from)).Clear();
        }

        // SEEK_DATA / SEEK_HOLE: the next offset >= from inside (data) or outside (hole) an
        // allocated page; the end of file counts as a hole. -1 when there is no such data.
        public long NextDataOrHole(long from, bool data)
        {
            for (long p = from >> PageShift; (p << PageShift) < Size; p++)
            {
                if (ChunkMissing(p))
                {
                    if (!data) return Math.Max(from, p << PageShift);
                    p |= PagesPerChunk - 1;
                    continue;
                }
                bool present = PageAt(p) != null;
                if (present == data) return Math.Max(from, p << PageShift);
            }
            return data ? -1 : Size;
        }

        private bool ChunkMissing(long pageIndex)
        {
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            return chunk >= _chunks.Length || _chunks[chunk] == null;
        }

        private byte[] PageAt(long pageIndex)
        {
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            if (chunk >= _chunks.Length) return null;
            byte[][] pages = _chunks[chunk];
            return pages == null ? null : pages[(int)(pageIndex & (PagesPerChunk - 1))];
        }

        private byte[] PageForWrite(long pageIndex)
        {
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            if (chunk >= _chunks.Length)
            {
                long length = Math.Max(chunk + 1, _chunks.Length * 2L);
                Array.Resize(ref _chunks, (int)length);
            }
            byte[][] pages = _chunks[chunk] ??= new byte[PagesPerChunk][];
            int slot = (int)(pageIndex & (PagesPerChunk - 1));
            if (pages[slot] == null)
            {
                if (!_budget.TryTake(1)) return null;
                pages[slot] = new byte[PageSize];
                AllocatedPages++;
            }
            return pages[slot];
        }

        private void FreePage(long pageIndex)
        {
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            if (chunk >= _chunks.Length || _chunks[chunk] == null) return;
            int slot = (int)(pageIndex & (PagesPerChunk - 1));
            if (_chunks[chunk][slot] == null) return;
            _chunks[chunk][slot] = null;
            AllocatedPages--;
            _budget.Give(1);
        }

        // Gives every page back (the inode is gone).
        public void Release() => Truncate(0);
    }
}
