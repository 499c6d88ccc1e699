using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Attestation.Policies;
using Tessera.Cli.Commands;
using Tessera.Cli.Image.Disk;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.Tdx;
using Tessera.MeasuredBoot.Text;
using Xunit;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.Distro.Tests.Disk;

// `./tessera measure`: predictions read back from the image, JSON output, reference values that
// the real policy parser accepts, and exit status 2 with a clear message for bad images.
public class MeasureCommandTests
{
    private static (int Status, string Output, string Errors) Measure(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int status = MeasureCommand.Run(args, output, errors);
        return (status, output.ToString(), errors.ToString());
    }

    private static JsonObject MeasureJson(string path)
    {
        var (status, output, errors) = Measure(path, "--json");
        Assert.True(status == 0, errors);
        return (JsonObject)JsonNode.Parse(output)!;
    }

    // The fragment completed with the members every policy needs, parsed by the attestation code.
    private static AttestationPolicy PolicyFrom(JsonObject fragment)
    {
        var policy = (JsonObject)fragment.DeepClone();
        policy["version"] = 1;
        policy["name"] = "from-tessera-measure";
        policy["tcb"] = new JsonObject { ["acceptedStatuses"] = new JsonArray("UpToDate") };
        var result = PolicyParser.Parse(Encoding.UTF8.GetBytes(policy.ToJsonString()), "fragment.json");
        Assert.True(result.IsSuccess, result.Error);
        return result.Value!;
    }

