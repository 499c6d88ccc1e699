using System.Collections.Generic;
using Tessera.Frame.Console;
using Tessera.Frame.Testing;

namespace Tessera.Kernel.Testing
{
    // Runs in-kernel tests and reports each on the console in a fixed format the host parses:
    //   ktest: PASS <name>
    //   ktest: FAIL <name>: <reason>
    //   ktest: N passed, M failed
    public static class KTestRunner
    {
        public static int RunAll(IReadOnlyList<KTestCase> tests, string filter)
        {
            int passed = 0, failed = 0;
            foreach (KTestCase test in tests)
            {
                if (filter != null && !test.Name.Contains(filter)) continue;
                KAssert.ResetFailures();
                test.Body();
                if (KAssert.Failures.Count == 0)
                {
                    passed++;
                    SerialConsole.WriteLine("ktest: PASS " + test.Name);
                }
                else
                {
                    failed++;
                    foreach (string failure in KAssert.Failures)
                        SerialConsole.WriteLine("ktest: FAIL " + test.Name + ": " + failure);
                }
            }
            SerialConsole.WriteLine("ktest: " + passed.ToString() + " passed, " + failed.ToString() + " failed");
            return failed == 0 && passed > 0 ? 0 : 1;
        }
    }
}
