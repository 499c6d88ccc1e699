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

        // Text arguments, UTF-8 encoded.
        public static Errno TryBuild(ulong stackTop, string[] argv, string[] envp, string execfn, ProgramAuxValues aux,
            ReadOnlySpan<byte> random16, int maxBytes, out byte[] image, out ulong stackPointer) =>
            TryBuild(stackTop, EncodeAll(argv), EncodeAll(envp), execfn, aux, random16, maxBytes, out image, out stackPointer);

        // Arguments and environment as the bytes they are (execve passes bytes, not text).
        public static Errno TryBuild(ulong stackTop, byte[][] argBytes, byte[][] envBytes, string execfn, ProgramAuxValues aux,
            ReadOnlySpan<byte> random16, int maxBytes, out byte[] image, out ulong stackPointer)
        {
            image = null;
            stackPointer = 0;
            if (random16.Length != 16 || (stackTop & 15) != 0) return Errno.EINVAL;

            // Null or over-long strings are E2BIG, as in Linux.
            byte[] execfnBytes = execfn == null ? null : Utf8(execfn);
            if (!AllFit(argBytes) || !AllFit(envBytes)) return Errno.E2BIG;
            byte[] platformBytes = Utf8("x86_64");
            if (execfnBytes == null || execfnBytes.Length >= MaxStringLength || argBytes == null || envBytes == null) return Errno.E2BIG;

            // Strings, written downward from the top exactly as they will sit in memory.
            ulong cursor = stackTop;
            ulong Place(byte[] bytes)
            {
                cursor -= (ulong)bytes.Length + 1;
                return cursor;
            }
            ulong execfnAddress = Place(execfnBytes);
            var envAddresses = new ulong[envBytes.Length];
            for (int i = envBytes.Length - 1; i >= 0; i--) envAddresses[i] = Place(envBytes[i]);
            var argAddresses = new ulong[argBytes.Length];
            for (int i = argBytes.Length - 1; i >= 0; i--) argAddresses[i] = Place(argBytes[i]);
            ulong platformAddress = Place(platformBytes);
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
            // Linux puts AT_SYSINFO_EHDR first (ARCH_DLINFO), only when there is a vDSO.
            if (aux.SystemInfoHeader != 0)
            {
                auxv.Insert(0, aux.SystemInfoHeader);
                auxv.Insert(0, AuxiliaryVector.AT_SYSINFO_EHDR);
            }
            int words = 1 + argBytes.Length + 1 + envBytes.Length + 1 + auxv.Count;
            ulong table = (cursor - (ulong)words * 8) & ~15UL;
            ulong size = stackTop - table;
            if (size > (ulong)maxBytes) return Errno.E2BIG;

            byte[] mem = new byte[size];
            int At(ulong address) => (int)(address - table);
            void PutString(ulong address, byte[] b) { b.AsSpan().CopyTo(mem.AsSpan(At(address))); mem[At(address) + b.Length] = 0; }
            PutString(execfnAddress, execfnBytes);
            for (int i = 0; i < envBytes.Length; i++) PutString(envAddresses[i], envBytes[i]);
            for (int i = 0; i < argBytes.Length; i++) PutString(argAddresses[i], argBytes[i]);
            PutString(platformAddress, platformBytes);
            random16.CopyTo(mem.AsSpan(At(randomAddress)));

            int w = 0;
            void Word(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(mem.AsSpan(w), value); w += 8; }
            Word((ulong)argBytes.Length);
            foreach (ulong a in argAddresses) Word(a);
            Word(0);
            foreach (ulong e in envAddresses) Word(e);
            Word(0);
            foreach (ulong v in auxv) Word(v);
            image = mem;
            stackPointer = table;
            return Errno.None;
        }

        // The UTF-8 bytes of every string, or null when one is missing.
        public static byte[][] EncodeAll(string[] strings)
        {
            if (strings == null) return null;
            var encoded = new byte[strings.Length][];
            for (int i = 0; i < strings.Length; i++)
            {
                if (strings[i] == null) return null;
                encoded[i] = Utf8(strings[i]);
            }
            return encoded;
        }

        private static bool AllFit(byte[][] strings)
        {
            if (strings == null) return false;
            foreach (byte[] s in strings) if (s == null || s.Length >= MaxStringLength) return false;
            return true;
        }

        private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);
    }
}
