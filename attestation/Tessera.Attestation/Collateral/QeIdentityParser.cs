using System.Text.Json;
using Tessera.Attestation.Common;
using static Tessera.Attestation.Collateral.JsonFields;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// Parses the signed "enclaveIdentity" value of the TD QE identity (Intel PCS API, Enclave Identity v2, id "TD_QE").
/// </summary>
public static class QeIdentityParser
{
    private const string Root = "enclaveIdentity";

    public static Result<QeIdentity> Parse(byte[] enclaveIdentityValue)
    {
        try
        {
            using var doc = JsonDocument.Parse(enclaveIdentityValue, new JsonDocumentOptions { MaxDepth = 64 });
            var e = doc.RootElement;
            var id = String(e, "id", Root);
            if (id != "TD_QE")
            {
                return Result<QeIdentity>.Fail($"{Root}.id: '{id}' is not the TD quoting enclave (expected TD_QE)");
            }

            var version = (int)Integer(e, "version", Root, 0, int.MaxValue);
            if (version != 2)
            {
                return Result<QeIdentity>.Fail($"{Root}.version: {version} is not supported (expected 2)");
            }

            return new QeIdentity(id, version, Date(e, "issueDate", Root), Date(e, "nextUpdate", Root),
                (int)Integer(e, "tcbEvaluationDataNumber", Root, 0, int.MaxValue),
                HexUInt32(e, "miscselect", Root), HexUInt32(e, "miscselectMask", Root),
                HexBytes(e, "attributes", Root, 16), HexBytes(e, "attributesMask", Root, 16),
                HexBytes(e, "mrsigner", Root, 32),
                (ushort)Integer(e, "isvprodid", Root, 0, ushort.MaxValue),
                EnclaveTcbLevels(e, "tcbLevels", Root));
        }
        catch (JsonException ex)
        {
            return Result<QeIdentity>.Fail($"{Root}: invalid JSON: {ex.Message}");
        }
        catch (MalformedInputException ex)
        {
            return Result<QeIdentity>.Fail(ex.Message);
        }
    }
}
