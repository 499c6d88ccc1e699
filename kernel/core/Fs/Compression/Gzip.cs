using System;
using System.Buffers.Binary;

namespace Tessera.Kernel.Fs.Compression
{
    // gzip (RFC 1952): header, DEFLATE body, CRC-32 and length trailer; several members in a
    // row decompress to their concatenation (as gzip -d and Linux's initramfs unpacker do).
    public static class Gzip
    {
        private const byte Id1 = 0x1F, Id2 = 0x8B, MethodDeflate = 8;
        private const int FlagHeaderCrc = 2, FlagExtra = 4, FlagName = 8, FlagComment = 16, ReservedFlags = 0xE0;

        public static bool LooksCompressed(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == Id1 && data[1] == Id2;

        // Decompresses every member; null on success or the reason it failed.
        public static string Decompress(ReadOnlySpan<byte> input, int outputLimit, out byte[] output)
        {
            output = null;
            var buffer = new OutputBuffer(Math.Min(Math.Max(input.Length * 4, 4096), outputLimit), outputLimit);
            int position = 0;
            int member = 0;
            while (true)
            {
                string error = Member(input, ref position, buffer);
                if (error != null) return member == 0 ? "gzip: " + error : "gzip member " + member.ToString() + ": " + error;
                member++;
                while (position < input.Length && input[position] == 0) position++;   // padding after a member
                if (position >= input.Length) break;
                if (!LooksCompressed(input.Slice(position))) return "gzip: trailing garbage after member " + member.ToString();
            }
            output = buffer.ToArray();
            return null;
        }

        private static string Member(ReadOnlySpan<byte> input, ref int position, OutputBuffer output)
        {
            int start = position;
            if (input.Length - position < 10) return "header truncated";
            if (input[position] != Id1 || input[position + 1] != Id2) return "not gzip data (bad magic)";
            if (input[position + 2] != MethodDeflate) return "unknown compression method " + input[position + 2].ToString();
            int flags = input[position + 3];
            if ((flags & ReservedFlags) != 0) return "reserved header flags set";
            position += 10;   // magic, method, flags, mtime, extra flags, OS
            if ((flags & FlagExtra) != 0)
            {
                if (input.Length - position < 2) return "extra field truncated";
                int length = input[position] | (input[position + 1] << 8);
                position += 2;
                if (input.Length - position < length) return "extra field truncated";
                position += length;
            }
            if ((flags & FlagName) != 0 && !SkipString(input, ref position)) return "file name truncated";
            if ((flags & FlagComment) != 0 && !SkipString(input, ref position)) return "comment truncated";
            if ((flags & FlagHeaderCrc) != 0)
            {
                if (input.Length - position < 2) return "header CRC truncated";
                uint expected = (uint)(input[position] | (input[position + 1] << 8));
                if ((Crc32.Update(0, input.Slice(start, position - start)) & 0xFFFF) != expected) return "header CRC mismatch";
                position += 2;
            }
            int outputStart = output.Length;
            var reader = new BitReader(input, position);
            string error = Inflater.Inflate(ref reader, output);
            if (error != null) return error;
            reader.AlignToByte();
            position = reader.Position;
            if (input.Length - position < 8) return "trailer truncated";
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(input.Slice(position));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(input.Slice(position + 4));
            position += 8;
            ReadOnlySpan<byte> produced = output.Span.Slice(outputStart);
            if (Crc32.Update(0, produced) != crc) return "CRC-32 mismatch (corrupt data)";
            if ((uint)produced.Length != size) return "length mismatch (corrupt data)";
            return null;
        }

        private static bool SkipString(ReadOnlySpan<byte> input, ref int position)
        {
            while (position < input.Length)
                if (input[position++] == 0) return true;
            return false;
        }
    }
}
