package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens the files users name: {@code -} for standard input, gzip by content, undecodable bytes replaced. */
public final class InputFiles {

    private InputFiles() {
    }

    public static BufferedReader open(String name) {
        try {
            InputStream in = "-".equals(name) ? System.in : Files.newInputStream(Path.of(name));
            in = new java.io.BufferedInputStream(in, 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            // Logs mix encodings (statements in latin1, binary keys): replace what is not UTF-8 instead of failing.
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new BufferedReader(new InputStreamReader(in, decoder), 1 << 17);
        } catch (NoSuchFileException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, "Cannot read '" + name + "': no such file.", e);
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, "Cannot read '" + name + "': " + e.getMessage(), e);
        }
    }
}
