import Foundation
import Testing

/// Golden files: compared byte for byte; `KEYLESS_RECORD=1` writes the new text and then fails the
/// test, so a recording run can never pass by comparing a file with itself. Review the diff, rerun.
public enum Golden {
    public static var recording: Bool { ProcessInfo.processInfo.environment["KEYLESS_RECORD"] == "1" }

    /// Expects `actual` to equal the golden file's text (`sourceLocation` points the failure at the caller).
    public static func expect(_ actual: String, equals golden: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = try? String(contentsOf: golden, encoding: .utf8)
        if recording {
            if expected != actual {
                try? FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? Data(actual.utf8).write(to: golden)
                Issue.record("recorded \(golden.lastPathComponent): review the diff and run again without KEYLESS_RECORD", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected else {
            Issue.record("golden \(golden.path) is missing: run with KEYLESS_RECORD=1, review, commit", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "differs from \(golden.lastPathComponent)", sourceLocation: sourceLocation)
    }
}
