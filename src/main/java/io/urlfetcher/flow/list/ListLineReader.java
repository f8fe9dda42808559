package io.urlfetcher.flow.list;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads a list line by line, a line ending only at {@code \n} (one {@code \r} before it is dropped, so CRLF files
 * read as they look). {@link java.io.BufferedReader#readLine} also ends a line at a lone {@code \r}, which would
 * split one line in two and shift every later line number; here a lone CR stays in its line, to be reported there.
 * A line keeps at most {@code maxKept} characters, so one endless line cannot exhaust memory; its full
 * {@link #length()} is still counted.
 */
final class ListLineReader implements Closeable {

    private final Reader in;
    private final int maxKept;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long length;

    ListLineReader(Reader in, int maxKept) {
        this.in = in;
        this.maxKept = maxKept;
    }

    /** The next line without its line end (cut to {@code maxKept} characters), or null at the end of the input. */
    String readLine() throws IOException {
        StringBuilder line = null;
        long count = 0;
        char last = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line == null) {
                        return null;
                    }
                    return finish(line, count, last);
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int kept = (int) Math.min(position - start, Math.max(0, maxKept + 1L - line.length()));
            line.append(buffer, start, kept); // one past the limit: a cut line is longer than maxKept
            count += position - start;
            if (position > start) {
                last = buffer[position - 1];
            }
            if (position < limit) {
                position++; // the '\n'
                return finish(line, count, last);
            }
        }
    }

    /** The full length of the last line read (without its line end), also when its text was cut. */
    long length() {
        return length;
    }

    private String finish(StringBuilder line, long count, char last) {
        if (last == '\r') {
            if (line.length() == count) {
                line.setLength(line.length() - 1);
            }
            count--;
        }
        length = count;
        if (line.length() > maxKept) {
            line.setLength(maxKept);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
