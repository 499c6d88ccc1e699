using System;
using System.Buffers.Binary;
using Tessera.Attestation.Quotes;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

/// <summary>Malformed and truncated quotes give errors that name the field, never an exception.</summary>
public class MalformedQuoteTests
{
    private static readonly byte[] Quote = ProductionQuoteVerificationTests.ProdQuote();

    [Fact]
    public void EveryTruncation_FailsWithFieldNamedError()
    {
        var parsedLength = QuoteParser.Parse(Quote).Value.Raw.Length;
        for (var length = 0; length < parsedLength; length++)
        {
            var result = QuoteParser.Parse(Quote[..length]);
            Assert.False(result.IsSuccess, $"length {length} parsed");
            Assert.StartsWith("quote.", result.Error);
            Assert.Matches(@"(needs \d+ bytes, only \d+ remaining|exceeds remaining \d+ bytes)$", result.Error);
        }
    }

    [Theory]
    [InlineData(0, "quote.header: 48 exceeds remaining 0 bytes")]
    [InlineData(40, "quote.header: 48 exceeds remaining 40 bytes")]
    [InlineData(100, "quote.body: 584 exceeds remaining 52 bytes")]
    [InlineData(634, "quote.signatureData.length: needs 4 bytes, only 2 remaining")]
    [InlineData(700, "quote.signatureData.length: 4299 exceeds remaining 64 bytes")]
    public void Truncation_NamesTheField(int length, string expected) =>
        Assert.Equal(expected, QuoteParser.Parse(Quote[..length]).Error);

    [Fact]
    public void OversizedQeReportCertificationDataLength_IsNamed()
    {
        var q = (byte[])Quote.Clone();
        var sizeOffset = 632 + 4 + 128 + 2; // certification data size field
        BinaryPrimitives.WriteUInt32LittleEndian(q.AsSpan(sizeOffset), 0x7FFF_FFFF);
        var result = QuoteParser.Parse(q);
        Assert.Equal("quote.signatureData.certificationData.size: 2147483647 exceeds remaining 4165 bytes", result.Error);
    }

    [Fact]
    public void OversizedQeAuthDataLength_IsNamed()
    {
        var q = (byte[])Quote.Clone();
        var offset = 632 + 4 + 128 + 6 + 384 + 64;
        BinaryPrimitives.WriteUInt16LittleEndian(q.AsSpan(offset), 0xFFFF);
        var result = QuoteParser.Parse(q);
        Assert.StartsWith("quote.signatureData.certificationData.qeReportCertificationData.qeAuthData.size: 65535 exceeds remaining", result.Error);
    }

    [Theory]
    [InlineData(0, 3, "quote.header.version: 3 is not supported (expected 4 or 5)")]
    [InlineData(2, 3, "quote.header.attestationKeyType: 3 is not supported (expected 2, ECDSA-256-with-P-256)")]
    [InlineData(4, 0, "quote.header.teeType: 0x0 is not TDX (expected 0x81)")]
    public void BadHeaderFields_AreNamed(int offset, byte value, string expected)
    {
        var q = (byte[])Quote.Clone();
        q[offset] = value;
        if (offset == 0)
        {
            q[1] = 0;
        }

        Assert.Equal(expected, QuoteParser.Parse(q).Error);
    }

    [Fact]
    public void WrongCertificationDataType_IsNamed()
    {
        var q = (byte[])Quote.Clone();
        q[632 + 4 + 128] = 5;
        Assert.Equal("quote.signatureData.certificationData.type: 5 is not supported (expected 6, QE report certification data)", QuoteParser.Parse(q).Error);
    }

    [Fact]
    public void V5BodyDescriptor_IsChecked()
    {
        var pki = TestPki.Create();
        var q = new TestQuoteBuilder(pki) { Version = 5 }.Build();
        q[48] = 1;
        Assert.Equal("quote.bodyDescriptor.type: 1 is not a TD report body (expected 2 = TDX 1.0 or 3 = TDX 1.5)", QuoteParser.Parse(q).Error);
        q[48] = 3;
        Assert.Equal("quote.bodyDescriptor.size: 584 does not match 648 for body type 3", QuoteParser.Parse(q).Error);
    }

    [Fact]
    public void NullAndEmpty_AreErrors()
    {
        Assert.Equal("quote: no data", QuoteParser.Parse(null).Error);
        Assert.False(QuoteParser.Parse(Array.Empty<byte>()).IsSuccess);
    }

    /// <summary>Deterministic fuzzing: random truncations and byte changes through the whole verifier.</summary>
    [Fact]
    public void RandomMutations_NeverThrow_AndNeverVerify()
    {
        var random = new Random(20260601);
        var collateral = ProductionQuoteVerificationTests.ProdCollateral();
        var verifier = QuoteVerifier.ForIntel();
        for (var round = 0; round < 400; round++)
        {
            var q = (byte[])Quote.Clone();
            var flips = random.Next(1, 5);
            for (var f = 0; f < flips; f++)
            {
                q[random.Next(q.Length)] = (byte)random.Next(256);
            }

            if (round % 3 == 0)
            {
                q = q[..random.Next(q.Length)];
            }

            var report = verifier.Verify(q, collateral, TestData.ProdValidTime);
            Assert.False(report.Verified);
            Assert.NotNull(report.FailedCheck);
            Assert.NotEqual("internal", report.FailedCheck);
            Assert.False(string.IsNullOrWhiteSpace(report.FailureReason));
        }
    }

    [Fact]
    public void RandomMutationsOfAVerifyingQuote_AreRejected()
    {
        var pki = TestPki.Create();
        var quote = new TestQuoteBuilder(pki).Build();
        var collateral = pki.Collateral();
        var verifier = new QuoteVerifier(pki.Anchors);
        Assert.True(verifier.Verify(quote, collateral, TestPki.Now).Verified);
        var random = new Random(7);
        var signedEnd = QuoteParser.Parse(quote).Value.SignedRegion.Length + 4 + 128 + 6 + 384 + 64 + 2 + 32;
        for (var round = 0; round < 150; round++)
        {
            var q = (byte[])quote.Clone();
            var offset = random.Next(signedEnd);
            q[offset] ^= (byte)random.Next(1, 256);
            var report = verifier.Verify(q, collateral, TestPki.Now);
            Assert.False(report.Verified, $"offset {offset} verified");
            Assert.NotEqual("internal", report.FailedCheck);
        }
    }
}
