using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Tests.Abi
{
    public class CpuClockIdTests
    {
        // What glibc's clock_getcpuclockid(1234) and pthread_getcpuclockid for tid 1234 return
        // (MAKE_PROCESS_CPUCLOCK / MAKE_THREAD_CPUCLOCK with CPUCLOCK_SCHED).
        [Fact]
        public void MatchesLinuxEncoding()
        {
            Assert.Equal(-9878, CpuClockId.MakeProcess(1234, CpuClockId.Sched));
            Assert.Equal(-9874, CpuClockId.MakeThread(1234, CpuClockId.Sched));
            Assert.Equal(-6, CpuClockId.MakeProcess(0, CpuClockId.Sched));    // the caller's process
        }

        [Theory]
        [InlineData(1, false, 0)]
        [InlineData(1234, false, 1)]
        [InlineData(77, true, 2)]
        [InlineData(0, true, 0)]
        [InlineData(int.MaxValue >> 3, true, 2)]
        public void RoundTrips(int id, bool perThread, int which)
        {
            int clock = perThread ? CpuClockId.MakeThread(id, which) : CpuClockId.MakeProcess(id, which);
            Assert.True(clock < 0);
            Assert.True(CpuClockId.TryDecode(clock, out int decodedId, out bool decodedPerThread, out int decodedWhich));
            Assert.Equal(id, decodedId);
            Assert.Equal(perThread, decodedPerThread);
            Assert.Equal(which, decodedWhich);
        }

        [Fact]
        public void RejectsOtherIds()
        {
            Assert.False(CpuClockId.TryDecode(CpuClockId.MakeProcess(5, 0) | 3, out _, out _, out _));   // no clock type 3
            Assert.False(CpuClockId.TryDecode(0, out _, out _, out _));                                  // CLOCK_REALTIME
            Assert.False(CpuClockId.TryDecode(2, out _, out _, out _));                                  // CLOCK_PROCESS_CPUTIME_ID is not an encoded id
        }
    }
}
