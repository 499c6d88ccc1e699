using System;
using System.Collections.Generic;
using System.Linq;

namespace Tessera.Kernel.Tests.Audit
{
    // What the audit saw: how much code, the privileged instructions the frame is allowed to
    // have, and the ones anywhere else (violations).
    public sealed record AuditReport(long InstructionCount, long InvalidInstructionCount, IReadOnlyList<AuditFinding> Violations, IReadOnlyList<AuditFinding> PrivilegedInFrame)
    {
        public string Summary =>
            InstructionCount + " instructions decoded (" + InvalidInstructionCount + " invalid), " +
            PrivilegedInFrame.Count + " privileged inside the frame, " + Violations.Count + " outside it" +
            (Violations.Count == 0 ? "" : ":" + Environment.NewLine + string.Join(Environment.NewLine, Violations.Take(50)));
    }
}
