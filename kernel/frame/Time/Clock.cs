using Tessera.Frame.Console;
using Tessera.Frame.Cpu;

namespace Tessera.Frame.Time
{
    // The kernel's clocks. Monotonic time counts TSC ticks since Initialize, converted with
    // the calibrated frequency; wall-clock time is the RTC reading taken at boot plus the
    // monotonic time elapsed since (so it never jumps, and is only as good as the RTC: ±1 s).
    public static class Clock
    {
        // Used when neither CPUID nor the PIT gives a frequency: time still advances, roughly.
        private const ulong AssumedTscHz = 1_000_000_000;

        private static ulong s_tscAtStart;
        private static ulong s_monotonicAtRtcRead;
        private static ulong s_unixSecondsAtRtcRead;
        private static byte s_centuryRegister;

        public static ulong TscFrequencyHz { get; private set; } = AssumedTscHz;
        // "CPUID", "PIT" or "assumed".
        public static string TscFrequencySource { get; private set; } = "assumed";
        // False when the RTC was absent or unreadable; Unix time then starts at 1970.
        public static bool HasWallClock { get; private set; }
        public static string RtcError { get; private set; }

        // What the vDSO needs to compute both clocks as these properties do (User/Vdso.cs).
        internal static ulong TscAtStart => s_tscAtStart;
        internal static ulong MonotonicAtRtcRead => s_monotonicAtRtcRead;
        internal static ulong UnixSecondsAtRtcRead => s_unixSecondsAtRtcRead;

        // Nanoseconds since the clock was initialized; never decreases.
        public static ulong MonotonicNanoseconds =>
            TscConversion.ToNanoseconds(NativeStubs.ReadTimeStampCounter() - s_tscAtStart, TscFrequencyHz);

        // Nanoseconds since 1970-01-01T00:00:00Z.
        public static ulong UnixTimeNanoseconds =>
            s_unixSecondsAtRtcRead * TscConversion.NanosecondsPerSecond + (MonotonicNanoseconds - s_monotonicAtRtcRead);

        // `centuryRegister` and `rtcAbsent` come from the ACPI FADT (0/false without one).
        internal static void Initialize(byte centuryRegister, bool rtcAbsent)
        {
            s_tscAtStart = NativeStubs.ReadTimeStampCounter();
            s_centuryRegister = centuryRegister;
            CalibrateTsc();

            string date = "no wall clock";
            if (rtcAbsent) RtcError = "the ACPI FADT says there is no CMOS RTC";
            else
            {
                RtcError = CmosRtc.TryRead(centuryRegister, out CalendarTime now);
                if (RtcError == null)
                {
                    s_monotonicAtRtcRead = MonotonicNanoseconds;
                    s_unixSecondsAtRtcRead = now.ToUnixSeconds();
                    HasWallClock = true;
                    date = now.ToString();
                }
            }
            if (RtcError != null) date += " (" + RtcError + ")";
            SerialConsole.WriteLine("time: " + date + ", TSC " + (TscFrequencyHz / 1_000_000).ToString() + " MHz (" + TscFrequencySource + ")");
        }

        // Reads the RTC now, bypassing the clock: for tests of the clock's accuracy.
        internal static string ReadRtc(out CalendarTime time) => CmosRtc.TryRead(s_centuryRegister, out time);

        private static void CalibrateTsc()
        {
            uint denominator = 0, numerator = 0, crystalHz = 0, baseMhz = 0;
            CpuidInstruction.Query(0, 0, out uint maxLeaf, out _, out _, out _);
            if (maxLeaf >= 0x15) CpuidInstruction.Query(0x15, 0, out denominator, out numerator, out crystalHz, out _);
            if (maxLeaf >= 0x16) CpuidInstruction.Query(0x16, 0, out baseMhz, out _, out _, out _);
            ulong hz = TscFrequencyFromCpuid.Compute(maxLeaf, denominator, numerator, crystalHz, baseMhz);
            if (hz != 0)
            {
                TscFrequencyHz = hz;
                TscFrequencySource = "CPUID";
                return;
            }
            string error = PitTscCalibration.TryMeasure(out hz);
            if (error == null)
            {
                TscFrequencyHz = hz;
                TscFrequencySource = "PIT";
                return;
            }
            TscFrequencySource = "assumed: " + error;
        }
    }
}
