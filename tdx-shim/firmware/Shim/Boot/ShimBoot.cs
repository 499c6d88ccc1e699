using Tessera.TdShim.Machine;
using Tessera.TdShim.Machine.Hardware;

namespace Tessera.TdShim.Boot
{
    internal static class ShimBoot
    {
        internal static void Run()
        {
            SerialConsole.WriteLine("tessera-shim: hello " + (BootEnvironment.IsTd ? "TD" : "VM"));
            Failure.Stop("not finished");
        }
    }
}
