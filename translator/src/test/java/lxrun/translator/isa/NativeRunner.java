package lxrun.translator.isa;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs cases on this CPU through {@code isa_native} (src/test/resources/isa/isa_native.c), compiled on first
 * use with {@code gcc -O1 -static} into translator/target. One process serves all batches.
 */
public final class NativeRunner implements AutoCloseable {
    private final Process proc;
    private final BufferedReader out;
    private final BufferedWriter in;

    public NativeRunner() throws IOException, InterruptedException {
        Path exe = build();
        proc = new ProcessBuilder(exe.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.US_ASCII), 1 << 20);
        in = new BufferedWriter(new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.US_ASCII), 1 << 20);
    }

    /** The target directory of the translator module (works from the module or the repository root). */
    static Path targetDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("translator/target"))) return here.resolve("translator/target");
        return here.resolve("target");
    }

    static synchronized Path build() throws IOException, InterruptedException {
        Path dir = targetDir();
        Files.createDirectories(dir);
        Path src = dir.resolve("isa_native.c");
        Path exe = dir.resolve("isa_native");
        try (InputStream s = NativeRunner.class.getResourceAsStream("/isa/isa_native.c")) {
            if (s == null) throw new IOException("isa/isa_native.c missing from the test resources");
            byte[] text = s.readAllBytes();
            if (Files.exists(exe) && Files.exists(src) && java.util.Arrays.equals(Files.readAllBytes(src), text)) return exe;
            Files.write(src, text);
        }
        Path tmp = dir.resolve("isa_native.tmp");
        Process p = new ProcessBuilder("gcc", "-O1", "-static", "-o", tmp.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("gcc failed building isa_native:\n" + log);
        Files.move(tmp, exe, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return exe;
    }

    /** Runs a batch; results in case order. */
    public List<IsaResult> run(List<IsaCase> cases) throws IOException {
        Thread writer = new Thread(() -> {
            try {
                for (IsaCase c : cases) {
                    in.write(c.line());
                    in.write('\n');
                }
                in.flush();
            } catch (IOException ignored) {
                // the reader reports the missing lines
            }
        });
        writer.start();
        List<IsaResult> res = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            String line = out.readLine();
            if (line == null) throw new IOException("isa_native ended early (exit " + (proc.isAlive() ? "?" : proc.exitValue()) + ")");
            res.add(IsaResult.parse(line));
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return res;
    }

    @Override
    public void close() {
        try {
            in.close();
            proc.waitFor();
        } catch (IOException | InterruptedException e) {
            proc.destroy();
        }
    }
}
