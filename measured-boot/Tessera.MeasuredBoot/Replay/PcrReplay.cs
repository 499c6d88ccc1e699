using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Replay;

/// <summary>
/// Recomputes TPM PCRs of one bank from a TCG2 event log: PCR = H(PCR || digest) for each event
/// except EV_NO_ACTION (TCG PFP 1.06 section 10.4.1), starting from zero. A "StartupLocality" EV_NO_ACTION
/// event (section 10.4.5.3) sets the initial value of PCR 0 to the locality in its last byte.
/// DRTM PCRs (17–22) are replayed from zero too, as after a dynamic launch.
/// </summary>
public static class PcrReplay
{
    public const int PcrCount = 24;

    // TCG PFP 1.06 section 10.4.5.3: EV_NO_ACTION data "StartupLocality\0" followed by UINT8 StartupLocality.
    private static readonly byte[] StartupLocalitySignature =
    {
        (byte)'S', (byte)'t', (byte)'a', (byte)'r', (byte)'t', (byte)'u', (byte)'p', (byte)'L',
        (byte)'o', (byte)'c', (byte)'a', (byte)'l', (byte)'i', (byte)'t', (byte)'y', 0,
    };

    /// <summary>Replays the <paramref name="bank"/> bank (SHA-1, SHA-256, SHA-384 or SHA-512); <paramref name="pcrs"/> gets 24 values.</summary>
    public static bool TryReplay(ParsedEventLog log, HashAlgorithmId bank, out byte[][] pcrs, out string error)
    {
        pcrs = new byte[0][];
        if (!HashFunction.TryCreate(bank, out HashFunction? hash) || hash == null)
        {
            error = $"PCR bank {Text.Hex.Number((ushort)bank)} is not supported";
            return false;
        }
        bool declared = false;
        for (int i = 0; i < log.SpecId.Algorithms.Count; i++)
        {
            declared |= log.SpecId.Algorithms[i].Algorithm == bank;
        }
        if (!declared)
        {
            error = $"the log's Spec ID header does not declare bank {Text.Hex.Number((ushort)bank)}";
            return false;
        }
        pcrs = new byte[PcrCount][];
        for (int i = 0; i < PcrCount; i++)
        {
            pcrs[i] = new byte[hash.DigestSize];
        }
        List<EventLogEntry> events = log.Events;
        for (int i = 0; i < events.Count; i++)
        {
            EventLogEntry e = events[i];
            if (e.EventType == EventType.NoAction)
            {
                if (e.RegisterIndex == 0 && e.Data.Length == StartupLocalitySignature.Length + 1 &&
                    new ReadOnlySpan<byte>(e.Data, 0, StartupLocalitySignature.Length).SequenceEqual(StartupLocalitySignature))
                {
                    pcrs[0][hash.DigestSize - 1] = e.Data[StartupLocalitySignature.Length];
                }
                continue;
            }
            if (e.RegisterIndex >= PcrCount)
            {
                error = $"event {e.Sequence} ({e.EventTypeName}) targets PCR {e.RegisterIndex}, beyond PCR 23";
                return false;
            }
            byte[]? digest = e.GetDigest(bank);
            if (digest == null)
            {
                error = $"event {e.Sequence} ({e.EventTypeName}) has no digest for bank {Text.Hex.Number((ushort)bank)}";
                return false;
            }
            byte[] register = pcrs[e.RegisterIndex];
            hash.Append(register);
            hash.Append(digest);
            hash.Finish(register);
        }
        error = "";
        return true;
    }

    /// <summary>
    /// Compares chosen PCRs: <paramref name="reported"/>[i] is the value the TPM quoted for PCR i, or null to skip it.
    /// </summary>
    public static bool TryCompare(byte[][] replayed, byte[]?[] reported, string bankName, out ReplayComparison? comparison, out string error)
    {
        comparison = null;
        if (reported.Length > replayed.Length)
        {
            error = $"{reported.Length} reported PCRs but only {replayed.Length} replayed";
            return false;
        }
        List<RegisterMatch> matches = new List<RegisterMatch>();
        for (int i = 0; i < reported.Length; i++)
        {
            byte[]? value = reported[i];
            if (value != null)
            {
                matches.Add(new RegisterMatch($"PCR[{i}] {bankName}", replayed[i], value));
            }
        }
        comparison = new ReplayComparison(matches);
        error = "";
        return true;
    }
}
