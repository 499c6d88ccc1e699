using System;

namespace Tessera.Frame.Boot
{
    // A PVH module's cmdline string (hvm_modlist_entry.cmdline_paddr), which our UEFI loader
    // uses as the module's name ("initramfs", "tessera.tcg2-log"). The loader is untrusted: the
    // name must be NUL-terminated within MaxLength bytes and printable ASCII.
    internal static class BootModuleName
    {
        public const int MaxLength = 256;

        // bytes: what is mapped from the string's start (callers cut it to MaxLength). Returns
        // the reason when unusable, else null with the name.
        public static string Parse(ReadOnlySpan<byte> bytes, out string name)
        {
            name = "";
            for (int i = 0; i < bytes.Length && i < MaxLength; i++)
            {
                byte c = bytes[i];
                if (c == 0)
                {
                    var chars = new char[i];
                    for (int j = 0; j < i; j++) chars[j] = (char)bytes[j];
                    name = new string(chars);
                    return null;
                }
                if (c < 0x20 || c > 0x7E) return "has a name that is not printable ASCII";
            }
            return "has a name not terminated within " + MaxLength.ToString() + " bytes";
        }
    }
}
