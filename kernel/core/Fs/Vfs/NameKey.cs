using System.Collections.Generic;

namespace Tessera.Kernel.Fs.Vfs
{
    // A directory entry name as a slice of some string, so path lookup can probe a directory
    // with a component of the path itself instead of allocating a substring per component.
    public readonly struct NameKey
    {
        public readonly string Text;
        public readonly int Start;
        public readonly int Length;

        public NameKey(string text, int start, int length)
        {
            Text = text;
            Start = start;
            Length = length;
        }
    }

    // Compares NameKeys by their characters (FNV-1a hash: the same on the host and in the kernel).
    public sealed class NameKeyComparer : IEqualityComparer<NameKey>
    {
        public static readonly NameKeyComparer Instance = new NameKeyComparer();

        public bool Equals(NameKey x, NameKey y)
        {
            if (x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++)
                if (x.Text[x.Start + i] != y.Text[y.Start + i]) return false;
            return true;
        }

        public int GetHashCode(NameKey key)
        {
            uint hash = 2166136261;
            for (int i = 0; i < key.Length; i++) hash = (hash ^ key.Text[key.Start + i]) * 16777619;
            return (int)hash;
        }
    }
}
