import KeylessTestSupport
import Foundation
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel
import Testing
@testable import KeylessCatalog

/// Every troubleshooting symptom marked *reproduced* is printed by the real action; every *quoted* one names
/// its source. The scenarios run on each configure-aws-credentials release in `../shared/actions` that the
/// entry's claimed range contains.
enum Catalog {
    static let modes: [FailureMode] = {
        // An unreadable configuration leaves the list empty, which `everyReproducedSymptomNamesAScenario` fails.
        guard let config = try? ConfigLoader.load(Harness.packageRoot.appendingPathComponent("docs-src/keyless.yml").path) else { return [] }
        return TroubleshootingCatalog.entries(Reference(config: config, pins: ActionPinTable.table))
    }()

    /// Each reproduced symptom with the entry that quotes it.
    static var reproduced: [(entry: String, text: String, scenario: String, versions: ActionVersions)] {
        modes.flatMap { m in
            m.symptoms.compactMap { s in
                guard case .reproduced(let scenario, let versions) = s.known else { return nil }
                return (m.entry.id, s.line.text, scenario, versions)
            }
        }
    }

    /// Scenario ids the entries cite, in first-cited order.
    static var citedScenarios: [String] {
        var seen: [String] = []
        for r in reproduced where !seen.contains(r.scenario) { seen.append(r.scenario) }
        return seen
    }

    /// Scenarios that prove a fix: run on every held version from their `proofFrom` tag.
    static var proofScenarios: [String] { Scenario.all.filter { $0.proofFrom != nil }.map(\.id) }
}

@Suite struct EvidenceTests {
    @Test func everyReproducedSymptomNamesAScenario() {
        for r in Catalog.reproduced {
            #expect(Scenario.named(r.scenario) != nil, "\(r.entry): scenario '\(r.scenario)' is not in Tests/KeylessTruthTests/Scenarios.swift")
        }
        #expect(Catalog.reproduced.count >= 30)
    }

    @Test func everyQuotedSymptomNamesItsSource() {
        for m in Catalog.modes {
            #expect(!m.symptoms.isEmpty, "\(m.entry.id) has no symptom")
            #expect(m.entry.symptoms.count == m.symptoms.count)
            for s in m.symptoms {
                if case .quoted(let link, let versions) = s.known {
                    #expect(link.url.hasPrefix("https://"), "\(m.entry.id): \(link.url)")
                    #expect(!versions.isEmpty, "\(m.entry.id): a quoted line says which versions it applies to")
                }
            }
        }
    }

    /// Verify or remove: no entry keeps a hedge in place of a source.
    @Test func noEntryIsMarkedUnverified() throws {
        for page in Catalog.modes.map(\.pageID) {
            let md = Harness.packageRoot.appendingPathComponent("docs/md/\(page).md")
            guard FileManager.default.fileExists(atPath: md.path) else { continue }
            let text = try String(contentsOf: md, encoding: .utf8).lowercased()
            for word in ["unverified", "not confirmed", "the seed", "seed's", "coming in a later version"] where text.contains(word) {
                Issue.record("docs/md/\(page).md says '\(word)' (regenerate with `swift run keyless generate` after fixing the entry)")
            }
        }
    }

    /// The version list the pages print is the one the harness runs.
    @Test(.enabled(if: Harness.enabled, "needs ../shared/actions/configure-aws-credentials"))
    func harnessVersionsAreTheSharedBundles() {
        guard Harness.requireReady() else { return }
        #expect(Harness.versions == ActionVersions.harness, "../shared/actions holds \(Harness.versions)")
    }

    @Test func versionRanges() {
        #expect(ActionVersions.from("v3.0.1").contains("v4.3.1"))
        #expect(!ActionVersions.from("v6.2.0").contains("v4.3.1"))
        #expect(ActionVersions("v1.6.0", through: "v2.2.0").contains("v2.2.0"))
        #expect(!ActionVersions("v1.6.0", through: "v2.2.0").contains("v3.0.0"))
        #expect(!ActionVersions.from("v1.0.0").contains("main"))
    }
}

@Suite(.serialized) struct ReproductionTests {
    /// Runs a cited scenario on every held version some citing symptom claims, and asserts each quoted line
    /// verbatim (as a whole line of the log GitHub shows), plus the scenario's own checks.
    @Test(.enabled(if: Harness.enabled, "needs node, python3 and ../shared/actions (run scripts/bootstrap.sh on a machine with them)"),
          arguments: Catalog.citedScenarios)
    func citedScenario(_ id: String) throws {
        guard Harness.requireReady() else { return }
        let scenario = try #require(Scenario.named(id))
        let citing = Catalog.reproduced.filter { $0.scenario == id }
        let versions = Harness.versions.filter { tag in citing.contains { $0.versions.contains(tag) } }
        #expect(!versions.isEmpty, "no held version of the action lies in the ranges \(citing.map(\.versions.description)) claimed for \(id)")
        for tag in versions {
            let run = try Harness.run(scenario, tag: tag)
            for c in citing where c.versions.contains(tag) {
                #expect(run.displayed.contains(c.text), "\(c.entry) quotes a line \(tag) does not print:\n\(c.text)\n\n\(run.report)")
            }
            check(scenario, run)
        }
    }

    @Test(.enabled(if: Harness.enabled, "needs node, python3 and ../shared/actions"), arguments: Catalog.proofScenarios)
    func fixScenario(_ id: String) throws {
        guard Harness.requireReady() else { return }
        let scenario = try #require(Scenario.named(id))
        let from = ActionVersions.from(scenario.proofFrom!)
        let versions = Harness.versions.filter(from.contains)
        #expect(!versions.isEmpty)
        for tag in versions {
            let run = try Harness.run(scenario, tag: tag)
            #expect(run.status == 0, "\(run.report)")
            check(scenario, run)
        }
    }

    /// The assertion can fail: a line one word off is not found, and the report carries the real output.
    @Test(.enabled(if: Harness.enabled, "needs node, python3 and ../shared/actions"))
    func aWrongLineIsNotFound() throws {
        guard Harness.requireReady() else { return }
        let run = try Harness.run(try #require(Scenario.named("oidc-trust-refused")), tag: Harness.versions.last!)
        let right = "Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity"
        #expect(run.displayed.contains(right), "\(run.report)")
        #expect(!run.displayed.contains("Error: Not authorized to perform sts:AssumeRoleWithWebIdentity"))
        #expect(!run.displayed.contains(right + "."))
        #expect(run.report.contains("::error::Could not assume role with OIDC"))
    }

    func check(_ scenario: Scenario, _ run: ActionRun) {
        for line in scenario.expect {
            #expect(run.displayed.contains(line), "\(scenario.id) must print:\n\(line)\n\n\(run.report)")
        }
        for line in scenario.absent {
            #expect(!run.displayed.contains(line), "\(scenario.id) must not print:\n\(line)\n\n\(run.report)")
        }
        if let calls = scenario.stsCalls {
            #expect(run.stsCalls == calls, "\(scenario.id): STS calls\n\(run.report)")
        }
        if let tags = scenario.tagsSent {
            let assume = run.requests.compactMap { $0["params"] as? [String: String] }
                .filter { ["AssumeRole", "AssumeRoleWithWebIdentity"].contains($0["Action"] ?? "") }
            #expect(!assume.isEmpty, "\(scenario.id): no AssumeRole call\n\(run.report)")
            for params in assume {
                #expect(params.keys.contains { $0.hasPrefix("Tags.member.") } == tags,
                        "\(scenario.id): session tags \(tags ? "expected" : "not expected") in \(params.keys.sorted())")
            }
        }
    }
}
