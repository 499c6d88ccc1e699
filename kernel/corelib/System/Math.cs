namespace System
{
    public static class Math
    {
        // Checked double-to-integer conversions, which the compiler calls for conv.ovf from a
        // floating-point value (and references for every checked conversion). Out of range is
        // an OverflowException in .NET: here, as every throw, a panic.
        internal static int ConvertToInt32Checked(double value)
        {
            if (value > -2147483649.0 && value < 2147483648.0) return (int)value;
            throw new OverflowException();
        }

        internal static uint ConvertToUInt32Checked(double value)
        {
            if (value > -1.0 && value < 4294967296.0) return (uint)value;
            throw new OverflowException();
        }

        internal static long ConvertToInt64Checked(double value)
        {
            if (value >= -9223372036854775808.0 && value < 9223372036854775808.0) return (long)value;
            throw new OverflowException();
        }

        internal static ulong ConvertToUInt64Checked(double value)
        {
            if (value > -1.0 && value < 18446744073709551616.0) return (ulong)value;
            throw new OverflowException();
        }

        public static int Min(int a, int b) => a < b ? a : b;
        public static uint Min(uint a, uint b) => a < b ? a : b;
        public static long Min(long a, long b) => a < b ? a : b;
        public static ulong Min(ulong a, ulong b) => a < b ? a : b;
        public static int Max(int a, int b) => a > b ? a : b;
        public static uint Max(uint a, uint b) => a > b ? a : b;
        public static long Max(long a, long b) => a > b ? a : b;
        public static ulong Max(ulong a, ulong b) => a > b ? a : b;

        public static int Abs(int value)
        {
            if (value == int.MinValue) throw new OverflowException("Negating the minimum value of a twos complement number is invalid.");
            return value < 0 ? -value : value;
        }

        public static long Abs(long value)
        {
            if (value == long.MinValue) throw new OverflowException("Negating the minimum value of a twos complement number is invalid.");
            return value < 0 ? -value : value;
        }

        public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
        public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;
        public static int Sign(int value) => value < 0 ? -1 : value > 0 ? 1 : 0;
        public static int Sign(long value) => value < 0 ? -1 : value > 0 ? 1 : 0;

        public static int DivRem(int a, int b, out int result)
        {
            result = a % b;
            return a / b;
        }
    }
}
