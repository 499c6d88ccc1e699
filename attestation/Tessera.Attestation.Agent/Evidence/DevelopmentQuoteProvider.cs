using System.Security.Cryptography;
using Tessera.Attestation.Protocol;

namespace Tessera.Attestation.Agent.Evidence;

/// <summary>
/// Development evidence for machines without TDX: a TDX v4 quote signed by a local development key. Verifiers
/// accept it only under a policy that names the key, and mark the result as development evidence.
/// </summary>
public sealed class DevelopmentQuoteProvider : IQuoteProvider
{
    private readonly DevelopmentQuoteBuilder _builder;

    /// <param name="rtmrs">RTMR[0..3] to report (an event log's replay), or null for zeros.</param>
    public DevelopmentQuoteProvider(ECDsa key, byte[][]? rtmrs = null) =>
        _builder = rtmrs is null ? new DevelopmentQuoteBuilder(key) : new DevelopmentQuoteBuilder(key) { Rtmrs = rtmrs };

    /// <summary>RTMR[0..3] that a CC event log replays to, so development evidence and the log agree.</summary>
    public static byte[][] ReplayedRtmrs(byte[] eventLog, string source)
    {
        if (!Tessera.MeasuredBoot.EventLog.CcEventLogParser.TryParse(eventLog, out var log, out var error) || log is null)
        {
            throw new EvidenceException($"{source}: not a CC event log: {error}");
        }

        return Tessera.MeasuredBoot.Replay.RtmrReplay.TryReplay(log, out var rtmrs, out var replayError)
            ? rtmrs
            : throw new EvidenceException($"{source}: cannot replay: {replayError}");
    }

    public string Name => "development";

    public byte[] GetQuote(byte[] reportData) => _builder.Build(reportData);
}
