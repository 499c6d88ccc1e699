using System;

namespace Tessera.Frame.Testing
{
    // Marks a public static parameterless method as an in-kernel test. `./tessera ktest`
    // boots the kernel in test mode and runs every such method found in the kernel's
    // assemblies (the build generates the table: distro KTestTableGenerator).
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class KTestAttribute : Attribute
    {
    }
}
