using System.IO;
using System.Text.Json.Nodes;
using Tessera.Cli.Commands;

namespace Tessera.Cli.Testing
{
    // `./tessera measure IMAGE --json` run in-process, as the guest checks compare against it.
    internal static class MeasureJson
    {
        // error: the status and what measure printed on stderr when it failed.
        public static bool TryRun(string imagePath, out JsonObject document, out string error)
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            int status = MeasureCommand.Run(new[] { imagePath, "--json" }, output, errors);
            document = new JsonObject();
            if (status != 0) { error = $"measure failed ({status}): {errors}"; return false; }
            document = JsonNode.Parse(output.ToString())!.AsObject();
            error = "";
            return true;
        }
    }
}
