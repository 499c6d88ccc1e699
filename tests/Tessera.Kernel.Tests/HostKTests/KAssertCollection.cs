namespace Tessera.Kernel.Tests.HostKTests
{
    // KAssert keeps its failures in static state, so everything that runs ktests must run
    // one test at a time and never beside another collection.
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class KAssertCollection
    {
        public const string Name = "KAssert (static state)";
    }
}
