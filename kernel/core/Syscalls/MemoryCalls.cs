using Tessera.Frame.Memory;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Syscalls
{
    // The memory system calls (mmap(2) and friends), with Linux's argument checks in Linux's order.
    public static class MemoryCalls
    {
        public const int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_TYPE = 0xF, MAP_FIXED = 0x10,
            MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
        private const int MADV_DONTNEED = 4, MADV_FREE = 8, MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
        private static long Fail(Errno e) => -(long)e;

        public static long Brk(UserThread caller, ulong requested) => (long)caller.Process.Memory.SetBrk(requested);

        public static long Mmap(UserThread caller, ulong address, ulong length, int prot, int flags, int fd, ulong offset)
        {
            VirtualMemory m = caller.Process.Memory;
            if ((offset & (VirtualMemory.PageSize - 1)) != 0) return Fail(Errno.EINVAL);
            if (length == 0) return Fail(Errno.EINVAL);
            ulong size = VirtualMemory.PageAlignUp(length);
            if (size == 0 || size > AddressSpace.UserLimit) return Fail(Errno.ENOMEM);
            int type = flags & MAP_TYPE;
            if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return Fail(Errno.EINVAL);
            if ((prot & ~7) != 0) return Fail(Errno.EINVAL);
            MappedFile file = null;
            string name = null;
            bool mayWrite = true;
            if ((flags & MAP_ANONYMOUS) == 0)
            {
                file = FileMappings.FileFor(caller, fd, prot, type != MAP_PRIVATE, out mayWrite, out Errno error, out name);
                if (file == null) return Fail(error);
            }
            bool fixedAddress = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
            if (fixedAddress)
            {
                if ((address & (VirtualMemory.PageSize - 1)) != 0) return Fail(Errno.EINVAL);
                if (address + size < address || address + size > VirtualMemory.StackTop || address < VirtualMemory.LowestMapping) return Fail(Errno.ENOMEM);
            }
            Errno e = m.MapPlaced(address, size, fixedAddress, (flags & MAP_FIXED_NOREPLACE) != 0, (Protection)prot, type != MAP_PRIVATE,
                file, mayWrite, offset, name, out ulong start);
            return e == Errno.None ? (long)start : Fail(e);
        }

        public static long Munmap(UserThread caller, ulong address, ulong length)
        {
            if ((address & (VirtualMemory.PageSize - 1)) != 0 || length == 0) return Fail(Errno.EINVAL);
            ulong end = address + VirtualMemory.PageAlignUp(length);
            if (end < address || end > AddressSpace.UserLimit) return Fail(Errno.EINVAL);
            caller.Process.Memory.Unmap(address, end);
            return 0;
        }

        public static long Mprotect(UserThread caller, ulong address, ulong length, int prot)
        {
            if ((address & (VirtualMemory.PageSize - 1)) != 0) return Fail(Errno.EINVAL);
            if ((prot & ~(7 | 0x01000000 | 0x02000000)) != 0) return Fail(Errno.EINVAL);   // PROT_GROWSDOWN/UP accepted
            if (length == 0) return 0;
            ulong end = address + VirtualMemory.PageAlignUp(length);
            if (end <= address) return Fail(Errno.ENOMEM);
            Errno e = caller.Process.Memory.Protect(address, end, (Protection)(prot & 7));
            return e == Errno.None ? 0 : Fail(e);
        }

        // The advice values Linux knows (uapi/asm-generic/mman-common.h): MADV_NORMAL (0) to
        // MADV_DONTNEED (4), then MADV_FREE (8) to MADV_COLLAPSE (25); 5 to 7 were never used.
        // Anything else is EINVAL (mm/madvise.c, madvise_behavior_valid), checked first.
        private static bool IsKnownAdvice(int advice) => (advice >= 0 && advice <= MADV_DONTNEED) || (advice >= MADV_FREE && advice <= 25);

        public static long Madvise(UserThread caller, ulong address, ulong length, int advice)
        {
            if (!IsKnownAdvice(advice)) return Fail(Errno.EINVAL);
            if ((address & (VirtualMemory.PageSize - 1)) != 0) return Fail(Errno.EINVAL);
            ulong end = address + VirtualMemory.PageAlignUp(length);
            if (end < address) return Fail(Errno.EINVAL);
            // DONTNEED: private pages read back as zero (or from the file) afterwards.
            if (advice == MADV_DONTNEED || advice == MADV_FREE) caller.Process.Memory.Discard(address, end);
            return 0;
        }

        public static long Mremap(UserThread caller, ulong oldAddress, ulong oldSize, ulong newSize, int flags, ulong newAddress)
        {
            VirtualMemory m = caller.Process.Memory;
            if ((oldAddress & (VirtualMemory.PageSize - 1)) != 0 || (flags & ~3) != 0) return Fail(Errno.EINVAL);
            if ((flags & MREMAP_FIXED) != 0) return Fail(Errno.EINVAL);
            oldSize = VirtualMemory.PageAlignUp(oldSize);
            newSize = VirtualMemory.PageAlignUp(newSize);
            if (newSize == 0) return Fail(Errno.EINVAL);
            Errno e = m.Remap(oldAddress, oldSize, newSize, (flags & MREMAP_MAYMOVE) != 0, out ulong result);
            return e == Errno.None ? (long)result : Fail(e);
        }

        // mlock and friends: pages are never swapped out, so every mapped page is already
        // locked; only the arguments are checked.
        public static long Mlock(UserThread caller, ulong address, ulong length)
        {
            ulong end = VirtualMemory.PageAlignUp(address + length);
            if (end < address) return Fail(Errno.EINVAL);
            for (ulong a = VirtualMemory.PageAlignDown(address); a < end;)
            {
                MemoryArea area = caller.Process.Memory.Find(a);
                if (area == null) return Fail(Errno.ENOMEM);
                a = area.End;
            }
            return 0;
        }

        // membarrier(2): the private expedited barrier every thread of the process passes;
        // an interrupt is a full barrier, so one round of IPIs to the other CPUs does it.
        public static long Membarrier(UserThread caller, int command, uint flags)
        {
            const int QUERY = 0, GLOBAL = 1, PRIVATE_EXPEDITED = 8, REGISTER_PRIVATE_EXPEDITED = 16;
            if (flags != 0) return Fail(Errno.EINVAL);
            switch (command)
            {
                case QUERY: return GLOBAL | PRIVATE_EXPEDITED | REGISTER_PRIVATE_EXPEDITED;
                case REGISTER_PRIVATE_EXPEDITED: return 0;
                case GLOBAL:
                case PRIVATE_EXPEDITED:
                    caller.Process.Memory.Space.FlushOtherCpus();
                    return 0;
                default: return Fail(Errno.EINVAL);
            }
        }

        public static long Msync(UserThread caller, ulong address, ulong length, int flags)
        {
            if ((address & (VirtualMemory.PageSize - 1)) != 0 || (flags & ~7) != 0 || (flags & 5) == 5) return Fail(Errno.EINVAL);
            ulong end = address + VirtualMemory.PageAlignUp(length);
            if (end < address) return Fail(Errno.ENOMEM);
            // Pages are the file's own frames, so there is nothing to write back: only the
            // arguments are checked, and that the range is mapped (ENOMEM), as Linux.
            for (ulong a = address; a < end;)
            {
                MemoryArea area = caller.Process.Memory.Find(a);
                if (area == null) return Fail(Errno.ENOMEM);
                a = area.End;
            }
            return 0;
        }

        public static long Mincore(UserThread caller, ulong address, ulong length, ulong vector)
        {
            VirtualMemory m = caller.Process.Memory;
            if ((address & (VirtualMemory.PageSize - 1)) != 0) return Fail(Errno.EINVAL);
            ulong pages = VirtualMemory.PageAlignUp(length) / VirtualMemory.PageSize;
            if (pages > 1 << 20) return Fail(Errno.EINVAL);
            var result = new byte[(int)pages];
            for (ulong i = 0; i < pages; i++)
            {
                ulong a = address + i * VirtualMemory.PageSize;
                if (m.Find(a) == null) return Fail(Errno.ENOMEM);
                result[i] = m.Space.Query(a, out _, out _) ? (byte)1 : (byte)0;
            }
            return m.Write(vector, result) ? 0 : Fail(Errno.EFAULT);
        }
    }
}
