using System;
using System.Buffers.Binary;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// Renders device path nodes as text in the notation used by the Confidential Containers
/// "trustee" verifier, so reference values written for it match ours. It follows the UEFI 2.10
/// section 10.6.1 text forms except: PCI nodes print the function first ("Pci(Function,Device)"),
/// ACPI nodes print as "ACPI(HID,UID)", and nodes without a text form print as
/// "Path(Type,SubType,hex data)". Structured values stay available in <see cref="DevicePathNode.Data"/>.
/// </summary>
public static class DevicePathText
{
    public static string Format(byte type, byte subType, ReadOnlySpan<byte> data)
    {
        string? text = null;
        if (type == DevicePathNode.TypeHardware && subType == 0x01)
        {
            text = FormatPci(data);
        }
        else if (type == DevicePathNode.TypeAcpi && subType == 0x01)
        {
            text = FormatAcpi(data);
        }
        else if (type == DevicePathNode.TypeMedia && subType == 0x01)
        {
            text = FormatHardDrive(data);
        }
        else if (type == DevicePathNode.TypeMedia && subType == 0x03)
        {
            text = FormatVendorMedia(data);
        }
        else if (type == DevicePathNode.TypeMedia && subType == 0x04)
        {
            text = FormatFilePath(data);
        }
        return text ?? $"Path({type},{subType},{Hex.ToLower(data)})";
    }

    // UEFI 2.10 section 10.3.2.1 PCI Device Path: UINT8 Function; UINT8 Device.
    private static string? FormatPci(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return null;
        }
        int function = data[0];
        int device = data[1];
        return $"Pci({function},{device})";
    }

    // UEFI 2.10 section 10.3.3 ACPI Device Path: UINT32 _HID (compressed EISA id); UINT32 _UID.
    private static string? FormatAcpi(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
        {
            return null;
        }
        uint hid = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint uid = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4));
        TextBuilder text = new TextBuilder(24);
        text.Append("ACPI(");
        // EISA id: three 5-bit letters ('@' + n) in the low 16 bits, product number in the high 16 bits.
        text.Append((char)('@' + ((hid >> 10) & 0x1F)));
        text.Append((char)('@' + ((hid >> 5) & 0x1F)));
        text.Append((char)('@' + (hid & 0x1F)));
        text.AppendHex(hid >> 16, 4, true);
        text.Append(',');
        text.Append($"{uid}");
        text.Append(')');
        return text.ToString();
    }

    // UEFI 2.10 section 10.3.5.1 Hard Drive Media Device Path: UINT32 PartitionNumber; UINT64 PartitionStart;
    // UINT64 PartitionSize; UINT8 Signature[16]; UINT8 PartitionFormat (1 MBR, 2 GPT); UINT8 SignatureType.
    private static string? FormatHardDrive(ReadOnlySpan<byte> data)
    {
        if (data.Length < 38)
        {
            return null;
        }
        uint partition = BinaryPrimitives.ReadUInt32LittleEndian(data);
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(4));
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(12));
        byte format = data[36];
        TextBuilder text = new TextBuilder(64);
        text.Append($"HD({partition},");
        if (format == 0x01)
        {
            text.Append("MBR,0x");
            text.AppendHex(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(20)), 8, false);
        }
        else if (format == 0x02)
        {
            text.Append("GPT,");
            text.Append(new EfiGuid(data.Slice(20, 16)).ToString());
        }
        else
        {
            return null;
        }
        if (partition != 0)
        {
            text.Append(",0x");
            text.AppendHexMinimal(start, false);
            text.Append(",0x");
            text.AppendHexMinimal(size, false);
        }
        text.Append(')');
        return text.ToString();
    }

    // UEFI 2.10 section 10.3.5.3 Vendor-Defined Media Device Path: EFI_GUID VendorGuid; vendor data.
    private static string? FormatVendorMedia(ReadOnlySpan<byte> data)
    {
        if (data.Length < EfiGuid.Size)
        {
            return null;
        }
        return "VenMedia(" + new EfiGuid(data).ToString() + "," + Hex.ToLower(data.Slice(EfiGuid.Size)) + ")";
    }

    // UEFI 2.10 section 10.3.5.4 File Path Media Device Path: NUL-terminated CHAR16 path name.
    private static string? FormatFilePath(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || (data.Length & 1) != 0)
        {
            return null;
        }
        return "File(" + Utf16.DecodeLossy(data.Slice(0, data.Length - 2)) + ")";
    }
}
