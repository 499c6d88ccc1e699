namespace Tessera.Frame.Time
{
    // The raw CMOS RTC time registers (MC146818 layout, as on every PC): index 0x00 seconds,
    // 0x02 minutes, 0x04 hours, 0x07 day of month, 0x08 month, 0x09 year (two digits),
    // 0x0B status register B; the century, when present, is at the CMOS index the ACPI FADT
    // names (ACPI 6.5 §5.2.9, CENTURY). Values are BCD or binary as status B says.
    public readonly struct RtcRegisters
    {
        public RtcRegisters(byte seconds, byte minutes, byte hours, byte day, byte month, byte year, byte century, bool hasCentury, byte statusB)
        {
            Seconds = seconds;
            Minutes = minutes;
            Hours = hours;
            Day = day;
            Month = month;
            Year = year;
            Century = century;
            HasCentury = hasCentury;
            StatusB = statusB;
        }

        public byte Seconds { get; }
        public byte Minutes { get; }
        public byte Hours { get; }
        public byte Day { get; }
        public byte Month { get; }
        public byte Year { get; }
        public byte Century { get; }
        public bool HasCentury { get; }
        public byte StatusB { get; }

        public bool SameAs(RtcRegisters other) =>
            Seconds == other.Seconds && Minutes == other.Minutes && Hours == other.Hours && Day == other.Day
            && Month == other.Month && Year == other.Year && Century == other.Century
            && HasCentury == other.HasCentury && StatusB == other.StatusB;
    }
}
