namespace Tessera.Attestation.Service.State;

/// <summary>What consuming a challenge nonce found; only <see cref="Accepted"/> lets an attestation proceed.</summary>
public enum NonceCheck
{
    Accepted,
    Unknown,
    AlreadyUsed,
    Expired,
}
