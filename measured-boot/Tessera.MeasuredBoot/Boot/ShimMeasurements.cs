using System;
using System.Collections.Generic;
using Tessera.MeasuredBoot.EventLog;
using Tessera.MeasuredBoot.Hashing;
using Tessera.MeasuredBoot.Prediction;

namespace Tessera.MeasuredBoot.Boot;

/// <summary>
/// What the Tessera TD shim measures, in order. The shim extends these and logs them in its CC event log;
/// `tessera measure` predicts the RTMRs from the same list (RegisterExtension.ReplayRtmrs), so the two cannot
/// drift apart. The events are SHA-384 only: RTMRs are SHA-384 registers.
///
/// RTMR[0] (MR index 1): the TD HOB in a TD (EV_PLATFORM_CONFIG_FLAGS "tessera.td-hob", digest of the HOB
///   list bytes; absent on a normal VM, where there is no HOB), then a separator.
/// RTMR[1] (MR index 2): the kernel ELF (EV_IPL "tessera.kernel"), then a separator.
/// RTMR[2] (MR index 3): the command line (EV_IPL whose data is the command line itself, so a verifier can
///   read it and check it against its digest), the initramfs (EV_IPL "tessera.initramfs"), then a separator.
/// RTMR[3] is left to the running system.
/// Separators are EV_SEPARATOR with data 00 00 00 00 and its digest, as the TCG firmware profile has them.
/// </summary>
public static class ShimMeasurements
{
    public const uint ConfigurationRegister = 1;
    public const uint KernelRegister = 2;
    public const uint PayloadDataRegister = 3;

    public static readonly byte[] SeparatorData = new byte[4];

    /// <param name="tdHob">The TD HOB list as the shim received it; empty on a normal VM.</param>
    public static List<MeasuredEvent> Plan(ReadOnlySpan<byte> kernel, ReadOnlySpan<byte> commandLine, ReadOnlySpan<byte> initramfs,
        ReadOnlySpan<byte> tdHob)
    {
        List<MeasuredEvent> events = new List<MeasuredEvent>();
        if (tdHob.Length > 0)
        {
            events.Add(Described(ConfigurationRegister, EventLog.EventType.PlatformConfigFlags, tdHob, "tessera.td-hob"));
        }
        events.Add(Separator(ConfigurationRegister));
        events.Add(Described(KernelRegister, EventLog.EventType.Ipl, kernel, "tessera.kernel"));
        events.Add(Separator(KernelRegister));
        byte[] line = Binary.ByteSpans.ToArray(commandLine);
        events.Add(new MeasuredEvent(PayloadDataRegister, EventLog.EventType.Ipl, "command line", line, null, Sha384.Hash(line)));
        events.Add(Described(PayloadDataRegister, EventLog.EventType.Ipl, initramfs, "tessera.initramfs"));
        events.Add(Separator(PayloadDataRegister));
        return events;
    }

    private static MeasuredEvent Described(uint mrIndex, uint eventType, ReadOnlySpan<byte> measured, string description)
    {
        byte[] data = new byte[description.Length];
        for (int i = 0; i < description.Length; i++)
        {
            data[i] = (byte)description[i];
        }
        return new MeasuredEvent(mrIndex, eventType, description, data, null, Sha384.Hash(measured));
    }

    private static MeasuredEvent Separator(uint mrIndex) =>
        new MeasuredEvent(mrIndex, EventLog.EventType.Separator, "separator", SeparatorData, null, Sha384.Hash(SeparatorData));
}
