namespace Tessera.Frame.Cpu
{
    // Which XSAVE state components the kernel enables, and whether the save-area layout CPUID
    // reports is sane (Intel SDM Vol. 1, 13.2-13.5). Pure arithmetic over CPUID values, which
    // come from the host and are untrusted, so the host tests feed it hostile ones.
    public static class ExtendedStateComponents
    {
        public const ulong X87 = 1, Sse = 2, Avx = 4, Avx512 = 0xE0;   // XCR0 bits 0, 1, 2, 5-7
        public const uint LegacyAreaSize = 512, HeaderSize = 64;
        public const uint MaxAreaSize = 64 * 1024;

        // XCR0 for the kernel: x87 and SSE (0 if XSAVE does not support both), AVX when
        // CPUID.1:ECX[28] and the component are offered, AVX-512 when AVX is, CPUID.7.0:EBX[16]
        // (AVX512F) is set and all three of its components are offered. Nothing else (MPX,
        // PKRU, AMX and the supervisor components are not the kernel's to manage).
        public static ulong Choose(uint leaf1Ecx, uint leaf7Ebx, ulong supported)
        {
            if ((supported & (X87 | Sse)) != (X87 | Sse)) return 0;
            ulong components = X87 | Sse;
            if ((leaf1Ecx & (1u << 28)) == 0 || (supported & Avx) == 0) return components;
            components |= Avx;
            if ((leaf7Ebx & (1u << 16)) != 0 && (supported & Avx512) == Avx512) components |= Avx512;
            return components;
        }

        // The whole area: at least the legacy region and the header, at most 64 KiB.
        public static bool IsPlausibleAreaSize(uint size) => size >= LegacyAreaSize + HeaderSize && size <= MaxAreaSize;

        // A component (2 and up) of the standard format lies after the header and inside the area.
        public static bool FitsInArea(uint componentSize, uint offset, uint areaSize) =>
            componentSize != 0 && offset >= LegacyAreaSize + HeaderSize && (ulong)offset + componentSize <= areaSize;
    }
}
