using System;
using System.Buffers.Binary;

namespace Tessera.Attestation.Common;

/// <summary>
/// Little-endian reader over a bounded window of a byte array. Every read is checked against the
/// window, and a failed check names the field by its dotted path (e.g. "quote.signatureData.length").
/// </summary>
internal sealed class BoundedReader
{
    private readonly byte[] _data;
    private readonly int _end;

    public BoundedReader(byte[] data, string path) : this(data, 0, data.Length, path)
    {
    }

    private BoundedReader(byte[] data, int start, int end, string path)
    {
        _data = data;
        Position = start;
        _end = end;
        Path = path;
    }

    /// <summary>Dotted name of the structure this reader walks, used as the prefix of error messages.</summary>
    public string Path { get; }

    /// <summary>Absolute offset in the underlying array.</summary>
    public int Position { get; private set; }

    public int Remaining => _end - Position;

    public byte[] ReadBytes(string field, int count)
    {
        Require(field, count);
        var value = _data.AsSpan(Position, count).ToArray();
        Position += count;
        return value;
    }

    public ushort ReadUInt16(string field)
    {
        Require(field, 2);
        var value = BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(Position, 2));
        Position += 2;
        return value;
    }

    public uint ReadUInt32(string field)
    {
        Require(field, 4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(Position, 4));
        Position += 4;
        return value;
    }

    /// <summary>
    /// Reads a length field and returns a reader over exactly that many following bytes; the parent skips them.
    /// </summary>
    public BoundedReader ReadLengthPrefixedUInt32(string lengthField, string childPath)
    {
        var length = ReadUInt32(lengthField);
        return Slice(lengthField, length, childPath);
    }

    public BoundedReader ReadLengthPrefixedUInt16(string lengthField, string childPath)
    {
        var length = ReadUInt16(lengthField);
        return Slice(lengthField, length, childPath);
    }

    /// <summary>A reader over the next <paramref name="length"/> bytes, which this reader then skips.</summary>
    public BoundedReader Slice(string lengthField, long length, string childPath)
    {
        if (length > Remaining)
        {
            throw new MalformedInputException($"{Path}.{lengthField}: {length} exceeds remaining {Remaining} bytes");
        }

        var child = new BoundedReader(_data, Position, Position + (int)length, Path + "." + childPath);
        Position += (int)length;
        return child;
    }

    /// <summary>Fails if bytes are left over, so that a declared size must match its content exactly.</summary>
    public void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw new MalformedInputException($"{Path}: {Remaining} unexpected trailing bytes");
        }
    }

    public MalformedInputException Error(string field, string message) => new($"{Path}.{field}: {message}");

    private void Require(string field, int count)
    {
        if (count > Remaining)
        {
            throw new MalformedInputException($"{Path}.{field}: needs {count} bytes, only {Remaining} remaining");
        }
    }
}
