import KeylessTestSupport
import Foundation
import KeylessSyntax
import KeylessModel
import Testing
import Yams

/// SplitMix64: small, seeded, the same sequence on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// String generators for the categories of values that break naive YAML and JSON emitters.
enum StringCategory: String, CaseIterable, Sendable {
    case anyUnicode, yamlIndicators, whitespace, expressions, lookalikes, short

    static let indicators: [Character] = [":", "#", "-", "?", "*", "&", "!", "|", ">", "'", "\"", "%", "@", "`", ",", "[", "]", "{", "}", " ", "\\"]
    static let lookalikeWords = [
        "on", "off", "yes", "no", "y", "n", "true", "False", "NULL", "null", "~", "0x1F", "0o17", "017", "1e3", "3.10", "-.inf", ".NaN",
        "2026-11-26", "2026-11-26T10:00:00Z", "1:20", "1_000", "+12", "=", "<<", "0", "-0", "0.", "12e", "0b101",
    ]

    func make(_ g: inout SeededGenerator) -> String {
        func scalar() -> Character {
            // Any valid scalar, biased towards the interesting planes.
            while true {
                let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xFFFF, 0x10000...0x10FFFF, 0x2020...0x202F, 0xFEFF...0xFEFF]
                let r = ranges[Int.random(in: 0..<ranges.count, using: &g)]
                if let u = Unicode.Scalar(UInt32.random(in: r, using: &g)) { return Character(u) }
            }
        }
        let length = Int.random(in: 0...12, using: &g)
        switch self {
        case .anyUnicode:
            return String((0..<length).map { _ in scalar() })
        case .yamlIndicators:
            return String((0..<length).map { _ in Bool.random(using: &g) ? Self.indicators.randomElement(using: &g)! : Character(UnicodeScalar(UInt8.random(in: 0x61...0x7A, using: &g))) })
        case .whitespace:
            let pieces = [" ", "\t", "\n", "\r\n", "a", "b c", "\u{85}", "\u{2028}", "  x  "]
            return (0..<length).map { _ in pieces.randomElement(using: &g)! }.joined()
        case .expressions:
            let exprs = ["${{ github.ref }}", "${{ secrets.X }}", "${{ a && 'b' || 'c' }}", "${{", "}}", "$", "{{ x }}"]
            return (0..<max(1, length / 3)).map { _ in Bool.random(using: &g) ? exprs.randomElement(using: &g)! : "-x-" }.joined()
        case .lookalikes:
            let w = Self.lookalikeWords.randomElement(using: &g)!
            return Bool.random(using: &g) ? w : [w, " ", w.uppercased()].joined()
        case .short:
            return String((0..<Int.random(in: 0...2, using: &g)).map { _ in scalar() })
        }
    }

    /// 10,000 values of this category for a fixed seed.
    ///
    /// Out of domain: a value that *starts* with U+FEFF. Yams drops it when it builds the Swift
    /// string, even from an escaped `\uFEFF`, so no YAML emitter can make it survive;
    /// `readersDropALeadingBOM` pins that fact down. (JSON keeps it: the emitter escapes U+FEFF.)
    func values(seed: UInt64 = 20261126, count: Int = 10_000) -> [String] {
        var g = SeededGenerator(seed: seed &+ UInt64(Self.allCases.firstIndex(of: self)!))
        return (0..<count).map { _ in
            let s = make(&g)
            return s.unicodeScalars.first == "\u{FEFF}" ? "x" + s : s
        }
    }
}

@Suite struct PropertyTests {
    /// A workflow whose every string field carries generated values.
    func workflow(_ values: ArraySlice<String>) -> Workflow {
        let v = Array(values)
        let steps = v.map { s in
            Step(name: s, run: s.isEmpty ? "true" : s, env: [KeyValue("V", ScalarValue(stringLiteral: s))])
        }
        return Workflow(
            name: v.first, triggers: [.workflowDispatch(inputs: [WorkflowInput(id: "x", description: v.last)])],
            env: v.prefix(5).enumerated().map { KeyValue("E\($0.offset)", ScalarValue(stringLiteral: $0.element)) },
            concurrency: Concurrency(group: v.first ?? "g"),
            // ScalarValue(stringLiteral:) keeps the model's rule: a value that is exactly one `${{ }}` is an expression.
            jobs: [Job(id: "j", name: v.last, runsOn: "ubuntu-latest", environment: JobEnvironment(name: ScalarValue(stringLiteral: v.first ?? "e"), url: v.last), steps: steps,
                       with: [])])
    }

