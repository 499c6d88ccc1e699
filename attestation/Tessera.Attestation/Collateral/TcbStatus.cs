namespace Tessera.Attestation.Collateral;

/// <summary>
/// TCB status values of Intel's TCB Info / enclave identity TCB levels (Intel PCS API, "TCB Info V3" / "Enclave
/// Identity V2" tcbStatus), plus <see cref="NotSupported"/>, which Intel never publishes: it is this verifier's
/// answer when the platform is below every level the collateral lists.
/// </summary>
public enum TcbStatus
{
    UpToDate,
    SWHardeningNeeded,
    ConfigurationNeeded,
    ConfigurationAndSWHardeningNeeded,
    OutOfDate,
    OutOfDateConfigurationNeeded,
    Revoked,
    NotSupported,
}
