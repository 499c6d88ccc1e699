namespace System.Runtime.CompilerServices
{
    public static class RuntimeHelpers
    {
        public static int OffsetToStringData => 12;

        [Intrinsic]
        public static bool IsReferenceOrContainsReferences<T>() => true;

        [Intrinsic]
        public static bool IsBitwiseEquatable<T>() => false;

        // Objects never move (the collector does not compact), so the address is a stable hash.
        public static unsafe int GetHashCode(object o)
        {
            if (o is null) return 0;
            ulong address = *(ulong*)Unsafe.AsPointer(ref o);
            return (int)(address >> 4) ^ (int)(address >> 36);
        }

        public static void RunClassConstructor(RuntimeTypeHandle type) { }

        [Intrinsic]
        public static extern void InitializeArray(Array array, RuntimeFieldHandle fldHandle);
    }
}
