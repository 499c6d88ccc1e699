using System.Collections.Generic;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Devices
{
    // Character devices by number (Documentation/admin-guide/devices.txt): drivers register
    // here; opening a node with an unknown number gives ENXIO, as Linux's chrdev_open does.
    public sealed class DeviceRegistry
    {
        private readonly Dictionary<uint, ICharacterDevice> _characterDevices = new Dictionary<uint, ICharacterDevice>();
        private readonly List<DeviceNode> _nodes = new List<DeviceNode>();

        // Registers a driver and the /dev name devtmpfs gives it.
        public void Register(DeviceNumber number, string name, uint permissions, ICharacterDevice device)
        {
            _characterDevices[number.Encoded] = device;
            _nodes.Add(new DeviceNode(name, number, permissions));
        }

        public ICharacterDevice Find(DeviceNumber number) =>
            _characterDevices.TryGetValue(number.Encoded, out ICharacterDevice device) ? device : null;

        public IReadOnlyList<DeviceNode> Nodes => _nodes;

        public Errno Open(PathLocation location, Inode inode, int flags, out OpenFile file)
        {
            file = null;
            if (inode.Type != FileMode.CharacterDevice) return Errno.ENXIO;   // no block devices
            ICharacterDevice device = Find(inode.Rdev);
            if (device == null) return Errno.ENXIO;
            return device.Open(location, inode, flags, out file);
        }
    }
}
