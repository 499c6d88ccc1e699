using System.Collections.Generic;
using System.Security.Cryptography;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.MeasuredBoot.Tests;

// The one "extend registers from events" helper the UEFI prediction and the shim contract share.
public class RegisterExtensionTests
{
    private static byte[] Ext384(byte[] r, byte[] d) { var b = new byte[r.Length + d.Length]; r.CopyTo(b, 0); d.CopyTo(b, r.Length); return SHA384.HashData(b); }

    [Fact]
    public void RtmrsAreTheSha384ExtensionsOfTheirEventsAndOtherIndexesAreIgnored()
    {
        var events = new List<MeasuredEvent>
        {
            MeasuredEvent.OfData(1, EventType.Separator, "separator", new byte[4]),
            new MeasuredEvent(3, EventType.Ipl, "x", new byte[] { 1 }, null, SHA384.HashData(new byte[] { 7 })),
            MeasuredEvent.OfData(0, EventType.Ipl, "index 0 is not an RTMR", new byte[] { 2 }),
            MeasuredEvent.OfData(5, EventType.Ipl, "index 5 is not an RTMR", new byte[] { 3 }),
            MeasuredEvent.OfData(3, EventType.Separator, "separator", new byte[4]),
        };
        byte[][] rtmrs = RegisterExtension.ReplayRtmrs(events);
        Assert.Equal(4, rtmrs.Length);
        Assert.Equal(Ext384(new byte[48], SHA384.HashData(new byte[4])), rtmrs[0]);
        Assert.Equal(new byte[48], rtmrs[1]);
        Assert.Equal(Ext384(Ext384(new byte[48], SHA384.HashData(new byte[] { 7 })), SHA384.HashData(new byte[4])), rtmrs[2]);
        Assert.Equal(new byte[48], rtmrs[3]);
    }

    [Fact]
    public void AnEventWithoutADigestInTheBankGivesNoValue()
    {
        var events = new List<MeasuredEvent> { new MeasuredEvent(2, EventType.Ipl, "SHA-384 only", null, null, new byte[48]) };
        Assert.Empty(RegisterExtension.Replay(events, 2, HashAlgorithmId.Sha256));
        Assert.Equal(48, RegisterExtension.Replay(events, 2, HashAlgorithmId.Sha384).Length);
        Assert.Equal(new byte[32], RegisterExtension.Replay(events, 4, HashAlgorithmId.Sha256));   // no events: still zero
    }
}
