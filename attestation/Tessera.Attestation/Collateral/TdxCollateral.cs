namespace Tessera.Attestation.Collateral;

/// <summary>
/// The raw collateral needed to verify one TDX quote, as Intel's PCS serves it. Nothing here is trusted yet:
/// the verifier checks every signature, chain, CRL and validity window.
/// </summary>
public sealed record TdxCollateral(
    byte[] TcbInfoJson,
    byte[] TcbInfoIssuerChainPem,
    byte[] QeIdentityJson,
    byte[] QeIdentityIssuerChainPem,
    byte[] PckCrlDer,
    byte[] PckCrlIssuerChainPem,
    byte[] RootCaCrlDer);
