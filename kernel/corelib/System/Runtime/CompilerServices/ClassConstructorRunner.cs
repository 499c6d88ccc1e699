using System.Runtime.InteropServices;

namespace System.Runtime.CompilerServices
{
    // ILCompiler calls these before the first access to a type whose static constructor
    // could not be run at compile time. The kernel runs them once; the frame keeps this
    // single-threaded until SMP arrives, and the context word is cleared before the call
    // so a cycle re-entering the same type sees it as already started (as .NET does).
    internal static class ClassConstructorRunner
    {
        private static object CheckStaticClassConstructionReturnGCStaticBase(ref StaticClassConstructionContext context, object gcStaticBase)
        {
            CheckStaticClassConstruction(ref context);
            return gcStaticBase;
        }

        private static IntPtr CheckStaticClassConstructionReturnNonGCStaticBase(ref StaticClassConstructionContext context, IntPtr nonGcStaticBase)
        {
            CheckStaticClassConstruction(ref context);
            return nonGcStaticBase;
        }

        private static IntPtr CheckStaticClassConstructionReturnThreadStaticBase(ref StaticClassConstructionContext context, IntPtr threadStaticBase)
        {
            CheckStaticClassConstruction(ref context);
            return threadStaticBase;
        }

        private static unsafe void CheckStaticClassConstruction(ref StaticClassConstructionContext context)
        {
            IntPtr cctor = context.cctorMethodAddress;
            if (cctor == IntPtr.Zero) return;
            context.cctorMethodAddress = IntPtr.Zero;
            ((delegate*<void>)cctor)();
        }
    }

    // Layout contract with ILCompiler: the address of the static constructor, zero once it ran.
    [StructLayout(LayoutKind.Sequential)]
    public struct StaticClassConstructionContext
    {
        public IntPtr cctorMethodAddress;
    }
}
