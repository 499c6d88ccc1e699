using System.Collections.Generic;

namespace Tessera.Kernel.Fs.Vfs
{
    // A directory's children: a dictionary for lookup, and a list in insertion order whose
    // cookies (1 = ".", 2 = "..", then 3, 4, ...) are the getdents64 offsets. An unlinked entry
    // leaves a hole that is compacted later; cookies never change, so a reader resuming at an
    // offset neither skips nor repeats a surviving entry however many are removed meanwhile.
    public sealed class DirectoryEntries
    {
        public const long FirstCookie = 3;
        private readonly Dictionary<NameKey, Dentry> _byName = new Dictionary<NameKey, Dentry>(NameKeyComparer.Instance);
        private Dentry[] _ordered = new Dentry[8];
        private int _used;        // slots of _ordered in use (live or holes)
        private int _holes;
        private long _nextCookie = FirstCookie;

        public int Count => _byName.Count;

        public Dentry Find(string name) => Find(name, 0, name.Length);

        // Looks up text[start, start + length) without making a string of it.
        public Dentry Find(string text, int start, int length) =>
            _byName.TryGetValue(new NameKey(text, start, length), out Dentry d) ? d : null;

        public void Add(Dentry dentry)
        {
            _byName[KeyOf(dentry)] = dentry;
            if (_used == _ordered.Length)
            {
                if (_holes * 2 >= _used) Compact();
                else System.Array.Resize(ref _ordered, _ordered.Length * 2);
            }
            dentry.Cookie = _nextCookie++;
            _ordered[_used++] = dentry;
        }

        public void Remove(Dentry dentry)
        {
            _byName.Remove(KeyOf(dentry));
            int index = IndexAtOrAfter(dentry.Cookie);
            while (index < _used && _ordered[index] == null) index++;
            if (index < _used && _ordered[index] == dentry)
            {
                _ordered[index] = null;
                _holes++;
                // Keep holes at most half the slots, so listing and searching stay fast after
                // mass removal (rm -rf): cookies do not change, so readers are unaffected.
                if (_holes > 16 && _holes * 2 > _used) Compact();
            }
        }

        // The first live entry whose cookie is >= cookie, or null at the end.
        public Dentry FirstAtOrAfter(long cookie)
        {
            for (int i = IndexAtOrAfter(cookie); i < _used; i++)
                if (_ordered[i] != null) return _ordered[i];
            return null;
        }

        private static NameKey KeyOf(Dentry dentry) => new NameKey(dentry.Name, 0, dentry.Name.Length);

        private int IndexAtOrAfter(long cookie)
        {
            // Cookies increase along the array, holes keep their slot: binary search on the
            // nearest live neighbour.
            int low = 0, high = _used;
            while (low < high)
            {
                int mid = (low + high) >> 1;
                int probe = mid;
                while (probe < high && _ordered[probe] == null) probe++;
                if (probe == high) { high = mid; continue; }
                if (_ordered[probe].Cookie < cookie) low = probe + 1;
                else high = mid;
            }
            return low;
        }

        private void Compact()
        {
            int write = 0;
            for (int read = 0; read < _used; read++)
                if (_ordered[read] != null) _ordered[write++] = _ordered[read];
            for (int i = write; i < _used; i++) _ordered[i] = null;
            _used = write;
            _holes = 0;
        }
    }
}
