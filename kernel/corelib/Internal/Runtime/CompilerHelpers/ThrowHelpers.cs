using System;

namespace Internal.Runtime.CompilerHelpers
{
    // Called by ILCompiler's generated code for implicit checks (array bounds, division,
    // overflow, ...). Each throw reaches RhpThrowEx and becomes a kernel panic.
    internal static class ThrowHelpers
    {
        private static void ThrowOverflowException() => throw new OverflowException();
        private static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        private static void ThrowNullReferenceException() => throw new NullReferenceException();
        private static void ThrowDivideByZeroException() => throw new DivideByZeroException();
        private static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        private static void ThrowPlatformNotSupportedException() => throw new PlatformNotSupportedException();
        private static void ThrowNotImplementedException() => throw new NotImplementedException();
        private static void ThrowNotSupportedException() => throw new NotSupportedException();
        private static void ThrowArgumentException() => throw new ArgumentException();
        private static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        private static void ThrowInvalidProgramException() => throw new InvalidOperationException("Common Language Runtime detected an invalid program.");
        private static void ThrowInvalidProgramExceptionWithArgument(int id, string methodName) => throw new InvalidOperationException("Invalid program: " + methodName);
        private static void ThrowTypeLoadException() => throw new TypeLoadException();
        private static void ThrowTypeLoadExceptionWithArgument(int id, string className, string typeName) => throw new TypeLoadException(typeName);
        private static void ThrowMissingMethodException() => throw new MissingMethodException();
        private static void ThrowMissingMethodExceptionWithArgument(int id, string methodName) => throw new MissingMethodException(methodName);
        private static void ThrowMissingFieldException() => throw new MissingMethodException("Missing field.");
        private static void ThrowMissingFieldExceptionWithArgument(int id, string fieldName) => throw new MissingMethodException(fieldName);
        private static void ThrowFileNotFoundException() => throw new NotSupportedException("File not found.");
        private static void ThrowFileNotFoundExceptionWithArgument(int id, string fileName) => throw new NotSupportedException(fileName);
        private static void ThrowBadImageFormatException() => throw new NotSupportedException("Bad image format.");
        private static void ThrowBadImageFormatExceptionWithArgument(int id, string fileName) => throw new NotSupportedException(fileName);
        private static void ThrowInvalidCastException() => throw new InvalidCastException();
        private static void ThrowFeatureBodyRemoved() => throw new NotSupportedException("This feature was removed by the compiler.");
        private static void ThrowAmbiguousMatchException() => throw new NotSupportedException("Ambiguous match.");
        private static void ThrowMarshalDirectiveException() => throw new NotSupportedException("Marshal directive.");
        private static void ThrowMarshalDirectiveExceptionWithArgument(int id, string methodName) => throw new NotSupportedException(methodName);
    }
}
