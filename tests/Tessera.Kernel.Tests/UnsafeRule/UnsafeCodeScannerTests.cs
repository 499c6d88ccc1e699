using System.Collections.Generic;
using System.Linq;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // Each construct that needs an unsafe context is recognized, and safe look-alikes
    // (multiplication, Span stackalloc) are left alone.
    public sealed class UnsafeCodeScannerTests
    {
        private static List<string> Findings(string source) =>
            UnsafeCodeScanner.Scan("Sample.cs", source).Select(f => f.What).ToList();

        [Theory]
        [InlineData("class C { void M() { unsafe { } } }", "`unsafe` keyword")]
        [InlineData("class C { void M(byte[] a) { fixed (byte* p = a) { } } }", "`fixed (` statement")]
        [InlineData("struct S { fixed byte B[4]; }", "fixed-size buffer")]
        [InlineData("class C { void M() { int* p = stackalloc int[4]; } }", "stackalloc of a pointer type")]
        [InlineData("class C { void M() { var p = stackalloc int[4]; } }", "stackalloc of a pointer type")]
        [InlineData("class C { void M(void* p) { } }", "pointer type `void*`")]
        [InlineData("class C { delegate*<void> F; }", "function pointer `delegate*`")]
        [InlineData("class C { void M() { Node* n = null; } }", "pointer type `Node*`")]
        [InlineData("class C { private A.Node* _n; }", "pointer type `Node*`")]
        [InlineData("class C { object M(nint a) { return (Node*)a; } }", "pointer cast `Node*`")]
        [InlineData("class C { void M() { n->Next = null; } }", "pointer member access `->`")]
        [InlineData("class C { void M() { *p = 1; } }", "pointer indirection")]
        public void FlagsConstructsThatNeedUnsafe(string source, string expected)
        {
            Assert.Contains(expected, Findings(source));
        }

        [Theory]
        [InlineData("class C { int M(int a, int b) { int c = a * b; return c * 2; } }")]
        [InlineData("class C { int M(int a, int b) { return (a * b); } }")]
        [InlineData("class C { long M() { return int.MaxValue * 2L; } }")]
        [InlineData("class C { void M() { System.Span<int> s = stackalloc int[4]; } }")]
        [InlineData("class C { int M(int[] a) => a.Length * sizeof(int); }")]
        [InlineData("class C { string S = $\"{1 * 2} unsafe\"; }")]
        public void LeavesSafeCodeAlone(string source)
        {
            Assert.Empty(Findings(source));
        }

        [Fact]
        public void ReportsTheLineOfEachFinding()
        {
            IReadOnlyList<UnsafeCodeFinding> findings = UnsafeCodeScanner.Scan("K.cs", "class C\n{\n    // unsafe\n    unsafe void M() { }\n}\n");
            Assert.Equal("K.cs:4: `unsafe` keyword", Assert.Single(findings).ToString());
        }
    }
}
