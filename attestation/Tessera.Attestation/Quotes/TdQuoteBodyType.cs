namespace Tessera.Attestation.Quotes;

/// <summary>
/// The body type of a v5 quote (Intel TDX DCAP Quoting Library API, Appendix A.4, table "TD Quote Body Descriptor").
/// A v4 quote always carries a TDX 1.0 body.
/// </summary>
public enum TdQuoteBodyType : ushort
{
    SgxEnclaveReport = 1,
    Tdx10 = 2,
    Tdx15 = 3,
}
