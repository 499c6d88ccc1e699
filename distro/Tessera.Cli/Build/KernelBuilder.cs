using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tessera.Frame.Native;

namespace Tessera.Cli.Build
{
    // `./tessera build`: C# sources → IL (dotnet build, against our core library) → one
    // native object (ILCompiler) + the frame's generated machine code (Iced) → out/kernel.elf
    // (ld.lld, linked twice so the image can carry its own symbol table).
    internal static class KernelBuilder
    {
        private const int Steps = 7;

        public static void Build(Action<string> progress)
        {
            string obj = Repository.Obj;
            Directory.CreateDirectory(obj);
            string configuration = "Release";

            progress($"[1/{Steps}] compiling the kernel assemblies (dotnet build)");
            DotnetBuild(Path.Combine("kernel", "core", "Tessera.Kernel.csproj"), configuration);
            string coreBin = Path.Combine(Repository.Root, "kernel", "core", "bin", configuration, "net10.0");

            progress($"[2/{Steps}] collecting in-kernel tests");
            List<string> ktests = KTestTableGenerator.FindTests(new[] { "Tessera.Frame.dll", "Tessera.Kernel.dll" }.Select(n => Path.Combine(coreBin, n)));
            string table = Path.Combine(obj, "KTestTable.g.cs");
            WriteIfChanged(table, KTestTableGenerator.Generate(ktests));

            progress($"[3/{Steps}] compiling the image project ({ktests.Count} ktests)");
            DotnetBuild(Path.Combine("kernel", "image", "Tessera.Image.csproj"), configuration, "-p:KTestTable=" + table);
            string imageBin = Path.Combine(Repository.Root, "kernel", "image", "bin", configuration, "net10.0");

            progress($"[4/{Steps}] compiling to native code (ILCompiler; this takes a while)");
            string ilc = IlcLocator.Find();
            string kernelObject = Path.Combine(obj, "kernel.o");
            var ilcArgs = new List<string>();
            foreach (string name in new[] { "Tessera.Image.dll", "System.Private.CoreLib.dll", "Tessera.Frame.dll", "Tessera.Kernel.dll" })
                ilcArgs.Add(Path.Combine(imageBin, name));
            ilcArgs.AddRange(new[]
            {
                "-o", kernelObject, "--systemmodule:System.Private.CoreLib", "--targetos:linux", "--targetarch:x64",
                "-O", "--reflectiondata:none", "--instruction-set:x86-64-v2",
                // Frame pointers everywhere and no tail calls, so a panic's backtrace shows
                // every caller.
                "--codegenopt", "JitFramed=1",
                "--codegenopt", "TailCallOpt=0",
                "--parallelism", "1",
            });
            Tool.RunChecked("ILCompiler", ilc, ilcArgs);

            progress($"[5/{Steps}] generating the frame's machine code (Iced)");
            string nativeObject = Path.Combine(obj, "frame-native.o");
            File.WriteAllBytes(nativeObject, NativeObject.Build());
            string script = Path.Combine(obj, "kernel.ld");
            File.WriteAllText(script, LinkerScript.Text);

            progress($"[6/{Steps}] linking (ld.lld), pass 1");
            string symbolsObject = Path.Combine(obj, "symbols.o");
            File.WriteAllBytes(symbolsObject, SymbolTableObject.Build(Array.Empty<ElfSymbolReader.FunctionSymbol>()));
            string firstLink = Path.Combine(obj, "kernel.pass1.elf");
            Link(script, firstLink, kernelObject, nativeObject, symbolsObject);
            var pass1 = new ElfSymbolReader(File.ReadAllBytes(firstLink));

            progress($"[7/{Steps}] linking (ld.lld), pass 2 with {pass1.Functions.Count} symbols");
            File.WriteAllBytes(symbolsObject, SymbolTableObject.Build(pass1.Functions));
            Link(script, Repository.KernelElf, kernelObject, nativeObject, symbolsObject);
            var final = new ElfSymbolReader(File.ReadAllBytes(Repository.KernelElf));
            if (final.Sections[".text"] != pass1.Sections[".text"] || final.Functions.Count != pass1.Functions.Count)
                throw new BuildException("the symbol table moved code between the two links");
            WriteSymbolMap(final.Functions);
        }

        private static void DotnetBuild(string project, string configuration, params string[] extra)
        {
            var args = new List<string> { "build", project, "-c", configuration, "--nologo", "-v:q", "-clp:ErrorsOnly" };
            args.AddRange(extra);
            Tool.RunChecked("dotnet build " + project, "dotnet", args);
        }

        private static void Link(string script, string output, params string[] objects)
        {
            var args = new List<string> { "-T", script, "-o", output, "--no-pie", "-static", "--build-id=none", "-z", "norelro", "-z", "max-page-size=4096" };
            args.AddRange(objects);
            Tool.RunChecked("ld.lld", "ld.lld", args);
        }

        private static void WriteSymbolMap(List<ElfSymbolReader.FunctionSymbol> functions)
        {
            using var map = new StreamWriter(Repository.KernelMap);
            foreach (var f in functions) map.WriteLine($"{f.Address:x16} {f.Size,8} {f.Name}");
        }

        private static void WriteIfChanged(string path, string text)
        {
            if (File.Exists(path) && File.ReadAllText(path) == text) return;
            File.WriteAllText(path, text);
        }
    }
}
