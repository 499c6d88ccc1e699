using System;
using System.IO;

namespace Tessera.Attestation.Service.Tests;

/// <summary>A fresh folder name under /dev/shm (tmpfs) for the agent's secrets, removed afterwards.</summary>
internal sealed class TmpfsFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine("/dev/shm", "tessera-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
