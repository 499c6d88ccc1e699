using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Pe;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.MeasuredBoot.Uefi;

/// <summary>
/// The event-level view of <see cref="UefiBootPrediction"/> for a disk image, GPT included:
/// what UEFI firmware with a TPM (edk2's Tcg2Dxe and DxeTpm2MeasureBootLib, as in Debian's OVMF) measures into
/// PCR 4 and PCR 5 when it boots a disk's EFI application as the first boot attempt, and the PCR values that
/// follow. Event order is the firmware's: at ReadyToBoot "Calling EFI Application from Boot Option" to PCR 4 and
/// a separator to each of PCR 0-6; at LoadImage the disk's GPT to PCR 5 (once per boot) and the application's
/// Authenticode digest to PCR 4; at ExitBootServices two actions to PCR 5.
/// PCR 0-3 and 6-7 depend on the firmware build, its variables and the VM's devices, and are not predicted.
/// In a TD (TDVF) the same events go to the CC log: PCR 4 and 5 both map to RTMR[1] (MR index 2), mixed with
/// firmware-dependent events, so there the prediction gives events, not register values.
/// </summary>
public sealed class UefiDiskBootPrediction
{
    public const uint BootManagerPcr = 4;
    public const uint GptPcr = 5;
    /// <summary>TDVF maps PCR 2-6 to MR index 2, RTMR[1].</summary>
    public const int TdvfRtmrForPcr4And5 = 1;

    private UefiDiskBootPrediction(List<PredictedEvent> events, byte[] authenticodeSha256, byte[] authenticodeSha384)
    {
        Events = events;
        AuthenticodeSha256 = authenticodeSha256;
        AuthenticodeSha384 = authenticodeSha384;
        Pcr4Sha256 = RegisterExtension.Replay(events, BootManagerPcr, HashAlgorithmId.Sha256);
        Pcr4Sha384 = RegisterExtension.Replay(events, BootManagerPcr, HashAlgorithmId.Sha384);
        Pcr5Sha256 = RegisterExtension.Replay(events, GptPcr, HashAlgorithmId.Sha256);
        Pcr5Sha384 = RegisterExtension.Replay(events, GptPcr, HashAlgorithmId.Sha384);
    }

    /// <summary>The events in the order the firmware logs them.</summary>
    public List<PredictedEvent> Events { get; }

    public byte[] AuthenticodeSha256 { get; }

    public byte[] AuthenticodeSha384 { get; }

    public byte[] Pcr4Sha256 { get; }

    public byte[] Pcr4Sha384 { get; }

    public byte[] Pcr5Sha256 { get; }

    public byte[] Pcr5Sha384 { get; }

    /// <param name="bootApplication">The PE/COFF image the firmware loads (EFI/BOOT/BOOTX64.EFI).</param>
    /// <param name="gptEventData">UEFI_GPT_DATA of the disk (<see cref="UefiGptEventData"/>).</param>
    public static bool TryPredict(ReadOnlySpan<byte> bootApplication, byte[] gptEventData, out UefiDiskBootPrediction? prediction, out string error)
    {
        prediction = null;
        if (!AuthenticodeDigest.TryCompute(bootApplication, HashAlgorithmId.Sha256, out byte[]? sha256, out error)
            || !AuthenticodeDigest.TryCompute(bootApplication, HashAlgorithmId.Sha384, out byte[]? sha384, out error))
        {
            error = "the boot application is not a PE/COFF image: " + error;
            return false;
        }
        byte[] separator = new byte[4];   // UINT32 0
        var events = new List<PredictedEvent>();
        events.Add(PredictedEvent.OfData(BootManagerPcr, EventLog.EventType.EfiAction, UefiBootPrediction.CallingEfiApplication, Ascii(UefiBootPrediction.CallingEfiApplication)));
        events.Add(PredictedEvent.OfData(BootManagerPcr, EventLog.EventType.Separator, "separator", separator));
        events.Add(PredictedEvent.OfData(GptPcr, EventLog.EventType.Separator, "separator", separator));
        events.Add(PredictedEvent.OfData(GptPcr, EventLog.EventType.EfiGptEvent, "GPT of the boot disk", gptEventData));
        // The data is EFI_IMAGE_LOAD_EVENT with run-time addresses and the firmware's device path: not predicted.
        events.Add(new PredictedEvent(BootManagerPcr, EventLog.EventType.EfiBootServicesApplication, "EFI/BOOT/BOOTX64.EFI (Authenticode digest)", null, sha256!, sha384!));
        events.Add(PredictedEvent.OfData(GptPcr, EventLog.EventType.EfiAction, UefiBootPrediction.ExitBootServicesInvocation, Ascii(UefiBootPrediction.ExitBootServicesInvocation)));
        events.Add(PredictedEvent.OfData(GptPcr, EventLog.EventType.EfiAction, UefiBootPrediction.ExitBootServicesSucceeded, Ascii(UefiBootPrediction.ExitBootServicesSucceeded)));
        prediction = new UefiDiskBootPrediction(events, sha256!, sha384!);
        return true;
    }

    // EV_EFI_ACTION data is the ASCII string without a terminating NUL (edk2: AsciiStrLen).
    private static byte[] Ascii(string text)
    {
        byte[] bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
        return bytes;
    }
}
