using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Devices
{
    // A node devtmpfs creates for a registered device: its name under /dev, number and mode.
    public sealed class DeviceNode
    {
        public DeviceNode(string name, DeviceNumber number, uint permissions)
        {
            Name = name;
            Number = number;
            Permissions = permissions;
        }

        public string Name { get; }
        public DeviceNumber Number { get; }
        public uint Permissions { get; }
    }
}
