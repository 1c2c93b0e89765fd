package lxrun.translator.x86;

import lxrun.runtime.cpu.CpuException;
import lxrun.runtime.mem.GuestException;
import lxrun.runtime.mem.GuestMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encodings and their meaning as GNU as/objdump give them; the disassembler must agree on each. */
class DecoderTest {
    private final GuestMemory mem = new GuestMemory();

    @AfterEach
    void close() {
        mem.close();
    }

    private Instruction decode(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        mem.map(0x1000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, "code", 0);
        mem.poke(0x1000, b, 0, b.length);
        return new Decoder().decode(mem, 0x1000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "480345f8             | 4  | add rax, qword ptr [rbp-0x8]",
        "648b042528000000     | 8  | mov eax, dword ptr fs:[0x28]",
        "488d3d00010000       | 7  | lea rdi, [rip+0x100]",
        "0fb64c9610           | 5  | movzx ecx, byte ptr [rsi+rdx*4+0x10]",
        "4d69ca34120000       | 7  | imul r9, r10, 0x1234",
        "41c1e003             | 4  | shl r8d, 0x3",
        "4154                 | 2  | push r12",
        "480f45c3             | 4  | cmovne rax, rbx",
        "f348ab               | 3  | rep stos qword ptr [rdi], rax",
        "f00fb137             | 4  | lock cmpxchg dword ptr [rdi], esi",
        "88dc                 | 2  | mov ah, bl",
        "48b88877665544332211 | 10 | mov rax, 0x1122334455667788",
        "400f94c7             | 4  | sete dil",
        "ff24c500400000       | 7  | jmp qword ptr [rax*8+0x4000]",
        // general-purpose extensions: a mandatory F3 selects tzcnt over bsf; F2 selects crc32 over movbe
        // with 66 as the operand size
        "f30fbcc8             | 4  | tzcnt ecx, eax",
        "0fbcc8               | 3  | bsf ecx, eax",
        "66f3440fbd02         | 6  | lzcnt r8w, word ptr [rdx]",
        "f3480fb8c3           | 5  | popcnt rax, rbx",
        "66f20f38f107         | 6  | crc32 eax, word ptr [rdi]",
        "f2660f38f107         | 6  | crc32 eax, word ptr [rdi]",
        "f2480f38f0c1         | 6  | crc32 rax, cl",
        "660f38f007           | 5  | movbe ax, word ptr [rdi]",
        "4c0f38f14e08         | 6  | movbe qword ptr [rsi+0x8], r9",
        "664c0f38f610         | 6  | adcx r10, qword ptr [rax]",
        "f30f38f6c1           | 5  | adox eax, ecx",
        "0f01f9               | 3  | rdtscp",
        "f3480faec0           | 5  | rdfsbase rax",
        "f30faec9             | 4  | rdgsbase ecx",
        "f3490faed4           | 5  | wrfsbase r12",
        "f30faedf             | 4  | wrgsbase edi",
        // VEX (C4): R X B inverted, map, W, vvvv inverted, L, pp
        "c4e2f0f2c3           | 5  | andn rax, rcx, rbx",
        "c40210f2449a10       | 7  | andn r8d, r13d, dword ptr [r10+r11*4+0x10]",
        "c4e280f30c24         | 6  | blsr r15, qword ptr [rsp]",
        "c4e248f3da           | 5  | blsi esi, edx",
        "c46218f7c1           | 5  | bextr r8d, ecx, r12d",
        "c4e2e0f50510000000   | 9  | bzhi rax, qword ptr [rip+0x10], rbx",
        "c442abf5cb           | 5  | pdep r9, r10, r11",
        "c4e262f5c1           | 5  | pext eax, ebx, ecx",
        "c462b3f607           | 5  | mulx r8, r9, qword ptr [rdi]",
        "c4e3fbf0c307         | 6  | rorx rax, rbx, 0x7",
        "c4e272f7c3           | 5  | sarx eax, ebx, ecx",
        "c4e289f7c3           | 5  | shlx rax, rbx, r14",
        "c4e203f706           | 5  | shrx eax, dword ptr [rsi], r15d",
        "0ffcca               | 3  | paddb mm1, mm2",
        "450ffcca             | 4  | paddb mm1, mm2",
        "660ffcca             | 4  | paddb xmm1, xmm2",
        "0f6f4e08             | 4  | movq mm1, qword ptr [rsi+0x8]",
        "480f7ec8             | 4  | movq rax, mm1",
        "0f7ec8               | 3  | movd eax, mm1",
        "0f7fe7               | 3  | movq mm7, mm4",
        "0f70d11b             | 4  | pshufw mm2, mm1, 0x1b",
        "0f73d305             | 4  | psrlq/psllq mm3, 0x5",
        "f30fd6c3             | 4  | movq2dq xmm0, mm3",
        "f20fd6c3             | 4  | movdq2q mm0, xmm3",
        "0f2dc1               | 3  | cvtps2pi mm0, xmm1",
        "660f2a06             | 4  | cvtpi2pd xmm0, qword ptr [rsi]",
        "0f77                 | 2  | emms",
        "0fc70e               | 3  | cmpxchg8b xmmword ptr [rsi]",
        "f0480fc70e           | 5  | lock cmpxchg16b xmmword ptr [rsi]",
        "6698                 | 2  | cbw",
        "98                   | 1  | cwde",
        "4899                 | 2  | cqo",
    })
    void decodesAndDisassembles(String hex, int length, String text) {
        Instruction in = decode(hex.trim());
        assertEquals(length, in.length);
        assertEquals(text.trim(), Disassembler.format(in));
    }

