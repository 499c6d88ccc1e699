using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Frame.Native
{
    // One function per instruction C# cannot express (System V AMD64 calling convention:
    // arguments in rdi, rsi, rdx; result in rax). Declared for C# in Cpu/NativeStubs.cs.
    internal static class CpuStubs
    {
        internal static void AddTo(FunctionSection text)
        {
            text.Add("frame_native_inb", c => { c.Asm.mov(edx, edi); c.Asm.@in(al, dx); c.Asm.movzx(eax, al); c.Asm.ret(); });
            text.Add("frame_native_inw", c => { c.Asm.mov(edx, edi); c.Asm.@in(ax, dx); c.Asm.movzx(eax, ax); c.Asm.ret(); });
            text.Add("frame_native_ind", c => { c.Asm.mov(edx, edi); c.Asm.@in(eax, dx); c.Asm.ret(); });
            text.Add("frame_native_outb", c => { c.Asm.mov(edx, edi); c.Asm.mov(eax, esi); c.Asm.@out(dx, al); c.Asm.ret(); });
            text.Add("frame_native_outw", c => { c.Asm.mov(edx, edi); c.Asm.mov(eax, esi); c.Asm.@out(dx, ax); c.Asm.ret(); });
            text.Add("frame_native_outd", c => { c.Asm.mov(edx, edi); c.Asm.mov(eax, esi); c.Asm.@out(dx, eax); c.Asm.ret(); });
            text.Add("frame_native_rdmsr", c =>
            {
                c.Asm.mov(ecx, edi); c.Asm.rdmsr(); c.Asm.shl(rdx, 32); c.Asm.or(rax, rdx); c.Asm.ret();
            });
            text.Add("frame_native_wrmsr", c =>
            {
                c.Asm.mov(ecx, edi); c.Asm.mov(rax, rsi); c.Asm.mov(rdx, rsi); c.Asm.shr(rdx, 32); c.Asm.wrmsr(); c.Asm.ret();
            });
            text.Add("frame_native_read_cr0", c => { c.Asm.mov(rax, cr0); c.Asm.ret(); });
            text.Add("frame_native_read_cr2", c => { c.Asm.mov(rax, cr2); c.Asm.ret(); });
            text.Add("frame_native_read_cr3", c => { c.Asm.mov(rax, cr3); c.Asm.ret(); });
            text.Add("frame_native_read_cr4", c => { c.Asm.mov(rax, cr4); c.Asm.ret(); });
            text.Add("frame_native_write_cr3", c => { c.Asm.mov(cr3, rdi); c.Asm.ret(); });
            text.Add("frame_native_lgdt", c =>
            {
                // lgdt, then reload the data segments and CS (with a far return) from the new table.
                var a = c.Asm;
                var reloaded = a.CreateLabel();
                a.lgdt(__[rdi]);
                a.mov(ds, dx); a.mov(es, dx); a.mov(ss, dx);
                a.xor(eax, eax); a.mov(fs, ax); a.mov(gs, ax);
                a.movzx(esi, si);
                a.push(rsi);
                a.lea(rax, __[reloaded]);
                a.push(rax);
                a.db(0x48, 0xCB);                                  // retfq
                a.Label(ref reloaded);
                a.ret();
            });
            text.Add("frame_native_lidt", c => { c.Asm.lidt(__[rdi]); c.Asm.ret(); });
            text.Add("frame_native_ltr", c => { c.Asm.ltr(di); c.Asm.ret(); });
            text.Add("frame_native_cli", c => { c.Asm.cli(); c.Asm.ret(); });
            text.Add("frame_native_sti", c => { c.Asm.sti(); c.Asm.ret(); });
            text.Add("frame_native_hlt", c => { c.Asm.hlt(); c.Asm.ret(); });
            text.Add("frame_native_sti_hlt", c => { c.Asm.sti(); c.Asm.hlt(); c.Asm.ret(); });
            text.Add("frame_native_save_flags_cli", c => { c.Asm.pushfq(); c.Asm.pop(rax); c.Asm.cli(); c.Asm.ret(); });
            text.Add("frame_native_invlpg", c => { c.Asm.invlpg(__[rdi]); c.Asm.ret(); });
            text.Add("frame_native_cpuid", c =>
            {
                var a = c.Asm;
                a.push(rbx); a.mov(r8, rdx); a.mov(eax, edi); a.mov(ecx, esi); a.cpuid();
                a.mov(__dword_ptr[r8], eax); a.mov(__dword_ptr[r8 + 4], ebx);
                a.mov(__dword_ptr[r8 + 8], ecx); a.mov(__dword_ptr[r8 + 12], edx);
                a.pop(rbx); a.ret();
            });
            // rdrand: *rdi = a random value; returns 1 when the CPU delivered one (CF).
            text.Add("frame_native_rdrand", c =>
            {
                var a = c.Asm;
                a.xor(eax, eax); a.rdrand(rdx); a.setc(al); a.mov(__qword_ptr[rdi], rdx); a.ret();
            });
            text.Add("frame_native_rdtsc", c => { c.Asm.rdtsc(); c.Asm.shl(rdx, 32); c.Asm.or(rax, rdx); c.Asm.ret(); });
            text.Add("frame_native_read_rbp", c => { c.Asm.mov(rax, rbp); c.Asm.ret(); });
            text.Add("frame_native_int3", c => { c.Asm.int3(); c.Asm.ret(); });
            text.Add("frame_native_save_callee_saved", c =>
            {
                var a = c.Asm;
                a.mov(__qword_ptr[rdi], rbx); a.mov(__qword_ptr[rdi + 8], rbp);
                a.mov(__qword_ptr[rdi + 16], r12); a.mov(__qword_ptr[rdi + 24], r13);
                a.mov(__qword_ptr[rdi + 32], r14); a.mov(__qword_ptr[rdi + 40], r15);
                a.ret();
            });
            // Per-CPU data: GS holds this CPU's block (Cpu/PerCpu.cs); read a field of it.
            text.Add("frame_native_read_gs_dword", c => { c.Asm.mov(eax, __dword_ptr.gs[rdi]); c.Asm.ret(); });
            text.Add("frame_native_read_gs_qword", c => { c.Asm.mov(rax, __qword_ptr.gs[rdi]); c.Asm.ret(); });
            // Atomics for spinlocks and cross-CPU counters (lock prefix: Intel SDM Vol. 3A, 9.1.2.2).
            text.Add("frame_native_compare_exchange32", c =>
            {
                // (int* location (rdi), int value (esi), int comparand (edx)) -> the old value
                c.Asm.mov(eax, edx); c.Asm.@lock.cmpxchg(__dword_ptr[rdi], esi); c.Asm.ret();
            });
            text.Add("frame_native_fetch_add32", c =>
            {
                // (int* location (rdi), int addend (esi)) -> the old value
                c.Asm.mov(eax, esi); c.Asm.@lock.xadd(__dword_ptr[rdi], eax); c.Asm.ret();
            });
            text.Add("frame_native_fetch_add64", c =>
            {
                c.Asm.mov(rax, rsi); c.Asm.@lock.xadd(__qword_ptr[rdi], rax); c.Asm.ret();
            });
            text.Add("frame_native_pause", c => { c.Asm.pause(); c.Asm.ret(); });
            text.Add("frame_native_memory_fence", c => { c.Asm.mfence(); c.Asm.ret(); });
            text.Add("frame_native_restore_flags", c => { c.Asm.push(rdi); c.Asm.popfq(); c.Asm.ret(); });
            text.Add("frame_native_boot_stack_top", c => { c.Asm.mov(rax, c.AddressOf("frame_boot_stack", BootStub.StackSize)); c.Asm.ret(); });

            // Addresses the linker knows: section bounds and tables.
            AddAddressGetter(text, "frame_native_modules_start", "__modules_start");
            AddAddressGetter(text, "frame_native_modules_end", "__modules_end");
            AddAddressGetter(text, "frame_native_kernel_end", "__kernel_end");
            AddAddressGetter(text, "frame_native_symbol_table", "tessera_symbol_table");
            AddAddressGetter(text, "frame_native_ap_trampoline", ApTrampoline.Symbol);
            AddAddressGetter(text, "frame_native_ap_entry", "TesseraApStart");
            AddAddressGetter(text, "frame_native_vdso_image", VdsoImage.Symbol);
            AddAddressGetter(text, "frame_native_trap_vector_table", TrapStubs.VectorTableSymbol);
        }

        private static void AddAddressGetter(FunctionSection text, string name, string symbol) =>
            text.Add(name, c => { c.Asm.mov(rax, c.AddressOf(symbol)); c.Asm.ret(); });
    }
}
