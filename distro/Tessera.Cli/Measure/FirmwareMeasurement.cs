using System.Collections.Generic;
using Tessera.MeasuredBoot.Tdx;

namespace Tessera.Cli.Measure
{
    // The prediction for a TD firmware image (out/tessera.fd): MRTD from the sections its TDX
    // metadata marks.
    internal sealed record FirmwareMeasurement(TdxMetadata Metadata, byte[] Mrtd)
    {
        public static bool LooksLikeFirmware(byte[] file) => TdxMetadata.TryParse(file, out _, out _);

        public static bool TryMeasure(byte[] file, out FirmwareMeasurement? measurement, out string error)
        {
            measurement = null;
            if (!TdxMetadata.TryParse(file, out TdxMetadata? metadata, out error)) { error = "TD firmware: " + error; return false; }
            if (!MrtdCalculator.TryCompute(file, out byte[]? mrtd, out error)) { error = "TD firmware: MRTD: " + error; return false; }
            measurement = new FirmwareMeasurement(metadata!, mrtd!);
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
}
