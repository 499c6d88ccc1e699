namespace Tessera.Kernel.Fs.Vfs
{
    // A directory whose entries are computed (procfs: one per live process): Refresh adds and
    // removes dentries so that Entries matches what the asking process should see.
    public interface IDynamicDirectory
    {
        void Refresh(FsContext context, Dentry directory);
    }
}
