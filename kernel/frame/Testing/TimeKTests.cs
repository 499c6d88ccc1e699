using Tessera.Frame.Time;

namespace Tessera.Frame.Testing
{
    // In-kernel tests of the clocks. Under TCG the guest is slow and jittery, so tolerances
    // are whole seconds: the point is to catch a wrong TSC frequency, not to measure drift.
    public static class TimeKTests
    {
        [KTest]
        public static void RtcGivesAPlausibleDate()
        {
            KAssert.True(Clock.HasWallClock, "the RTC was read at boot (" + (Clock.RtcError ?? "") + ")");
            string error = Clock.ReadRtc(out CalendarTime now);
            KAssert.True(error == null, "the RTC reads now (" + (error ?? "") + ")");
            KAssert.True(now.Year >= 2024, "the RTC's year " + now.Year.ToString() + " is 2024 or later");
        }

        [KTest]
        public static void TscFrequencyIsKnown()
        {
            KAssert.True(Clock.TscFrequencySource == "CPUID" || Clock.TscFrequencySource == "PIT", "TSC frequency source is " + Clock.TscFrequencySource);
            KAssert.True(Clock.TscFrequencyHz >= 10_000_000 && Clock.TscFrequencyHz <= 10_000_000_000,
                "TSC frequency " + Clock.TscFrequencyHz.ToString() + " Hz is plausible");
        }

        [KTest]
        public static void MonotonicClockNeverGoesBack()
        {
            ulong first = Clock.MonotonicNanoseconds;
            ulong previous = first;
            bool backwards = false;
            for (int i = 0; i < 10000; i++)
            {
                ulong now = Clock.MonotonicNanoseconds;
                if (now < previous) backwards = true;
                previous = now;
            }
            KAssert.False(backwards, "monotonic time never decreased");
            KAssert.True(previous > first, "monotonic time advanced");
        }

        [KTest]
        public static void ClockAgreesWithTheRtcOverTwoSeconds()
        {
            // Start on an RTC second boundary, so a correct clock sees exactly 2 RTC seconds.
            if (!WaitForRtcTick(out ulong start)) return;
            ulong until = Clock.MonotonicNanoseconds + 2 * TscConversion.NanosecondsPerSecond;
            while (Clock.MonotonicNanoseconds < until) { }
            string error = Clock.ReadRtc(out CalendarTime end);
            KAssert.True(error == null, "the RTC reads after the wait (" + (error ?? "") + ")");
            ulong elapsed = end.ToUnixSeconds() - start;
            KAssert.True(elapsed >= 1 && elapsed <= 3, "2 s by the monotonic clock took " + elapsed.ToString() + " s by the RTC");

            ulong unix = Clock.UnixTimeNanoseconds / TscConversion.NanosecondsPerSecond;
            ulong rtc = end.ToUnixSeconds();
            KAssert.True(unix + 2 >= rtc && unix <= rtc + 2, "Unix time " + unix.ToString() + " is within 2 s of the RTC's " + rtc.ToString());
        }

        // Waits (at most ~3 s by the monotonic clock) for the RTC's seconds to change.
        private static bool WaitForRtcTick(out ulong seconds)
        {
            seconds = 0;
            string error = Clock.ReadRtc(out CalendarTime first);
            if (error != null)
            {
                KAssert.Fail("the RTC reads: " + error);
                return false;
            }
            ulong deadline = Clock.MonotonicNanoseconds + 3 * TscConversion.NanosecondsPerSecond;
            while (Clock.MonotonicNanoseconds < deadline)
            {
                if (Clock.ReadRtc(out CalendarTime now) == null && now.ToUnixSeconds() != first.ToUnixSeconds())
                {
                    seconds = now.ToUnixSeconds();
                    return true;
                }
            }
            KAssert.Fail("the RTC's seconds did not change within 3 s of monotonic time");
            return false;
        }
    }
}
