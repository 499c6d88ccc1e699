using System;
using System.IO;
using Iced.Intel;

namespace Tessera.Kernel.Tests.Audit.Tests
{
    // Assembles test code with Iced rather than hand-written bytes, so each test says which
    // instructions it means.
    public static class MachineCode
    {
        public static byte[] Assemble(ulong address, Action<Assembler> emit)
        {
            var assembler = new Assembler(64);
            emit(assembler);
            using var stream = new MemoryStream();
            assembler.Assemble(new StreamCodeWriter(stream), address);
            return stream.ToArray();
        }
    }
}
