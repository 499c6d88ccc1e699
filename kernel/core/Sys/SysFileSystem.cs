using System;
using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Platform.Acpi;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Proc;

namespace Tessera.Kernel.Sys
{
    // A minimal sysfs (mount -t sysfs sysfs /sys): the top-level directories programs look
    // for, and the CPU lists that sysconf(_SC_NPROCESSORS_*) and runtimes read
    // (Documentation/ABI/testing/sysfs-devices-system-cpu).
    public sealed class SysFileSystem : FileSystem
    {
        public const long SysfsMagic = 0x62656572;
        private readonly Dentry _root;

        public SysFileSystem(VirtualFileSystem vfs, DeviceNumber device) : base(vfs.Clock, device)
        {
            _root = new Dentry("/", null, new DirectoryInode(this, 0x1ED));
            foreach (string name in new[] { "block", "bus", "class", "dev", "firmware", "fs", "kernel", "module", "power" })
                Directory(_root, name);
            Dentry cpu = Directory(Directory(Directory(_root, "devices"), "system"), "cpu");
            File(cpu, "online", () => CpuList(online: true));
            File(cpu, "possible", () => CpuList(online: false));
            File(cpu, "present", () => CpuList(online: false));
            File(Directory(_root, "kernel"), "hostname", () => "tessera\n");
            AddFirmwareTables(AcpiTables.CcEventLog);
            AddTpmEventLog();
        }

        // The firmware's TCG2 event log where Linux has it, read-only for root (0440). In Linux
        // this directory is securityfs mounted on /sys/kernel/security; we keep it inside sysfs
        // and mount nothing more. Present only when the loader passed a log.
        private void AddTpmEventLog()
        {
            ReadOnlySpan<byte> log = BootInfo.Tcg2EventLog;
            if (log.Length == 0) return;
            byte[] bytes = log.ToArray();
            Dentry tpm0 = Directory(Directory(Directory(_root, "kernel"), "security"), "tpm0");
            ((DirectoryInode)tpm0.Inode).Entries.Add(new Dentry("binary_bios_measurements", tpm0,
                new GeneratedFileInode(this, 0x120, c => bytes)));
        }

        // Linux's ACPI table files (drivers/acpi/sysfs.c): /sys/firmware/acpi/tables/CCEL is the
        // CC event log table and /sys/firmware/acpi/tables/data/CCEL its log area, both 0400
        // root, present only when the firmware gave a CCEL. Attestation agents read the log here.
        internal void AddFirmwareTables(CcEventLog ccel)
        {
            if (ccel == null) return;
            Dentry tables = Directory(Directory(Directory(_root, "firmware"), "acpi"), "tables");
            BinaryFile(tables, CcEventLog.Signature, ccel.Table);
            BinaryFile(Directory(tables, "data"), CcEventLog.Signature, ccel.LogArea);
        }

        private void BinaryFile(Dentry parent, string name, byte[] contents) =>
            ((DirectoryInode)parent.Inode).Entries.Add(new Dentry(name, parent,
                new GeneratedFileInode(this, 0x100, c => contents, contents.Length)));   // 0400, owned by root; stat gives the size as Linux does

        public override string TypeName => "sysfs";
        public override long Magic => SysfsMagic;
        public override Dentry Root => _root;
        public override StatFsInfo StatFs() => new StatFsInfo { Type = SysfsMagic, BlockSize = 4096 };

        private Dentry Directory(Dentry parent, string name)
        {
            DirectoryInode parentInode = (DirectoryInode)parent.Inode;
            Dentry existing = parentInode.Entries.Find(name);
            if (existing != null) return existing;
            var dentry = new Dentry(name, parent, new DirectoryInode(this, 0x1ED));
            parentInode.Entries.Add(dentry);
            return dentry;
        }

        private void File(Dentry parent, string name, Func<string> text) =>
            ((DirectoryInode)parent.Inode).Entries.Add(new Dentry(name, parent,
                new GeneratedFileInode(this, 0x124, c => System.Text.Encoding.UTF8.GetBytes(text()))));

        // "0-3", or a comma list when CPUs are missing in between.
        private static string CpuList(bool online)
        {
            var text = new System.Text.StringBuilder();
            int start = -1;
            for (int i = 0; i <= Processors.Count; i++)
            {
                bool present = i < Processors.Count && (!online || Processors.IsOnline(i));
                if (present && start < 0) start = i;
                if (!present && start >= 0)
                {
                    if (text.Length > 0) text.Append(',');
                    text.Append(start);
                    if (i - 1 > start) text.Append('-').Append(i - 1);
                    start = -1;
                }
            }
            return text.Append('\n').ToString();
        }
    }

    public sealed class SysFileSystemType : IFileSystemType
    {
        public Errno Create(VirtualFileSystem vfs, string options, out FileSystem fileSystem)
        {
            fileSystem = new SysFileSystem(vfs, vfs.NextAnonymousDevice());
            return Errno.None;
        }
    }
}
