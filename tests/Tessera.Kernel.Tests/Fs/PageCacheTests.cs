using System.Collections.Generic;
using System.Text;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Tmpfs;
using Tessera.Kernel.Fs.Vfs;
using static Tessera.Kernel.Tests.Fs.FsWorld;

namespace Tessera.Kernel.Tests.Fs;

// The tmpfs page cache (PageStore over IPageFrames): frames come and go with the file's pages,
// mappings are told which pages left, and a mapped file outlives its last name and descriptor.
public class PageCacheTests
{
    private sealed class Budget : IPageBudget
    {
        public long Used;
        public long Max = 1000;
        public bool TryTake(long pages) { if (Used + pages > Max) return false; Used += pages; return true; }
        public void Give(long pages) => Used -= pages;
    }

    private sealed class RecordingMappings : IFileMappings
    {
        public readonly List<(long First, long End, bool Truncated)> Removed = new();
        public bool Mapped = true;
        public bool InUse => Mapped;
        public void PagesRemoved(long firstPage, long endPage, bool truncated) => Removed.Add((firstPage, endPage, truncated));
    }

    [Fact]
    public void FramesFollowThePagesAndGoBackWithThem()
    {
        var frames = new ManagedPageFrames();
        var budget = new Budget();
        var store = new PageStore(budget, frames);
        Assert.Equal(3, store.Write(2 * 4096 + 10, Encoding.ASCII.GetBytes("abc")));
        Assert.Equal(1, frames.Count);   // only the written page
        Assert.Equal(1, store.Write(0, new byte[] { 7 }));
        Assert.Equal(2, frames.Count);
        Assert.Equal(2, budget.Used);
        var back = new byte[3];
        Assert.Equal(3, store.Read(2 * 4096 + 10, back));
        Assert.Equal("abc", Encoding.ASCII.GetString(back));
        store.PunchHole(0, 4096);
        Assert.Equal(1, frames.Count);
        store.Release();
        Assert.Equal(0, frames.Count);
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public void MappingFaultsGetTheFilesFramesAndSigbusPastTheEnd()
    {
        var frames = new ManagedPageFrames();
        var store = new PageStore(new Budget(), frames);
        Assert.Equal(Errno.None, store.Truncate(4096 + 1));
        ulong frame = store.FrameForMapping(1, out bool beyond);   // a hole inside the file: allocated
        Assert.False(beyond);
        Assert.NotEqual(0UL, frame);
        Assert.Equal(frame, store.FrameForMapping(1, out _));      // the same frame every time
        Assert.Equal(1, store.Write(4096, new byte[] { 9 }));
        var data = new byte[1];
        frames.Read(frame, 0, data);
        Assert.Equal(9, data[0]);                                  // write() went to the mapped frame
        Assert.Equal(0UL, store.FrameForMapping(2, out beyond));
        Assert.True(beyond);                                       // wholly past the end: SIGBUS
        Assert.Equal(0UL, store.FrameForMapping(-1, out beyond));
        Assert.True(beyond);
    }

    [Fact]
    public void NoSpaceIsAFailedFaultNotBeyondTheEnd()
    {
        var store = new PageStore(new Budget { Max = 1 }, new ManagedPageFrames());
        Assert.Equal(Errno.None, store.Truncate(3 * 4096));
        Assert.NotEqual(0UL, store.FrameForMapping(0, out _));
        Assert.Equal(0UL, store.FrameForMapping(1, out bool beyond));
        Assert.False(beyond);
    }

    [Fact]
    public void MappingsHearWhichPagesLeft()
    {
        var store = new PageStore(new Budget(), new ManagedPageFrames());
        var mappings = new RecordingMappings();
        store.Mappings = mappings;
        Assert.Equal(Errno.None, store.Truncate(10 * 4096));
        Assert.Empty(mappings.Removed);                           // growing removes nothing
        Assert.Equal(Errno.None, store.Truncate(3 * 4096 + 5));
        Assert.Equal((4L, 10L, true), mappings.Removed[0]);       // page 3 keeps its first 5 bytes
        store.PunchHole(100, 3 * 4096);                           // whole pages 1 and 2
        Assert.Equal((1L, 3L, false), mappings.Removed[1]);
        store.PunchHole(10, 20);                                  // inside one page: zeroed, nothing leaves
        Assert.Equal(2, mappings.Removed.Count);
    }

    [Fact]
    public void ShrinkingZeroesTheRestOfTheLastPage()
    {
        var frames = new ManagedPageFrames();
        var store = new PageStore(new Budget(), frames);
        Assert.Equal(10, store.Write(0, Encoding.ASCII.GetBytes("0123456789")));
        ulong frame = store.FrameForMapping(0, out _);
        Assert.Equal(Errno.None, store.Truncate(4));
        var data = new byte[10];
        frames.Read(frame, 0, data);                              // what a mapping of the page shows
        Assert.Equal("0123\0\0\0\0\0\0", Encoding.ASCII.GetString(data));
    }

    [Fact]
    public void AMappedFileOutlivesItsNameAndDescriptors()
    {
        var world = new FsWorld();
        FsContext r = world.Root;
        int fd = (int)Open(r, "/f", OpenFlags.ReadWrite | OpenFlags.Create);
        Assert.Equal(5, ReadWriteCalls.Write(r, fd, Encoding.ASCII.GetBytes("hello")));
        var inode = (RegularFileInode)r.Files.Get(fd).Inode;
        var mappings = new RecordingMappings();
        inode.Content.Mappings = mappings;
        var tmpfs = (TmpfsFileSystem)inode.FileSystem;
        ulong freeBefore = tmpfs.StatFs().FreeBlocks;
        Assert.Equal(0, LinkCalls.Unlink(r, "/f"));
        Assert.Equal(0, OpenCalls.Close(r, fd));
        Assert.Equal(5, inode.Size);                              // still there for the mapping
        Assert.Equal(freeBefore, tmpfs.StatFs().FreeBlocks);
        mappings.Mapped = false;                                  // the last mapping goes
        inode.ReleaseIfUnused();
        Assert.Equal(0, inode.Size);
        Assert.Equal(freeBefore + 1, tmpfs.StatFs().FreeBlocks);
    }
}
