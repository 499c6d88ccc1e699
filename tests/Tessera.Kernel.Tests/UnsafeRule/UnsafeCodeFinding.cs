namespace Tessera.Kernel.Tests.UnsafeRule
{
    // Something in a source file that only compiles in an unsafe context.
    public readonly record struct UnsafeCodeFinding(string File, int Line, string What)
    {
        public override string ToString() => File + ":" + Line + ": " + What;
    }
}
