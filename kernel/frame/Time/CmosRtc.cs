using Tessera.Frame.Cpu;

namespace Tessera.Frame.Time
{
    // The CMOS real-time clock (MC146818 compatible): write a register index to port 0x70,
    // read its value from port 0x71. While status register A bit 7 (update in progress) is
    // set the time registers may be mid-update, so we wait for it to clear, read everything,
    // and accept the reading only when two consecutive ones agree.
    internal static class CmosRtc
    {
        private const ushort IndexPort = 0x70;
        private const ushort DataPort = 0x71;
        private const byte StatusA = 0x0A;
        private const byte StatusB = 0x0B;
        private const byte UpdateInProgress = 0x80;
        // The update cycle lasts under 2 ms; this many port reads (about 1 µs each on real
        // hardware, a little less under emulation) take far longer, so running out means the
        // device is broken or absent. Small enough that a hostile RTC costs seconds, not minutes.
        private const int MaxUpdateWaitReads = 100_000;
        private const int MaxReadAttempts = 10;

        // `centuryRegister` is the FADT's CMOS index of the century, or 0 for none.
        internal static string TryRead(byte centuryRegister, out CalendarTime time)
        {
            time = default;
            for (int attempt = 0; attempt < MaxReadAttempts; attempt++)
            {
                if (!WaitWhileUpdating()) return "the CMOS RTC never leaves its update cycle";
                RtcRegisters first = ReadRegisters(centuryRegister);
                if (!WaitWhileUpdating()) return "the CMOS RTC never leaves its update cycle";
                RtcRegisters second = ReadRegisters(centuryRegister);
                if (first.SameAs(second)) return RtcDecoder.TryDecode(first, out time);
            }
            return "the CMOS RTC never gave the same time twice in a row";
        }

        private static bool WaitWhileUpdating()
        {
            for (int i = 0; i < MaxUpdateWaitReads; i++)
                if ((Read(StatusA) & UpdateInProgress) == 0) return true;
            return false;
        }

        private static RtcRegisters ReadRegisters(byte centuryRegister)
        {
            // Indexes below 0x0E are the clock's own registers, not a century.
            bool hasCentury = centuryRegister >= 0x0E && centuryRegister < 0x80;
            return new RtcRegisters(Read(0x00), Read(0x02), Read(0x04), Read(0x07), Read(0x08), Read(0x09),
                hasCentury ? Read(centuryRegister) : (byte)0, hasCentury, Read(StatusB));
        }

        private static byte Read(byte index)
        {
            PortIo.Out8(IndexPort, index);
            return PortIo.In8(DataPort);
        }
    }
}
