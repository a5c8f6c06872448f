import Foundation
import KeylessExplain
import Testing
@testable import KeylessCatalog

/// `keyless explain` on the real action's output: for every entry whose symptom the harness reproduces, the
/// scenario's run becomes a GitHub raw log (timestamps, the step's `##[group]` header with its inputs,
/// `##[error]` annotations) and the entry must come first. When other entries quote the same lines (the
/// trust-policy entries all print STS's one refusal), it must be tied for first and the report must say it
/// cannot tell among them.
@Suite(.serialized) struct ExplainReproducedTests {
    static let entries = ExplainCatalog.entries(Catalog.modes)

    /// Entries that quote only part of what a scenario prints, so another entry that quotes all of it ranks
    /// first on the same log. Each stays listed only while it is true (the test fails once the entry quotes
    /// the line): the fix is in the entry's symptoms, not here.
    static let quotesPartOfTheRun: [String: String] = [:]
    static let explainer = Explainer(entries: entries)

    /// What GitHub's "Download log" holds for the step: the runner turns `::error::X` into `##[error]X`,
    /// hides debug lines and masks, and prefixes every line with a timestamp.
    static func githubLog(_ scenario: Scenario, _ run: ActionRun) -> String {
        var lines = ["##[group]Run aws-actions/configure-aws-credentials@\(run.tag)", "with:"]
        lines += scenario.inputs.keys.sorted().map { "  \($0): \(scenario.inputs[$0]!)" }
        if !scenario.env.isEmpty {
            lines.append("env:")
            lines += scenario.env.keys.sorted().map { "  \($0): ***" }
        }
        lines.append("##[endgroup]")
        for raw in run.stdout.split(separator: "\n") {
            let line = String(raw)
            if line.hasPrefix("::") {
                let rest = line.dropFirst(2)
                guard let end = rest.range(of: "::") else { lines.append(line); continue }
                let command = rest[..<end.lowerBound].split(separator: " ").first.map(String.init) ?? ""
                guard ["error", "warning", "notice"].contains(command) else { continue }
                lines.append("##[\(command)]" + ActionRun.unescape(String(rest[end.upperBound...])))
            } else {
                lines.append(line)
            }
        }
        return lines.enumerated().map { i, l in String(format: "2026-11-30T12:00:%02d.%07dZ ", i % 60, 1_234_567 + i) + l }
            .joined(separator: "\n") + "\n"
    }

    @Test(.enabled(if: Harness.enabled, "needs node, python3 and ../shared/actions (run scripts/bootstrap.sh on a machine with them)"),
          arguments: Catalog.citedScenarios)
    func reproducedLogNamesItsEntryFirst(_ id: String) throws {
        guard Harness.requireReady() else { return }
        let scenario = try #require(Scenario.named(id))
        let citing = Catalog.reproduced.filter { $0.scenario == id }
        for tag in Harness.versions where citing.contains(where: { $0.versions.contains(tag) }) {
            let run = try Harness.run(scenario, tag: tag)
            let log = Self.githubLog(scenario, run)
            let e = Self.explainer.explain(JobLog(log))
            let best = e.best.map(\.entry.id)
            let text = e.render(.text, source: "\(id)@\(tag)")
            #expect(e.explained, "\(id) on \(tag): nothing explained\n\(log)\n\(text)")
            for entry in Set(citing.filter { $0.versions.contains(tag) }.map(\.entry)) {
                if Self.quotesPartOfTheRun["\(entry)/\(id)"] != nil {
                    #expect(!best.contains(entry), "\(entry)/\(id) now comes first: remove it from quotesPartOfTheRun")
                    #expect(e.fitting.contains { $0.entry.id == entry }, "\(entry) (scenario \(id), \(tag)) is not even a candidate\n\(text)")
                    continue
                }
                #expect(best.contains(entry), "\(entry) (scenario \(id), \(tag)) is not first: \(best)\n\(log)\n\(text)")
                if best.count > 1 {
                    #expect(text.contains("Cannot tell among \(best.count) entries"), "\(text)")
                } else {
                    #expect(text.contains("Best fit: \(entry)"), "\(text)")
                }
            }
        }
    }
}
