namespace Internal.Runtime.CompilerHelpers
{
    // ILCompiler requires this class to exist. Module initialization (GC statics, eager
    // class constructors) is done by the frame, which owns the memory it needs.
    internal static partial class StartupCodeHelpers
    {
    }
}
