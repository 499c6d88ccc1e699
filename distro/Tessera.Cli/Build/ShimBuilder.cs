using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Tessera.TdShim.Build;

namespace Tessera.Cli.Build
{
    // The TD shim (tdx-shim/): its C# (against our core library) -> ILCompiler -> linked with its Iced-generated
    // machine code into out/obj/shim.elf; then, with a kernel, command line and initramfs, out/tessera.fd.
    internal static class ShimBuilder
    {
        public static string ProgramElf => Path.Combine(Repository.Obj, "shim.elf");
        public static string FirmwareImage => Path.Combine(Repository.Out, "tessera.fd");

        public static void BuildProgram(Action<string> progress)
        {
            string obj = Repository.Obj;
            Directory.CreateDirectory(obj);
            const string configuration = "Release";
            progress("[shim 1/3] compiling the shim assemblies (dotnet build)");
            Tool.RunChecked("dotnet build tdx-shim", "dotnet", new[]
            {
                "build", Path.Combine("tdx-shim", "firmware", "Shim", "Tessera.TdShim.csproj"), "-c", configuration, "--nologo", "-v:q", "-clp:ErrorsOnly",
            });
            string bin = Path.Combine(Repository.Root, "tdx-shim", "firmware", "Shim", "bin", configuration, "net10.0");

            progress("[shim 2/3] compiling to native code (ILCompiler)");
            string shimObject = Path.Combine(obj, "shim.o");
            var ilcArgs = new List<string>();
            foreach (string name in new[] { "Tessera.TdShim.dll", "System.Private.CoreLib.dll", "Tessera.TdShim.Machine.dll" })
                ilcArgs.Add(Path.Combine(bin, name));
            ilcArgs.AddRange(new[]
            {
                "-o", shimObject, "--systemmodule:System.Private.CoreLib", "--targetos:linux", "--targetarch:x64",
                "-O", "--reflectiondata:none", "--instruction-set:x86-64-v2",
                "--codegenopt", "JitFramed=1", "--codegenopt", "TailCallOpt=0", "--parallelism", "1",
            });
            Tool.RunChecked("ILCompiler (shim)", IlcLocator.Find(), ilcArgs);

            progress("[shim 3/3] machine code (Iced) and linking (ld.lld)");
            string nativeObject = Path.Combine(obj, "shim-native.o");
            File.WriteAllBytes(nativeObject, ShimNativeObject.Build());
            string script = Path.Combine(obj, "shim.ld");
            File.WriteAllText(script, ShimLinkerScript.Text);
            Tool.RunChecked("ld.lld (shim)", "ld.lld", new[]
            {
                "-T", script, "-o", ProgramElf, "--no-pie", "-static", "--build-id=none", "-z", "norelro", "-z", "max-page-size=4096",
                shimObject, nativeObject,
            });
        }

        // Rebuilds the program when missing or older than its sources: the shim, measured-boot's core library
        // (compiled into it), the core library, or this tool.
        public static void EnsureProgramBuilt(Action<string> progress)
        {
            var program = new FileInfo(ProgramElf);
            if (program.Exists && !IsNewerThan(program.LastWriteTimeUtc)) return;
            BuildProgram(progress);
        }

        /// <summary>Writes out/tessera.fd from out/kernel.elf, the initramfs and the command line.</summary>
        public static string BuildImage(string initramfsPath, string commandLine, string? output = null)
        {
            var program = ShimProgram.FromElf(File.ReadAllBytes(ProgramElf));
            byte[] image = new ShimImageBuilder(program).Build(File.ReadAllBytes(Repository.KernelElf),
                File.ReadAllBytes(initramfsPath), Encoding.UTF8.GetBytes(commandLine));
            output ??= FirmwareImage;
            File.WriteAllBytes(output, image);
            return output;
        }

        private static bool IsNewerThan(DateTime built)
        {
            if (File.GetLastWriteTimeUtc(typeof(ShimBuilder).Assembly.Location) > built) return true;
            foreach (string folder in new[] { "tdx-shim", Path.Combine("measured-boot", "Tessera.MeasuredBoot"), Path.Combine("kernel", "corelib") })
            {
                foreach (string file in Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*", SearchOption.AllDirectories))
                {
                    string relative = Path.GetRelativePath(Repository.Root, file);
                    if (relative.Contains("/bin/") || relative.Contains("/obj/")) continue;
                    if (File.GetLastWriteTimeUtc(file) > built) return true;
                }
            }
            return false;
        }
    }
}
