namespace Internal.Runtime.CompilerHelpers
{
    // Prepares the compiled modules before managed code runs, as NativeAOT's StartupCodeHelpers does.
    // ILCompiler emits one ReadyToRun header per module and points to it from the `__modules` section;
    // the header lists typed sections (dotnet/runtime src/coreclr/tools/Common/Internal/Runtime/ModuleHeaders.cs):
    //   header: u32 signature 'RTR', u16 major, u16 minor, u32 flags, u16 section count,
    //           u8 entry size, u8 entry type; then entries { i32 id, i32 flags, ptr start, ptr end }.
    // We allocate every type's GC static base (GCStaticRegion), copying data the compiler pre-initialized,
    // then run the eager class constructors and module initializers.
    // The caller (kernel frame, TD shim) owns the memory: it passes the allocator and, if it has a collector,
    // a callback that registers each module's roots. Both are function pointers because nothing here may
    // allocate or touch GC statics: they do not exist yet.
    internal static unsafe partial class StartupCodeHelpers
    {
        private const uint ReadyToRunSignature = 0x00525452;
        private const int GCStaticRegion = 201;
        private const int TypeManagerIndirection = 204;
        private const int EagerCctor = 205;
        private const int FrozenObjectRegion = 206;
        private const int ModuleInitializerList = 213;
        private const nint Uninitialized = 1;
        private const nint HasPreInitializedData = 2;
        private const nint FlagsMask = 3;

        // Initializes the modules listed in [start, end). `allocate` returns zeroed memory of the given size;
        // `registerRoots` (may be null) gets each module's frozen object region and GC static region (either may
        // be null) before any static base is allocated. Returns false, having stopped, on a module header with a
        // bad signature.
        internal static bool TryInitializeModules(void** start, void** end, delegate*<nuint, void*> allocate,
            delegate*<byte*, int, byte*, int, void> registerRoots)
        {
            for (void** module = start; module < end; module++)
            {
                if (*module != null && !TryInitializeStatics((byte*)*module, allocate, registerRoots)) return false;
            }
            for (void** module = start; module < end; module++)
            {
                if (*module == null) continue;
                RunInitializers((byte*)*module, EagerCctor);
                RunInitializers((byte*)*module, ModuleInitializerList);
            }
            return true;
        }

        private static bool TryInitializeStatics(byte* header, delegate*<nuint, void*> allocate,
            delegate*<byte*, int, byte*, int, void> registerRoots)
        {
            if (*(uint*)header != ReadyToRunSignature) return false;

            byte* indirection = FindSection(header, TypeManagerIndirection, out int indirectionLength);
            if (indirection != null && indirectionLength >= sizeof(void*)) *(void**)indirection = header;

            byte* region = FindSection(header, GCStaticRegion, out int length);
            if (registerRoots != null)
            {
                byte* frozen = FindSection(header, FrozenObjectRegion, out int frozenLength);
                registerRoots(frozen, frozenLength, region, length);
            }
            for (byte* entry = region; entry < region + length; entry += sizeof(int))
            {
                nint* block = (nint*)ReadRelativePointer(entry);
                nint typeAndFlags = (nint)ReadRelativePointer(block);
                if ((typeAndFlags & Uninitialized) == 0) continue;
                var type = (MethodTable*)(typeAndFlags & ~FlagsMask);
                byte* obj = (byte*)allocate(type->BaseSize);
                *(MethodTable**)obj = type;
                if ((typeAndFlags & HasPreInitializedData) != 0)
                {
                    byte* data = (byte*)ReadRelativePointer((int*)block + 1);
                    uint size = type->BaseSize - (uint)(2 * sizeof(void*));
                    for (uint i = 0; i < size; i++) obj[sizeof(void*) + i] = data[i];
                }
                *block = (nint)obj;
            }
            return true;
        }

        private static void RunInitializers(byte* header, int sectionId)
        {
            byte* list = FindSection(header, sectionId, out int length);
            for (byte* entry = list; entry < list + length; entry += sizeof(int))
            {
                ((delegate*<void>)ReadRelativePointer(entry))();
            }
        }

        private static byte* FindSection(byte* header, int id, out int length)
        {
            length = 0;
            ushort count = *(ushort*)(header + 12);
            byte entrySize = *(header + 14);
            byte* entries = header + 16;
            for (int i = 0; i < count; i++)
            {
                byte* entry = entries + i * entrySize;
                if (*(int*)entry != id) continue;
                byte* start = *(byte**)(entry + 8);
                byte* end = *(byte**)(entry + 16);
                length = (int)(end - start);
                return start;
            }
            return null;
        }

        private static void* ReadRelativePointer(void* address) => (byte*)address + *(int*)address;
    }
}
