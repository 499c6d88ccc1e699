using System.Collections.Generic;
using System.IO;

namespace Tessera.Cli.Run.Uefi
{
    // QEMU arguments for the common q35 guest (QemuRunner.MachineArguments) with Debian's OVMF (code read-only, a private copy of
    // the variable store), TCG, the serial console on stdio and isa-debug-exit, booting a
    // medium, optionally with a TPM 2.0 (tpm-tis) backed by swtpm.
    internal static class OvmfMachine
    {
        public const string Code = "/usr/share/OVMF/OVMF_CODE_4M.fd";
        public const string Vars = "/usr/share/OVMF/OVMF_VARS_4M.fd";

        public static List<string> Arguments(UefiBootMedium medium, string workDirectory, int memoryMiB, int cpus, SoftwareTpm? tpm)
        {
            string vars = Path.Combine(workDirectory, "OVMF_VARS_4M.fd");
            File.Copy(Vars, vars, overwrite: true);
            List<string> args = QemuRunner.MachineArguments("tcg", memoryMiB, cpus);
            args.AddRange(new[]
            {
                "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={Code}",
                "-drive", $"if=pflash,format=raw,unit=1,file={vars}",
            });
            args.AddRange(medium.QemuArguments);
            if (tpm != null)
                args.AddRange(new[] { "-chardev", $"socket,id=chrtpm,path={tpm.SocketPath}", "-tpmdev", "emulator,id=tpm0,chardev=chrtpm", "-device", "tpm-tis,tpmdev=tpm0" });
            return args;
        }
    }
}
