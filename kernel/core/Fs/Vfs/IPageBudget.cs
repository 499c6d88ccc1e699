namespace Tessera.Kernel.Fs.Vfs
{
    // The memory a file system may use for file pages (tmpfs's size= limit): ENOSPC past it.
    public interface IPageBudget
    {
        bool TryTake(long pages);
        void Give(long pages);
    }
}
