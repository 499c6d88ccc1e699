namespace Tessera.Frame.Cpu
{
    // One thread's save area for ExtendedState: AreaSize bytes, 64-byte aligned as XSAVE
    // requires (Intel SDM Vol. 1, 13.4), inside a managed array. The collector never moves
    // objects, so the aligned address stays valid while the owner keeps the area.
    public sealed unsafe class ExtendedStateArea
    {
        private const int Alignment = 64;
        private readonly byte[] _storage;

        public ExtendedStateArea()
        {
            _storage = new byte[ExtendedState.AreaSize + Alignment - 1];
            fixed (byte* start = _storage)
                Address = (byte*)(((ulong)start + Alignment - 1) & ~(ulong)(Alignment - 1));
            ExtendedState.WriteInitialState(Address);
        }

        internal byte* Address { get; }
    }
}
