namespace Tessera.TdShim.Machine.Hardware
{
    public static class Processor
    {
        /// <summary>Interrupts off, halt, forever.</summary>
        public static void Halt()
        {
            if (TdMode.Active)
            {
                // TDG.VP.VMCALL<Instruction.HLT> with interrupts blocked: the host never resumes it.
                while (true) NativeStubs.TdVmCallHalt();
            }
            NativeStubs.HaltForever();
        }
    }
}
