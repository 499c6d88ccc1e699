using System;
using System.Buffers.Binary;
using Tessera.TdShim.Layout;

namespace Tessera.TdShim.Build
{
    // The linked shim (an ELF executable at ShimLayout.ProgramBase) flattened into the bytes the reset vector
    // copies from ROM to RAM: file contents from ProgramBase, then zeros up to MemorySize.
    public sealed class ShimProgram
    {
        public ShimProgram(byte[] bytes, ulong memorySize, ulong entry)
        {
            Bytes = bytes;
            MemorySize = memorySize;
            Entry = entry;
        }

        /// <summary>Initialized contents, starting at <see cref="ShimLayout.ProgramBase"/>.</summary>
        public byte[] Bytes { get; }

        /// <summary>Bytes the program occupies in RAM (contents plus zero-initialized data).</summary>
        public ulong MemorySize { get; }

        /// <summary>Address of the C# entry (TesseraShimStart).</summary>
        public ulong Entry { get; }

        public static ShimProgram FromElf(byte[] elf)
        {
            ReadOnlySpan<byte> e = elf;
            if (e.Length < 64 || BinaryPrimitives.ReadUInt32LittleEndian(e) != 0x464C457F || e[4] != 2)
                throw new InvalidOperationException("the linked shim is not an ELF64 file");
            ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(24));
            ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(32));
            int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(e.Slice(54));
            int phnum = BinaryPrimitives.ReadUInt16LittleEndian(e.Slice(56));
            ulong fileEnd = 0, memoryEnd = 0;
            for (int pass = 0; pass < 2; pass++)
            {
                byte[]? bytes = pass == 1 ? new byte[fileEnd] : null;
                for (int i = 0; i < phnum; i++)
                {
                    ReadOnlySpan<byte> ph = e.Slice((int)phoff + i * phentsize, 56);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != 1) continue;   // PT_LOAD
                    ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(8));
                    ulong address = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(24));
                    ulong fileSize = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(32));
                    ulong memorySize = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(40));
                    if (address < ShimLayout.ProgramBase || address + memorySize > ShimLayout.ProgramLimit)
                        throw new InvalidOperationException($"shim segment at 0x{address:X} ({memorySize} bytes) lies outside the program area");
                    ulong at = address - ShimLayout.ProgramBase;
                    if (pass == 0)
                    {
                        if (fileSize > 0) fileEnd = Math.Max(fileEnd, at + fileSize);
                        memoryEnd = Math.Max(memoryEnd, at + memorySize);
                    }
                    else if (fileSize > 0)
                    {
                        e.Slice((int)offset, (int)fileSize).CopyTo(bytes.AsSpan((int)at));
                    }
                }
                if (pass == 1) return new ShimProgram(bytes!, Math.Max(memoryEnd, fileEnd), entry);
            }
            throw new InvalidOperationException("unreachable");
        }
    }
}
