using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Cli.Image.Disk;
using Tessera.Cli.Measure;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.Prediction;
using Tessera.MeasuredBoot.Uefi;
using Tessera.MeasuredBoot.Tdx;

namespace Tessera.Cli.Commands
{
    internal static class MeasureCommand
    {
        private const string Help = @"usage: ./tessera measure IMAGE [--json]

Predicts, from the image alone, the measurements a boot of IMAGE produces:
  a disk image (out/tessera.raw, .qcow2 or .vhd): reads the GPT and EFI/BOOT/BOOTX64.EFI back from
    the image and predicts PCR 4 and PCR 5 as UEFI firmware with a TPM (edk2/OVMF) extends them, with
    the event list; under TDX (TDVF) the same events extend RTMR[1].
  a TD firmware image (out/tessera.fd): MRTD from its TDX metadata.
Ends with a reference-values fragment: members of an attestation policy
(policies/schema/attestation-policy-v1.schema.json) to paste into one.
  --json   print one JSON document instead

Exit status: 0 predicted, 2 bad usage or an image that cannot be read (the error says why).";

        public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

        public static int Run(string[] args, TextWriter output, TextWriter errors)
        {
            string? path = null;
            bool json = false;
            foreach (string a in args)
            {
                switch (a)
                {
                    case "-h": case "--help": output.WriteLine(Help); return 0;
                    case "--json": json = true; break;
                    default:
                        if (a.StartsWith('-') || path != null) { errors.WriteLine($"tessera measure: unexpected '{a}'\n\n{Help}"); return 2; }
                        path = a;
                        break;
                }
            }
            if (path == null) { errors.WriteLine(Help); return 2; }
            byte[] file;
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists) { errors.WriteLine($"tessera measure: {path}: no such file"); return 2; }
                if (info.Length > Qcow2Reader.MaxVirtualSize + VhdFooter.Size)
                {
                    errors.WriteLine($"tessera measure: {path}: {info.Length} bytes is larger than the images this command reads (1 GiB)");
                    return 2;
                }
                file = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.WriteLine($"tessera measure: {path}: {e.Message}");
                return 2;
            }

