using System.Runtime.CompilerServices;

namespace System
{
    public class Object
    {
        // Layout contract with ILCompiler: the first field of every object is its MethodTable pointer.
        internal unsafe Internal.Runtime.MethodTable* m_pEEType;

        public Object() { }

        public virtual bool Equals(object obj) => ReferenceEquals(this, obj);

        public static bool Equals(object objA, object objB)
        {
            if (ReferenceEquals(objA, objB)) return true;
            if (objA is null || objB is null) return false;
            return objA.Equals(objB);
        }

        public static bool ReferenceEquals(object objA, object objB) => objA == objB;

        // The collector does not move objects, so the address is a stable identity hash.
        public virtual int GetHashCode() => RuntimeHelpers.GetHashCode(this);

        // Without reflection metadata there is no type name to print.
        public virtual string ToString() => "System.Object";

        internal unsafe ref byte GetRawData() => ref Unsafe.As<RawData>(this).Data;
    }
}

namespace System.Runtime.CompilerServices
{
    // Lets the runtime address the first byte after the MethodTable pointer (ILCompiler uses
    // this type by name for unboxing stubs).
    internal sealed class RawData
    {
        public byte Data;
    }
}
