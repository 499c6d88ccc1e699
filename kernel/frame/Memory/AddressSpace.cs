using System;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;

namespace Tessera.Frame.Memory
{
    // A user address space: its own 4-level page tables for the lower half (Intel SDM Vol. 3A,
    // 4.5), sharing the kernel's upper half. Pages are 4 KiB. Page-table pages and mapped frames
    // come from the page-frame allocator (PhysicalMemory). Changes to the active space
    // invalidate the TLB entry on this CPU; other CPUs need a shootdown once SMP exists.
    public sealed unsafe class AddressSpace
    {
        public const ulong UserLimit = 0x0000_8000_0000_0000;
        private const ulong Present = 1, WritableBit = 2, UserBit = 4, AccessedBit = 0x20, DirtyBit = 0x40;
        private const ulong CopyOnWriteBit = 1UL << 9;      // ignored by the CPU, ours to use
        private const ulong NoExecuteBit = 1UL << 63;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

        private readonly ulong* _pml4;
        private int _tablePages = 1;
        private bool _destroyed;

        public AddressSpace()
        {
            _pml4 = NewTablePage();
            ulong* kernel = (ulong*)KernelLayout.PhysicalToVirtual(NativeStubs.ReadCr3() & AddressMask);
            for (int i = 256; i < 512; i++) _pml4[i] = kernel[i];
        }

        public int PageTablePages => _tablePages;
        public ulong PageTableRoot => KernelLayout.VirtualToPhysical((ulong)_pml4);
        public bool IsActive => (NativeStubs.ReadCr3() & AddressMask) == PageTableRoot;

        // A fresh zeroed 4 KiB frame for user data, or 0 when memory is exhausted.
        public static ulong AllocateFrame()
        {
            byte* page = PhysicalMemory.AllocateZeroed(0);
            return page == null ? 0 : KernelLayout.VirtualToPhysical((ulong)page);
        }

        public static void FreeFrame(ulong physical) => PhysicalMemory.Free(physical, 0);

        // Maps one page. Returns false for a bad address or when the page is already mapped.
        public bool Map(ulong virtualAddress, ulong physical, PageFlags flags)
        {
            if (!IsUserPage(virtualAddress) || (physical & 0xFFF) != 0) return false;
            ulong* entry = Walk(virtualAddress, create: true);
            if (entry == null || (*entry & Present) != 0) return false;
            *entry = physical | Present | Encode(flags);
            return true;
        }

        // Removes a mapping; returns the frame it mapped (0 if none). The frame is not freed.
        public ulong Unmap(ulong virtualAddress)
        {
            ulong* entry = IsUserPage(virtualAddress) ? Walk(virtualAddress, create: false) : null;
            if (entry == null || (*entry & Present) == 0) return 0;
            ulong physical = *entry & AddressMask;
            *entry = 0;
            Invalidate(virtualAddress);
            return physical;
        }

        // Changes what a mapped page allows; false when it is not mapped.
        public bool Protect(ulong virtualAddress, PageFlags flags)
        {
            ulong* entry = IsUserPage(virtualAddress) ? Walk(virtualAddress, create: false) : null;
            if (entry == null || (*entry & Present) == 0) return false;
            *entry = (*entry & AddressMask) | Present | Encode(flags);
            Invalidate(virtualAddress);
            return true;
        }

        // Translates any user address (not only page starts).
        public bool Query(ulong virtualAddress, out ulong physical, out PageFlags flags)
        {
            physical = 0;
            flags = PageFlags.None;
            ulong* entry = virtualAddress < UserLimit ? Walk(virtualAddress & ~0xFFFUL, create: false) : null;
            if (entry == null || (*entry & Present) == 0) return false;
            physical = (*entry & AddressMask) | (virtualAddress & 0xFFF);
            flags = Decode(*entry);
            return true;
        }

