namespace System
{
    public struct RuntimeTypeHandle
    {
        internal IntPtr _value;
        internal RuntimeTypeHandle(IntPtr value) { _value = value; }
        public IntPtr Value => _value;
        public override bool Equals(object obj) => obj is RuntimeTypeHandle h && h._value == _value;
        public bool Equals(RuntimeTypeHandle handle) => handle._value == _value;
        public override int GetHashCode() => _value.GetHashCode();
    }

    public struct RuntimeMethodHandle
    {
        internal IntPtr _value;
        public IntPtr Value => _value;
    }

    public struct RuntimeFieldHandle
    {
        internal IntPtr _value;
        public IntPtr Value => _value;
    }
}
