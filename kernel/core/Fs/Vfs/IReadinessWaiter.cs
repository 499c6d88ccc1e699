namespace Tessera.Kernel.Fs.Vfs
{
    // Someone waiting for an object's readiness to change: the kernel parks a thread behind
    // this and wakes it; host tests count the calls. Called with the new poll events.
    public interface IReadinessWaiter
    {
        void ReadinessChanged(int events);
    }
}
