using System;
using System.Buffers.Binary;
using Tessera.MeasuredBoot.Binary;

namespace Tessera.MeasuredBoot.Hashing;

/// <summary>What a hash function does with each complete block of the message.</summary>
internal interface IBlockCompressor
{
    void CompressBlock(ReadOnlySpan<byte> block);
}

/// <summary>
/// The message side shared by SHA-1, SHA-256 and SHA-512 (FIPS 180-4 sections 5.1 and 5.2):
/// cutting the appended bytes into blocks for the compression function, and the final padding
/// (0x80, zeros, the message length in bits, big-endian, in the last length-field bytes).
/// </summary>
internal sealed class MessageBlocks
{
    private readonly IBlockCompressor _compressor;
    private readonly byte[] _buffer;
    private int _buffered;
    private ulong _totalBytes;

    public MessageBlocks(int blockSize, IBlockCompressor compressor)
    {
        _buffer = new byte[blockSize];
        _compressor = compressor;
    }

    private int BlockSize => _buffer.Length;

    public void Reset()
    {
        _buffered = 0;
        _totalBytes = 0;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _totalBytes += (ulong)data.Length;
        if (_buffered > 0)
        {
            int take = BlockSize - _buffered;
            if (take > data.Length)
            {
                take = data.Length;
            }
            data.Slice(0, take).CopyTo(new Span<byte>(_buffer, _buffered, take));
            _buffered += take;
            data = data.Slice(take);
            if (_buffered < BlockSize)
            {
                return;
            }
            _compressor.CompressBlock(_buffer);
            _buffered = 0;
        }
        while (data.Length >= BlockSize)
        {
            _compressor.CompressBlock(data.Slice(0, BlockSize));
            data = data.Slice(BlockSize);
        }
        if (data.Length > 0)
        {
            data.CopyTo(_buffer);
            _buffered = data.Length;
        }
    }

    /// <summary>
    /// Pads the message and compresses the last block(s). The length field is 8 bytes for
    /// SHA-1 and SHA-256, 16 for SHA-512; inputs here are far below 2^61 bytes, so only its
    /// low 8 bytes are ever non-zero.
    /// </summary>
    public void Pad(int lengthFieldBytes)
    {
        ulong bitLength = _totalBytes * 8;
        _buffer[_buffered++] = 0x80;
        if (_buffered > BlockSize - lengthFieldBytes)
        {
            ByteSpans.Clear(new Span<byte>(_buffer, _buffered, BlockSize - _buffered));
            _compressor.CompressBlock(_buffer);
            _buffered = 0;
        }
        ByteSpans.Clear(new Span<byte>(_buffer, _buffered, BlockSize - 8 - _buffered));
        BinaryPrimitives.WriteUInt64BigEndian(new Span<byte>(_buffer, BlockSize - 8, 8), bitLength);
        _compressor.CompressBlock(_buffer);
    }
}
