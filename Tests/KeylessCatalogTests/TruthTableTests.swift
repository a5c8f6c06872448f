import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessAnalysis
import KeylessCatalog
import KeylessSyntax
import KeylessModel
import Testing

/// The "Trust policy examples" page: a table computed by the simulator under every example.
@Suite struct TruthTableTests {
    /// Each section's table, as rows of (token label, decision) in plain text.
    func tables() throws -> [String: [(token: String, decision: String)]] {
        let out = try generateShipped()
        let page = try #require(out.documents.pages.first { $0.id == "trust-policies" })
        var result: [String: [(String, String)]] = [:]
        for section in page.sections {
            for case .table(let t) in section.blocks {
                result[section.id] = t.rows.map { row in
                    (row[0].map(\.plainText).joined(), row[1].map(\.plainText).joined())
                }
            }
        }
        return result
    }

    func decision(_ rows: [(token: String, decision: String)]?, _ prefix: String) -> String? {
        rows?.first { $0.token.hasPrefix(prefix) }?.decision
    }

    @Test func everyExampleHasATableOfElevenTokens() throws {
        let t = try tables()
        // The fixed examples, and one per role of the configuration (hive-kube's four included).
        let roles = try KeylessConfig.shipped().roles.map(\.id)
        #expect(roles.count == 7)
        #expect(Set(t.keys) == Set(["any-ref", "org-wide", "stringequals-wildcard", "audience-only"] + roles))
        #expect(t.values.allSatisfy { $0.count == 11 })
    }

    @Test func seedPolicyAdmitsEveryJobOfTheRepositoryOnly() throws {
        let rows = try tables()["any-ref"]
        #expect(decision(rows, "A job in environment staging") == "admitted")
        #expect(decision(rows, "A pull request") == "admitted")
        #expect(decision(rows, "A lookalike repository") == "refused")
        #expect(decision(rows, "Different letter case") == "refused")
        #expect(decision(rows, "The immutable subject form") == "refused")
    }

    @Test func stricterPoliciesAdmitExactlyTheirSubjects() throws {
        let t = try tables()
        #expect(t["lambda-prod"]?.filter { $0.decision == "admitted" }.map(\.token) == [
            "Push to main: repo:honeyhiveai/python-sdk:ref:refs/heads/main",
            "A job in environment production: repo:honeyhiveai/python-sdk:environment:production",
        ])
        #expect(decision(t["lambda-prod"], "A job in environment staging") == "refused")
        #expect(decision(t["lambda-test"], "A job in environment staging") == "admitted")
        #expect(decision(t["lambda-test"], "Push to main") == "refused")
    }

    @Test func wrongPoliciesShowWhyTheyAreWrong() throws {
        let t = try tables()
        // StringEquals with `*` admits nobody; audience-only admits every repository; org-wide admits siblings.
        #expect(t["stringequals-wildcard"]?.allSatisfy { $0.decision == "refused" } == true)
        #expect(t["audience-only"]?.allSatisfy { $0.decision == "admitted" } == true)
        #expect(decision(t["org-wide"], "Another repository of the owner") == "admitted")
        #expect(decision(t["org-wide"], "A caller of this repository's reusable workflow") == "admitted")
    }
}

@Suite struct DoctorLinksTests {
    /// Every troubleshooting id the doctor can name is a page of the generated guide.
    @Test func doctorEntriesExist() throws {
        let ids = Set(try generateShipped().documents.pages.map(\.id))
        for id in Doctor.troubleshootingIDs {
            #expect(ids.contains("troubleshooting-\(id)"), "\(id)")
        }
    }
}

@Suite struct HiveKubeTruthTableTests {
    /// Each environment's role admits exactly one representative token: a job in that environment.
    @Test func eachEnvironmentAdmitsOnlyItsOwnJobs() throws {
        let out = try generateShipped()
        let md = try #require(out.files.first { $0.path == "docs/md/hive-kube-migration.md" }?.contents)
        let admitted = md.split(separator: "\n").filter { $0.contains("| **admitted** |") }
        let envs = try #require(try KeylessConfig.shipped().repository("hive-kube")).environments
        #expect(admitted.count == envs.count, "\(admitted)")
        for env in envs {
            #expect(admitted.contains { $0.contains("environment:\(env)`") }, "\(env)")
        }
    }
}
