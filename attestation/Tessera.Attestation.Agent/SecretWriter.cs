using System;
using System.IO;
using Tessera.Attestation.Protocol;

namespace Tessera.Attestation.Agent;

/// <summary>
/// Writes released secrets as OUT/NAME, mode 0600, into a folder on tmpfs so they never reach a disk. A name is
/// checked again here: it comes from the network and becomes a path.
/// </summary>
public static class SecretWriter
{
    public static string Write(string directory, string name, byte[] value, bool requireTmpfs)
    {
        if (!SecretNames.IsValid(name))
        {
            throw new InvalidDataException($"the verifier released a secret named '{name}', which is not a secret name ({SecretNames.Rule})");
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (requireTmpfs && !IsTmpfs(directory))
        {
            throw new InvalidDataException($"{directory}: not on tmpfs; secrets are only written to memory-backed folders (--allow-disk to override)");
        }

        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var file = new FileStream(temporary, options))
        {
            file.Write(value);
        }

        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite); // in case it existed with another mode
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>The filesystem type of the mount holding <paramref name="directory"/>, from /proc/self/mounts (longest prefix wins).</summary>
    public static bool IsTmpfs(string directory)
    {
        var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
        string? best = null;
        var bestType = "";
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            var mountPoint = fields[1].Replace("\\040", " ", StringComparison.Ordinal).TrimEnd('/') + "/";
            if (full.StartsWith(mountPoint, StringComparison.Ordinal) && (best is null || mountPoint.Length >= best.Length))
            {
                best = mountPoint;
                bestType = fields[2];
            }
        }

        return bestType is "tmpfs" or "ramfs";
    }
}
