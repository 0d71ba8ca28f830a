package dev.dbrescue.core.action;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record of what dbrescue did to a server: one JSON object per line, appended, for every destructive action
 * ({@code kill}; later {@code binlog flashback --apply}). Each line is written with one {@code write} on a file opened
 * for appending, so concurrent dbrescue processes do not interleave, and forced to disk before the next action.
 * A file or directory dbrescue creates is readable by its owner only: the log holds statements and host names.
 * Nothing acts without it: a log that cannot be opened or written stops the action with {@link ErrorCode#ACTION_FAILED}.
 */
public final class AuditLog implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Path file;
    private final FileChannel channel;

    private AuditLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** {@code ~/.dbrescue/audit.jsonl}: per user, beside nothing else of dbrescue's. */
    public static Path defaultPath(Path home) {
        return home.resolve(".dbrescue").resolve("audit.jsonl");
    }

    /** Opens the log for appending, creating it (and its directory) with owner-only permissions when missing. */
    public static AuditLog open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, ownerOnly("rwx------"));
            }
            try {
                Files.createFile(file, ownerOnly("rw-------"));
            } catch (FileAlreadyExistsException exists) {
                // appended to as it is: its permissions are the user's choice
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new AuditLog(file, channel);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, "Cannot open the audit log " + file + " (" + e
                    + "): nothing was done; give a writable file with --audit-log FILE", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one entry: {@code time}, {@code action}, {@code target} and {@code result} first, then the action's
     * own fields in their order. The target must already be masked ({@code Target.toString()} is).
     */
    public synchronized void append(Instant time, String action, String target, String result, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", time.toString());
        line.put("action", action);
        line.put("target", target);
        line.put("result", result);
        fields.forEach(line::putIfAbsent);
        byte[] bytes;
        try {
            bytes = (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new DbRescueException(ErrorCode.INTERNAL, "Cannot write an audit entry as JSON: " + e.getMessage(), e);
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, "Cannot write to the audit log " + file + " (" + e.getMessage()
                    + "): stopped before doing anything more; the last action is not recorded: " + line.get("action")
                    + " " + line.get("result") + " " + fields.get("session"), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // every line was forced to disk when written
        }
    }
}
