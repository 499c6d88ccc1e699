using System;
using System.Buffers.Binary;
using Tessera.Frame.Cpu;
using Tessera.Frame.Time;

namespace Tessera.Frame.User
{
    // The vDSO image (Native/VdsoImage.cs) and the contents of its data page (vvar), for the
    // kernel to map into every process: vvar first, the image right after it. The clock's
    // parameters are fixed once it has started (Time/Clock.cs: no clock is ever set), so the
    // page is filled when mapped and its seqcount stays even; the vDSO's reader follows the
    // seqcount protocol all the same, so a kernel that changes them would write an odd count,
    // the values, then the next even count.
    public static unsafe class Vdso
    {
        public const int VvarSize = 4096;
        // Kept in step with Native/VdsoImage.cs.
        private const int SeqOffset = 0, ValidOffset = 4, TscAtStartOffset = 8, TscHzOffset = 16,
            UnixSecondsAtRtcOffset = 24, MonotonicAtRtcOffset = 32;

        public static ReadOnlySpan<byte> Image
        {
            get
            {
                byte* blob = NativeStubs.VdsoImage();
                return new ReadOnlySpan<byte>(blob + 8, (int)*(ulong*)blob);
            }
        }

        // Fills a vvar page (VvarSize bytes).
        public static void WriteClockPage(Span<byte> page)
        {
            page.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(page.Slice(SeqOffset), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(page.Slice(ValidOffset), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(page.Slice(TscAtStartOffset), Clock.TscAtStart);
            BinaryPrimitives.WriteUInt64LittleEndian(page.Slice(TscHzOffset), Clock.TscFrequencyHz);
            BinaryPrimitives.WriteUInt64LittleEndian(page.Slice(UnixSecondsAtRtcOffset), Clock.UnixSecondsAtRtcRead);
            BinaryPrimitives.WriteUInt64LittleEndian(page.Slice(MonotonicAtRtcOffset), Clock.MonotonicAtRtcRead);
        }
    }
}
