using System;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// Parses TDX quotes v4 and v5 from untrusted bytes. Every length and offset is checked; errors name the field.
/// Spec: Intel TDX DCAP Quoting Library API, Appendix A.3 (v4) and A.4 (v5).
/// </summary>
public static class QuoteParser
{
    public static Result<TdxQuote> Parse(byte[]? quote)
    {
        if (quote is null)
        {
            return Result<TdxQuote>.Fail("quote: no data");
        }

        try
        {
            return ParseUnchecked(quote);
        }
        catch (MalformedInputException e)
        {
            return Result<TdxQuote>.Fail(e.Message);
        }
    }

    private static TdxQuote ParseUnchecked(byte[] quote)
    {
        var r = new BoundedReader(quote, "quote");
        var header = ReadHeader(r);
        TdQuoteBodyType bodyType;
        if (header.Version == 4)
        {
            bodyType = TdQuoteBodyType.Tdx10;
        }
        else
        {
            // v5 body descriptor: type (2), size (4). Appendix A.4, table "TD Quote Body Descriptor".
            var typeValue = r.ReadUInt16("bodyDescriptor.type");
            if (typeValue != (ushort)TdQuoteBodyType.Tdx10 && typeValue != (ushort)TdQuoteBodyType.Tdx15)
            {
                throw r.Error("bodyDescriptor.type", $"{typeValue} is not a TD report body (expected 2 = TDX 1.0 or 3 = TDX 1.5)");
            }

            bodyType = (TdQuoteBodyType)typeValue;
            var size = r.ReadUInt32("bodyDescriptor.size");
            var expected = TdQuoteBody.SizeOf(bodyType);
            if (size != expected)
            {
                throw r.Error("bodyDescriptor.size", $"{size} does not match {expected} for body type {typeValue}");
            }
        }

        var bodyReader = r.Slice("body", TdQuoteBody.SizeOf(bodyType), "body");
        var body = TdQuoteBody.Read(bodyReader, bodyType);
        var signedLength = r.Position;
        var signatureData = r.ReadLengthPrefixedUInt32("signatureData.length", "signatureData");
        var signature = QuoteSignatureData.Read(signatureData);

        // Bytes after the declared signature data are covered by no signature and no structure; quote buffers are
        // often larger than the quote. They are tolerated but counted, so a report can show them.
        return new TdxQuote(header, body, signature, quote.AsMemory(0, signedLength), quote.AsMemory(0, r.Position), r.Remaining);
    }

    private static QuoteHeader ReadHeader(BoundedReader r)
    {
        var h = r.Slice("header", QuoteHeader.Size, "header");
        var version = h.ReadUInt16("version");
        if (version != 4 && version != 5)
        {
            throw h.Error("version", $"{version} is not supported (expected 4 or 5)");
        }

        var keyType = h.ReadUInt16("attestationKeyType");
        if (keyType != QuoteHeader.EcdsaP256KeyType)
        {
            throw h.Error("attestationKeyType", $"{keyType} is not supported (expected 2, ECDSA-256-with-P-256)");
        }

        var teeType = h.ReadUInt32("teeType");
        if (teeType != QuoteHeader.TdxTeeType)
        {
            throw h.Error("teeType", $"0x{teeType:x} is not TDX (expected 0x81)");
        }

        var reserved1 = h.ReadUInt16("reserved1");
        var reserved2 = h.ReadUInt16("reserved2");
        var vendor = h.ReadBytes("qeVendorId", 16);
        var userData = h.ReadBytes("userData", 20);
        return new QuoteHeader(version, keyType, teeType, reserved1, reserved2, vendor, userData);
    }
}
