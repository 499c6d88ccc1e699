namespace Tessera.Kernel.Fs.Compression
{
    // A canonical Huffman code (RFC 1951 section 3.2.2) kept as the number of codes of each
    // length and the symbols in code order, so decoding needs no tree.
    public sealed class HuffmanCode
    {
        public const int MaxBits = 15;
        public readonly short[] CountPerLength = new short[MaxBits + 1];
        public readonly short[] Symbols;

        public HuffmanCode(int maxSymbols) => Symbols = new short[maxSymbols];

        // Builds the code from each symbol's code length. Returns 0 for a complete code, > 0
        // for an incomplete one (codes left over), < 0 for an over-subscribed (invalid) one.
        public int Build(short[] lengths, int offset, int count)
        {
            for (int len = 0; len <= MaxBits; len++) CountPerLength[len] = 0;
            for (int symbol = 0; symbol < count; symbol++) CountPerLength[lengths[offset + symbol]]++;
            if (CountPerLength[0] == count) return 0;   // no codes: complete, and decoding fails if used
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
            return left;
        }
    }
}
