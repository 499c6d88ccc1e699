using Tessera.TdShim.Machine.Hardware;

namespace Tessera.TdShim.Machine
{
    // The shim's only way to fail: say why on the console, then halt. Never a silent triple fault.
    public static class Failure
    {
        public static void Stop(string reason)
        {
            SerialConsole.WriteLine("tessera-shim: error: " + reason);
            SerialConsole.WriteLine("tessera-shim: halted");
            Processor.Halt();
        }
    }
}
