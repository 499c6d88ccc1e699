using System.Collections.Generic;
using System.Linq;
using Tessera.Frame.Boot;
using Tessera.Frame.Memory;

namespace Tessera.Kernel.Tests.Memory
{
    public sealed class UsableFramesTests
    {
        private static MemoryRegion Usable(ulong start, ulong length) => new MemoryRegion(start, length, MemoryRegionKind.Usable);
        private static MemoryRegion Reserved(ulong start, ulong length) => new MemoryRegion(start, length, MemoryRegionKind.Reserved);

        private static (MemoryMapError, string) Compute(MemoryRegion[] map, params PhysicalRange[] reserved)
        {
            var result = new List<FrameRange>();
            MemoryMapError error = UsableFrames.Compute(map, reserved, result);
            return (error, string.Join(" ", result.Select(r => r.Start.ToString("x") + "-" + r.End.ToString("x"))));
        }

        [Fact]
        public void QemuLikeMapMinusKernelImageAndHeap()
        {
            var map = new[]
            {
                Usable(0, 0x9FC00), Reserved(0x9FC00, 0x400), Reserved(0xF0000, 0x10000),
                Usable(0x100000, 0xFEE0000 - 0x100000), Reserved(0xFEE0000, 0x20000), Reserved(0xFFFC0000, 0x40000),
                Usable(0x100000000, 0x40000000),
            };
            var (error, ranges) = Compute(map, new PhysicalRange(0x100000, 0x2A3456), new PhysicalRange(0x400000, 0x8000000));
            Assert.Equal(MemoryMapError.None, error);
            // Low memory loses its partial last page; the image rounds out to 0x2a4.
            Assert.Equal("0-9f 2a4-400 8000-fee0 100000-140000", ranges);
        }

        [Fact]
        public void UsableRangesShrinkInwardToWholePages()
        {
            Assert.Equal((MemoryMapError.None, "2-3"), Compute(new[] { Usable(0x1001, 0x2FFE) }));
            Assert.Equal(MemoryMapError.NoUsableMemory, Compute(new[] { Usable(0x1001, 0xFFF) }).Item1);
            Assert.Equal(MemoryMapError.NoUsableMemory, Compute(new[] { Usable(0x1800, 0x1000) }).Item1);
        }

        [Fact]
        public void ReservedWinsOverUsableWhateverTheOrder()
        {
            var expected = (MemoryMapError.None, "0-4 6-10");
            Assert.Equal(expected, Compute(new[] { Usable(0, 0x10000), Reserved(0x4800, 0x1000) }));
            Assert.Equal(expected, Compute(new[] { Reserved(0x4800, 0x1000), Usable(0, 0x10000) }));
            Assert.Equal(expected, Compute(new[] { Usable(0, 0x10000) }, new PhysicalRange(0x4800, 0x5800)));
            // A reserved range covering everything leaves nothing.
            Assert.Equal(MemoryMapError.NoUsableMemory, Compute(new[] { Usable(0x1000, 0x1000), Reserved(0, 0x10000) }).Item1);
        }

        [Fact]
        public void OverlappingAndTouchingUsableRangesMerge()
        {
            Assert.Equal((MemoryMapError.None, "1-9"), Compute(new[] { Usable(0x5000, 0x4000), Usable(0x1000, 0x5000), Usable(0x2000, 0x1000) }));
            Assert.Equal((MemoryMapError.None, "1-3"), Compute(new[] { Usable(0x1000, 0x1000), Usable(0x2000, 0x1000) }));
        }

        [Fact]
        public void ZeroLengthEntriesAreIgnored()
        {
            Assert.Equal((MemoryMapError.None, "1-2"), Compute(new[] { Usable(0x1000, 0x1000), Usable(0x5000, 0), Reserved(0x1000, 0) }));
            Assert.Equal((MemoryMapError.None, "1-2"), Compute(new[] { Usable(0x1000, 0x1000) }, new PhysicalRange(0x1800, 0x1800)));
        }

        [Fact]
        public void NonsenseIsRefused()
        {
            Assert.Equal(MemoryMapError.EntryWrapsAround, Compute(new[] { Usable(0x1000, 0x1000), Usable(ulong.MaxValue - 0xFFF, 0x2000) }).Item1);
            Assert.Equal(MemoryMapError.EntryWrapsAround, Compute(new[] { Usable(0x1000, 0x1000), Reserved(0x1000, ulong.MaxValue) }).Item1);
            Assert.Equal(MemoryMapError.BeyondPhysicalLimit, Compute(new[] { Usable(PageFrame.PhysicalAddressLimit - 0x1000, 0x2000) }).Item1);
            Assert.Equal(MemoryMapError.ReservedRangeInvalid, Compute(new[] { Usable(0, 0x10000) }, new PhysicalRange(0x5000, 0x4000)).Item1);
            Assert.Equal(MemoryMapError.NoUsableMemory, Compute(new MemoryRegion[0]).Item1);
            Assert.Equal(MemoryMapError.NoUsableMemory, Compute(new[] { Reserved(0, 0x100000) }).Item1);
            var many = Enumerable.Range(0, UsableFrames.MaxEntries + 1).Select(i => Usable((ulong)i * 0x2000, 0x1000)).ToArray();
            Assert.Equal(MemoryMapError.TooManyEntries, Compute(many).Item1);
        }

        [Fact]
        public void UsableUpToThePhysicalLimitIsAccepted()
        {
            var top = new[] { Usable(PageFrame.PhysicalAddressLimit - 0x1000, 0x1000) };
            Assert.Equal((MemoryMapError.None, "ffffffffff-10000000000"), Compute(top));
            // A reserved range reaching past the limit is cut there, and still covers the top.
            Assert.Equal(MemoryMapError.NoUsableMemory, Compute(top, new PhysicalRange(0, ulong.MaxValue)).Item1);
        }
    }
}
