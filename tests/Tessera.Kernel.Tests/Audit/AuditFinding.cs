using System.Collections.Generic;

namespace Tessera.Kernel.Tests.Audit
{
    // One privileged instruction and the functions its address belongs to (none: padding or
    // code outside every symbol).
    public sealed record AuditFinding(ulong Address, string Mnemonic, string Instruction, IReadOnlyList<string> Functions, string Region)
    {
        public const string OutsideAnyFunction = "outside any function";

        public string Owner => Functions.Count == 0 ? OutsideAnyFunction : string.Join(" = ", Functions);

        public override string ToString() => "0x" + Address.ToString("x16") + " " + Mnemonic + " (" + Instruction + ") in " + Owner + " [" + Region + "]";
    }
}
