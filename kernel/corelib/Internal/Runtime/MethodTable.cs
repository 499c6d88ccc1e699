using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // The type descriptor ILCompiler emits for every type (NativeAOT "MethodTable", x64):
    //   +0  uint   flags: low 16 bits = component size (arrays, strings), high bits = EETypeFlags
    //   +4  uint   base size in bytes (header + fields, including the MethodTable pointer)
    //   +8  ptr    related type (base type for classes, element type for arrays)
    //   +16 ushort number of vtable slots, +18 ushort number of interfaces, +20 uint hash code
    //   +24 vtable slots, then the interface map (one MethodTable* per interface), then 32-bit
    //   relative pointers: type manager, writable data, dispatch map (if any), finalizer (if
    //   any), sealed virtual slots (if any), ...
    // Reference: dotnet/runtime src/coreclr/tools/Common/Internal/Runtime/MethodTable.cs
    // (GetFieldOffset) and MethodTable.Constants.cs; the ktests check dispatch end to end.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MethodTable
    {
        internal uint _uFlags;
        internal uint _uBaseSize;
        internal MethodTable* _relatedType;
        internal ushort _usNumVtableSlots;
        internal ushort _usNumInterfaces;
        internal uint _uHashCode;

        private const uint HasDispatchMapFlag = 0x00040000;
        private const uint HasFinalizerFlag = 0x00100000;
        private const uint HasSealedVTableEntriesFlag = 0x00400000;
        private const uint HasComponentSizeFlag = 0x80000000;
        private const uint ElementTypeMask = 0x7C000000;
        private const int ElementTypeShift = 26;
        internal const int NullableElementType = 0x12;
        internal const int InterfaceElementType = 0x15;
        private const int ArrayElementType = 0x17;
        private const int SzArrayElementType = 0x18;

        internal uint BaseSize => _uBaseSize;
        internal bool HasComponentSize => (_uFlags & HasComponentSizeFlag) != 0;
        internal ushort ComponentSize => HasComponentSize ? (ushort)_uFlags : (ushort)0;
        internal int ElementType => (int)((_uFlags & ElementTypeMask) >> ElementTypeShift);
        internal bool IsInterface => ElementType == InterfaceElementType;
        internal bool IsArray => ElementType == SzArrayElementType || ElementType == ArrayElementType;
        internal bool IsValueType => ElementType < 0x14 && ElementType != 0;
        internal bool HasDispatchMap => (_uFlags & HasDispatchMapFlag) != 0;
        internal bool IsFinalizable => (_uFlags & HasFinalizerFlag) != 0;
        internal bool HasSealedVTableEntries => (_uFlags & HasSealedVTableEntriesFlag) != 0;
        internal ushort NumVtableSlots => _usNumVtableSlots;
        internal ushort NumInterfaces => _usNumInterfaces;

        // Base type for classes; element type for arrays.
        internal MethodTable* RelatedType => _relatedType;

        private byte* Self => (byte*)Unsafe.AsPointer(ref this);

        internal IntPtr* VTable => (IntPtr*)(Self + sizeof(MethodTable));

        internal MethodTable** InterfaceMap => (MethodTable**)(Self + sizeof(MethodTable) + _usNumVtableSlots * sizeof(void*));

        // Offset of the first relative-pointer field after the interface map, skipping the type
        // manager and writable data cells.
        private uint OptionalPointersOffset =>
            (uint)(sizeof(MethodTable) + _usNumVtableSlots * sizeof(void*) + _usNumInterfaces * sizeof(void*) + 4 + 4);

        internal byte* DispatchMap => HasDispatchMap ? ReadRelative(Self + OptionalPointersOffset) : null;

        internal IntPtr GetSealedVirtualSlot(uint index)
        {
            uint offset = OptionalPointersOffset + (HasDispatchMap ? 4u : 0u) + (IsFinalizable ? 4u : 0u);
            int* table = (int*)ReadRelative(Self + offset);
            return (IntPtr)((byte*)&table[index] + table[index]);
        }

        private static byte* ReadRelative(byte* address) => address + *(int*)address;

        // ILCompiler replaces the body with the address of T's MethodTable.
        [Intrinsic]
        internal static MethodTable* Of<T>() => null;
    }
}
