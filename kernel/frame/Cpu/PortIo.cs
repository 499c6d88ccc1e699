namespace Tessera.Frame.Cpu
{
    // Every access to an I/O port goes through here. On a normal VM these are in/out
    // instructions; inside a TD each one traps to the TDX module (#VE) and must become a
    // TDVMCALL to the host, which the TDX work adds in this one place.
    internal static class PortIo
    {
        internal static byte In8(ushort port) => NativeStubs.InByte(port);
        internal static ushort In16(ushort port) => NativeStubs.InWord(port);
        internal static uint In32(ushort port) => NativeStubs.InDword(port);
        internal static void Out8(ushort port, byte value) => NativeStubs.OutByte(port, value);
        internal static void Out16(ushort port, ushort value) => NativeStubs.OutWord(port, value);
        internal static void Out32(ushort port, uint value) => NativeStubs.OutDword(port, value);
    }
}
