using System;
using System.Collections.Generic;
using System.Linq;
using Tessera.Frame.Testing;

namespace Tessera.Kernel.Tests.HostKTests
{
    // Runs the kernel's own in-kernel tests on .NET: the same source must behave the same
    // against .NET as against our core library, which the booted kernel checks separately.
    [Collection(KAssertCollection.Name)]
    public sealed class HostKTests
    {
        // The kernel currently carries more than this; the floor guards against a discovery
        // bug that would make the theory below run nothing and pass.
        private const int MinimumExpectedKTests = 8;

        public static IEnumerable<object[]> KTestNames() =>
            KTestDiscovery.InThisAssembly().Select(c => new object[] { c.Name });

        [Theory]
        [MemberData(nameof(KTestNames))]
        public void KTestPassesOnTheHost(string name)
        {
            KTestCase test = KTestDiscovery.InThisAssembly().Single(c => c.Name == name);
            KAssert.ResetFailures();
            try
            {
                test.Body();
                string[] failures = KAssert.Failures.ToArray();
                Assert.True(failures.Length == 0,
                    name + " reported " + failures.Length + " failure(s):" + Environment.NewLine + string.Join(Environment.NewLine, failures));
            }
            finally
            {
                KAssert.ResetFailures();
            }
        }

        [Fact]
        public void AFailedKAssertIsVisibleToTheHost()
        {
            // Without this the theory above could pass because failures are never recorded.
            KAssert.ResetFailures();
            try
            {
                KAssert.Equal(1L, 2L, "deliberate mismatch");
                Assert.Equal(new[] { "deliberate mismatch: expected 1, got 2" }, KAssert.Failures);
            }
            finally
            {
                KAssert.ResetFailures();
            }
        }

        [Fact]
        public void EnoughKTestsAreDiscovered()
        {
            IReadOnlyList<KTestCase> tests = KTestDiscovery.InThisAssembly();
            Assert.True(tests.Count >= MinimumExpectedKTests,
                "found " + tests.Count + " [KTest] methods, expected at least " + MinimumExpectedKTests + ": " +
                string.Join(", ", tests.Select(t => t.Name)));
        }
    }
}
