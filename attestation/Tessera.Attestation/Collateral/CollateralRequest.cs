namespace Tessera.Attestation.Collateral;

/// <summary>
/// What to fetch collateral for: the platform's FMSPC and the PCK CA that issued its PCK certificate
/// ("platform" or "processor"), both read from the quote's PCK certificate.
/// </summary>
public sealed record CollateralRequest(string Fmspc, string PckCaType);
