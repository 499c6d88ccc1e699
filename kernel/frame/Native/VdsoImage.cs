using System;
using System.Buffers.Binary;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // The vDSO every process gets (Linux's arch/x86/entry/vdso): a small shared object with
    // __vdso_clock_gettime, __vdso_gettimeofday, __vdso_time, __vdso_clock_getres and
    // __vdso_getcpu, version LINUX_2.6, mapped with AT_SYSINFO_EHDR pointing at it. The time
    // functions compute exactly what the kernel's clock_gettime computes (Time/Clock.cs):
    // monotonic = (rdtsc - tsc_at_start) converted as Time/TscConversion.cs does, realtime =
    // the RTC's seconds at boot + (monotonic - monotonic at the RTC read), from a read-only
    // data page (vvar) the kernel fills, mapped the page before the image (User/Vdso.cs).
    // A seqcount guards the page: odd means being written, a change means read again. Clocks
    // the page cannot serve (CPU-time clocks, TAI, the alarm clocks, bad ids) and getcpu
    // make the system call, returning its result (-errno on failure), as Linux's vDSO.
    //
    // Stored in the kernel as a blob, its length (8 bytes) then the image (frame_vdso_image).
    public static class VdsoImage
    {
        internal const string Symbol = "frame_vdso_image";
        public const int VvarSize = 4096;
        // The vvar page (kept in step with User/Vdso.cs).
        public const int SeqOffset = 0, ValidOffset = 4, TscAtStartOffset = 8, TscHzOffset = 16,
            UnixSecondsAtRtcOffset = 24, MonotonicAtRtcOffset = 32;
        // Clocks served (bits by clock id): REALTIME 0, MONOTONIC 1, MONOTONIC_RAW 4,
        // REALTIME_COARSE 5, MONOTONIC_COARSE 6, BOOTTIME 7; the realtime ones are 0 and 5.
        private const int ServedClocks = 0xF3, LastServedClock = 7;
        private const int SysGettimeofday = 96, SysTime = 201, SysClockGettime = 228, SysClockGetres = 229, SysGetcpu = 309;
        private const int NanosecondsPerSecond = 1_000_000_000;

        private static readonly string[] Names = { "__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_clock_getres", "__vdso_getcpu" };

        internal static void AddTo(ElfObjectWriter elf)
        {
            byte[] image = Build();
            var blob = new byte[8 + image.Length];
            BinaryPrimitives.WriteUInt64LittleEndian(blob, (ulong)image.Length);
            image.CopyTo(blob, 8);
            int section = elf.AddSection(".rodata.frame_vdso_image", ElfObjectWriter.SHT_PROGBITS, ElfObjectWriter.SHF_ALLOC, 16, blob);
            elf.AddSymbol(Symbol, section, 0, (ulong)blob.Length, true, 1);
        }

        // The shared object's bytes.
        public static byte[] Build()
        {
            // The code's place depends only on the names: ask a writer holding them.
            var layout = new SharedObjectWriter("linux-vdso.so.1", "LINUX_2.6");
            foreach (string name in Names) layout.AddFunction(name, 0, 0);
            ulong textOffset = layout.TextOffset;

            var block = new CodeBlock(64);
            var a = block.Asm;
            var entries = new Label[Names.Length + 1];
            for (int i = 0; i < entries.Length; i++) entries[i] = a.CreateLabel();
            Label textStart = entries[0];                    // the first function starts the code
            a.Label(ref entries[0]);
            ClockGettime(a, textStart, textOffset);
            a.Label(ref entries[1]);
            Gettimeofday(a, textStart, textOffset);
            a.Label(ref entries[2]);
            Time(a, textStart, textOffset);
            a.Label(ref entries[3]);
            ClockGetres(a);
            a.Label(ref entries[4]);
            a.mov(eax, SysGetcpu);
            a.syscall();
            a.ret();
            a.Label(ref entries[5]);
            a.nop();                                         // so the last label has an instruction

            var (code, relocations, result) = block.Assemble(textOffset);
            if (relocations.Count != 0) throw new InvalidOperationException("the vDSO must not need relocations");
            var writer = new SharedObjectWriter("linux-vdso.so.1", "LINUX_2.6");
            for (int i = 0; i < Names.Length; i++)
            {
                ulong start = result.GetLabelRIP(entries[i]) - textOffset, end = result.GetLabelRIP(entries[i + 1]) - textOffset;
                writer.AddFunction(Names[i], start, end - start);
            }
            if (writer.TextOffset != textOffset) throw new InvalidOperationException("vDSO layout changed");
            return writer.Build(code);
        }

        // int clock_gettime(clockid_t clock (edi), struct timespec *ts (rsi))
        private static void ClockGettime(Assembler a, Label textStart, ulong textOffset)
        {
            var fallback = a.CreateLabel();
            var realtime = a.CreateLabel();
            var store = a.CreateLabel();
            EmitServedCheck(a, fallback);
            a.mov(r8, rsi);
            a.test(edi, edi);
            a.je(realtime);
            a.cmp(edi, 5);
            a.je(realtime);
            EmitNanoseconds(a, textStart, textOffset, false, fallback);
            a.jmp(store);
            a.Label(ref realtime);
            EmitNanoseconds(a, textStart, textOffset, true, fallback);
            a.Label(ref store);
            EmitSplitSeconds(a);
            a.mov(__qword_ptr[r8], rax);
            a.mov(__qword_ptr[r8 + 8], rdx);
            a.xor(eax, eax);
            a.ret();
            EmitSyscallFallback(a, fallback, SysClockGettime);
        }

        // int gettimeofday(struct timeval *tv (rdi), struct timezone *tz (rsi)): the zone is zeros.
        private static void Gettimeofday(Assembler a, Label textStart, ulong textOffset)
        {
            var fallback = a.CreateLabel();
            var zone = a.CreateLabel();
            var done = a.CreateLabel();
            a.test(rdi, rdi);
            a.je(zone);
            EmitNanoseconds(a, textStart, textOffset, true, fallback);
            EmitSplitSeconds(a);
            a.mov(__qword_ptr[rdi], rax);
            a.mov(rax, rdx);
            a.xor(edx, edx);
            a.mov(ecx, 1000);
            a.div(rcx);
            a.mov(__qword_ptr[rdi + 8], rax);
            a.Label(ref zone);
            a.test(rsi, rsi);
            a.je(done);
            a.mov(__qword_ptr[rsi], 0);
            a.Label(ref done);
            a.xor(eax, eax);
            a.ret();
            EmitSyscallFallback(a, fallback, SysGettimeofday);
        }

        // time_t time(time_t *t (rdi))
        private static void Time(Assembler a, Label textStart, ulong textOffset)
        {
            var fallback = a.CreateLabel();
            var done = a.CreateLabel();
            EmitNanoseconds(a, textStart, textOffset, true, fallback);
            EmitSplitSeconds(a);
            a.test(rdi, rdi);
            a.je(done);
            a.mov(__qword_ptr[rdi], rax);
            a.Label(ref done);
            a.ret();
            EmitSyscallFallback(a, fallback, SysTime);
        }

        // int clock_getres(clockid_t clock (edi), struct timespec *res (rsi)): 1 ns, as the
        // kernel's clock_getres says for these clocks.
        private static void ClockGetres(Assembler a)
        {
            var fallback = a.CreateLabel();
            var done = a.CreateLabel();
            EmitServedCheck(a, fallback);
            a.test(rsi, rsi);
            a.je(done);
            a.mov(__qword_ptr[rsi], 0);
            a.mov(__qword_ptr[rsi + 8], 1);
            a.Label(ref done);
            a.xor(eax, eax);
            a.ret();
            EmitSyscallFallback(a, fallback, SysClockGetres);
        }

        // Goes to fallback unless edi is a clock the page serves (a negative id is above 7 unsigned).
        private static void EmitServedCheck(Assembler a, Label fallback)
        {
            a.cmp(edi, LastServedClock);
            a.ja(fallback);
            a.mov(eax, ServedClocks);
            a.bt(eax, edi);
            a.jae(fallback);                                 // CF clear: not served
        }

        // r11 = the clock in nanoseconds, read under the page's seqcount; fallback when the
        // kernel left the page invalid. Uses rax, rcx, rdx, r9, r10.
        // Seconds and nanoseconds of the time in r11 (nanoseconds): rax = seconds, rdx = the rest.
        private static void EmitSplitSeconds(Assembler a)
        {
            a.mov(rax, r11);
            a.xor(edx, edx);
            a.mov(ecx, NanosecondsPerSecond);
            a.div(rcx);
        }

        // The path for what the vvar page cannot answer: the system call itself, with the
        // caller's arguments still in their registers.
        private static void EmitSyscallFallback(Assembler a, Label fallback, int number)
        {
            a.Label(ref fallback);
            a.mov(eax, number);
            a.syscall();
            a.ret();
        }

        private static void EmitNanoseconds(Assembler a, Label textStart, ulong textOffset, bool realtime, Label fallback)
        {
            var retry = a.CreateLabel();
            var read = a.CreateLabel();
            a.lea(r9, __[textStart]);
            a.sub(r9, (int)(textOffset + VvarSize));        // the vvar page precedes the image
            a.Label(ref retry);
            a.mov(r10d, __dword_ptr[r9 + SeqOffset]);
            a.test(r10d, 1);
            a.je(read);
            a.pause();
            a.jmp(retry);
            a.Label(ref read);
            a.cmp(__dword_ptr[r9 + ValidOffset], 0);
            a.je(fallback);
            a.rdtsc();
            a.shl(rdx, 32);
            a.or(rax, rdx);
            a.sub(rax, __qword_ptr[r9 + TscAtStartOffset]);
            a.mov(rcx, __qword_ptr[r9 + TscHzOffset]);
            // ticks / hz * 10^9 + ticks % hz * 10^9 / hz (Time/TscConversion.cs)
            a.xor(edx, edx);
            a.div(rcx);
            a.imul(r11, rax, NanosecondsPerSecond);
            a.imul(rax, rdx, NanosecondsPerSecond);
            a.xor(edx, edx);
            a.div(rcx);
            a.add(r11, rax);
            if (realtime)
            {
                a.sub(r11, __qword_ptr[r9 + MonotonicAtRtcOffset]);
                a.imul(rax, __qword_ptr[r9 + UnixSecondsAtRtcOffset], NanosecondsPerSecond);
                a.add(r11, rax);
            }
            a.cmp(__dword_ptr[r9 + SeqOffset], r10d);
            a.jne(retry);
        }
    }
}
