import Foundation

/// The executables tests run: the built `keyless`, and the validators from `.venv` or `PATH`.
public enum Tools {
    /// `KEYLESS_REQUIRE_VALIDATORS=1` (set by `make test`): a missing tool fails its test instead of skipping it.
    public static var requireValidators: Bool { ProcessInfo.processInfo.environment["KEYLESS_REQUIRE_VALIDATORS"] == "1" }

    /// The built `keyless` executable next to the test bundle.
    public static var keyless: URL? {
        let dirs = [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
                    TestPaths.packageRoot.appendingPathComponent(".build/debug")]
        return dirs.map { $0.appendingPathComponent("keyless") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// A tool from the validator venv or `PATH`; nil when missing.
    public static func find(_ name: String) -> URL? {
        let venv = TestPaths.packageRoot.appendingPathComponent(".venv/bin/\(name)")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return venv }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let u = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return nil
    }

    /// For `.enabled(if:)`: the tools are present, or their absence must fail the run
    /// (`KEYLESS_REQUIRE_VALIDATORS=1`), in which case the test runs and `require` fails it.
    public static func available(_ names: String...) -> Bool {
        requireValidators || names.allSatisfy { find($0) != nil }
    }

    /// For `.enabled(if:)` on tests over `../shared`: present, or required.
    public static func sharedAvailable(_ url: URL) -> Bool {
        requireValidators || TestPaths.exists(url)
    }
}

/// A tool a test needs and did not find (only reached with `KEYLESS_REQUIRE_VALIDATORS=1`).
public struct MissingTool: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "\(name) is not installed: run `make bootstrap` (KEYLESS_REQUIRE_VALIDATORS=1 makes this a failure)" }
}

extension Tools {
    /// The tool, or an error that fails the test.
    public static func require(_ name: String) throws -> URL {
        guard let u = find(name) else { throw MissingTool(name: name) }
        return u
    }

    /// The built `keyless`, or an error that fails the test.
    public static func requireKeyless() throws -> URL {
        guard let u = keyless else { throw MissingTool(name: "keyless (run `swift build` first)") }
        return u
    }

    /// A folder under `../shared`, or an error that fails the test.
    public static func requireShared(_ url: URL) throws -> URL {
        guard TestPaths.exists(url) else { throw MissingTool(name: url.path) }
        return url
    }
}
