namespace Tessera.TdShim.Machine.Hardware
{
    // Port I/O for the normal-VM path (serial console, fw_cfg). In a TD port I/O would raise #VE, which the shim
    // does not handle: the TD path must not call these (see docs/tdx-shim.md).
    public static class Ports
    {
        public static byte In8(ushort port) => NativeStubs.InByte(port);

        public static void Out8(ushort port, byte value) => NativeStubs.OutByte(port, value);

        public static void Out16(ushort port, ushort value) => NativeStubs.OutWord(port, value);
    }
}
