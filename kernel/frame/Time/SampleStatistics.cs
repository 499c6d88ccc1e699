namespace Tessera.Frame.Time
{
    // The median of calibration samples: one sample disturbed by the host (a vCPU preempted
    // mid-measurement) moves the mean, not the median.
    public static class SampleStatistics
    {
        // Sorts `samples` in place; returns 0 for none. For an even count, the lower middle.
        public static ulong Median(ulong[] samples, int count)
        {
            if (count <= 0 || count > samples.Length) return 0;
            for (int i = 1; i < count; i++)
            {
                ulong value = samples[i];
                int j = i - 1;
                while (j >= 0 && samples[j] > value)
                {
                    samples[j + 1] = samples[j];
                    j--;
                }
                samples[j + 1] = value;
            }
            return samples[(count - 1) / 2];
        }
    }
}
