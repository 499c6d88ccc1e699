using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System.Runtime
{
    // Allocation and boxing entry points ILCompiler's generated code calls: by symbol
    // ([RuntimeExport]) or by this class and method name.
    internal static unsafe class RuntimeExports
    {
        [RuntimeExport("RhpNewFast")]
        internal static object RhpNewFast(MethodTable* type)
        {
            void* memory = RuntimeImports.AllocateObjectMemory(type->BaseSize);
            *(MethodTable**)memory = type;
            return Unsafe.AsRef<object>(&memory);
        }

        [RuntimeExport("RhpNewFinalizable")]
        internal static object RhpNewFinalizable(MethodTable* type) => RhpNewFast(type);

        [RuntimeExport("RhpNewArray")]
        internal static object RhpNewArray(MethodTable* type, int length)
        {
            if (length < 0) throw new OverflowException("Arithmetic operation resulted in an overflow.");
            // Base size covers the header and length; round the whole object to 8 bytes.
            ulong size = type->BaseSize + (ulong)(uint)length * type->ComponentSize;
            size = (size + 7) & ~7UL;
            if (size > int.MaxValue) throw new OutOfMemoryException("Array dimensions exceeded supported range.");
            void* memory = RuntimeImports.AllocateObjectMemory((nuint)size);
            *(MethodTable**)memory = type;
            *(int*)((byte*)memory + sizeof(void*)) = length;
            return Unsafe.AsRef<object>(&memory);
        }

        [RuntimeExport("RhpNewArrayFast")]
        internal static object RhpNewArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        internal static object RhpNewPtrArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

        [RuntimeExport("RhNewArray")]
        internal static object RhNewArray(MethodTable* type, int length) => RhpNewArray(type, length);

        [RuntimeExport("RhNewObject")]
        internal static object RhNewObject(MethodTable* type) => RhpNewFast(type);

        [RuntimeExport("RhBox")]
        internal static object RhBox(MethodTable* type, ref byte data)
        {
            // Nullable<T> boxes to its T, or to null when empty.
            if (type->ElementType == NullableElementType)
            {
                if (data == 0) return null;
                MethodTable* underlying = type->RelatedType;
                object boxedValue = RhpNewFast(underlying);
                uint valueOffset = type->BaseSize - underlying->BaseSize;
                Buffer.Memmove(ref boxedValue.GetRawData(), ref Unsafe.Add(ref data, (nint)valueOffset), underlying->BaseSize - 2 * (uint)sizeof(void*));
                return boxedValue;
            }
            object boxed = RhpNewFast(type);
            Buffer.Memmove(ref boxed.GetRawData(), ref data, type->BaseSize - 2 * (uint)sizeof(void*));
            return boxed;
        }

        [RuntimeExport("RhUnbox2")]
        internal static ref byte RhUnbox2(MethodTable* type, object obj)
        {
            if (obj == null || obj.m_pEEType != type)
                throw new InvalidCastException("Specified cast is not valid.");
            return ref obj.GetRawData();
        }

        [RuntimeExport("RhUnboxNullable")]
        internal static void RhUnboxNullable(ref byte data, MethodTable* nullableType, object obj)
        {
            MethodTable* underlying = nullableType->RelatedType;
            if (obj != null && obj.m_pEEType != underlying)
                throw new InvalidCastException("Specified cast is not valid.");
            Buffer.ZeroMemory(ref data, nullableType->BaseSize - 2 * (uint)sizeof(void*));
            if (obj == null) return;
            data = 1;
            uint valueOffset = nullableType->BaseSize - underlying->BaseSize;
            Buffer.Memmove(ref Unsafe.Add(ref data, (nint)valueOffset), ref obj.GetRawData(), underlying->BaseSize - 2 * (uint)sizeof(void*));
        }

        private const int NullableElementType = 0x12;
    }
}
