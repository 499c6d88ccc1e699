using System;
using System.Collections.Generic;

namespace Tessera.Kernel.Fs.Cpio
{
    // Reads "newc" (SVR4, magic 070701) and "crc" (070702) cpio archives, the initramfs format
    // (Linux Documentation/driver-api/early-userspace/buffer-format.rst). Each header is 110
    // ASCII bytes: the magic and 13 eight-digit hex fields; the name follows (with its NUL),
    // padded to 4 bytes, then the data, padded to 4. "TRAILER!!!" ends the archive.
    // Linux accepts several archives back to back (with NUL padding between); so do we.
    // The archive is untrusted: every field and length is checked, and a bad one gives a
    // reason naming the member and field, never a crash.
    public static class CpioNewcReader
    {
        private const int HeaderLength = 110;
        private const int MaxNameLength = 4096;
        private const string Trailer = "TRAILER!!!";

        public static string TryRead(System.ReadOnlySpan<byte> archive, List<CpioEntry> entries)
        {
            int position = 0;
            bool sawTrailer = false;
            while (true)
            {
                while (position < archive.Length && archive[position] == 0) position++;   // padding between archives
                if (position >= archive.Length) break;
                if (archive.Length - position < HeaderLength) return "truncated cpio header at offset " + position.ToString();
                System.ReadOnlySpan<byte> header = archive.Slice(position, HeaderLength);
                if (!Matches(header, "070701") && !Matches(header, "070702"))
                    return "bad cpio magic at offset " + position.ToString() + " (only the newc format is supported)";
                var entry = new CpioEntry();
                uint[] fields = new uint[13];
                for (int i = 0; i < 13; i++)
                {
                    if (!TryHex(header.Slice(6 + i * 8, 8), out fields[i]))
                        return "cpio header at offset " + position.ToString() + ": field " + FieldName(i) + " is not hexadecimal";
                }
                entry.Inode = fields[0];
                entry.Mode = fields[1];
                entry.Uid = fields[2];
                entry.Gid = fields[3];
                entry.LinkCount = fields[4];
                entry.ModificationTime = fields[5];
                uint fileSize = fields[6];
                entry.DeviceMajor = fields[7];
                entry.DeviceMinor = fields[8];
                entry.RdevMajor = fields[9];
                entry.RdevMinor = fields[10];
                uint nameSize = fields[11];
                if (nameSize == 0 || nameSize > MaxNameLength)
                    return "cpio header at offset " + position.ToString() + ": name size " + nameSize.ToString() + " out of range";
                int nameStart = position + HeaderLength;
                if ((ulong)nameStart + nameSize > (ulong)archive.Length)
                    return "cpio member name at offset " + nameStart.ToString() + " extends past the end of the archive";
                System.ReadOnlySpan<byte> name = archive.Slice(nameStart, (int)nameSize);
                if (name[name.Length - 1] != 0 || name.Slice(0, name.Length - 1).IndexOf((byte)0) >= 0)
                    return "cpio member name at offset " + nameStart.ToString() + " is not one NUL-terminated string";
                entry.Name = Utf8(name.Slice(0, name.Length - 1));
                int dataStart = Align4(nameStart + (int)nameSize);
                if ((ulong)dataStart + fileSize > (ulong)archive.Length)
                    return "cpio member '" + entry.Name + "': data extends past the end of the archive";
                entry.DataOffset = dataStart;
                entry.DataLength = (int)fileSize;
                position = Align4(dataStart + (int)fileSize);
                if (entry.Name == Trailer) { sawTrailer = true; continue; }
                if (entry.FileType == 0) return "cpio member '" + entry.Name + "': mode has no file type";
                entries.Add(entry);
            }
            return sawTrailer ? null : "cpio archive has no TRAILER!!! entry (truncated?)";
        }

        private static int Align4(int value) => (value + 3) & ~3;

        private static bool Matches(System.ReadOnlySpan<byte> header, string magic)
        {
            for (int i = 0; i < magic.Length; i++) if (header[i] != magic[i]) return false;
            return true;
        }

        private static bool TryHex(System.ReadOnlySpan<byte> digits, out uint value)
        {
            value = 0;
            foreach (byte c in digits)
            {
                uint d;
                if (c >= '0' && c <= '9') d = (uint)(c - '0');
                else if (c >= 'a' && c <= 'f') d = (uint)(c - 'a' + 10);
                else if (c >= 'A' && c <= 'F') d = (uint)(c - 'A' + 10);
                else return false;
                value = (value << 4) | d;
            }
            return true;
        }

        private static string FieldName(int index) => index switch
        {
            0 => "c_ino", 1 => "c_mode", 2 => "c_uid", 3 => "c_gid", 4 => "c_nlink", 5 => "c_mtime",
            6 => "c_filesize", 7 => "c_devmajor", 8 => "c_devminor", 9 => "c_rdevmajor",
            10 => "c_rdevminor", 11 => "c_namesize", _ => "c_check",
        };

        // Names are bytes on Linux; invalid UTF-8 stays visible as U+FFFD.
        private static string Utf8(System.ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);
    }
}
