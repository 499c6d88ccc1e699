using System;
using System.Collections.Generic;

namespace Tessera.Frame.Platform.Acpi
{
    // The one-line boot report of what the MADT describes, e.g.
    // "4 CPUs (APIC ids 0-3), I/O APIC at 0xfec00000 GSI base 0, 5 interrupt source overrides".
    public static class MadtSummary
    {
        // Keeps the line readable (and bounded) on machines with scattered APIC ids.
        private const int MaxRangesShown = 8;

        public static string Describe(Madt madt)
        {
            int count = madt.EnabledProcessorCount;
            string text = count.ToString() + (count == 1 ? " CPU" : " CPUs") + " (APIC " + (count == 1 ? "id " : "ids ") + DescribeEnabledApicIds(madt) + ")";
            if (madt.IoApics.Count == 0) text += ", no I/O APIC";
            foreach (MadtIoApic ioApic in madt.IoApics)
                text += ", I/O APIC at 0x" + ioApic.Address.ToString("x") + " GSI base " + ioApic.GsiBase.ToString();
            int overrides = madt.InterruptSourceOverrides.Count;
            text += ", " + overrides.ToString() + (overrides == 1 ? " interrupt source override" : " interrupt source overrides");
            return text;
        }

        // Sorted ids as ranges: "0-3", "0,2,4-7".
        public static string DescribeEnabledApicIds(Madt madt)
        {
            var ids = new List<uint>();
            foreach (MadtProcessor processor in madt.Processors)
                if (processor.Enabled) ids.Add(processor.ApicId);
            ids.Sort();
            uint[] sorted = ids.ToArray();

            string text = "";
            int ranges = 0;
            int i = 0;
            while (i < sorted.Length)
            {
                int j = i;
                while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
                if (ranges == MaxRangesShown) return text + ",...";
                if (ranges > 0) text += ",";
                text += j == i ? sorted[i].ToString() : sorted[i].ToString() + "-" + sorted[j].ToString();
                ranges++;
                i = j + 1;
            }
            return text;
        }
    }
}
