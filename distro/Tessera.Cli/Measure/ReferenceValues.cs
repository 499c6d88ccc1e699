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
                Event("EV_EFI_BOOT_SERVICES_APPLICATION", MeasuredBoot.Uefi.UefiBootPrediction.TdvfRtmrForPcr4And5, disk.Prediction.AuthenticodeSha384),
                Event("EV_EFI_GPT_EVENT", MeasuredBoot.Uefi.UefiBootPrediction.TdvfRtmrForPcr4And5,
                    MeasuredBoot.Hashing.Sha384.Hash(disk.GptEventData)),
            };
            return new JsonObject
            {
                ["eventLog"] = new JsonObject { ["mustReplayToQuote"] = true, ["expectedEvents"] = events },
            };
        }

        // A Tessera shim image: MRTD, and RTMR[1] and RTMR[2] (kernel; command line and
        // initramfs), which do not depend on the VM. RTMR[0] covers the TD HOB the VMM makes and
        // RTMR[3] belongs to the running system, so neither is pinned. The events name what the
        // registers hold, so a verifier's log check says which part differs.
        public static JsonObject ForFirmware(FirmwareMeasurement firmware)
        {
            var td = new JsonObject { ["mrTd"] = new JsonArray(Hex(firmware.Mrtd)) };
            var fragment = new JsonObject { ["td"] = td };
            if (firmware.Payload is not ShimPayload payload) return fragment;
            td["rtmr1"] = new JsonArray(Hex(payload.Rtmrs[1]));
            td["rtmr2"] = new JsonArray(Hex(payload.Rtmrs[2]));
            var events = new JsonArray();
            foreach (MeasuredBoot.Prediction.MeasuredEvent e in payload.Events)
            {
                if (e.EventType != EventType.Ipl) continue;
                JsonObject item = Event("EV_IPL", (int)e.RegisterIndex - 1, e.Sha384);
                if (PrintableText(e.Data) is string text) item["description"] = text;
                events.Add(item);
            }
            fragment["eventLog"] = new JsonObject { ["mustReplayToQuote"] = true, ["expectedEvents"] = events };
            return fragment;
        }

        // The policy compares an EV_IPL's decoded text; only plain printable ASCII is given as one.
        public static string? PrintableText(byte[]? data)
        {
            if (data == null || data.Length == 0) return null;
            foreach (byte b in data) if (b < 0x20 || b > 0x7E) return null;
            return System.Text.Encoding.ASCII.GetString(data);
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
