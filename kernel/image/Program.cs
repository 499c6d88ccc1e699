using Tessera.Kernel.Startup;

namespace Tessera.Image
{
    public static class Program
    {
        public static int Main() => KernelMain.Run(KTestTable.All);
    }
}
