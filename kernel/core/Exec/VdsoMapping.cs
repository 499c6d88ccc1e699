using System;
using Tessera.Frame.User;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Memory;

namespace Tessera.Kernel.Exec
{
    // Maps the vDSO into a new program's memory, as Linux's execve does (arch/x86/entry/vdso/
    // vma.c): the clock data page "[vvar]" (read-only) and right after it the image "[vdso]"
    // (read and execute), at the highest free range; AT_SYSINFO_EHDR points at the image.
    // Both are private copies filled on first touch, so a process that makes them writable
    // changes only its own; fork copies them with the rest.
    public static class VdsoMapping
    {
        private sealed class Bytes : IPageSource
        {
            private readonly byte[] _bytes;
            public Bytes(byte[] bytes) { _bytes = bytes; }
            public ulong Length => (ulong)_bytes.Length;
            public int Read(ulong offset, Span<byte> destination)
            {
                if (offset >= (ulong)_bytes.Length) return 0;
                int n = Math.Min(destination.Length, _bytes.Length - (int)offset);
                _bytes.AsSpan((int)offset, n).CopyTo(destination);
                return n;
            }
        }

        // Made on first use, after the clock has started; the same for every process.
        private static Bytes s_image, s_clockPage;

        public static Errno Map(VirtualMemory memory, out ulong imageAddress)
        {
            imageAddress = 0;
            if (s_image == null)
            {
                var page = new byte[Vdso.VvarSize];
                Vdso.WriteClockPage(page);
                s_clockPage = new Bytes(page);
                s_image = new Bytes(Vdso.Image.ToArray());
            }
            ulong imageLength = VirtualMemory.PageAlignUp(s_image.Length);
            ulong start = memory.FindFree(Vdso.VvarSize + imageLength);
            if (start == 0) return Errno.ENOMEM;
            Errno e = memory.Map(start, Vdso.VvarSize, Protection.Read, false, s_clockPage, 0, "[vvar]");
            if (e == Errno.None) e = memory.Map(start + Vdso.VvarSize, imageLength, Protection.Read | Protection.Execute, false, s_image, 0, "[vdso]");
            if (e == Errno.None) imageAddress = start + Vdso.VvarSize;
            return e;
        }
    }
}
