using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Syscalls;

namespace Tessera.Kernel.Exec
{
    // A program file found for execve: a regular file the caller may execute (execve(2):
    // EACCES for directories and other non-regular files or without search or execute
    // permission), its contents as a page source for mapping, and its path for AT_EXECFN.
    public sealed class ExecutableFile
    {
        private ExecutableFile(RegularFileInode inode, string path)
        {
            Inode = inode;
            Path = path;
            Source = new FilePages(inode.Content, MappedFile.Of(inode));   // under the file-system lock
        }

        public RegularFileInode Inode { get; }
        public string Path { get; }
        public IPageSource Source { get; }

        public static Errno Open(FsContext context, string path, out ExecutableFile file)
        {
            file = null;
            if (path.Length == 0) return Errno.ENOENT;
            using (FileSystemLock.Hold())
            {
                PathLocation start = path[0] == '/' ? context.Root : context.Cwd;
                Errno error = PathWalker.Resolve(context, start, path, true, out PathLocation found);
                if (error != Errno.None) return error;
                if (!(found.Inode is RegularFileInode regular)) return Errno.EACCES;
                error = Permissions.Check(regular, context.Credentials, AccessMask.Execute);
                if (error != Errno.None) return error;
                file = new ExecutableFile(regular, PathWalker.PathOf(context.Root, found));
                return Errno.None;
            }
        }

        public byte[] ReadAll()
        {
            using (FileSystemLock.Hold())
            {
                var bytes = new byte[(int)Math.Min(Inode.Content.Size, int.MaxValue)];
                Inode.Content.Read(0, bytes);
                return bytes;
            }
        }
    }

    // A program file's pages for the loader: its segments map the file's own frames
    // (Mapping) where a whole page lies inside a segment, and read the rest (the partial pages
    // at a segment's ends) when first touched.
    public sealed class FilePages : IPageSource
    {
        private readonly PageStore _store;

        public FilePages(PageStore store, MappedFile mapping)
        {
            _store = store;
            Mapping = mapping;
        }

        public MappedFile Mapping { get; }

        public ulong Length => (ulong)_store.Size;

        public int Read(ulong offset, Span<byte> destination)
        {
            using (FileSystemLock.Hold()) return _store.Read((long)offset, destination);
        }
    }
}
