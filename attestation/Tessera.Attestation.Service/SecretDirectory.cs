using System;
using System.Collections.Generic;
using System.IO;
using Tessera.Attestation.Protocol;

namespace Tessera.Attestation.Service;

/// <summary>
/// The secrets a verifier can release: one file per secret in a folder, named as policies name them. All are read
/// at start so a policy naming a missing secret stops the service instead of failing attestations later.
/// </summary>
public sealed class SecretDirectory
{
    public const int MaxSecretBytes = 64 * 1024;

    private readonly Dictionary<string, byte[]> _secrets;

    private SecretDirectory(Dictionary<string, byte[]> secrets) => _secrets = secrets;

    public static SecretDirectory Empty { get; } = new(new Dictionary<string, byte[]>());

    /// <summary>Loads the secrets <paramref name="names"/> from <paramref name="directory"/>; the error names the file.</summary>
    public static SecretDirectory Load(string? directory, IReadOnlyList<string> names)
    {
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!SecretNames.IsValid(name))
            {
                throw new InvalidDataException($"secret '{name}': not a secret name ({SecretNames.Rule})");
            }

            if (directory is null)
            {
                throw new InvalidDataException($"the policy releases secret '{name}' but no secrets folder was given (--secrets DIR)");
            }

            var path = Path.Combine(directory, name);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InvalidDataException($"{path}: the policy releases this secret but the file does not exist");
            }

            if (info.Length > MaxSecretBytes)
            {
                throw new InvalidDataException($"{path}: a secret is at most {MaxSecretBytes} bytes");
            }

            secrets[name] = File.ReadAllBytes(path);
        }

        return new SecretDirectory(secrets);
    }

    public byte[] Get(string name) => _secrets[name];
}
