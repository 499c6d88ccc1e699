namespace Tessera.Kernel.Fs.Compression
{
    // A canonical Huffman code (RFC 1951 section 3.2.2) kept as the number of codes of each
    // length and the symbols in code order, so decoding needs no tree.
    public sealed class HuffmanCode
    {
        public const int MaxBits = 15;
        public readonly short[] CountPerLength = new short[MaxBits + 1];
        public readonly short[] Symbols;
        // Codes of at most FastBits bits decode with one lookup: indexed by the next FastBits
        // stream bits, each entry is symbol << 4 | length (0: longer code, decode slowly).
        public const int FastBits = 9;
        public readonly short[] Fast = new short[1 << FastBits];

        public HuffmanCode(int maxSymbols) => Symbols = new short[maxSymbols];

        // Builds the code from each symbol's code length. Returns 0 for a complete code, > 0
        // for an incomplete one (codes left over), < 0 for an over-subscribed (invalid) one.
        public int Build(short[] lengths, int offset, int count)
        {
            for (int len = 0; len <= MaxBits; len++) CountPerLength[len] = 0;
            System.Array.Clear(Fast);
            for (int symbol = 0; symbol < count; symbol++) CountPerLength[lengths[offset + symbol]]++;
            if (CountPerLength[0] == count) return 0;   // no codes: complete, and decoding fails if used
            if (count > Symbols.Length) return -1;
            int left = 1;
            for (int len = 1; len <= MaxBits; len++)
            {
                left <<= 1;
                left -= CountPerLength[len];
                if (left < 0) return left;
            }
            var firstIndex = new short[MaxBits + 1];
            for (int len = 1; len < MaxBits; len++) firstIndex[len + 1] = (short)(firstIndex[len] + CountPerLength[len]);
            for (int symbol = 0; symbol < count; symbol++)
                if (lengths[offset + symbol] != 0) Symbols[firstIndex[lengths[offset + symbol]]++] = (short)symbol;
            BuildFastTable();
            return left;
        }

        // Canonical codes in order: each length's codes follow the previous length's, doubled.
        // The stream holds a code's bits from its most significant end, so the table is
        // indexed by the reversed code, every index whose low `len` bits match.
        private void BuildFastTable()
        {
            int code = 0, index = 0;
            for (int len = 1; len <= FastBits; len++)
            {
                for (int i = 0; i < CountPerLength[len]; i++, code++, index++)
                {
                    int reversed = 0;
                    for (int b = 0; b < len; b++) reversed |= ((code >> b) & 1) << (len - 1 - b);
                    for (int slot = reversed; slot < Fast.Length; slot += 1 << len)
                        Fast[slot] = (short)((Symbols[index] << 4) | len);
                }
                code <<= 1;
            }
        }
    }
}
