using System;
using System.Collections.Generic;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Memory
{
    // A process's memory: the areas it mapped (sorted, never overlapping) over the page tables
    // that the frame manages. Pages are filled on first touch (demand paging) and copied on
    // first write after fork (copy-on-write). Every user pointer the kernel follows goes
    // through Read and Write here, which resolve faults exactly as the CPU's accesses would.
    public sealed class VirtualMemory
    {
        public const ulong PageSize = 4096;
        public const ulong StackTop = 0x7FFF_FFFF_F000;
        public const ulong StackSize = 8 << 20;                 // RLIMIT_STACK's usual 8 MiB
        // Linux's stack_guard_gap (256 pages): a stack grows no closer than this to the area below.
        public const ulong StackGuardGap = 256 * PageSize;
        public const ulong MmapTop = 0x7FFF_0000_0000;          // top-down mmap area, below the stack
        public const ulong LowestMapping = 0x10000;             // vm.mmap_min_addr

        private readonly List<MemoryArea> _areas = new List<MemoryArea>();
        private readonly KernelMutex _lock = new KernelMutex();

        public VirtualMemory() { Space = new AddressSpace(); }

        public AddressSpace Space { get; }
        public ulong BrkStart { get; private set; }
        public ulong Brk { get; private set; }
        // How far the main stack may grow: RLIMIT_STACK's soft value (exec and setrlimit set it).
        public ulong StackLimit { get; set; } = StackSize;
        // Set when threads of the owning process may run on other CPUs: changes then flush them.
        public bool Shared { get; set; }

        // Processes using this memory (a vfork child borrows its parent's until it execs).
        private int _users = 1;

        public void AddUser()
        {
            _lock.Enter();
            _users++;
            Shared = true;
            _lock.Exit();
        }

        // Drops one user; true when it was the last (then Destroy).
        public bool Release()
        {
            _lock.Enter();
            bool last = --_users == 0;
            _lock.Exit();
            return last;
        }

        public IReadOnlyList<MemoryArea> Areas => _areas;

        public static ulong PageAlignDown(ulong value) => value & ~(PageSize - 1);
        public static ulong PageAlignUp(ulong value) => (value + PageSize - 1) & ~(PageSize - 1);

        public void SetBrkStart(ulong start)
        {
            BrkStart = PageAlignUp(start);
            Brk = BrkStart;
        }

        // --- areas -------------------------------------------------------------------------

        // Every look at or change of the areas holds the lock: threads of one process map,
        // unmap and fault at the same time, and a choice of range must not go stale before use.
        public MemoryArea Find(ulong address)
        {
            _lock.Enter();
            MemoryArea area = FindLocked(address);
            _lock.Exit();
            return area;
        }

        private MemoryArea FindLocked(ulong address)
        {
            foreach (MemoryArea area in _areas)
            {
                if (address < area.Start) return null;
                if (address < area.End) return area;
            }
            return null;
        }

        public bool IsFree(ulong start, ulong end)
        {
            if (start < LowestMapping || end > StackTop || end <= start) return false;
            foreach (MemoryArea area in _areas)
                if (area.Start < end && start < area.End) return false;
            return true;
        }

        // The highest free range of length below MmapTop (Linux's top-down layout), or 0.
        public ulong FindFree(ulong length, ulong below = MmapTop)
        {
            ulong end = below;
            for (int i = _areas.Count - 1; i >= 0; i--)
            {
                MemoryArea area = _areas[i];
                if (area.Start >= end) continue;
                if (area.End <= end && end - area.End >= length) return end - length;
                end = Math.Min(end, area.Start);
            }
            return end >= LowestMapping + length ? end - length : 0;
        }

        // Adds an area over a free range.
        // With file, whole pages of a window over it map the file's frames (copy-on-write).
        public Errno Map(ulong start, ulong length, Protection protection, bool shared, IPageSource source, ulong offset, string name,
            MappedFile file = null)
        {
            _lock.Enter();
            Errno e = MapLocked(start, length, protection, shared, source, offset, name, file, true);
            _lock.Exit();
            return e;
        }

        // The main thread's stack: [top - length, top), growing down on demand up to StackLimit.
        public Errno MapStack(ulong top, ulong length)
        {
            _lock.Enter();
            Errno e = MapLocked(top - length, length, Protection.Read | Protection.Write, false, null, 0, "[stack]", null, true);
            if (e == Errno.None) FindLocked(top - 1).GrowsDown = true;
            _lock.Exit();
            return e;
        }

        // mmap's choice of range and the mapping in one step. Fixed: exactly at address, over
        // what is there (or EEXIST with noReplace); else at the hint if free, or the highest
        // free range.
        public Errno MapPlaced(ulong address, ulong length, bool fixedAddress, bool noReplace, Protection protection, bool shared,
            MappedFile file, bool mayWrite, ulong offset, string name, out ulong start)
        {
            _lock.Enter();
            ulong size = PageAlignUp(length);
            start = address;
            Errno e = Errno.None;
            if (fixedAddress)
            {
                if (!IsFree(address, address + size))
                {
                    if (noReplace) e = Errno.EEXIST;
                    else UnmapLocked(address, address + size);
                }
            }
            else
            {
                ulong hint = PageAlignDown(address);
                start = hint != 0 && hint + size > hint && IsFree(hint, hint + size) ? hint : FindFree(size);
                if (start == 0) e = Errno.ENOMEM;
            }
            if (e == Errno.None) e = MapLocked(start, size, protection, shared, null, offset, name, file, mayWrite);
            _lock.Exit();
            return e;
        }

        private Errno MapLocked(ulong start, ulong length, Protection protection, bool shared, IPageSource source, ulong offset, string name,
            MappedFile file, bool mayWrite)
        {
            if ((start & (PageSize - 1)) != 0 || length == 0) return Errno.EINVAL;
            ulong end = start + PageAlignUp(length);
            if (end < start || !IsFree(start, end)) return Errno.ENOMEM;
            var area = new MemoryArea
            {
                Start = start, End = end, Protection = protection, Shared = shared, Source = source, File = file, MayWrite = mayWrite,
                SourceOffset = offset, Name = name, Owner = this,
            };
            if (shared && source == null && file == null) { area.SharedAnonymous = new SharedPages(); area.SourceOffset = 0; }
            file?.AddArea(this);
            int index = 0;
            while (index < _areas.Count && _areas[index].Start < start) index++;
            _areas.Insert(index, area);
            return Errno.None;
        }

        // Removes every mapping in [start, end), splitting areas at the edges; frees the pages.
        public void Unmap(ulong start, ulong end)
        {
            _lock.Enter();
            UnmapLocked(start, end);
            _lock.Exit();
        }

        private void UnmapLocked(ulong start, ulong end)
        {
            SplitAt(start);
            SplitAt(end);
            var removed = new List<MemoryArea>();
            for (int i = _areas.Count - 1; i >= 0; i--)
            {
                MemoryArea area = _areas[i];
                if (area.Start >= start && area.End <= end) { _areas.RemoveAt(i); removed.Add(area); }
            }
            ReleasePages(start, end);
            foreach (MemoryArea area in removed) area.Dispose();
        }

        // mprotect: every page in the range must be mapped (else ENOMEM, as Linux).
        public Errno Protect(ulong start, ulong end, Protection protection)
        {
            _lock.Enter();
            for (ulong a = start; a < end;)
            {
                MemoryArea area = FindLocked(a);
                if (area == null) { _lock.Exit(); return Errno.ENOMEM; }
                // A shared mapping of a file opened read-only never becomes writable (mmap(2)).
                if ((protection & Protection.Write) != 0 && !area.MayWrite) { _lock.Exit(); return Errno.EACCES; }
                a = area.End;
            }
            SplitAt(start);
            SplitAt(end);
            foreach (MemoryArea area in _areas)
                if (area.Start >= start && area.End <= end) area.Protection = protection;
            ulong cursor = start;
            while (Space.NextMapped(cursor, end, out ulong page, out _, out PageFlags flags))
            {
                PageFlags wanted = PageFlagsFor(protection);
                // A copy-on-write page stays read-only until its fault copies it.
                if ((flags & PageFlags.CopyOnWrite) != 0)
                    wanted = (wanted & ~PageFlags.Writable) | PageFlags.CopyOnWrite;
                if (protection == Protection.None) wanted = PageFlags.None | (wanted & PageFlags.CopyOnWrite);
                Space.Protect(page, wanted);
                cursor = page + PageSize;
            }
            FlushOthers();
            _lock.Exit();
            return Errno.None;
        }

        // brk: grows or shrinks the heap; returns the new break (the old one on failure).
        public ulong SetBrk(ulong requested)
        {
            _lock.Enter();
            ulong result = SetBrkLocked(requested);
            _lock.Exit();
            return result;
        }

        private ulong SetBrkLocked(ulong requested)
        {
            if (requested < BrkStart) return Brk;
            ulong oldEnd = PageAlignUp(Brk), newEnd = PageAlignUp(requested);
            if (newEnd > oldEnd)
            {
                if (!IsFree(oldEnd, newEnd)) return Brk;
                MemoryArea heap = oldEnd > BrkStart ? FindLocked(oldEnd - 1) : null;
                if (heap != null && heap.Name == "[heap]" && heap.End == oldEnd) heap.End = newEnd;
                else if (MapLocked(oldEnd, newEnd - oldEnd, Protection.Read | Protection.Write, false, null, 0, "[heap]", null, true) != Errno.None) return Brk;
            }
            else if (newEnd < oldEnd) UnmapLocked(newEnd, oldEnd);
            Brk = requested;
            return Brk;
        }

        // Drops the pages of [start, end) but keeps the mappings: they fill again on next touch
        // (madvise MADV_DONTNEED).
        public void Discard(ulong start, ulong end)
        {
            _lock.Enter();
            ReleasePages(start, end);
            _lock.Exit();
        }

        // mremap (sizes page-aligned, newSize > 0): shrink in place, grow in place when the
        // range after is free, else move if allowed (ENOMEM if not). The old range must lie in
        // one area (EFAULT).
        public Errno Remap(ulong oldStart, ulong oldSize, ulong newSize, bool mayMove, out ulong result)
        {
            _lock.Enter();
            Errno e = RemapLocked(oldStart, oldSize, newSize, mayMove, out result);
            _lock.Exit();
            return e;
        }

        private Errno RemapLocked(ulong oldStart, ulong oldSize, ulong newSize, bool mayMove, out ulong result)
        {
            result = oldStart;
            MemoryArea area = FindLocked(oldStart);
            if (area == null || oldStart + oldSize > area.End) return Errno.EFAULT;
            if (newSize <= oldSize)
            {
                if (newSize < oldSize) UnmapLocked(oldStart + newSize, oldStart + oldSize);
                return Errno.None;
            }
            if (area.End == oldStart + oldSize && IsFree(area.End, oldStart + newSize))
            {
                area.End = oldStart + newSize;
                return Errno.None;
            }
            if (!mayMove) return Errno.ENOMEM;
            result = FindFree(newSize);
            if (result == 0) return Errno.ENOMEM;
            return MoveLocked(oldStart, oldSize, result, newSize);
        }

        // mremap's move: the area's pages change address (frames move with them), the old
        // range becomes free, and the area grows to newSize at its new place.
        private Errno MoveLocked(ulong oldStart, ulong oldSize, ulong newStart, ulong newSize)
        {
            SplitAt(oldStart);
            SplitAt(oldStart + oldSize);
            MemoryArea area = FindLocked(oldStart);
            if (area == null || area.Start != oldStart || area.End != oldStart + oldSize) return Errno.EFAULT;
            _areas.Remove(area);
            ulong cursor = oldStart;
            while (Space.NextMapped(cursor, oldStart + oldSize, out ulong page, out ulong frame, out PageFlags flags))
            {
                Space.Unmap(page);
                Space.Map(newStart + (page - oldStart), frame, flags & (PageFlags.User | PageFlags.Writable | PageFlags.Executable | PageFlags.CopyOnWrite));
                cursor = page + PageSize;
            }
            area.Start = newStart;
            area.End = newStart + newSize;
            int index = 0;
            while (index < _areas.Count && _areas[index].Start < newStart) index++;
            _areas.Insert(index, area);
            FlushOthers();
            return Errno.None;
        }

        private void SplitAt(ulong address)
        {
            for (int i = 0; i < _areas.Count; i++)
            {
                MemoryArea area = _areas[i];
                if (area.Start < address && address < area.End)
                {
                    _areas.Insert(i + 1, area.SplitAt(address));
                    return;
                }
            }
        }

        private void ReleasePages(ulong start, ulong end)
        {
            ulong cursor = start;
            while (Space.NextMapped(cursor, end, out ulong page, out ulong frame, out _))
            {
                Space.Unmap(page);
                FrameSharing.Release(frame);
                cursor = page + PageSize;
            }
            FlushOthers();
        }

        private void FlushOthers()
        {
            if (Shared) Space.FlushOtherCpus();
        }

        private static PageFlags PageFlagsFor(Protection protection)
        {
            if (protection == Protection.None) return PageFlags.None;
            PageFlags flags = PageFlags.User;
            if ((protection & Protection.Write) != 0) flags |= PageFlags.Writable;
            if ((protection & Protection.Execute) != 0) flags |= PageFlags.Executable;
            return flags;
        }

        // --- faults --------------------------------------------------------------------------

        // Makes the page at address accessible as asked, as the CPU's fault would, or says why
        // not: the program then gets SIGSEGV or SIGBUS.
        public FaultResult HandleFault(ulong address, bool write, bool execute)
        {
            _lock.Enter();
            FaultResult result = HandleFaultLocked(address, write, execute);
            _lock.Exit();
            return result;
        }

        private FaultResult HandleFaultLocked(ulong address, bool write, bool execute)
        {
            MemoryArea area = FindLocked(address) ?? GrowStack(address);
            if (area == null) return FaultResult.NotMapped;
            if (area.Protection == Protection.None) return FaultResult.NotAllowed;
            if (write && (area.Protection & Protection.Write) == 0) return FaultResult.NotAllowed;
            if (execute && (area.Protection & Protection.Execute) == 0) return FaultResult.NotAllowed;
            ulong page = PageAlignDown(address);
            if (Space.Query(page, out ulong physical, out PageFlags flags))
            {
                if (!write || (flags & PageFlags.Writable) != 0) return FaultResult.Resolved;   // already resolved
                if ((flags & PageFlags.CopyOnWrite) == 0) return FaultResult.NotAllowed;
                return BreakCopyOnWrite(area, page, physical & ~(PageSize - 1)) ? FaultResult.Resolved : FaultResult.OutOfMemory;
            }
            if (area.SharedAnonymous != null)
            {
                ulong shared = area.SharedAnonymous.ReferenceFrame(area.SourceOffset + (page - area.Start));
                if (shared == 0) return FaultResult.OutOfMemory;
                Space.Map(page, shared, PageFlagsFor(area.Protection));
                return FaultResult.Resolved;
            }
            if (area.File != null && FilePageIndex(area, page, out ulong index)) return MapFilePage(area, page, index, write);
            ulong frame = AddressSpace.AllocateFrame();
            if (frame == 0) return FaultResult.OutOfMemory;
            if (area.Source != null) FillFromSource(area, page, frame);
            Space.Map(page, frame, PageFlagsFor(area.Protection));
            return FaultResult.Resolved;
        }

        // A page of a file mapping: the file's own frame, writable in a shared mapping, read-only
        // and copy-on-write in a private one (a write fault copies at once). A page wholly past
        // the end of file is SIGBUS, as Linux.
        private FaultResult MapFilePage(MemoryArea area, ulong page, ulong index, bool write)
        {
            ulong frame = area.File.ReferenceFrame(index, out bool beyondEnd);
            if (frame == 0) return beyondEnd ? FaultResult.BeyondEndOfFile : FaultResult.NoFilePage;
            PageFlags flags = PageFlagsFor(area.Protection);
            if (area.Shared)
            {
                Space.Map(page, frame, flags);
                return FaultResult.Resolved;
            }
            if (!write)
            {
                Space.Map(page, frame, (flags & ~PageFlags.Writable) | PageFlags.CopyOnWrite);
                return FaultResult.Resolved;
            }
            ulong copy = AddressSpace.AllocateFrame();
            if (copy != 0)
            {
                AddressSpace.CopyFrame(copy, frame);
                Space.Map(page, copy, flags);
            }
            FrameSharing.Release(frame);
            return copy != 0 ? FaultResult.Resolved : FaultResult.NoFilePage;
        }

        // Which page of its file an area shows at page: any page of a file mapping; for a program
        // segment (a window over the file), only a whole page inside the window, as the partial
        // pages at its ends must not show the file's bytes beyond the segment.
        private static bool FilePageIndex(MemoryArea area, ulong page, out ulong index)
        {
            ulong offset = area.SourceOffset + (page - area.Start);
            index = 0;
            if (area.Source is PageSourceWindow window)
            {
                if ((window.Start & (PageSize - 1)) != 0 || offset + PageSize > window.Length) return false;
                offset += window.Start;
            }
            else if (area.Source != null) return false;
            index = offset / PageSize;
            return true;
        }

        // The file offset an area's first page shows (a program segment's window adds its start).
        private static ulong FileOffsetOf(MemoryArea area) =>
            area.Source is PageSourceWindow window ? window.Start + area.SourceOffset : area.SourceOffset;

        // A fault below the stack grows it down to the faulting page (Linux's expand_stack): the
        // stack may reach StackLimit in all and must keep StackGuardGap from the area below
        // unless that one is inaccessible (PROT_NONE), as Linux's expand_downwards.
        private MemoryArea GrowStack(ulong address)
        {
            MemoryArea below = null, stack = null;
            foreach (MemoryArea area in _areas)
            {
                if (area.Start > address) { stack = area; break; }
                below = area;
            }
            if (stack == null || !stack.GrowsDown) return null;
            ulong start = PageAlignDown(address);
            if (start < LowestMapping || stack.End - start > StackLimit) return null;
            if (below != null && start < below.End) return null;
            if (below != null && below.Protection != Protection.None && start - below.End < StackGuardGap) return null;
            stack.Start = start;
            return stack;
        }

        // A truncation or hole punch took pages [firstPage, endPage) from file: its mappings here
        // let go of them. Truncated: every page goes, private copies too (so access past the new
        // end faults); punched: shared pages and private pages still showing the file's frame.
        public void DropFilePages(MappedFile file, ulong firstPage, ulong endPage, bool truncated)
        {
            _lock.Enter();
            bool dropped = false;
            foreach (MemoryArea area in _areas)
            {
                if (area.File != file) continue;
                ulong areaFirst = FileOffsetOf(area) / PageSize, areaPages = area.Length / PageSize;
                ulong from = Math.Max(firstPage, areaFirst), to = Math.Min(endPage, areaFirst + areaPages);
                if (from >= to) continue;
                ulong cursor = area.Start + (from - areaFirst) * PageSize, end = area.Start + (to - areaFirst) * PageSize;
                while (Space.NextMapped(cursor, end, out ulong page, out ulong frame, out PageFlags flags))
                {
                    cursor = page + PageSize;
                    if (!truncated && !area.Shared && (flags & PageFlags.CopyOnWrite) == 0) continue;
                    Space.Unmap(page);
                    FrameSharing.Release(frame);
                    dropped = true;
                }
            }
            if (dropped) FlushOthers();
            _lock.Exit();
        }

        private bool BreakCopyOnWrite(MemoryArea area, ulong page, ulong frame)
        {
            PageFlags writable = PageFlagsFor(area.Protection);
            if (!FrameSharing.IsShared(frame))
            {
                Space.Protect(page, writable);
                FlushOthers();
                return true;
            }
            ulong copy = AddressSpace.AllocateFrame();
            if (copy == 0) return false;
            AddressSpace.CopyFrame(copy, frame);
            Space.Unmap(page);
            Space.Map(page, copy, writable);
            FlushOthers();
            FrameSharing.Release(frame);
            return true;
        }

        private static void FillFromSource(MemoryArea area, ulong page, ulong frame)
        {
            Span<byte> buffer = stackalloc byte[(int)PageSize];
            buffer.Clear();
            ulong offset = area.SourceOffset + (page - area.Start);
            int n = area.Source.Read(offset, buffer);
            if (n > 0) AddressSpace.WriteFrame(frame, 0, buffer.Slice(0, n));
        }

        // --- user memory -------------------------------------------------------------------

        public bool Read(ulong address, Span<byte> destination)
        {
            for (int attempt = 0; ; attempt++)
            {
                if (Space.ReadUser(address, destination, out ulong failed)) return true;
                if (attempt > destination.Length / (int)PageSize + 2 || HandleFault(failed, false, false) != FaultResult.Resolved) return false;
            }
        }

        public bool Write(ulong address, ReadOnlySpan<byte> source)
        {
            for (int attempt = 0; ; attempt++)
            {
                if (Space.WriteUser(address, source, out ulong failed)) return true;
                if (attempt > source.Length / (int)PageSize + 2 || HandleFault(failed, true, false) != FaultResult.Resolved) return false;
            }
        }

        // What identifies the futex word at address for every process that can see it: the
        // shared pages (or the mapped file) and the offset in them for a shared mapping, else this memory
        // and the address (Linux's futex keys, kernel/futex/core.c get_futex_key).
        public object FutexKey(ulong address, out ulong offset)
        {
            _lock.Enter();
            MemoryArea area = FindLocked(address);
            object shared = null;
            if (area != null && area.Shared) shared = area.SharedAnonymous != null ? (object)area.SharedAnonymous : area.File;
            offset = shared != null ? area.SourceOffset + (address - area.Start) : address;
            _lock.Exit();
            return shared ?? this;
        }

        // --- fork and teardown -----------------------------------------------------------------

        // A copy for a child process: the same areas; private pages shared copy-on-write (both
        // sides read-only until one writes), shared pages shared as they are.
        public VirtualMemory Fork()
        {
            var child = new VirtualMemory();
            _lock.Enter();
            foreach (MemoryArea area in _areas) child._areas.Add(area.Clone(child));
            child.StackLimit = StackLimit;
            child.BrkStart = BrkStart;
            child.Brk = Brk;
            foreach (MemoryArea area in _areas)
            {
                ulong cursor = area.Start;
                while (Space.NextMapped(cursor, area.End, out ulong page, out ulong frame, out PageFlags flags))
                {
                    PageFlags mapped = flags & (PageFlags.User | PageFlags.Writable | PageFlags.Executable | PageFlags.CopyOnWrite);
                    if (!area.Shared && (mapped & (PageFlags.Writable | PageFlags.CopyOnWrite)) != 0)
                    {
                        mapped = (mapped & ~PageFlags.Writable) | PageFlags.CopyOnWrite;
                        Space.Protect(page, mapped);
                    }
                    FrameSharing.AddReference(frame);
                    child.Space.Map(page, frame, mapped);
                    cursor = page + PageSize;
                }
            }
            FlushOthers();
            _lock.Exit();
            return child;
        }

        // Frees every page and the page tables; the space must not be active anywhere.
        public void Destroy()
        {
            _lock.Enter();
            ulong cursor = 0;
            while (Space.NextMapped(cursor, AddressSpace.UserLimit, out ulong page, out ulong frame, out _))
            {
                Space.Unmap(page);
                FrameSharing.Release(frame);
                cursor = page + PageSize;
            }
            foreach (MemoryArea area in _areas) area.Dispose();
            _areas.Clear();
            Space.Destroy();
            _lock.Exit();
        }
    }
}
