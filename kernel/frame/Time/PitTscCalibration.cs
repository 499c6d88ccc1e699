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
        // Bounds each wait (a missing PIT reads as all ones or never rises): either limit
        // ends it long after a real 10 ms count would have.
        private const int MaxPollReads = 10_000_000;
        private const ulong MaxPollTicks = 2_000_000_000;

        // Returns null and the median of several measurements, or the reason it failed.
        internal static string TryMeasure(out ulong hz)
        {
            hz = 0;
            var results = new ulong[Samples];
            int count = 0;
            for (int i = 0; i < Samples; i++)
            {
                ulong sample = MeasureOnce();
                if (sample >= TscFrequencyFromCpuid.MinPlausibleHz && sample <= TscFrequencyFromCpuid.MaxPlausibleHz)
                    results[count++] = sample;
            }
            // A majority of good samples, or the PIT is not there.
            if (count <= Samples / 2) return "the PIT gave " + count.ToString() + " plausible measurements out of " + Samples.ToString();
            hz = SampleStatistics.Median(results, count);
            return null;
        }

        // One measurement in Hz, or 0 when the output never rose in time.
        private static ulong MeasureOnce()
        {
            byte control = PortIo.In8(SystemControlPortB);
            PortIo.Out8(SystemControlPortB, (byte)((control & ~SpeakerOn) | GateOn));
            PortIo.Out8(ModeCommand, Channel2Mode0);
            PortIo.Out8(Channel2Data, (byte)(Latch & 0xFF));
            PortIo.Out8(Channel2Data, (byte)(Latch >> 8));

            ulong start = NativeStubs.ReadTimeStampCounter();
            for (int i = 0; i < MaxPollReads; i++)
            {
                bool expired = (PortIo.In8(SystemControlPortB) & Output2) != 0;
                ulong elapsed = NativeStubs.ReadTimeStampCounter() - start;
                if (expired) return elapsed * PitHz / Latch;
                if (elapsed > MaxPollTicks) break;
            }
            return 0;
        }
    }
}
