using System;
using System.Runtime.Versioning;
using Tessera.Cli.Commands;

// Tessera is built and run on Linux (QEMU, ld.lld, Debian packages).
[assembly: SupportedOSPlatform("linux")]

namespace Tessera.Cli
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            string[] rest = args[1..];
            try
            {
                return args[0] switch
                {
                    "build" => BuildCommand.Run(rest),
                    "run" => RunCommand.Run(rest),
                    "ktest" => KTestCommand.Run(rest),
                    "bench" => BenchCommand.Run(rest),
                    "test" => TestCommand.Run(rest),
                    "image" => ImageCommand.Run(rest),
                    "measure" => MeasureCommand.Run(rest),
                    "verify" => Tessera.Attestation.Cli.VerifyCommand.Run(rest, Console.Out, Console.Error),
                    "verifier" => Tessera.Attestation.Service.Cli.VerifierCommand.Run(rest, System.IO.Path.Combine(Repository.Out, "verifier"), Console.Out, Console.Error),
                    _ => Unknown(args[0]),
                };
            }
            catch (BuildException e)
            {
                Console.Error.WriteLine("tessera: " + e.Message);
                return 1;
            }
        }

        private static int Unknown(string command)
        {
            Console.Error.WriteLine($"tessera: unknown command '{command}'\n\n{Usage}");
            return 2;
        }

        public const string Usage = @"usage: ./tessera COMMAND [OPTIONS]

Tessera: a confidential-computing guest OS for Intel TDX with a kernel written in C#.

commands:
  build    compile the kernel into out/kernel.elf (and its symbol map out/kernel.map)
  run      boot the kernel in QEMU with the serial console on this terminal
  ktest    boot the kernel in test mode and run every in-kernel test
  bench    boot the kernel in benchmark mode; table and out/bench/kernel.json
  image    build the kernel and write the bootable images: out/tessera.raw, .qcow2, .vhd (and .fd)
  measure  predict the measurements (PCRs, MRTD/RTMRs, events) of an image and print reference values
  test     install what is missing (as root) and run all tests: host, ktests, boot tests
  verify   verify a TDX quote (with its event log, a policy, collateral from a folder or a PCS)
  verifier the attestation verifier service (serve), development evidence keys (dev-key), its audit log

Run './tessera COMMAND --help' for a command's options.";
    }
}
