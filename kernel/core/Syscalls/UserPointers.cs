using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Memory;

namespace Tessera.Kernel.Syscalls
{
    // Reading and writing the values system calls pass by pointer. Every access is checked
    // against the process's memory; a bad pointer gives EFAULT, never a kernel fault.
    public static class UserPointers
    {
        public const int PathMax = 4096;

        public static bool ReadUInt64(VirtualMemory m, ulong address, out ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            value = 0;
            if (!m.Read(address, b)) return false;
            value = BinaryPrimitives.ReadUInt64LittleEndian(b);
            return true;
        }

        public static bool ReadUInt32(VirtualMemory m, ulong address, out uint value)
        {
            Span<byte> b = stackalloc byte[4];
            value = 0;
            if (!m.Read(address, b)) return false;
            value = BinaryPrimitives.ReadUInt32LittleEndian(b);
            return true;
        }

        public static bool WriteUInt64(VirtualMemory m, ulong address, ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(b, value);
            return m.Write(address, b);
        }

        public static bool WriteUInt32(VirtualMemory m, ulong address, uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
            return m.Write(address, b);
        }

        // A NUL-terminated string of at most max bytes (ENAMETOOLONG beyond, EFAULT if unreadable).
        public static Errno ReadString(VirtualMemory m, ulong address, int max, out string value)
        {
            Errno e = ReadBytes(m, address, max, out byte[] bytes);
            value = e == Errno.None ? System.Text.Encoding.UTF8.GetString(bytes) : null;
            return e;
        }

        // The same, as the bytes they are (without the NUL). Read a piece at a time, never
        // across a page boundary: the next page may not exist.
        public static Errno ReadBytes(VirtualMemory m, ulong address, int max, out byte[] value)
        {
            value = null;
            if (address == 0) return Errno.EFAULT;
            byte[] bytes = new byte[Math.Min(max + 1, 256)];
            int length = 0;
            while (length <= max)
            {
                int n = (int)Math.Min((ulong)Math.Min(max + 1 - length, 256), 4096 - ((address + (ulong)length) & 4095));
                if (length + n > bytes.Length) Array.Resize(ref bytes, Math.Max(bytes.Length * 2, length + n));
                Span<byte> piece = bytes.AsSpan(length, n);
                if (!m.Read(address + (ulong)length, piece)) return Errno.EFAULT;
                int nul = piece.IndexOf((byte)0);
                if (nul >= 0)
                {
                    Array.Resize(ref bytes, length + nul);
                    value = bytes;
                    return Errno.None;
                }
                length += n;
            }
            return Errno.ENAMETOOLONG;
        }

        public static Errno ReadPath(VirtualMemory m, ulong address, out string path)
        {
            Errno e = ReadString(m, address, PathMax - 1, out path);
            return e;
        }

        // A NULL-terminated array of string pointers (argv, envp), each string's bytes as they
        // are; a null array is empty.
        public static Errno ReadStringArray(VirtualMemory m, ulong address, out byte[][] values)
        {
            values = null;
            var list = new List<byte[]>();
            if (address != 0)
            {
                for (int i = 0; ; i++)
                {
                    if (i > 0x7FFF) return Errno.E2BIG;
                    if (!ReadUInt64(m, address + (ulong)i * 8, out ulong pointer)) return Errno.EFAULT;
                    if (pointer == 0) break;
                    Errno e = ReadBytes(m, pointer, 32 * 4096, out byte[] s);
                    if (e == Errno.ENAMETOOLONG) return Errno.E2BIG;
                    if (e != Errno.None) return e;
                    list.Add(s);
                }
            }
            values = list.ToArray();
            return Errno.None;
        }
    }
}
