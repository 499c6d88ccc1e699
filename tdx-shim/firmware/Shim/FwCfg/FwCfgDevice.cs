using System;
using System.Buffers.Binary;
using Tessera.TdShim.Machine.Hardware;

namespace Tessera.TdShim.FwCfg
{
    // QEMU's firmware configuration device through its I/O ports (x86: selector 0x510, data 0x511, one byte per
    // read). Normal VM only.
    public static class FwCfgDevice
    {
        private const ushort SelectorPort = 0x510;
        private const ushort DataPort = 0x511;
        private const ushort SignatureKey = 0x00;
        public const ushort CpuCountKey = 0x05;     // FW_CFG_NB_CPUS, u16 little-endian

        public static bool IsPresent()
        {
            Span<byte> signature = stackalloc byte[4];
            Read(SignatureKey, signature);
            return signature[0] == (byte)'Q' && signature[1] == (byte)'E' && signature[2] == (byte)'M' && signature[3] == (byte)'U';
        }

        public static ushort ReadUInt16(ushort key)
        {
            Span<byte> value = stackalloc byte[2];
            Read(key, value);
            return BinaryPrimitives.ReadUInt16LittleEndian(value);
        }

        /// <summary>Selects <paramref name="key"/> and reads target.Length bytes from its start.</summary>
        public static void Read(ushort key, Span<byte> target)
        {
            Ports.Out16(SelectorPort, key);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = Ports.In8(DataPort);
            }
        }

        /// <summary>Reads the named file (at most <paramref name="maximumSize"/> bytes), or says why not.</summary>
        public static bool TryReadFile(string name, int maximumSize, out byte[] contents, out string error)
        {
            contents = new byte[0];
            byte[] header = new byte[4];
            Read(FwCfgDirectory.Selector, header);
            if (!FwCfgDirectory.TryReadCount(header, out int count, out error)) return false;
            byte[] directory = new byte[4 + count * FwCfgDirectory.EntrySize];
            Read(FwCfgDirectory.Selector, directory);
            if (!FwCfgDirectory.TryFind(new ReadOnlySpan<byte>(directory).Slice(4), name, out ushort select, out uint size))
            {
                error = $"fw_cfg has no file {name}";
                return false;
            }
            if (size > (uint)maximumSize)
            {
                error = $"fw_cfg file {name} is {size} bytes, more than {maximumSize}";
                return false;
            }
            contents = new byte[size];
            Read(select, contents);
            error = "";
            return true;
        }
    }
}
