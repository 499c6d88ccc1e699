using System;

namespace Tessera.Kernel.Fs.Compression
{
    // A DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks. Input is
    // untrusted: every code, length and distance is checked, truncation is an error, and the
    // output is bounded by OutputBuffer's limit. Returns null on success or a reason.
    public static class Inflater
    {
        private static readonly short[] LengthBase = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
        private static readonly short[] LengthExtra = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
        private static readonly short[] DistanceBase = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
        private static readonly short[] DistanceExtra = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
        private static readonly byte[] CodeLengthOrder = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

        private const int MaxLiteralCodes = 286, MaxDistanceCodes = 30, FixedLiteralCodes = 288;

        // Decodes one DEFLATE stream starting at reader's position; leaves the reader after it.
        public static string Inflate(ref BitReader reader, OutputBuffer output)
        {
            var literals = new HuffmanCode(FixedLiteralCodes);
            var distances = new HuffmanCode(MaxDistanceCodes);
            var lengths = new short[MaxLiteralCodes + MaxDistanceCodes];
            while (true)
            {
                int last = reader.Bits(1);
                int type = reader.Bits(2);
                if (reader.Overrun) return "deflate stream truncated";
                string error;
                switch (type)
                {
                    case 0: error = Stored(ref reader, output); break;
                    case 1: BuildFixed(literals, distances, lengths); error = Codes(ref reader, output, literals, distances); break;
                    case 2:
                        error = BuildDynamic(ref reader, literals, distances, lengths);
                        if (error == null) error = Codes(ref reader, output, literals, distances);
                        break;
                    default: return "deflate block type 3 is invalid";
                }
                if (error != null) return error;
                if (last == 1) return null;
            }
        }

        private static string Stored(ref BitReader reader, OutputBuffer output)
        {
            reader.AlignToByte();
            if (!reader.TryReadBytes(4, out ReadOnlySpan<byte> header)) return "stored block header truncated";
            int length = header[0] | (header[1] << 8);
            int complement = header[2] | (header[3] << 8);
            if (length != (~complement & 0xFFFF)) return "stored block length check failed";
            if (!reader.TryReadBytes(length, out ReadOnlySpan<byte> data)) return "stored block truncated";
            return output.AppendSpan(data) ? null : "decompressed data exceeds the limit";
        }

        private static void BuildFixed(HuffmanCode literals, HuffmanCode distances, short[] lengths)
        {
            var fixedLengths = new short[FixedLiteralCodes];
            int symbol = 0;
            for (; symbol < 144; symbol++) fixedLengths[symbol] = 8;
            for (; symbol < 256; symbol++) fixedLengths[symbol] = 9;
            for (; symbol < 280; symbol++) fixedLengths[symbol] = 7;
            for (; symbol < FixedLiteralCodes; symbol++) fixedLengths[symbol] = 8;
            literals.Build(fixedLengths, 0, FixedLiteralCodes);
            for (symbol = 0; symbol < MaxDistanceCodes; symbol++) fixedLengths[symbol] = 5;
            distances.Build(fixedLengths, 0, MaxDistanceCodes);
        }

        private static string BuildDynamic(ref BitReader reader, HuffmanCode literals, HuffmanCode distances, short[] lengths)
        {
            int literalCount = reader.Bits(5) + 257;
            int distanceCount = reader.Bits(5) + 1;
            int codeLengthCount = reader.Bits(4) + 4;
            if (reader.Overrun) return "dynamic block header truncated";
            if (literalCount > MaxLiteralCodes || distanceCount > MaxDistanceCodes) return "dynamic block has too many codes";
            var codeLengths = new short[19];
            for (int i = 0; i < codeLengthCount; i++) codeLengths[CodeLengthOrder[i]] = (short)reader.Bits(3);
            var lengthCode = new HuffmanCode(19);
            if (lengthCode.Build(codeLengths, 0, 19) != 0) return "code-length code is incomplete or over-subscribed";
            int index = 0;
            while (index < literalCount + distanceCount)
            {
                int symbol = Decode(ref reader, lengthCode);
                if (symbol < 0) return reader.Overrun ? "dynamic block truncated" : "invalid code-length code";
                if (symbol < 16) { lengths[index++] = (short)symbol; continue; }
                short repeat = 0;
                int times;
                if (symbol == 16)
                {
                    if (index == 0) return "repeat of a code length with no previous length";
                    repeat = lengths[index - 1];
                    times = 3 + reader.Bits(2);
                }
                else if (symbol == 17) times = 3 + reader.Bits(3);
                else times = 11 + reader.Bits(7);
                if (index + times > literalCount + distanceCount) return "code lengths overflow the table";
                while (times-- > 0) lengths[index++] = repeat;
            }
            if (reader.Overrun) return "dynamic block truncated";
            if (lengths[256] == 0) return "dynamic block has no end-of-block code";
            int result = literals.Build(lengths, 0, literalCount);
            if (result < 0 || (result > 0 && literalCount - literals.CountPerLength[0] != 1)) return "literal/length code is incomplete or over-subscribed";
            result = distances.Build(lengths, literalCount, distanceCount);
            if (result < 0 || (result > 0 && distanceCount - distances.CountPerLength[0] != 1)) return "distance code is incomplete or over-subscribed";
            return null;
        }

        private static string Codes(ref BitReader reader, OutputBuffer output, HuffmanCode literals, HuffmanCode distances)
        {
            while (true)
            {
                int symbol = Decode(ref reader, literals);
                if (symbol < 0) return reader.Overrun ? "deflate data truncated" : "invalid literal/length code";
                if (symbol < 256)
                {
                    if (!output.Append((byte)symbol)) return "decompressed data exceeds the limit";
                    continue;
                }
                if (symbol == 256) return null;
                symbol -= 257;
                if (symbol >= 29) return "invalid length symbol";
                int length = LengthBase[symbol] + reader.Bits(LengthExtra[symbol]);
                int distanceSymbol = Decode(ref reader, distances);
                if (distanceSymbol < 0) return reader.Overrun ? "deflate data truncated" : "invalid distance code";
                if (distanceSymbol >= MaxDistanceCodes) return "invalid distance symbol";
                int distance = DistanceBase[distanceSymbol] + reader.Bits(DistanceExtra[distanceSymbol]);
                if (reader.Overrun) return "deflate data truncated";
                if (distance > output.Length) return "distance reaches before the start of the output";
                if (!output.CopyBack(distance, length)) return "decompressed data exceeds the limit";
            }
        }

        // One table lookup for short codes; longer ones canonically, one bit at a time.
        private static int Decode(ref BitReader reader, HuffmanCode code)
        {
            int entry = code.Fast[reader.Peek(HuffmanCode.FastBits)];
            if (entry != 0)
            {
                reader.Consume(entry & 15);
                return reader.Overrun ? -1 : entry >> 4;
            }
            int value = 0, first = 0, index = 0;
            for (int len = 1; len <= HuffmanCode.MaxBits; len++)
            {
                value |= reader.Bits(1);
                if (reader.Overrun) return -1;
                int count = code.CountPerLength[len];
                if (value - count < first) return code.Symbols[index + (value - first)];
                index += count;
                first += count;
                first <<= 1;
                value <<= 1;
            }
            return -1;
        }
    }
}
