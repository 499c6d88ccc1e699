using System;

namespace Tessera.Attestation.Agent.Evidence;

/// <summary>No evidence could be had; the message says from where and why.</summary>
public sealed class EvidenceException : Exception
{
    public EvidenceException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
