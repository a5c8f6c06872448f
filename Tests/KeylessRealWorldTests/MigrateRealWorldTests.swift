import Foundation
import KeylessAudit
import KeylessLint
import KeylessSyntax
import KeylessTestSupport
import Testing
import Yams

/// `keyless migrate` on every workflow of ../shared/corpus/realworld against the hand-judged
/// `migrate: nothing|edit|refuse` of Expected/OWNER+REPO.yml (files not listed are `nothing`).
/// Self-contained: the other suites of this target keep their own helpers.
enum MigrateCorpus {
    static let role = "arn:aws:iam::123456789012:role/keyless-test"
    static let options = MigrateOptions(role: role)

    /// One workflow file of the corpus with its expected outcome.
    struct Case: Sendable, CustomStringConvertible {
        var repo: String          // OWNER+REPO (the corpus folder)
        var path: String          // .github/workflows/x.yml
        var expected: String      // nothing | edit | refuse
        var why: String           // migrate-why ("" for nothing)
        var description: String { "\(repo)/\(path)" }
        var url: URL { TestPaths.realWorldCorpus.appendingPathComponent(repo).appendingPathComponent(path) }
    }

    /// What migrate did with a file, in the words of the report.
    enum Outcome: String, CaseIterable, Sendable {
        case clean                  // the expected result: no change for `nothing`, a verified edit for `edit`
        case broken                 // an edit that should not be there, or one that breaks the file
        case missed                 // "nothing to change" on a file that holds keys
        case refusedWithReason = "refused-with-reason"   // a `refuse` file, refused naming the consumer the judgement names
        case refusedWrongly = "refused-wrongly"          // refused where it should not, or for another reason
    }

    static var expectedDir: URL { TestPaths.testsDir().appendingPathComponent("Expected") }

    static func cases() throws -> [Case] {
        var out: [Case] = []
        let repos = try FileManager.default.contentsOfDirectory(atPath: TestPaths.realWorldCorpus.path)
            .filter { $0.contains("+") }.sorted()
        for repo in repos {
            let data = expectedDir.appendingPathComponent("\(repo).yml")
            let yaml = try #require(try Yams.load(yaml: TestPaths.read(data)) as? [String: Any], "Expected/\(repo).yml")
            var judged: [String: (String, String)] = [:]
            for f in (yaml["files"] as? [[String: Any]]) ?? [] {
                guard let p = f["path"] as? String else { continue }
                judged[p] = ((f["migrate"] as? String) ?? "nothing", (f["migrate-why"] as? String) ?? "")
            }
            let dir = TestPaths.realWorldCorpus.appendingPathComponent(repo).appendingPathComponent(".github/workflows")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
            for n in names {
                let p = ".github/workflows/\(n)"
                let (m, why) = judged[p] ?? ("nothing", "")
                out.append(Case(repo: repo, path: p, expected: m, why: why))
            }
        }
        return out
    }

