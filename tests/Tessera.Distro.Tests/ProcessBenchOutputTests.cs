using Tessera.Cli.Bench;
using Xunit;

namespace Tessera.Distro.Tests;

// The process benchmarks' console parser: the console is untrusted text, and Linux's panic
// messages can cut into a line, so only whole, well-formed lines count.
public class ProcessBenchOutputTests
{
    [Fact]
    public void ReadsWellFormedLinesAndTheGuestClock()
    {
        var parsed = ProcessBenchOutput.Parse(
            "tessera: boot\nbench-process: start\n[ 1.0] noise bench-process: null-syscall 1000 612.5\r\n" +
            "bench-process: page-fault 4096 9000\nbench-process: done 6000000000\n");
        Assert.Equal(612.5, parsed.Results["null-syscall"].NanosecondsPerOperation);
        Assert.Equal(1000, parsed.Results["null-syscall"].Iterations);
        Assert.Equal(4096, parsed.Results["page-fault"].Iterations);
        Assert.Equal(6000000000L, parsed.GuestElapsedNs);
        Assert.True(parsed.Done);
    }

    [Fact]
    public void IgnoresTornUnknownDuplicateAndNonsenseLines()
    {
        var parsed = ProcessBenchOutput.Parse(
            "age-fault 16384 19029.8\nbench-process: fork-exit-wait 0 5\nbench-process: fork-exec-wait 10 -3\n" +
            "bench-process: pipe-roundtrip 10 NaN\nbench-process: made-up 10 5\nbench-process: futex-roundtrip 10 5 extra\n" +
            "bench-process: null-syscall 10 100\nbench-process: null-syscall 10 1\nbench-process: done x\n" +
            "bench-process: error fork: Resource temporarily unavailable\n");
        Assert.Single(parsed.Results);
        Assert.Equal(100, parsed.Results["null-syscall"].NanosecondsPerOperation);
        Assert.False(parsed.Done);
        Assert.Equal("fork: Resource temporarily unavailable", parsed.Error);
    }

    [Fact]
    public void MarkerNamesOnlyStartAndDone()
    {
        Assert.Equal("start", ProcessBenchOutput.Marker("bench-process: start"));
        Assert.Equal("done", ProcessBenchOutput.Marker("bench-process: done 5"));
        Assert.Null(ProcessBenchOutput.Marker("bench-process: page-fault 1 2"));
        Assert.Null(ProcessBenchOutput.Marker("start"));
    }
}
