using System.Collections.Generic;
using System.Text.Json;
using Tessera.Attestation.Common;
using static Tessera.Attestation.Collateral.JsonFields;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// Parses the signed "tcbInfo" value of a TDX TCB Info response (Intel PCS API, TCB Info v3, id "TDX").
/// Only TDX TCB Info is accepted: SGX TCB Info has no TDX components and must not be used for a TD.
/// </summary>
public static class TcbInfoParser
{
    private const string Root = "tcbInfo";

    public static Result<TcbInfo> Parse(byte[] tcbInfoValue)
    {
        try
        {
            using var doc = JsonDocument.Parse(tcbInfoValue, new JsonDocumentOptions { MaxDepth = 64 });
            return ParseElement(doc.RootElement);
        }
        catch (JsonException e)
        {
            return Result<TcbInfo>.Fail($"{Root}: invalid JSON: {e.Message}");
        }
        catch (MalformedInputException e)
        {
            return Result<TcbInfo>.Fail(e.Message);
        }
    }

    private static TcbInfo ParseElement(JsonElement t)
    {
        var id = String(t, "id", Root);
        if (id != "TDX")
        {
            throw new MalformedInputException($"{Root}.id: '{id}' is not TDX TCB Info");
        }

        var version = (int)Integer(t, "version", Root, 0, int.MaxValue);
        if (version != 3)
        {
            throw new MalformedInputException($"{Root}.version: {version} is not supported (expected 3)");
        }

        TdxModule? module = null;
        if (Has(t, "tdxModule"))
        {
            var m = Member(t, "tdxModule", Root);
            var p = Root + ".tdxModule";
            module = new TdxModule(HexBytes(m, "mrsigner", p, 48), HexBytes(m, "attributes", p, 8), HexBytes(m, "attributesMask", p, 8));
        }

        var identities = new List<TdxModuleIdentity>();
        if (Has(t, "tdxModuleIdentities"))
        {
            foreach (var (m, p) in Array(t, "tdxModuleIdentities", Root))
            {
                identities.Add(new TdxModuleIdentity(
                    String(m, "id", p),
                    HexBytes(m, "mrsigner", p, 48),
                    HexBytes(m, "attributes", p, 8),
                    HexBytes(m, "attributesMask", p, 8),
                    EnclaveTcbLevels(m, "tcbLevels", p)));
            }
        }

        var levels = new List<TcbLevel>();
        foreach (var (level, p) in Array(t, "tcbLevels", Root))
        {
            var tcb = Member(level, "tcb", p);
            var tp = p + ".tcb";
            levels.Add(new TcbLevel(
                Components(tcb, "sgxtcbcomponents", tp),
                (ushort)Integer(tcb, "pcesvn", tp, 0, ushort.MaxValue),
                Components(tcb, "tdxtcbcomponents", tp),
                Date(level, "tcbDate", p),
                Status(level, "tcbStatus", p),
                OptionalStringArray(level, "advisoryIDs", p)));
        }

        if (levels.Count == 0)
        {
            throw new MalformedInputException($"{Root}.tcbLevels: empty");
        }

        var fmspc = String(t, "fmspc", Root);
        if (Hex.TryDecode(fmspc) is not { Length: 6 })
        {
            throw new MalformedInputException($"{Root}.fmspc: expected 12 hex digits");
        }

        var pceId = String(t, "pceId", Root);
        if (Hex.TryDecode(pceId) is not { Length: 2 })
        {
            throw new MalformedInputException($"{Root}.pceId: expected 4 hex digits");
        }

        return new TcbInfo(id, version, Date(t, "issueDate", Root), Date(t, "nextUpdate", Root), fmspc, pceId,
            (int)Integer(t, "tcbType", Root, 0, int.MaxValue), (int)Integer(t, "tcbEvaluationDataNumber", Root, 0, int.MaxValue),
            module, identities, levels);
    }

    /// <summary>Exactly 16 component SVNs, as the comparison with the PCK certificate and TEE_TCB_SVN needs.</summary>
    private static IReadOnlyList<TcbComponent> Components(JsonElement tcb, string name, string path)
    {
        var list = new List<TcbComponent>();
        foreach (var (c, p) in Array(tcb, name, path))
        {
            list.Add(new TcbComponent((byte)Integer(c, "svn", p, 0, 255), OptionalString(c, "category", p), OptionalString(c, "type", p)));
        }

        return list.Count == 16
            ? list
            : throw new MalformedInputException($"{path}.{name}: has {list.Count} components (expected 16)");
    }
}
