using System;
using System.Buffers.Binary;

namespace Tessera.Cli.Image.Uefi
{
    // A minimal PVH kernel ELF for tests of the UEFI application: one PT_LOAD (32 file bytes,
    // 0x2800 bytes in memory, so part of it is bss) and, optionally, a PT_NOTE with the
    // kernel's 64-bit entry note ("Tessera", KernelImage.Entry64NoteType). Never meant to run: the tests check what the builder and the loader
    // stub do with it (e.g. a load address the firmware cannot give).
    internal static class SyntheticPvhKernel
    {
        public static byte[] Elf(ulong loadAddress = 0x100000, uint entry = 0x100000, bool note = true, ushort machine = 62)
        {
            var elf = new byte[0x200];
            Span<byte> e = elf;
            e[0] = 0x7F; e[1] = (byte)'E'; e[2] = (byte)'L'; e[3] = (byte)'F'; e[4] = 2; e[5] = 1; e[6] = 1;
            BinaryPrimitives.WriteUInt16LittleEndian(e[16..], 2);
            BinaryPrimitives.WriteUInt16LittleEndian(e[18..], machine);
            BinaryPrimitives.WriteUInt64LittleEndian(e[24..], entry);
            BinaryPrimitives.WriteUInt64LittleEndian(e[32..], 64);      // program headers right after the header
            BinaryPrimitives.WriteUInt16LittleEndian(e[54..], 56);
            BinaryPrimitives.WriteUInt16LittleEndian(e[56..], (ushort)(note ? 2 : 1));
            Span<byte> load = e[64..];
            BinaryPrimitives.WriteUInt32LittleEndian(load, 1);
            BinaryPrimitives.WriteUInt64LittleEndian(load[8..], 0x100);
            BinaryPrimitives.WriteUInt64LittleEndian(load[16..], loadAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(load[24..], loadAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(load[32..], 32);
            BinaryPrimitives.WriteUInt64LittleEndian(load[40..], 0x2800);
            for (int i = 0; i < 32; i++) e[0x100 + i] = 0xF4;               // hlt
            if (note)
            {
                Span<byte> ph = e[120..];
                BinaryPrimitives.WriteUInt32LittleEndian(ph, 4);
                BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], 0x180);
                BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], 28);
                Span<byte> n = e[0x180..];
                BinaryPrimitives.WriteUInt32LittleEndian(n, 8);
                BinaryPrimitives.WriteUInt32LittleEndian(n[4..], 8);
                BinaryPrimitives.WriteUInt32LittleEndian(n[8..], Tessera.TdShim.Payload.KernelImage.Entry64NoteType);
                "Tessera\0"u8.CopyTo(n[12..]);
                BinaryPrimitives.WriteUInt64LittleEndian(n[20..], entry);
            }
            return elf;
        }
    }
}
