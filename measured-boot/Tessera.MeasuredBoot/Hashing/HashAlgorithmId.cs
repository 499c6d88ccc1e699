namespace Tessera.MeasuredBoot.Hashing;

/// <summary>
/// Hash algorithm identifiers as used in event logs (TPM_ALG_ID).
/// TCG "TPM 2.0 Library, Part 2: Structures", section 6.3 (TPM_ALG_ID); the TCG PC
/// Client Platform Firmware Profile (section 10.4.5.1) and UEFI CC_EVENT logs reuse them.
/// </summary>
public enum HashAlgorithmId : ushort
{
    Sha1 = 0x0004,
    Sha256 = 0x000B,
    Sha384 = 0x000C,
    Sha512 = 0x000D,
    Sm3_256 = 0x0012,
}
