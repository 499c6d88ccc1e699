using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Exec
{
    // The stack a new program starts with, as Linux builds it (fs/binfmt_elf.c,
    // create_elf_tables; System V x86-64 psABI 3.4.1). From the top down: the program's path
    // (AT_EXECFN), the environment strings, the argument strings, the platform string, 16
    // random bytes (AT_RANDOM); then, 16-byte aligned at the stack pointer: argc, the argv
    // pointers and NULL, the envp pointers and NULL, and the auxiliary vector ending in AT_NULL.
    // Auxiliary entries come in Linux's order (checked against a real kernel by the tests).
    public static class InitialStack
    {
        public const int MaxStringLength = 32 * 4096;      // MAX_ARG_STRLEN

        public static Errno TryBuild(ulong stackTop, string[] argv, string[] envp, string execfn, ProgramAuxValues aux,
            ReadOnlySpan<byte> random16, int maxBytes, out byte[] image, out ulong stackPointer)
        {
            image = null;
            stackPointer = 0;
            if (random16.Length != 16 || (stackTop & 15) != 0) return Errno.EINVAL;

            // Strings, written downward from the top exactly as they will sit in memory.
            ulong cursor = stackTop;
            ulong Place(string s)
            {
                byte[] bytes = Utf8(s);
                cursor -= (ulong)bytes.Length + 1;
                return cursor;
            }
            if (!Fits(execfn) || !AllFit(argv) || !AllFit(envp)) return Errno.E2BIG;
            ulong execfnAddress = Place(execfn);
            var envAddresses = new ulong[envp.Length];
            for (int i = envp.Length - 1; i >= 0; i--) envAddresses[i] = Place(envp[i]);
            var argAddresses = new ulong[argv.Length];
            for (int i = argv.Length - 1; i >= 0; i--) argAddresses[i] = Place(argv[i]);
            ulong platformAddress = Place("x86_64");
            cursor -= 16;
            ulong randomAddress = cursor;
            cursor &= ~15UL;

            var auxv = new List<ulong>
            {
                AuxiliaryVector.AT_MINSIGSTKSZ, aux.MinimumSignalStackSize,
                AuxiliaryVector.AT_HWCAP, aux.HardwareCapabilities,
                AuxiliaryVector.AT_PAGESZ, 4096,
                AuxiliaryVector.AT_CLKTCK, 100,
                AuxiliaryVector.AT_PHDR, aux.ProgramHeaders,
                AuxiliaryVector.AT_PHENT, aux.ProgramHeaderSize,
                AuxiliaryVector.AT_PHNUM, aux.ProgramHeaderCount,
                AuxiliaryVector.AT_BASE, aux.InterpreterBase,
                AuxiliaryVector.AT_FLAGS, 0,
                AuxiliaryVector.AT_ENTRY, aux.Entry,
                AuxiliaryVector.AT_UID, aux.Uid,
                AuxiliaryVector.AT_EUID, aux.Euid,
                AuxiliaryVector.AT_GID, aux.Gid,
                AuxiliaryVector.AT_EGID, aux.Egid,
                AuxiliaryVector.AT_SECURE, aux.Secure ? 1UL : 0UL,
                AuxiliaryVector.AT_RANDOM, randomAddress,
                AuxiliaryVector.AT_HWCAP2, aux.HardwareCapabilities2,
                AuxiliaryVector.AT_EXECFN, execfnAddress,
                AuxiliaryVector.AT_PLATFORM, platformAddress,
                AuxiliaryVector.AT_NULL, 0,
            };
            int words = 1 + argv.Length + 1 + envp.Length + 1 + auxv.Count;
            ulong table = (cursor - (ulong)words * 8) & ~15UL;
            ulong size = stackTop - table;
            if (size > (ulong)maxBytes) return Errno.E2BIG;

            byte[] mem = new byte[size];
            int At(ulong address) => (int)(address - table);
            void PutString(ulong address, string s) { byte[] b = Utf8(s); b.AsSpan().CopyTo(mem.AsSpan(At(address))); mem[At(address) + b.Length] = 0; }
            PutString(execfnAddress, execfn);
            for (int i = 0; i < envp.Length; i++) PutString(envAddresses[i], envp[i]);
            for (int i = 0; i < argv.Length; i++) PutString(argAddresses[i], argv[i]);
            PutString(platformAddress, "x86_64");
            random16.CopyTo(mem.AsSpan(At(randomAddress)));

            int w = 0;
            void Word(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(mem.AsSpan(w), value); w += 8; }
            Word((ulong)argv.Length);
            foreach (ulong a in argAddresses) Word(a);
            Word(0);
            foreach (ulong e in envAddresses) Word(e);
            Word(0);
            foreach (ulong v in auxv) Word(v);
            image = mem;
            stackPointer = table;
            return Errno.None;
        }

        private static bool Fits(string s) => s != null && Utf8(s).Length < MaxStringLength;

        private static bool AllFit(string[] strings)
        {
            if (strings == null) return false;
            foreach (string s in strings) if (!Fits(s)) return false;
            return true;
        }

        private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);
    }
}
