using Tessera.TdShim.Boot;

namespace Tessera.TdShim
{
    public static class Program
    {
        // Called by the machine layer's entry (firmware/Machine/ShimEntry.cs) once the runtime is ready.
        public static int Main()
        {
            ShimBoot.Run();
            return 0;
        }
    }
}
