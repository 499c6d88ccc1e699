using System;

namespace Internal.Runtime.CompilerHelpers
{
    // `typeof(T)` and `ldtoken` lower to these; a type handle is its MethodTable address.
    internal static class LdTokenHelpers
    {
        private static RuntimeTypeHandle GetRuntimeTypeHandle(IntPtr methodTable) => new RuntimeTypeHandle(methodTable);

        private static Type GetRuntimeType(IntPtr methodTable) => new RuntimeType(new RuntimeTypeHandle(methodTable));

        private static RuntimeMethodHandle GetRuntimeMethodHandle(IntPtr handleSignature)
        {
            RuntimeMethodHandle handle = default;
            handle._value = handleSignature;
            return handle;
        }

        private static RuntimeFieldHandle GetRuntimeFieldHandle(IntPtr handleSignature)
        {
            RuntimeFieldHandle handle = default;
            handle._value = handleSignature;
            return handle;
        }
    }
}
