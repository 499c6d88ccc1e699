using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Replay;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>A TCG2 crypto-agile log with SHA-1, SHA-256 and SHA-384 banks, written in memory per TCG PFP 1.06 section 10.</summary>
public class Tcg2EventLogTests
{
    private static readonly (ushort Id, int Size)[] Banks = { (0x0004, 20), (0x000B, 32), (0x000C, 48) };

    private sealed class LogWriter
    {
        private readonly MemoryStream _stream = new();

        public LogWriter()
        {
            // TCG_EfiSpecIdEvent inside a SHA-1 format TCG_PCClientPCREvent.
            var spec = new MemoryStream();
            spec.Write(Encoding.ASCII.GetBytes("Spec ID Event03\0"));
            spec.Write(new byte[] { 0, 0, 0, 0, 0, 2, 2, 2 }); // platformClass, minor 0, major 2, errata 2, uintnSize 2
            WriteUInt32(spec, (uint)Banks.Length);
            foreach (var (id, size) in Banks)
            {
                spec.Write(BitConverter.GetBytes(id));
                spec.Write(BitConverter.GetBytes((ushort)size));
            }
            spec.WriteByte(0);
            WriteUInt32(_stream, 0);
            WriteUInt32(_stream, EventType.NoAction);
            _stream.Write(new byte[20]);
            WriteUInt32(_stream, (uint)spec.Length);
            _stream.Write(spec.ToArray());
        }

        /// <summary>Adds an event whose digests are the hashes of <paramref name="measured"/> in every bank.</summary>
        public void Add(uint pcr, uint type, byte[] data, byte[]? measured = null, bool noDigests = false)
        {
            measured ??= data;
            WriteUInt32(_stream, pcr);
            WriteUInt32(_stream, type);
            WriteUInt32(_stream, (uint)Banks.Length);
            foreach (var (id, _) in Banks)
            {
                _stream.Write(BitConverter.GetBytes(id));
                _stream.Write(noDigests ? new byte[Size(id)] : Hash(id, measured));
            }
            WriteUInt32(_stream, (uint)data.Length);
            _stream.Write(data);
        }

        public byte[] ToArray() => _stream.ToArray();

        private static int Size(ushort id) => Array.Find(Banks, b => b.Id == id).Size;
    }

    private static void WriteUInt32(Stream s, uint v) => s.Write(BitConverter.GetBytes(v));

    private static byte[] Hash(ushort id, byte[] data) => id switch
    {
        0x0004 => SHA1.HashData(data),
        0x000B => SHA256.HashData(data),
        _ => SHA384.HashData(data),
    };

    private static byte[] Extend(ushort id, byte[] register, byte[] digest)
    {
        byte[] both = new byte[register.Length + digest.Length];
        register.CopyTo(both, 0);
        digest.CopyTo(both, register.Length);
        return Hash(id, both);
    }

    private static byte[] BuildLog(out List<(uint Pcr, byte[] Measured)> extended)
    {
        var writer = new LogWriter();
        var measurements = new List<(uint, byte[])>();
        extended = measurements;
        byte[] locality = Encoding.ASCII.GetBytes("StartupLocality\0\u0003");
        writer.Add(0, EventType.NoAction, locality, noDigests: true);
        void Measure(uint pcr, uint type, byte[] data, byte[]? measured = null)
        {
            writer.Add(pcr, type, data, measured);
            measurements.Add((pcr, measured ?? data));
        }
        Measure(0, EventType.SCrtmVersion, Encoding.Unicode.GetBytes("1.0\0"));
        Measure(0, EventType.EfiPlatformFirmwareBlob, new byte[16], Encoding.ASCII.GetBytes("firmware volume contents"));
        Measure(7, EventType.EfiVariableDriverConfig, VariableData("SecureBoot", new byte[] { 1 }));
        for (uint pcr = 0; pcr <= 7; pcr++)
        {
            Measure(pcr, EventType.Separator, new byte[4]);
        }
        Measure(4, EventType.EfiAction, Encoding.ASCII.GetBytes("Calling EFI Application from Boot Option"));
        Measure(8, EventType.Ipl, Encoding.ASCII.GetBytes("grub_cmd linux /vmlinuz\0"));
        return writer.ToArray();
    }

