package dev.pgmcp.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A password kept in a file (a Docker or Kubernetes secret, a file a rotation job rewrites): read
 * again whenever its modification time or size changes, so that connections opened after a
 * rotation use the new password without a restart. The content is the password, without trailing
 * line breaks.
 */
public final class PasswordFile implements CredentialProvider {

    private final Path file;
    private FileTime readAt;
    private long readSize = -1;
    private String password;

    /** @param file the file; read on first use */
    public PasswordFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * @return the file's content without trailing {@code \r}/{@code \n}
     * @throws IOException when the file cannot be read (the message names the file, never its content)
     */
    @Override
    public synchronized String password() throws IOException {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (password == null || !modified.equals(readAt) || size != readSize) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.length();
                while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                    end--;
                }
                password = text.substring(0, end);
                readAt = modified;
                readSize = size;
            }
            return password;
        } catch (NoSuchFileException e) {
            throw new IOException("password file " + file + " does not exist");
        } catch (IOException e) {
            throw new IOException("cannot read password file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
