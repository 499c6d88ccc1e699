using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Tdx;

namespace Tessera.TdShim.Build
{
    // The TDX metadata (TDX Virtual Firmware Design Guide, section 11): the metadata GUID, then TDVF_DESCRIPTOR
    // { "TDVF", length, version 1, section count } and TDVF_SECTION entries, read back by measured-boot's
    // TdxMetadata.TryParse. The descriptor sits 16 bytes into the returned bytes (after the GUID).
    public static class TdxMetadataBuilder
    {
        public const int DescriptorOffset = 16;

        public static byte[] Build(List<TdxMetadataSection> sections)
        {
            byte[] bytes = new byte[DescriptorOffset + 16 + sections.Count * TdxMetadataSection.Size];
            Span<byte> s = bytes;
            TdxMetadata.MetadataGuid.Bytes.CopyTo(s);
            Span<byte> d = s.Slice(DescriptorOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(d, TdxMetadata.DescriptorSignature);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(4), (uint)(16 + sections.Count * TdxMetadataSection.Size));
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(8), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(12), (uint)sections.Count);
            for (int i = 0; i < sections.Count; i++)
            {
                TdxMetadataSection x = sections[i];
                Span<byte> e = d.Slice(16 + i * TdxMetadataSection.Size);
                BinaryPrimitives.WriteUInt32LittleEndian(e, x.DataOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(4), x.RawDataSize);
                BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(8), x.MemoryAddress);
                BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(16), x.MemoryDataSize);
                BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(24), x.Type);
                BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(28), x.Attributes);
            }
            return bytes;
        }
    }
}
