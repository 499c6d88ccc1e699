using System;
using System.Collections.Generic;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Calls;
using Tessera.Kernel.Fs.Compression;
using Tessera.Kernel.Fs.Cpio;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Initramfs
{
    // Unpacks the initramfs into the root file system as Linux's init/initramfs.c does:
    // members in archive order, optionally gzip-compressed, an existing name of another type
    // replaced, hard links (same inode number, nlink >= 2) made links with the data written
    // once, owners, modes and mtimes kept. The archive is untrusted: any bad member stops
    // with a reason naming it; nothing here can crash or hang.
    public static class InitramfsLoader
    {
        public const int MaxUnpackedBytes = 1 << 30;   // 1 GiB: refuse bigger (or bomb) archives

        // Returns null on success or a reason the boot can print.
        public static string Load(FsContext root, ReadOnlySpan<byte> archive)
        {
            byte[] unpacked = null;
            if (Gzip.LooksCompressed(archive))
            {
                string error = Gzip.Decompress(archive, MaxUnpackedBytes, out unpacked);
                if (error != null) return "initramfs: " + error;
                archive = unpacked;
            }
            var entries = new List<CpioEntry>();
            string cpioError = CpioNewcReader.TryRead(archive, entries);
            if (cpioError != null) return "initramfs: " + cpioError;
            return Populate(root, archive, entries);
        }

        public static string Populate(FsContext root, ReadOnlySpan<byte> archive, List<CpioEntry> entries)
        {
            uint savedUmask = root.Umask;
            root.Umask = 0;
            var firstNameOfInode = new Dictionary<ulong, string>();
            var directoryTimes = new List<CpioEntry>();
            string result = null;
            foreach (CpioEntry entry in entries)
            {
                string name = Normalize(entry.Name);
                if (name.Length == 0) continue;   // "." is the root itself
                Errno error = AddMember(root, archive, entry, name, firstNameOfInode);
                if (error != Errno.None)
                {
                    result = "initramfs: cannot create '" + entry.Name + "': error " + ((int)error).ToString() + " (" + ErrnoName(error) + ")";
                    break;
                }
                if (entry.FileType == CpioEntry.Directory) directoryTimes.Add(entry);
            }
            // Directory mtimes last: adding their children changed them (init/initramfs.c dir_utime).
            if (result == null)
                foreach (CpioEntry entry in directoryTimes) SetTimes(root, Normalize(entry.Name), entry.ModificationTime);
            root.Umask = savedUmask;
            return result;
        }

        private static Errno AddMember(FsContext root, ReadOnlySpan<byte> archive, CpioEntry entry, string name, Dictionary<ulong, string> firstNameOfInode)
        {
            uint permissions = entry.Mode & FileMode.PermissionMask;
            uint type = entry.FileType;
            Errno error = RemoveIfDifferent(root, name, type);
            if (error != Errno.None) return error;
            switch (type)
            {
                case CpioEntry.Directory:
                    long made = DirectoryCalls.Mkdir(root, name, permissions);
                    if (made < 0 && made != -(long)Errno.EEXIST) return (Errno)(-made);
                    break;
                case CpioEntry.RegularFile:
                    error = AddFile(root, archive, entry, name, permissions, firstNameOfInode);
                    if (error != Errno.None) return error;
                    break;
                case CpioEntry.SymbolicLink:
                    if (entry.DataLength == 0 || entry.DataLength >= PathLimits.PathMax) return Errno.ENAMETOOLONG;
                    string target = System.Text.Encoding.UTF8.GetString(archive.Slice(entry.DataOffset, entry.DataLength));
                    long linked = LinkCalls.Symlink(root, target, name);
                    if (linked < 0) return (Errno)(-linked);
                    break;
                case CpioEntry.CharacterDevice:
                case CpioEntry.BlockDevice:
                case CpioEntry.Fifo:
                case CpioEntry.Socket:
                    uint dev = new DeviceNumber(entry.RdevMajor, entry.RdevMinor).Encoded;
                    long node = DirectoryCalls.Mknod(root, name, type | permissions, dev);
                    if (node < 0) return (Errno)(-node);
                    break;
                default:
                    return Errno.EINVAL;
            }
            long owned = AttributeCalls.Lchown(root, name, entry.Uid, entry.Gid);
            if (owned < 0) return (Errno)(-owned);
            if (type != CpioEntry.SymbolicLink)
            {
                long moded = AttributeCalls.Chmod(root, name, permissions);   // chown cleared set-ID bits
                if (moded < 0) return (Errno)(-moded);
            }
            SetTimes(root, name, entry.ModificationTime);
            return Errno.None;
        }

        private static Errno AddFile(FsContext root, ReadOnlySpan<byte> archive, CpioEntry entry, string name, uint permissions, Dictionary<ulong, string> firstNameOfInode)
        {
            bool linked = false;
            if (entry.LinkCount >= 2)
            {
                ulong key = ((ulong)entry.DeviceMajor << 52) ^ ((ulong)entry.DeviceMinor << 32) ^ entry.Inode;
                if (firstNameOfInode.TryGetValue(key, out string first))
                {
                    long result = LinkCalls.Link(root, first, name);
                    if (result < 0) return (Errno)(-result);
                    linked = true;
                }
                else firstNameOfInode[key] = name;
            }
            if (linked && entry.DataLength == 0) return Errno.None;
            int flags = OpenFlags.WriteOnly | OpenFlags.Create | (linked ? 0 : OpenFlags.Truncate);
            long fd = OpenCalls.Open(root, name, flags, permissions);
            if (fd < 0) return (Errno)(-fd);
            long written = ReadWriteCalls.Write(root, (int)fd, archive.Slice(entry.DataOffset, entry.DataLength));
            OpenCalls.Close(root, (int)fd);
            if (written < 0) return (Errno)(-written);
            return written == entry.DataLength ? Errno.None : Errno.ENOSPC;
        }

        // A name already present with another type is removed first (init/initramfs.c clean_path).
        private static Errno RemoveIfDifferent(FsContext root, string name, uint type)
        {
            if (CallSupport.Resolve(root, AtFlags.CurrentDirectory, name, false, out PathLocation existing) != Errno.None) return Errno.None;
            if (existing.Inode.Type == type) return type == CpioEntry.Directory || type == CpioEntry.RegularFile ? Errno.None : Remove(root, name, false);
            return Remove(root, name, existing.Inode.IsDirectory);
        }

        private static Errno Remove(FsContext root, string name, bool directory)
        {
            long result = directory ? DirectoryCalls.Rmdir(root, name) : LinkCalls.Unlink(root, name);
            return result < 0 ? (Errno)(-result) : Errno.None;
        }

        private static void SetTimes(FsContext root, string name, uint mtime)
        {
            Span<byte> times = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(times, mtime);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(times.Slice(16), mtime);
            AttributeCalls.UtimensAt(root, AtFlags.CurrentDirectory, name, times, AtFlags.SymlinkNoFollow);
        }

        // Member names are relative to the root: "./bin/sh", "/bin/sh" and "bin/sh" agree.
        private static string Normalize(string name)
        {
            int start = 0;
            while (true)
            {
                if (name.Length - start >= 2 && name[start] == '.' && name[start + 1] == '/') start += 2;
                else if (name.Length - start >= 1 && name[start] == '/') start += 1;
                else break;
            }
            if (name.Length - start == 1 && name[start] == '.') return "";
            return "/" + name.Substring(start);
        }

        private static string ErrnoName(Errno error) => error switch
        {
            Errno.ENOENT => "ENOENT", Errno.ENOTDIR => "ENOTDIR", Errno.EEXIST => "EEXIST", Errno.ENOSPC => "ENOSPC",
            Errno.ENAMETOOLONG => "ENAMETOOLONG", Errno.EISDIR => "EISDIR", Errno.ENOTEMPTY => "ENOTEMPTY", Errno.ELOOP => "ELOOP",
            Errno.EINVAL => "EINVAL", Errno.EACCES => "EACCES", Errno.EPERM => "EPERM", _ => "errno",
        };
    }
}
