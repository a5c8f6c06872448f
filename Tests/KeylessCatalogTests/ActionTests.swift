import KeylessCatalog
import KeylessModel
import KeylessTestSupport
import Foundation
import Testing

/// The repository's GitHub Action (`action.yml`) and the example workflows in `examples/` through the
/// real validators: zizmor's pedantic persona, check-jsonschema's bundled schemas, actionlint; every
/// pinned `uses:` is the SHA and version of the one pin table; keyless check finds nothing in them.
@Suite(.serialized) struct ActionTests {
    static let root = TestPaths.packageRoot
    static let examples = ["examples/keyless-check.yml", "examples/org-audit.yml"]

    @Test(.enabled(if: Tools.available("zizmor"), "zizmor not installed (make bootstrap)"))
    func actionAndExamplesPassZizmorPedantic() throws {
        let zizmor = try Tools.require("zizmor")
        for file in ["action.yml"] + Self.examples {
            let r = try run(zizmor, ["--offline", "--strict-collection", "--no-progress", "--persona", "pedantic", "--format", "plain", file],
                            cwd: Self.root, env: ["GH_TOKEN": "", "GITHUB_TOKEN": ""])
            #expect(r.status == 0 && r.stdout.contains("No findings"), "\(file): \(r.stdout)\(r.stderr)")
        }
    }

    @Test(.enabled(if: Tools.available("check-jsonschema"), "check-jsonschema not installed (make bootstrap)"))
    func actionAndExamplesMatchGitHubsSchemas() throws {
        let cj = try Tools.require("check-jsonschema")
        let action = try run(cj, ["--builtin-schema", "vendor.github-actions", "action.yml"], cwd: Self.root)
        #expect(action.status == 0, "\(action.stdout)\(action.stderr)")
        let workflows = try run(cj, ["--builtin-schema", "vendor.github-workflows"] + Self.examples, cwd: Self.root)
        #expect(workflows.status == 0, "\(workflows.stdout)\(workflows.stderr)")
    }

    @Test(.enabled(if: Tools.available("actionlint"), "actionlint not installed (make bootstrap)"))
    func examplesPassActionlint() throws {
        let actionlint = try Tools.require("actionlint")
        let r = try run(actionlint, ["-no-color", "-oneline"] + Self.examples, cwd: Self.root)
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stdout)\(r.stderr)")
    }

    /// `uses: OWNER/REPO[/PATH]@SHA # VERSION` for every pinned action of the table: the table's SHA and version.
    @Test func pinsComeFromThePinTable() throws {
        let pins = KeylessCatalog().pins
        var checked = 0
        for file in ["action.yml"] + Self.examples {
            for line in TestPaths.read(Self.root.appendingPathComponent(file)).split(separator: "\n") {
                guard let uses = line.range(of: "uses: ") else { continue }
                let rest = line[uses.upperBound...]
                let parts = rest.split(separator: " ", maxSplits: 2)
                let ref = parts[0].split(separator: "@")
                #expect(ref.count == 2 && ref[1].count == 40 && ref[1].allSatisfy(\.isHexDigit), "\(file): \(line) is not pinned to a SHA")
                #expect(parts.count >= 3 && parts[1] == "#", "\(file): \(line) has no version comment")
                let repository = ref[0].split(separator: "/").prefix(2).joined(separator: "/")
                if repository == "honeyhiveai/keyless" { continue }  // the user's release of this action
                let pin = try #require(pins.pin(repository), "\(file): \(repository) is not in ActionPinTable")
                #expect(String(ref[1]) == pin.sha && String(parts[2]) == pin.version, "\(file): \(line) is not \(pin.sha) # \(pin.version)")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }

    @Test func keylessCheckFindsNothingInTheExamples() throws {
        let r = try run(try Tools.requireKeyless(), ["check"] + Self.examples, cwd: Self.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    /// The action's check step, run by bash as the runner would (with `swift` stubbed to the debug build):
    /// SARIF written, the exit code in `GITHUB_OUTPUT`, paths split on spaces and newlines.
    @Test func theCheckStepWritesSarifAndReportsTheExitCode() throws {
        let keyless = try Tools.requireKeyless()
        let action = TestPaths.read(Self.root.appendingPathComponent("action.yml"))
        let script = try #require(Self.runScript(of: "check", in: action), "no run: block for the step with id check")
        let dir = try TestPaths.tempDir("action-step")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let stub = bin.appendingPathComponent("swift")
        try "#!/bin/sh\necho \(keyless.deletingLastPathComponent().path)\n".write(to: stub, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        let output = dir.appendingPathComponent("output")
        let sarif = dir.appendingPathComponent("out.sarif")
        let env = ["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                   "GITHUB_ACTION_PATH": Self.root.path, "GITHUB_OUTPUT": output.path, "KEYLESS_AUDIENCE": "",
                   "KEYLESS_SARIF": sarif.path, "KEYLESS_PATHS": "Snippets/workflows/before\nSnippets/iam/before examples"]
        let r = try run(URL(fileURLWithPath: "/bin/bash"), ["-e", "-c", script], cwd: Self.root, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(TestPaths.read(output).contains("exit-code=1\n"), "\(TestPaths.read(output))")
        #expect(TestPaths.read(sarif).contains("\"long-lived-aws-keys\""))
        #expect(r.stdout.contains("::error "), "no annotations: \(r.stdout)")
    }

    /// The `run: |` block of the step with this id (the lines indented under it, de-indented).
    static func runScript(of id: String, in action: String) -> String? {
        let lines = action.split(separator: "\n", omittingEmptySubsequences: false)
        guard let idLine = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "id: \(id)" }),
              let runLine = lines[idLine...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "run: |" }) else { return nil }
        let indent = lines[runLine].prefix { $0 == " " }.count + 2
        var body: [Substring] = []
        for line in lines[(runLine + 1)...] {
            if !line.isEmpty && line.prefix(while: { $0 == " " }).count < indent { break }
            body.append(line.dropFirst(min(indent, line.count)))
        }
        return body.joined(separator: "\n")
    }
}
