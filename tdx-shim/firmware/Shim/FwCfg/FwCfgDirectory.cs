using System;
using System.Buffers.Binary;

namespace Tessera.TdShim.FwCfg
{
    // QEMU's fw_cfg file directory (selector 0x19, docs/specs/fw_cfg.rst): big-endian u32 count, then per file
    // { u32 size; u16 select; u16 reserved; char name[56]; }, all big-endian. Host data: bounded and checked.
    public static class FwCfgDirectory
    {
        public const ushort Selector = 0x19;
        public const int EntrySize = 64;
        public const int MaximumFiles = 1024;

        /// <summary>The number of files the directory header declares, if plausible.</summary>
        public static bool TryReadCount(ReadOnlySpan<byte> header, out int count, out string error)
        {
            count = 0;
            uint declared = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (declared > MaximumFiles)
            {
                error = $"fw_cfg directory declares {declared} files, more than {MaximumFiles}";
                return false;
            }
            count = (int)declared;
            error = "";
            return true;
        }

        /// <summary>Finds <paramref name="name"/> in the entries (count * 64 bytes after the header).</summary>
        public static bool TryFind(ReadOnlySpan<byte> entries, string name, out ushort select, out uint size)
        {
            select = 0;
            size = 0;
            for (int i = 0; i + EntrySize <= entries.Length; i += EntrySize)
            {
                ReadOnlySpan<byte> e = entries.Slice(i, EntrySize);
                if (!NameEquals(e.Slice(8, 56), name)) continue;
                size = BinaryPrimitives.ReadUInt32BigEndian(e);
                select = BinaryPrimitives.ReadUInt16BigEndian(e.Slice(4));
                return true;
            }
            return false;
        }

        private static bool NameEquals(ReadOnlySpan<byte> field, string name)
        {
            if (name.Length >= field.Length) return false;
            for (int i = 0; i < name.Length; i++)
            {
                if (field[i] != (byte)name[i]) return false;
            }
            return field[name.Length] == 0;
        }
    }
}
