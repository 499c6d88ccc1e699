using System;
using System.Security.Cryptography;
using System.Text;
using Tessera.Attestation.Protocol.Hpke;

namespace Tessera.Attestation.Protocol;

/// <summary>
/// One released secret, sealed to the TD's ephemeral key with HPKE base mode (single-shot, its own encapsulation):
/// info = "tessera-secret-release-v1" || 0x00 || nonce (so a ciphertext belongs to one attestation),
/// aad = the secret's name (so ciphertexts cannot be swapped between names).
/// </summary>
public sealed record SecretEnvelope(string Name, byte[] Enc, byte[] Ciphertext)
{
    public const string InfoLabel = "tessera-secret-release-v1";

    public static SecretEnvelope Seal(string name, ReadOnlySpan<byte> value, ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> nonce)
    {
        using var ephemeral = DhKemP256.GenerateKeyPair();
        var (enc, context) = HpkeContext.SetupBaseSender(recipientPublicKey, Info(nonce), ephemeral);
        return new SecretEnvelope(name, enc, context.Seal(Encoding.UTF8.GetBytes(name), value));
    }

    /// <summary>The secret's value; throws <see cref="CryptographicException"/> when enc, ciphertext, name or nonce differ.</summary>
    public byte[] Open(ECDiffieHellman recipient, ReadOnlySpan<byte> nonce) =>
        HpkeContext.SetupBaseRecipient(Enc, recipient, Info(nonce)).Open(Encoding.UTF8.GetBytes(Name), Ciphertext);

    private static byte[] Info(ReadOnlySpan<byte> nonce) =>
        HpkeSuite.Concat(Encoding.ASCII.GetBytes(InfoLabel), new byte[] { 0 }, nonce.ToArray());
}
