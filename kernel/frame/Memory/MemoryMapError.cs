namespace Tessera.Frame.Memory
{
    // Why a boot memory map (untrusted: it comes from the host through the loader) was refused.
    public enum MemoryMapError
    {
        None,
        TooManyEntries,      // more than UsableFrames.MaxEntries entries
        EntryWrapsAround,    // start + length overflows 64 bits
        BeyondPhysicalLimit, // an entry reaches above 2^52, which no x86-64 CPU can address
        ReservedRangeInvalid,// a reserved range that ends before it starts
        NoUsableMemory,      // nothing left once rounded to pages and reserved ranges removed
    }
}
