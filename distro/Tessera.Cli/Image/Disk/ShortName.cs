using System;
using System.Text;

namespace Tessera.Cli.Image.Disk
{
    // FAT 8.3 names (Microsoft FAT specification, "FAT Directory Structure"): an 11-byte field,
    // the base name padded to 8 and the extension to 3 with spaces. We write upper case only
    // and no long names, so each path component must already be a valid 8.3 name.
    internal static class ShortName
    {
        private const string Allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-~!#$%&'(){}@^`";

        public static bool TryEncode(string name, out byte[] field, out string error)
        {
            field = new byte[11];
            Array.Fill(field, (byte)' ');
            int dot = name.IndexOf('.');
            string baseName = dot < 0 ? name : name[..dot];
            string extension = dot < 0 ? "" : name[(dot + 1)..];
            if (baseName.Length is 0 or > 8 || extension.Length > 3 || extension.Contains('.'))
            {
                error = $"'{name}' is not an 8.3 name";
                return false;
            }
            foreach (char c in baseName + extension)
            {
                if (Allowed.IndexOf(c) < 0)
                {
                    error = $"'{name}': character '{c}' is not allowed in an upper-case 8.3 name";
                    return false;
                }
            }
            Encoding.ASCII.GetBytes(baseName).CopyTo(field, 0);
            Encoding.ASCII.GetBytes(extension).CopyTo(field, 8);
            error = "";
            return true;
        }

        // The 11-byte field back to "NAME.EXT" (trailing spaces removed).
        public static string Decode(ReadOnlySpan<byte> field)
        {
            string baseName = Encoding.ASCII.GetString(field[..8]).TrimEnd(' ');
            string extension = Encoding.ASCII.GetString(field.Slice(8, 3)).TrimEnd(' ');
            return extension.Length == 0 ? baseName : baseName + "." + extension;
        }
    }
}
