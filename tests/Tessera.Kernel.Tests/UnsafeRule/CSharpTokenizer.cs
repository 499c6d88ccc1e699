using System.Collections.Generic;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // A small C# lexer: just enough to tell code from comments, strings (regular, verbatim,
    // raw, interpolated in every combination) and character literals. Interpolation holes
    // are code and are tokenized as such. It never fails: malformed input ends a literal at
    // the end of the text, which the compiler would reject anyway.
    public sealed class CSharpTokenizer
    {
        private readonly string _text;
        private readonly List<CSharpToken> _tokens = new List<CSharpToken>();
        private int _pos;
        private int _line = 1;
        private bool _lineHasCode;

        private CSharpTokenizer(string text)
        {
            _text = text;
        }

        public static IReadOnlyList<CSharpToken> Tokenize(string text)
        {
            var tokenizer = new CSharpTokenizer(text);
            tokenizer.LexCode(inHole: false);
            return tokenizer._tokens;
        }

        private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

        private bool AtEnd => _pos >= _text.Length;

        // Lexes code until the end of the text or, inside an interpolation hole, until the
        // hole's closing brace or its format colon (left unconsumed for the caller).
        private void LexCode(bool inHole)
        {
            int depth = 0;
            while (!AtEnd)
            {
                char c = Peek();
                if (c == '\n')
                {
                    NewLine();
                    continue;
                }
                if (char.IsWhiteSpace(c))
                {
                    _pos++;
                    continue;
                }
                if (c == '#' && !_lineHasCode && !inHole)
                {
                    SkipToEndOfLine();
                    continue;
                }
                _lineHasCode = true;
                if (c == '/' && Peek(1) == '/')
                {
                    SkipToEndOfLine();
                    continue;
                }
                if (c == '/' && Peek(1) == '*')
                {
                    SkipBlockComment();
                    continue;
                }
                if (TryLexString()) continue;
                if (c == '\'')
                {
                    SkipCharLiteral();
                    continue;
                }
                if (c == '@' && IsIdentifierStart(Peek(1)))
                {
                    _pos++;
                    AddToken(CSharpTokenKind.VerbatimIdentifier, ReadIdentifier());
                    continue;
                }
                if (IsIdentifierStart(c))
                {
                    AddToken(CSharpTokenKind.Identifier, ReadIdentifier());
                    continue;
                }
                if (char.IsDigit(c) || (c == '.' && char.IsDigit(Peek(1))))
                {
                    AddToken(CSharpTokenKind.Number, ReadNumber());
                    continue;
                }
                if (inHole && depth == 0 && (c == '}' || (c == ':' && Peek(1) != ':')))
                    return;
                if ((c == '-' && Peek(1) == '>') || (c == ':' && Peek(1) == ':'))
                {
                    AddToken(CSharpTokenKind.Punctuation, _text.Substring(_pos, 2));
                    _pos += 2;
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') depth++;
                if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
                AddToken(CSharpTokenKind.Punctuation, c.ToString());
                _pos++;
            }
        }

        private void AddToken(CSharpTokenKind kind, string text) => _tokens.Add(new CSharpToken(kind, text, _line));

        private void NewLine()
        {
            _pos++;
            _line++;
            _lineHasCode = false;
        }

        // Consumes one character of literal text, keeping the line count right.
        private void SkipChar()
        {
            if (Peek() == '\n') NewLine();
            else _pos++;
        }

        private void SkipToEndOfLine()
        {
            while (!AtEnd && Peek() != '\n') _pos++;
        }

        private void SkipBlockComment()
        {
            _pos += 2;
            while (!AtEnd && !(Peek() == '*' && Peek(1) == '/')) SkipChar();
            _pos += 2;
        }

        private void SkipCharLiteral()
        {
            _pos++;
            if (Peek() == '\\') _pos += 2;
            while (!AtEnd && Peek() != '\'' && Peek() != '\n') _pos++;
            if (Peek() == '\'') _pos++;
        }

        // Recognizes "..", @"..", $"..", $@"..", @$"..", """...""" and $$"""...""" at the
        // current position and skips the literal text, lexing any interpolation holes.
        private bool TryLexString()
        {
            int p = _pos;
            int dollars = 0;
            bool verbatim = false;
            while (p < _text.Length && (_text[p] == '$' || _text[p] == '@'))
            {
                if (_text[p] == '$') dollars++;
                else if (verbatim) return false;
                else verbatim = true;
                p++;
            }
            if (p >= _text.Length || _text[p] != '"') return false;
            // A lone '@' before a quote is a verbatim string; '$' and '@' otherwise lead
            // identifiers or are errors, so the quote check above settles it.
            int quotes = 0;
            while (p + quotes < _text.Length && _text[p + quotes] == '"') quotes++;
            _pos = p;
            if (quotes >= 3 && !verbatim)
                LexRawString(quotes, dollars);
            else if (verbatim)
                LexVerbatimString(dollars > 0);
            else
                LexRegularString(dollars > 0);
            return true;
        }

        private void LexRegularString(bool interpolated)
        {
            _pos++;
            while (!AtEnd)
            {
                char c = Peek();
                if (c == '"') { _pos++; return; }
                if (c == '\n') return; // unterminated: the compiler reports it
                if (c == '\\') { _pos += 2; continue; }
                if (interpolated && TryLexBraces(1)) continue;
                _pos++;
            }
        }

        private void LexVerbatimString(bool interpolated)
        {
            _pos++;
            while (!AtEnd)
            {
                char c = Peek();
                if (c == '"')
                {
                    if (Peek(1) == '"') { _pos += 2; continue; }
                    _pos++;
                    return;
                }
                if (interpolated && TryLexBraces(1)) continue;
                SkipChar();
            }
        }

        private void LexRawString(int quotes, int dollars)
        {
            _pos += quotes;
            while (!AtEnd)
            {
                if (Peek() == '"')
                {
                    int run = 0;
                    while (Peek(run) == '"') run++;
                    _pos += run;
                    if (run >= quotes) return;
                    continue;
                }
                if (dollars > 0 && TryLexBraces(dollars)) continue;
                SkipChar();
            }
        }

        // At a brace inside an interpolated string whose holes open with `holeBraces`
        // braces: literal braces are skipped, a hole is lexed as code. False when not at a brace.
        private bool TryLexBraces(int holeBraces)
        {
            char c = Peek();
            if (c != '{' && c != '}') return false;
            int run = 0;
            while (Peek(run) == c) run++;
            if (c == '}' || run < holeBraces || (holeBraces == 1 && run % 2 == 0))
            {
                // Literal text: "}}" / "{{" escapes in ordinary interpolation, or fewer braces
                // than open a hole in raw interpolation.
                _pos += run;
                return true;
            }
            _pos += run;
            LexCode(inHole: true);
            if (Peek() == ':')
            {
                // Format specifier: literal text up to the closing brace.
                while (!AtEnd && Peek() != '}' && Peek() != '"') SkipChar();
            }
            int closing = 0;
            while (closing < holeBraces && Peek() == '}')
            {
                _pos++;
                closing++;
            }
            return true;
        }

        private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

        private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

        private string ReadIdentifier()
        {
            int start = _pos;
            while (!AtEnd && IsIdentifierPart(Peek())) _pos++;
            return _text.Substring(start, _pos - start);
        }

        private string ReadNumber()
        {
            int start = _pos;
            while (!AtEnd)
            {
                char c = Peek();
                bool exponentSign = (c == '+' || c == '-') && (_text[_pos - 1] == 'e' || _text[_pos - 1] == 'E') && !IsHex(start);
                if (IsIdentifierPart(c) || exponentSign || (c == '.' && char.IsDigit(Peek(1))))
                    _pos++;
                else
                    break;
            }
            return _text.Substring(start, _pos - start);
        }

        private bool IsHex(int start) =>
            start + 1 < _text.Length && _text[start] == '0' && (_text[start + 1] == 'x' || _text[start + 1] == 'X');
    }
}
