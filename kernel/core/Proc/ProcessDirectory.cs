using System.Collections.Generic;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Proc
{
    // /proc/[pid]: stat, status, cmdline, environ, maps, comm, exe, cwd, root and fd/ (proc(5)).
    public static class ProcessDirectory
    {
        public static DirectoryInode Create(ProcFileSystem fs, Process p)
        {
            var inode = new DirectoryInode(fs, 0x16D);
            var self = new Dentry(p.Pid.ToString(), fs.Root, inode);
            fs.AddFile(self, "stat", c => ProcessTexts.Stat(p));
            fs.AddFile(self, "status", c => ProcessTexts.Status(p));
            fs.AddBinaryFile(self, "cmdline", c => ProcessTexts.NulSeparated(p.Arguments));
            fs.AddBinaryFile(self, "environ", c => ProcessTexts.NulSeparated(p.Environment));
            fs.AddFile(self, "maps", c => ProcessTexts.Maps(p));
            fs.AddFile(self, "comm", c => p.Name + "\n");
            fs.AddLink(self, "exe", c => p.ExecutablePath);
            fs.AddLink(self, "cwd", c => p.Fs == null ? "/" : PathWalker.PathOf(p.Fs.Root, p.Fs.Cwd));
            fs.AddLink(self, "root", c => "/");
            var fdInode = new DirectoryInode(fs, 0x140);   // 0500
            fdInode.Dynamic = new DescriptorDirectory(fs, p, fdInode);
            var fd = new Dentry("fd", self, fdInode);
            inode.Entries.Add(fd);
            return inode;
        }
    }

    // /proc/[pid]/fd: a link per open descriptor, named by its number, to what it opened.
    public sealed class DescriptorDirectory : IDynamicDirectory
    {
        private readonly ProcFileSystem _fs;
        private readonly Process _process;
        private readonly DirectoryInode _inode;

        public DescriptorDirectory(ProcFileSystem fs, Process process, DirectoryInode inode)
        {
            _fs = fs;
            _process = process;
            _inode = inode;
        }

        // Stable across calls (getdents resumes by cookie): only fds opened or closed since
        // the last look change the entries.
        public void Refresh(FsContext context, Dentry directory)
        {
            FsContext files = _process.Fs;
            bool alive = files != null && !_process.IsZombie;
            var stale = new List<Dentry>();
            for (Dentry d = _inode.Entries.FirstAtOrAfter(DirectoryEntries.FirstCookie); d != null; d = _inode.Entries.FirstAtOrAfter(d.Cookie + 1))
                if (!alive || !int.TryParse(d.Name, out int n) || files.Files.Get(n) == null) stale.Add(d);
            foreach (Dentry d in stale) _inode.Entries.Remove(d);
            if (!alive) return;
            int highest = files.Files.HighestOpen();
            for (int fd = 0; fd <= highest; fd++)
            {
                if (files.Files.Get(fd) == null || _inode.Entries.Find(fd.ToString()) != null) continue;
                int number = fd;
                _fs.AddLink(directory, fd.ToString(), c => Describe(files, files.Files.Get(number)));
            }
        }

        private static string Describe(FsContext files, OpenFile file)
        {
            if (file == null) return "";
            if (!file.Location.IsValid)
            {
                // Anonymous files, as Linux names them.
                string number = file.Inode != null ? file.Inode.Number.ToString() : "0";
                return file switch
                {
                    Events.EpollFile => "anon_inode:[eventpoll]",
                    Events.EventCounterFile => "anon_inode:[eventfd]",
                    Events.TimerFile => "anon_inode:[timerfd]",
                    Events.SignalFile => "anon_inode:[signalfd]",
                    _ => "pipe:[" + number + "]",
                };
            }
            return PathWalker.PathOf(files.Root, file.Location);
        }
    }
}
