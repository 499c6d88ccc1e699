using Tessera.Frame.Time;

namespace Tessera.Kernel.Tests.Platform
{
    public sealed class TimeTests
    {
        private const byte Binary24 = 0b110, Bcd24 = 0b010, Bcd12 = 0b000, Binary12 = 0b100;

        private static RtcRegisters Raw(byte s, byte m, byte h, byte d, byte mo, byte y, byte statusB, byte century = 0, bool hasCentury = false) =>
            new RtcRegisters(s, m, h, d, mo, y, century, hasCentury, statusB);

        [Fact]
        public void DecodesBcdAndBinary()
        {
            Assert.Null(RtcDecoder.TryDecode(Raw(0x39, 0x57, 0x02, 0x27, 0x11, 0x26, Bcd24, 0x20, true), out CalendarTime bcd));
            Assert.Equal("2026-11-27 02:57:39 UTC", bcd.ToString());
            Assert.Null(RtcDecoder.TryDecode(Raw(39, 57, 2, 27, 11, 26, Binary24, 20, true), out CalendarTime binary));
            Assert.Equal(bcd.ToUnixSeconds(), binary.ToUnixSeconds());
            Assert.Equal(1795748259UL, bcd.ToUnixSeconds());
        }

        [Theory]
        [InlineData(0x12, Bcd12, 0)]          // 12 AM is midnight
        [InlineData(0x92, Bcd12, 12)]         // 12 PM is noon
        [InlineData(0x81, Bcd12, 13)]
        [InlineData(0x11, Bcd12, 11)]
        [InlineData(0x8B, Binary12, 23)]
        [InlineData(0x23, Bcd24, 23)]
        public void DecodesTwelveAndTwentyFourHourClocks(byte hours, byte statusB, int expected)
        {
            byte year = (statusB & 0b100) != 0 ? (byte)24 : (byte)0x24;
            Assert.Null(RtcDecoder.TryDecode(Raw(0, 0, hours, 1, 1, year, statusB), out CalendarTime time));
            Assert.Equal(expected, time.Hour);
            Assert.Equal(2024, time.Year);
        }

        [Fact]
        public void CenturyRegisterIsUsedAndValidated()
        {
            Assert.Null(RtcDecoder.TryDecode(Raw(0, 0, 0, 1, 1, 0x99, Bcd24, 0x19, true), out CalendarTime time));
            Assert.Equal(1999, time.Year);
            Assert.Equal("RTC century 0x5a is not valid BCD", RtcDecoder.TryDecode(Raw(0, 0, 0, 1, 1, 0x99, Bcd24, 0x5A, true), out _));
            Assert.Equal("RTC century 5 is out of range", RtcDecoder.TryDecode(Raw(0, 0, 0, 1, 1, 0x99, Bcd24, 0x05, true), out _));
        }

        [Fact]
        public void NonsenseIsAnErrorNeverADate()
        {
            Assert.Equal("RTC seconds 0x7a are not valid BCD", RtcDecoder.TryDecode(Raw(0x7A, 0, 0, 1, 1, 0x24, Bcd24), out _));
            Assert.Equal("RTC month 13 is out of range", RtcDecoder.TryDecode(Raw(0, 0, 0, 1, 13, 24, Binary24), out _));
            Assert.Equal("RTC day 30 is out of range for month 2", RtcDecoder.TryDecode(Raw(0, 0, 0, 0x30, 0x02, 0x24, Bcd24), out _));
            Assert.Equal("RTC day 0 is out of range for month 1", RtcDecoder.TryDecode(Raw(0, 0, 0, 0, 1, 0x24, Bcd24), out _));
            Assert.Equal("RTC hour 24 is out of range", RtcDecoder.TryDecode(Raw(0, 0, 24, 1, 1, 24, Binary24), out _));
            Assert.Equal("RTC 12-hour clock shows hour 0", RtcDecoder.TryDecode(Raw(0, 0, 0, 1, 1, 0x24, Bcd12), out _));
            Assert.Equal("RTC year 200 has more than two digits", RtcDecoder.TryDecode(Raw(0, 0, 0, 1, 1, 200, Binary24), out _));
            Assert.Equal("RTC second 60 is out of range", RtcDecoder.TryDecode(Raw(60, 0, 0, 1, 1, 24, Binary24), out _));
            // Every byte value in every field: an error or a valid time, never an exception.
            for (int v = 0; v < 256; v++)
            {
                byte b = (byte)v;
                foreach (byte statusB in new[] { Binary24, Bcd24, Bcd12, Binary12 })
                {
                    RtcDecoder.TryDecode(Raw(b, 0, 1, 1, 1, 0x24, statusB), out _);
                    RtcDecoder.TryDecode(Raw(0, b, 1, 1, 1, 0x24, statusB), out _);
                    RtcDecoder.TryDecode(Raw(0, 0, b, 1, 1, 0x24, statusB), out _);
                    RtcDecoder.TryDecode(Raw(0, 0, 1, b, 1, 0x24, statusB), out _);
                    RtcDecoder.TryDecode(Raw(0, 0, 1, 1, b, 0x24, statusB), out _);
                    RtcDecoder.TryDecode(Raw(0, 0, 1, 1, 1, b, statusB), out _);
                    RtcDecoder.TryDecode(Raw(0, 0, 1, 1, 1, 0x24, statusB, b, true), out _);
                }
            }
        }

