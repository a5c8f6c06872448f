import Foundation

/// The one atomic writer: a temporary file beside the target, then a rename over it, so a reader (or a
/// killed run) sees the old bytes or the new ones, never part of them.
public enum AtomicFile {
    /// The temporary name for `target`: hidden, and recognisable so a later run can remove leftovers.
    public static func temporaryURL(for target: URL) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).keyless-\(getpid()).tmp")
    }

    /// Writes `data` to `target` atomically, keeping the permissions of an existing file (0644 for a new
    /// one) and creating missing folders. `durable` fsyncs before the rename: `migrate` replaces a user's
    /// file and asks for it; the generator writes thousands of files it can regenerate, and an fsync per
    /// file was two thirds of the time of a large generation.
    public static func write(_ data: Data, to target: URL, durable: Bool = false) throws {
        var mode: mode_t = 0o644
        var st = stat()
        if stat(target.path, &st) == 0 { mode = st.st_mode & 0o7777 }
        let dir = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = temporaryURL(for: target)
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // open() applies the umask; fchmod gives the file exactly the mode it had.
        var ok = fchmod(fd, mode) == 0
        [UInt8](data).withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { ok = false; return }
                offset += n
            }
        }
        if ok && durable && fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok, rename(tmp.path, target.path) == 0 else {
            let code = errno
            unlink(tmp.path)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
