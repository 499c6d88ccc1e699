using System;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Attestation.Protocol;

/// <summary>
/// How a quote proves it was made for this exchange and that the TD holds the key secrets are sealed to:
/// REPORTDATA (64 bytes) = SHA-512("tessera-attest-v1" || 0x00 || nonce || runtimeData), where nonce is the
/// verifier's 32-byte challenge and runtimeData the TD's ephemeral HPKE public key (65-byte uncompressed P-256
/// point). The label keeps this hash from colliding with any other use of REPORTDATA; the fixed-length nonce makes
/// the concatenation unambiguous.
/// </summary>
public static class ReportDataBinding
{
    public const string Label = "tessera-attest-v1";
    public const int NonceLength = 32;

    public static byte[] Compute(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> runtimeData)
    {
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException($"nonce must be {NonceLength} bytes", nameof(nonce));
        }

        var label = Encoding.ASCII.GetBytes(Label);
        var input = new byte[label.Length + 1 + nonce.Length + runtimeData.Length];
        label.CopyTo(input, 0);
        nonce.CopyTo(input.AsSpan(label.Length + 1));
        runtimeData.CopyTo(input.AsSpan(label.Length + 1 + nonce.Length));
        return SHA512.HashData(input);
    }

    /// <summary>Constant-time comparison of the quote's REPORTDATA with the binding.</summary>
    public static bool Matches(ReadOnlySpan<byte> reportData, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> runtimeData) =>
        reportData.Length == 64 && CryptographicOperations.FixedTimeEquals(reportData, Compute(nonce, runtimeData));
}
