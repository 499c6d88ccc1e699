namespace Tessera.Attestation.Quotes;

/// <summary>
/// TD quote header, 48 bytes, identical in quote v4 and v5.
/// Spec: Intel TDX DCAP Quoting Library API, Appendix A.3 "Version 4 Quote Format", table "TD Quote Header";
/// Appendix A.4 for v5. Offsets: 0 version (2), 2 attestation key type (2), 4 TEE type (4), 8 reserved (2),
/// 10 reserved (2), 12 QE vendor ID (16), 28 user data (20). The two reserved fields carry QE SVN and PCE SVN in
/// SGX quotes; a TDX verifier takes those from the QE report and the PCK certificate instead.
/// </summary>
public sealed record QuoteHeader(
    ushort Version,
    ushort AttestationKeyType,
    uint TeeType,
    ushort Reserved1,
    ushort Reserved2,
    byte[] QeVendorId,
    byte[] UserData)
{
    public const int Size = 48;

    /// <summary>Attestation key type 2: ECDSA-256-with-P-256 curve, the only type a TDX quote uses.</summary>
    public const ushort EcdsaP256KeyType = 2;

    /// <summary>TEE type 0x81 = TDX (0x00 would be SGX).</summary>
    public const uint TdxTeeType = 0x81;

    /// <summary>Intel's QE vendor ID 939A7233-F79C-4CA9-940A-0DB3957F0607.</summary>
    public static readonly byte[] IntelQeVendorId =
    {
        0x93, 0x9A, 0x72, 0x33, 0xF7, 0x9C, 0x4C, 0xA9, 0x94, 0x0A, 0x0D, 0xB3, 0x95, 0x7F, 0x06, 0x07,
    };
}
