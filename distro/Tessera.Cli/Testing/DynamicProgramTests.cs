using System;
using System.IO;

namespace Tessera.Cli.Testing
{
    // Dynamically linked programs in the guest, as a user would add them with --add: one C
    // program built against musl and against glibc (the image carries each loader and the
    // host's libc.so.6 and libm.so.6, which are Debian's), and a C# program published with
    // NativeAOT for linux-x64 (tests/guest-dotnet) using threads, tasks, the GC and files.
    internal static class DynamicProgramTests
    {
        private const string Marker = "status=";

        public static void Run(TestReport report)
        {
            string tree = Path.Combine(Path.GetTempPath(), "tessera-dynamic-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                string bin = Path.Combine(tree, "bin");
                Directory.CreateDirectory(bin);
                string source = Path.Combine(Repository.Root, "tests", "guest-dynamic", "dynamic.c");
                var musl = Tool.Run("musl-gcc", new[] { "-O2", "-o", Path.Combine(bin, "dynamic-musl"), source, "-lpthread", "-lm" }, timeoutSeconds: 120);
                var glibc = Tool.Run("gcc", new[] { "-O2", "-o", Path.Combine(bin, "dynamic-glibc"), source, "-lpthread", "-lm" }, timeoutSeconds: 120);
                var dotnet = Tool.Run("dotnet", new[] { "publish", Path.Combine(Repository.Root, "tests", "guest-dotnet", "HelloNative"),
                    "-c", "Release", "-r", "linux-x64", "-p:PublishDir=" + Path.Combine(tree, "dotnet") + "/", "--nologo", "-v:q" }, timeoutSeconds: 600);
                report.Check("dynamic: the programs build (musl-gcc, gcc, dotnet publish NativeAOT)",
                    musl.ExitCode == 0 && glibc.ExitCode == 0 && dotnet.ExitCode == 0, musl.Output + glibc.Output + Tool.Tail(dotnet.Output, 20));
                if (musl.ExitCode != 0 || glibc.ExitCode != 0 || dotnet.ExitCode != 0) return;
                File.Copy(Path.Combine(tree, "dotnet", "HelloNative"), Path.Combine(bin, "HelloNative"));
                Directory.Delete(Path.Combine(tree, "dotnet"), recursive: true);
                CopyLibrary("/lib/ld-musl-x86_64.so.1", tree, "lib/ld-musl-x86_64.so.1");
                CopyLibrary("/lib64/ld-linux-x86-64.so.2", tree, "lib64/ld-linux-x86-64.so.2");
                CopyLibrary("/lib/x86_64-linux-gnu/libc.so.6", tree, "lib/x86_64-linux-gnu/libc.so.6");
                CopyLibrary("/lib/x86_64-linux-gnu/libm.so.6", tree, "lib/x86_64-linux-gnu/libm.so.6");

                string script = $"/bin/dynamic-musl musl; echo {Marker}$?; /bin/dynamic-glibc glibc; echo {Marker}$?; /bin/HelloNative; echo {Marker}$?";
                var boot = BootTests.BootCommand(256, new[] { "/bin/sh", "-c", script }, tree);
                string console = boot.Console.Replace("\r", "");
                string Tail() => "console:\n" + Tool.Tail(console, 30);
                report.Check("dynamic: a musl program runs through musl's loader (threads, heap, libm)",
                    console.Contains("dynamic musl: threads 30 heap 1 math 1\n" + Marker + "0"), Tail());
                report.Check("dynamic: a glibc program runs through ld-linux-x86-64.so.2 with Debian's libc.so.6 and libm.so.6",
                    console.Contains("dynamic glibc: threads 30 heap 1 math 1\n" + Marker + "0"), Tail());
                report.Check("dynamic: a C# NativeAOT program (glibc) runs: threads, tasks, GC, files, sleep",
                    console.Contains("dotnet ok\n" + Marker + "0"), Tail());
            }
            finally
            {
                if (Directory.Exists(tree)) Directory.Delete(tree, recursive: true);
            }
        }

        // The host's file behind a loader or library path (following symbolic links), placed at
        // the same path in the added tree.
        private static void CopyLibrary(string hostPath, string tree, string relative)
        {
            string target = Path.Combine(tree, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var info = new FileInfo(hostPath);
            string real = info.LinkTarget != null ? info.ResolveLinkTarget(returnFinalTarget: true)!.FullName : hostPath;
            File.Copy(real, target);
        }
    }
}