    private static byte[] VariableData(string name, byte[] value)
    {
        var s = new MemoryStream();
        s.Write(new Guid("8BE4DF61-93CA-11D2-AA0D-00E098032B8C").ToByteArray());
        s.Write(BitConverter.GetBytes((ulong)name.Length));
        s.Write(BitConverter.GetBytes((ulong)value.Length));
        s.Write(Encoding.Unicode.GetBytes(name));
        s.Write(value);
        return s.ToArray();
    }

    [Fact]
    public void ParsesAllBanksAndPayloads()
    {
        byte[] log = BuildLog(out var extended);
        Assert.True(Tcg2EventLogParser.TryParse(log, out ParsedEventLog? parsed, out string error), error);
        Assert.Equal(EventLogFormat.Tcg2, parsed!.Format);
        Assert.Equal(3, parsed.SpecId.Algorithms.Count);
        Assert.Equal(extended.Count + 1, parsed.Events.Count);
        Assert.Equal(log.Length, parsed.EndOffset);
        foreach (EventLogEntry e in parsed.Events)
        {
            Assert.Equal(3, e.Digests.Count);
            Assert.Null(e.PayloadError);
        }
        var secureBoot = Assert.IsType<UefiVariablePayload>(parsed.Events[3].Payload);
        Assert.Equal("SecureBoot", secureBoot.UnicodeName);
        Assert.Equal(new byte[] { 1 }, secureBoot.VariableData);
        Assert.Equal("grub_cmd linux /vmlinuz", Assert.IsType<TextPayload>(parsed.Events[^1].Payload).Text);
        Assert.True(parsed.Events[^1].DigestsMatchData());
        Assert.False(parsed.Events[2].DigestsMatchData()); // the blob event's digest covers the firmware, not the event data
    }

    [Theory]
    [InlineData(HashAlgorithmId.Sha1, (ushort)0x0004)]
    [InlineData(HashAlgorithmId.Sha256, (ushort)0x000B)]
    [InlineData(HashAlgorithmId.Sha384, (ushort)0x000C)]
    public void PcrReplay_MatchesIndependentExtension(HashAlgorithmId bank, ushort id)
    {
        byte[] log = BuildLog(out var extended);
        Assert.True(Tcg2EventLogParser.TryParse(log, out ParsedEventLog? parsed, out string error), error);
        Assert.True(PcrReplay.TryReplay(parsed!, bank, out byte[][] pcrs, out error), error);

        int size = Array.Find(Banks, b => b.Id == id).Size;
        var expected = new byte[24][];
        for (int i = 0; i < 24; i++)
        {
            expected[i] = new byte[size];
        }
        expected[0][size - 1] = 3; // StartupLocality 3
        foreach (var (pcr, measured) in extended)
        {
            expected[pcr] = Extend(id, expected[pcr], Hash(id, measured));
        }
        for (int i = 0; i < 24; i++)
        {
            Assert.Equal(expected[i], pcrs[i]);
        }

        var reported = new byte[]?[24];
        reported[0] = expected[0];
        reported[7] = expected[7];
        reported[8] = new byte[size];
        Assert.True(PcrReplay.TryCompare(pcrs, reported, bank.ToString(), out ReplayComparison? comparison, out error), error);
        Assert.False(comparison!.AllMatch);
        Assert.Equal($"PCR[8] {bank}", comparison.DescribeMismatches());
    }

    [Fact]
    public void Replay_RejectsWrongLogKindAndMissingBank()
    {
        byte[] log = BuildLog(out _);
        Assert.True(Tcg2EventLogParser.TryParse(log, out ParsedEventLog? parsed, out _));
        Assert.False(RtmrReplay.TryReplay(parsed!, out _, out string error));
        Assert.Contains("CC event log", error);
        Assert.False(PcrReplay.TryReplay(parsed!, HashAlgorithmId.Sha512, out _, out error));
        Assert.Contains("does not declare", error);
    }

    [Fact]
    public void Truncations_FailExceptAtEventBoundaries()
    {
        byte[] log = BuildLog(out _);
        Assert.True(Tcg2EventLogParser.TryParse(log, out ParsedEventLog? full, out _));
        var boundaries = new HashSet<int> { log.Length };
        foreach (EventLogEntry e in full!.Events)
        {
            boundaries.Add(e.Offset);
        }
        for (int length = 0; length < log.Length; length++)
        {
            bool ok = Tcg2EventLogParser.TryParse(log.AsSpan(0, length), out _, out string error);
            Assert.True(ok == boundaries.Contains(length), $"length {length}: ok={ok} {error}");
        }
    }
}
