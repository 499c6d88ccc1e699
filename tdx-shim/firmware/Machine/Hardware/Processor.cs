namespace Tessera.TdShim.Machine.Hardware
{
    public static class Processor
    {
        /// <summary>Interrupts off, halt, forever.</summary>
        public static void Halt() => NativeStubs.HaltForever();
    }
}
