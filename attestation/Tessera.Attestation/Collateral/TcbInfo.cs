using System;
using System.Collections.Generic;

namespace Tessera.Attestation.Collateral;

/// <summary>One SVN of a TCB level, with Intel's optional labels for reports.</summary>
public sealed record TcbComponent(byte Svn, string? Category, string? Type);

/// <summary>
/// A platform TCB level of TDX TCB Info: 16 SGX component SVNs + PCESVN (compared with the PCK certificate) and
/// 16 TDX component SVNs (compared with TEE_TCB_SVN of the quote).
/// </summary>
public sealed record TcbLevel(
    IReadOnlyList<TcbComponent> SgxComponents,
    ushort PceSvn,
    IReadOnlyList<TcbComponent> TdxComponents,
    DateTimeOffset TcbDate,
    TcbStatus Status,
    IReadOnlyList<string> AdvisoryIds);

/// <summary>The expected TDX module signer and SEAM attributes (TCB Info "tdxModule").</summary>
public sealed record TdxModule(byte[] MrSigner, byte[] Attributes, byte[] AttributesMask);

/// <summary>
/// TCB Info v3 "tdxModuleIdentities" entry: identity and TCB levels of one TDX module major version, id "TDX_XX"
/// with XX the hex of TEE_TCB_SVN[1].
/// </summary>
public sealed record TdxModuleIdentity(
    string Id,
    byte[] MrSigner,
    byte[] Attributes,
    byte[] AttributesMask,
    IReadOnlyList<EnclaveTcbLevel> TcbLevels);

/// <summary>
/// TDX TCB Info (Intel PCS API "GET /tdx/certification/v4/tcb", tcbInfo version 3, id "TDX").
/// </summary>
public sealed record TcbInfo(
    string Id,
    int Version,
    DateTimeOffset IssueDate,
    DateTimeOffset NextUpdate,
    string Fmspc,
    string PceId,
    int TcbType,
    int TcbEvaluationDataNumber,
    TdxModule? TdxModule,
    IReadOnlyList<TdxModuleIdentity> TdxModuleIdentities,
    IReadOnlyList<TcbLevel> TcbLevels);
