using System.Collections.Generic;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;

namespace Tessera.Kernel.Memory
{
    // The pages of one MAP_SHARED anonymous mapping: a single set of frames for every process
    // that maps it, whoever touches a page first (Linux backs such mappings with one shmem
    // file). Each area that refers to it (fork and splits copy areas) counts as a user; the
    // frames, of which we hold one reference each, go with the last user.
    public sealed class SharedPages
    {
        private readonly Dictionary<ulong, ulong> _frames = new Dictionary<ulong, ulong>();   // page offset -> frame
        private readonly KernelMutex _lock = new KernelMutex();
        private int _areas = 1;

        // The frame at this page-aligned offset, allocated (zeroed) on first use, with a new
        // reference for the caller's page table; 0 when memory is exhausted.
        public ulong ReferenceFrame(ulong offset)
        {
            _lock.Enter();
            if (!_frames.TryGetValue(offset, out ulong frame))
            {
                frame = AddressSpace.AllocateFrame();
                if (frame != 0) _frames[offset] = frame;
            }
            if (frame != 0) FrameSharing.AddReference(frame);
            _lock.Exit();
            return frame;
        }

        public void AddArea()
        {
            _lock.Enter();
            _areas++;
            _lock.Exit();
        }

        public void ReleaseArea()
        {
            _lock.Enter();
            bool last = --_areas == 0;
            _lock.Exit();
            if (!last) return;
            foreach (ulong frame in _frames.Values) FrameSharing.Release(frame);
            _frames.Clear();
        }
    }
}
