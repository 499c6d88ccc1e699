namespace Tessera.Attestation.EventLogs;

/// <summary>One RTMR replayed from the event log against the value the quote reports (both lower-case hex).</summary>
public sealed record RtmrComparison(int Index, string Replayed, string Reported)
{
    public bool Matches => Replayed == Reported;

    public string Name => $"RTMR[{Index}]";
}
