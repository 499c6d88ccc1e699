using System.IO;
using System.Text.Json;

namespace Tessera.Cli.Build
{
    // Finds the `ilc` the SDK picked: restore distro/toolchain, then read the package's path
    // from NuGet's project.assets.json.
    internal static class IlcLocator
    {
        public static string Find()
        {
            string project = Path.Combine(Repository.Root, "distro", "toolchain", "Toolchain.csproj");
            Tool.RunChecked("restoring the NativeAOT compiler package", "dotnet", new[] { "restore", project });
            string assets = Path.Combine(Repository.Root, "distro", "toolchain", "obj", "project.assets.json");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(assets));
            string? packagesFolder = null;
            foreach (JsonProperty folder in doc.RootElement.GetProperty("packageFolders").EnumerateObject())
            {
                packagesFolder = folder.Name;
                break;
            }
            foreach (JsonProperty library in doc.RootElement.GetProperty("libraries").EnumerateObject())
            {
                if (!library.Name.StartsWith("runtime.linux-x64.Microsoft.DotNet.ILCompiler/", System.StringComparison.OrdinalIgnoreCase)) continue;
                string relative = library.Value.GetProperty("path").GetString()!;
                string ilc = Path.Combine(packagesFolder!, relative, "tools", "ilc");
                if (File.Exists(ilc)) return ilc;
            }
            throw new BuildException("the NativeAOT compiler (runtime.linux-x64.Microsoft.DotNet.ILCompiler) was not restored");
        }
    }
}
