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
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        "0ffcca               | 3  | paddb mm1, mm2",
        "450ffcca             | 4  | paddb mm1, mm2",
        "660ffcca             | 4  | paddb xmm1, xmm2",
        "0f6f4e08             | 4  | movq mm1, qword ptr [rsi+0x8]",
        "480f7ec8             | 4  | movd rax, mm1",
        "0f7ec8               | 3  | movd eax, mm1",
        "0f7fe7               | 3  | movq mm7, mm4",
        "0f70d11b             | 4  | pshufw mm2, mm1, 0x1b",
        "0f73d305             | 4  | psrlq/psllq mm3, 0x5",
        "f30fd6c3             | 4  | movq2dq xmm0, mm3",
        "f20fd6c3             | 4  | movdq2q mm0, xmm3",
        "0f2dc1               | 3  | cvtps2pi mm0, xmm1",
        "660f2a06             | 4  | cvtpi2pd xmm0, qword ptr [rsi]",
        "0f77                 | 2  | emms",
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
    void longerThanFifteenBytesIsUndefined() {
        assertThrows(CpuException.class, () -> decode("66".repeat(15) + "90"));
    }
}
