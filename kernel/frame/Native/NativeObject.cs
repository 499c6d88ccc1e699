namespace Tessera.Frame.Native
{
    // Builds the frame's generated machine code as one ELF relocatable object.
    public static class NativeObject
    {
        public static byte[] Build()
        {
            var elf = new ElfObjectWriter();
            BootStub.AddTo(elf);
            ApTrampoline.AddTo(elf);
            VdsoImage.AddTo(elf);
            var text = new FunctionSection();
            CpuStubs.AddTo(text);
            TrapStubs.AddTo(text, elf);
            RuntimeStubs.AddTo(text, elf);
            ThreadStubs.AddTo(text);
            UserModeStubs.AddTo(text);
            ExtendedStateStubs.AddTo(text);
            text.WriteTo(elf, ".text.frame_native");
            return elf.Build();
        }
    }
}
