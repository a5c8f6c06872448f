import KeylessSyntax
import KeylessModel

/// A piece of a string in an IaC template: literal text, or a value the template makes a variable
/// (Terraform variable, CloudFormation parameter or pseudo parameter, shell variable).
public enum IaCPart: Hashable, Sendable {
    case text(String)
    case account
    case organization
    case repository(String)
}

/// A policy document (or any JSON) on its way into an IaC format: strings split into parts, and the
/// provider's ARN kept as a reference to the provider resource.
public indirect enum IaCValue: Hashable, Sendable {
    case string([IaCPart])
    case providerARN
    case int(Int)
    case bool(Bool)
    case null
    case array([IaCValue])
    case object([IaCMember])
}

public struct IaCMember: Hashable, Sendable {
    public var key: String
    public var value: IaCValue
    public init(_ key: String, _ value: IaCValue) {
        self.key = key
        self.value = value
    }
}

/// Turns the setup's values into IaC parts and back: the same rules for every format, so the three
/// forms differ only in syntax.
public struct IaCParameters: Sendable {
    public let setup: IAMSetup

    public init(_ setup: IAMSetup) { self.setup = setup }

    /// `s` split at the account of an ARN (`:ACCOUNT:`) and at the `repo:ORG/NAME:` prefix of a subject.
    public func parts(_ s: String) -> [IaCPart] {
        var out: [IaCPart] = []
        var text = ""
        func flush() {
            if !text.isEmpty { out.append(.text(text)) }
            text = ""
        }
        let account = setup.account.description
        let repos = setup.repositories.sorted { $0.count > $1.count }
        var rest = Substring(s)
        outer: while !rest.isEmpty {
            for repo in repos where rest.hasPrefix("repo:\(setup.organization)/\(repo):") {
                text += "repo:"
                flush()
                out.append(.organization)
                text = "/"
                flush()
                out.append(.repository(repo))
                rest = rest.dropFirst("repo:\(setup.organization)/\(repo)".count)
                continue outer
            }
            if !account.isEmpty, rest.hasPrefix(":\(account):") {
                text += ":"
                flush()
                out.append(.account)
                rest = rest.dropFirst(account.count + 1)
                continue
            }
            text.append(rest.removeFirst())
        }
        flush()
        return out
    }

    /// The value each part stands for in the model.
    public func value(_ part: IaCPart) -> String {
        switch part {
        case .text(let t): return t
        case .account: return setup.account.description
        case .organization: return setup.organization
        case .repository(let r): return r
        }
    }

    public func value(_ parts: [IaCPart]) -> String { parts.map(value).joined() }

    /// A policy document as an IaC value, in PolicyCodec's key order.
    public func policy(_ doc: PolicyDocument) -> IaCValue { value(PolicyCodec.encode(doc)) }

    public func value(_ json: JSONValue) -> IaCValue {
        switch json {
        case .string(let s): return s == setup.providerARN.description ? .providerARN : .string(parts(s))
        case .int(let i): return .int(i)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .array(let a): return .array(a.map(value))
        case .object(let m): return .object(m.map { IaCMember($0.0, value($0.1)) })
        }
    }

    /// `python-sdk` → `python_sdk` (Terraform names).
    public static func snake(_ s: String) -> String {
        String(s.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// `honeyhive-python-sdk` → `HoneyhivePythonSdk` (CloudFormation logical ids).
    public static func camel(_ s: String) -> String {
        s.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// Why an IaC text did not parse back into the setup.
public struct IaCParseError: Error, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int = 1, _ message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}
