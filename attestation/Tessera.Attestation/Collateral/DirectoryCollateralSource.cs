using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// Reads collateral from a directory laid out one file per PCS response: tcb_info.json, tcb_info_issuer_chain.pem,
/// qe_identity.json, qe_identity_issuer_chain.pem, pck_crl.der, pck_crl_issuer_chain.pem, root_ca_crl.der.
/// Offline; the request is not used to pick files because the directory holds collateral for one platform.
/// </summary>
public sealed class DirectoryCollateralSource : ICollateralSource
{
    public const string TcbInfoFile = "tcb_info.json";
    public const string TcbInfoIssuerChainFile = "tcb_info_issuer_chain.pem";
    public const string QeIdentityFile = "qe_identity.json";
    public const string QeIdentityIssuerChainFile = "qe_identity_issuer_chain.pem";
    public const string PckCrlFile = "pck_crl.der";
    public const string PckCrlIssuerChainFile = "pck_crl_issuer_chain.pem";
    public const string RootCaCrlFile = "root_ca_crl.der";

    /// <summary>No collateral file is legitimately this large; the cap keeps a bad path from exhausting memory.</summary>
    private const long MaxFileBytes = 16 * 1024 * 1024;

    private readonly string _directory;

    public DirectoryCollateralSource(string directory) => _directory = directory;

    public Task<Result<TdxCollateral>> GetAsync(CollateralRequest request, CancellationToken cancellationToken)
        => Task.FromResult(Load());

    /// <summary>
    /// Writes collateral in this layout, each file through a temporary name and a rename so a reader never sees a
    /// half-written file. Returns null on success, else why it failed.
    /// </summary>
    public static string? Save(TdxCollateral c, string directory)
    {
        var files = new (string Name, byte[] Content)[]
        {
            (TcbInfoFile, c.TcbInfoJson), (TcbInfoIssuerChainFile, c.TcbInfoIssuerChainPem), (QeIdentityFile, c.QeIdentityJson),
            (QeIdentityIssuerChainFile, c.QeIdentityIssuerChainPem), (PckCrlFile, c.PckCrlDer), (PckCrlIssuerChainFile, c.PckCrlIssuerChainPem),
            (RootCaCrlFile, c.RootCaCrlDer),
        };
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(directory, name);
                var temporary = path + ".tmp";
                File.WriteAllBytes(temporary, content);
                File.Move(temporary, path, overwrite: true);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot write '{directory}': {e.Message}";
        }
    }

    public Result<TdxCollateral> Load()
    {
        if (!Directory.Exists(_directory))
        {
            return Result<TdxCollateral>.Fail($"collateral: directory '{_directory}' does not exist");
        }

        var names = new[] { TcbInfoFile, TcbInfoIssuerChainFile, QeIdentityFile, QeIdentityIssuerChainFile, PckCrlFile, PckCrlIssuerChainFile, RootCaCrlFile };
        var contents = new byte[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            var path = Path.Combine(_directory, names[i]);
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    return Result<TdxCollateral>.Fail($"collateral: missing file '{path}'");
                }

                if (info.Length > MaxFileBytes)
                {
                    return Result<TdxCollateral>.Fail($"collateral: file '{path}' is {info.Length} bytes, over the {MaxFileBytes} limit");
                }

                contents[i] = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Result<TdxCollateral>.Fail($"collateral: cannot read '{path}': {e.Message}");
            }
        }

        return new TdxCollateral(contents[0], contents[1], contents[2], contents[3], contents[4], contents[5], contents[6]);
    }
}
