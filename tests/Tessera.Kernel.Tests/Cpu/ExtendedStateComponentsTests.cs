using Tessera.Frame.Cpu;
using Xunit;

namespace Tessera.Kernel.Tests.Cpu
{
    // The XSAVE components and area checks against ordinary and hostile CPUID values.
    public class ExtendedStateComponentsTests
    {
        private const uint Avx = 1u << 28, Avx512F = 1u << 16;
        private const ulong Everything = ulong.MaxValue;   // a host claiming every component

        [Fact]
        public void X87AndSseAreAlwaysThereWhenOffered() =>
            Assert.Equal(ExtendedStateComponents.X87 | ExtendedStateComponents.Sse, ExtendedStateComponents.Choose(0, 0, Everything));

        [Fact]
        public void WithoutBothLegacyComponentsXsaveIsNotUsed()
        {
            Assert.Equal(0UL, ExtendedStateComponents.Choose(Avx, Avx512F, 1));
            Assert.Equal(0UL, ExtendedStateComponents.Choose(Avx, Avx512F, 2 | 4 | 0xE0));
        }

        [Fact]
        public void AvxNeedsTheFeatureBitAndTheComponent()
        {
            Assert.Equal(7UL, ExtendedStateComponents.Choose(Avx, 0, 7));
            Assert.Equal(3UL, ExtendedStateComponents.Choose(0, 0, 7));
            Assert.Equal(3UL, ExtendedStateComponents.Choose(Avx, 0, 3));
        }

        [Fact]
        public void Avx512NeedsAvxAvx512FAndAllThreeComponents()
        {
            Assert.Equal(0xE7UL, ExtendedStateComponents.Choose(Avx, Avx512F, 0xE7));
            Assert.Equal(7UL, ExtendedStateComponents.Choose(Avx, Avx512F, 0x67));   // Hi16_ZMM missing
            Assert.Equal(7UL, ExtendedStateComponents.Choose(Avx, 0, 0xE7));         // no AVX512F
            Assert.Equal(3UL, ExtendedStateComponents.Choose(0, Avx512F, 0xE7));     // no AVX
        }

        [Fact]
        public void OtherComponentsAreNeverEnabled() =>
            Assert.Equal(0xE7UL, ExtendedStateComponents.Choose(Avx, Avx512F, Everything));

        [Theory]
        [InlineData(0u, false)]
        [InlineData(512u, false)]
        [InlineData(575u, false)]
        [InlineData(576u, true)]
        [InlineData(832u, true)]
        [InlineData(2696u, true)]
        [InlineData(65536u, true)]
        [InlineData(65537u, false)]
        [InlineData(uint.MaxValue, false)]
        public void AreaSizeMustBePlausible(uint size, bool plausible) =>
            Assert.Equal(plausible, ExtendedStateComponents.IsPlausibleAreaSize(size));

        [Theory]
        [InlineData(256u, 576u, 832u, true)]             // AVX on a typical CPU
        [InlineData(256u, 577u, 832u, false)]            // one byte past the end
        [InlineData(0u, 576u, 832u, false)]              // empty component
        [InlineData(256u, 0u, 832u, false)]              // over the legacy region
        [InlineData(256u, 512u, 832u, false)]            // over the header
        [InlineData(uint.MaxValue, 576u, 832u, false)]   // would wrap in 32 bits
        [InlineData(16u, uint.MaxValue, 832u, false)]
        public void ComponentsMustLieInsideTheArea(uint size, uint offset, uint area, bool fits) =>
            Assert.Equal(fits, ExtendedStateComponents.FitsInArea(size, offset, area));
    }
}
