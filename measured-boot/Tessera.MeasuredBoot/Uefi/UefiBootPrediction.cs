using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Pe;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.MeasuredBoot.Uefi;

/// <summary>
/// Offline prediction of what UEFI firmware with a TPM (edk2's Tcg2Dxe and DxeTpm2MeasureBootLib, as in
/// Debian's OVMF) measures into PCR 4 and PCR 5 when its boot manager starts one EFI application from a boot
/// option (EFI/BOOT/BOOTX64.EFI) as the first boot attempt: the events, in the firmware's order, and the PCR
/// values that follow in the SHA-256 and SHA-384 banks.
/// At ReadyToBoot "Calling EFI Application from Boot Option" (EV_EFI_ACTION) to PCR 4 and a separator to each
/// of PCR 0-6; at LoadImage the boot disk's GPT (EV_EFI_GPT_EVENT, once per boot, only for a GPT disk) to PCR 5
/// and the application's Authenticode digest (EV_EFI_BOOT_SERVICES_APPLICATION) to PCR 4; at ExitBootServices
/// two actions to PCR 5. Strings are measured without their terminating NUL (edk2: AsciiStrLen); a separator
/// is the digest of 4 zero bytes. Each PCR starts at zero (locality 0).
/// PCR 0-3 and 6-7 depend on the firmware build, its variables and the VM's devices, and are not predicted.
/// In a TD (TDVF) the same events go to the CC log: PCR 4 and 5 both map to RTMR[1] (MR index 2), mixed with
/// firmware-dependent events, so there the prediction gives events, not register values.
/// </summary>
public sealed class UefiBootPrediction
{
    public const uint BootManagerPcr = 4;
    public const uint GptPcr = 5;
    /// <summary>TDVF maps PCR 2-6 to MR index 2, RTMR[1].</summary>
    public const int TdvfRtmrForPcr4And5 = 1;

    public const string CallingEfiApplication = "Calling EFI Application from Boot Option";
    public const string ExitBootServicesInvocation = "Exit Boot Services Invocation";
    public const string ExitBootServicesSucceeded = "Exit Boot Services Returned with Success";

    private UefiBootPrediction(List<MeasuredEvent> events, byte[] authenticodeSha256, byte[] authenticodeSha384)
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
    public List<MeasuredEvent> Events { get; }

    public byte[] AuthenticodeSha256 { get; }

    public byte[] AuthenticodeSha384 { get; }

    public byte[] Pcr4Sha256 { get; }

    public byte[] Pcr4Sha384 { get; }

    public byte[] Pcr5Sha256 { get; }

    public byte[] Pcr5Sha384 { get; }

    /// <summary>PCR 4 in the SHA-256 or SHA-384 bank.</summary>
    public byte[] Pcr4(HashAlgorithmId bank) => bank == HashAlgorithmId.Sha384 ? Pcr4Sha384 : Pcr4Sha256;

    /// <summary>PCR 5 in the SHA-256 or SHA-384 bank.</summary>
    public byte[] Pcr5(HashAlgorithmId bank) => bank == HashAlgorithmId.Sha384 ? Pcr5Sha384 : Pcr5Sha256;

    /// <param name="bootApplication">The PE/COFF image the firmware loads (EFI/BOOT/BOOTX64.EFI).</param>
    /// <param name="gptEventData">UEFI_GPT_DATA of the boot disk (<see cref="UefiGptEventData"/>); null when the medium has no GPT.</param>
    public static bool TryPredict(ReadOnlySpan<byte> bootApplication, byte[]? gptEventData, out UefiBootPrediction? prediction, out string error)
    {
        prediction = null;
        if (!AuthenticodeDigest.TryCompute(bootApplication, HashAlgorithmId.Sha256, out byte[]? sha256, out error)
            || !AuthenticodeDigest.TryCompute(bootApplication, HashAlgorithmId.Sha384, out byte[]? sha384, out error))
        {
            error = "the boot application is not a PE/COFF image: " + error;
            return false;
        }
        return TryPredictFromDigests(sha256!, sha384!, gptEventData, out prediction, out error);
    }

    /// <summary>The same from the application's Authenticode digests (as a log records them).</summary>
    public static bool TryPredictFromDigests(byte[] authenticodeSha256, byte[] authenticodeSha384, byte[]? gptEventData,
        out UefiBootPrediction? prediction, out string error)
    {
        prediction = null;
        if (authenticodeSha256.Length != Sha256.DigestSize || authenticodeSha384.Length != Sha384.DigestSize)
        {
            error = "the application digests have " + authenticodeSha256.Length.ToString() + " and " + authenticodeSha384.Length.ToString()
                + " bytes, not " + Sha256.DigestSize.ToString() + " and " + Sha384.DigestSize.ToString();
            return false;
        }
        byte[] separator = new byte[4];   // UINT32 0
        var events = new List<MeasuredEvent>();
        events.Add(MeasuredEvent.OfData(BootManagerPcr, EventType.EfiAction, CallingEfiApplication, Ascii(CallingEfiApplication)));
        events.Add(MeasuredEvent.OfData(BootManagerPcr, EventType.Separator, "separator", separator));
        events.Add(MeasuredEvent.OfData(GptPcr, EventType.Separator, "separator", separator));
        if (gptEventData != null) events.Add(MeasuredEvent.OfData(GptPcr, EventType.EfiGptEvent, "GPT of the boot disk", gptEventData));
        // The data is EFI_IMAGE_LOAD_EVENT with run-time addresses and the firmware's device path: not predicted.
        events.Add(new MeasuredEvent(BootManagerPcr, EventType.EfiBootServicesApplication, "EFI/BOOT/BOOTX64.EFI (Authenticode digest)", null,
            authenticodeSha256, authenticodeSha384));
        events.Add(MeasuredEvent.OfData(GptPcr, EventType.EfiAction, ExitBootServicesInvocation, Ascii(ExitBootServicesInvocation)));
        events.Add(MeasuredEvent.OfData(GptPcr, EventType.EfiAction, ExitBootServicesSucceeded, Ascii(ExitBootServicesSucceeded)));
        prediction = new UefiBootPrediction(events, authenticodeSha256, authenticodeSha384);
        error = "";
        return true;
    }

    // EV_EFI_ACTION data is the ASCII string without a terminating NUL.
    private static byte[] Ascii(string text)
    {
        byte[] bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
        return bytes;
    }
}
