using System.Runtime;
using System.Runtime.CompilerServices;

namespace Tessera.Frame.Cpu
{
    // The machine instructions C# cannot express, each a tiny function generated with Iced
    // (Native/CpuStubs.cs) and linked in. Every privileged instruction in the kernel is here
    // or in the boot and trap stubs: the audit test checks that.
    internal static unsafe class NativeStubs
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_inb")]
        internal static extern byte InByte(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_outb")]
        internal static extern void OutByte(ushort port, byte value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_inw")]
        internal static extern ushort InWord(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_outw")]
        internal static extern void OutWord(ushort port, ushort value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_ind")]
        internal static extern uint InDword(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_outd")]
        internal static extern void OutDword(ushort port, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_rdmsr")]
        internal static extern ulong ReadMsr(uint msr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_wrmsr")]
        internal static extern void WriteMsr(uint msr, ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_read_cr0")]
        internal static extern ulong ReadCr0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_read_cr2")]
        internal static extern ulong ReadCr2();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_read_cr3")]
        internal static extern ulong ReadCr3();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_read_cr4")]
        internal static extern ulong ReadCr4();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_write_cr3")]
        internal static extern void WriteCr3(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_lgdt")]
        internal static extern void LoadGdt(void* descriptor, ushort codeSelector, ushort dataSelector);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_lidt")]
        internal static extern void LoadIdt(void* descriptor);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_ltr")]
        internal static extern void LoadTaskRegister(ushort selector);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_cli")]
        internal static extern void DisableInterrupts();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_sti")]
        internal static extern void EnableInterrupts();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_hlt")]
        internal static extern void Halt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_invlpg")]
        internal static extern void InvalidatePage(ulong address);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_cpuid")]
        internal static extern void CpuId(uint leaf, uint subleaf, uint* registers);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_rdtsc")]
        internal static extern ulong ReadTimeStampCounter();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_read_rbp")]
        internal static extern ulong ReadFramePointer();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_int3")]
        internal static extern void Breakpoint();

        // Linker-defined bounds of the `__modules` section (pointers to ReadyToRun headers).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_modules_start")]
        internal static extern void* ModulesStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_modules_end")]
        internal static extern void* ModulesEnd();

        // First byte after the loaded kernel image (end of .bss), a virtual address.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_kernel_end")]
        internal static extern void* KernelEnd();

        // The symbol table the build embeds for backtraces (Diagnostics/SymbolTable.cs).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_symbol_table")]
        internal static extern byte* SymbolTable();

        // Returns RFLAGS and clears the interrupt flag (pushfq; pop; cli).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_save_flags_cli")]
        internal static extern ulong SaveFlagsAndDisableInterrupts();

        // Enables interrupts and halts in one step (sti; hlt): an interrupt arriving between
        // the two still wakes the CPU, because sti takes effect after the next instruction.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_sti_hlt")]
        internal static extern void EnableInterruptsAndHalt();

        // The top of the boot stack the kernel runs on (the collector scans up to here).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_boot_stack_top")]
        internal static extern void* BootStackTop();

        // Stores rbx, rbp, r12-r15 into buffer[0..5], so a conservative scan of the buffer sees
        // references the callers keep only in callee-saved registers.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_save_callee_saved")]
        internal static extern void SaveCalleeSavedRegisters(ulong* buffer);

        // Saves the callee-saved registers on the current stack, stores the stack pointer in
        // *saveOldRsp, and continues on the stack at newRsp (Native/ThreadStubs.cs).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_switch_stack")]
        internal static extern void SwitchStack(ulong* saveOldRsp, ulong newRsp);

        // Where a new thread's first switch returns to.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_thread_trampoline")]
        internal static extern void ThreadTrampoline();

        // Runs user code from the register block (User/UserContext.cs) until it makes a
        // system call or raises an exception, which save the registers back into the block
        // (Native/UserModeStubs.cs).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_user_execute")]
        internal static extern void UserExecute(byte* block, int fast);

        // The 64-bit syscall entry point (IA32_LSTAR).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_syscall_entry")]
        internal static extern void SyscallEntry();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_rdrand")]
        internal static extern int ReadRandom(ulong* value);

        // A 32- or 64-bit field of this CPU's per-CPU block, through the GS base (Cpu/PerCpu.cs).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_read_gs_dword")]
        internal static extern uint ReadGsDword(ulong offset);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_read_gs_qword")]
        internal static extern ulong ReadGsQword(ulong offset);

        // lock cmpxchg: stores value if *location == comparand; returns what was there.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_compare_exchange32")]
        internal static extern int CompareExchange(int* location, int value, int comparand);

        // lock xadd: adds and returns the old value.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_fetch_add32")]
        internal static extern int FetchAdd(int* location, int addend);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_fetch_add64")]
        internal static extern long FetchAdd(long* location, long addend);

        // The spin-wait hint (lets a sibling hyperthread run, saves power).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_pause")]
        internal static extern void Pause();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_memory_fence")]
        internal static extern void MemoryFence();

        // Restores RFLAGS saved by SaveFlagsAndDisableInterrupts (popfq).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_restore_flags")]
        internal static extern void RestoreFlags(ulong flags);

        // The application-processor start-up code (Native/ApTrampoline.cs), to copy below 1 MiB,
        // and the C# entry it calls.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_ap_trampoline")]
        internal static extern byte* ApTrampoline();

        // The vDSO (Native/VdsoImage.cs): its length (8 bytes), then the image.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_vdso_image")]
        internal static extern byte* VdsoImage();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_ap_entry")]
        internal static extern ulong ApEntry();

        // The addresses of the 256 trap entry stubs, in vector order.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_trap_vector_table")]
        internal static extern ulong* TrapVectorTable();

        // The extended (x87/SSE/AVX) state: Native/ExtendedStateStubs.cs, used by Cpu/ExtendedState.cs.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_write_cr4")]
        internal static extern void WriteCr4(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_write_xcr0")]
        internal static extern void WriteXcr0(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_xsaveopt")]
        internal static extern void XSaveOpt(byte* area);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_xsave")]
        internal static extern void XSave(byte* area);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_xrstor")]
        internal static extern void XRestore(byte* area);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_fxsave")]
        internal static extern void FxSave(byte* area);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_fxrstor")]
        internal static extern void FxRestore(byte* area);

        // For the extended-state ktest (see Native/ExtendedStateStubs.cs).
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "frame_native_hold_vector_registers")]
        internal static extern void HoldVectorRegisters(byte* values, byte* result, int withYield, ulong spinTicks, int avx);
    }
}
