using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Prediction;

/// <summary>
/// Replays predicted events into register values: a PCR or RTMR starts at zero and becomes
/// H(value ‖ digest) for each event that extends it, in order.
/// </summary>
public static class RegisterExtension
{
    public static byte[] Replay(List<PredictedEvent> events, uint registerIndex, HashAlgorithmId bank)
    {
        bool sha384 = bank == HashAlgorithmId.Sha384;
        byte[] value = new byte[sha384 ? Sha384.DigestSize : Sha256.DigestSize];
        for (int i = 0; i < events.Count; i++)
        {
            PredictedEvent e = events[i];
            if (e.RegisterIndex != registerIndex) continue;
            value = Extend(value, sha384 ? e.Sha384 : e.Sha256, sha384);
        }
        return value;
    }

    public static byte[] Extend(byte[] value, byte[] digest, bool sha384)
    {
        byte[] input = new byte[value.Length + digest.Length];
        new ReadOnlySpan<byte>(value).CopyTo(input);
        new ReadOnlySpan<byte>(digest).CopyTo(new Span<byte>(input, value.Length, digest.Length));
        return sha384 ? Sha384.Hash(input) : Sha256.Hash(input);
    }
}