    func policy(_ values: ArraySlice<String>) -> PolicyDocument {
        PolicyDocument(statements: values.map { s in
            Statement(sid: s, actions: .action([s]), resources: .resource([s, "arn:aws:s3:::b"]),
                      conditions: [Condition(.stringEquals, "k", [s])])
        })
    }

    @Test(arguments: StringCategory.allCases) func workflowsRoundTripThroughYams(_ category: StringCategory) throws {
        let values = category.values()
        var failures: [String] = []
        for chunk in stride(from: 0, to: values.count, by: 200) {
            let slice = values[chunk..<min(chunk + 200, values.count)]
            let w = workflow(slice)
            let text = YAMLEmitter().emit(WorkflowCodec.encode(w))
            let reader = YAMLReader(path: "p.yml", strict: true, rule: "test")
            let back = WorkflowCodec.decode(text, reader: reader)
            if back != w {
                // Shrink: find the single value that fails on its own.
                for s in slice where WorkflowCodec.decode(YAMLEmitter().emit(WorkflowCodec.encode(workflow([s]))), reader: YAMLReader(path: "p", strict: true, rule: "t")) != workflow([s]) {
                    failures.append(s)
                    break
                }
            }
        }
        #expect(failures.isEmpty, "\(category): values that do not round-trip: \(failures.map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
    }

    @Test(arguments: StringCategory.allCases) func policiesRoundTripThroughFoundationJSON(_ category: StringCategory) throws {
        let values = category.values()
        for chunk in stride(from: 0, to: values.count, by: 500) {
            let p = policy(values[chunk..<min(chunk + 500, values.count)])
            #expect(try PolicyCodec.decode(PolicyCodec.text(p)) == p)
        }
    }

    /// The same emitted text read by an independent parser (PyYAML `safe_load`, YAML 1.1) gives the same strings.
    static let venvPython = TestPaths.packageRoot.appendingPathComponent(".venv/bin/python")

    @Test(.enabled(if: Tools.requireValidators || FileManager.default.isExecutableFile(atPath: venvPython.path),
                   "the validator venv (PyYAML) is missing: run make bootstrap"),
          arguments: StringCategory.allCases)
    func pyyamlReadsTheSameStrings(_ category: StringCategory) throws {
        let python = Self.venvPython
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "the validator venv (PyYAML) is missing: run make bootstrap")
        let values = category.values()
        let text = YAMLEmitter().emit(.mapping([YAMLEntry("values", .sequence(values.map(YAMLValue.string)))]))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-pyyaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.yml"), output = dir.appendingPathComponent("out.json")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let script = "import json,sys,yaml; d=yaml.safe_load(open(sys.argv[1],encoding='utf-8')); json.dump(d['values'], open(sys.argv[2],'w'), ensure_ascii=True)"
        var pid: pid_t = 0
        let words: [String] = [python.path, "-c", script, input.path, output.path]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&pid, python.path, nil, nil, argv, environ) == 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(status == 0, "PyYAML failed on the emitted text")
        let back = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String]
        let mismatches = zip(values, back ?? []).filter { $0 != $1 }.prefix(3)
        #expect(back?.count == values.count && mismatches.isEmpty, "\(category): \(mismatches.map { ($0.0.debugDescription, $0.1.debugDescription) })")
    }

    /// Regression cases found by this suite (seed 20261126), kept with fixed inputs.
    @Test func regressions() throws {
        // A value that is exactly an expression must be modelled as one, or it reads back as one.
        let env = JobEnvironment(name: ScalarValue(stringLiteral: "${{ secrets.X }}"))
        #expect(env.name == .expression(Expression("secrets.X")))
        // Mid-string byte-order marks survive both readers.
        let w = workflow(["a\u{FEFF}b"])
        #expect(WorkflowCodec.decode(YAMLEmitter().emit(WorkflowCodec.encode(w)), reader: YAMLReader(path: "r", strict: true, rule: "t")) == w)
        let p = policy(["a\u{FEFF}b"])
        #expect(try PolicyCodec.decode(PolicyCodec.text(p)) == p)
    }

    /// The limitation that keeps a leading U+FEFF out of the property domain. If a reader is fixed,
    /// this test fails and the domain can be widened.
    @Test func readersDropALeadingBOM() throws {
        let yaml = try Yams.compose(yaml: "k: \"\\uFEFFa\"\n")?["k"]?.string
        #expect(yaml == "a")
        // JSON keeps it, because the emitter writes U+FEFF as the escape `\ufeff`.
        let json = try PolicyCodec.decode(PolicyCodec.text(policy(["\u{FEFF}a"]))).statements.first?.sid
        #expect(json == "\u{FEFF}a")
    }
}
