using System;
using System.Buffers.Binary;
using System.IO;
using Tessera.Frame.Native;

namespace Tessera.Kernel.Tests.Native
{
    // The vDSO image as binutils' readelf sees it: what musl's and glibc's vDSO lookups need
    // (a shared object with PT_LOAD at 0 and PT_DYNAMIC, DT_HASH, the symbols defined in
    // .text at version LINUX_2.6 with linux-vdso.so.1 as the base version), made the same
    // way every time.
    public class VdsoImageTests
    {
        [Fact]
        public void IsTheSharedObjectLibrariesLookFor()
        {
            byte[] image = VdsoImage.Build();
            string dir = RealTools.TempDirectory();
            string path = Path.Combine(dir, "vdso.so");
            File.WriteAllBytes(path, image);
            string header = RealTools.Run("readelf", $"-hlW '{path}'");
            Assert.Contains("DYN (Shared object file)", header);
            Assert.Contains("Advanced Micro Devices X86-64", header);
            Assert.Matches(@"LOAD\s+0x0+ 0x0+ 0x0+ ", header);
            Assert.Contains("DYNAMIC", header);

            string dynamic = RealTools.Run("readelf", $"-dW '{path}'");
            Assert.Contains("(HASH)", dynamic);
            Assert.Contains("(SYMTAB)", dynamic);
            Assert.Contains("(STRTAB)", dynamic);
            Assert.Contains("(VERSYM)", dynamic);
            Assert.Contains("(VERDEF)", dynamic);
            Assert.Contains("Library soname: [linux-vdso.so.1]", dynamic);

            string symbols = RealTools.Run("readelf", $"-W --dyn-syms '{path}'");
            foreach (string name in new[] { "__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_clock_getres", "__vdso_getcpu" })
                Assert.Matches(@"FUNC\s+GLOBAL\s+DEFAULT\s+\d+ " + name + "@@LINUX_2.6", symbols);

            string versions = RealTools.Run("readelf", $"-VW '{path}'");
            Assert.Matches(@"Flags: BASE\s+Index: 1\s+Cnt: 1\s+Name: linux-vdso.so.1", versions);
            Assert.Matches(@"Index: 2\s+Cnt: 1\s+Name: LINUX_2.6", versions);
            Directory.Delete(dir, true);
        }

        [Fact]
        public void NeedsNoRelocationsAndIsReproducible()
        {
            byte[] a = VdsoImage.Build(), b = VdsoImage.Build();
            Assert.Equal(a, b);
            Assert.Equal((ushort)3, BinaryPrimitives.ReadUInt16LittleEndian(a.AsSpan(16)));   // ET_DYN
            string dir = RealTools.TempDirectory();
            string path = Path.Combine(dir, "vdso.so");
            File.WriteAllBytes(path, a);
            Assert.Contains("There are no relocations", RealTools.Run("readelf", $"-rW '{path}'"));
            Directory.Delete(dir, true);
        }

        // The SysV hash of gABI's example and of the version name glibc looks up (0x3ae75f6).
        [Fact]
        public void HashesAsTheAbiSays()
        {
            Assert.Equal(0x3ae75f6u, SharedObjectWriter.ElfHash("LINUX_2.6"));
        }
    }
}
