using System.IO;
using System.Text;

namespace Tessera.Cli.Image
{
    // Writes "newc" cpio archives (the initramfs format; Linux
    // Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte ASCII header of
    // the magic and 13 eight-digit hex fields, the NUL-terminated name padded to 4 bytes, the
    // data padded to 4 bytes, and a final "TRAILER!!!". Every field that could vary between
    // builds (inode numbers, times, owners) is fixed, so the same tree gives the same bytes.
    internal sealed class CpioNewcWriter
    {
        private readonly Stream _output;
        private uint _nextInode = 1;

        public CpioNewcWriter(Stream output) { _output = output; }

        public void AddDirectory(string name, uint permissions) => Add(name, 0x4000 | permissions, System.Array.Empty<byte>());
        public void AddFile(string name, uint permissions, byte[] data) => Add(name, 0x8000 | permissions, data);
        public void AddSymlink(string name, string target) => Add(name, 0xA000 | 0x1FF, Encoding.UTF8.GetBytes(target));

        public void Finish()
        {
            _nextInode = 0;
            Add("TRAILER!!!", 0, System.Array.Empty<byte>());
            // Pad to 512 bytes like cpio(1) does, so tools that expect blocks are happy.
            while (_output.Position % 512 != 0) _output.WriteByte(0);
        }

        private void Add(string name, uint mode, byte[] data)
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
            var header = new StringBuilder("070701");
            uint[] fields = { _nextInode == 0 ? 0 : _nextInode++, mode, 0, 0, 1, 0, (uint)data.Length, 0, 0, 0, 0, (uint)nameBytes.Length, 0 };
            foreach (uint field in fields) header.Append(field.ToString("X8"));
            _output.Write(Encoding.ASCII.GetBytes(header.ToString()));
            _output.Write(nameBytes);
            Pad();
            _output.Write(data);
            Pad();
        }

        private void Pad()
        {
            while (_output.Position % 4 != 0) _output.WriteByte(0);
        }
    }
}
