@testable import KeylessSyntax
import KeylessTestSupport
import KeylessModel
import Testing
import Yams

/// The hand-written resolver classifies plain scalars exactly as Yams's default (regex) resolver.
@Suite struct PlainScalarResolverTests {
    static let samples: [String] = {
        var out = StringCategory.lookalikeWords + [
            "", "~", "0", "00", "07", "08", "0o17", "0o8", "0x", "0x1F", "0x_1", "0b", "0b102", "0b1_0", "+0", "-0", "1_000", "1:20", "1:60", "190:20:30",
            "1:2:3", "01:20", "1.5", "1.", "-1.5e+3", "1e3", "1e", "1E-2", ".5", ".5e+1", ".5e1", "._", ".", "-.inf", "+.INF", ".NaN", "-.nan",
            "190:20:30.15", "1:20.", "2026-11-26", "2026-1-2 3:04:05", "2026-11-26T10:00:00Z", "2026-11-26t10:00:00.5+01:00", "2026-11", "1234-56-78",
            "yes", "Yes", "YES", "yEs", "y", "n", "on", "oN", "off", "true", "tRue", "null", "Null", "nULL", "<<", "=", "==", "abc", "-", "+", "-a", "1a",
            "3.10", "3.1.0", "v1", "1-2", "12:", "1:2a", "0x1g", "0o", "+-1", "1__", "_1", "1e+", "٣", "１",
        ]
        var g = SeededGenerator(seed: 7)
        let alphabet = Array("0123456789+-._:eExXoObB TZtz~")
        for _ in 0..<20_000 { out.append(String((0..<Int.random(in: 1...8, using: &g)).map { _ in alphabet.randomElement(using: &g)! })) }
        return out
    }()

    @Test func agreesWithYamsDefaultResolver() {
        var disagreements: [String] = []
        for s in Self.samples {
            let expected = Resolver.default.resolveTag(of: .scalar(.init(s)))
            if PlainScalarResolver.tag(s) != expected { disagreements.append("\(s.debugDescription): \(expected.rawValue) vs \(PlainScalarResolver.tag(s).rawValue)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
