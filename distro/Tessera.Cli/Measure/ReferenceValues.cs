using System;
using System.Text.Json.Nodes;
using Tessera.MeasuredBoot.EventLog;

namespace Tessera.Cli.Measure
{
    // The reference-values fragment `./tessera measure` prints: members of an attestation policy
    // (policies/schema/attestation-policy-v1.schema.json), to paste into one as they are:
    // `td` with the predicted registers and `eventLog` with the events a genuine log must hold.
    internal static class ReferenceValues
    {
        // A disk booted by TDVF in a TD: the boot application and the GPT land in RTMR[1], next
        // to firmware-dependent events, so the fragment names the events rather than RTMR values.
        public static JsonObject ForDisk(DiskMeasurement disk)
        {
            var events = new JsonArray
            {
                Event("EV_EFI_BOOT_SERVICES_APPLICATION", MeasuredBoot.Prediction.UefiDiskBootPrediction.TdvfRtmrForPcr4And5, disk.Prediction.AuthenticodeSha384),
                Event("EV_EFI_GPT_EVENT", MeasuredBoot.Prediction.UefiDiskBootPrediction.TdvfRtmrForPcr4And5,
                    MeasuredBoot.Hashing.Sha384.Hash(disk.GptEventData)),
            };
            return new JsonObject
            {
                ["eventLog"] = new JsonObject { ["mustReplayToQuote"] = true, ["expectedEvents"] = events },
            };
        }

        public static JsonObject ForFirmware(FirmwareMeasurement firmware)
        {
            return new JsonObject
            {
                ["td"] = new JsonObject { ["mrTd"] = new JsonArray(Hex(firmware.Mrtd)) },
            };
        }

        private static JsonObject Event(string type, int rtmr, byte[] sha384) => new()
        {
            ["type"] = type,
            ["rtmr"] = rtmr,
            ["sha384"] = Hex(sha384),
        };

        public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

        public static string EventTypeName(uint type) => EventType.Name(type);
    }
}
