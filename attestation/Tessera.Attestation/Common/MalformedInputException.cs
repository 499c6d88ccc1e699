using System;

namespace Tessera.Attestation.Common;

/// <summary>
/// Raised inside parsers when untrusted bytes do not match the expected layout.
/// Internal only: every public entry point catches it and turns it into a <see cref="Result{T}"/>.
/// </summary>
internal sealed class MalformedInputException : Exception
{
    public MalformedInputException(string message) : base(message)
    {
    }
}
