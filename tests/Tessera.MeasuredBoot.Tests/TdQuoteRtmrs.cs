using System;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>
/// Test-side reading of a TDX quote v4 (Intel TDX DCAP Quote Generation Library and Quote Verification
/// Library, appendix "Quote Format": 48-byte header, then the 584-byte TD quote body). Body offsets:
/// MRTD 136, RTMR0..3 328/376/424/472 (48 bytes each, contiguous).
/// </summary>
internal static class TdQuoteRtmrs
{
    public const int HeaderSize = 48;
    public const int MrtdOffset = 136;
    public const int Rtmr0Offset = 328;

    public static ReadOnlySpan<byte> Body(byte[] quote)
    {
        Assert.Equal(4, BitConverter.ToUInt16(quote, 0)); // version
        Assert.Equal(0x81u, BitConverter.ToUInt32(quote, 4)); // TEE type TDX
        return quote.AsSpan(HeaderSize, 584);
    }

    public static ReadOnlySpan<byte> Rtmrs(byte[] quote) => Body(quote).Slice(Rtmr0Offset, 4 * 48);

    public static ReadOnlySpan<byte> Mrtd(byte[] quote) => Body(quote).Slice(MrtdOffset, 48);
}
