using System.Collections.Generic;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // Advisory locks on one inode: POSIX record locks owned by processes (fcntl F_GETLK/F_SETLK)
    // and BSD whole-file locks owned by open file descriptions (flock). Conflicts give EAGAIN;
    // waiting for a lock (F_SETLKW, flock without LOCK_NB) is the syscall layer's retry.
    public sealed class FileLocks
    {
        private readonly List<RecordLock> _records = new List<RecordLock>();
        private readonly List<OpenFile> _flockHolders = new List<OpenFile>();
        private readonly List<bool> _flockExclusive = new List<bool>();

        // The first lock of another owner that conflicts with `wanted`, if any.
        public bool FindConflict(RecordLock wanted, out RecordLock conflict)
        {
            foreach (RecordLock held in _records)
            {
                if (held.ConflictsWith(wanted)) { conflict = held; return true; }
            }
            conflict = default;
            return false;
        }

        public Errno SetRecordLock(RecordLock wanted)
        {
            if (wanted.Type != RecordLock.Unlock && FindConflict(wanted, out _)) return Errno.EAGAIN;
            // Take the range out of the owner's existing locks, splitting where needed.
            for (int i = _records.Count - 1; i >= 0; i--)
            {
                RecordLock held = _records[i];
                if (held.Owner != wanted.Owner || !held.Overlaps(wanted.Start, wanted.End)) continue;
                _records.RemoveAt(i);
                if (held.Start < wanted.Start) _records.Add(new RecordLock(held.Owner, held.Type, held.Start, wanted.Start - 1));
                if (held.End > wanted.End) _records.Add(new RecordLock(held.Owner, held.Type, wanted.End + 1, held.End));
            }
            if (wanted.Type == RecordLock.Unlock) return Errno.None;
            // Merge with the owner's adjacent locks of the same type, as Linux does.
            for (int i = _records.Count - 1; i >= 0; i--)
            {
                RecordLock held = _records[i];
                if (held.Owner != wanted.Owner || held.Type != wanted.Type) continue;
                bool touches = (wanted.Start > 0 && held.End == wanted.Start - 1) || (wanted.End != long.MaxValue && held.Start == wanted.End + 1);
                if (!touches) continue;
                _records.RemoveAt(i);
                if (held.Start < wanted.Start) wanted.Start = held.Start;
                if (held.End > wanted.End) wanted.End = held.End;
            }
            _records.Add(wanted);
            return Errno.None;
        }

        public void ReleaseRecordLocks(int owner)
        {
            for (int i = _records.Count - 1; i >= 0; i--) if (_records[i].Owner == owner) _records.RemoveAt(i);
        }

        public int RecordLockCount => _records.Count;

        // flock(2): LOCK_SH or LOCK_EX for `file`'s description; converting drops the old lock
        // first, as Linux does.
        public Errno Flock(OpenFile file, bool exclusive)
        {
            ReleaseFlock(file);
            for (int i = 0; i < _flockHolders.Count; i++)
                if (exclusive || _flockExclusive[i]) return Errno.EAGAIN;
            _flockHolders.Add(file);
            _flockExclusive.Add(exclusive);
            return Errno.None;
        }

        public void ReleaseFlock(OpenFile file)
        {
            int index = _flockHolders.IndexOf(file);
            if (index < 0) return;
            _flockHolders.RemoveAt(index);
            _flockExclusive.RemoveAt(index);
        }
    }
}
