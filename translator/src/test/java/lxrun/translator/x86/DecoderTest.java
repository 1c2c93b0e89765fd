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

    @ParameterizedTest
    @CsvSource({
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

    @Test
    void longerThanFifteenBytesIsUndefined() {
        assertThrows(CpuException.class, () -> decode("66".repeat(15) + "90"));
    }
}
