using Tessera.Frame.Interrupts;
using Xunit;

namespace Tessera.Kernel.Tests.Interrupts
{
    // The MSR numbers of Intel SDM Vol. 3A, Table 11-6, for the registers the kernel uses.
    public class X2ApicRegistersTests
    {
        [Theory]
        [InlineData(0x20, 0x802u)]    // local APIC ID
        [InlineData(0x80, 0x808u)]    // task priority
        [InlineData(0xB0, 0x80Bu)]    // EOI
        [InlineData(0xF0, 0x80Fu)]    // spurious interrupt vector
        [InlineData(0x300, 0x830u)]   // ICR (one 64-bit MSR)
        [InlineData(0x320, 0x832u)]   // LVT timer
        [InlineData(0x380, 0x838u)]   // timer initial count
        [InlineData(0x390, 0x839u)]   // timer current count
        [InlineData(0x3E0, 0x83Eu)]   // timer divide configuration
        public void RegistersMapToTheirMsrs(int offset, uint msr) => Assert.Equal(msr, X2ApicRegisters.MsrOf(offset));

        [Fact]
        public void InterruptCommandPutsTheWholeDestinationInTheHighHalf()
        {
            Assert.Equal(0x0001_2345_0000_4FF1UL, X2ApicRegisters.InterruptCommand(0x12345, 0x4FF1));
            Assert.Equal(0xFFFF_FFFE_0000_0500UL, X2ApicRegisters.InterruptCommand(0xFFFF_FFFE, 0x500));
        }
    }
}
