namespace Tessera.Frame.Time
{
    // A validated UTC calendar date and time of day (proleptic Gregorian calendar, as the
    // RTC and Unix time use), convertible to Unix seconds.
    public readonly struct CalendarTime
    {
        public const int MinYear = 1970;
        public const int MaxYear = 9999;

        private CalendarTime(int year, int month, int day, int hour, int minute, int second)
        {
            Year = year;
            Month = month;
            Day = day;
            Hour = hour;
            Minute = minute;
            Second = second;
        }

        public int Year { get; }
        public int Month { get; }
        public int Day { get; }
        public int Hour { get; }
        public int Minute { get; }
        public int Second { get; }

        // Returns null and the time when every field is in range, else the reason.
        public static string TryCreate(int year, int month, int day, int hour, int minute, int second, out CalendarTime time)
        {
            time = default;
            if (year < MinYear || year > MaxYear) return "year " + year.ToString() + " is out of range";
            if (month < 1 || month > 12) return "month " + month.ToString() + " is out of range";
            if (day < 1 || day > DaysInMonth(year, month)) return "day " + day.ToString() + " is out of range for month " + month.ToString();
            if (hour > 23 || hour < 0) return "hour " + hour.ToString() + " is out of range";
            if (minute > 59 || minute < 0) return "minute " + minute.ToString() + " is out of range";
            // Unix time has no leap seconds; an RTC never shows 60.
            if (second > 59 || second < 0) return "second " + second.ToString() + " is out of range";
            time = new CalendarTime(year, month, day, hour, minute, second);
            return null;
        }

        public static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

        public static int DaysInMonth(int year, int month)
        {
            if (month == 2) return IsLeapYear(year) ? 29 : 28;
            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        // Seconds since 1970-01-01T00:00:00Z.
        public ulong ToUnixSeconds()
        {
            ulong days = (ulong)(DaysBeforeYear(Year) - DaysBeforeYear(MinYear));
            for (int m = 1; m < Month; m++) days += (ulong)DaysInMonth(Year, m);
            days += (ulong)(Day - 1);
            return ((days * 24 + (ulong)Hour) * 60 + (ulong)Minute) * 60 + (ulong)Second;
        }

        // ISO 8601, e.g. "2026-11-27 02:57:39 UTC".
        public override string ToString() =>
            Year.ToString("D4") + "-" + Month.ToString("D2") + "-" + Day.ToString("D2") + " "
            + Hour.ToString("D2") + ":" + Minute.ToString("D2") + ":" + Second.ToString("D2") + " UTC";

        // Days from 0001-01-01 to the first day of `year`.
        private static long DaysBeforeYear(int year)
        {
            long y = year - 1;
            return y * 365 + y / 4 - y / 100 + y / 400;
        }
    }
}
