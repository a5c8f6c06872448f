import Foundation

/// Text written by the audit's workers, kept in an unlinked scratch file rather than in memory, and read
/// back by file index in input order.
final class SpilledText: @unchecked Sendable {
    private let file: UnsafeMutablePointer<FILE>
    private let fd: Int32
    private let lock = NSLock()
    private var end: off_t = 0
    private var ranges: [Int: (offset: off_t, count: Int)] = [:]
    /// Texts the scratch file could not take (disk full): held in memory instead.
    private var held: [Int: [UInt8]] = [:]

    /// nil when no scratch file can be made (the report is then held in memory).
    init?() {
        guard let f = tmpfile() else { return nil }
        file = f
        fd = fileno(f)
    }

    deinit { fclose(file) }

    func put(_ index: Int, _ text: String) {
        let bytes = Array(text.utf8)
        lock.lock()
        let at = end
        end += off_t(bytes.count)
        ranges[index] = (at, bytes.count)
        lock.unlock()
        let written = bytes.withUnsafeBytes { buf -> Bool in
            var done = 0
            while done < buf.count {
                let n = pwrite(fd, buf.baseAddress! + done, buf.count - done, at + off_t(done))
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        if !written {
            lock.lock()
            ranges[index] = nil
            held[index] = bytes
            lock.unlock()
        }
    }

    /// The text of file `index`; nil when the scratch file cannot be read back (reported, never a crash).
    func take(_ index: Int) -> [UInt8]? {
        lock.lock()
        let r = ranges.removeValue(forKey: index)
        let inMemory = held.removeValue(forKey: index)
        lock.unlock()
        if let inMemory { return inMemory }
        guard let r, r.count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: r.count)
        let read = bytes.withUnsafeMutableBytes { buf -> Bool in
            var done = 0
            while done < buf.count {
                let n = pread(fd, buf.baseAddress! + done, buf.count - done, r.offset + off_t(done))
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        return read ? bytes : nil
    }
}
