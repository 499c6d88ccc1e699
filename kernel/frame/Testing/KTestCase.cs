using System;

namespace Tessera.Frame.Testing
{
    // One in-kernel test: its full name and the method to run.
    public sealed class KTestCase
    {
        public KTestCase(string name, Action body)
        {
            Name = name;
            Body = body;
        }

        public string Name { get; }
        public Action Body { get; }
    }
}
