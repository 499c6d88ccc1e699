namespace Tessera.Kernel.Fs.Vfs
{
    // Where timestamps come from: the kernel's wall clock, or a fixed clock in host tests.
    public interface IClock
    {
        Timespec Now();
    }
}
