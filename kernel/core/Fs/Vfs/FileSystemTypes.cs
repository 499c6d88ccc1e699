using System.Collections.Generic;

namespace Tessera.Kernel.Fs.Vfs
{
    // The file system types mount(2) knows by name (/proc/filesystems). tmpfs and devtmpfs are
    // built in; proc, sysfs and devpts register here when their layers exist.
    public sealed class FileSystemTypes
    {
        private readonly Dictionary<string, IFileSystemType> _types = new Dictionary<string, IFileSystemType>();

        public void Register(string name, IFileSystemType type) => _types[name] = type;

        public IEnumerable<string> Names => _types.Keys;

        public IFileSystemType Find(string name) => name != null && _types.TryGetValue(name, out IFileSystemType t) ? t : null;
    }
}
