using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Binary;
using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// EFI_LOAD_OPTION, the value of a Boot#### variable (UEFI spec 2.10 section 3.1.3): UINT32 Attributes;
/// UINT16 FilePathListLength; CHAR16 Description[] (NUL terminated); EFI_DEVICE_PATH_PROTOCOL
/// FilePathList[] (FilePathListLength bytes); UINT8 OptionalData[] (the rest).
/// </summary>
public sealed class EfiLoadOption
{
    /// <summary>Attributes bit 0: LOAD_OPTION_ACTIVE.</summary>
    public const uint AttributeActive = 0x1;

    private EfiLoadOption(uint attributes, string description, List<DevicePathNode> filePath, byte[] optionalData)
    {
        Attributes = attributes;
        Description = description;
        FilePath = filePath;
        OptionalData = optionalData;
    }

    public uint Attributes { get; }

    /// <summary>The boot entry's name as shown in the boot menu, e.g. "UiApp" or "ubuntu".</summary>
    public string Description { get; }

    /// <summary>The first device path of FilePathList (up to its End Entire node).</summary>
    public List<DevicePathNode> FilePath { get; }

    public byte[] OptionalData { get; }

    /// <summary>True for names of the form Boot#### (four hex digits), whose value is an EFI_LOAD_OPTION.</summary>
    public static bool IsBootOptionName(string name)
    {
        if (name.Length != 8 || name[0] != 'B' || name[1] != 'o' || name[2] != 'o' || name[3] != 't')
        {
            return false;
        }
        for (int i = 4; i < 8; i++)
        {
            char c = name[i];
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out EfiLoadOption? option, out string error)
    {
        option = null;
        if (data.Length < 6)
        {
            error = $"EFI_LOAD_OPTION needs 6 header bytes, has {data.Length}";
            return false;
        }
        uint attributes = BinaryPrimitives.ReadUInt32LittleEndian(data);
        int pathLength = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(4));
        int p = 6;
        while (true)
        {
            if (data.Length - p < 2)
            {
                error = "EFI_LOAD_OPTION description is not NUL terminated";
                return false;
            }
            if (data[p] == 0 && data[p + 1] == 0)
            {
                break;
            }
            p += 2;
        }
        string description = Utf16.DecodeLossy(data.Slice(6, p - 6));
        p += 2;
        if (pathLength > data.Length - p)
        {
            error = $"EFI_LOAD_OPTION FilePathListLength {pathLength} exceeds the {data.Length - p} bytes left";
            return false;
        }
        if (!DevicePathParser.TryParse(data.Slice(p, pathLength), out List<DevicePathNode> nodes, out error))
        {
            return false;
        }
        option = new EfiLoadOption(attributes, description, nodes, ByteSpans.ToArray(data.Slice(p + pathLength)));
        error = "";
        return true;
    }
}
