import Foundation
import KeylessSyntax
import KeylessLint
import KeylessModel
import Testing

/// The one registry: each rule has its own file, named after its id, in the folder of its target.
@Suite struct RegistryTests {
    static let rulesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/KeylessLint/Rules")

    /// `long-lived-aws-keys` → `longlivedawskeys`, compared with the file name lowercased (`LongLivedAWSKeys`).
    static func key(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "").lowercased() }

    static func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: rulesDir.appendingPathComponent(folder).path)) ?? [])
            .filter { $0.hasSuffix(".swift") }.map { String($0.dropLast(6)) }.sorted()
    }

    @Test(arguments: [("Workflow", Rule.Target.workflow), ("Policy", .policy)])
    func everyRuleHasItsOwnFileAndEveryFileIsARule(_ folder: String, _ target: Rule.Target) {
        let ids = Rules.all.filter { $0.target == target }.map(\.id)
        #expect(Self.files(folder).map(Self.key).sorted() == ids.map(Self.key).sorted(), "Rules/\(folder)/ holds one file per \(target) rule")
    }

    @Test func checkAndAuditRulesAreSeparateTargets() {
        #expect(Rules.all.allSatisfy { $0.target != .audit })
        #expect(Rules.audit.allSatisfy { $0.target == .audit })
        #expect(Rules.audit.map(\.id) == ["long-lived-aws-keys", "oidc-role", "missing-id-token", "missing-role-to-assume", "iam-not-visible"])
    }

    @Test func sarifListsTheRegistry() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(LintFormat.sarif.render([]).utf8)) as? [String: Any])
        let run = try #require((doc["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == Rules.all.map(\.id))
        #expect(rules.map { $0["helpUri"] as? String } == Rules.all.map(\.source.url))
    }

    /// At one position findings print in the order they always did: what `uses:` names first.
    @Test func findingsAtOnePositionKeepTheirOrder() {
        let workflow = """
            on: push
            permissions: {}
            jobs:
              a:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      role-to-assume: arn:aws:iam::111122223333:role/deploy

            """
        let w = Fixtures.linter.lint(workflow, path: "w.yml").diagnostics.filter { $0.location.line == 7 }.map(\.rule)
        #expect(w == ["unpinned-action", "deprecated-action-runtime", "missing-id-token", "missing-aws-region"])
        let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "s3:GetObject"], "Resource": "arn:aws:s3:::b"}]}"#
        let p = Fixtures.linter.lint(policy, path: "p.json").diagnostics.map(\.rule)
        #expect(p == ["policy-service-wildcard", "policy-action-resource-mismatch"])
    }
}