    @Test
    void operandSizeFollowsPrefixes() {
        assertEquals(2, decode("6601d8").opSize); // add ax, bx
        assertEquals(4, decode("01d8").opSize);
        assertEquals(8, decode("4801d8").opSize);
        assertEquals(8, decode("50").opSize); // push defaults to 64 bits
    }

    @Test
    void ripRelativeAddressIsFromTheNextInstruction() {
        Instruction in = decode("488d3d00010000");
        assertEquals(Instruction.RIP, in.base);
        assertEquals(0x1000 + 7 + 0x100, in.next() + in.disp);
    }

    @Test
    void vexFieldsAreDecoded() {
        Instruction in = decode("c40210f2449a10"); // andn r8d, r13d, [r10+r11*4+0x10]
        assertTrue(in.vex);
        assertFalse(in.vexW);
        assertFalse(in.vexL);
        assertEquals(13, in.vvvv);
        assertEquals(8, in.reg); // VEX.R inverted: 0 means r8..r15
        assertEquals(10, in.base);
        assertEquals(11, in.index);
        assertEquals(4, in.opSize);
        assertEquals(OpcodeTable.vex(OpcodeTable.P_NONE, 0x2f2), in.opcode);
        Instruction pdep = decode("c442abf5cb"); // W1, pp F2, vvvv 10
        assertTrue(pdep.vexW);
        assertEquals(8, pdep.opSize);
        assertEquals(10, pdep.vvvv);
        assertEquals(OpcodeTable.vex(OpcodeTable.P_F2, 0x2f5), pdep.opcode);
        assertEquals(11, pdep.rm);
        assertFalse(decode("f30fbcc8").vex);
    }

    @ParameterizedTest
    @CsvSource({
        "66c4e2f0f2c3, 66 before VEX",
        "f2c4e2f0f2c3, F2 before VEX",
        "f3c4e2f0f2c3, F3 before VEX",
        "f0c4e2f0f2c3, LOCK before VEX",
        "48c4e2f0f2c3, REX before VEX",
        "40c5f877,     REX before the two-byte VEX",
        "c4e2f4f2c3,   VEX.L = 1 on an LZ row",
        "c4e3f3f0c307, rorx with vvvv other than 1111b",
        "c4e0f0f2c3,   reserved map 0",
        "c4e4f0f2c3,   reserved map 4",
        "c4e2f1f2c3,   andn with pp = 66",
        "c4e2f0f3e0,   VEX 0F38 F3 /4",
        "c5f877,       vzeroupper: no AVX rows yet",
        "c5f0f2c3,     two-byte VEX selects map 0F",
        "f30f38f007,   F3 0F 38 F0: not movbe",
        "0f38f0c7,     movbe with a register operand",
        "0faec0,       0F AE /0 register form without F3",
    })
    void undefinedEncodingsRaiseUd(String hex, String why) {
        CpuException e = assertThrows(CpuException.class, () -> decode(hex.trim()), why);
        assertEquals(GuestException.UD, e.vector());
    }

    @Test
    void undefinedOpcodeRaisesUdAtItsAddress() {
        CpuException e = assertThrows(CpuException.class, () -> decode("0f0b90".replace("0f0b", "0fff")));
        assertEquals(GuestException.UD, e.vector());
        assertEquals(0x1000, e.rip);
    }

    @ParameterizedTest
    @CsvSource({
        "0f6cc1",   // punpcklqdq has no MMX form
        "0fd6c1",   // movq xmm/m64, xmm needs 66
        "0fe6c1",   // cvt*pd2dq/cvtdq2pd need a prefix
        "0fd706",   // pmovmskb: register source only
        "0f7106 05", // MMX shift groups: register only
        "0f2bc1",   // movntps: memory destination only
    })
    void undefinedMmxEncodingsRaiseUd(String hex) {
        CpuException e = assertThrows(CpuException.class, () -> decode(hex.replace(" ", "")));
        assertEquals(GuestException.UD, e.vector());
    }

    @Test
    void lockIsUndefinedOnRegistersAndRowsThatAreNotLockable() {
        decode("f00118"); // lock add [rax], ebx
        assertThrows(CpuException.class, () -> decode("f001d8")); // lock add eax, ebx
        assertThrows(CpuException.class, () -> decode("f00318")); // lock add ebx, [rax]
    }

    @Test
    void longerThanFifteenBytesIsGeneralProtection() {
        CpuException e = assertThrows(CpuException.class, () -> decode("66".repeat(15) + "90"));
        assertEquals(GuestException.GP, e.vector());
    }
}
