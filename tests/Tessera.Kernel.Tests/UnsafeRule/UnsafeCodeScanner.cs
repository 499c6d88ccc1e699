using System.Collections.Generic;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // Finds code that needs an unsafe context. The `unsafe` keyword is the essential check
    // (nothing else compiles without it); the others catch pointer code early and name what
    // it is. Each pattern is one the C# grammar gives no safe meaning, so it does not
    // misfire on multiplication or ordinary expressions.
    public static class UnsafeCodeScanner
    {
        private static readonly HashSet<string> s_builtInTypes = new HashSet<string>
        {
            "bool", "byte", "sbyte", "char", "short", "ushort", "int", "uint", "long", "ulong",
            "nint", "nuint", "float", "double", "decimal", "void", "object", "string",
        };

        // Words that can stand right before a field's or local's type.
        private static readonly HashSet<string> s_declarationLeaders = new HashSet<string>
        {
            "public", "private", "internal", "protected", "static", "readonly", "volatile", "const", "ref", "scoped",
        };

        public static IReadOnlyList<UnsafeCodeFinding> Scan(string file, string source)
        {
            IReadOnlyList<CSharpToken> tokens = CSharpTokenizer.Tokenize(source);
            var findings = new List<UnsafeCodeFinding>();
            for (int i = 0; i < tokens.Count; i++)
            {
                string? what = Classify(tokens, i);
                if (what != null) findings.Add(new UnsafeCodeFinding(file, tokens[i].Line, what));
            }
            return findings;
        }

        private static string? Classify(IReadOnlyList<CSharpToken> t, int i)
        {
            CSharpToken token = t[i];
            if (token.IsWord("unsafe")) return "`unsafe` keyword";
            if (token.IsWord("fixed"))
                return At(t, i + 1).IsPunctuation("(") ? "`fixed (` statement" : "fixed-size buffer";
            if (token.IsWord("stackalloc") && StackallocYieldsPointer(t, i)) return "stackalloc of a pointer type";
            if (token.IsPunctuation("->")) return "pointer member access `->`";
            if (token.IsPunctuation("*")) return ClassifyStar(t, i);
            return null;
        }

        // `T* p = stackalloc T[n]` and `var p = stackalloc T[n]` (which C# types as T*).
        // Assigned to a Span<T>, stackalloc is safe.
        private static bool StackallocYieldsPointer(IReadOnlyList<CSharpToken> t, int i)
        {
            if (!At(t, i - 1).IsPunctuation("=") || At(t, i - 2).Kind != CSharpTokenKind.Identifier) return false;
            CSharpToken type = At(t, i - 3);
            return type.IsPunctuation("*") || type.IsWord("var");
        }

        private static string? ClassifyStar(IReadOnlyList<CSharpToken> t, int i)
        {
            CSharpToken before = At(t, i - 1);
            // A keyword type is never an operand, so `int*` can only be a pointer type.
            if (before.Kind == CSharpTokenKind.Identifier && s_builtInTypes.Contains(before.Text))
                return "pointer type `" + before.Text + "*`";
            if (before.IsWord("delegate")) return "function pointer `delegate*`";
            // A statement or block cannot start with multiplication: this is indirection.
            if (before.IsPunctuation(";") || before.IsPunctuation("{")) return "pointer indirection";
            if (before.Kind != CSharpTokenKind.Identifier && before.Kind != CSharpTokenKind.VerbatimIdentifier) return null;

            int typeStart = StartOfQualifiedName(t, i - 1);
            int afterStars = i;
            while (At(t, afterStars).IsPunctuation("*")) afterStars++;
            // `(Name*)`: a multiplication cannot end before its right operand.
            if (At(t, typeStart - 1).IsPunctuation("(") && At(t, afterStars).IsPunctuation(")"))
                return "pointer cast `" + before.Text + "*`";
            // `Name* p = ...;` or `Name* p;` where a declaration can begin.
            CSharpToken leader = At(t, typeStart - 1);
            bool declarationPosition = typeStart == 0 || IsStatementBoundary(leader) ||
                (leader.Kind == CSharpTokenKind.Identifier && s_declarationLeaders.Contains(leader.Text));
            CSharpToken name = At(t, afterStars);
            CSharpToken next = At(t, afterStars + 1);
            bool declares = (name.Kind == CSharpTokenKind.Identifier || name.Kind == CSharpTokenKind.VerbatimIdentifier) &&
                (next.IsPunctuation("=") || next.IsPunctuation(";") || next.IsPunctuation(","));
            if (declarationPosition && declares) return "pointer type `" + before.Text + "*`";
            return null;
        }

        private static bool IsStatementBoundary(CSharpToken token) =>
            token.IsPunctuation(";") || token.IsPunctuation("{") || token.IsPunctuation("}");

        // Index of the first token of `A.B.C` ending at `end`.
        private static int StartOfQualifiedName(IReadOnlyList<CSharpToken> t, int end)
        {
            int start = end;
            while (At(t, start - 1).IsPunctuation(".") && At(t, start - 2).Kind == CSharpTokenKind.Identifier) start -= 2;
            return start;
        }

        private static CSharpToken At(IReadOnlyList<CSharpToken> t, int i) =>
            i >= 0 && i < t.Count ? t[i] : new CSharpToken(CSharpTokenKind.Punctuation, "", 0);
    }
}
