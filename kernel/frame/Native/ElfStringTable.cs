using System.IO;
using System.Text;

namespace Tessera.Frame.Native
{
    // An ELF string table (.strtab, .shstrtab, .dynstr): NUL-terminated UTF-8 names after a
    // leading NUL, each referred to by its offset. Shared by the object and shared-object writers.
    internal sealed class ElfStringTable
    {
        private readonly MemoryStream _bytes = new();

        public ElfStringTable() { _bytes.WriteByte(0); }

        public long Length => _bytes.Length;

        public uint Add(string s)
        {
            uint offset = (uint)_bytes.Length;
            _bytes.Write(Encoding.UTF8.GetBytes(s));
            _bytes.WriteByte(0);
            return offset;
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
