using System;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // A file's bytes in 4 KiB page frames (its page cache), allocated only where written or
    // mapped: holes read as zeros and cost nothing. Pages are grouped 512 to a chunk so a sparse
    // file at a large offset needs one small table, not a page table of its whole length.
    // Mappings of the file map these very frames (MAP_SHARED writes through them, MAP_PRIVATE
    // copies on write), so read, write and every mapping see the same bytes.
    public sealed class PageStore
    {
        public const int PageSize = 4096;
        private const int PageShift = 12;
        private const int ChunkShift = 9;
        private const int PagesPerChunk = 1 << ChunkShift;
        // Our limit on a file's size (Linux's is 8 EiB); writes beyond it fail with EFBIG.
        public const long MaxSize = 1L << 40;

        private readonly IPageBudget _budget;
        private readonly IPageFrames _frames;
        private ulong[][] _chunks = new ulong[0][];
        public long Size { get; private set; }
        public long AllocatedPages { get; private set; }

        // The file's mappings, set when it is first mapped.
        public IFileMappings Mappings { get; set; }

        public PageStore(IPageBudget budget, IPageFrames frames)
        {
            _budget = budget;
            _frames = frames;
        }

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
                ulong frame = FrameAt(position >> PageShift);
                if (frame == 0) destination.Slice(done, take).Clear();
                else _frames.Read(frame, inPage, destination.Slice(done, take));
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
                ulong frame = FrameForWrite(position >> PageShift);
                if (frame == 0) break;
                _frames.Write(frame, inPage, source.Slice(done, take));
                done += take;
            }
            if (done == 0) return -(long)Errno.ENOSPC;
            if (offset + done > Size) Size = offset + done;
            return done;
        }

        // The frame holding page pageIndex for a mapping's fault, allocated if the page is a
        // hole. 0 with beyondEnd when the page lies wholly past the end of file (SIGBUS, as
        // Linux), 0 without it when no memory or space is left.
        public ulong FrameForMapping(long pageIndex, out bool beyondEnd)
        {
            beyondEnd = pageIndex < 0 || pageIndex >= (Size + PageSize - 1) >> PageShift;
            return beyondEnd ? 0 : FrameForWrite(pageIndex);
        }

        public Errno Truncate(long size)
        {
            if (size < 0) return Errno.EINVAL;
            if (size > MaxSize) return Errno.EFBIG;
            long oldSize = Size;
            if (size < Size)
            {
                // Zero the tail of the last kept page so a later extension (and a mapping of
                // that page) reads zeros there.
                int inPage = (int)(size & (PageSize - 1));
                if (inPage != 0)
                {
                    ulong last = FrameAt(size >> PageShift);
                    if (last != 0) _frames.Clear(last, inPage, PageSize - inPage);
                }
            }
            long firstGone = (size + PageSize - 1) >> PageShift;
            if (size < Size || AllocatedPages > 0)
            {
                // Pages past the new end go, including any fallocate(KEEP_SIZE) put beyond it.
                long lastOld = (long)_chunks.Length << ChunkShift;
                for (long p = firstGone; p < lastOld; p++)
                {
                    if (ChunkMissing(p)) { p |= PagesPerChunk - 1; continue; }
                    FreePage(p);
                }
            }
            Size = size;
            long oldPages = Math.Max((oldSize + PageSize - 1) >> PageShift, (long)_chunks.Length << ChunkShift);
            if (size < oldSize && Mappings != null && firstGone < oldPages) Mappings.PagesRemoved(firstGone, oldPages, true);
            return Errno.None;
        }

        // Reserves pages for [offset, offset+length) (fallocate): ENOSPC if not all fit. The
        // size grows to cover the range unless keepSize (FALLOC_FL_KEEP_SIZE).
        public Errno Allocate(long offset, long length, bool keepSize)
        {
            if (offset + length > MaxSize) return Errno.EFBIG;
            for (long p = offset >> PageShift; p <= (offset + length - 1) >> PageShift; p++)
                if (FrameForWrite(p) == 0) return Errno.ENOSPC;
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
                Mappings?.PagesRemoved(firstWhole, endWhole, false);
            }
        }

        private void ZeroWithinPage(long from, long to)
        {
            if (from >= to) return;
            ulong frame = FrameAt(from >> PageShift);
            if (frame != 0) _frames.Clear(frame, (int)(from & (PageSize - 1)), (int)(to - from));
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
                bool present = FrameAt(p) != 0;
                if (present == data) return Math.Max(from, p << PageShift);
            }
            return data ? -1 : Size;
        }

        private bool ChunkMissing(long pageIndex)
        {
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            return chunk >= _chunks.Length || _chunks[chunk] == null;
        }

        private ulong FrameAt(long pageIndex)
        {
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            if (chunk >= _chunks.Length) return 0;
            ulong[] pages = _chunks[chunk];
            return pages == null ? 0 : pages[(int)(pageIndex & (PagesPerChunk - 1))];
        }

        private ulong FrameForWrite(long pageIndex)
        {
            if (pageIndex >= MaxSize >> PageShift) return 0;
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            if (chunk >= _chunks.Length)
            {
                long length = Math.Max(chunk + 1, _chunks.Length * 2L);
                Array.Resize(ref _chunks, (int)length);
            }
            ulong[] pages = _chunks[chunk] ??= new ulong[PagesPerChunk];
            int slot = (int)(pageIndex & (PagesPerChunk - 1));
            if (pages[slot] == 0)
            {
                if (!_budget.TryTake(1)) return 0;
                ulong frame = _frames.Allocate();
                if (frame == 0) { _budget.Give(1); return 0; }
                pages[slot] = frame;
                AllocatedPages++;
            }
            return pages[slot];
        }

        private void FreePage(long pageIndex)
        {
            int chunk = (int)(pageIndex >> ChunkShift);   // < 2^19: MaxSize bounds the index
            if (chunk >= _chunks.Length || _chunks[chunk] == null) return;
            int slot = (int)(pageIndex & (PagesPerChunk - 1));
            ulong frame = _chunks[chunk][slot];
            if (frame == 0) return;
            _chunks[chunk][slot] = 0;
            AllocatedPages--;
            _budget.Give(1);
            _frames.Release(frame);
        }

        // Gives every page back (the inode is gone).
        public void Release() => Truncate(0);
    }
}
