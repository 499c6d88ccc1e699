using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Binary;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// Splits an EFI device path (UEFI spec 2.10 section 10.3.1) into nodes, validating every length.
/// Stops at the End Entire Device Path node (Type 0x7F, SubType 0xFF), which is not returned.
/// </summary>
public static class DevicePathParser
{
    private const int NodeHeaderSize = 4;

    public static bool TryParse(ReadOnlySpan<byte> path, out List<DevicePathNode> nodes, out string error)
    {
        nodes = new List<DevicePathNode>();
        int offset = 0;
        while (offset < path.Length)
        {
            if (path.Length - offset < NodeHeaderSize)
            {
                error = $"device path node at offset {offset} is truncated ({path.Length - offset} bytes left, header needs 4)";
                return false;
            }
            byte type = path[offset];
            byte subType = path[offset + 1];
            int length = BinaryPrimitives.ReadUInt16LittleEndian(path.Slice(offset + 2, 2));
            if (length < NodeHeaderSize || length > path.Length - offset)
            {
                error = $"device path node at offset {offset} has invalid length {length} ({path.Length - offset} bytes left)";
                return false;
            }
            if (type == DevicePathNode.TypeEnd && subType == 0xFF)
            {
                error = "";
                return true;
            }
            ReadOnlySpan<byte> data = path.Slice(offset + NodeHeaderSize, length - NodeHeaderSize);
            nodes.Add(new DevicePathNode(type, subType, ByteSpans.ToArray(data), DevicePathText.Format(type, subType, data)));
            offset += length;
        }
        error = "device path has no End Entire Device Path node";
        return false;
    }
}
