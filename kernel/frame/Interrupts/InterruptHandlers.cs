using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Interrupts
{
    // Handlers for vectors 32-255, called with interrupts disabled. A handler must not
    // allocate (the collector may be mid-collection on this CPU). It may switch threads:
    // the interrupted state is on the interrupted thread's stack.
    internal static unsafe class InterruptHandlers
    {
        internal const int FirstDeviceVector = 32;
        internal const int SpuriousVector = 0xFF;
        private static delegate*<TrapFrame*, void>* s_handlers;
        internal static ulong SpuriousCount;

        internal static void Initialize() =>
            s_handlers = (delegate*<TrapFrame*, void>*)BootAllocator.Allocate(256 * 8);

        internal static void Register(int vector, delegate*<TrapFrame*, void> handler)
        {
            if (vector < FirstDeviceVector || vector > 255) Panic.Halt("interrupt vector out of range");
            s_handlers[vector] = handler;
        }

        internal static void Dispatch(TrapFrame* frame)
        {
            int vector = (int)frame->Vector;
            if (vector == SpuriousVector) { SpuriousCount++; return; }   // no EOI for spurious
            delegate*<TrapFrame*, void> handler = s_handlers[vector];
            if (handler == null) Panic.Halt("unexpected interrupt on vector " + vector.ToString());
            handler(frame);
        }
    }
}