    [Fact]
    public void DiskPredictionIsTheSameFromEveryFormat()
    {
        string dir = DiskTestData.TempDirectory();
        string raw = Path.Combine(dir, "d.raw"), qcow2 = Path.Combine(dir, "d.qcow2"), vhd = Path.Combine(dir, "d.vhd");
        DiskImageWriter.WriteAll(DiskTestData.Disk, raw, qcow2, vhd, _ => { });
        JsonObject a = MeasureJson(raw), b = MeasureJson(qcow2), c = MeasureJson(vhd);
        Assert.Equal("disk", a["kind"]!.ToString());
        Assert.Equal("qcow2", b["format"]!.ToString());
        Assert.Equal("vhd", c["format"]!.ToString());
        foreach (string member in new[] { "pcrs", "events", "referenceValues", "bootApplication", "gpt" })
        {
            Assert.Equal(a[member]!.ToJsonString(), b[member]!.ToJsonString());
            Assert.Equal(a[member]!.ToJsonString(), c[member]!.ToJsonString());
        }
        // The application's digest is its Authenticode digest, computed independently of the image.
        Assert.True(Tessera.MeasuredBoot.Pe.AuthenticodeDigest.TryCompute(DiskTestData.Application, Tessera.MeasuredBoot.Hashing.HashAlgorithmId.Sha384, out byte[]? digest, out string error), error);
        Assert.Equal(Convert.ToHexString(digest!).ToLowerInvariant(), a["bootApplication"]!["authenticodeSha384"]!.ToString());
        Assert.Equal(7, ((JsonArray)a["events"]!).Count);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void DiskReferenceValuesAreAcceptedByThePolicyParser()
    {
        string dir = DiskTestData.TempDirectory();
        string raw = Path.Combine(dir, "d.raw");
        File.WriteAllBytes(raw, DiskTestData.Disk);
        JsonObject document = MeasureJson(raw);
        AttestationPolicy policy = PolicyFrom((JsonObject)document["referenceValues"]!);
        Assert.True(policy.EventLog.MustReplayToQuote);
        Assert.Equal(2, policy.EventLog.ExpectedEvents.Count);
        Assert.Equal("EV_EFI_BOOT_SERVICES_APPLICATION", policy.EventLog.ExpectedEvents[0].Type);
        Assert.Equal(document["bootApplication"]!["authenticodeSha384"]!.ToString(), policy.EventLog.ExpectedEvents[0].Sha384!.ToLowerInvariant());
        // The text form ends with the same fragment.
        var (status, text, _) = Measure(raw);
        Assert.Equal(0, status);
        Assert.Contains("predicted PCRs", text);
        Assert.Contains(document["pcrs"]!["4"]!["sha256"]!.ToString(), text);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void ShimFirmwarePredictionMatchesTheShimContract()
    {
        byte[] kernel = Encoding.ASCII.GetBytes("\u007fELF a kernel");
        byte[] commandLine = Encoding.ASCII.GetBytes("tessera.init=/bin/sh");
        byte[] initramfs = Encoding.ASCII.GetBytes("070701 an initramfs");
        byte[] image = SyntheticShim(kernel, commandLine, initramfs);
        string dir = DiskTestData.TempDirectory();
        string fd = Path.Combine(dir, "tessera.fd");
        File.WriteAllBytes(fd, image);
        JsonObject document = MeasureJson(fd);
        Assert.Equal("td-firmware", document["kind"]!.ToString());
        Assert.True(MrtdCalculator.TryCompute(image, out byte[]? mrtd, out string error), error);
        Assert.Equal(Convert.ToHexString(mrtd!).ToLowerInvariant(), document["mrtd"]!.ToString());
        byte[][] rtmrs = RegisterExtension.ReplayRtmrs(ShimMeasurements.Plan(kernel, commandLine, initramfs, ReadOnlySpan<byte>.Empty));
        for (int i = 0; i < 4; i++) Assert.Equal(Convert.ToHexString(rtmrs[i]).ToLowerInvariant(), document["rtmrs"]![i.ToString()]!.ToString());

        AttestationPolicy policy = PolicyFrom((JsonObject)document["referenceValues"]!);
        Assert.Equal(3, policy.EventLog.ExpectedEvents.Count);
        Assert.Equal(Convert.ToHexString(rtmrs[1]).ToLowerInvariant(), Assert.Single(policy.Measurements.ByRegister["rtmr1"]));
        Assert.Equal(Convert.ToHexString(mrtd!).ToLowerInvariant(), Assert.Single(policy.Measurements.ByRegister["mrTd"]));
        Assert.Contains(policy.EventLog.ExpectedEvents, e => e.Description == "tessera.init=/bin/sh" && e.Rtmr == 2);
        Assert.Contains(policy.EventLog.ExpectedEvents, e => e.Description == "tessera.kernel" && e.Rtmr == 1);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void OvmfGivesMrtdOnly()
    {
        const string ovmf = "/usr/share/ovmf/OVMF.fd";   // Debian package ovmf, in the prerequisites
        JsonObject document = MeasureJson(ovmf);
        Assert.Equal(96, document["mrtd"]!.ToString().Length);
        Assert.Null(document["rtmrs"]);
        AttestationPolicy policy = PolicyFrom((JsonObject)document["referenceValues"]!);
        Assert.True(policy.EventLog.IsEmpty);
        Assert.Single(policy.Measurements.ByRegister["mrTd"]);
    }

    [Fact]
    public void BadImagesExitWithStatus2AndAReason()
    {
        string dir = DiskTestData.TempDirectory();
        string Write(string name, byte[] bytes) { string p = Path.Combine(dir, name); File.WriteAllBytes(p, bytes); return p; }
        byte[] corrupt = (byte[])DiskTestData.Disk.Clone();
        corrupt[512 + 40] ^= 1;
        var cases = new List<(string Path, string Message)>
        {
            (Path.Combine(dir, "missing"), "no such file"),
            (Write("text", Encoding.ASCII.GetBytes("hello")), "neither a GPT disk image"),
            (Write("crc.raw", corrupt), "header CRC32"),
            (Write("trunc.qcow2", File.ReadAllBytes(WriteQcow2(dir)).AsSpan(0, 70_000).ToArray()), "outside the file"),
        };
        byte[] noApp = (byte[])DiskTestData.Disk.Clone();
        int fatStart = 2048 * 512;
        // Rename BOOTX64.EFI in its directory: the boot application is then missing.
        int at = IndexOf(noApp, Encoding.ASCII.GetBytes("BOOTX64 EFI"), fatStart);
        noApp[at] = (byte)'X';
        cases.Add((Write("noapp.raw", noApp), "EFI/BOOT/BOOTX64.EFI: no such file"));
        foreach (var (path, message) in cases)
        {
            var (status, output, errors) = Measure(path);
            Assert.Equal(2, status);
            Assert.Equal("", output);
            Assert.Contains(message, errors);
        }
        Assert.Equal(2, Measure().Status);
        Assert.Equal(2, Measure("--bogus").Status);
        Directory.Delete(dir, recursive: true);
    }

    private static string WriteQcow2(string dir)
    {
        string path = Path.Combine(dir, "full.qcow2");
        using var stream = new FileStream(path, FileMode.Create);
        Qcow2Writer.Write(DiskTestData.Disk, stream);
        return path;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        int at = haystack.AsSpan(from).IndexOf(needle);
        Assert.True(at >= 0);
        return from + at;
    }

    // A minimal TD firmware in the shape of out/tessera.fd: TDX metadata with one BFV section over
    // the whole image, and the OVMF GUIDed table pointing at the metadata and the payload directory.
    private static byte[] SyntheticShim(byte[] kernel, byte[] commandLine, byte[] initramfs)
    {
        const int size = 0x20000;
        var image = new byte[size];
        kernel.CopyTo(image, 0x1000);
        commandLine.CopyTo(image, 0x2000);
        initramfs.CopyTo(image, 0x3000);
        int guidAt = 0x8000, descriptor = guidAt + 16;
        TdxMetadata.MetadataGuid.Bytes.ToArray().CopyTo(image, guidAt);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor), TdxMetadata.DescriptorSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor + 4), 16 + 32);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor + 8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(descriptor + 12), 1);
        Span<byte> s = image.AsSpan(descriptor + 16, 32);
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], size);
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], 0x1_0000_0000UL - size);
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], TdxMetadataSection.TypeBfv);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], TdxMetadataSection.AttributeMrExtend);
        new ShimPayloadDirectory(0x1000, (ulong)kernel.Length, 0x2000, (ulong)commandLine.Length, 0x3000, (ulong)initramfs.Length).ToBytes().CopyTo(image, 0x9000);
        var metadataOffset = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(metadataOffset, (uint)(size - descriptor));
        byte[] table = OvmfGuidedTable.Build(new List<KeyValuePair<EfiGuid, byte[]>>
        {
            new(TdxMetadata.GuidedTableMetadataOffsetGuid, metadataOffset),
            new(ShimPayloadDirectory.Guid, ShimPayloadDirectory.GuidedTableEntryData(0x9000)),
        });
        table.CopyTo(image, size - 0x20 - table.Length);
        return image;
    }
}
