namespace Tessera.Attestation.Quotes;

/// <summary>
/// The 64-bit TD ATTRIBUTES field (Intel TDX Module ABI spec, "TDREPORT_STRUCT / TDINFO_STRUCT", ATTRIBUTES bits).
/// Bit 0 DEBUG is the one every verifier must look at: a debug TD's memory is readable by the host.
/// </summary>
public readonly record struct TdAttributes(ulong Value)
{
    public bool Debug => (Value & 1UL) != 0;

    /// <summary>Bit 28 SEPT_VE_DISABLE: EPT violations are not converted to #VE for the TD.</summary>
    public bool SeptVeDisable => (Value & (1UL << 28)) != 0;

    /// <summary>Bit 30 PKS: supervisor protection keys allowed.</summary>
    public bool Pks => (Value & (1UL << 30)) != 0;

    /// <summary>Bit 31 KL: key locker allowed.</summary>
    public bool KeyLocker => (Value & (1UL << 31)) != 0;

    /// <summary>Bit 63 PERFMON: the TD may use performance monitoring.</summary>
    public bool Perfmon => (Value & (1UL << 63)) != 0;
}
