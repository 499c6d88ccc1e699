using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Tessera.Attestation.Agent.Evidence;

/// <summary>
/// /dev/tdx_guest (Linux include/uapi/linux/tdx-guest.h): TDX_CMD_GET_REPORT0 = _IOWR('T', 1, struct tdx_report_req)
/// with struct tdx_report_req { __u8 reportdata[64]; __u8 tdreport[1024]; } gives the TD's TDREPORT for a REPORTDATA.
/// A TDREPORT is MAC'd for the local platform only; upstream Linux has no GetQuote ioctl, and turning a TDREPORT
/// into a quote goes through configfs-tsm (which calls GetQuote in the kernel), so the agent attests with
/// <see cref="ConfigfsTsmQuoteProvider"/> and uses this for diagnostics (`tessera-agent tdreport`).
/// </summary>
public static class TdxGuestDevice
{
    public const string DefaultPath = "/dev/tdx_guest";

    /// <summary>_IOWR('T', 1, 1088 bytes): dir 3 &lt;&lt; 30 | size &lt;&lt; 16 | 'T' &lt;&lt; 8 | 1.</summary>
    public const uint GetReport0 = (3u << 30) | (1088u << 16) | ((uint)'T' << 8) | 1u;

    public static byte[] GetTdReport(byte[] reportData, string path = DefaultPath)
    {
        if (reportData.Length != 64)
        {
            throw new ArgumentException("REPORTDATA is 64 bytes", nameof(reportData));
        }

        var request = new byte[64 + 1024];
        reportData.CopyTo(request, 0);
        try
        {
            using var device = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            if (Ioctl((int)device.DangerousGetHandle(), GetReport0, request) != 0)
            {
                throw new EvidenceException($"{path}: TDX_CMD_GET_REPORT0 failed: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EvidenceException($"{path}: {e.Message}", e);
        }

        return request.AsSpan(64).ToArray();
    }

    // DllImport, not LibraryImport: a byte[] is pinned and passed as a pointer with no generated unsafe code.
    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, nuint request, byte[] argument);
}
