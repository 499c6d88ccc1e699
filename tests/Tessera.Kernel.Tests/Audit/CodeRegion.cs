namespace Tessera.Kernel.Tests.Audit
{
    // Bytes to disassemble and the address the first one is loaded at. A region that holds
    // only frame functions (the boot stub's own section) owns its gaps too: they are the
    // frame's data and padding, such as the boot GDT, whose bytes can decode as iretd.
    public sealed record CodeRegion(string Name, ulong Address, byte[] Bytes, bool FrameOnly = false)
    {
        public ulong End => Address + (ulong)Bytes.Length;
    }
}
