using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Prediction;

/// <summary>
/// Replays measured events into register values: a PCR or RTMR starts at zero and becomes
/// H(value ‖ digest) for each event that extends it, in order. SHA-256 and SHA-384 banks.
/// Compiles against kernel/corelib too (the shim's contract uses <see cref="ReplayRtmrs"/>).
/// </summary>
public static class RegisterExtension
{
    /// <summary>TDX RTMR[0..3] are CC MR indexes 1..4.</summary>
    public const int RtmrCount = 4;

    /// <summary>
    /// The register <paramref name="registerIndex"/> after its events in the bank (SHA-256 or SHA-384).
    /// Empty when an event of that register has no digest in the bank.
    /// </summary>
    public static byte[] Replay(List<MeasuredEvent> events, uint registerIndex, HashAlgorithmId bank)
    {
        bool sha384 = bank == HashAlgorithmId.Sha384;
        byte[] value = new byte[sha384 ? Sha384.DigestSize : Sha256.DigestSize];
        for (int i = 0; i < events.Count; i++)
        {
            MeasuredEvent e = events[i];
            if (e.RegisterIndex != registerIndex) continue;
            byte[]? digest = sha384 ? e.Sha384 : e.Sha256;
            if (digest == null) return new byte[0];
            Extend(value, digest, bank);
        }
        return value;
    }

    /// <summary>RTMR[0..3] (SHA-384, MR index 1..4) after extending <paramref name="events"/> into registers that start at zero.</summary>
    public static byte[][] ReplayRtmrs(List<MeasuredEvent> events)
    {
        byte[][] rtmrs = new byte[RtmrCount][];
        for (int i = 0; i < rtmrs.Length; i++)
        {
            rtmrs[i] = Replay(events, (uint)(i + 1), HashAlgorithmId.Sha384);
        }
        return rtmrs;
    }

    /// <summary>value := H(value ‖ digest), in place; the bank is SHA-256 or SHA-384.</summary>
    public static void Extend(byte[] value, ReadOnlySpan<byte> digest, HashAlgorithmId bank)
    {
        byte[] input = new byte[value.Length + digest.Length];
        new ReadOnlySpan<byte>(value).CopyTo(input);
        digest.CopyTo(new Span<byte>(input, value.Length, digest.Length));
        byte[] extended = bank == HashAlgorithmId.Sha384 ? Sha384.Hash(input) : Sha256.Hash(input);
        new ReadOnlySpan<byte>(extended).CopyTo(value);
    }
}
