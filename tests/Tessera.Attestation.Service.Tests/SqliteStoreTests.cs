using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Service.State;

namespace Tessera.Attestation.Service.Tests;

/// <summary>The SQLite store on its own: nonce states, purging, reopening the file.</summary>
public class SqliteStoreTests
{
    [Fact]
    public async Task NoncesAreSingleUseExpireAndArePurged()
    {
        var path = Path.Combine(Path.GetTempPath(), "tessera-store-" + Guid.NewGuid().ToString("N"), "v.db");
        try
        {
            var now = DateTimeOffset.UtcNow;
            byte[] fresh = Guid.NewGuid().ToByteArray(), old = Guid.NewGuid().ToByteArray();
            await using (var store = new SqliteVerifierStore(path))
            {
                await store.InitializeAsync(CancellationToken.None);
                await store.AddNonceAsync(fresh, now, now.AddMinutes(5), CancellationToken.None);
                await store.AddNonceAsync(old, now.AddDays(-3), now.AddDays(-2), CancellationToken.None);
                Assert.Equal(NonceCheck.Expired, await store.ConsumeNonceAsync(old, now, CancellationToken.None));
                Assert.Equal(1, await store.PurgeNoncesExpiredBeforeAsync(now.AddDays(-1), CancellationToken.None));
                Assert.Equal(NonceCheck.Unknown, await store.ConsumeNonceAsync(old, now, CancellationToken.None));
            }

            await using (var reopened = new SqliteVerifierStore(path))
            {
                await reopened.InitializeAsync(CancellationToken.None);
                Assert.Equal(NonceCheck.Expired, await reopened.ConsumeNonceAsync(fresh, now.AddMinutes(5), CancellationToken.None));
                Assert.Equal(NonceCheck.Accepted, await reopened.ConsumeNonceAsync(fresh, now.AddMinutes(4), CancellationToken.None));
                Assert.Equal(NonceCheck.AlreadyUsed, await reopened.ConsumeNonceAsync(fresh, now.AddMinutes(4), CancellationToken.None));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
