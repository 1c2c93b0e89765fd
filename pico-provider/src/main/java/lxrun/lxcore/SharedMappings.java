package lxrun.lxcore;

import lxrun.lxcore.fs.LxFile;
import lxrun.runtime.mem.GuestMemory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * MAP_SHARED file mappings of a process and their write-back. Guest memory is private to the JVM, so a
 * shared mapping is a copy of the file that is written back at msync(2), munmap(2) (and mmap over it)
 * and process exit. Only bytes that differ from what the mapping last had in common with the file are
 * written, so write(2)s to other parts of the file in between are not overwritten with stale data.
 * Bytes beyond the file's end are not written (the file does not grow, as on Linux).
 *
 * <p>Not modelled: changes made to the file through write(2) do not show in the mapping, and pages the
 * guest has made unreadable (PROT_NONE, or PROT_WRITE alone) are not written back.
 */
public final class SharedMappings {
    /** [start, end) of guest memory, mapping the file from {@code fileOff}; {@code snap} at {@code snapOff}. */
    private static final class Entry {
        final long start, end, fileOff;
        final LxFile file;
        final byte[] snap;
        final int snapOff;

        Entry(long start, long end, LxFile file, long fileOff, byte[] snap, int snapOff) {
            this.start = start;
            this.end = end;
            this.file = file;
            this.fileOff = fileOff;
            this.snap = snap;
            this.snapOff = snapOff;
        }

        Entry slice(long s, long e) {
            file.reference();
            return new Entry(s, e, file, fileOff + (s - start), snap, snapOff + (int) (s - start));
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Records a new shared mapping of {@code file} at {@code start}; {@code data} is what was copied in
     * (the file's bytes, possibly shorter than {@code len}). Takes a reference on the file.
     */
    public synchronized void add(long start, long len, LxFile file, long fileOff, byte[] data) {
        byte[] snap = data.length == len ? data.clone() : java.util.Arrays.copyOf(data, (int) len);
        file.reference();
        entries.add(new Entry(start, start + len, file, fileOff, snap, 0));
    }

    /** True if any shared mapping overlaps [start, start+len). */
    public synchronized boolean overlaps(long start, long len) {
        for (Entry e : entries) {
            if (e.start < start + len && start < e.end) return true;
        }
        return false;
    }

    /** msync: writes back the shared mappings' bytes in [start, start+len); with {@code sync}, fsyncs too. */
    public synchronized void writeBack(GuestMemory mem, long start, long len, boolean sync) {
        for (Entry e : entries) {
            long s = Math.max(e.start, start), t = Math.min(e.end, start + len);
            if (s < t) {
                writeBack(mem, e, s, t);
                if (sync) e.file.sync(true);
            }
        }
    }

    /** munmap (or a mapping replacing it): writes back [start, start+len) and forgets it. */
    public synchronized void release(GuestMemory mem, long start, long len) {
        long end = start + len;
        List<Entry> keep = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            long s = Math.max(e.start, start), t = Math.min(e.end, end);
            if (s >= t) continue;
            writeBack(mem, e, s, t);
            it.remove();
            if (e.start < s) keep.add(e.slice(e.start, s));
            if (t < e.end) keep.add(e.slice(t, e.end));
            e.file.dereference();
        }
        entries.addAll(keep);
    }

    /** Process exit: everything is written back and the files are let go. */
    public synchronized void releaseAll(GuestMemory mem) {
        for (Entry e : entries) {
            writeBack(mem, e, e.start, e.end);
            e.file.dereference();
        }
        entries.clear();
    }

    /** Writes the runs of [s, t) that differ from the snapshot, up to the file's current size. */
    private static void writeBack(GuestMemory mem, Entry e, long s, long t) {
        long fileSize = e.file.size();
        if (fileSize < 0 || !e.file.writable()) return;
        long limit = Math.min(t, e.start + Math.max(0, fileSize - e.fileOff));
        byte[] page = new byte[(int) GuestMemory.PAGE_SIZE];
        for (long p = s; p < limit; p = (p & ~GuestMemory.PAGE_MASK) + GuestMemory.PAGE_SIZE) {
            long pe = Math.min(limit, (p & ~GuestMemory.PAGE_MASK) + GuestMemory.PAGE_SIZE);
            int n = (int) (pe - p);
            if (!mem.accessible(p, n, GuestMemory.PROT_READ)) continue;
            mem.read(p, page, 0, n);
            int base = e.snapOff + (int) (p - e.start);
            int i = 0;
            while (i < n) {
                if (page[i] == e.snap[base + i]) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < n && page[j] != e.snap[base + j]) j++;
                if (e.file.pwrite(page, i, j - i, e.fileOff + (p - e.start) + i) == j - i) {
                    System.arraycopy(page, i, e.snap, base + i, j - i);
                }
                i = j;
            }
        }
    }
}
