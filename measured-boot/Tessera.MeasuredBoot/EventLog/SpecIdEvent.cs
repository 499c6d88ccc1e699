using System.Collections.Generic;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// TCG_EfiSpecIdEvent, the data of the first event of a crypto-agile log (TCG PFP 1.06 section 10.4.5.1):
/// BYTE signature[16] = "Spec ID Event03\0"; UINT32 platformClass; UINT8 specVersionMinor;
/// UINT8 specVersionMajor; UINT8 specErrata; UINT8 uintnSize; UINT32 numberOfAlgorithms;
/// TCG_EfiSpecIdEventAlgorithmSize digestSizes[numberOfAlgorithms]; UINT8 vendorInfoSize; BYTE vendorInfo[vendorInfoSize].
/// It declares which digests every later event carries and their sizes.
/// </summary>
public sealed class SpecIdEvent
{
    public SpecIdEvent(uint platformClass, byte specVersionMinor, byte specVersionMajor, byte specErrata, byte uintnSize,
        List<SpecIdAlgorithm> algorithms, byte[] vendorInfo)
    {
        PlatformClass = platformClass;
        SpecVersionMinor = specVersionMinor;
        SpecVersionMajor = specVersionMajor;
        SpecErrata = specErrata;
        UintnSize = uintnSize;
        Algorithms = algorithms;
        VendorInfo = vendorInfo;
    }

    /// <summary>0 client, 1 server.</summary>
    public uint PlatformClass { get; }

    public byte SpecVersionMinor { get; }

    public byte SpecVersionMajor { get; }

    public byte SpecErrata { get; }

    /// <summary>1 for 32-bit UINTN, 2 for 64-bit.</summary>
    public byte UintnSize { get; }

    public List<SpecIdAlgorithm> Algorithms { get; }

    /// <summary>Vendor information, e.g. "td-shim" in td-shim logs.</summary>
    public byte[] VendorInfo { get; }
}
