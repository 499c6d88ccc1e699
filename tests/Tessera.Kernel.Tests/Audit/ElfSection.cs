namespace Tessera.Kernel.Tests.Audit
{
    // One section header, with the few fields the audit uses.
    public sealed record ElfSection(int Index, string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link, ulong EntrySize)
    {
        public const uint TypeNull = 0, TypeProgBits = 1, TypeSymTab = 2, TypeStrTab = 3, TypeNoBits = 8;
        public const ulong FlagAlloc = 0x2, FlagExecInstr = 0x4;

        public bool IsExecutable => (Flags & FlagExecInstr) != 0;

        public bool HasFileContents => Type != TypeNoBits && Type != TypeNull;
    }
}
