using System;
using System.Collections.Generic;
using System.Linq;
using Iced.Intel;

namespace Tessera.Kernel.Tests.Audit
{
    // Disassembles every byte of code and checks that privileged instructions occur only in
    // frame functions. Code is decoded from each symbol boundary, so every function starts
    // in sync whatever lies before it; bytes outside all symbols (padding) are decoded too and
    // count as "outside any function", except in a section that holds only frame functions
    // (the boot stub's .boot, whose GDT and page tables share the section with its code).
    public static class PrivilegedInstructionAudit
    {
        // Functions given directly: each is its own code region and its own symbol.
        public static AuditReport Run(IEnumerable<(string Name, ulong Address, byte[] Code)> functions)
        {
            var regions = new List<CodeRegion>();
            var symbols = new List<CodeSymbol>();
            foreach ((string name, ulong address, byte[] code) in functions)
            {
                regions.Add(new CodeRegion(name, address, code));
                symbols.Add(new CodeSymbol(name, address, address + (ulong)code.Length));
            }
            return Run(regions, symbols);
        }

        // Every executable section of an ELF image, attributed through its function symbols.
        public static AuditReport Run(ElfImage image)
        {
            List<CodeRegion> regions = image.ExecutableSections
                .Select(s => new CodeRegion(s.Name, s.Address, image.Contents(s)))
                .ToList();
            List<CodeSymbol> symbols = CodeSymbolsOf(image, regions);
            regions = regions.Select(r => r with { FrameOnly = HoldsOnlyFrameCode(r, symbols) }).ToList();
            return Run(regions, symbols);
        }

        public static AuditReport Run(IReadOnlyList<CodeRegion> regions, IReadOnlyList<CodeSymbol> symbols)
        {
            var owners = new AddressOwners(symbols);
            var violations = new List<AuditFinding>();
            var inFrame = new List<AuditFinding>();
            long count = 0, invalid = 0;

            foreach (CodeRegion region in regions)
            {
                if (region.Bytes.Length == 0) continue;
                var reader = new ByteArrayCodeReader(region.Bytes);
                Decoder decoder = Decoder.Create(64, reader, region.Address);
                List<ulong> restarts = RestartPoints(region, owners);
                for (int i = 0; i < restarts.Count; i++)
                {
                    ulong start = restarts[i];
                    ulong end = i + 1 < restarts.Count ? restarts[i + 1] : region.End;
                    reader.Position = (int)(start - region.Address);
                    decoder.IP = start;
                    while (decoder.IP < end && reader.CanReadByte)
                    {
                        decoder.Decode(out Instruction instruction);
                        count++;
                        if (instruction.IsInvalid) invalid++;
                        if (!PrivilegedInstructions.IsPrivileged(instruction)) continue;

                        IReadOnlyList<string> functions = owners.At(instruction.IP);
                        bool frameGap = functions.Count == 0 && region.FrameOnly;
                        if (frameGap) functions = new[] { "gap in frame-only section " + region.Name };
                        var finding = new AuditFinding(instruction.IP, instruction.Mnemonic.ToString().ToLowerInvariant(),
                            instruction.ToString(), functions, region.Name);
                        // Aliases share an address: one frame name among them makes it frame code.
                        if (frameGap || functions.Any(FrameSymbols.IsFrame)) inFrame.Add(finding);
                        else violations.Add(finding);
                    }
                }
            }
            return new AuditReport(count, invalid, violations, inFrame);
        }

        private static bool HoldsOnlyFrameCode(CodeRegion region, IReadOnlyList<CodeSymbol> symbols)
        {
            List<CodeSymbol> inside = symbols.Where(s => s.Start >= region.Address && s.Start < region.End).ToList();
            return inside.Count > 0 && inside.All(s => FrameSymbols.IsFrame(s.Name));
        }

        private static List<ulong> RestartPoints(CodeRegion region, AddressOwners owners)
        {
            var points = new SortedSet<ulong> { region.Address };
            foreach (ulong boundary in owners.Boundaries)
                if (boundary > region.Address && boundary < region.End) points.Add(boundary);
            return points.ToList();
        }

        // Function symbols that fall in code. A symbol without a size (hand-written code often
        // has none) is taken to run to the next symbol or the end of its section.
        private static List<CodeSymbol> CodeSymbolsOf(ElfImage image, IReadOnlyList<CodeRegion> regions)
        {
            var result = new List<CodeSymbol>();
            foreach (CodeRegion region in regions)
            {
                List<ElfSymbol> inRegion = image.FunctionSymbols
                    .Where(s => s.Value >= region.Address && s.Value < region.End)
                    .OrderBy(s => s.Value)
                    .ToList();
                ulong[] starts = inRegion.Select(s => s.Value).Distinct().ToArray();
                foreach (ElfSymbol symbol in inRegion)
                {
                    ulong end = symbol.Value + symbol.Size;
                    if (symbol.Size == 0)
                    {
                        int next = Array.BinarySearch(starts, symbol.Value) + 1;
                        end = next < starts.Length ? starts[next] : region.End;
                    }
                    result.Add(new CodeSymbol(symbol.Name, symbol.Value, end));
                }
            }
            return result;
        }
    }
}
