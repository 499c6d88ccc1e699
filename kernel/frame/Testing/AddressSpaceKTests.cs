using Tessera.Frame.Memory;

namespace Tessera.Frame.Testing
{
    // User address spaces: map, query, protect, unmap, translate when active, and give every
    // page-table page back.
    public static unsafe class AddressSpaceKTests
    {
        private const ulong UserPage = 0x40_0000;

        [KTest]
        public static void MapQueryProtectUnmap()
        {
            var space = new AddressSpace();
            ulong frame = AddressSpace.AllocateFrame();
            KAssert.True(frame != 0, "a frame");
            KAssert.True(space.Map(UserPage, frame, PageFlags.User | PageFlags.Writable), "map");
            KAssert.False(space.Map(UserPage, frame, PageFlags.User), "mapping twice is refused");
            KAssert.True(space.Query(UserPage + 0x123, out ulong physical, out PageFlags flags), "query");
            KAssert.Equal(frame + 0x123, physical, "translation keeps the offset");
            KAssert.True(flags == (PageFlags.User | PageFlags.Writable), "flags read back: " + ((int)flags).ToString());
            KAssert.True(space.Protect(UserPage, PageFlags.User | PageFlags.CopyOnWrite), "protect");
            space.Query(UserPage, out _, out flags);
            KAssert.True((flags & PageFlags.CopyOnWrite) != 0 && (flags & PageFlags.Writable) == 0, "copy-on-write, read-only");
            KAssert.Equal(frame, space.Unmap(UserPage), "unmap returns the frame");
            KAssert.False(space.Query(UserPage, out _, out _), "unmapped");
            AddressSpace.FreeFrame(frame);
            space.Destroy();
        }

        [KTest]
        public static void RejectsKernelAndMisalignedAddresses()
        {
            var space = new AddressSpace();
            KAssert.False(space.Map(AddressSpace.UserLimit, 0x200000, PageFlags.User), "kernel half");
            KAssert.False(space.Map(UserPage + 8, 0x200000, PageFlags.User), "misaligned address");
            KAssert.False(space.Map(UserPage, 0x200008, PageFlags.User), "misaligned frame");
            KAssert.Equal(0UL, space.Unmap(UserPage), "nothing to unmap");
            space.Destroy();
        }

        [KTest]
        public static void ActiveSpaceTranslatesAndTracksDirtyPages()
        {
            var space = new AddressSpace();
            ulong frame = AddressSpace.AllocateFrame();
            byte* direct = KernelLayout.PhysicalToVirtual(frame);
            direct[5] = 0xAB;
            space.Map(UserPage, frame, PageFlags.User | PageFlags.Writable);
            space.Activate();
            byte* user = (byte*)UserPage;
            byte seen = user[5];
            user[6] = 0xCD;
            space.Query(UserPage, out _, out PageFlags flags);
            AddressSpace.ActivateKernelOnly();
            KAssert.Equal(0xAB, seen, "the user address reads the frame");
            KAssert.Equal(0xCD, direct[6], "a write through the user address lands in the frame");
            KAssert.True((flags & PageFlags.Dirty) != 0 && (flags & PageFlags.Accessed) != 0, "accessed and dirty bits set by the CPU");
            space.Unmap(UserPage);
            AddressSpace.FreeFrame(frame);
            space.Destroy();
        }

        [KTest]
        public static void DestroyGivesEveryPageBack()
        {
            var space = new AddressSpace();
            // Measured after the object exists: nothing below allocates managed memory, so
            // only page-table pages and frames move the count (the space's root is one page).
            ulong before = Memory.PhysicalMemory.FreeBytes + 4096;
            for (ulong i = 0; i < 600; i++)
            {
                // Spread over several page tables and directories.
                ulong address = UserPage + i * 0x10_0000 + (i % 3) * 0x40_0000_0000;
                space.Map(address, AddressSpace.AllocateFrame(), PageFlags.User);
            }
            int tablePages = space.PageTablePages;
            for (ulong i = 0; i < 600; i++)
            {
                ulong address = UserPage + i * 0x10_0000 + (i % 3) * 0x40_0000_0000;
                AddressSpace.FreeFrame(space.Unmap(address));
            }
            space.Destroy();
            ulong after = Memory.PhysicalMemory.FreeBytes;
            KAssert.Equal((long)before, (long)after, "free physical memory after destroying the space");
            KAssert.True(tablePages > 600 / 512 + 3, "intermediate tables were created (" + tablePages.ToString() + ")");
        }
    }
}