        [Fact]
        public void UnixSecondsMatchDotNet()
        {
            var random = new System.Random(7);
            for (int i = 0; i < 2000; i++)
            {
                var expected = System.DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(0, 253402300799));
                Assert.Null(CalendarTime.TryCreate(expected.Year, expected.Month, expected.Day, expected.Hour, expected.Minute, expected.Second, out CalendarTime time));
                Assert.Equal((ulong)expected.ToUnixTimeSeconds(), time.ToUnixSeconds());
            }
            Assert.Null(CalendarTime.TryCreate(2000, 2, 29, 0, 0, 0, out _));
            Assert.Equal("day 29 is out of range for month 2", CalendarTime.TryCreate(2100, 2, 29, 0, 0, 0, out _));
        }

        [Theory]
        [InlineData(0x14u, 2u, 100u, 25_000_000u, 0u, 0ul)]                 // leaf 0x15 not available
        [InlineData(0x16u, 2u, 176u, 24_000_000u, 0u, 2_112_000_000ul)]     // crystal * ratio
        [InlineData(0x16u, 2u, 176u, 0u, 2100u, 2_100_000_000ul)]           // no crystal: base frequency
        [InlineData(0x15u, 2u, 176u, 0u, 2100u, 0ul)]                       // ...but only if leaf 0x16 exists
        [InlineData(0x16u, 0u, 176u, 24_000_000u, 0u, 0ul)]                 // no ratio
        [InlineData(0x16u, 1u, 1u, 1000u, 0u, 0ul)]                         // implausibly slow
        [InlineData(0x16u, 1u, 4000u, 25_000_000u, 0u, 0ul)]                // implausibly fast (100 GHz)
        public void TscFrequencyFromCpuidLeaves(uint maxLeaf, uint denominator, uint numerator, uint crystal, uint baseMhz, ulong expected)
        {
            Assert.Equal(expected, TscFrequencyFromCpuid.Compute(maxLeaf, denominator, numerator, crystal, baseMhz));
        }

        [Fact]
        public void TscConversionIsExactAndMonotonic()
        {
            Assert.Equal(1_000_000_000UL, TscConversion.ToNanoseconds(2_500_000_000, 2_500_000_000));
            Assert.Equal(400UL, TscConversion.ToNanoseconds(1000, 2_500_000_000));
            // Near the top of the range: 50 years of uptime at 10 GHz does not overflow.
            ulong hz = TscFrequencyFromCpuid.MaxPlausibleHz;
            ulong ticks = 50UL * 365 * 86400 * hz;
            Assert.Equal(ticks / hz * 1_000_000_000, TscConversion.ToNanoseconds(ticks, hz));
            ulong previous = 0;
            for (ulong t = 0; t < 100_000; t += 7)
            {
                ulong ns = TscConversion.ToNanoseconds(t, 3_000_000_007);
                Assert.True(ns >= previous);
                previous = ns;
            }
        }

        [Fact]
        public void MedianIgnoresOutliers()
        {
            Assert.Equal(300UL, SampleStatistics.Median(new ulong[] { 300, 1, 299, 100000, 301 }, 5));
            Assert.Equal(2UL, SampleStatistics.Median(new ulong[] { 3, 2, 1, 4 }, 4));
            Assert.Equal(0UL, SampleStatistics.Median(new ulong[3], 0));
            Assert.Equal(0UL, SampleStatistics.Median(new ulong[3], 4));
        }
    }
}
