namespace System.Text
{
    // The subset of .NET's Encoding the kernel needs: UTF-8 to and from strings.
    public abstract class Encoding
    {
        public static Encoding UTF8 { get; } = new UTF8Encoding();

        public virtual int GetByteCount(string s) => GetBytes(s).Length;
        public abstract byte[] GetBytes(string s);
        public abstract string GetString(ReadOnlySpan<byte> bytes);
        public string GetString(byte[] bytes) => GetString(new ReadOnlySpan<byte>(bytes));
        public string GetString(byte[] bytes, int index, int count) => GetString(new ReadOnlySpan<byte>(bytes, index, count));
    }
}
