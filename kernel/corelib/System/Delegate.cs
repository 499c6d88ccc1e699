using System.Runtime.CompilerServices;

namespace System
{
    // Layout and initializer names are a contract with ILCompiler, which emits the
    // Invoke stubs that read these fields.
    public abstract class Delegate
    {
        internal object _firstParameter;
        internal object _helperObject;
        internal nint _extraFunctionPointerOrData;
        internal IntPtr _functionPointer;

        private void InitializeClosedInstance(object firstParameter, IntPtr functionPointer)
        {
            if (firstParameter is null)
                ThrowHelper.ThrowArgumentException("Delegate to an instance method cannot have null 'this'.");
            _functionPointer = functionPointer;
            _firstParameter = firstParameter;
        }

        private void InitializeClosedInstanceSlow(object firstParameter, IntPtr functionPointer)
        {
            InitializeClosedInstance(firstParameter, functionPointer);
        }

        private void InitializeClosedStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _extraFunctionPointerOrData = functionPointer;
            _helperObject = firstParameter;
            _functionPointer = functionPointerThunk;
            _firstParameter = this;
        }

        private void InitializeOpenStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _firstParameter = this;
            _functionPointer = functionPointerThunk;
            _extraFunctionPointerOrData = functionPointer;
        }

        public override bool Equals(object obj)
        {
            if (obj is not Delegate other) return false;
            return other._functionPointer == _functionPointer
                && other._extraFunctionPointerOrData == _extraFunctionPointerOrData
                && ReferenceEquals(other._helperObject, _helperObject)
                && (ReferenceEquals(other._firstParameter, _firstParameter)
                    || (ReferenceEquals(other._firstParameter, other) && ReferenceEquals(_firstParameter, this)));
        }

        public override int GetHashCode() => _functionPointer.GetHashCode() ^ _extraFunctionPointerOrData.GetHashCode();
    }

    public abstract class MulticastDelegate : Delegate
    {
    }

    public delegate void Action();
    public delegate void Action<in T>(T obj);
    public delegate void Action<in T1, in T2>(T1 arg1, T2 arg2);
    public delegate void Action<in T1, in T2, in T3>(T1 arg1, T2 arg2, T3 arg3);
    public delegate void Action<in T1, in T2, in T3, in T4>(T1 arg1, T2 arg2, T3 arg3, T4 arg4);
    public delegate TResult Func<out TResult>();
    public delegate TResult Func<in T, out TResult>(T arg);
    public delegate TResult Func<in T1, in T2, out TResult>(T1 arg1, T2 arg2);
    public delegate TResult Func<in T1, in T2, in T3, out TResult>(T1 arg1, T2 arg2, T3 arg3);
    public delegate TResult Func<in T1, in T2, in T3, in T4, out TResult>(T1 arg1, T2 arg2, T3 arg3, T4 arg4);
    public delegate bool Predicate<in T>(T obj);
    public delegate int Comparison<in T>(T x, T y);
}
