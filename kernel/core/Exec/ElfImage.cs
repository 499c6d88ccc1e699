using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Exec
{
    // An x86-64 ELF executable or shared object as execve sees it, parsed from untrusted
    // bytes. Layouts: the System V gABI "ELF-64 Object File Format" (header 64 bytes, program
    // headers 56 bytes). Anything malformed is ENOEXEC with a reason, as Linux refuses it.
    public sealed class ElfImage
    {
        private const int HeaderSize = 64, ProgramHeaderSize = 56, MaxProgramHeaders = 256;
        private const uint PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6, PT_TLS = 7, PT_GNU_STACK = 0x6474e551;
        private const ushort ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62;
        private const ulong UserLimit = 0x0000_8000_0000_0000;
        private const int MaxInterpreterPath = 4096;

        private ElfImage() { }

        public bool IsPositionIndependent { get; private set; }
        public ulong Entry { get; private set; }
        public ulong ProgramHeaderOffset { get; private set; }
        public ushort ProgramHeaderCount { get; private set; }
        public string Interpreter { get; private set; }        // PT_INTERP, or null for static
        public bool ExecutableStack { get; private set; }
        public ulong TlsSize { get; private set; }
        public List<ElfSegment> Segments { get; } = new List<ElfSegment>();

        // Lowest and highest address the loadable segments cover (before any load bias).
        public ulong LowestAddress { get; private set; }
        public ulong HighestAddress { get; private set; }

        public static Errno TryParse(System.ReadOnlySpan<byte> file, out ElfImage image, out string reason)
        {
            image = null;
            reason = Check(file, out ElfImage parsed);
            if (reason != null) return Errno.ENOEXEC;
            image = parsed;
            return Errno.None;
        }

        private static string Check(System.ReadOnlySpan<byte> f, out ElfImage image)
        {
            image = new ElfImage();
            if (f.Length < HeaderSize) return "file shorter than an ELF header";
            if (f[0] != 0x7F || f[1] != (byte)'E' || f[2] != (byte)'L' || f[3] != (byte)'F') return "not an ELF file";
            if (f[4] != 2) return "not a 64-bit ELF file";
            if (f[5] != 1) return "not little-endian";
            if (f[6] != 1) return "unknown ELF version";
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(f.Slice(16));
            if (type != ET_EXEC && type != ET_DYN) return "not an executable or shared object (e_type " + type.ToString() + ")";
            if (BinaryPrimitives.ReadUInt16LittleEndian(f.Slice(18)) != EM_X86_64) return "not an x86-64 binary";
            image.IsPositionIndependent = type == ET_DYN;
            image.Entry = BinaryPrimitives.ReadUInt64LittleEndian(f.Slice(24));
            ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(f.Slice(32));
            ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(f.Slice(54));
            ushort phnum = BinaryPrimitives.ReadUInt16LittleEndian(f.Slice(56));
            if (phentsize != ProgramHeaderSize) return "unexpected program header size " + phentsize.ToString();
            if (phnum == 0 || phnum > MaxProgramHeaders) return "program header count " + phnum.ToString() + " out of range";
            if (phoff > (ulong)f.Length || (ulong)phnum * ProgramHeaderSize > (ulong)f.Length - phoff) return "program headers extend past the end of the file";
            image.ProgramHeaderOffset = phoff;
            image.ProgramHeaderCount = phnum;

            ulong lowest = ulong.MaxValue, highest = 0;
            for (int i = 0; i < phnum; i++)
            {
                System.ReadOnlySpan<byte> ph = f.Slice((int)phoff + i * ProgramHeaderSize, ProgramHeaderSize);
                uint kind = BinaryPrimitives.ReadUInt32LittleEndian(ph);
                uint flags = BinaryPrimitives.ReadUInt32LittleEndian(ph.Slice(4));
                ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(8));
                ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(16));
                ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(32));
                ulong memsz = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(40));
                ulong align = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(48));
                string where = "program header " + i.ToString() + ": ";
                switch (kind)
                {
                    case PT_LOAD:
                        if (filesz > memsz) return where + "file size exceeds memory size";
                        if (offset > (ulong)f.Length || filesz > (ulong)f.Length - offset) return where + "segment extends past the end of the file";
                        if (memsz == 0) break;
                        if (vaddr >= UserLimit || memsz > UserLimit - vaddr) return where + "segment outside the user address space";
                        if (align > 1 && ((align & (align - 1)) != 0 || (vaddr - offset) % align != 0)) return where + "bad alignment";
                        if (image.Segments.Count > 0 && vaddr < image.Segments[image.Segments.Count - 1].VirtualAddress)
                            return where + "load segments are not in ascending order";
                        image.Segments.Add(new ElfSegment(vaddr, memsz, offset, filesz, align, (flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0));
                        if (vaddr < lowest) lowest = vaddr;
                        if (vaddr + memsz > highest) highest = vaddr + memsz;
                        break;
                    case PT_INTERP:
                        if (image.Interpreter != null) return where + "two interpreters";
                        if (filesz < 2 || filesz > MaxInterpreterPath || offset > (ulong)f.Length || filesz > (ulong)f.Length - offset)
                            return where + "bad interpreter path";
                        System.ReadOnlySpan<byte> path = f.Slice((int)offset, (int)filesz);
                        if (path[path.Length - 1] != 0 || path.Slice(0, path.Length - 1).IndexOf((byte)0) >= 0)
                            return where + "interpreter path is not one NUL-terminated string";
                        image.Interpreter = System.Text.Encoding.UTF8.GetString(path.Slice(0, path.Length - 1));
                        break;
                    case PT_GNU_STACK:
                        image.ExecutableStack = (flags & 1) != 0;
                        break;
                    case PT_TLS:
                        image.TlsSize = memsz;
                        break;
                    case PT_PHDR:
                        break;
                }
            }
            if (image.Segments.Count == 0) return "no loadable segments";
            image.LowestAddress = lowest;
            image.HighestAddress = highest;
            if (!image.IsPositionIndependent && (image.Entry < lowest || image.Entry >= highest)) return "entry point outside the loaded segments";
            if (image.IsPositionIndependent && image.Entry >= highest) return "entry point outside the loaded segments";
            return null;
        }
    }
}
