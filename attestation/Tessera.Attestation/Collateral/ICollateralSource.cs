using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// Where collateral comes from: a local directory today, Intel's PCS or a caching service later. A source only
/// fetches bytes; it never decides trust.
/// </summary>
public interface ICollateralSource
{
    Task<Result<TdxCollateral>> GetAsync(CollateralRequest request, CancellationToken cancellationToken);
}