    /// The file and the other workflows beside it (so `uses: ./.github/workflows/x.yml` resolves).
    static func sources(_ c: Case) -> (WorkflowSource, [WorkflowSource]) {
        let dir = c.url.deletingLastPathComponent()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && $0 != c.url.lastPathComponent }.sorted()
        let siblings = names.map { WorkflowSource(path: ".github/workflows/\($0)", text: TestPaths.read(dir.appendingPathComponent($0))) }
        return (WorkflowSource(path: c.path, text: TestPaths.read(c.url)), siblings)
    }

    /// The consumers a refusal or a judgement names; a refusal has a reason a reviewer accepts when it
    /// names one of the consumers the hand-written `migrate-why` names.
    static let consumers: [(name: String, inWhy: [String], inRefusal: [String])] = [
        ("local composite action", ["composite action"], ["local composite action"]),
        ("reusable workflow", ["reusable workflow"], ["reusable workflow"]),
        ("script or env", ["script", "env", "test binaries", "test code", "sed", "terraform", "aws s3", "written"], ["script", "env:"]),
        ("another action's inputs", ["docker/login-action"], ["inputs of", "docker/login-action"]),
        ("non-AWS", ["not aws", "non-aws"], ["not AWS"]),
    ]

    static func named(_ text: String, _ side: KeyPath<(name: String, inWhy: [String], inRefusal: [String]), [String]>) -> Set<String> {
        let t = text.lowercased()
        return Set(consumers.filter { $0[keyPath: side].contains { t.contains($0.lowercased()) } }.map(\.name))
    }

    /// Every role ARN and `role-to-assume:` value the text holds, in order.
    static func roles(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n").map { String(String.UnicodeScalarView($0)) }.compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("role-to-assume:") else { return t.contains(":role/") ? String(t) : nil }
            return String(t)
        }
    }

    /// Independent of the migrator's own proof: the lines it says it did not touch are all there, in order,
    /// byte for byte (`\r` included), and the only other lines are the ones it says it wrote.
    static func untouchedLinesHold(_ m: Migration) -> Bool {
        // Split by scalars: "\r\n" is one Character, so a Character split would keep a CRLF file whole.
        func split(_ t: String) -> [String] { t.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) } }
        let old = split(m.original), new = split(m.migrated)
        let kept = old.enumerated().filter { !m.changedLines.contains($0.offset + 1) }.map(\.element)
        var i = 0
        var extra: [String] = []
        for l in new { if i < kept.count && kept[i] == l { i += 1 } else { extra.append(l) } }
        let cr = m.original.contains("\r\n") ? "\r" : ""
        return i == kept.count && extra.sorted() == m.newLines.map { $0 + cr }.sorted()
    }

    struct Result: Sendable {
        var c: Case
        var outcome: Outcome
        var detail: String
        var migration: Migration?
    }

    static func classify(_ c: Case) -> Result {
        let (source, siblings) = sources(c)
        do {
            let m = try Migrator.migrate(source, options: options, siblings: siblings)
            switch c.expected {
            case "nothing":
                return Result(c: c, outcome: m.changed ? .broken : .clean, detail: m.changed ? "changed a file with no stored key:\n\(m.diff)" : "", migration: m)
            case "edit":
                guard m.changed else { return Result(c: c, outcome: .missed, detail: "nothing to change", migration: m) }
                var problems: [String] = []
                let lint = Linter(pins: .empty).lint(m.migrated, path: c.path)
                if !lint.parsed { problems.append("the result does not parse") }
                problems += lint.diagnostics.filter { ["long-lived-aws-keys", "missing-id-token"].contains($0.rule) }.map(\.description)
                if !untouchedLinesHold(m) { problems.append("a line outside the edit changed") }
                let before = roles(m.original), after = roles(m.migrated)
                if !before.allSatisfy(after.contains) { problems.append("a role ARN changed: \(before.filter { !after.contains($0) })") }
                return Result(c: c, outcome: problems.isEmpty ? .clean : .broken, detail: problems.joined(separator: "; "), migration: m)
            default:
                return Result(c: c, outcome: m.changed ? .broken : .missed, detail: m.changed ? "edited a file that must be refused:\n\(m.diff)" : "nothing to change", migration: m)
            }
        } catch {
            let message = error.diagnostics.map(\.description).joined(separator: "\n")
            guard c.expected == "refuse", error.diagnostics.allSatisfy({ $0.rule == "migrate-refused" }) else {
                return Result(c: c, outcome: .refusedWrongly, detail: message, migration: nil)
            }
            let shared = named(message, \.inRefusal).intersection(named(c.why, \.inWhy))
            return Result(c: c, outcome: shared.isEmpty ? .refusedWrongly : .refusedWithReason,
                          detail: shared.isEmpty ? "refused, but not for the reason judged (\(c.why)): \(message)" : message, migration: nil)
        }
    }

    static func summary(_ results: [Result]) -> String {
        let counts = Outcome.allCases.map { o in "\(o.rawValue) \(results.filter { $0.outcome == o }.count)" }.joined(separator: ", ")
        var byExpected: [String] = []
        for e in ["nothing", "edit", "refuse"] {
            let rs = results.filter { $0.c.expected == e }
            byExpected.append("\(e) \(rs.count): " + Outcome.allCases.compactMap { o in
                let n = rs.filter { $0.outcome == o }.count
                return n == 0 ? nil : "\(o.rawValue) \(n)"
            }.joined(separator: ", "))
        }
        return "migrate on \(results.count) real workflows: \(counts) (\(byExpected.joined(separator: "; ")))"
    }
}

@Suite(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus), "../shared/corpus/realworld is not beside the package"))
struct MigrateRealWorldTests {
    /// Every file gets the outcome it was judged to deserve: nothing stays byte-identical, an edit is
    /// verified, a refusal names the consumer that makes a minimal edit unsafe.
    @Test func everyFileGetsItsJudgedOutcome() throws {
        _ = try Tools.requireShared(TestPaths.realWorldCorpus)
        let cases = try MigrateCorpus.cases()
        #expect(cases.count == 451, "the corpus README lists 451 workflow files")
        #expect(cases.filter { $0.expected == "edit" }.count == 9)
        #expect(cases.filter { $0.expected == "refuse" }.count == 28)
        let results = cases.map(MigrateCorpus.classify)
        print(MigrateCorpus.summary(results))
        for r in results where r.outcome != .clean && r.outcome != .refusedWithReason {
            Issue.record("\(r.c) (judged \(r.c.expected)): \(r.outcome.rawValue): \(r.detail)")
        }
        for r in results where r.c.expected == "refuse" {
            #expect(r.outcome == .refusedWithReason, "\(r.c)")
        }
    }

