using System;
using System.Collections.Generic;
using Tessera.Attestation.Collateral;

namespace Tessera.Attestation.Verification;

/// <summary>The outcome of matching one component (platform, TDX module or QE) against its TCB levels.</summary>
public sealed record TcbEvaluation(TcbStatus Status, DateTimeOffset? TcbDate, IReadOnlyList<string> AdvisoryIds, string Detail)
{
    public static TcbEvaluation NotSupported(string detail) => new(TcbStatus.NotSupported, null, Array.Empty<string>(), detail);
}
