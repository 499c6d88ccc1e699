using Tessera.Frame.Cpu;

namespace Tessera.Frame.Time
{
    // Measures the TSC frequency against the legacy 8254 PIT (1.193182 MHz input clock).
    // Channel 2 is the one software can run and watch without interrupts: port 0x61 bit 0
    // gates it, bit 1 connects it to the speaker (kept off), bit 5 reads its output. In mode 0
    // (interrupt on terminal count) the output goes high when the count reaches zero, so we
    // count TSC ticks from loading ~10 ms worth of PIT ticks until the output rises.
    internal static class PitTscCalibration
    {
        private const ushort Channel2Data = 0x42;
        private const ushort ModeCommand = 0x43;
        private const ushort SystemControlPortB = 0x61;
        // Channel 2, access low byte then high byte, mode 0, binary counting.
        private const byte Channel2Mode0 = 0b1011_0000;
        private const byte GateOn = 0x01;
        private const byte SpeakerOn = 0x02;
        private const byte Output2 = 0x20;
        private const ulong PitHz = 1_193_182;
        private const uint Latch = 11932;               // ~10 ms of PIT ticks
        private const int Samples = 5;
        private const int MaxAttempts = 25;
        // A sample counts only when the instants it rests on (loading the count, seeing the
        // output rise) are each pinned to within 1/400 of the interval: a vCPU descheduled by a
        // busy host in between would otherwise skew it, and under TCG that is common.
        private const ulong MaxUncertaintyDivisor = 400;
        // Bounds each wait (a missing PIT reads as all ones or never rises): either limit
        // ends it long after a real 10 ms count would have.
        private const int MaxPollReads = 10_000_000;
        private const ulong MaxPollTicks = 2_000_000_000;

        // Returns null and the median of several well-pinned measurements (or, when the host
        // never left the CPU alone long enough, the best-pinned one), or the reason it failed.
        internal static string TryMeasure(out ulong hz)
        {
            hz = 0;
            var pinnedResults = new ulong[Samples];
            int pinnedCount = 0, plausible = 0;
            ulong best = 0, bestRelative = ulong.MaxValue;
            for (int attempt = 0; attempt < MaxAttempts && pinnedCount < Samples; attempt++)
            {
                ulong sample = MeasureOnce(out ulong uncertainty, out ulong elapsed);
                if (sample < TscFrequencyFromCpuid.MinPlausibleHz || sample > TscFrequencyFromCpuid.MaxPlausibleHz) continue;
                plausible++;
                if (uncertainty <= elapsed / MaxUncertaintyDivisor) pinnedResults[pinnedCount++] = sample;
                ulong relative = PartsPerMillion(uncertainty, elapsed);
                if (best == 0 || relative < bestRelative)
                {
                    best = sample;
                    bestRelative = relative;
                }
            }
            // No plausible answer at all: the PIT is not there.
            if (plausible == 0) return "the PIT gave no plausible measurement in " + MaxAttempts.ToString() + " attempts";
            hz = pinnedCount > 0 ? SampleStatistics.Median(pinnedResults, pinnedCount) : best;
            return null;
        }

        private static ulong PartsPerMillion(ulong uncertainty, ulong elapsed) =>
            uncertainty >= elapsed ? ulong.MaxValue : uncertainty * 1_000_000 / elapsed;

        // One measurement in Hz (0 when the output never rose in time), with the interval in TSC
        // ticks and how many ticks its two ends could each be off by, together.
        private static ulong MeasureOnce(out ulong uncertainty, out ulong elapsed)
        {
            uncertainty = ulong.MaxValue;
            elapsed = 1;
            byte control = PortIo.In8(SystemControlPortB);
            PortIo.Out8(SystemControlPortB, (byte)((control & ~SpeakerOn) | GateOn));
            PortIo.Out8(ModeCommand, Channel2Mode0);
            PortIo.Out8(Channel2Data, (byte)(Latch & 0xFF));
            // Counting starts once the high byte is written, somewhere between these two reads.
            ulong beforeLoad = NativeStubs.ReadTimeStampCounter();
            PortIo.Out8(Channel2Data, (byte)(Latch >> 8));
            ulong afterLoad = NativeStubs.ReadTimeStampCounter();

            // The output rose after the last read that found it low began, and before the
            // read that found it high ended.
            ulong beforeLastLow = beforeLoad;
            ulong now = afterLoad;
            for (int i = 0; i < MaxPollReads; i++)
            {
                ulong beforeRead = now;
                bool expired = (PortIo.In8(SystemControlPortB) & Output2) != 0;
                now = NativeStubs.ReadTimeStampCounter();
                if (expired)
                {
                    ulong start = beforeLoad + (afterLoad - beforeLoad) / 2;
                    ulong end = beforeLastLow + (now - beforeLastLow) / 2;
                    if (end <= start) return 0;
                    elapsed = end - start;
                    uncertainty = (afterLoad - beforeLoad) + (now - beforeLastLow);
                    return elapsed * PitHz / Latch;
                }
                beforeLastLow = beforeRead;
                if (now - afterLoad > MaxPollTicks) break;
            }
            return 0;
        }
    }
}
