using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Pipes
{
    // pipefs: the hidden file system that gives pipe2's pipes an inode (fstat shows S_IFIFO,
    // mode 0600, the caller's ids) without a name anywhere.
    public sealed class AnonymousPipeInodes : FileSystem
    {
        public const long PipeFsMagic = 0x50495045;   // PIPEFS_MAGIC (include/uapi/linux/magic.h)
        private readonly Dentry _root;

        public AnonymousPipeInodes(IClock clock, DeviceNumber device) : base(clock, device)
        {
            _root = new Dentry("pipe:", null, new DirectoryInode(this, 0x1C0));
        }

        public override string TypeName => "pipefs";
        public override long Magic => PipeFsMagic;
        public override Dentry Root => _root;

        public SpecialInode NewPipeInode(Credentials owner)
        {
            var inode = new SpecialInode(this, FileMode.Fifo | 0x180, default);
            inode.Uid = owner.Uid;
            inode.Gid = owner.Gid;
            return inode;
        }

        public override StatFsInfo StatFs()
        {
            var info = new StatFsInfo();
            info.Type = PipeFsMagic;
            info.BlockSize = PageStore.PageSize;
            info.NameMax = PathLimits.NameMax;
            return info;
        }
    }
}
