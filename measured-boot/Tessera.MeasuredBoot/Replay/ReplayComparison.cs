using System.Collections.Generic;

namespace Tessera.MeasuredBoot.Replay;

/// <summary>Per-register result of comparing replayed values with reported ones.</summary>
public sealed class ReplayComparison
{
    public ReplayComparison(List<RegisterMatch> registers)
    {
        Registers = registers;
    }

    public List<RegisterMatch> Registers { get; }

    /// <summary>True only when every compared register matches (false for an empty comparison).</summary>
    public bool AllMatch
    {
        get
        {
            if (Registers.Count == 0)
            {
                return false;
            }
            for (int i = 0; i < Registers.Count; i++)
            {
                if (!Registers[i].Matches)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>Names of the registers that differ, e.g. "RTMR[0], RTMR[1]"; empty when all match.</summary>
    public string DescribeMismatches()
    {
        string text = "";
        for (int i = 0; i < Registers.Count; i++)
        {
            if (!Registers[i].Matches)
            {
                text = text.Length == 0 ? Registers[i].Name : text + ", " + Registers[i].Name;
            }
        }
        return text;
    }
}
