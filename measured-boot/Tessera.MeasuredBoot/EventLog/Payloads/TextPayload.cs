namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// Event data that is a plain string: EV_EFI_ACTION, EV_ACTION, EV_POST_CODE, EV_COMPACT_HASH,
/// EV_OMIT_BOOT_DEVICE_EVENTS (TCG PFP 1.06 section 10.4.1: "an ASCII string, not NUL terminated")
/// and EV_IPL (vendor defined; boot loaders log a NUL-terminated string).
/// </summary>
public sealed class TextPayload : EventPayload
{
    public TextPayload(string text)
    {
        Text = text;
    }

    public string Text { get; }
}
