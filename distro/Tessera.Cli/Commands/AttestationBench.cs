using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tessera.Attestation.Benchmarks;
using Tessera.Attestation.Collateral;

namespace Tessera.Cli.Commands
{
    /// <summary>`./tessera bench attestation`: verification throughput per core on the host, with the shared production quote.</summary>
    internal static class AttestationBench
    {
        private static readonly DateTimeOffset ProductionQuoteTime = new(2023, 7, 1, 1, 0, 0, TimeSpan.Zero);

        public static int Run(TimeSpan perMeasurement)
        {
            string data = Path.Combine(Path.GetDirectoryName(Repository.Root.TrimEnd('/'))!, "shared", "testdata", "tdx", "go-tdx-guest");
            string quotePath = Path.Combine(data, "tdx_prod_quote_SPR_E4.dat");
            if (!File.Exists(quotePath))
            {
                Console.Error.WriteLine($"tessera: the attestation benchmark needs the shared test data ({quotePath} and collateral/)");
                return 1;
            }

            var collateral = new DirectoryCollateralSource(Path.Combine(data, "collateral")).Load();
            if (!collateral.IsSuccess)
            {
                Console.Error.WriteLine("tessera: " + collateral.Error);
                return 1;
            }

            Console.WriteLine($"attestation: verifying on one core, {perMeasurement.TotalSeconds:0} s per measurement...");
            var results = VerificationBenchmark.Run(File.ReadAllBytes(quotePath), collateral.Value, ProductionQuoteTime, perMeasurement);
            Console.WriteLine($"{"benchmark",-28} {"value",12}  unit");
            foreach (var r in results)
            {
                Console.WriteLine($"{r.Name,-28} {r.Value,12:0.0}  {r.Unit}");
            }

            string dir = Path.Combine(Repository.Out, "bench");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "attestation.json");
            File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["machine"] = $"host, {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                ["quote"] = "shared go-tdx-guest/tdx_prod_quote_SPR_E4.dat with its collateral at 2023-07-01T01:00:00Z",
                ["results"] = results.Select(r => new Dictionary<string, object> { ["name"] = r.Name, ["value"] = Math.Round(r.Value, 1), ["unit"] = r.Unit, ["note"] = r.Note }).ToList(),
            }, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {Path.GetRelativePath(Repository.Root, file)}");
            return 0;
        }
    }
}
