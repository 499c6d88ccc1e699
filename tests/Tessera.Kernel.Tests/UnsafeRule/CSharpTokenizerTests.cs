using System.Collections.Generic;
using System.Linq;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // The lexer is what keeps the unsafe scan honest: words inside literals and comments
    // must vanish, code inside interpolation holes must not.
    public sealed class CSharpTokenizerTests
    {
        private static List<string> Words(string source) =>
            CSharpTokenizer.Tokenize(source).Where(t => t.Kind == CSharpTokenKind.Identifier).Select(t => t.Text).ToList();

        [Theory]
        [InlineData("a // unsafe\nb")]
        [InlineData("a /* unsafe \n unsafe */ b")]
        [InlineData("a \"unsafe \\\" unsafe\" b")]
        [InlineData("a @\"unsafe \"\" unsafe\" b")]
        [InlineData("a $\"unsafe {{unsafe}}\" b")]
        [InlineData("a $@\"unsafe\n\"\"{{ unsafe\" b")]
        [InlineData("a @$\"unsafe\" b")]
        [InlineData("a \"\"\"\n unsafe \"\" unsafe\n \"\"\" b")]
        [InlineData("a \"\"\"\" unsafe \"\"\" unsafe \"\"\"\" b")]
        [InlineData("a $$\"\"\"{unsafe} {{b}}\"\"\" \"\" ")]
        [InlineData("a 'u' '\\'' '\"' b")]
        [InlineData("#region unsafe\na\n#endregion\nb")]
        [InlineData("a \"unsafe\"u8 b")]
        public void LiteralsAndCommentsHideTheirWords(string source)
        {
            List<string> words = Words(source).Where(w => w != "u8").ToList();
            Assert.DoesNotContain("unsafe", words);
            Assert.Equal("a", words.First());
        }

        [Theory]
        [InlineData("$\"x {unsafe} y\"")]
        [InlineData("$\"x {f(\"}\", unsafe):N2} y\"")]
        [InlineData("$@\"x {unsafe,10}\"")]
        [InlineData("$\"x {$\"{unsafe}\"}\"")]
        [InlineData("$$\"\"\"x {{unsafe}} y\"\"\"")]
        [InlineData("$\"{(a ? b : unsafe)}\"")]
        public void InterpolationHolesAreCode(string source)
        {
            Assert.Contains("unsafe", Words(source));
        }

        [Fact]
        public void VerbatimIdentifiersAreNotKeywords()
        {
            CSharpToken token = Assert.Single(CSharpTokenizer.Tokenize("@unsafe"));
            Assert.Equal(CSharpTokenKind.VerbatimIdentifier, token.Kind);
            Assert.Equal("unsafe", token.Text);
        }

        [Fact]
        public void LinesAreCountedThroughMultiLineLiterals()
        {
            const string source = "/*\n*/\n@\"\n\"\n\"\"\"\n\n\"\"\"\n$\"{\n1}\"\nlast";
            CSharpToken last = CSharpTokenizer.Tokenize(source).Last();
            Assert.Equal("last", last.Text);
            Assert.Equal(10, last.Line);
        }
    }
}
