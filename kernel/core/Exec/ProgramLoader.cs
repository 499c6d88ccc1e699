using System;
using System.Collections.Generic;
using Tessera.Frame.Cpu;
using Tessera.Frame.User;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Exec
{
    // execve: replaces a process's program. Builds the new memory completely — segments of the
    // program and of its ELF interpreter mapped from their files, the stack with arguments,
    // environment and auxiliary vector — and only then swaps it in, so a failure leaves the
    // caller untouched (Linux's point of no return comes as late). "#!" scripts run their
    // interpreter with the script's path as an argument (fs/binfmt_script.c).
    public static class ProgramLoader
    {
        // Position-independent executables load where Linux puts them without randomization
        // (ELF_ET_DYN_BASE, 2/3 of the user address space, page-aligned).
        public const ulong PieBase = 0x5555_5555_4000;
        private const int MaxScriptDepth = 4;
        private const int MaxStackImage = 2 << 20;

        // Text arguments (the first program's), UTF-8 encoded.
        public static Errno Execute(UserThread thread, string path, string[] argv, string[] envp) =>
            Execute(thread, path, InitialStack.EncodeAll(argv), InitialStack.EncodeAll(envp));

        // Arguments and environment are bytes: execve passes them on unchanged, whatever they encode.
        public static Errno Execute(UserThread thread, string path, byte[][] argv, byte[][] envp)
        {
            Process process = thread.Process;
            for (int depth = 0; ; depth++)
            {
                Errno error = ExecutableFile.Open(process.Fs, path, out ExecutableFile file);
                if (error != Errno.None) return error;
                string resolved = file.Path;
                IPageSource source = file.Source;
                byte[] bytes = file.ReadAll();
                if (bytes.Length >= 2 && bytes[0] == (byte)'#' && bytes[1] == (byte)'!')
                {
                    if (depth >= MaxScriptDepth) return Errno.ELOOP;
                    if (!ParseShebang(bytes, out string interpreter, out string argument)) return Errno.ENOEXEC;
                    var args = new List<byte[]> { Utf8(interpreter) };
                    if (argument != null) args.Add(Utf8(argument));
                    args.Add(Utf8(path));
                    for (int i = 1; i < argv.Length; i++) args.Add(argv[i]);
                    argv = args.ToArray();
                    path = interpreter;
                    continue;
                }
                return LoadElf(thread, path, resolved, bytes, source, argv, envp);
            }
        }

        private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

        private static Errno LoadElf(UserThread thread, string path, string resolved, byte[] bytes, IPageSource source, byte[][] argv, byte[][] envp)
        {
            Process process = thread.Process;
            if (ElfImage.TryParse(bytes, out ElfImage program, out _) != Errno.None) return Errno.ENOEXEC;
            var memory = new VirtualMemory();
            ulong bias = program.IsPositionIndependent ? PieBase - VirtualMemory.PageAlignDown(program.LowestAddress) : 0;
            Errno error = MapSegments(memory, program, source, bias, resolved);
            ulong interpreterBase = 0, entry = program.Entry + bias;
            if (error == Errno.None && program.Interpreter != null)
                error = LoadInterpreter(memory, program.Interpreter, process.Fs, out interpreterBase, out entry);
            if (error == Errno.None)
                error = memory.Map(VirtualMemory.StackTop - VirtualMemory.StackSize, VirtualMemory.StackSize,
                    Protection.Read | Protection.Write, false, null, 0, "[stack]");
            ulong vdso = 0;
            if (error == Errno.None) error = VdsoMapping.Map(memory, out vdso);
            ulong stackPointer = 0;
            if (error == Errno.None)
            {
                memory.SetBrkStart(VirtualMemory.PageAlignUp(program.HighestAddress + bias));
                var aux = new ProgramAuxValues
                {
                    ProgramHeaders = ProgramHeaderAddress(program, bias),
                    ProgramHeaderSize = 56,
                    ProgramHeaderCount = program.ProgramHeaderCount,
                    InterpreterBase = interpreterBase,
                    Entry = program.Entry + bias,
                    Uid = process.Uid, Euid = process.Euid, Gid = process.Gid, Egid = process.Egid,
                    HardwareCapabilities = HardwareCapabilities(),
                    MinimumSignalStackSize = 2048,
                    SystemInfoHeader = vdso,
                };
                Span<byte> random = stackalloc byte[16];
                HardwareRandom.Fill(random);
                error = InitialStack.TryBuild(VirtualMemory.StackTop, argv, envp, path, aux, random, MaxStackImage, out byte[] image, out stackPointer);
                if (error == Errno.None && !memory.Write(stackPointer, image)) error = Errno.EFAULT;
            }
            if (error != Errno.None)
            {
                memory.Destroy();
                return error;
            }
            if (!ProcessLifecycle.EndOtherThreads(thread))
            {
                memory.Destroy();
                return Errno.EAGAIN;   // the process is going anyway (Linux's de_thread when killed)
            }
            Commit(thread, memory, resolved, entry, stackPointer);
            process.Arguments = argv;
            process.Environment = envp;
            // comm is the name execve was given, not where its links led (fs/exec.c).
            process.SetNameFromPath(path);
            return Errno.None;
        }

        // Past the point of no return: the new memory and registers take over.
        private static void Commit(UserThread thread, VirtualMemory memory, string path, ulong entry, ulong stackPointer)
        {
            Process process = thread.Process;
            VirtualMemory old = process.Memory;
            // The old program's CLEARTID word is cleared and woken in the old memory, and
            // forgotten (mm_release): the new program has not asked for it.
            if (thread.ClearChildTid != 0 && old != null)
            {
                old.Write(thread.ClearChildTid, new byte[4]);
                Syscalls.Futexes.Wake(old, thread.ClearChildTid, false, 1);
            }
            thread.ClearChildTid = 0;
            thread.RobustList = 0;
            process.Memory = memory;
            UserContext c = thread.Context;
            c.AddressSpace = memory.Space;
            memory.Space.Activate();
            if (old != null && old.Release())
            {
                Syscalls.Futexes.Forget(old);
                old.Destroy();
            }
            ProcessLifecycle.ReleaseVforkParent(process);

            c.Rax = 0; c.Rbx = 0; c.Rcx = 0; c.Rdx = 0; c.Rsi = 0; c.Rdi = 0; c.Rbp = 0;
            c.R8 = 0; c.R9 = 0; c.R10 = 0; c.R11 = 0; c.R12 = 0; c.R13 = 0; c.R14 = 0; c.R15 = 0;
            c.Rip = entry;
            c.Rsp = stackPointer;
            c.Rflags = 0x202;
            c.FsBase = 0;
            c.GsBase = 0;
            c.ResetFpu();
            // Handlers do not survive exec; ignored signals stay ignored (execve(2)).
            for (int s = 1; s <= Signal.Count; s++)
                if (process.SignalActions[s].Handler != SignalAction.SIG_IGN) process.SignalActions[s] = default;
            thread.AlternateStack = 0;
            thread.AlternateStackSize = 0;
            thread.AlternateStackFlags = SignalFrames.SS_DISABLE;
            using (Syscalls.FileSystemLock.Hold()) process.Fs.Exec();
            process.ExecutablePath = path;
            process.SetNameFromPath(path);
            thread.SkipResult = true;
        }

        private static Errno MapSegments(VirtualMemory memory, ElfImage image, IPageSource source, ulong bias, string name)
        {
            foreach (ElfSegment segment in image.Segments)
            {
                if (segment.MemorySize == 0) continue;
                ulong start = VirtualMemory.PageAlignDown(segment.VirtualAddress + bias);
                ulong end = VirtualMemory.PageAlignUp(segment.VirtualAddress + bias + segment.MemorySize);
                ulong lead = segment.VirtualAddress + bias - start;     // bytes of the first page before the segment
                if (segment.FileOffset < lead) return Errno.ENOEXEC;
                var protection = (segment.Readable ? Protection.Read : 0) | (segment.Writable ? Protection.Write : 0)
                    | (segment.Executable ? Protection.Execute : 0);
                var window = new PageSourceWindow(source, segment.FileOffset - lead, lead + segment.FileSize);
                Errno error = memory.Map(start, end - start, protection, false, window, 0, name);
                if (error != Errno.None) return Errno.ENOEXEC;
            }
            return Errno.None;
        }

        private static Errno LoadInterpreter(VirtualMemory memory, string path, Fs.Vfs.FsContext context, out ulong loadBase, out ulong entry)
        {
            loadBase = 0;
            entry = 0;
            Errno error = ExecutableFile.Open(context, path, out ExecutableFile file);
            if (error != Errno.None) return error;
            string resolved = file.Path;
            IPageSource source = file.Source;
            byte[] bytes = file.ReadAll();
            if (ElfImage.TryParse(bytes, out ElfImage interpreter, out _) != Errno.None || !interpreter.IsPositionIndependent || interpreter.Interpreter != null)
                return Errno.ELIBBAD;
            ulong span = VirtualMemory.PageAlignUp(interpreter.HighestAddress) - VirtualMemory.PageAlignDown(interpreter.LowestAddress);
            ulong at = memory.FindFree(span);
            if (at == 0) return Errno.ENOMEM;
            ulong bias = at - VirtualMemory.PageAlignDown(interpreter.LowestAddress);
            error = MapSegments(memory, interpreter, source, bias, resolved);
            loadBase = bias;
            entry = interpreter.Entry + bias;
            return error;
        }

        // Where the program headers are in memory: inside the segment that maps their file offset.
        private static ulong ProgramHeaderAddress(ElfImage image, ulong bias)
        {
            foreach (ElfSegment s in image.Segments)
                if (image.ProgramHeaderOffset >= s.FileOffset && image.ProgramHeaderOffset < s.FileOffset + s.FileSize)
                    return s.VirtualAddress + (image.ProgramHeaderOffset - s.FileOffset) + bias;
            return 0;
        }

        private static ulong HardwareCapabilities()
        {
            CpuidInstruction.Query(1, 0, out _, out _, out _, out uint edx);
            return edx;
        }

        // "#!interpreter [one argument]" on the first line, at most 256 bytes (BINPRM_BUF_SIZE).
        private static bool ParseShebang(byte[] file, out string interpreter, out string argument)
        {
            interpreter = null;
            argument = null;
            int end = 2;
            while (end < file.Length && end < 256 && file[end] != (byte)'\n') end++;
            string line = System.Text.Encoding.UTF8.GetString(file, 2, end - 2).Trim();
            if (line.Length == 0) return false;
            int space = IndexOfWhitespace(line);
            if (space < 0) { interpreter = line; return true; }
            interpreter = line.Substring(0, space);
            string rest = line.Substring(space).Trim();
            if (rest.Length > 0) argument = rest;
            return true;
        }

        private static int IndexOfWhitespace(string s)
        {
            for (int i = 0; i < s.Length; i++) if (s[i] == ' ' || s[i] == '\t') return i;
            return -1;
        }
    }
}
