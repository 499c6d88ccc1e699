using System;
using System.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    // Interface calls go through a dispatch cell that ILCompiler emits per call site. Its stub
    // starts as RhpInitialDynamicInterfaceDispatch (a generated frame stub) which calls
    // RhpCidResolve with the receiver and the cell, then jumps to the returned code address.
    //
    // Cell layout (dotnet/runtime src/coreclr/nativeaot/Runtime/inc/rhbinder.h,
    // InterfaceDispatchCell): { nuint stub; nuint cache; } in runs terminated by a cell whose
    // stub is 0 and whose cache holds (cell type << 16) | interface slot. The first cell's
    // cache holds the interface MethodTable, tagged in its low two bits.
    //
    // Resolution walks the receiver's dispatch maps (MethodTable.DispatchMap: u16 counts of
    // standard, default, static and default-static entries, then 6-byte entries
    // { u16 interface index, u16 interface slot, u16 implementation slot }) up the base types,
    // first for implementations, then for default interface methods.
    // Not supported yet: generic variance and caching (each call resolves again).
    internal static unsafe class InterfaceDispatch
    {
        private const nuint CachePointerMask = 3;
        private const nuint InterfacePointer = 1;
        private const nuint IndirectedInterfaceRelativePointer = 2;
        private const nuint InterfaceRelativePointer = 3;

        [RuntimeExport("RhpCidResolve")]
        internal static IntPtr RhpCidResolve(object receiver, nuint* cell)
        {
            if (receiver == null) throw new NullReferenceException();
            MethodTable* interfaceType = DecodeInterface(cell, out ushort slot);
            IntPtr target = Resolve(receiver.m_pEEType, interfaceType, slot);
            if (target == IntPtr.Zero)
                throw new MissingMethodException("no implementation of interface method slot " + slot.ToString()
                    + " (receiver type flags 0x" + receiver.m_pEEType->_uFlags.ToString("x") + ", "
                    + receiver.m_pEEType->NumInterfaces.ToString() + " interfaces, vtable "
                    + receiver.m_pEEType->NumVtableSlots.ToString() + " slots)");
            return target;
        }

        [RuntimeExport("RhpResolveInterfaceMethod")]
        internal static IntPtr RhpResolveInterfaceMethod(object receiver, nuint* cell) =>
            receiver == null ? IntPtr.Zero : RhpCidResolve(receiver, cell);

        private static MethodTable* DecodeInterface(nuint* cell, out ushort slot)
        {
            nuint cache = cell[1];
            nuint* terminator = cell;
            while (terminator[0] != 0) terminator += 2;
            nuint slotAndType = terminator[1];
            if ((slotAndType >> 16) != 0)
                throw new NotSupportedException("interface dispatch cell of an unsupported kind");
            slot = (ushort)slotAndType;

            switch (cache & CachePointerMask)
            {
                case InterfacePointer:
                    return (MethodTable*)(cache & ~CachePointerMask);
                case InterfaceRelativePointer:
                case IndirectedInterfaceRelativePointer:
                    nuint address = ((nuint)(&cell[1]) + (nuint)(nint)(int)cache) & ~CachePointerMask;
                    return (cache & CachePointerMask) == InterfaceRelativePointer ? (MethodTable*)address : *(MethodTable**)address;
                default:
                    throw new NotSupportedException("interface dispatch cell with a cache");
            }
        }

        internal static IntPtr Resolve(MethodTable* type, MethodTable* interfaceType, ushort slot)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                bool defaults = pass == 1;
                for (MethodTable* current = type; current != null; current = current->IsArray ? null : current->RelatedType)
                {
                    if (!FindImplementationSlot(current, interfaceType, slot, defaults, out ushort implementation)) continue;
                    if (implementation < current->NumVtableSlots) return type->VTable[implementation];
                    if (implementation >= 0xFFFE)
                        throw new NotSupportedException("ambiguous or re-abstracted interface method");
                    return current->GetSealedVirtualSlot((uint)(implementation - current->NumVtableSlots));
                }
            }
            return IntPtr.Zero;
        }

        private static bool FindImplementationSlot(MethodTable* type, MethodTable* interfaceType, ushort slot, bool defaults, out ushort implementation)
        {
            implementation = 0;
            byte* map = type->DispatchMap;
            if (map == null) return false;
            ushort standard = *(ushort*)map;
            ushort defaultCount = *(ushort*)(map + 2);
            int first = defaults ? standard : 0;
            int count = defaults ? defaultCount : standard;
            byte* entries = map + 8;
            MethodTable** interfaces = type->InterfaceMap;
            for (int i = first; i < first + count; i++)
            {
                byte* entry = entries + i * 6;
                ushort interfaceIndex = *(ushort*)entry;
                if (*(ushort*)(entry + 2) != slot || interfaceIndex >= type->NumInterfaces) continue;
                if (interfaces[interfaceIndex] != interfaceType) continue;
                implementation = *(ushort*)(entry + 4);
                return true;
            }
            return false;
        }
    }
}