        // Copies user memory into destination, page by page through the direct map (the kernel
        // never touches user addresses directly, so a bad pointer cannot fault in the kernel).
        // Stops at the first page that is not mapped for user reads and returns false with
        // its address, so the caller can resolve it (demand paging) and try again.
        public bool ReadUser(ulong address, Span<byte> destination, out ulong failedPage)
        {
            failedPage = 0;
            int done = 0;
            while (done < destination.Length)
            {
                ulong va = address + (ulong)done;
                if (va < address || va >= UserLimit) { failedPage = va & ~0xFFFUL; return false; }
                ulong* entry = Walk(va & ~0xFFFUL, create: false);
                if (entry == null || (*entry & (Present | UserBit)) != (Present | UserBit)) { failedPage = va & ~0xFFFUL; return false; }
                int offset = (int)(va & 0xFFF);
                int chunk = Math.Min(4096 - offset, destination.Length - done);
                byte* source = KernelLayout.PhysicalToVirtual((*entry & AddressMask) + (ulong)offset);
                new ReadOnlySpan<byte>(source, chunk).CopyTo(destination.Slice(done, chunk));
                done += chunk;
            }
            return true;
        }

        // Copies into user memory; pages must be mapped writable for the user (a copy-on-write
        // page is not: it fails here, and the caller copies it first).
        public bool WriteUser(ulong address, ReadOnlySpan<byte> source, out ulong failedPage)
        {
            failedPage = 0;
            int done = 0;
            const ulong Needed = Present | UserBit | WritableBit;
            while (done < source.Length)
            {
                ulong va = address + (ulong)done;
                if (va < address || va >= UserLimit) { failedPage = va & ~0xFFFUL; return false; }
                ulong* entry = Walk(va & ~0xFFFUL, create: false);
                if (entry == null || (*entry & Needed) != Needed) { failedPage = va & ~0xFFFUL; return false; }
                *entry |= AccessedBit | DirtyBit;
                int offset = (int)(va & 0xFFF);
                int chunk = Math.Min(4096 - offset, source.Length - done);
                byte* target = KernelLayout.PhysicalToVirtual((*entry & AddressMask) + (ulong)offset);
                source.Slice(done, chunk).CopyTo(new Span<byte>(target, chunk));
                done += chunk;
            }
            return true;
        }

        // The first mapped page at or after address and below end: its address, frame and flags.
        // Skips unmapped tables whole, so walking a sparse space is cheap.
        public bool NextMapped(ulong address, ulong end, out ulong page, out ulong physical, out PageFlags flags)
        {
            page = 0; physical = 0; flags = PageFlags.None;
            if (end > UserLimit) end = UserLimit;
            ulong va = address & ~0xFFFUL;
            while (va < end)
            {
                ulong* table = _pml4;
                int level = 3;
                for (; level > 0; level--)
                {
                    ulong entry = table[(va >> (12 + 9 * level)) & 511];
                    if ((entry & Present) == 0) break;
                    table = (ulong*)KernelLayout.PhysicalToVirtual(entry & AddressMask);
                }
                if (level > 0)
                {
                    // No table at this level: jump to the next region it would cover.
                    ulong span = 1UL << (12 + 9 * level);
                    va = (va & ~(span - 1)) + span;
                    continue;
                }
                ulong leaf = table[(va >> 12) & 511];
                if ((leaf & Present) != 0)
                {
                    page = va;
                    physical = leaf & AddressMask;
                    flags = Decode(leaf);
                    return true;
                }
                va += 4096;
            }
            return false;
        }

        // After changes to a space that threads on other CPUs may be using: every CPU that has
        // it active flushes its TLB (one round of IPIs for a whole batch of changes).
        public void FlushOtherCpus()
        {
            ulong root = PageTableRoot;
            Interrupts.InterProcessorInterrupts.CallOnAllOthers(() =>
            {
                if ((NativeStubs.ReadCr3() & AddressMask) == root) NativeStubs.WriteCr3(root);
            });
        }

        // Frames, by physical address: the only way safe code reaches their contents.
        public static void CopyFrame(ulong destination, ulong source) =>
            new ReadOnlySpan<byte>(KernelLayout.PhysicalToVirtual(source), 4096).CopyTo(new Span<byte>(KernelLayout.PhysicalToVirtual(destination), 4096));

