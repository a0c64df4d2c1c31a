package io.edgeprov.pki.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/** A passphrase kept in a file that only its owner may read. */
record FilePassphraseSource(Path file) implements PassphraseSource {

    FilePassphraseSource {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public Passphrase read() throws CaKeyStoreException {
        if (!Files.exists(file)) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_MISSING,
                    "passphrase file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_UNREADABLE,
                    "passphrase file " + file + " is not a regular file");
        }
        refuseIfOpenToOthers();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_MISSING,
                    "passphrase file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_UNREADABLE,
                    "passphrase file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        try {
            int length = withoutOneTrailingNewline(bytes);
            if (length == 0) {
                throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_EMPTY, "passphrase file " + file + " is empty");
            }
            return Passphrase.adopt(decode(bytes, length));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private void refuseIfOpenToOthers() throws CaKeyStoreException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // No POSIX permissions to check on this file system (Windows ACLs are out of scope).
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_UNREADABLE,
                    "permissions of passphrase file " + file + " cannot be read", e);
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_FILE_TOO_OPEN,
                    "passphrase file " + file + " is readable by group or others; run chmod 600 on it");
        }
    }

    private static int withoutOneTrailingNewline(byte[] bytes) {
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') {
            length--;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
        }
        return length;
    }

    private char[] decode(byte[] bytes, int length) throws CaKeyStoreException {
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.PASSPHRASE_UNREADABLE,
                    "passphrase file " + file + " is not valid UTF-8");
        }
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        return chars;
    }

    @Override
    public String description() {
        return "passphrase file " + file;
    }

    @Override
    public String toString() {
        return description();
    }
}
