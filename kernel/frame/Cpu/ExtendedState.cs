using Tessera.Frame.Console;

namespace Tessera.Frame.Cpu
{
    public enum ExtendedStateMechanism { FxSave, XSave, XSaveOpt }

    // The x87/SSE/AVX(/AVX-512) register state of a thread, saved and restored on every
    // thread switch (Intel SDM Vol. 1, chapter 13). With XSAVE (CPUID.1:ECX[26]) the kernel
    // sets CR4.OSXSAVE and XCR0 to the components it manages: x87 and SSE always, AVX when
    // CPUID.1:ECX[28] says so, AVX-512 (opmask, ZMM_Hi256, Hi16_ZMM, XCR0 bits 5-7) only
    // when all three are offered, with AVX512F (CPUID.7.0:EBX[16]). The area size is
    // CPUID.(0xD,0):EBX for those components (13.5); XSAVEOPT (CPUID.(0xD,1):EAX[0]) saves
    // with the modified/init optimizations. Without XSAVE, FXSAVE's 512-byte image (x87,
    // SSE) is used. CPUID comes from the host, so the sizes and offsets are checked.
    //
    // Trap entry keeps saving the SSE registers with fxsave on the trap frame: interrupt
    // handlers are C# compiled for x86-64-v2 (no VEX instructions), and legacy SSE
    // instructions leave the upper halves of the YMM/ZMM registers alone (Vol. 1, 13.1), so
    // the only code that changes the AVX state of an interrupted thread is a switch to
    // another thread, and the switch saves all of it here.
    public static unsafe class ExtendedState
    {
        private const ulong Cr4OsXsave = 1UL << 18;
        private const ulong X87 = ExtendedStateComponents.X87, Sse = ExtendedStateComponents.Sse;
        private const ulong Avx = ExtendedStateComponents.Avx, Avx512 = ExtendedStateComponents.Avx512;
        private const uint LegacyAreaSize = ExtendedStateComponents.LegacyAreaSize;

        public static ExtendedStateMechanism Mechanism { get; private set; }
        // XCR0: the components saved (0 with FXSAVE, which covers x87 and SSE).
        public static ulong Components { get; private set; }
        public static uint AreaSize { get; private set; } = LegacyAreaSize;
        public static bool HasAvx => (Components & Avx) != 0;

        // On the boot processor, before the first thread exists.
        internal static void InitializeBootProcessor()
        {
            string fallback = Choose();
            if (fallback != null) { Mechanism = ExtendedStateMechanism.FxSave; Components = 0; AreaSize = LegacyAreaSize; }
            InitializeThisCpu();
            SerialConsole.WriteLine("cpu: extended state with " + Describe() + (fallback != null ? " (" + fallback + ")" : ""));
        }

        // On every CPU: the same components everywhere, so any thread may run on any CPU.
        internal static void InitializeThisCpu()
        {
            if (Mechanism == ExtendedStateMechanism.FxSave) return;
            NativeStubs.WriteCr4(NativeStubs.ReadCr4() | Cr4OsXsave);
            NativeStubs.WriteXcr0(Components);
        }

        // Returns why XSAVE is not used, or null after setting Mechanism, Components, AreaSize.
        private static string Choose()
        {
            CpuidInstruction.Query(0, 0, out uint maxLeaf, out _, out _, out _);
            if (maxLeaf < 0xD) return "no CPUID leaf 0xD";
            CpuidInstruction.Query(1, 0, out _, out _, out uint features, out _);
            if ((features & (1u << 26)) == 0) return "no XSAVE";
            CpuidInstruction.Query(0xD, 0, out uint supportedLow, out _, out _, out uint supportedHigh);
            CpuidInstruction.Query(7, 0, out _, out uint extended, out _, out _);
            ulong components = ExtendedStateComponents.Choose(features, extended, supportedLow | (ulong)supportedHigh << 32);
            if (components == 0) return "XSAVE without x87 and SSE components";

            // Enable here first: leaf 0xD's EBX reports the size for the components in XCR0.
            NativeStubs.WriteCr4(NativeStubs.ReadCr4() | Cr4OsXsave);
            NativeStubs.WriteXcr0(components);
            CpuidInstruction.Query(0xD, 0, out _, out uint size, out _, out _);
            if (!ExtendedStateComponents.IsPlausibleAreaSize(size)) return Fail("XSAVE area size " + size.ToString() + " out of range");
            for (int component = 2; component < 64; component++)
            {
                if ((components & (1UL << component)) == 0) continue;
                CpuidInstruction.Query(0xD, (uint)component, out uint componentSize, out uint offset, out _, out _);
                if (!ExtendedStateComponents.FitsInArea(componentSize, offset, size))
                    return Fail("XSAVE component " + component.ToString() + " lies outside the area");
            }
            CpuidInstruction.Query(0xD, 1, out uint options, out _, out _, out _);
            Mechanism = (options & 1) != 0 ? ExtendedStateMechanism.XSaveOpt : ExtendedStateMechanism.XSave;
            Components = components;
            AreaSize = (size + 63) & ~63u;
            return null;
        }

        // Undo the half-done enabling so FXSAVE runs on a clean CR4.
        private static string Fail(string reason)
        {
            NativeStubs.WriteXcr0(X87 | Sse);
            NativeStubs.WriteCr4(NativeStubs.ReadCr4() & ~Cr4OsXsave);
            return reason;
        }

        internal static string Describe()
        {
            if (Mechanism == ExtendedStateMechanism.FxSave) return "FXSAVE (x87, SSE), 512-byte area";
            string names = "x87, SSE";
            if ((Components & Avx) != 0) names += ", AVX";
            if ((Components & Avx512) != 0) names += ", AVX-512";
            return (Mechanism == ExtendedStateMechanism.XSaveOpt ? "XSAVEOPT" : "XSAVE") + " (" + names + "), " + AreaSize.ToString() + "-byte area";
        }

        internal static void Save(byte* area)
        {
            switch (Mechanism)
            {
                case ExtendedStateMechanism.XSaveOpt: NativeStubs.XSaveOpt(area); break;
                case ExtendedStateMechanism.XSave: NativeStubs.XSave(area); break;
                default: NativeStubs.FxSave(area); break;
            }
        }

        internal static void Restore(byte* area)
        {
            if (Mechanism == ExtendedStateMechanism.FxSave) NativeStubs.FxRestore(area);
            else NativeStubs.XRestore(area);
        }

        // The state a new thread starts with. The legacy region's layout (Vol. 1, Table 10-2,
        // shared by FXSAVE and XSAVE): FCW at byte 0, MXCSR at byte 24. An all-zero XSAVE
        // header (XSTATE_BV = 0) makes XRSTOR put every component in its initial state,
        // except MXCSR, which it always loads from the area (13.8.1), hence the default
        // 0x1F80 (all exceptions masked); an x87 control word of 0x037F likewise.
        internal static void WriteInitialState(byte* area)
        {
            for (uint i = 0; i < AreaSize; i++) area[i] = 0;
            *(ushort*)area = 0x037F;
            *(uint*)(area + 24) = 0x1F80;
        }
    }
}
