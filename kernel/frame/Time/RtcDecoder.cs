namespace Tessera.Frame.Time
{
    // Turns raw RTC registers into a calendar time. Status register B (MC146818): bit 2 set
    // means binary values, clear means BCD; bit 1 set means 24-hour mode, clear means 12-hour
    // mode, where bit 7 of the hours register marks PM. The RTC is assumed to keep UTC (as
    // QEMU's default `-rtc base=utc` does). Nonsense values are an error, never a wrong date.
    public static class RtcDecoder
    {
        private const byte StatusBBinary = 1 << 2;
        private const byte StatusB24Hour = 1 << 1;
        private const byte HourPm = 0x80;
        // Without a century register, a two-digit year is taken to be in this century.
        private const int DefaultCentury = 20;

        public static string TryDecode(RtcRegisters raw, out CalendarTime time)
        {
            time = default;
            bool binary = (raw.StatusB & StatusBBinary) != 0;
            bool twentyFourHour = (raw.StatusB & StatusB24Hour) != 0;

            bool pm = !twentyFourHour && (raw.Hours & HourPm) != 0;
            byte hourBits = twentyFourHour ? raw.Hours : (byte)(raw.Hours & ~HourPm);
            if (!TryValue(raw.Seconds, binary, out int second)) return "RTC seconds 0x" + raw.Seconds.ToString("x2") + " are not valid BCD";
            if (!TryValue(raw.Minutes, binary, out int minute)) return "RTC minutes 0x" + raw.Minutes.ToString("x2") + " are not valid BCD";
            if (!TryValue(hourBits, binary, out int hour)) return "RTC hours 0x" + raw.Hours.ToString("x2") + " are not valid BCD";
            if (!TryValue(raw.Day, binary, out int day)) return "RTC day 0x" + raw.Day.ToString("x2") + " is not valid BCD";
            if (!TryValue(raw.Month, binary, out int month)) return "RTC month 0x" + raw.Month.ToString("x2") + " is not valid BCD";
            if (!TryValue(raw.Year, binary, out int year)) return "RTC year 0x" + raw.Year.ToString("x2") + " is not valid BCD";
            if (year > 99) return "RTC year " + year.ToString() + " has more than two digits";

            if (!twentyFourHour)
            {
                // 12-hour clock: 12 AM is midnight (0), 12 PM is noon (12).
                if (hour < 1 || hour > 12) return "RTC 12-hour clock shows hour " + hour.ToString();
                hour = hour % 12 + (pm ? 12 : 0);
            }

            int century = DefaultCentury;
            if (raw.HasCentury)
            {
                if (!TryValue(raw.Century, binary, out century)) return "RTC century 0x" + raw.Century.ToString("x2") + " is not valid BCD";
                if (century < 19 || century > 99) return "RTC century " + century.ToString() + " is out of range";
            }

            string error = CalendarTime.TryCreate(century * 100 + year, month, day, hour, minute, second, out time);
            return error == null ? null : "RTC " + error;
        }

        // One register's value; false for BCD with a nibble above 9.
        private static bool TryValue(byte raw, bool binary, out int value)
        {
            if (binary)
            {
                value = raw;
                return true;
            }
            int high = raw >> 4, low = raw & 0xF;
            value = high * 10 + low;
            return high <= 9 && low <= 9;
        }
    }
}
