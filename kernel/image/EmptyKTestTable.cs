using Tessera.Frame.Testing;

namespace Tessera.Image
{
    // Stand-in used when the image project is built by itself (an IDE, `dotnet build`);
    // `./tessera build` passes the generated table instead.
    internal static class KTestTable
    {
        internal static readonly KTestCase[] All = new KTestCase[0];
    }
}
