namespace System
{
    // The kernel never catches exceptions: a throw reaches the runtime, which panics with
    // the message (see Internal.Runtime.CompilerHelpers.ExceptionHandling). The types exist
    // so that code written for .NET compiles unchanged and says what went wrong.
    public class Exception
    {
        private readonly string _message;
        private readonly Exception _innerException;

        public Exception() { }
        public Exception(string message) { _message = message; }
        public Exception(string message, Exception innerException) { _message = message; _innerException = innerException; }

        public virtual string Message => _message ?? "Exception of type '" + TypeName + "' was thrown.";
        public Exception InnerException => _innerException;

        // No reflection metadata: each exception type names itself.
        internal virtual string TypeName => "System.Exception";

        public override string ToString() => TypeName + ": " + Message;
    }

    public class SystemException : Exception
    {
        public SystemException() { }
        public SystemException(string message) : base(message) { }
        internal override string TypeName => "System.SystemException";
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string message) : base(message) { }
        public ArgumentException(string message, string paramName) : base(paramName == null ? message : message + " (Parameter '" + paramName + "')") { }
        internal override string TypeName => "System.ArgumentException";
    }

    public class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() : base("Value cannot be null.") { }
        public ArgumentNullException(string paramName) : base("Value cannot be null.", paramName) { }
        internal override string TypeName => "System.ArgumentNullException";
    }

    public class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() : base("Specified argument was out of the range of valid values.") { }
        public ArgumentOutOfRangeException(string paramName) : base("Specified argument was out of the range of valid values.", paramName) { }
        public ArgumentOutOfRangeException(string paramName, string message) : base(message, paramName) { }
        internal override string TypeName => "System.ArgumentOutOfRangeException";
    }

    public class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() : base("Index was outside the bounds of the array.") { }
        public IndexOutOfRangeException(string message) : base(message) { }
        internal override string TypeName => "System.IndexOutOfRangeException";
    }

    public class NullReferenceException : SystemException
    {
        public NullReferenceException() : base("Object reference not set to an instance of an object.") { }
        public NullReferenceException(string message) : base(message) { }
        internal override string TypeName => "System.NullReferenceException";
    }

    public class InvalidOperationException : SystemException
    {
        public InvalidOperationException() : base("Operation is not valid due to the current state of the object.") { }
        public InvalidOperationException(string message) : base(message) { }
        internal override string TypeName => "System.InvalidOperationException";
    }

    public class InvalidCastException : SystemException
    {
        public InvalidCastException() : base("Specified cast is not valid.") { }
        public InvalidCastException(string message) : base(message) { }
        internal override string TypeName => "System.InvalidCastException";
    }

    public class ArrayTypeMismatchException : SystemException
    {
        public ArrayTypeMismatchException() : base("Attempted to access an element as a type incompatible with the array.") { }
        internal override string TypeName => "System.ArrayTypeMismatchException";
    }

    public class ArithmeticException : SystemException
    {
        public ArithmeticException() : base("Overflow or underflow in the arithmetic operation.") { }
        public ArithmeticException(string message) : base(message) { }
        internal override string TypeName => "System.ArithmeticException";
    }

    public class OverflowException : ArithmeticException
    {
        public OverflowException() : base("Arithmetic operation resulted in an overflow.") { }
        public OverflowException(string message) : base(message) { }
        internal override string TypeName => "System.OverflowException";
    }

    public class DivideByZeroException : ArithmeticException
    {
        public DivideByZeroException() : base("Attempted to divide by zero.") { }
        internal override string TypeName => "System.DivideByZeroException";
    }

    public class NotSupportedException : SystemException
    {
        public NotSupportedException() : base("Specified method is not supported.") { }
        public NotSupportedException(string message) : base(message) { }
        internal override string TypeName => "System.NotSupportedException";
    }

    public class PlatformNotSupportedException : NotSupportedException
    {
        public PlatformNotSupportedException() : base("Operation is not supported on this platform.") { }
        public PlatformNotSupportedException(string message) : base(message) { }
        internal override string TypeName => "System.PlatformNotSupportedException";
    }

    public class NotImplementedException : SystemException
    {
        public NotImplementedException() : base("The method or operation is not implemented.") { }
        public NotImplementedException(string message) : base(message) { }
        internal override string TypeName => "System.NotImplementedException";
    }

    public class OutOfMemoryException : SystemException
    {
        public OutOfMemoryException() : base("Insufficient memory to continue the execution of the program.") { }
        public OutOfMemoryException(string message) : base(message) { }
        internal override string TypeName => "System.OutOfMemoryException";
    }

    public class FormatException : SystemException
    {
        public FormatException() : base("One of the identified items was in an invalid format.") { }
        public FormatException(string message) : base(message) { }
        internal override string TypeName => "System.FormatException";
    }

    public class TypeLoadException : SystemException
    {
        public TypeLoadException() : base("Failure has occurred while loading a type.") { }
        public TypeLoadException(string message) : base(message) { }
        internal override string TypeName => "System.TypeLoadException";
    }

    public class MissingMethodException : SystemException
    {
        public MissingMethodException() : base("Attempted to access a missing method.") { }
        public MissingMethodException(string message) : base(message) { }
        internal override string TypeName => "System.MissingMethodException";
    }
}

namespace System.Collections.Generic
{
    public class KeyNotFoundException : SystemException
    {
        public KeyNotFoundException() : base("The given key was not present in the dictionary.") { }
        public KeyNotFoundException(string message) : base(message) { }
        internal override string TypeName => "System.Collections.Generic.KeyNotFoundException";
    }
}
