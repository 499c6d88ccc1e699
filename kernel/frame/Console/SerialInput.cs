using Tessera.Frame.Cpu;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Threading;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Console
{
    // Bytes typed on the serial console: the UART's receive interrupt (COM1 is ISA IRQ 4,
    // routed by the I/O APIC) drains its FIFO into a ring here and wakes whoever waits; the
    // terminal layer reads them from a thread. A full ring drops new bytes, as a UART would.
    public static unsafe class SerialInput
    {
        private const byte Irq = 4;
        private const int Vector = 0x24;
        private const ushort InterruptEnable = 0x3F9, InterruptIdentification = 0x3FA, ModemControl = 0x3FC;
        private const int Capacity = 4096;

        private static readonly byte[] s_ring = new byte[Capacity];
        private static int s_head, s_tail;     // bytes live in [tail, head)
        private static readonly SpinLock s_lock = new SpinLock();
        private static readonly WaitQueue s_waiters = new WaitQueue();
        private static bool s_started;

        public static ulong Dropped { get; private set; }

        // Turns on the receive interrupt (on the boot CPU).
        public static void Start()
        {
            if (s_started) return;
            s_started = true;
            InterruptHandlers.Register(Vector, &OnInterrupt);
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            IoApic.RouteIsaIrq(Irq, Vector, LocalApic.Id);
            PortIo.Out8(ModemControl, 0x0B);         // DTR, RTS and OUT2, which gates the IRQ line
            PortIo.Out8(InterruptEnable, 0x01);      // interrupt when a byte has arrived
            Drain();
            if ((flags & (1 << 9)) != 0) NativeStubs.EnableInterrupts();
        }

        // Takes up to destination.Length waiting bytes; 0 when there are none.
        public static int Read(System.Span<byte> destination)
        {
            ulong flags = s_lock.AcquireSavingFlags();
            int n = 0;
            while (n < destination.Length && s_tail != s_head)
            {
                destination[n++] = s_ring[s_tail];
                s_tail = (s_tail + 1) % Capacity;
            }
            s_lock.Release(flags);
            return n;
        }

        // Blocks until at least one byte waits.
        public static void WaitForInput()
        {
            ulong flags = s_lock.AcquireSavingFlags();
            while (s_tail == s_head) s_waiters.Wait(s_lock);
            s_lock.Release(flags);
        }

        private static void OnInterrupt(TrapFrame* frame)
        {
            PortIo.In8(InterruptIdentification);
            s_lock.AcquireSavingFlags();
            bool any = Drain();
            s_lock.Release(0);
            if (any) s_waiters.WakeAll();
            LocalApic.EndOfInterrupt();
        }

        // With the lock held (or before anyone can read): moves the UART's FIFO into the ring.
        private static bool Drain()
        {
            bool any = false;
            while (Uart16550.TryReadByte(out byte b))
            {
                int next = (s_head + 1) % Capacity;
                if (next == s_tail) { Dropped++; continue; }
                s_ring[s_head] = b;
                s_head = next;
                any = true;
            }
            return any;
        }
    }
}
