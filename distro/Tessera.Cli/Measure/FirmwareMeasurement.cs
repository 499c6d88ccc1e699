using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Boot;
using Tessera.MeasuredBoot.Tdx;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.Cli.Measure
{
    // The prediction for a TD firmware image (out/tessera.fd): MRTD from the sections its TDX
    // metadata marks and, for a Tessera shim image, RTMR[0..3] by replaying the shim's
    // measurement plan (ShimMeasurements) over the kernel, command line and initramfs found
    // through its payload directory. Payload is null for other firmware (e.g. OVMF), with
    // PayloadError saying why.
    internal sealed record FirmwareMeasurement(TdxMetadata Metadata, byte[] Mrtd, ShimPayload? Payload, string PayloadError)
    {
        public static bool LooksLikeFirmware(byte[] file) => TdxMetadata.TryParse(file, out _, out _);

        public static bool TryMeasure(byte[] file, out FirmwareMeasurement? measurement, out string error)
        {
            measurement = null;
            if (!TdxMetadata.TryParse(file, out TdxMetadata? metadata, out error)) { error = "TD firmware: " + error; return false; }
            if (!MrtdCalculator.TryCompute(file, out byte[]? mrtd, out error)) { error = "TD firmware: MRTD: " + error; return false; }
            ShimPayload? payload = null;
            if (ShimPayloadDirectory.TryLocate(file, out ShimPayloadDirectory? directory, out string payloadError))
                payload = ShimPayload.From(file, directory!);
            measurement = new FirmwareMeasurement(metadata!, mrtd!, payload, payloadError);
            return true;
        }

        public static string SectionTypeName(uint type) => type switch
        {
            TdxMetadataSection.TypeBfv => "BFV",
            TdxMetadataSection.TypeCfv => "CFV",
            TdxMetadataSection.TypeTdHob => "TD_HOB",
            TdxMetadataSection.TypeTempMem => "TempMem",
            TdxMetadataSection.TypePermMem => "PermMem",
            TdxMetadataSection.TypePayload => "Payload",
            TdxMetadataSection.TypePayloadParam => "PayloadParam",
            TdxMetadataSection.TypeTdInfo => "TD_INFO",
            TdxMetadataSection.TypeTdParams => "TD_PARAMS",
            _ => "type " + type,
        };

        public List<TdxMetadataSection> Sections => Metadata.Sections;
    }

    // The shim's payload and the events it will measure. The TD HOB is made at launch by the
    // VMM and TDX module, so the plan here is the one without it: exact for RTMR[1..3] and, on a
    // normal VM (no HOB), for RTMR[0]; in a TD, RTMR[0] also covers the HOB and is not predicted.
    internal sealed record ShimPayload(byte[] Kernel, byte[] CommandLine, byte[] Initramfs, List<MeasuredEvent> Events, byte[][] Rtmrs)
    {
        public static ShimPayload From(byte[] image, ShimPayloadDirectory d)
        {
            byte[] kernel = image.AsSpan((int)d.KernelOffset, (int)d.KernelLength).ToArray();
            byte[] commandLine = image.AsSpan((int)d.CommandLineOffset, (int)d.CommandLineLength).ToArray();
            byte[] initramfs = image.AsSpan((int)d.InitramfsOffset, (int)d.InitramfsLength).ToArray();
            List<MeasuredEvent> events = ShimMeasurements.Plan(kernel, commandLine, initramfs, ReadOnlySpan<byte>.Empty);
            return new ShimPayload(kernel, commandLine, initramfs, events, RegisterExtension.ReplayRtmrs(events));
        }
    }
}
