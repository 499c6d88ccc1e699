using Tessera.TdShim.Machine.Hardware;

namespace Tessera.TdShim.Machine.Runtime
{
    // Prepares the compiled module before managed code runs, as kernel/frame/Runtime/ModuleInitializer.cs does
    // for the kernel (same ReadyToRun header walk; see there for the format), minus the collector's root
    // registration: the shim's heap is never collected.
    internal static unsafe class ModuleInitializer
    {
        private const uint ReadyToRunSignature = 0x00525452;
        private const int GCStaticRegion = 201;
        private const int TypeManagerIndirection = 204;
        private const int EagerCctor = 205;
        private const int ModuleInitializerList = 213;
        private const nint Uninitialized = 1;
        private const nint HasPreInitializedData = 2;
        private const nint FlagsMask = 3;

        internal static void InitializeAll()
        {
            void** start = (void**)NativeStubs.ModulesStart();
            void** end = (void**)NativeStubs.ModulesEnd();
            for (void** module = start; module < end; module++)
            {
                if (*module != null) InitializeStatics((byte*)*module);
            }
            for (void** module = start; module < end; module++)
            {
                if (*module == null) continue;
                RunInitializers((byte*)*module, EagerCctor);
                RunInitializers((byte*)*module, ModuleInitializerList);
            }
        }

        private static void InitializeStatics(byte* header)
        {
            if (*(uint*)header != ReadyToRunSignature) Failure.Stop("module header has a bad signature");

            byte* indirection = FindSection(header, TypeManagerIndirection, out int indirectionLength);
            if (indirection != null && indirectionLength >= sizeof(void*)) *(void**)indirection = header;

            byte* region = FindSection(header, GCStaticRegion, out int length);
            for (byte* entry = region; entry < region + length; entry += sizeof(int))
            {
                nint* block = (nint*)ReadRelativePointer(entry);
                nint typeAndFlags = (nint)ReadRelativePointer(block);
                if ((typeAndFlags & Uninitialized) == 0) continue;
                var type = (Internal.Runtime.MethodTable*)(typeAndFlags & ~FlagsMask);
                byte* obj = (byte*)BumpHeap.Allocate(type->BaseSize);
                *(Internal.Runtime.MethodTable**)obj = type;
                if ((typeAndFlags & HasPreInitializedData) != 0)
                {
                    byte* data = (byte*)ReadRelativePointer((int*)block + 1);
                    uint size = type->BaseSize - (uint)(2 * sizeof(void*));
                    for (uint i = 0; i < size; i++) obj[sizeof(void*) + i] = data[i];
                }
                *block = (nint)obj;
            }
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
