namespace Tessera.Kernel.Fs.Vfs
{
    // The memory mappings of one file, told when pages leave its page cache so that no mapping
    // keeps showing a page the file no longer has (Linux's unmap_mapping_range). Called with
    // the file-system lock held, so it may only note the work; the mappings do it once the lock
    // is dropped.
    public interface IFileMappings
    {
        // Pages [firstPage, endPage) left the cache: truncated (every mapped page of the range
        // goes, private copies too, so access beyond the end faults) or punched (only pages
        // that showed the cache's frames go; private copies stay).
        void PagesRemoved(long firstPage, long endPage, bool truncated);

        // Whether any mapping exists; the inode must not be released while one does.
        bool InUse { get; }
    }
}
