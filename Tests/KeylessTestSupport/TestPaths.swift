import Foundation

/// Where the package, its fixtures and the shared reference data are, wherever the tests run from.
public enum TestPaths {
    /// The package root (this file is `Tests/KeylessTestSupport/TestPaths.swift`).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the package: the real action bundles and corpora, read in place, never copied.
    public static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The python-sdk workflows as they stood at the status analysis of 2025-11-12.
    public static let pythonSDKCorpus = shared.appendingPathComponent("corpus/python-sdk-2025-11-14")

    /// Public repositories' workflows (third-party; read in place).
    public static let realWorldCorpus = shared.appendingPathComponent("corpus/realworld")

    /// `Tests/<Target>/Fixtures` of the test file that asks (pass `#filePath`).
    public static func fixtures(_ file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The folder of the test file that asks (pass `#filePath`).
    public static func testsDir(_ file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent()
    }

    public static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    /// The text of a file, or "" when it cannot be read (the assertion that follows says what was expected).
    public static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// Files of a folder with the extension, in name order.
    public static func files(in dir: URL, ext: String) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == ext }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A new empty folder under the temporary directory.
    public static func tempDir(_ tag: String) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}
