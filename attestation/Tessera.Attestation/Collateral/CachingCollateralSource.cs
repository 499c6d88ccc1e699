using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// Keeps fetched collateral on disk, one directory per platform ("&lt;fmspc&gt;-&lt;platform|processor&gt;"), each
/// in the layout of <see cref="DirectoryCollateralSource"/>, so a cache entry can also be used offline with
/// `--collateral`. An entry is reused without any request while it is complete and every part is before its
/// nextUpdate at the verification time; otherwise it is fetched again and replaced.
/// </summary>
public sealed class CachingCollateralSource : ICollateralSource
{
    private readonly ICollateralSource _origin;
    private readonly string _cacheDirectory;
    private readonly DateTimeOffset _now;

    public CachingCollateralSource(ICollateralSource origin, string cacheDirectory, DateTimeOffset now)
    {
        _origin = origin;
        _cacheDirectory = cacheDirectory;
        _now = now;
    }

    /// <summary>The entry directory for a request; FMSPC and CA type are validated so they cannot escape the cache.</summary>
    public string? EntryDirectory(CollateralRequest request) =>
        request.Fmspc.Length == 12 && Hex.TryDecode(request.Fmspc) is not null && request.PckCaType is "platform" or "processor"
            ? Path.Combine(_cacheDirectory, $"{request.Fmspc.ToLowerInvariant()}-{request.PckCaType}")
            : null;

    public async Task<Result<TdxCollateral>> GetAsync(CollateralRequest request, CancellationToken cancellationToken)
    {
        if (EntryDirectory(request) is not { } entry)
        {
            return Result<TdxCollateral>.Fail($"collateral: invalid FMSPC '{request.Fmspc}' or PCK CA type '{request.PckCaType}'");
        }

        if (Directory.Exists(entry))
        {
            var cached = new DirectoryCollateralSource(entry).Load();
            if (cached.IsSuccess && CollateralFreshness.ExpiresAt(cached.Value) is { IsSuccess: true } expiry && expiry.Value >= _now)
            {
                return cached;
            }
        }

        var fetched = await _origin.GetAsync(request, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched;
        }

        var saved = DirectoryCollateralSource.Save(fetched.Value, entry);
        return saved is null ? fetched : Result<TdxCollateral>.Fail($"collateral cache: {saved}");
    }
}
