import KeylessTestSupport
import Foundation
import Testing

/// Runs the real aws-actions/configure-aws-credentials bundle (`../shared/actions/configure-aws-credentials/TAG/dist/index.js`)
/// under `env -i` with only a scenario's variables, against `loopback_aws.py`: a GitHub OIDC token endpoint and
/// an STS endpoint on 127.0.0.1 that answer with the scenario's documented responses.
enum Harness {
    static let testsDir = TestPaths.testsDir()
    static let packageRoot = TestPaths.packageRoot
    /// `../shared` beside the package root, as on the CI clone.
    static let actionsDir = TestPaths.shared.appendingPathComponent("actions/configure-aws-credentials")
    static let server = testsDir.appendingPathComponent("loopback_aws.py")

    /// `make test` sets it: a missing tool must fail the run instead of skipping it.
    static var required: Bool { Tools.requireValidators }

    static let node = Tools.find("node")
    static let python = Tools.find("python3")
    static let envTool = ["/usr/bin/env", "/bin/env"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Release tags with a bundle in `../shared/actions`, in version order.
    static let versions: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: actionsDir.path)) ?? []
        return names.filter { tag in
            tagNumbers(tag) != nil
                && FileManager.default.fileExists(atPath: actionsDir.appendingPathComponent("\(tag)/dist/index.js").path)
        }.sorted { tagNumbers($0)!.lexicographicallyPrecedes(tagNumbers($1)!) }
    }()

    static func tagNumbers(_ tag: String) -> [Int]? {
        guard tag.hasPrefix("v") else { return nil }
        let parts = tag.dropFirst().split(separator: ".").map { Int($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    /// What is missing for the harness to run, or nil when everything is there.
    static var missing: String? {
        if node == nil { return "node is not on PATH" }
        if python == nil { return "python3 is not on PATH" }
        if envTool == nil { return "env(1) is not installed" }
        if versions.isEmpty { return "no configure-aws-credentials bundle under \(actionsDir.path) (../shared/actions)" }
        return nil
    }

    /// Tests that run the action are enabled when the tools are there, or when `make test` requires them
    /// (then a missing tool fails the test through `requireReady()`).
    static var enabled: Bool { missing == nil || required }

    static func requireReady() -> Bool {
        guard let missing else { return true }
        if Tools.requireValidators { Issue.record("KEYLESS_REQUIRE_VALIDATORS=1 but the action harness cannot run: \(missing)") }
        return false
    }
}

/// What one run of the action printed and sent.
struct ActionRun {
    var tag: String
    var status: Int32
    var stdout: String
    var stderr: String
    /// Every request the loopback server received, in order.
    var requests: [[String: Any]]

    /// The log as GitHub shows it: workflow commands become their annotations (`::error::X` is shown as
    /// `Error: X`), masks and debug lines are dropped (debug lines appear only with debug logging).
    var displayed: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).compactMap { raw in
            let line = String(raw)
            guard line.hasPrefix("::") else { return line }
            let rest = line.dropFirst(2)
            guard let end = rest.range(of: "::") else { return line }
            let command = rest[..<end.lowerBound].split(separator: " ").first.map(String.init) ?? ""
            let message = Self.unescape(String(rest[end.upperBound...]))
            switch command {
            case "error": return "Error: " + message
            case "warning": return "Warning: " + message
            case "notice": return "Notice: " + message
            default: return nil
            }
        }
    }

    /// The runner's escaping of workflow command data (`%25`, `%0D`, `%0A`).
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%25", with: "%")
    }

    /// The STS actions called, in order.
    var stsCalls: [String] {
        requests.compactMap { ($0["params"] as? [String: String])?["Action"] }
    }

    var report: String {
        "configure-aws-credentials \(tag) exited \(status); its output as GitHub shows it:\n"
            + displayed.joined(separator: "\n") + "\n--- raw stdout:\n\(stdout)\n--- stderr:\n\(stderr)\n--- STS calls: \(stsCalls)"
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

extension Harness {
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// An unsigned JWT with the scenario's claims: the action forwards the token and never verifies it; STS
    /// is the loopback server, which answers from the scenario instead of verifying anything.
    static func jwt(_ claims: [String: String]) throws -> String {
        let header = try JSONSerialization.data(withJSONObject: ["alg": "RS256", "typ": "JWT", "kid": "harness"], options: [.sortedKeys])
        let body = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        return "\(base64URL(header)).\(base64URL(body)).\(base64URL(Data("not-signed".utf8)))"
    }

    /// Runs the scenario with the bundle of `tag`, with a bounded lifetime for both processes.
    static func run(_ scenario: Scenario, tag: String, timeout: TimeInterval = 60) throws -> ActionRun {
        guard let node, let python, let envTool else { throw HarnessError(description: missing ?? "tools missing") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-truth-\(scenario.id)-\(tag)-\(UUID().uuidString)")
        let workspace = dir.appendingPathComponent("workspace"), home = dir.appendingPathComponent("home")
        for d in [workspace, home] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: dir) }

        let config: [String: Any] = [
            "jwt": try jwt(scenario.claims),
            "sts": scenario.sts.mapValues { ["status": $0.status, "body": $0.body] },
            "lifetime": Int(timeout) + 5,
        ]
        let configFile = dir.appendingPathComponent("server.json"), log = dir.appendingPathComponent("requests.jsonl")
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: configFile)
        let serverOut = dir.appendingPathComponent("server.out")
        let server = try BackgroundProcess(python.path, [server.path, configFile.path, log.path], env: ["PATH=/usr/bin:/bin"],
                                 stdout: serverOut, stderr: dir.appendingPathComponent("server.err"))
        defer { server.stop() }
        let port = try server.waitForPort(in: serverOut, seconds: 10)

        let githubEnv = dir.appendingPathComponent("github_env"), githubOutput = dir.appendingPathComponent("github_output")
        for f in [githubEnv, githubOutput] { try Data().write(to: f) }
        var env: [String: String] = [
            // The runner's variables the action requires (it stops without them).
            "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": scenario.repository, "GITHUB_WORKFLOW": "Deploy",
            "GITHUB_ACTION": "configure-aws-credentials", "GITHUB_ACTOR": scenario.actor,
            "GITHUB_SHA": String(repeating: "0", count: 40), "GITHUB_WORKSPACE": workspace.path, "GITHUB_RUN_ID": "1",
            "GITHUB_ENV": githubEnv.path, "GITHUB_OUTPUT": githubOutput.path, "RUNNER_TEMP": dir.path,
            // An empty home: no ~/.aws files of the machine reach the SDK.
            "HOME": home.path,
            // STS is the loopback server; instance metadata is off, as nothing answers it on a hosted runner.
            "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:\(port)", "AWS_EC2_METADATA_DISABLED": "true",
            // Fail fast instead of twelve retries with backoff.
            "INPUT_DISABLE-RETRY": "true",
        ]
        switch scenario.idToken {
        case .granted:
            env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "http://127.0.0.1:\(port)/token?api-version=2.0"
            env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "harness-request-token"
        case .onlyRequestToken:
            env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "harness-request-token"
        case .onlyRequestURL:
            env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "http://127.0.0.1:\(port)/token?api-version=2.0"
        case .none:
            break
        }
        for (name, value) in scenario.inputs { env["INPUT_\(name.uppercased())"] = value }
        for (name, value) in scenario.env { env[name] = value }

        let bundle = actionsDir.appendingPathComponent("\(tag)/dist/index.js")
        let out = dir.appendingPathComponent("action.out"), err = dir.appendingPathComponent("action.err")
        let args = ["-i"] + env.keys.sorted().map { "\($0)=\(env[$0]!)" } + [node.path, bundle.path]
        let action = try BackgroundProcess(envTool, args, env: [], stdout: out, stderr: err)
        let status = try action.wait(seconds: timeout)
        server.stop()
        let requests = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        return ActionRun(tag: tag, status: status, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", requests: requests)
    }
}

