namespace System.Collections.Generic
{
    // Separate chaining over an entries array, as .NET does: buckets hold 1-based indices into
    // _entries, and removed entries form a free list so slots are reused without rehashing.
    // A free entry stores StartOfFreeList - next in Next (always <= -2), a live one >= -1.
    public class Dictionary<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>, IReadOnlyCollection<KeyValuePair<TKey, TValue>>
    {
        private struct Entry
        {
            public uint HashCode;
            public int Next;      // index of the next entry in the chain, -1 at the end
            public TKey Key;
            public TValue Value;
        }

        private int[] _buckets;
        private Entry[] _entries;
        private int _count;
        private int _freeList = -1;
        private int _freeCount;
        private int _version;
        private readonly IEqualityComparer<TKey> _comparer;
        private const int StartOfFreeList = -3;

        public Dictionary() : this(0, null) { }
        public Dictionary(int capacity) : this(capacity, null) { }
        public Dictionary(IEqualityComparer<TKey> comparer) : this(0, comparer) { }

        public Dictionary(int capacity, IEqualityComparer<TKey> comparer)
        {
            if (capacity < 0) ThrowHelper.ThrowArgumentOutOfRangeException(nameof(capacity));
            _comparer = comparer ?? EqualityComparer<TKey>.Default;
            Initialize(capacity < 3 ? 3 : capacity);
        }

        public int Count => _count - _freeCount;

        public TValue this[TKey key]
        {
            get
            {
                int i = FindEntry(key);
                if (i < 0) ThrowHelper.ThrowKeyNotFoundException();
                return _entries[i].Value;
            }
            set => Insert(key, value, overwrite: true);
        }

        public void Add(TKey key, TValue value)
        {
            if (!Insert(key, value, overwrite: false))
                ThrowHelper.ThrowArgumentException("An item with the same key has already been added.");
        }

        public bool TryAdd(TKey key, TValue value) => Insert(key, value, overwrite: false);

        public bool ContainsKey(TKey key) => FindEntry(key) >= 0;

        public bool TryGetValue(TKey key, out TValue value)
        {
            int i = FindEntry(key);
            if (i >= 0) { value = _entries[i].Value; return true; }
            value = default;
            return false;
        }

        public bool Remove(TKey key) => Remove(key, out _);

        public bool Remove(TKey key, out TValue value)
        {
            if (key == null) ThrowHelper.ThrowArgumentNullException(nameof(key));
            uint hash = (uint)_comparer.GetHashCode(key);
            ref int bucket = ref _buckets[hash % (uint)_buckets.Length];
            int previous = -1;
            int i = bucket - 1;
            while (i >= 0)
            {
                ref Entry entry = ref _entries[i];
                if (entry.HashCode == hash && _comparer.Equals(entry.Key, key))
                {
                    if (previous < 0) bucket = entry.Next + 1;
                    else _entries[previous].Next = entry.Next;
                    value = entry.Value;
                    entry.Key = default;
                    entry.Value = default;
                    entry.Next = StartOfFreeList - _freeList;
                    _freeList = i;
                    _freeCount++;
                    _version++;
                    return true;
                }
                previous = i;
                i = entry.Next;
            }
            value = default;
            return false;
        }

        public void Clear()
        {
            if (_count == 0) return;
            Array.Clear(_buckets);
            Array.Clear(_entries, 0, _count);
            _count = 0;
            _freeList = -1;
            _freeCount = 0;
            _version++;
        }

        public KeyCollection Keys => new KeyCollection(this);
        public ValueCollection Values => new ValueCollection(this);

        private void Initialize(int capacity)
        {
            int size = HashPrimes.AtLeast(capacity);
            _buckets = new int[size];
            _entries = new Entry[size];
        }

        private int FindEntry(TKey key)
        {
            if (key == null) ThrowHelper.ThrowArgumentNullException(nameof(key));
            uint hash = (uint)_comparer.GetHashCode(key);
            int i = _buckets[hash % (uint)_buckets.Length] - 1;
            while (i >= 0)
            {
                ref Entry entry = ref _entries[i];
                if (entry.HashCode == hash && _comparer.Equals(entry.Key, key)) return i;
                i = entry.Next;
            }
            return -1;
        }

