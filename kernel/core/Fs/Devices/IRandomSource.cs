using System;

namespace Tessera.Kernel.Fs.Devices
{
    // Where /dev/random and /dev/urandom get their bytes: the kernel's generator (RDRAND/TDX
    // seeded), or a fixed sequence in host tests.
    public interface IRandomSource
    {
        void Fill(Span<byte> destination);
    }
}
