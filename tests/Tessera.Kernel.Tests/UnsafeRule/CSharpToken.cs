namespace Tessera.Kernel.Tests.UnsafeRule
{
    public enum CSharpTokenKind
    {
        // Keywords are identifiers here; the checks decide which words matter.
        Identifier,
        // `@name`: never a keyword, whatever the name.
        VerbatimIdentifier,
        Number,
        Punctuation,
    }

    // One token of code. Comments, strings, character literals and preprocessor lines are
    // not tokens at all, so a word inside them can never look like code.
    public readonly record struct CSharpToken(CSharpTokenKind Kind, string Text, int Line)
    {
        public bool IsWord(string word) => Kind == CSharpTokenKind.Identifier && Text == word;

        public bool IsPunctuation(string text) => Kind == CSharpTokenKind.Punctuation && Text == text;
    }
}
