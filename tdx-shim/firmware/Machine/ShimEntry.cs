using System.Runtime;
using System.Runtime.CompilerServices;
using Tessera.TdShim.Layout;
using Tessera.TdShim.Machine.Hardware;
using Tessera.TdShim.Machine.Runtime;

namespace Tessera.TdShim.Machine
{
    // The first C# code to run. The reset vector (tdx-shim/Tessera.TdShim.Build/ResetVector.cs) has entered long
    // mode with the first 4 GiB identity-mapped, set the stack in TempMem and copied this program from ROM.
    internal static class ShimEntry
    {
        [RuntimeExport("TesseraShimStart")]
        internal static void Start(uint bootMode, uint imageSize)
        {
            TdMode.Active = bootMode == ShimLayout.BootModeTd;
            ModuleInitializer.InitializeAll();
            BootEnvironment.s_isTd = bootMode == ShimLayout.BootModeTd;
            BootEnvironment.s_imageSize = imageSize;
            ManagedMain();
            Failure.Stop("the shim's Main returned");
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__managed__Main")]
        private static extern int ManagedMain();
    }
}
