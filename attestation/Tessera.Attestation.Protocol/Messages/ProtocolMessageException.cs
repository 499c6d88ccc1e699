using System;

namespace Tessera.Attestation.Protocol.Messages;

/// <summary>A protocol message that is not what docs/attestation-protocol.md says; the message names the field.</summary>
public sealed class ProtocolMessageException : Exception
{
    public ProtocolMessageException(string message)
        : base(message)
    {
    }
}
