using System;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Cli.Image.Disk
{
    // Name-based GUIDs (RFC 4122 section 4.3, version 5: SHA-1 of a namespace and a name) so a
    // disk built twice from the same content gets the same disk, partition and VHD ids, while
    // different content gets different ids. The name carries a hash of the content.
    internal static class DeterministicGuid
    {
        // Tessera's namespace for image ids: itself a version 5 id of "tessera.invalid/disk-images"
        // in RFC 4122's URL namespace (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
        private static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
        public static readonly Guid ImageNamespace = Version5(UrlNamespace, "https://tessera.invalid/disk-images");

        // name: what the id identifies ("disk", "esp", "vhd"); content: the bytes it depends on.
        public static Guid FromContent(string name, ReadOnlySpan<byte> content)
        {
            string hex = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
            return Version5(ImageNamespace, name + ":" + hex);
        }

        public static Guid Version5(Guid namespaceId, string name)
        {
            byte[] ns = namespaceId.ToByteArray(bigEndian: true);
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            var input = new byte[ns.Length + nameBytes.Length];
            ns.CopyTo(input, 0);
            nameBytes.CopyTo(input, ns.Length);
            byte[] hash = SHA1.HashData(input);
            var uuid = new byte[16];
            Array.Copy(hash, uuid, 16);
            uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);   // version 5
            uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);   // RFC 4122 variant
            return new Guid(uuid, bigEndian: true);
        }
    }
}
