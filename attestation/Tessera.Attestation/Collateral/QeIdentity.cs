using System;
using System.Collections.Generic;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// The TD Quoting Enclave identity (Intel PCS API "GET /tdx/certification/v4/qe/identity", enclaveIdentity
/// version 2, id "TD_QE"): what the QE report must match after masking, and its TCB levels by ISVSVN.
/// </summary>
public sealed record QeIdentity(
    string Id,
    int Version,
    DateTimeOffset IssueDate,
    DateTimeOffset NextUpdate,
    int TcbEvaluationDataNumber,
    uint MiscSelect,
    uint MiscSelectMask,
    byte[] Attributes,
    byte[] AttributesMask,
    byte[] MrSigner,
    ushort IsvProdId,
    IReadOnlyList<EnclaveTcbLevel> TcbLevels);
