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
    void undefinedOpcodeRaisesUdAtItsAddress() {
        CpuException e = assertThrows(CpuException.class, () -> decode("0f0b90".replace("0f0b", "0fff")));
        assertEquals(GuestException.UD, e.vector());
        assertEquals(0x1000, e.rip);
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
