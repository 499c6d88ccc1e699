using System;
using System.Runtime.Versioning;
using System.Threading.Tasks;

[assembly: SupportedOSPlatform("linux")]

namespace Tessera.Attestation.Agent;

public static class Program
{
    public static Task<int> Main(string[] args) => AgentCommand.RunAsync(args, Console.Out, Console.Error);
}
