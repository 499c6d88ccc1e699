using System;
using System.IO;
using System.Text;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Tessera.Cli.Image.Uefi
{
    // The EFI entry point of the kernel's UEFI application, generated with Iced. UEFI calling
    // convention (RCX = image handle, RDX = system table, RIP-relative addressing only, so the
    // firmware may load the image anywhere). In order:
    //   1. reserve the kernel's physical load ranges (AllocatePages at their address);
    //   2. allocate the handoff area below 1 GiB (EfiACPIReclaimMemory: the kernel keeps it)
    //      and a buffer for the memory map;
    //   3. copy the TCG2 event log (crypto-agile format) if the firmware has a TPM;
    //   4. find the ACPI RSDP among the configuration tables;
    //   5. GetMemoryMap + ExitBootServices (retried once with a fresh map key);
    //   6. append the events the firmware logged in the final events table after GetEventLog;
    //   7. convert the memory map to E820 entries, fill hvm_start_info and the module list;
    //   8. copy the kernel's segments into place (bss zeroed) and jump to the kernel's 64-bit
    //      entry with RBX = start info: the firmware's page tables identity-map all memory, which
    //      is what that entry asks for (docs/kernel-build.md), so there is no mode switch.
    // A failure before ExitBootServices prints a line on ConOut and returns the EFI status.
    internal static class UefiLoaderStub
    {
        public sealed record Payload(uint TextRva, uint LinuxRva, uint InitrdRva, int InitrdSize, byte[] CommandLine);
        public sealed record Output(byte[] Code, byte[] Data, uint DataRva);

        // The handoff area (HandoffPages pages below 1 GiB), laid out by offset.
        public const int HandoffPages = 8;
        public const int StartInfoOffset = 0x0, ModuleListOffset = 0x40, InitramfsNameOffset = 0x80, LogNameOffset = 0xA0;
        public const int CommandLineOffset = 0x100, MaxCommandLine = 0xF00, MemoryMapOffset = 0x1000, MaxE820Entries = 1024;
        public const string InitramfsModuleName = "initramfs", LogModuleName = "tessera.tcg2-log";
        private const int MemoryMapBufferPages = 16;
        private const int FinalEventsRoom = 64 * 1024;   // room after the log for the final events
        private const ulong HandoffLimit = 0x3FFF_FFFF;  // the kernel reads the start info before it maps more than 1 GiB
        private const uint PvhMagic = 0x336ec578;

        // EFI_SYSTEM_TABLE, EFI_BOOT_SERVICES and EFI_TCG2_PROTOCOL offsets (x64).
        private const int StConOut = 0x40, StBootServices = 0x60, StTableCount = 0x68, StTables = 0x70;
        private const int BsAllocatePages = 0x28, BsGetMemoryMap = 0x38, BsExitBootServices = 0xE8, BsLocateProtocol = 0x140;
        private const int Tcg2GetEventLog = 0x08;
        private const int AllocateAnyPages = 0, AllocateMaxAddress = 1, AllocateAddress = 2;
        private const int EfiLoaderCode = 1, EfiLoaderData = 2, EfiAcpiReclaimMemory = 9;

        public static Output Build(PvhKernelImage kernel, Payload payload)
        {
            if (payload.CommandLine.Length >= MaxCommandLine) throw new BuildException($"kernel command line longer than {MaxCommandLine - 1} bytes");
            // Pass 1 measures the code; pass 2 pads it so the data starts on its own page.
            var (first, firstDataRva) = Assemble(kernel, payload, 0);
            uint dataRva = PeImageWriter.Align(firstDataRva, PeImageWriter.SectionAlignment);
            var (bytes, secondDataRva) = Assemble(kernel, payload, (int)(dataRva - firstDataRva));
            if (secondDataRva != dataRva) throw new InvalidOperationException("loader stub layout moved between passes");
            int codeLength = (int)(firstDataRva - payload.TextRva);
            return new Output(bytes[..codeLength], bytes[(int)(dataRva - payload.TextRva)..], dataRva);
        }

        private static (byte[] Bytes, uint DataRva) Assemble(PvhKernelImage kernel, Payload p, int padding)
        {
            var a = new Assembler(64);
            Label L() => a.CreateLabel();
            Label text = L(), exit = L(), print = L(), findConfig = L(), eventSize = L();
            Label imageBase = L(), scratch = L(), handoff = L(), mapBuf = L(), mapSize = L(), mapKey = L(), descSize = L(), descVer = L();
            Label tcg2 = L(), logStart = L(), logLast = L(), truncated = L(), logBuf = L(), logSize = L(), logCap = L(), finalTable = L(), finalPre = L();
            Label rsdp = L(), attempt = L(), tcg2Guid = L(), finalGuid = L(), acpi20Guid = L(), acpi10Guid = L(), template = L();
            Label msgReserve = L(), msgHandoff = L(), msgMap = L(), msgStart = L();

            a.Label(ref text);
            foreach (var r in new[] { rbx, rbp, rsi, rdi, r12, r13, r14, r15 }) a.push(r);
            a.sub(rsp, 0x48);                                   // shadow space + 5th argument, 16-byte aligned
            a.mov(r15, rcx);                                    // image handle
            a.mov(r12, rdx);                                    // system table
            a.mov(r13, __qword_ptr[r12 + StBootServices]);
            a.lea(rax, __[text]);
            a.sub(rax, (int)p.TextRva);
            a.mov(__qword_ptr[imageBase], rax);

            // 1. The kernel's load ranges, at their physical addresses.
            Label failReserve = L();
            foreach (PvhKernelImage.PageRange r in kernel.Ranges)
            {
                a.mov(rax, r.Start);
                a.mov(__qword_ptr[scratch], rax);
                AllocatePages(a, AllocateAddress, EfiLoaderData, r.Pages, scratch);
                a.test(rax, rax);
                a.jnz(failReserve);
            }

            // 2. Handoff area below 1 GiB, memory map buffer anywhere.
            Label failHandoff = L();
            a.mov(rax, HandoffLimit);
            a.mov(__qword_ptr[handoff], rax);
            AllocatePages(a, AllocateMaxAddress, EfiAcpiReclaimMemory, HandoffPages, handoff);
            a.test(rax, rax);
            a.jnz(failHandoff);
            AllocatePages(a, AllocateAnyPages, EfiLoaderData, MemoryMapBufferPages, mapBuf);
            a.test(rax, rax);
            a.jnz(failHandoff);
            a.mov(rdi, __qword_ptr[handoff]);                   // names and command line from the template
            a.lea(rsi, __[template]);
            a.mov(ecx, MemoryMapOffset);
            a.rep.movsb();

            // 3. The TCG2 event log, if there is a TPM. Its size is up to the last entry plus
            // that entry's size (only the header event is in the SHA-1 TCG_PCR_EVENT format).
            Label noTpm = L(), agile = L(), haveSize = L(), noFinal = L(), clearLog = L();
            a.lea(rcx, __[tcg2Guid]);
            a.xor(edx, edx);
            a.lea(r8, __[tcg2]);
            a.call(__qword_ptr[r13 + BsLocateProtocol]);
            a.test(rax, rax);
            a.jnz(noTpm);
            a.mov(rcx, __qword_ptr[tcg2]);
            a.mov(edx, 2);                                      // EFI_TCG2_EVENT_LOG_FORMAT_TCG_2
            a.lea(r8, __[logStart]);
            a.lea(r9, __[logLast]);
            a.lea(rax, __[truncated]);
            a.mov(__qword_ptr[rsp + 0x20], rax);
            a.call(__qword_ptr[rcx + Tcg2GetEventLog]);
            a.test(rax, rax);
            a.jnz(noTpm);
            a.mov(rsi, __qword_ptr[logStart]);
            a.test(rsi, rsi);
            a.jz(noTpm);
            a.mov(r8, __qword_ptr[logLast]);
            a.test(r8, r8);
            a.jz(noTpm);
            a.cmp(r8, rsi);
            a.jb(noTpm);
            a.jne(agile);
            a.mov(eax, __dword_ptr[rsi + 28]);                  // TCG_PCR_EVENT: 32-byte header + event
            a.add(rax, 32);
            a.jmp(haveSize);
            a.Label(ref agile);
            a.call(eventSize);
            a.test(rax, rax);
            a.jz(noTpm);
            a.add(rax, r8);
            a.sub(rax, rsi);
            a.Label(ref haveSize);
            a.cmp(rax, 16 << 20);
            a.ja(noTpm);
            a.mov(__qword_ptr[logSize], rax);
            a.lea(rax, __[finalGuid]);
            a.call(findConfig);
            a.mov(__qword_ptr[finalTable], rax);
            a.test(rax, rax);
            a.jz(noFinal);
            a.mov(rcx, __qword_ptr[rax + 8]);                   // events already there now are in the log too
            a.mov(__qword_ptr[finalPre], rcx);
            a.Label(ref noFinal);
            a.mov(r8, __qword_ptr[logSize]);
            a.add(r8, FinalEventsRoom + 4095);
            a.shr(r8, 12);
            a.mov(rax, r8);
            a.shl(rax, 12);
            a.mov(__qword_ptr[logCap], rax);
            a.xor(ecx, ecx);                                    // AllocateAnyPages
            a.mov(edx, EfiLoaderData);
            a.lea(r9, __[logBuf]);
            a.call(__qword_ptr[r13 + BsAllocatePages]);
            a.test(rax, rax);
            a.jnz(clearLog);
            a.mov(rdi, __qword_ptr[logBuf]);
            a.mov(rsi, __qword_ptr[logStart]);
            a.mov(rcx, __qword_ptr[logSize]);
            a.rep.movsb();
            a.jmp(noTpm);
            a.Label(ref clearLog);
            a.mov(__qword_ptr[logSize], 0);
            a.Label(ref noTpm);

            // 4. The RSDP: ACPI 2.0 table, else ACPI 1.0.
            Label haveRsdp = L();
            a.lea(rax, __[acpi20Guid]);
            a.call(findConfig);
            a.test(rax, rax);
            a.jnz(haveRsdp);
            a.lea(rax, __[acpi10Guid]);
            a.call(findConfig);
            a.Label(ref haveRsdp);
            a.mov(__qword_ptr[rsdp], rax);

            a.lea(rdx, __[msgStart]);
            a.call(print);

            // 5. Memory map and ExitBootServices; a stale map key gets one retry.
            Label getMap = L(), failMap = L(), exited = L();
            a.mov(__qword_ptr[attempt], 0);
            a.Label(ref getMap);
            a.mov(eax, MemoryMapBufferPages * 4096);
            a.mov(__qword_ptr[mapSize], rax);
            a.lea(rcx, __[mapSize]);
            a.mov(rdx, __qword_ptr[mapBuf]);
            a.lea(r8, __[mapKey]);
            a.lea(r9, __[descSize]);
            a.lea(rax, __[descVer]);
            a.mov(__qword_ptr[rsp + 0x20], rax);
            a.call(__qword_ptr[r13 + BsGetMemoryMap]);
            a.test(rax, rax);
            a.jnz(failMap);
            a.mov(rcx, r15);
            a.mov(rdx, __qword_ptr[mapKey]);
            a.call(__qword_ptr[r13 + BsExitBootServices]);
            a.test(rax, rax);
            a.jz(exited);
            a.cmp(__qword_ptr[attempt], 0);
            a.jne(exit);                                        // failed twice: nothing more we may call
            a.mov(__qword_ptr[attempt], 1);
            a.jmp(getMap);
            a.Label(ref failMap);
            a.cmp(__qword_ptr[attempt], 0);
            a.jne(exit);                                        // boot services may be half gone: no printing
            a.mov(rbx, rax);
            a.lea(rdx, __[msgMap]);
            a.call(print);
            a.mov(rax, rbx);
            a.jmp(exit);

            a.Label(ref exited);
            a.cli();

            // 6. Final events logged after GetEventLog (ExitBootServices' own among them).
            Label finalLoop = L(), finalSkip = L(), finalDone = L();
            a.cmp(__qword_ptr[logSize], 0);
            a.je(finalDone);
            a.mov(rsi, __qword_ptr[finalTable]);
            a.test(rsi, rsi);
            a.jz(finalDone);
            a.mov(rbx, __qword_ptr[rsi + 8]);                   // NumberOfEvents
            a.cmp(rbx, 65536);
            a.ja(finalDone);
            a.lea(r8, __[rsi + 16]);
            a.xor(ebp, ebp);
            a.Label(ref finalLoop);
            a.cmp(rbp, rbx);
            a.jae(finalDone);
            a.call(eventSize);
            a.test(rax, rax);
            a.jz(finalDone);
            a.cmp(rbp, __qword_ptr[finalPre]);
            a.jb(finalSkip);
            a.mov(rcx, __qword_ptr[logSize]);
            a.add(rcx, rax);
            a.cmp(rcx, __qword_ptr[logCap]);
            a.ja(finalDone);
            a.mov(rdi, __qword_ptr[logBuf]);
            a.add(rdi, __qword_ptr[logSize]);
            a.add(__qword_ptr[logSize], rax);
            a.mov(rsi, r8);
            a.mov(rcx, rax);
            a.rep.movsb();
            a.Label(ref finalSkip);
            a.add(r8, rax);
            a.inc(rbp);
            a.jmp(finalLoop);
            a.Label(ref finalDone);

            // 7. E820 map from the EFI map, adjacent entries of one type merged.
            Label e820Loop = L(), e820Done = L(), typed = L(), newEntry = L(), nextDescriptor = L();
            a.mov(r14, __qword_ptr[handoff]);
            a.lea(rdi, __[r14 + MemoryMapOffset]);
            a.xor(ebx, ebx);
            a.mov(rsi, __qword_ptr[mapBuf]);
            a.mov(rbp, rsi);
            a.add(rbp, __qword_ptr[mapSize]);
            a.mov(r11, __qword_ptr[descSize]);
            a.cmp(r11, 40);                                     // EFI_MEMORY_DESCRIPTOR is at least 40 bytes
            a.jb(e820Done);
            a.Label(ref e820Loop);
            a.mov(rax, rsi);
            a.add(rax, r11);
            a.cmp(rax, rbp);
            a.ja(e820Done);
            a.mov(eax, __dword_ptr[rsi]);
            a.mov(edx, 1);                                      // RAM: loader, boot services, conventional
            foreach (int ram in new[] { 1, 2, 3, 4, 7 }) { a.cmp(eax, ram); a.je(typed); }
            a.mov(edx, 3);                                      // ACPI reclaimable
            a.cmp(eax, 9);
            a.je(typed);
            a.mov(edx, 4);                                      // ACPI NVS
            a.cmp(eax, 10);
            a.je(typed);
            a.mov(edx, 2);                                      // everything else: reserved
            a.Label(ref typed);
            a.mov(rcx, __qword_ptr[rsi + 8]);                   // PhysicalStart
            a.mov(r8, __qword_ptr[rsi + 24]);                   // NumberOfPages
            a.shl(r8, 12);
            a.test(ebx, ebx);
            a.jz(newEntry);
            a.mov(r9, __qword_ptr[rdi - 24]);
            a.add(r9, __qword_ptr[rdi - 16]);
            a.cmp(r9, rcx);
            a.jne(newEntry);
            a.cmp(__dword_ptr[rdi - 8], edx);
            a.jne(newEntry);
            a.add(__qword_ptr[rdi - 16], r8);
            a.jmp(nextDescriptor);
            a.Label(ref newEntry);
            a.cmp(ebx, MaxE820Entries);
            a.jae(e820Done);
            a.mov(__qword_ptr[rdi], rcx);
            a.mov(__qword_ptr[rdi + 8], r8);
            a.mov(__dword_ptr[rdi + 16], edx);
            a.mov(__dword_ptr[rdi + 20], 0);
            a.add(rdi, 24);
            a.inc(ebx);
            a.Label(ref nextDescriptor);
            a.add(rsi, r11);
            a.jmp(e820Loop);
            a.Label(ref e820Done);

            // hvm_start_info (version 1) and the module list.
            a.mov(__dword_ptr[r14 + StartInfoOffset], unchecked((int)PvhMagic));
            a.mov(__dword_ptr[r14 + StartInfoOffset + 4], 1);
            a.mov(__dword_ptr[r14 + StartInfoOffset + 8], 0);
            a.lea(rax, __[r14 + ModuleListOffset]);
            a.mov(__qword_ptr[r14 + StartInfoOffset + 16], rax);
            a.lea(rax, __[r14 + CommandLineOffset]);
            a.mov(__qword_ptr[r14 + StartInfoOffset + 24], rax);
            a.mov(rax, __qword_ptr[rsdp]);
            a.mov(__qword_ptr[r14 + StartInfoOffset + 32], rax);
            a.lea(rax, __[r14 + MemoryMapOffset]);
            a.mov(__qword_ptr[r14 + StartInfoOffset + 40], rax);
            a.mov(__dword_ptr[r14 + StartInfoOffset + 48], ebx);
            a.mov(__dword_ptr[r14 + StartInfoOffset + 52], 0);
            a.lea(rdi, __[r14 + ModuleListOffset]);
            a.xor(r9d, r9d);
            if (p.InitrdSize > 0)
            {
                a.mov(rax, __qword_ptr[imageBase]);
                a.add(rax, (int)p.InitrdRva);
                a.mov(__qword_ptr[rdi], rax);
                a.mov(__qword_ptr[rdi + 8], p.InitrdSize);
                a.lea(rax, __[r14 + InitramfsNameOffset]);
                a.mov(__qword_ptr[rdi + 16], rax);
                a.mov(__qword_ptr[rdi + 24], 0);
                a.add(rdi, 32);
                a.inc(r9d);
            }
            Label modulesDone = L();
            a.cmp(__qword_ptr[logSize], 0);
            a.je(modulesDone);
            a.mov(rax, __qword_ptr[logBuf]);
            a.mov(__qword_ptr[rdi], rax);
            a.mov(rax, __qword_ptr[logSize]);
            a.mov(__qword_ptr[rdi + 8], rax);
            a.lea(rax, __[r14 + LogNameOffset]);
            a.mov(__qword_ptr[rdi + 16], rax);
            a.mov(__qword_ptr[rdi + 24], 0);
            a.inc(r9d);
            a.Label(ref modulesDone);
            a.mov(__dword_ptr[r14 + StartInfoOffset + 12], r9d);

            // 8. The kernel into place: ranges zeroed (bss), then each segment's file bytes.
            foreach (PvhKernelImage.PageRange r in kernel.Ranges)
            {
                a.mov(rdi, r.Start);
                a.mov(rcx, r.Pages * 4096);
                a.xor(eax, eax);
                a.rep.stosb();
            }
            foreach (PvhKernelImage.Segment s in kernel.Segments)
            {
                if (s.FileSize == 0) continue;
                a.mov(rsi, __qword_ptr[imageBase]);
                a.mov(rax, p.LinuxRva + s.FileOffset);
                a.add(rsi, rax);
                a.mov(rdi, s.PhysicalAddress);
                a.mov(rcx, s.FileSize);
                a.rep.movsb();
            }
            a.cli();
            a.mov(rbx, r14);                                    // RBX: the start info
            a.mov(rax, kernel.Entry64);                         // the kernel's 64-bit entry
            a.jmp(rax);

            // Failures before ExitBootServices: a line on ConOut and the status to the firmware.
            a.Label(ref failReserve);
            a.mov(rbx, rax);
            a.lea(rdx, __[msgReserve]);
            a.call(print);
            a.mov(rax, rbx);
            a.jmp(exit);
            a.Label(ref failHandoff);
            a.mov(rbx, rax);
            a.lea(rdx, __[msgHandoff]);
            a.call(print);
            a.mov(rax, rbx);
            a.Label(ref exit);
            a.add(rsp, 0x48);
            foreach (var r in new[] { r15, r14, r13, r12, rdi, rsi, rbp, rbx }) a.pop(r);
            a.ret();

            // print(RDX = UTF-16 string): ConOut->OutputString.
            Label noConsole = L();
            a.Label(ref print);
            a.sub(rsp, 0x28);
            a.mov(rcx, __qword_ptr[r12 + StConOut]);
            a.test(rcx, rcx);
            a.jz(noConsole);
            a.call(__qword_ptr[rcx + 8]);
            a.Label(ref noConsole);
            a.add(rsp, 0x28);
            a.ret();

            // findConfig(RAX = GUID) -> RAX = VendorTable or 0.
            Label cfgLoop = L(), cfgNext = L(), cfgNone = L();
            a.Label(ref findConfig);
            a.mov(rcx, __qword_ptr[r12 + StTableCount]);
            a.mov(rdx, __qword_ptr[r12 + StTables]);
            a.mov(r8, __qword_ptr[rax]);
            a.mov(r9, __qword_ptr[rax + 8]);
            a.Label(ref cfgLoop);
            a.test(rcx, rcx);
            a.jz(cfgNone);
            a.cmp(r8, __qword_ptr[rdx]);
            a.jne(cfgNext);
            a.cmp(r9, __qword_ptr[rdx + 8]);
            a.jne(cfgNext);
            a.mov(rax, __qword_ptr[rdx + 16]);
            a.ret();
            a.Label(ref cfgNext);
            a.add(rdx, 24);
            a.dec(rcx);
            a.jmp(cfgLoop);
            a.Label(ref cfgNone);
            a.xor(eax, eax);
            a.ret();

            // eventSize(R8 = TCG_PCR_EVENT2) -> RAX = its size, 0 if it does not parse. Digest
            // sizes by TPM_ALG_ID (SHA-1, SHA-256, SHA-384, SHA-512, SM3-256), as the TCG PC
            // Client spec's TPML_DIGEST_VALUES; clobbers RCX, RDX, R9.
            Label digestLoop = L(), digestsDone = L(), haveDigest = L(), sizeFail = L();
            a.Label(ref eventSize);
            a.mov(ecx, __dword_ptr[r8 + 8]);
            a.cmp(ecx, 8);
            a.ja(sizeFail);
            a.lea(r9, __[r8 + 12]);
            a.Label(ref digestLoop);
            a.test(ecx, ecx);
            a.jz(digestsDone);
            a.movzx(eax, __word_ptr[r9]);
            foreach (var (alg, size) in new[] { (0x04, 20), (0x0B, 32), (0x0C, 48), (0x0D, 64), (0x12, 32) })
            {
                a.mov(edx, size);
                a.cmp(eax, alg);
                a.je(haveDigest);
            }
            a.jmp(sizeFail);
            a.Label(ref haveDigest);
            a.lea(r9, __[r9 + rdx + 2]);
            a.dec(ecx);
            a.jmp(digestLoop);
            a.Label(ref digestsDone);
            a.mov(eax, __dword_ptr[r9]);
            a.cmp(eax, 1 << 24);
            a.ja(sizeFail);
            a.lea(rax, __[r9 + rax + 4]);
            a.sub(rax, r8);
            a.ret();
            a.Label(ref sizeFail);
            a.xor(eax, eax);
            a.ret();

            // Data, on its own page after the code.
            if (padding > 0) a.db(new byte[padding]);
            a.Label(ref imageBase);
            a.dq(0UL);
            foreach (Label v in new[] { scratch, handoff, mapBuf, mapSize, mapKey, descSize, descVer, tcg2, logStart, logLast,
                                        truncated, logBuf, logSize, logCap, finalTable, finalPre, rsdp, attempt })
            {
                Label l = v;
                a.Label(ref l);
                a.dq(0UL);
            }
            Guid(a, ref tcg2Guid, "607f766c-7455-42be-930b-e4d76db2720f");     // EFI_TCG2_PROTOCOL_GUID
            Guid(a, ref finalGuid, "1e2ed096-30e2-4254-bd89-863bbef82325");    // EFI_TCG2_FINAL_EVENTS_TABLE_GUID
            Guid(a, ref acpi20Guid, "8868e871-e4f1-11d3-bc22-0080c73c8881");   // EFI_ACPI_20_TABLE_GUID
            Guid(a, ref acpi10Guid, "eb9d2d30-2d88-11d3-9a16-0090273fc14d");   // ACPI_TABLE_GUID
            a.Label(ref template);
            a.db(HandoffTemplate(p.CommandLine));
            Message(a, ref msgReserve, "tessera: cannot reserve the kernel's load address (AllocatePages at its physical range failed)");
            Message(a, ref msgHandoff, "tessera: cannot allocate the boot handoff area below 1 GiB");
            Message(a, ref msgMap, "tessera: GetMemoryMap failed");
            Message(a, ref msgStart, "tessera: starting the kernel");

            var stream = new MemoryStream();
            AssemblerResult result = a.Assemble(new StreamCodeWriter(stream), p.TextRva, BlockEncoderOptions.ReturnNewInstructionOffsets);
            return (stream.ToArray(), (uint)result.GetLabelRIP(imageBase));
        }

        private static void AllocatePages(Assembler a, int type, int memoryType, ulong pages, Label address)
        {
            a.mov(ecx, type);
            a.mov(edx, memoryType);
            a.mov(r8, pages);
            a.lea(r9, __[address]);
            a.call(__qword_ptr[r13 + BsAllocatePages]);
        }

        // The first page of the handoff area as the stub copies it: module names and the
        // kernel command line, NUL-terminated, at their offsets; the rest is filled at run time.
        private static byte[] HandoffTemplate(byte[] commandLine)
        {
            var page = new byte[MemoryMapOffset];
            Encoding.ASCII.GetBytes(InitramfsModuleName).CopyTo(page, InitramfsNameOffset);
            Encoding.ASCII.GetBytes(LogModuleName).CopyTo(page, LogNameOffset);
            commandLine.CopyTo(page, CommandLineOffset);
            return page;
        }

        private static void Guid(Assembler a, ref Label label, string text)
        {
            a.Label(ref label);
            a.db(new System.Guid(text).ToByteArray());   // EFI_GUID byte order, as System.Guid's
        }

        private static void Message(Assembler a, ref Label label, string text)
        {
            a.Label(ref label);
            a.db(Encoding.Unicode.GetBytes(text + "\r\n\0"));
        }
    }
}
