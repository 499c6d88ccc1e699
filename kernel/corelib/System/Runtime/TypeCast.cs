using Internal.Runtime;

namespace System.Runtime
{
    // Casting helpers ILCompiler calls by name for `is`, `as`, casts and array stores.
    // Not yet supported: generic variance (IEnumerable<object> from List<string>).
    internal static unsafe class TypeCast
    {
        internal static object IsInstanceOfClass(MethodTable* target, object obj) =>
            obj != null && IsSubclassOrSame(obj.m_pEEType, target) ? obj : null;

        internal static object IsInstanceOfInterface(MethodTable* target, object obj) =>
            obj != null && ImplementsInterface(obj.m_pEEType, target) ? obj : null;

        internal static object IsInstanceOfAny(MethodTable* target, object obj) =>
            obj != null && IsAssignableTo(obj.m_pEEType, target) ? obj : null;

        internal static bool IsInstanceOfException(MethodTable* target, object obj) =>
            obj != null && IsSubclassOrSame(obj.m_pEEType, target);

        internal static object CheckCastClass(MethodTable* target, object obj)
        {
            if (obj == null || IsSubclassOrSame(obj.m_pEEType, target)) return obj;
            throw new InvalidCastException("Specified cast is not valid.");
        }

        internal static object CheckCastClassSpecial(MethodTable* target, object obj) => CheckCastClass(target, obj);

        internal static object CheckCastInterface(MethodTable* target, object obj)
        {
            if (obj == null || ImplementsInterface(obj.m_pEEType, target)) return obj;
            throw new InvalidCastException("Specified cast is not valid.");
        }

        internal static object CheckCastAny(MethodTable* target, object obj)
        {
            if (obj == null || IsAssignableTo(obj.m_pEEType, target)) return obj;
            throw new InvalidCastException("Specified cast is not valid.");
        }

        internal static void StelemRef(object[] array, nint index, object obj)
        {
            if ((nuint)index >= (uint)array.Length) throw new IndexOutOfRangeException();
            ref object element = ref System.Runtime.CompilerServices.Unsafe.Add(
                ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array), index);
            if (obj != null)
            {
                MethodTable* elementType = array.m_pEEType->RelatedType;
                if (obj.m_pEEType != elementType && !IsAssignableTo(obj.m_pEEType, elementType))
                    throw new ArrayTypeMismatchException();
            }
            element = obj;
        }

        internal static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (uint)array.Length) throw new IndexOutOfRangeException();
            if (array.m_pEEType->RelatedType != elementType) throw new ArrayTypeMismatchException();
            return ref System.Runtime.CompilerServices.Unsafe.Add(
                ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array), index);
        }

        internal static bool IsAssignableTo(MethodTable* source, MethodTable* target)
        {
            if (source == target) return true;
            if (target->IsInterface) return ImplementsInterface(source, target);
            if (source->IsArray && target->IsArray)
            {
                // Reference-type array covariance: string[] is an object[].
                MethodTable* sourceElement = source->RelatedType;
                MethodTable* targetElement = target->RelatedType;
                if (sourceElement == targetElement) return true;
                if (sourceElement->IsValueType || targetElement->IsValueType) return false;
                return IsAssignableTo(sourceElement, targetElement);
            }
            return IsSubclassOrSame(source, target);
        }

        private static bool IsSubclassOrSame(MethodTable* source, MethodTable* target)
        {
            // Arrays' related type is their element type, not a base class.
            if (source->IsArray)
                return source == target || target == ArrayBase(source) || target == MethodTable.Of<object>();
            for (MethodTable* t = source; t != null; t = t->RelatedType)
                if (t == target) return true;
            return false;
        }

        // An array's related type is its element type; its base classes are Array and Object.
        private static MethodTable* ArrayBase(MethodTable* arrayType) => MethodTable.Of<Array>();

        private static bool ImplementsInterface(MethodTable* source, MethodTable* target)
        {
            MethodTable** map = source->InterfaceMap;
            for (int i = 0; i < source->_usNumInterfaces; i++)
                if (map[i] == target) return true;
            return false;
        }
    }
}
