using System;
using Tessera.Kernel.Terminals;

namespace Tessera.Kernel.Tests.Terminals;

// LineDiscipline.PlanRead: Linux's four VMIN/VTIME cases of a noncanonical read.
public class ReadPlanTests
{
    private const ulong Tenth = 100_000_000;

    private static LineDiscipline Raw(int min, int time, string typed)
    {
        var d = new LineDiscipline();
        d.LocalFlags = 0;   // noncanonical, no echo, no signals
        d.InputFlags = 0;
        d.ControlChars[Termios.VMIN] = (byte)min;
        d.ControlChars[Termios.VTIME] = (byte)time;
        Span<byte> echo = stackalloc byte[16];
        foreach (char c in typed) d.Receive((byte)c, echo, out _);
        return d;
    }

    [Fact]
    public void MinZeroTimeZeroTakesWhateverIsThere()
    {
        Assert.Equal(TerminalReadPlan.Take, Raw(0, 0, "").PlanRead(10, false, 0, 0, out _));
        Assert.Equal(TerminalReadPlan.Take, Raw(0, 0, "").PlanRead(10, true, 0, 0, out _));
        Assert.Equal(TerminalReadPlan.Take, Raw(0, 0, "ab").PlanRead(10, false, 0, 0, out _));
    }

    [Fact]
    public void MinWithoutTimeWaitsForMinOrTheCountAsked()
    {
        LineDiscipline d = Raw(3, 0, "ab");
        Assert.Equal(TerminalReadPlan.Wait, d.PlanRead(10, false, 0, 1000 * Tenth, out ulong deadline));
        Assert.Equal(ulong.MaxValue, deadline);
        Assert.Equal(TerminalReadPlan.Take, d.PlanRead(2, false, 0, 0, out _));
        Assert.Equal(TerminalReadPlan.Take, d.PlanRead(10, true, 0, 0, out _));   // O_NONBLOCK: what is there
        Assert.False(d.PollReadable);                                             // poll wants MIN bytes
        Assert.Equal(TerminalReadPlan.WouldBlock, Raw(3, 0, "").PlanRead(10, true, 0, 0, out _));
    }

    [Fact]
    public void TimeWithoutMinIsATimeoutForTheFirstByte()
    {
        LineDiscipline d = Raw(0, 2, "");
        Assert.Equal(TerminalReadPlan.Wait, d.PlanRead(10, false, 5 * Tenth, 6 * Tenth, out ulong deadline));
        Assert.Equal(7 * Tenth, deadline);
        Assert.Equal(TerminalReadPlan.Take, d.PlanRead(10, false, 5 * Tenth, 7 * Tenth, out _));   // timed out: 0 bytes
        Assert.Equal(TerminalReadPlan.WouldBlock, d.PlanRead(10, true, 5 * Tenth, 6 * Tenth, out _));
        Assert.Equal(TerminalReadPlan.Take, Raw(0, 2, "k").PlanRead(10, false, 5 * Tenth, 5 * Tenth, out _));
    }

    [Fact]
    public void MinAndTimeMakeAnInterbyteTimerThatStartsWithTheFirstByte()
    {
        LineDiscipline empty = Raw(5, 2, "");
        Assert.Equal(TerminalReadPlan.Wait, empty.PlanRead(10, false, 0, 100 * Tenth, out ulong none));
        Assert.Equal(ulong.MaxValue, none);                        // no timeout before the first byte
        LineDiscipline d = Raw(5, 2, "ab");
        d.LastInput = 3 * Tenth;
        Assert.Equal(TerminalReadPlan.Wait, d.PlanRead(10, false, 1 * Tenth, 4 * Tenth, out ulong deadline));
        Assert.Equal(5 * Tenth, deadline);                         // TIME after the last byte
        Assert.Equal(TerminalReadPlan.Take, d.PlanRead(10, false, 1 * Tenth, 5 * Tenth, out _));
        d.LastInput = 0;                                           // typed before the read began:
        d.PlanRead(10, false, 8 * Tenth, 8 * Tenth, out deadline);
        Assert.Equal(10 * Tenth, deadline);                        // TIME after its start
        Assert.True(d.PollReadable);
        Assert.Equal(TerminalReadPlan.Take, Raw(2, 50, "de").PlanRead(10, false, 0, 0, out _));
    }

    [Fact]
    public void CanonicalModeWaitsForALine()
    {
        var d = new LineDiscipline();
        Span<byte> echo = stackalloc byte[16];
        d.Receive((byte)'a', echo, out _);
        Assert.Equal(TerminalReadPlan.Wait, d.PlanRead(10, false, 0, 0, out _));
        Assert.Equal(TerminalReadPlan.WouldBlock, d.PlanRead(10, true, 0, 0, out _));
        d.Receive((byte)'\n', echo, out _);
        Assert.Equal(TerminalReadPlan.Take, d.PlanRead(10, false, 0, 0, out _));
        Assert.True(d.PollReadable);
    }
}