    /// The executable on every `nothing` file of a repository at once: exit 0, no diff on stdout, and
    /// every file left as it was with --write.
    @Test func nothingFilesExitZeroWithoutADiff() throws {
        _ = try Tools.requireShared(TestPaths.realWorldCorpus)
        let k = try Tools.requireKeyless()
        let byRepo = Dictionary(grouping: try MigrateCorpus.cases().filter { $0.expected == "nothing" }, by: \.repo)
        for (repo, cases) in byRepo.sorted(by: { $0.key < $1.key }) {
            let r = try run(k, ["migrate", "--role", MigrateCorpus.role] + cases.map(\.url.path))
            #expect(r.status == 0, "\(repo): \(r.stderr)")
            #expect(r.stdout == "", "\(repo)")
            #expect(r.stderr.split(separator: "\n").filter { $0.hasSuffix(": nothing to change") }.count == cases.count, "\(repo): \(r.stderr)")
        }
    }

    /// Each edited file passes actionlint and GitHub's workflow schema with nothing new against the
    /// original (the originals are validated the same way, in a copy of the repository's .github).
    @Test(.enabled(if: Tools.available("actionlint", "check-jsonschema"), "actionlint and check-jsonschema are not installed (make bootstrap)"))
    func editsPassTheValidators() throws {
        _ = try Tools.requireShared(TestPaths.realWorldCorpus)
        let actionlint = try Tools.require("actionlint"), schema = try Tools.require("check-jsonschema")
        let edits = try MigrateCorpus.cases().filter { $0.expected == "edit" }.map(MigrateCorpus.classify)
        #expect(edits.count == 9)
        var schemaFailsAsBefore = 0
        var actionlintBefore = 0
        for r in edits {
            guard let m = r.migration, m.changed else {
                Issue.record("\(r.c): not edited: \(r.detail)")
                continue
            }
            let tmp = try TestPaths.tempDir("migrate-realworld")
            defer { try? FileManager.default.removeItem(at: tmp) }
            // before/ and after/ each hold the repository's .github (so local calls resolve), after/ with the edit.
            var findings: [String: [String]] = [:]
            var schemaResults: [String: (Int32, String)] = [:]
            for side in ["before", "after"] {
                let root = tmp.appendingPathComponent(side)
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: TestPaths.realWorldCorpus.appendingPathComponent(r.c.repo).appendingPathComponent(".github"),
                                                 to: root.appendingPathComponent(".github"))
                let file = root.appendingPathComponent(r.c.path)
                if side == "after" {
                    try FileManager.default.removeItem(at: file)
                    try Data(m.migrated.utf8).write(to: file)
                }
                let lint = try run(actionlint, ["-no-color", "-oneline", r.c.path], cwd: root)
                // `path:line:col: message [kind]`: compared without the position, which the edit moves.
                findings[side] = lint.stdout.split(separator: "\n").map { l in
                    String(l.split(separator: ":", maxSplits: 3).dropFirst(3).first ?? Substring(l)).trimmingCharacters(in: .whitespaces)
                }.sorted()
                let s = try run(schema, ["--builtin-schema", "vendor.github-workflows", file.path])
                schemaResults[side] = (s.status, (s.stdout + s.stderr).replacingOccurrences(of: root.path, with: "ROOT"))
            }
            // The schema passes after the edit, or fails exactly as it did before (eks-record.yml has a
            // strategy without matrix, untouched by the edit).
            let sb = schemaResults["before"], sa = schemaResults["after"]
            #expect(sa?.0 == 0 || (sb?.0 == sa?.0 && sb?.1 == sa?.1), "\(r.c): the schema rejects the edited file: \(sa?.1 ?? "")")
            if sa?.0 != 0 { schemaFailsAsBefore += 1 }
            let before = findings["before"] ?? [], after = findings["after"] ?? []
            actionlintBefore += before.count
            var left = before
            let new = after.filter { f in
                if let i = left.firstIndex(of: f) { left.remove(at: i); return false }
                return true
            }
            #expect(new.isEmpty, "\(r.c): actionlint finds new problems after the edit: \(new)")
        }
        #expect(actionlintBefore > 0, "actionlint reported nothing on the originals (node20 deprecations, shellcheck): did it run?")
        // Only pulumi-eks eks-record.yml fails the schema, before and after alike.
        #expect(schemaFailsAsBefore == 1)
    }
}
