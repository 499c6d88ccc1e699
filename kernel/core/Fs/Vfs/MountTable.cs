using System.Collections.Generic;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // Every mount in the namespace. Lookup asks it only at dentries whose MountCount is > 0,
    // so the common case costs nothing.
    public sealed class MountTable
    {
        private readonly List<Mount> _mounts = new List<Mount>();
        private int _nextId = 1;

        public Mount Root { get; private set; }

        public Mount MountRoot(FileSystem fileSystem)
        {
            Root = new Mount(_nextId++, fileSystem, null, null, 0);
            _mounts.Add(Root);
            return Root;
        }

        public Mount Attach(FileSystem fileSystem, PathLocation at, int flags)
        {
            var mount = new Mount(_nextId++, fileSystem, at.Mount, at.Dentry, flags);
            at.Dentry.MountCount++;
            _mounts.Add(mount);
            return mount;
        }

        // The mount most recently stacked on this dentry of `parent`, or null.
        public Mount MountedOn(Mount parent, Dentry dentry)
        {
            for (int i = _mounts.Count - 1; i >= 0; i--)
            {
                Mount m = _mounts[i];
                if (m.Parent == parent && m.MountPoint == dentry) return m;
            }
            return null;
        }

        // umount: EINVAL for the namespace root, EBUSY while something is mounted below it or
        // files, working or root directories are inside, unless lazy (MNT_DETACH: it leaves the
        // tree now and its users keep what they hold).
        public Errno Detach(Mount mount, bool lazy)
        {
            if (mount == Root || mount.Parent == null) return Errno.EINVAL;
            foreach (Mount m in _mounts) if (m.Parent == mount) return Errno.EBUSY;
            if (mount.Users > 0 && !lazy) return Errno.EBUSY;
            _mounts.Remove(mount);
            mount.MountPoint.MountCount--;
            mount.Detached = true;
            return Errno.None;
        }

        public IReadOnlyList<Mount> All => _mounts;
    }
}
