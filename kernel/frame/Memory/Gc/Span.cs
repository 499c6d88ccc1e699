using System.Runtime.InteropServices;

namespace Tessera.Frame.Memory.Gc
{
    // A span is a run of pages holding objects of one slot size (a size class), or a single
    // large object. Its header sits at the start of its first page, followed by two bitmaps
    // (allocated slots, marked slots) and then the slots. Each slot begins with the 8-byte
    // object header NativeAOT expects before the MethodTable pointer; the object reference
    // is slot + 8 (MethodTable.BaseSize counts that header).
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct Span
    {
        internal const uint HeaderMagic = 0x4E415053;   // "SPAN"

        public uint Magic;
        public uint PageCount;
        public uint SlotSize;
        public uint SlotCount;
        public uint AllocatedCount;
        public int SizeClass;          // -1 for a large-object span
        public byte* FreeList;         // free slots linked through their first word
        public Span* Next;             // next span in its size class, or in the large list
        public byte* Slots;
        public ulong* AllocatedBits;
        public ulong* MarkBits;

        public bool IsAllocated(uint slot) => (AllocatedBits[slot >> 6] & (1UL << (int)(slot & 63))) != 0;
        public bool IsMarked(uint slot) => (MarkBits[slot >> 6] & (1UL << (int)(slot & 63))) != 0;
        public void SetAllocated(uint slot) => AllocatedBits[slot >> 6] |= 1UL << (int)(slot & 63);
        public void ClearAllocated(uint slot) => AllocatedBits[slot >> 6] &= ~(1UL << (int)(slot & 63));
        public void SetMarked(uint slot) => MarkBits[slot >> 6] |= 1UL << (int)(slot & 63);
        public uint BitmapWords => (SlotCount + 63) / 64;
        public byte* SlotAddress(uint slot) => Slots + (ulong)slot * SlotSize;
    }
}
