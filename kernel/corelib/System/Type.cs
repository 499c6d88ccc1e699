using System.Runtime.CompilerServices;

namespace System
{
    // A Type identifies a MethodTable. There is no reflection: only identity comparisons.
    public abstract class Type
    {
        internal abstract RuntimeTypeHandle Handle { get; }

        public RuntimeTypeHandle TypeHandle => Handle;

        [Intrinsic]
        public static Type GetTypeFromHandle(RuntimeTypeHandle handle) => new RuntimeType(handle);

        [Intrinsic]
        public static bool operator ==(Type left, Type right)
        {
            if (ReferenceEquals(left, right)) return true;
            if (left is null || right is null) return false;
            return left.Handle._value == right.Handle._value;
        }

        [Intrinsic]
        public static bool operator !=(Type left, Type right) => !(left == right);

        public override bool Equals(object o) => o is Type t && this == t;
        public override int GetHashCode() => Handle.GetHashCode();
    }

    internal sealed class RuntimeType : Type
    {
        private readonly RuntimeTypeHandle _handle;
        internal RuntimeType(RuntimeTypeHandle handle) { _handle = handle; }
        internal override RuntimeTypeHandle Handle => _handle;
    }
}