            JsonObject document;
            bool isDisk = DiskImageReader.Detect(file) != DiskImageFormat.Raw || file.Length >= 520 && file.AsSpan(512, 8).SequenceEqual("EFI PART"u8);
            if (isDisk || !FirmwareMeasurement.LooksLikeFirmware(file))
            {
                if (!DiskMeasurement.TryMeasure(file, out DiskMeasurement? disk, out string error))
                {
                    if (!isDisk) error = "neither a GPT disk image (raw, qcow2 or VHD) nor a TD firmware image with TDX metadata (" + error + ")";
                    errors.WriteLine($"tessera measure: {path}: {error}");
                    return 2;
                }
                document = DiskDocument(path, disk!);
            }
            else
            {
                if (!FirmwareMeasurement.TryMeasure(file, out FirmwareMeasurement? firmware, out string error))
                {
                    errors.WriteLine($"tessera measure: {path}: {error}");
                    return 2;
                }
                document = FirmwareDocument(path, firmware!);
            }
            if (json) output.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else WriteText(document, output);
            return 0;
        }

        // One document for both outputs: --json prints it, the text form is rendered from it.
        private static JsonObject DiskDocument(string path, DiskMeasurement disk)
        {
            UefiBootPrediction p = disk.Prediction;
            var events = new JsonArray();
            foreach (MeasuredEvent e in p.Events)
            {
                var item = new JsonObject
                {
                    ["pcr"] = e.RegisterIndex,
                    ["type"] = ReferenceValues.EventTypeName(e.EventType),
                    ["description"] = e.Description,
                    ["sha256"] = ReferenceValues.Hex(e.Sha256!),
                    ["sha384"] = ReferenceValues.Hex(e.Sha384),
                };
                if (e.Data != null) item["data"] = ReferenceValues.Hex(e.Data);
                events.Add(item);
            }
            var partitions = new JsonArray();
            foreach (GptDiskPartition part in disk.Gpt.Partitions)
            {
                partitions.Add(new JsonObject
                {
                    ["entry"] = part.Index,
                    ["type"] = part.Entry.Type.ToString().ToUpperInvariant(),
                    ["guid"] = part.Entry.Unique.ToString().ToUpperInvariant(),
                    ["firstLba"] = part.Entry.FirstLba,
                    ["lastLba"] = part.Entry.LastLba,
                    ["name"] = part.Entry.Name,
                });
            }
            return new JsonObject
            {
                ["image"] = path,
                ["kind"] = "disk",
                ["format"] = DiskImageReader.Name(disk.Format),
                ["diskBytes"] = disk.DiskBytes,
                ["gpt"] = new JsonObject { ["diskGuid"] = disk.Gpt.DiskGuid.ToString().ToUpperInvariant(), ["partitions"] = partitions },
                ["bootApplication"] = new JsonObject
                {
                    ["path"] = EspDisk.BootApplicationPath,
                    ["bytes"] = disk.BootApplicationBytes,
                    ["authenticodeSha256"] = ReferenceValues.Hex(p.AuthenticodeSha256),
                    ["authenticodeSha384"] = ReferenceValues.Hex(p.AuthenticodeSha384),
                },
                ["firmware"] = "UEFI with a TPM (edk2/OVMF Tcg2Dxe), the disk as the first boot attempt",
                ["pcrs"] = new JsonObject
                {
                    ["4"] = new JsonObject { ["sha256"] = ReferenceValues.Hex(p.Pcr4Sha256), ["sha384"] = ReferenceValues.Hex(p.Pcr4Sha384) },
                    ["5"] = new JsonObject { ["sha256"] = ReferenceValues.Hex(p.Pcr5Sha256), ["sha384"] = ReferenceValues.Hex(p.Pcr5Sha384) },
                },
                ["notPredicted"] = new JsonObject
                {
                    ["pcrs"] = new JsonArray(0, 1, 2, 3, 6, 7),
                    ["why"] = "they hold the firmware itself, its configuration and variables, option ROMs and Secure Boot state: they depend on the firmware build and the VM, not on the image",
                    ["tdx"] = "under TDVF the events of PCR 4 and 5 extend RTMR[1] together with firmware-dependent ones; the reference values name the events instead",
                },
                ["events"] = events,
                ["referenceValues"] = ReferenceValues.ForDisk(disk),
            };
        }

        private static JsonObject FirmwareDocument(string path, FirmwareMeasurement firmware)
        {
            var sections = new JsonArray();
            foreach (TdxMetadataSection s in firmware.Sections)
            {
                sections.Add(new JsonObject
                {
                    ["type"] = FirmwareMeasurement.SectionTypeName(s.Type),
                    ["memoryAddress"] = "0x" + s.MemoryAddress.ToString("x"),
                    ["memoryBytes"] = s.MemoryDataSize,
                    ["rawBytes"] = s.RawDataSize,
                    ["extendsMrtd"] = s.ExtendsMr,
                });
            }
            var document = new JsonObject
            {
                ["image"] = path,
                ["kind"] = "td-firmware",
                ["mrtd"] = ReferenceValues.Hex(firmware.Mrtd),
                ["sections"] = sections,
            };
            if (firmware.Payload is ShimPayload payload)
            {
                var events = new JsonArray();
                foreach (MeasuredEvent e in payload.Events)
                {
                    var item = new JsonObject
                    {
                        ["rtmr"] = e.RegisterIndex - 1,
                        ["type"] = ReferenceValues.EventTypeName(e.EventType),
                        ["sha384"] = ReferenceValues.Hex(e.Sha384),
                        ["data"] = ReferenceValues.Hex(e.Data!),
                    };
                    if (ReferenceValues.PrintableText(e.Data) is string text) item["description"] = text;
                    events.Add(item);
                }
                document["payload"] = new JsonObject
                {
                    ["kernelBytes"] = payload.Kernel.Length,
                    ["commandLine"] = System.Text.Encoding.UTF8.GetString(payload.CommandLine),
                    ["initramfsBytes"] = payload.Initramfs.Length,
                };
                document["rtmrs"] = new JsonObject
                {
                    ["0"] = ReferenceValues.Hex(payload.Rtmrs[0]),
                    ["1"] = ReferenceValues.Hex(payload.Rtmrs[1]),
                    ["2"] = ReferenceValues.Hex(payload.Rtmrs[2]),
                    ["3"] = ReferenceValues.Hex(payload.Rtmrs[3]),
                };
                document["notPredicted"] = new JsonObject
                {
                    ["rtmrs"] = new JsonArray(),
                    ["why"] = "RTMR[0] is predicted for a normal VM (no TD HOB); in a TD it also covers the TD HOB the VMM and TDX module make at launch, so there it is not predicted",
                };
                document["events"] = events;
            }
            else
            {
                document["notPredicted"] = new JsonObject
                {
                    ["rtmrs"] = new JsonArray(0, 1, 2, 3),
                    ["why"] = firmware.PayloadError + ": the RTMRs depend on what this firmware loads",
                };
            }
            document["referenceValues"] = ReferenceValues.ForFirmware(firmware);
            return document;
        }

        private static void WriteText(JsonObject d, TextWriter o)
        {
            string S(JsonNode? n) => n?.ToString() ?? "";
            o.WriteLine($"image: {S(d["image"])}");
            if (S(d["kind"]) == "disk")
            {
                o.WriteLine($"  {S(d["format"])} disk of {(long)d["diskBytes"]! >> 20} MiB, GPT disk GUID {S(d["gpt"]!["diskGuid"])}");
                foreach (JsonNode? part in (JsonArray)d["gpt"]!["partitions"]!)
                    o.WriteLine($"  partition {S(part!["entry"])}: {S(part["name"])} type {S(part["type"])}, LBA {S(part["firstLba"])}..{S(part["lastLba"])}");
                JsonNode app = d["bootApplication"]!;
                o.WriteLine($"  {S(app["path"])}: {S(app["bytes"])} bytes");
                o.WriteLine($"    Authenticode SHA-256 {S(app["authenticodeSha256"])}");
                o.WriteLine($"    Authenticode SHA-384 {S(app["authenticodeSha384"])}");
                o.WriteLine();
                o.WriteLine($"predicted PCRs ({S(d["firmware"])}):");
                foreach (string pcr in new[] { "4", "5" })
                {
                    o.WriteLine($"  PCR {pcr} sha256 {S(d["pcrs"]![pcr]!["sha256"])}");
                    o.WriteLine($"  PCR {pcr} sha384 {S(d["pcrs"]![pcr]!["sha384"])}");
                }
                o.WriteLine($"not predicted: PCR 0-3, 6, 7 ({S(d["notPredicted"]!["why"])})");
                o.WriteLine($"TDX: {S(d["notPredicted"]!["tdx"])}");
                o.WriteLine();
                o.WriteLine("events, in the order the firmware logs them:");
                foreach (JsonNode? e in (JsonArray)d["events"]!)
                {
                    o.WriteLine($"  PCR {S(e!["pcr"])} {S(e["type"]),-34} {S(e["description"])}");
                    o.WriteLine($"        sha256 {S(e["sha256"])}");
                    o.WriteLine($"        sha384 {S(e["sha384"])}");
                }
            }
            else
            {
                o.WriteLine("  TD firmware with TDX metadata:");
                foreach (JsonNode? s in (JsonArray)d["sections"]!)
                    o.WriteLine($"    {S(s!["type"]),-12} at {S(s["memoryAddress"]),-12} {S(s["memoryBytes"]),9} bytes{((bool)s["extendsMrtd"]! ? ", extended into MRTD" : "")}");
                o.WriteLine();
                o.WriteLine($"predicted MRTD {S(d["mrtd"])}");
                if (d["rtmrs"] is JsonObject rtmrs)
                {
                    JsonNode payload = d["payload"]!;
                    o.WriteLine($"payload: kernel {S(payload["kernelBytes"])} bytes, initramfs {S(payload["initramfsBytes"])} bytes, command line '{S(payload["commandLine"])}'");
                    for (int i = 0; i < 4; i++) o.WriteLine($"predicted RTMR[{i}] {S(rtmrs[i.ToString()])}");
                    o.WriteLine($"note: {S(d["notPredicted"]!["why"])}");
                    o.WriteLine();
                    o.WriteLine("events, in the order the shim logs them (CC event log):");
                    foreach (JsonNode? e in (JsonArray)d["events"]!)
                    {
                        string what = e!["description"] is JsonNode text ? S(text) : S(e["data"]).Length > 0 ? "data " + S(e["data"]) : "(empty data: an empty command line)";
                        o.WriteLine($"  RTMR[{S(e["rtmr"])}] {S(e["type"]),-14} {what}");
                        o.WriteLine($"          sha384 {S(e["sha384"])}");
                    }
                }
                else
                {
                    o.WriteLine($"not predicted: RTMR[0..3] ({S(d["notPredicted"]!["why"])})");
                }
            }
            o.WriteLine();
            o.WriteLine("reference values (members of an attestation policy, policies/schema/attestation-policy-v1.schema.json):");
            o.WriteLine(d["referenceValues"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
