import KeylessModel
import Foundation

/// Paths of the test sources, so fixtures are read (and golden files recorded) in place.
enum TestPaths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures")
    static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()

    static func files(in dir: URL, ext: String) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == ext }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// Set `KEYLESS_RECORD=1` to write missing or changed golden files instead of failing (review the diff).
    static var recording: Bool { ProcessInfo.processInfo.environment["KEYLESS_RECORD"] == "1" }
}
