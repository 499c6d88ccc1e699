using System;
using System.Buffers.Binary;
using System.Linq;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Tests;

public class TdReportTests
{
    [Fact]
    public void ParsesFieldsAtSpecOffsets()
    {
        var raw = new byte[TdReport.Size];
        raw[0] = 0x81;
        raw[264] = 3;                                            // TEE_TCB_SVN[0]
        BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(512), 1); // ATTRIBUTES.DEBUG
        BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(520), 0xE7);
        raw[528] = 0xAA;                                         // MRTD[0]
        raw[720 + 3 * 48] = 0xBB;                                // RTMR3[0]
        raw[128] = 0xCC;                                         // REPORTDATA[0]
        var report = TdReport.Parse(raw);
        Assert.True(report.IsSuccess, report.Error);
        Assert.Equal(3, report.Value.TeeTcbSvn[0]);
        Assert.True(report.Value.TdAttributes.Debug);
        Assert.Equal(0xE7UL, report.Value.Xfam);
        Assert.Equal(0xAA, report.Value.MrTd[0]);
        Assert.Equal(0xBB, report.Value.Rtmrs[3][0]);
        Assert.Equal(0xCC, report.Value.ReportData[0]);
        Assert.All(report.Value.Rtmrs, r => Assert.Equal(48, r.Length));
    }

    [Fact]
    public void RejectsWrongSizeAndType()
    {
        Assert.Equal("tdReport: length 1023 is not 1024", TdReport.Parse(new byte[1023]).Error);
        Assert.Equal("tdReport.reportMacStruct.reportType.type: 0x00 is not TDX (expected 0x81)", TdReport.Parse(new byte[1024]).Error);
        Assert.Equal("tdReport: no data", TdReport.Parse(null).Error);
    }
}
