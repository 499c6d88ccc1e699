using System.Collections.Generic;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;

namespace Tessera.Kernel.Memory
{
    // Reference counts of user frames mapped in more than one place (copy-on-write after fork,
    // shared mappings). A frame with no entry has one owner. A sleeping lock, not a spinlock:
    // the dictionary may allocate, and allocation may stop the world.
    public static class FrameSharing
    {
        private static readonly Dictionary<ulong, int> s_counts = new Dictionary<ulong, int>();
        private static readonly KernelMutex s_lock = new KernelMutex();

        public static void AddReference(ulong frame)
        {
            s_lock.Enter();
            s_counts[frame] = s_counts.TryGetValue(frame, out int count) ? count + 1 : 2;
            s_lock.Exit();
        }

        public static bool IsShared(ulong frame)
        {
            s_lock.Enter();
            bool shared = s_counts.ContainsKey(frame);
            s_lock.Exit();
            return shared;
        }

        // Drops one reference and frees the frame with the last.
        public static void Release(ulong frame)
        {
            s_lock.Enter();
            bool last = true;
            if (s_counts.TryGetValue(frame, out int count))
            {
                last = false;
                if (count <= 2) s_counts.Remove(frame); else s_counts[frame] = count - 1;
            }
            s_lock.Exit();
            if (last) AddressSpace.FreeFrame(frame);
        }
    }
}
