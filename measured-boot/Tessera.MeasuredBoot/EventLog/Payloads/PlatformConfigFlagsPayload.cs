namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// EV_PLATFORM_CONFIG_FLAGS data (TCG PFP 1.06 section 10.4.1: content is platform specific).
/// TDVF logs "ACPI DATA" strings; td-shim logs a <see cref="TdShimPlatformConfigInfo"/>.
/// </summary>
public sealed class PlatformConfigFlagsPayload : EventPayload
{
    public PlatformConfigFlagsPayload(string printableText, TdShimPlatformConfigInfo? tdShimInfo)
    {
        PrintableText = printableText;
        TdShimInfo = tdShimInfo;
    }

    /// <summary>
    /// If the whole data is valid UTF-8: the text with byte 0x10 shown as a space and other control
    /// characters (U+0000–U+001F, U+007F–U+009F) dropped; otherwise empty. This matches the
    /// "string" the CoCo trustee verifier reports for these events.
    /// </summary>
    public string PrintableText { get; }

    /// <summary>The td-shim structure, when the data has that layout.</summary>
    public TdShimPlatformConfigInfo? TdShimInfo { get; }
}
