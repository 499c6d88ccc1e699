using System;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// URLs of the collateral a TDX quote needs, on an Intel PCS v4 compatible service (Intel PCS API v4, and the
/// PCCS API, which serves the same paths): TDX TCB Info, TD QE identity, PCK CRL as DER, and the root CA CRL.
/// Intel's PCS does not serve the root CA CRL itself; it is at the CRL distribution point of the Intel SGX Root
/// CA certificate. Other (PCCS-like) services serve it at /sgx/certification/v4/rootcacrl.
/// </summary>
public sealed record PcsEndpoints(Uri BaseUri, Uri RootCaCrlUri)
{
    public const string IntelPcsHost = "api.trustedservices.intel.com";

    /// <summary>CRL distribution point of the Intel SGX Root CA certificate.</summary>
    public static readonly Uri IntelRootCaCrl = new("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

    /// <summary>Response headers with the URL-encoded PEM issuer chains (PCS API v4).</summary>
    public const string TcbInfoIssuerChainHeader = "TCB-Info-Issuer-Chain";
    public const string EnclaveIdentityIssuerChainHeader = "SGX-Enclave-Identity-Issuer-Chain";
    public const string PckCrlIssuerChainHeader = "SGX-PCK-CRL-Issuer-Chain";

    /// <summary>Endpoints under <paramref name="baseUri"/> (e.g. https://api.trustedservices.intel.com or a PCCS).</summary>
    public static PcsEndpoints For(Uri baseUri, Uri? rootCaCrlUri = null)
    {
        var root = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/");
        var rootCrl = rootCaCrlUri
            ?? (string.Equals(root.Host, IntelPcsHost, StringComparison.OrdinalIgnoreCase) ? IntelRootCaCrl : new Uri(root, "sgx/certification/v4/rootcacrl"));
        return new PcsEndpoints(root, rootCrl);
    }

    public Uri TcbInfo(string fmspc) => new(BaseUri, $"tdx/certification/v4/tcb?fmspc={Uri.EscapeDataString(fmspc)}");

    public Uri QeIdentity => new(BaseUri, "tdx/certification/v4/qe/identity");

    /// <summary><paramref name="caType"/> is "platform" or "processor", the CA that issued the PCK certificate.</summary>
    public Uri PckCrl(string caType) => new(BaseUri, $"sgx/certification/v4/pckcrl?ca={Uri.EscapeDataString(caType)}&encoding=der");
}
