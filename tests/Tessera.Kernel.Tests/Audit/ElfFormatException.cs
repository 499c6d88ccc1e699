using System;

namespace Tessera.Kernel.Tests.Audit
{
    // The file is not an ELF image this audit can read; the message names the field.
    public sealed class ElfFormatException : Exception
    {
        public ElfFormatException(string message) : base(message)
        {
        }
    }
}