        private bool Insert(TKey key, TValue value, bool overwrite)
        {
            if (key == null) ThrowHelper.ThrowArgumentNullException(nameof(key));
            uint hash = (uint)_comparer.GetHashCode(key);
            int i = _buckets[hash % (uint)_buckets.Length] - 1;
            while (i >= 0)
            {
                ref Entry entry = ref _entries[i];
                if (entry.HashCode == hash && _comparer.Equals(entry.Key, key))
                {
                    if (!overwrite) return false;
                    entry.Value = value;
                    _version++;
                    return true;
                }
                i = entry.Next;
            }

            int index;
            if (_freeCount > 0)
            {
                index = _freeList;
                _freeList = StartOfFreeList - _entries[index].Next;
                _freeCount--;
            }
            else
            {
                if (_count == _entries.Length) Resize();
                index = _count++;
            }

            ref int bucket = ref _buckets[hash % (uint)_buckets.Length];
            ref Entry slot = ref _entries[index];
            slot.HashCode = hash;
            slot.Next = bucket - 1;
            slot.Key = key;
            slot.Value = value;
            bucket = index + 1;
            _version++;
            return true;
        }

        private void Resize()
        {
            int newSize = HashPrimes.AtLeast(2 * _count);
            Entry[] entries = new Entry[newSize];
            Array.Copy(_entries, entries, _count);
            int[] buckets = new int[newSize];
            for (int i = 0; i < _count; i++)
            {
                ref int bucket = ref buckets[entries[i].HashCode % (uint)newSize];
                entries[i].Next = bucket - 1;
                bucket = i + 1;
            }
            _buckets = buckets;
            _entries = entries;
        }

        public Enumerator GetEnumerator() => new Enumerator(this);
        IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => new Enumerator(this);
        IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

        public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
        {
            private readonly Dictionary<TKey, TValue> _dictionary;
            private readonly int _version;
            private int _index;
            private KeyValuePair<TKey, TValue> _current;

            internal Enumerator(Dictionary<TKey, TValue> dictionary)
            {
                _dictionary = dictionary;
                _version = dictionary._version;
                _index = 0;
                _current = default;
            }

            public bool MoveNext()
            {
                if (_version != _dictionary._version)
                    ThrowHelper.ThrowInvalidOperationException("Collection was modified; enumeration operation may not execute.");
                while ((uint)_index < (uint)_dictionary._count)
                {
                    ref Entry entry = ref _dictionary._entries[_index++];
                    if (entry.Next >= -1)
                    {
                        _current = new KeyValuePair<TKey, TValue>(entry.Key, entry.Value);
                        return true;
                    }
                }
                _index = _dictionary._count + 1;
                _current = default;
                return false;
            }

            public KeyValuePair<TKey, TValue> Current => _current;
            object IEnumerator.Current => _current;
            public void Reset() { _index = 0; _current = default; }
            public void Dispose() { }
        }

        public readonly struct KeyCollection : IEnumerable<TKey>
        {
            private readonly Dictionary<TKey, TValue> _dictionary;
            internal KeyCollection(Dictionary<TKey, TValue> dictionary) { _dictionary = dictionary; }
            public int Count => _dictionary.Count;
            public IEnumerator<TKey> GetEnumerator()
            {
                var keys = new List<TKey>(_dictionary.Count);
                foreach (var pair in _dictionary) keys.Add(pair.Key);
                return keys.GetEnumerator();
            }
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public readonly struct ValueCollection : IEnumerable<TValue>
        {
            private readonly Dictionary<TKey, TValue> _dictionary;
            internal ValueCollection(Dictionary<TKey, TValue> dictionary) { _dictionary = dictionary; }
            public int Count => _dictionary.Count;
            public IEnumerator<TValue> GetEnumerator()
            {
                var values = new List<TValue>(_dictionary.Count);
                foreach (var pair in _dictionary) values.Add(pair.Value);
                return values.GetEnumerator();
            }
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }

    internal static class HashPrimes
    {
        private static readonly int[] s_primes =
        {
            3, 7, 11, 17, 23, 29, 37, 47, 59, 71, 89, 107, 131, 163, 197, 239, 293, 353, 431, 521, 631, 761, 919,
            1103, 1327, 1597, 1931, 2333, 2801, 3371, 4049, 4861, 5839, 7013, 8419, 10103, 12143, 14591,
            17519, 21023, 25229, 30293, 36353, 43627, 52361, 62851, 75431, 90523, 108631, 130363, 156437,
            187751, 225307, 270371, 324449, 389357, 467237, 560689, 672827, 807403, 968897, 1162687, 1395263,
            1674319, 2009191, 2411033, 2893249, 3471899, 4166287, 4999559, 5999471, 7199369,
        };

        internal static int AtLeast(int min)
        {
            foreach (int p in s_primes) if (p >= min) return p;
            // Beyond the table: the next odd number not divisible by small primes is good enough.
            for (int n = min | 1; ; n += 2)
            {
                bool composite = false;
                for (int d = 3; d * d <= n && d < 1000; d += 2) if (n % d == 0) { composite = true; break; }
                if (!composite) return n;
            }
        }
    }
}