        public static void WriteFrame(ulong physical, int offset, ReadOnlySpan<byte> data)
        {
            if ((physical & 0xFFF) != 0 || offset < 0 || offset + data.Length > 4096) Panic.Halt("frame write out of range");
            data.CopyTo(new Span<byte>(KernelLayout.PhysicalToVirtual(physical + (ulong)offset), data.Length));
        }

        public static void ReadFrame(ulong physical, int offset, Span<byte> data)
        {
            if ((physical & 0xFFF) != 0 || offset < 0 || offset + data.Length > 4096) Panic.Halt("frame read out of range");
            new ReadOnlySpan<byte>(KernelLayout.PhysicalToVirtual(physical + (ulong)offset), data.Length).CopyTo(data);
        }

        public bool IsDestroyed => _destroyed;

        // Back to the kernel's own tables (no user mappings).
        public static void ActivateKernelOnly() => NativeStubs.WriteCr3(PageTables.KernelRoot);

        public void Activate()
        {
            if (_destroyed) Panic.Halt("activating a destroyed address space");
            NativeStubs.WriteCr3(PageTableRoot);
        }

        // Frees the page-table pages (not the frames they mapped). Must not be active.
        public void Destroy()
        {
            if (_destroyed) return;
            if (IsActive) Panic.Halt("destroying the active address space");
            for (int i = 0; i < 256; i++) FreeTable(_pml4[i], 3);
            PhysicalMemory.FreeAt((byte*)_pml4, 0);
            _destroyed = true;
        }

        private static bool IsUserPage(ulong virtualAddress) => virtualAddress < UserLimit && (virtualAddress & 0xFFF) == 0;

        private static ulong Encode(PageFlags flags) =>
            ((flags & PageFlags.Writable) != 0 ? WritableBit : 0)
            | ((flags & PageFlags.User) != 0 ? UserBit : 0)
            | ((flags & PageFlags.Executable) != 0 ? 0 : NoExecuteBit)
            | ((flags & PageFlags.CopyOnWrite) != 0 ? CopyOnWriteBit : 0);

        private static PageFlags Decode(ulong entry) =>
            ((entry & WritableBit) != 0 ? PageFlags.Writable : 0)
            | ((entry & UserBit) != 0 ? PageFlags.User : 0)
            | ((entry & NoExecuteBit) == 0 ? PageFlags.Executable : 0)
            | ((entry & CopyOnWriteBit) != 0 ? PageFlags.CopyOnWrite : 0)
            | ((entry & AccessedBit) != 0 ? PageFlags.Accessed : 0)
            | ((entry & DirtyBit) != 0 ? PageFlags.Dirty : 0);

        // The page-table entry for a page, creating intermediate tables if asked.
        private ulong* Walk(ulong virtualAddress, bool create)
        {
            ulong* table = _pml4;
            for (int level = 3; level > 0; level--)
            {
                ulong* entry = &table[(virtualAddress >> (12 + 9 * level)) & 511];
                if ((*entry & Present) == 0)
                {
                    if (!create) return null;
                    ulong* next = NewTablePage();
                    if (next == null) return null;
                    _tablePages++;
                    // Intermediate levels allow everything; the leaf decides.
                    *entry = KernelLayout.VirtualToPhysical((ulong)next) | Present | WritableBit | UserBit;
                }
                table = (ulong*)KernelLayout.PhysicalToVirtual(*entry & AddressMask);
            }
            return &table[(virtualAddress >> 12) & 511];
        }

        private void FreeTable(ulong entry, int level)
        {
            if ((entry & Present) == 0) return;
            ulong* table = (ulong*)KernelLayout.PhysicalToVirtual(entry & AddressMask);
            if (level > 1)
                for (int i = 0; i < 512; i++) FreeTable(table[i], level - 1);
            PhysicalMemory.FreeAt((byte*)table, 0);
        }

        private void Invalidate(ulong virtualAddress)
        {
            if (IsActive) NativeStubs.InvalidatePage(virtualAddress);
        }

        private static ulong* NewTablePage()
        {
            byte* page = PhysicalMemory.AllocateZeroed(0);
            if (page == null) Panic.Halt("out of memory: no page for a page table");
            return (ulong*)page;
        }
    }
}
