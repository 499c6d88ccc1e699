namespace Tessera.Kernel.Fs.Vfs
{
    // A regular file whose bytes live in memory pages (tmpfs, memfd).
    public sealed class RegularFileInode : Inode
    {
        public PageStore Content { get; }

        public RegularFileInode(FileSystem fileSystem, uint permissions, IPageBudget budget) : base(fileSystem, FileMode.Regular | permissions)
        {
            Content = new PageStore(budget);
            LinkCount = 1;
        }

        public override long Size => Content.Size;
        public override long Blocks => Content.AllocatedPages * (PageStore.PageSize / 512);
    }
}
