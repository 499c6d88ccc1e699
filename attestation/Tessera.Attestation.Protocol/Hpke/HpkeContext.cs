using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tessera.Attestation.Protocol.Hpke;

/// <summary>
/// An HPKE encryption context in base mode (RFC 9180 sections 5.1 and 5.2): key, base nonce and exporter secret from
/// the KEM's shared secret and the info string; Seal/Open with AES-128-GCM and a per-message sequence number.
/// One context is either the sender's or the recipient's; it is not thread-safe (the sequence number advances).
/// </summary>
public sealed class HpkeContext
{
    private const byte ModeBase = 0x00;

    private readonly byte[] _key;
    private readonly byte[] _baseNonce;
    private readonly byte[] _exporterSecret;
    private ulong _sequence;

    private HpkeContext(byte[] key, byte[] baseNonce, byte[] exporterSecret)
    {
        _key = key;
        _baseNonce = baseNonce;
        _exporterSecret = exporterSecret;
    }

    public byte[] Key => (byte[])_key.Clone();

    public byte[] BaseNonce => (byte[])_baseNonce.Clone();

    /// <summary>KeySchedule(mode_base, shared_secret, info, psk = "", psk_id = "").</summary>
    public static HpkeContext FromSharedSecret(byte[] sharedSecret, ReadOnlySpan<byte> info)
    {
        var suite = HpkeSuite.HpkeSuiteId;
        var pskIdHash = HpkeSuite.LabeledExtract(suite, ReadOnlySpan<byte>.Empty, "psk_id_hash", ReadOnlySpan<byte>.Empty);
        var infoHash = HpkeSuite.LabeledExtract(suite, ReadOnlySpan<byte>.Empty, "info_hash", info);
        var context = HpkeSuite.Concat(new[] { ModeBase }, pskIdHash, infoHash);
        var secret = HpkeSuite.LabeledExtract(suite, sharedSecret, "secret", ReadOnlySpan<byte>.Empty);
        return new HpkeContext(
            HpkeSuite.LabeledExpand(suite, secret, "key", context, HpkeSuite.KeyLength),
            HpkeSuite.LabeledExpand(suite, secret, "base_nonce", context, HpkeSuite.NonceLength),
            HpkeSuite.LabeledExpand(suite, secret, "exp", context, HpkeSuite.HashLength));
    }

    /// <summary>SetupBaseS(pkR, info) with the given ephemeral key (fresh in use, fixed for test vectors).</summary>
    public static (byte[] Enc, HpkeContext Sender) SetupBaseSender(ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> info, ECDiffieHellman ephemeral)
    {
        var (sharedSecret, enc) = DhKemP256.Encap(recipientPublicKey, ephemeral);
        return (enc, FromSharedSecret(sharedSecret, info));
    }

    /// <summary>SetupBaseR(enc, skR, info).</summary>
    public static HpkeContext SetupBaseRecipient(ReadOnlySpan<byte> enc, ECDiffieHellman recipient, ReadOnlySpan<byte> info) =>
        FromSharedSecret(DhKemP256.Decap(enc, recipient), info);

    /// <summary>Seal(aad, pt): ciphertext with its 16-byte tag appended.</summary>
    public byte[] Seal(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[plaintext.Length + HpkeSuite.TagLength];
        using (var aes = new AesGcm(_key, HpkeSuite.TagLength))
        {
            aes.Encrypt(NextNonce(), plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        }

        return output;
    }

    /// <summary>Open(aad, ct): throws <see cref="AuthenticationTagMismatchException"/> when anything was altered.</summary>
    public byte[] Open(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < HpkeSuite.TagLength)
        {
            throw new AuthenticationTagMismatchException("HPKE ciphertext is shorter than its tag");
        }

        var plaintext = new byte[ciphertext.Length - HpkeSuite.TagLength];
        using (var aes = new AesGcm(_key, HpkeSuite.TagLength))
        {
            aes.Decrypt(NextNonce(), ciphertext[..plaintext.Length], ciphertext[plaintext.Length..], plaintext, aad);
        }

        return plaintext;
    }

    /// <summary>Export(exporter_context, L).</summary>
    public byte[] Export(ReadOnlySpan<byte> exporterContext, int length) =>
        HpkeSuite.LabeledExpand(HpkeSuite.HpkeSuiteId, _exporterSecret, "sec", exporterContext, length);

    /// <summary>Test vectors skip sequence numbers; nothing else should.</summary>
    internal void SkipTo(ulong sequence) => _sequence = sequence;

    /// <summary>ComputeNonce(seq) = base_nonce XOR I2OSP(seq, Nn), then seq + 1 (overflow is an error, never a reuse).</summary>
    private byte[] NextNonce()
    {
        if (_sequence == ulong.MaxValue)
        {
            throw new CryptographicException("MessageLimitReachedError");
        }

        var nonce = (byte[])_baseNonce.Clone();
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seq, _sequence++);
        for (var i = 0; i < 8; i++)
        {
            nonce[HpkeSuite.NonceLength - 8 + i] ^= seq[i];
        }

        return nonce;
    }
}
