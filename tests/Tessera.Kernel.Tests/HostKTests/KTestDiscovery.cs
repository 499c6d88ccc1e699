using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Tessera.Frame.Testing;

namespace Tessera.Kernel.Tests.HostKTests
{
    // Finds the ktests compiled into this assembly from the kernel's shared sources, by the
    // same rule the kernel's test table uses: public static parameterless methods with [KTest].
    public static class KTestDiscovery
    {
        public static IReadOnlyList<KTestCase> FindAll(Assembly assembly)
        {
            var cases = new List<KTestCase>();
            foreach (Type type in assembly.GetTypes())
            {
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<KTestAttribute>() == null) continue;
                    string name = type.FullName + "." + method.Name;
                    if (!method.IsPublic || !method.IsStatic || method.GetParameters().Length != 0 || method.ReturnType != typeof(void) || method.IsGenericMethodDefinition)
                        throw new InvalidOperationException(name + " is marked [KTest] but is not a public static parameterless void method");
                    cases.Add(new KTestCase(name, (Action)method.CreateDelegate(typeof(Action))));
                }
            }
            return cases.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }

        public static IReadOnlyList<KTestCase> InThisAssembly() => FindAll(typeof(KTestDiscovery).Assembly);
    }
}
