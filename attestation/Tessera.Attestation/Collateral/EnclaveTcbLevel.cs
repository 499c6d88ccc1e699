using System;
using System.Collections.Generic;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// A TCB level keyed by a single ISVSVN: used by the QE identity and by TDX module identities in TCB Info v3.
/// </summary>
public sealed record EnclaveTcbLevel(ushort IsvSvn, DateTimeOffset TcbDate, TcbStatus Status, IReadOnlyList<string> AdvisoryIds);
