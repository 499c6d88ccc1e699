namespace System
{
    public abstract class ValueType
    {
        // Without reflection the runtime cannot compare fields; value types used as keys override these.
        public override bool Equals(object obj) => ReferenceEquals(this, obj);
        public override int GetHashCode() => 0;
    }
}
