using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Org.BouncyCastle.X509;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Common;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Verifies a TDX quote against DCAP collateral at an explicit time. The checks, in order:
/// QE vendor; PCK chain to a trust anchor; QE report signed by the PCK key; QE report data binds the attestation
/// key and QE authentication data; quote signed by the attestation key; root CA CRL and PCK CRL; TCB Info and QE
/// identity (issuer chains, signatures, validity windows, FMSPC/PCE-ID); QE identity match; TDX module identity;
/// TCB level. The first failing check ends verification and is named in the report.
/// Never throws for bad input: every failure, including unexpected ones, becomes a report.
/// </summary>
public sealed class QuoteVerifier
{
    private const string PlatformCaName = "Intel SGX PCK Platform CA";
    private const string ProcessorCaName = "Intel SGX PCK Processor CA";

    private readonly TrustAnchors _anchors;

    public QuoteVerifier(TrustAnchors anchors) => _anchors = anchors;

    /// <summary>Verifier pinned to the Intel SGX Root CA.</summary>
    public static QuoteVerifier ForIntel() => new(TrustAnchors.IntelSgxRoot);

    /// <summary>Parses the quote, asks <paramref name="source"/> for the collateral its PCK certificate needs, verifies.</summary>
    public async Task<VerificationReport> VerifyAsync(byte[] quote, ICollateralSource source, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var run = new Run(now);
        try
        {
            var parsed = QuoteParser.Parse(quote);
            if (!parsed.IsSuccess)
            {
                return run.Fail("quoteFormat", parsed.Error);
            }

            run.Quote = parsed.Value;
            var pck = ReadPckChain(run);
            if (pck is null)
            {
                return run.Report!;
            }

            var collateral = await source.GetAsync(new CollateralRequest(Hex.Encode(pck.Value.Extensions.Fmspc), pck.Value.CaType), cancellationToken).ConfigureAwait(false);
            if (!collateral.IsSuccess)
            {
                return run.Fail("collateral", collateral.Error);
            }

            return VerifyParsed(run, pck.Value, collateral.Value);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return run.Fail("internal", $"unexpected {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// A report for a quote that cannot be verified here (no collateral): it is parsed so its measurements can be
    /// shown, and fails with check "collateral" and <paramref name="reason"/> (or "quoteFormat" if it does not parse).
    /// </summary>
    public static VerificationReport ParsedOnly(byte[] quote, DateTimeOffset now, string reason)
    {
        var parsed = QuoteParser.Parse(quote);
        return new VerificationReport
        {
            Verified = false,
            VerificationTime = now,
            Quote = parsed.IsSuccess ? parsed.Value : null,
            FailedCheck = parsed.IsSuccess ? "collateral" : "quoteFormat",
            FailureReason = parsed.IsSuccess ? reason : parsed.Error,
        };
    }

    /// <summary>Verifies a quote with collateral already at hand.</summary>
    public VerificationReport Verify(byte[] quote, TdxCollateral collateral, DateTimeOffset now)
    {
        var run = new Run(now);
        try
        {
            var parsed = QuoteParser.Parse(quote);
            if (!parsed.IsSuccess)
            {
                return run.Fail("quoteFormat", parsed.Error);
            }

            run.Quote = parsed.Value;
            var pck = ReadPckChain(run);
            return pck is null ? run.Report! : VerifyParsed(run, pck.Value, collateral);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return run.Fail("internal", $"unexpected {e.GetType().Name}: {e.Message}");
        }
    }

    private readonly record struct PckChain(IReadOnlyList<X509Certificate> Chain, PckCertificateExtensions Extensions, string CaType)
    {
        public X509Certificate Leaf => Chain[0];

        public X509Certificate Ca => Chain[1];

        public X509Certificate Root => Chain[^1];
    }

    /// <summary>Quote vendor and PCK chain; null (with <see cref="Run.Report"/> set) on failure.</summary>
    private PckChain? ReadPckChain(Run run)
    {
        var quote = run.Quote!;
        if (!quote.Header.QeVendorId.AsSpan().SequenceEqual(QuoteHeader.IntelQeVendorId))
        {
            run.Fail("quoteHeader", $"quote.header.qeVendorId: {Hex.Encode(quote.Header.QeVendorId)} is not Intel's QE");
            return null;
        }

        var certs = PemCertificates.Parse(quote.PckCertificateChainPem, "pckCertificateChain");
        if (!certs.IsSuccess)
        {
            run.Fail("pckCertificateChain", certs.Error);
            return null;
        }

        var chain = CertificateChainValidator.Validate(certs.Value, _anchors, run.Now, "pckCertificateChain");
        if (!chain.IsSuccess)
        {
            run.Fail("pckCertificateChain", chain.Error);
            return null;
        }

        if (chain.Value.Count != 3)
        {
            run.Fail("pckCertificateChain", $"pckCertificateChain: {chain.Value.Count} certificates up to the root (expected 3: PCK, PCK CA, root)");
            return null;
        }

        var caName = CertificateChainValidator.CommonName(chain.Value[1]);
        var caType = caName switch
        {
            PlatformCaName => "platform",
            ProcessorCaName => "processor",
            _ => null,
        };
        if (caType is null)
        {
            run.Fail("pckCertificateChain", $"pckCertificateChain: issuing CA '{caName}' is neither '{PlatformCaName}' nor '{ProcessorCaName}'");
            return null;
        }

        var extensions = PckCertificateExtensions.FromCertificate(chain.Value[0]);
        if (!extensions.IsSuccess)
        {
            run.Fail("pckCertificate", extensions.Error);
            return null;
        }

        run.Pass("pckCertificateChain");
        run.Fmspc = Hex.Encode(extensions.Value.Fmspc);
        run.CaType = caType;
        return new PckChain(chain.Value, extensions.Value, caType);
    }

    private VerificationReport VerifyParsed(Run run, PckChain pck, TdxCollateral collateral)
    {
        var quote = run.Quote!;

        // The QE report is signed by the PCK key: this is what ties the quote to a genuine Intel platform.
        var pckKey = EcdsaP256.KeyFromCertificate(pck.Leaf, "pckCertificate");
        if (!pckKey.IsSuccess)
        {
            return run.Fail("pckCertificate", pckKey.Error);
        }

        if (QuoteSignatureChecks.QeReportSignature(quote, pckKey.Value, "PCK certificate's key") is { } qeSignature)
        {
            return run.Fail("qeReportSignature", qeSignature);
        }

        run.Pass("qeReportSignature");
        if (QuoteSignatureChecks.QeReportData(quote) is { } qeReportData)
        {
            return run.Fail("qeReportData", qeReportData);
        }

        run.Pass("qeReportData");
        if (QuoteSignatureChecks.QuoteSignature(quote) is { } quoteSignature)
        {
            return run.Fail("quoteSignature", quoteSignature);
        }

        run.Pass("quoteSignature");

        var collateralResult = CheckCollateral(run, pck, collateral);
        if (collateralResult is null)
        {
            return run.Report!;
        }

        var (tcbInfo, qeIdentity) = collateralResult.Value;
        run.TcbEvaluationDataNumber = tcbInfo.TcbEvaluationDataNumber;
        return Evaluate(run, pck, tcbInfo, qeIdentity);
    }

    private (TcbInfo, QeIdentity)? CheckCollateral(Run run, PckChain pck, TdxCollateral collateral)
    {
        var now = run.Now;
        var rootCrl = CrlValidator.Validate(collateral.RootCaCrlDer, pck.Root, now, "rootCaCrl");
        if (!rootCrl.IsSuccess)
        {
            return run.FailCollateral("rootCaCrl", rootCrl.Error);
        }

        var revoked = CrlValidator.CheckNotRevoked(rootCrl.Value, pck.Ca, "rootCaCrl");
        if (revoked is not null)
        {
            return run.FailCollateral("pckCertificateChain", revoked);
        }

        run.Pass("rootCaCrl");
        run.Expiry(rootCrl.Value.NextUpdate);

        var crlChain = ValidatedChain(run, collateral.PckCrlIssuerChainPem, "pckCrlIssuerChain", rootCrl.Value);
        if (crlChain is null)
        {
            return null;
        }

        // The CRL must come from the CA that issued this PCK certificate: same name and same key.
        if (!crlChain[0].SubjectDN.Equivalent(pck.Leaf.IssuerDN) ||
            !crlChain[0].SubjectPublicKeyInfo.GetEncoded().AsSpan().SequenceEqual(pck.Ca.SubjectPublicKeyInfo.GetEncoded()))
        {
            return run.FailCollateral("pckCrl", $"pckCrlIssuerChain: CRL issuer '{CertificateChainValidator.CommonName(crlChain[0])}' is not the CA that issued the PCK certificate ('{CertificateChainValidator.CommonName(pck.Ca)}')");
        }

        var pckCrl = CrlValidator.Validate(collateral.PckCrlDer, crlChain[0], now, "pckCrl");
        if (!pckCrl.IsSuccess)
        {
            return run.FailCollateral("pckCrl", pckCrl.Error);
        }

        revoked = CrlValidator.CheckNotRevoked(pckCrl.Value, pck.Leaf, "pckCrl");
        if (revoked is not null)
        {
            return run.FailCollateral("pckCertificate", revoked);
        }

        run.Pass("pckCrl");
        run.Expiry(pckCrl.Value.NextUpdate);

        var tcbInfoDoc = SignedDocument(run, collateral.TcbInfoJson, collateral.TcbInfoIssuerChainPem, "tcbInfo", rootCrl.Value);
        if (tcbInfoDoc is null)
        {
            return null;
        }

        var tcbInfo = TcbInfoParser.Parse(tcbInfoDoc);
        if (!tcbInfo.IsSuccess)
        {
            return run.FailCollateral("tcbInfo", tcbInfo.Error);
        }

        var window = CheckWindow("tcbInfo", tcbInfo.Value.IssueDate, tcbInfo.Value.NextUpdate, now);
        if (window is not null)
        {
            return run.FailCollateral("tcbInfo", window);
        }

        if (!string.Equals(tcbInfo.Value.Fmspc, Hex.Encode(pck.Extensions.Fmspc), StringComparison.OrdinalIgnoreCase))
        {
            return run.FailCollateral("tcbInfo", $"tcbInfo.fmspc: {tcbInfo.Value.Fmspc} is not the PCK certificate's FMSPC {Hex.Encode(pck.Extensions.Fmspc)}");
        }

        if (!string.Equals(tcbInfo.Value.PceId, Hex.Encode(pck.Extensions.PceId), StringComparison.OrdinalIgnoreCase))
        {
            return run.FailCollateral("tcbInfo", $"tcbInfo.pceId: {tcbInfo.Value.PceId} is not the PCK certificate's PCE-ID {Hex.Encode(pck.Extensions.PceId)}");
        }

        run.Pass("tcbInfo");
        run.Expiry(tcbInfo.Value.NextUpdate);

        var qeDoc = SignedDocument(run, collateral.QeIdentityJson, collateral.QeIdentityIssuerChainPem, "enclaveIdentity", rootCrl.Value);
        if (qeDoc is null)
        {
            return null;
        }

        var qeIdentity = QeIdentityParser.Parse(qeDoc);
        if (!qeIdentity.IsSuccess)
        {
            return run.FailCollateral("qeIdentity", qeIdentity.Error);
        }

        window = CheckWindow("enclaveIdentity", qeIdentity.Value.IssueDate, qeIdentity.Value.NextUpdate, now);
        if (window is not null)
        {
            return run.FailCollateral("qeIdentity", window);
        }

        run.Pass("qeIdentity");
        run.Expiry(qeIdentity.Value.NextUpdate);
        return (tcbInfo.Value, qeIdentity.Value);
    }

    /// <summary>Validates an issuer chain and checks its certificates against the root CA CRL.</summary>
    private IReadOnlyList<X509Certificate>? ValidatedChain(Run run, byte[] pem, string name, X509Crl rootCrl)
    {
        var certs = PemCertificates.Parse(pem, name);
        if (!certs.IsSuccess)
        {
            return run.FailCollateral<IReadOnlyList<X509Certificate>>(name, certs.Error);
        }

        var chain = CertificateChainValidator.Validate(certs.Value, _anchors, run.Now, name);
        if (!chain.IsSuccess)
        {
            return run.FailCollateral<IReadOnlyList<X509Certificate>>(name, chain.Error);
        }

        if (chain.Value.Count < 2)
        {
            return run.FailCollateral<IReadOnlyList<X509Certificate>>(name, $"{name}: the signer may not be the root itself");
        }

        foreach (var cert in chain.Value)
        {
            var revoked = CrlValidator.CheckNotRevoked(rootCrl, cert, "rootCaCrl");
            if (revoked is not null)
            {
                return run.FailCollateral<IReadOnlyList<X509Certificate>>(name, revoked);
            }
        }

        return chain.Value;
    }

    /// <summary>The exact signed bytes of a PCS JSON document, once its chain and signature verify.</summary>
    private byte[]? SignedDocument(Run run, byte[] json, byte[] chainPem, string valueName, X509Crl rootCrl)
    {
        var check = valueName == "tcbInfo" ? "tcbInfo" : "qeIdentity";
        var chain = ValidatedChain(run, chainPem, check + "IssuerChain", rootCrl);
        if (chain is null)
        {
            return null;
        }

        var doc = SignedJsonDocument.Parse(json, valueName, check + ".json");
        if (!doc.IsSuccess)
        {
            return run.FailCollateral<byte[]>(check, doc.Error);
        }

        var key = EcdsaP256.KeyFromCertificate(chain[0], check + "IssuerChain");
        if (!key.IsSuccess)
        {
            return run.FailCollateral<byte[]>(check, key.Error);
        }

        if (!EcdsaP256.Verify(key.Value, doc.Value.SignedValue, doc.Value.Signature))
        {
            return run.FailCollateral<byte[]>(check, $"{check}.signature: does not verify over the '{valueName}' value with the key of '{CertificateChainValidator.CommonName(chain[0])}'");
        }

        return doc.Value.SignedValue;
    }

    private static string? CheckWindow(string name, DateTimeOffset issueDate, DateTimeOffset nextUpdate, DateTimeOffset now)
    {
        if (now < issueDate)
        {
            return $"{name}: issued at {issueDate:u}, after the verification time {now.ToUniversalTime():u}";
        }

        return now > nextUpdate
            ? $"{name}: expired at nextUpdate {nextUpdate:u} (verification time {now.ToUniversalTime():u})"
            : null;
    }

    private static VerificationReport Evaluate(Run run, PckChain pck, TcbInfo tcbInfo, QeIdentity qeIdentity)
    {
        var quote = run.Quote!;
        var body = quote.Body;
        var qe = QeIdentityMatcher.Match(qeIdentity, quote.SignatureData.QeReportCertificationData.QeReport);
        if (!qe.IsSuccess)
        {
            return run.Fail("qeIdentity", qe.Error);
        }

        run.QeTcb = qe.Value;
        run.Pass("qeIdentityMatch");

        if (tcbInfo.TdxModule is { } module)
        {
            if (!module.MrSigner.AsSpan().SequenceEqual(body.MrSignerSeam))
            {
                return run.Fail("tdxModule", $"quote.body.mrSignerSeam: {Hex.Encode(body.MrSignerSeam)} is not the TCB Info tdxModule.mrsigner {Hex.Encode(module.MrSigner)}");
            }

            if (!PlatformTcbMatcher.MaskedEqual(body.SeamAttributes, module.AttributesMask, module.Attributes))
            {
                return run.Fail("tdxModule", $"quote.body.seamAttributes: {Hex.Encode(body.SeamAttributes)} under mask {Hex.Encode(module.AttributesMask)} is not the TCB Info tdxModule.attributes {Hex.Encode(module.Attributes)}");
            }

            run.Pass("tdxModule");
        }

        var platform = PlatformTcbMatcher.Match(tcbInfo, pck.Extensions, body.TeeTcbSvn);
        run.PlatformTcb = platform;
        var status = platform.Status;
        var advisories = new List<string>(platform.AdvisoryIds);
        if (PlatformTcbMatcher.UsesModuleIdentities(tcbInfo, body.TeeTcbSvn))
        {
            var moduleTcb = PlatformTcbMatcher.MatchModuleIdentity(tcbInfo, body.TeeTcbSvn, body.MrSignerSeam, body.SeamAttributes);
            run.TdxModuleTcb = moduleTcb;
            status = TcbStatusConvergence.Converge(status, moduleTcb.Status);
            advisories.AddRange(moduleTcb.AdvisoryIds);
        }

        status = TcbStatusConvergence.Converge(status, qe.Value.Status);
        advisories.AddRange(qe.Value.AdvisoryIds);
        run.TcbStatus = status;
        run.AdvisoryIds = advisories.Distinct(StringComparer.Ordinal).ToList();

        if (!TcbStatusConvergence.IsAcceptable(status))
        {
            var reason = status == TcbStatus.Revoked
                ? "TCB status is Revoked: " + string.Join("; ", new[] { platform, run.TdxModuleTcb, qe.Value }.Where(e => e?.Status == TcbStatus.Revoked).Select(e => e!.Detail))
                : "TCB status is NotSupported: " + string.Join("; ", new[] { platform, run.TdxModuleTcb, qe.Value }.Where(e => e?.Status == TcbStatus.NotSupported).Select(e => e!.Detail));
            return run.Fail("tcbStatus", reason);
        }

        run.Pass("tcbStatus");
        return run.Succeed();
    }

    /// <summary>State of one verification, turned into the report at the end.</summary>
    private sealed class Run
    {
        private readonly List<string> _passed = new();

        public Run(DateTimeOffset now) => Now = now;

        public DateTimeOffset Now { get; }

        public TdxQuote? Quote { get; set; }

        public VerificationReport? Report { get; private set; }

        public string? Fmspc { get; set; }

        public string? CaType { get; set; }

        public int? TcbEvaluationDataNumber { get; set; }

        public TcbEvaluation? PlatformTcb { get; set; }

        public TcbEvaluation? TdxModuleTcb { get; set; }

        public TcbEvaluation? QeTcb { get; set; }

        public TcbStatus? TcbStatus { get; set; }

        public IReadOnlyList<string> AdvisoryIds { get; set; } = Array.Empty<string>();

        private DateTimeOffset? CollateralExpiry { get; set; }

        public void Pass(string check) => _passed.Add(check);

        public void Expiry(DateTime? nextUpdate)
        {
            if (nextUpdate is { } n)
            {
                Expiry(new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)));
            }
        }

        public void Expiry(DateTimeOffset nextUpdate)
        {
            if (CollateralExpiry is null || nextUpdate < CollateralExpiry)
            {
                CollateralExpiry = nextUpdate;
            }
        }

        public VerificationReport Fail(string check, string reason) => Report = Build(false, check, reason);

        public (TcbInfo, QeIdentity)? FailCollateral(string check, string reason)
        {
            Fail(check, reason);
            return null;
        }

        public T? FailCollateral<T>(string check, string reason)
            where T : class
        {
            Fail(check, reason);
            return null;
        }

        public VerificationReport Succeed() => Report = Build(true, null, null);

        private VerificationReport Build(bool verified, string? check, string? reason) => new()
        {
            Verified = verified,
            VerificationTime = Now,
            FailedCheck = check,
            FailureReason = reason,
            PassedChecks = _passed.ToList(),
            Quote = Quote,
            TcbStatus = TcbStatus,
            AdvisoryIds = AdvisoryIds,
            PlatformTcb = PlatformTcb,
            TdxModuleTcb = TdxModuleTcb,
            QeTcb = QeTcb,
            Fmspc = Fmspc,
            PckCaType = CaType,
            TcbEvaluationDataNumber = TcbEvaluationDataNumber,
            CollateralExpiry = CollateralExpiry,
        };
    }
}
