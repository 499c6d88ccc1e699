namespace Tessera.Kernel.Fs.Vfs
{
    // A regular file whose bytes live in memory pages (tmpfs, memfd).
    public sealed class RegularFileInode : Inode
    {
        public PageStore Content { get; }

        public RegularFileInode(FileSystem fileSystem, uint permissions, IPageBudget budget, IPageFrames frames) : base(fileSystem, FileMode.Regular | permissions)
        {
            Content = new PageStore(budget, frames);
            LinkCount = 1;
        }

        public override long Size => Content.Size;
        // A mapping holds the file as an open description would (its pages outlive unlink).
        public override bool IsMapped => Content.Mappings != null && Content.Mappings.InUse;
        public override long Blocks => Content.AllocatedPages * (PageStore.PageSize / 512);
    }
}
