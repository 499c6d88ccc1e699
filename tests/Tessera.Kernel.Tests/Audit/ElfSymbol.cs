namespace Tessera.Kernel.Tests.Audit
{
    // One defined symbol of the static symbol table.
    public sealed record ElfSymbol(string Name, ulong Value, ulong Size, byte Type, byte Binding, ushort SectionIndex)
    {
        public const byte TypeNoType = 0, TypeObject = 1, TypeFunc = 2, TypeSection = 3, TypeFile = 4;

        public bool IsFunction => Type == TypeFunc;
    }
}
