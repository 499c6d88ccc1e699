namespace Tessera.MeasuredBoot.Pe;

/// <summary>The file extent of one section header (PE/COFF spec, "Section Table (Section Headers)": PointerToRawData at 20, SizeOfRawData at 16).</summary>
public readonly struct PeSection
{
    public PeSection(int pointerToRawData, int sizeOfRawData)
    {
        PointerToRawData = pointerToRawData;
        SizeOfRawData = sizeOfRawData;
    }

    public int PointerToRawData { get; }

    public int SizeOfRawData { get; }
}
