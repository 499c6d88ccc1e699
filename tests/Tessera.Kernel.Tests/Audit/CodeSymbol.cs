namespace Tessera.Kernel.Tests.Audit
{
    // A named address range of code: [Start, End). Ranges may overlap (aliases, nested labels).
    public sealed record CodeSymbol(string Name, ulong Start, ulong End);
}
