import KeylessTestSupport
import Foundation
import KeylessSyntax
import KeylessModel
import Testing
import Yams

@Suite struct YAMLEmitterTests {
    /// Strings that YAML 1.1 or 1.2 readers take for something else when written plain.
    static let tricky = [
        "on", "off", "yes", "No", "TRUE", "null", "~", "", " ", "0123", "1e3", "3.10", "0x1F", "0o17", "1_000",
        "2026-11-26", "1:20", ".inf", "-.5", "+1", "=", "<<", "- item", "? key", ": colon", "a: b", "a #b", "#c",
        "&anchor", "*alias", "!tag", "|", ">", "'single'", "\"double\"", "%percent", "@at", "`tick`", "{x}", "[x]",
        "trailing:", " leading", "trailing ", "tab\there", "line\nbreak", "crlf\r\n", "nel\u{85}x", "ls\u{2028}x",
        "bom\u{FEFF}x", "nul\u{0}x", "bell\u{7}x", "del\u{7F}x", "emoji ☁️", "${{ github.ref }}", "a: ${{ x }}",
        "echo \"hi\" # not a comment", "multi\nline\n", "  indented\n", "ends\n\n",
    ]

    @Test(arguments: tricky) func scalarRoundTripsThroughYams(_ s: String) throws {
        let text = YAMLEmitter().emit(.mapping([YAMLEntry("key", .string(s))]))
        let reader = YAMLReader(path: "t.yml", strict: true, rule: "test")
        let root = try #require(reader.compose(text), "\(text)")
        let fields = try #require(reader.fields(root, "root", allowed: ["key"]))
        let back = try #require(fields["key"]).value
        #expect(reader.string(back, "key") == s, "emitted: \(text)")
        #expect(reader.diagnostics.isEmpty, "\(reader.diagnostics)")
    }

    @Test func reservedWordsAreQuoted() {
        for w in ["on", "yes", "no", "true", "off", "null", "~", "3.10", "2026-11-26"] {
            #expect(YAMLScalar.quoted(w).hasPrefix("'"), "\(w)")
        }
        #expect(YAMLScalar.quoted("ubuntu-latest") == "ubuntu-latest")
        #expect(YAMLScalar.key("on") == "on")
    }

    @Test func layoutIsFixed() {
        let v = YAMLValue.mapping([
            YAMLEntry("permissions", .emptyMapping, comment: "none at the top"),
            YAMLEntry("list", .sequence([.mapping([YAMLEntry("a", .int(1)), YAMLEntry("b", .bool(false))])])),
            YAMLEntry("run", .string("echo one\necho two\n")),
            YAMLEntry("empty", .null),
        ])
        #expect(YAMLEmitter(header: ["banner"]).emit(v) == """
            # banner
            permissions: {}  # none at the top
            list:
              - a: 1
                b: false
            run: |
              echo one
              echo two
            empty:

            """)
    }

    @Test func commentOnMissingPathIsRefused() {
        var v = YAMLValue.mapping([YAMLEntry("a", .string("b"))])
        let set = v.setComment("x", at: ["a"])
        let missing = v.setComment("x", at: ["missing"])
        let deeper = v.setComment("x", at: ["a", "deeper"])
        #expect(set && !missing && !deeper)
    }

    @Test func workflowRoundTrip() throws {
        let w = Workflow(
            name: "yes", triggers: [.push(EventFilter(branches: ["main", "release/*"])), .pullRequest(EventFilter()),
                                    .schedule(["0 6 * * 1-5"]), .workflowDispatch(inputs: [WorkflowInput(id: "env", required: true, type: .choice, options: ["on", "off"])]),
                                    .workflowCall(inputs: [], secrets: [WorkflowSecret(id: "KEY", required: false)])],
            permissions: .scopes([]), env: [KeyValue("PY", .string("3.10")), KeyValue("N", .int(3))],
            concurrency: Concurrency(group: "${{ github.ref }}", cancelInProgress: true),
            jobs: [
                Job(id: "a", name: "A: first", runsOn: "ubuntu-latest", condition: Expression("!cancelled()"),
                    environment: JobEnvironment(name: .string("prod:eu"), url: "https://x.example"),
                    permissions: .scopes([PermissionGrant(.idToken, .write)]), timeoutMinutes: 5,
                    steps: [Step(name: "s", uses: ActionRef(owner: "o", repo: "r", path: "sub", ref: "v1"), with: [KeyValue("flag", .bool(false)), KeyValue("e", .expression(Expression("secrets.X")))]),
                            Step(run: "echo 'a: b'\n", shell: "bash")]),
                Job(id: "b", needs: ["a"], uses: "./.github/workflows/x.yml", with: [KeyValue("v", .string("no"))], secrets: .inherit),
            ])
        let text = YAMLEmitter().emit(WorkflowCodec.encode(w))
        let reader = YAMLReader(path: "w.yml", strict: true, rule: "test")
        let back = WorkflowCodec.decode(text, reader: reader)
        #expect(reader.diagnostics.isEmpty, "\(reader.diagnostics)\n\(text)")
        #expect(back == w, "\(text)")
        // The independent parse: Yams' own constructor reads the same booleans and strings.
        let any = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((any["env"] as? [String: Any])?["PY"] as? String == "3.10")
    }

    @Test func strictReaderRejectsUnquotedNonStrings() {
        let reader = YAMLReader(path: "w.yml", strict: true, rule: "test")
        _ = WorkflowCodec.decode("name: yes\non: push\njobs: {}\n", reader: reader)
        #expect(reader.diagnostics.map(\.rule) == ["yaml-type"])
        #expect(reader.diagnostics.first?.location.line == 1)
    }
}
