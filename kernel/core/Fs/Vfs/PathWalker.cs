using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // Path resolution as Linux's fs/namei.c does it: components separated by any number of
    // slashes, search permission on every directory walked, "." and "..", mounts crossed both
    // ways (".." never leaves the process's root), symlinks followed with at most 40 per
    // lookup (ELOOP past that), NAME_MAX and PATH_MAX enforced (ENAMETOOLONG).
    public static class PathWalker
    {
        // Resolves `path` relative to `start` (ignored for absolute paths). followFinal:
        // follow a symlink in the last component; a trailing slash always follows and demands
        // a directory.
        public static Errno Resolve(FsContext context, PathLocation start, string path, bool followFinal, out PathLocation result)
        {
            result = default;
            int links = 0;
            Errno error = ResolveParent(context, start, path, ref links, out ParentLookup parent);
            if (error != Errno.None) return error;
            return ResolveLast(context, parent, followFinal, ref links, out result);
        }

        // The last step of a lookup whose parent is known.
        public static Errno ResolveLast(FsContext context, ParentLookup parent, bool followFinal, ref int links, out PathLocation result)
        {
            result = parent.Directory;
            if (parent.Kind == LastComponent.Root) return Errno.None;
            Errno error = Step(context, ref result, parent.Name, 0, parent.Name.Length, followFinal || parent.TrailingSlash, ref links);
            if (error != Errno.None) return error;
            if (parent.TrailingSlash && !result.Inode.IsDirectory) return Errno.ENOTDIR;
            return Errno.None;
        }

        public static Errno ResolveParent(FsContext context, PathLocation start, string path, out ParentLookup parent)
        {
            int links = 0;
            return ResolveParent(context, start, path, ref links, out parent);
        }

        public static Errno ResolveParent(FsContext context, PathLocation start, string path, ref int links, out ParentLookup parent)
        {
            parent = default;
            if (path.Length == 0) return Errno.ENOENT;
            if (path.Length >= PathLimits.PathMax / 4 && PathLimits.Utf8Length(path, 0, path.Length) >= PathLimits.PathMax)
                return Errno.ENAMETOOLONG;
            PathLocation current = path[0] == '/' ? context.Root : start;
            int end = path.Length;
            while (end > 0 && path[end - 1] == '/') end--;
            parent.TrailingSlash = end < path.Length;
            if (end == 0)
            {
                parent.Directory = CrossMounts(context, context.Root);
                parent.Kind = LastComponent.Root;
                parent.Name = "/";
                return Errno.None;
            }
            int lastStart = end;
            while (lastStart > 0 && path[lastStart - 1] != '/') lastStart--;
            Errno error = Walk(context, ref current, path, 0, lastStart, ref links);
            if (error != Errno.None) return error;
            if (!current.Inode.IsDirectory) return Errno.ENOTDIR;
            error = Permissions.Check(current.Inode, context.Credentials, AccessMask.Execute);   // may_lookup on the last directory
            if (error != Errno.None) return error;
            parent.Directory = current;
            int length = end - lastStart;
            if (length == 1 && path[lastStart] == '.') { parent.Kind = LastComponent.Dot; parent.Name = "."; }
            else if (length == 2 && path[lastStart] == '.' && path[lastStart + 1] == '.') { parent.Kind = LastComponent.DotDot; parent.Name = ".."; }
            else
            {
                if (length > PathLimits.NameMax / 4 && PathLimits.Utf8Length(path, lastStart, end) > PathLimits.NameMax)
                    return Errno.ENAMETOOLONG;
                parent.Kind = LastComponent.Normal;
                parent.Name = length == path.Length ? path : path.Substring(lastStart, length);
            }
            return Errno.None;
        }

        // Walks the components of path[from, to), following every symlink met.
        private static Errno Walk(FsContext context, ref PathLocation current, string path, int from, int to, ref int links)
        {
            int i = from;
            while (i < to)
            {
                while (i < to && path[i] == '/') i++;
                if (i >= to) break;
                int j = i;
                while (j < to && path[j] != '/') j++;
                if (j - i > PathLimits.NameMax / 4 && PathLimits.Utf8Length(path, i, j) > PathLimits.NameMax) return Errno.ENAMETOOLONG;
                Errno error = Step(context, ref current, path, i, j - i, true, ref links);
                if (error != Errno.None) return error;
                i = j;
            }
            return Errno.None;
        }

        // Looks the name text[start, start + length) up in the directory `current` and moves there.
        private static Errno Step(FsContext context, ref PathLocation current, string text, int start, int length, bool follow, ref int links)
        {
            Inode inode = current.Inode;
            if (!(inode is DirectoryInode directory)) return Errno.ENOTDIR;
            Errno error = Permissions.Check(inode, context.Credentials, AccessMask.Execute);
            if (error != Errno.None) return error;
            if (text[start] == '.' && (length == 1 || (length == 2 && text[start + 1] == '.')))
            {
                if (length == 2) current = Up(context, current);
                return Errno.None;
            }
            directory.Dynamic?.Refresh(context, current.Dentry);
            Dentry child = directory.Entries.Find(text, start, length);
            if (child == null) return Errno.ENOENT;
            var next = CrossMounts(context, new PathLocation(current.Mount, child));
            if (follow && next.Inode is SymlinkInode link)
                return FollowLink(context, ref current, link, ref links);
            current = next;
            return Errno.None;
        }

        // Replaces `current` (the directory holding the link) by the link's target.
        private static Errno FollowLink(FsContext context, ref PathLocation current, SymlinkInode link, ref int links)
        {
            if (links++ >= PathLimits.MaxSymlinks) return Errno.ELOOP;
            link.TouchAccess();
            string target = link.TargetFor(context);
            if (target.Length == 0) return Errno.ENOENT;
            PathLocation position = target[0] == '/' ? context.Root : current;
            Errno error = Walk(context, ref position, target, 0, target.Length, ref links);
            if (error != Errno.None) return error;
            // A target ending in "/" names a directory, as a path given directly would.
            if (target[target.Length - 1] == '/' && !position.Inode.IsDirectory) return Errno.ENOTDIR;
            current = position;
            return Errno.None;
        }

        // ".." from `current`: stays at the process root, climbs out of mounts to the mount
        // point's parent (fs/namei.c follow_dotdot).
        public static PathLocation Up(FsContext context, PathLocation current)
        {
            while (true)
            {
                if (current.SameAs(context.Root)) return current;
                if (current.Dentry == current.Mount.Root)
                {
                    if (current.Mount.Parent == null) return current;
                    current = new PathLocation(current.Mount.Parent, current.Mount.MountPoint);
                    continue;
                }
                return CrossMounts(context, new PathLocation(current.Mount, current.Dentry.Parent));
            }
        }

        // Goes down into whatever is mounted on this dentry, repeatedly for stacked mounts.
        public static PathLocation CrossMounts(FsContext context, PathLocation location)
        {
            while (location.Dentry.MountCount > 0)
            {
                Mount mounted = context.Vfs.Mounts.MountedOn(location.Mount, location.Dentry);
                if (mounted == null) break;
                location = new PathLocation(mounted, mounted.Root);
            }
            return location;
        }

        // The absolute path of a location as getcwd and /proc show it, relative to `root`;
        // a location outside it (after chroot) is prefixed "(unreachable)", as Linux does.
        public static string PathOf(PathLocation root, PathLocation location)
        {
            if (location.Mount == null || location.Dentry == null) return "";
            if (location.SameAs(root)) return "/";
            string path = "";
            PathLocation current = location;
            while (!current.SameAs(root))
            {
                // A name outside every directory (memfd): the path is its own name.
                if (current.Dentry == null) break;
                if (current.Dentry == current.Mount.Root)
                {
                    if (current.Mount.Parent == null) return "(unreachable)" + (path.Length == 0 ? "/" : path);
                    current = new PathLocation(current.Mount.Parent, current.Mount.MountPoint);
                    continue;
                }
                path = "/" + current.Dentry.Name + path;
                current = new PathLocation(current.Mount, current.Dentry.Parent);
            }
            if (path.Length == 0) path = "/";
            // d_path marks a name that was unlinked while in use.
            return location.Dentry.Unlinked ? path + " (deleted)" : path;
        }
    }
}
