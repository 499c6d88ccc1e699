namespace Tessera.MeasuredBoot.EventLog;

/// <summary>Which kind of register an event's index names.</summary>
public enum EventLogFormat
{
    /// <summary>TCG2 crypto-agile log (TCG PFP 1.06 section 10): the index is a TPM PCR number.</summary>
    Tcg2,

    /// <summary>
    /// Confidential-computing log (UEFI 2.10 section 38.1 "Virtual Platform CC Event Log"): the index is a
    /// CC measurement register; on TDX (section 38.4.1) 0 = MRTD, 1..4 = RTMR[0..3].
    /// </summary>
    Cc,
}
