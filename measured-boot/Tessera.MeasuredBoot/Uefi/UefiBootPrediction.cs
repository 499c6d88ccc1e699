using System;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Pe;

namespace Tessera.MeasuredBoot.Uefi;

/// <summary>
/// Offline prediction of the PCRs edk2/OVMF extends when its boot manager starts one UEFI
/// application from a boot option (for example the removable-media path EFI/BOOT/BOOTX64.EFI):
/// PCR 4 = EV_EFI_ACTION "Calling EFI Application from Boot Option", EV_SEPARATOR, then
/// EV_EFI_BOOT_SERVICES_APPLICATION with the application's Authenticode digest;
/// PCR 5 = EV_SEPARATOR, EV_EFI_GPT_EVENT when the boot disk is GPT, then the two
/// ExitBootServices EV_EFI_ACTION events.
/// Strings are measured without their terminating NUL; a separator is the digest of 4 zero
/// bytes (edk2 Tcg2Dxe). Each PCR starts at zero (locality 0).
/// </summary>
public static class UefiBootPrediction
{
    public const string CallingEfiApplication = "Calling EFI Application from Boot Option";
    public const string ExitBootServicesInvocation = "Exit Boot Services Invocation";
    public const string ExitBootServicesSucceeded = "Exit Boot Services Returned with Success";

    public static bool TryPredictPcr4(ReadOnlySpan<byte> application, HashAlgorithmId bank, out byte[]? pcr, out string error)
    {
        pcr = null;
        if (!AuthenticodeDigest.TryCompute(application, bank, out byte[]? image, out error)) return false;
        return TryPredictPcr4FromDigest(image!, bank, out pcr, out error);
    }

    /// <summary>PCR 4 from the application's Authenticode digest in that bank.</summary>
    public static bool TryPredictPcr4FromDigest(ReadOnlySpan<byte> applicationDigest, HashAlgorithmId bank, out byte[]? pcr, out string error)
    {
        pcr = null;
        byte[] value = Zero(bank, out error);
        if (value.Length == 0) return false;
        if (applicationDigest.Length != value.Length)
        {
            error = "the application digest has " + applicationDigest.Length.ToString() + " bytes, the bank " + value.Length.ToString();
            return false;
        }
        Extend(value, Hash(bank, Ascii(CallingEfiApplication)), bank);
        Extend(value, Hash(bank, new byte[4]), bank);
        Extend(value, applicationDigest, bank);
        pcr = value;
        return true;
    }

    public static bool TryPredictPcr5(HashAlgorithmId bank, out byte[]? pcr, out string error) =>
        TryPredictPcr5(bank, new byte[0], out pcr, out error);

    /// <summary>
    /// PCR 5 when the boot disk's GPT is measured too: its EV_EFI_GPT_EVENT digest (empty for
    /// none) comes after the separator, before ExitBootServices.
    /// </summary>
    public static bool TryPredictPcr5(HashAlgorithmId bank, ReadOnlySpan<byte> gptEventDigest, out byte[]? pcr, out string error)
    {
        pcr = null;
        byte[] value = Zero(bank, out error);
        if (value.Length == 0) return false;
        if (gptEventDigest.Length != 0 && gptEventDigest.Length != value.Length)
        {
            error = "the GPT event digest has " + gptEventDigest.Length.ToString() + " bytes, the bank " + value.Length.ToString();
            return false;
        }
        Extend(value, Hash(bank, new byte[4]), bank);
        if (gptEventDigest.Length != 0) Extend(value, gptEventDigest, bank);
        Extend(value, Hash(bank, Ascii(ExitBootServicesInvocation)), bank);
        Extend(value, Hash(bank, Ascii(ExitBootServicesSucceeded)), bank);
        pcr = value;
        return true;
    }

    // PCR := H(PCR || digest), in place.
    public static void Extend(byte[] pcr, ReadOnlySpan<byte> digest, HashAlgorithmId bank)
    {
        byte[] both = new byte[pcr.Length + digest.Length];
        for (int i = 0; i < pcr.Length; i++) both[i] = pcr[i];
        for (int i = 0; i < digest.Length; i++) both[pcr.Length + i] = digest[i];
        byte[] extended = Hash(bank, both);
        for (int i = 0; i < pcr.Length; i++) pcr[i] = extended[i];
    }

    private static byte[] Zero(HashAlgorithmId bank, out string error)
    {
        if (!HashFunction.TryGetDigestSize(bank, out int size) || !HashFunction.TryHash(bank, new byte[0], out _))
        {
            error = "unsupported PCR bank " + ((int)bank).ToString();
            return new byte[0];
        }
        error = "";
        return new byte[size];
    }

    private static byte[] Hash(HashAlgorithmId bank, ReadOnlySpan<byte> data)
    {
        HashFunction.TryHash(bank, data, out byte[]? digest);
        return digest!;
    }

    private static byte[] Ascii(string text)
    {
        byte[] bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
        return bytes;
    }
}
