package io.edgeprov.contracts.codec;

import java.nio.charset.StandardCharsets;

/**
 * Renders definite-length CBOR in RFC 8949 section 8 diagnostic notation, one map entry or
 * array element per line, for the human-readable {@code .cbor.diag} golden files.
 */
final class CborDiagnostic {

    private final byte[] bytes;
    private int pos;
    private final StringBuilder out = new StringBuilder();

    private CborDiagnostic(byte[] bytes) {
        this.bytes = bytes;
    }

    static String render(byte[] cbor) {
        CborDiagnostic d = new CborDiagnostic(cbor);
        d.item(0);
        if (d.pos != cbor.length) {
            throw new IllegalArgumentException("trailing bytes after the item");
        }
        return d.out.append('\n').toString();
    }

    private void item(int indent) {
        int initial = bytes[pos++] & 0xff;
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (major == 7) {
            simple(info);
            return;
        }
        long arg = argument(info);
        switch (major) {
            case 0 -> out.append(Long.toUnsignedString(arg));
            case 1 -> out.append("-").append(Long.toUnsignedString(arg + 1));
            case 2 -> {
                out.append("h'");
                for (int i = 0; i < arg; i++) {
                    out.append(String.format("%02x", bytes[pos++] & 0xff));
                }
                out.append('\'');
            }
            case 3 -> {
                String s = new String(bytes, pos, (int) arg, StandardCharsets.UTF_8);
                pos += (int) arg;
                out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            case 4 -> container(indent, arg, '[', ']', false);
            case 5 -> container(indent, arg, '{', '}', true);
            default -> throw new IllegalArgumentException("tags are not rendered");
        }
    }

    private void container(int indent, long count, char open, char close, boolean map) {
        out.append(open);
        if (count == 0) {
            out.append(close);
            return;
        }
        out.append('\n');
        for (long i = 0; i < count; i++) {
            out.append("  ".repeat(indent + 1));
            if (map) {
                item(indent + 1);
                out.append(": ");
            }
            item(indent + 1);
            out.append(i + 1 < count ? ",\n" : "\n");
        }
        out.append("  ".repeat(indent)).append(close);
    }

    private void simple(int info) {
        switch (info) {
            case 20 -> out.append("false");
            case 21 -> out.append("true");
            case 22 -> out.append("null");
            default -> throw new IllegalArgumentException("simple value " + info + " is not rendered");
        }
    }

    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        int size = 1 << (info - 24);
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (bytes[pos++] & 0xff);
        }
        return v;
    }
}
