using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.TdShim.Payload;

namespace Tessera.TdShim.Tests;

public class KernelImageTests
{
    private const ulong Limit = 0x4000_0000;

    // The notes of a minimal kernel: the Xen PVH note (which the shim does not use) then our 64-bit entry note.
    private const int XenNoteSize = 20, TesseraNoteSize = 28, NotesSize = XenNoteSize + TesseraNoteSize;

    // A minimal kernel: ELF header, program headers (PT_LOAD per segment, PT_NOTE), notes, segment bytes.
    internal static byte[] Kernel(ulong entry = 0x100040, params (ulong Paddr, int FileSize, ulong MemSize)[] segments)
    {
        if (segments.Length == 0) segments = new[] { (0x100000UL, 0x100, 0x100UL), (0x200000UL, 0x80, 0x2000UL) };
        int phnum = segments.Length + 1;
        int noteOffset = 64 + phnum * 56;
        int dataOffset = noteOffset + NotesSize;
        int size = dataOffset;
        foreach (var s in segments) size += s.FileSize;
        byte[] elf = new byte[size];
        Span<byte> e = elf;
        e[0] = 0x7F; e[1] = (byte)'E'; e[2] = (byte)'L'; e[3] = (byte)'F'; e[4] = 2; e[5] = 1; e[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(16), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(18), 62);
        BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(32), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(54), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(56), (ushort)phnum);
        int at = dataOffset;
        for (int i = 0; i < segments.Length; i++)
        {
            Span<byte> ph = e.Slice(64 + i * 56);
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(8), (ulong)at);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(16), 0xFFFF_FFFF_8000_0000 + segments[i].Paddr);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(24), segments[i].Paddr);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(32), (ulong)segments[i].FileSize);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(40), segments[i].MemSize);
            for (int j = 0; j < segments[i].FileSize; j++) elf[at + j] = (byte)(i + 1);
            at += segments[i].FileSize;
        }
        Span<byte> note = e.Slice(64 + segments.Length * 56);
        BinaryPrimitives.WriteUInt32LittleEndian(note, 4);
        BinaryPrimitives.WriteUInt64LittleEndian(note.Slice(8), (ulong)noteOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(note.Slice(32), NotesSize);
        Span<byte> n = e.Slice(noteOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(n, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(n.Slice(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(n.Slice(8), 18);
        "Xen\0"u8.CopyTo(n.Slice(12));
        BinaryPrimitives.WriteUInt32LittleEndian(n.Slice(16), 0x100000);
        Span<byte> t = e.Slice(noteOffset + XenNoteSize);
        BinaryPrimitives.WriteUInt32LittleEndian(t, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(t.Slice(4), 8);
        BinaryPrimitives.WriteUInt32LittleEndian(t.Slice(8), KernelImage.Entry64NoteType);
        "Tessera\0"u8.CopyTo(t.Slice(12));
        BinaryPrimitives.WriteUInt64LittleEndian(t.Slice(20), entry);
        return elf;
    }

    // Offsets into Kernel()'s bytes with the default two segments (three program headers).
    private const int NoteSegmentHeader = 64 + 2 * 56, Notes = 64 + 3 * 56, TesseraNote = Notes + XenNoteSize;

    [Fact]
    public void SegmentsAndThe64BitEntryAreRead()
    {
        Assert.True(KernelImage.TryParse(Kernel(), Limit, out KernelImage? image, out string error), error);
        Assert.Equal(0x100040UL, image!.Entry64);
        Assert.Equal(2, image.Segments.Count);
        Assert.Equal(0x200000UL, image.Segments[1].PhysicalAddress);
        Assert.Equal(0x2000UL, image.Segments[1].MemorySize);
        Assert.Equal(0x80UL, image.Segments[1].FileSize);
    }

    [Fact]
    public void EveryTruncationIsAnErrorNotACrash()
    {
        byte[] kernel = Kernel();
        for (int length = 0; length < kernel.Length; length++)
            Assert.False(KernelImage.TryParse(kernel.AsSpan(0, length), Limit, out _, out _));
    }

    [Fact]
    public void MalformedKernelsAreRejectedWithAReason()
    {
        Check(Mutate(Kernel(), k => k[1] = (byte)'X'), "not an ELF file");
        Check(Mutate(Kernel(), k => k[4] = 1), "ELF64");
        Check(Mutate(Kernel(), k => k[16] = 3), "ET_EXEC");
        Check(Mutate(Kernel(), k => BinaryPrimitives.WriteUInt16LittleEndian(k.AsSpan(56), 1000)), "program headers");
        Check(Mutate(Kernel(), k => BinaryPrimitives.WriteUInt64LittleEndian(k.AsSpan(64 + 8), 1 << 30)), "outside the");
        Check(Mutate(Kernel(), k => BinaryPrimitives.WriteUInt64LittleEndian(k.AsSpan(64 + 40), 0x10)), "malformed");    // file > memory
        Check(Kernel(0x100000, (0x100000, 0x10, 0x10), (0x3FFF_F000, 0x10, 0x2000)), "malformed or above");
        Check(Kernel(0x100000, (0x100000, 0x10, 0x2000), (0x101000, 0x10, 0x10)), "overlap");
        Check(Kernel(0x900000), "not inside a loaded segment");
        Check(Kernel(0x1_0010_0000), "not inside a loaded segment");
        Check(Kernel(0x100100), "not inside a loaded segment");                  // one past the file bytes
        Check(Kernel(0), "holds address 0");
        Check(Mutate(Kernel(), k => k[TesseraNote + 8] = 17), "no 64-bit entry note");
        Check(Mutate(Kernel(), k => k[TesseraNote + 12] = (byte)'t'), "no 64-bit entry note");   // name must match exactly
        Check(Mutate(Kernel(), k => k[TesseraNote + 4] = 4), "not a UINT64 address");
        Check(Mutate(Kernel(), k => k[TesseraNote + 4] = 200), "runs past its segment");
        Check(Mutate(Kernel(), k => BinaryPrimitives.WriteUInt64LittleEndian(k.AsSpan(NoteSegmentHeader + 8), Notes + 2)), "not 4-byte aligned");
        // The Xen note alone (our note's type changed into a second PVH note) is not enough: the shim needs long mode.
        Check(Mutate(Kernel(), k => { k[TesseraNote + 8] = 18; k[TesseraNote + 9] = 0; k[TesseraNote + 10] = 0; k[TesseraNote + 11] = 0; }), "no 64-bit entry note");
    }

    [Fact]
    public void ASecondEntryNoteIsRejected()
    {
        byte[] kernel = Kernel();
        // Turn the Xen note into a second Tessera note of the same size: namesz 8 needs 28 bytes, so rebuild it.
        byte[] copy = new byte[kernel.Length + TesseraNoteSize];
        Array.Copy(kernel, copy, TesseraNote + TesseraNoteSize);
        Array.Copy(kernel, TesseraNote, copy, TesseraNote + TesseraNoteSize, TesseraNoteSize);
        Array.Copy(kernel, TesseraNote + TesseraNoteSize, copy, TesseraNote + 2 * TesseraNoteSize, kernel.Length - TesseraNote - TesseraNoteSize);
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(NoteSegmentHeader + 32), NotesSize + TesseraNoteSize);
        for (int i = 0; i < 2; i++)
        {
            Span<byte> ph = copy.AsSpan(64 + i * 56);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(8), BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(8)) + TesseraNoteSize);
        }
        Check(copy, "more than one 64-bit entry note");
    }

    [Fact]
    public void TheNoteTypeIsTheKernels()
    {
        Assert.Equal(Tessera.Frame.Native.BootStub.Entry64NoteType, KernelImage.Entry64NoteType);
        Assert.Equal("Tessera", Tessera.Frame.Native.BootStub.Entry64NoteName);
    }

    private static byte[] Mutate(byte[] k, Action<byte[]> change)
    {
        change(k);
        return k;
    }

    private static void Check(byte[] kernel, string expected)
    {
        Assert.False(KernelImage.TryParse(kernel, Limit, out _, out string error));
        Assert.Contains(expected, error);
    }
}
