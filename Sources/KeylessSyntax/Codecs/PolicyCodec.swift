import Foundation
import KeylessModel

/// PolicyDocument ⇄ JSON, in the key order AWS documents and the console shows.
public enum PolicyCodec {
    public static func encode(_ p: PolicyDocument) -> JSONValue {
        var m: [(String, JSONValue)] = []
        if let v = p.version { m.append(("Version", .string(v))) }
        if let id = p.id { m.append(("Id", .string(id))) }
        m.append(("Statement", .array(p.statements.map(encode))))
        return .object(m)
    }

    /// A single value is written as a string, several as an array: both forms are valid IAM.
    public static func list(_ values: [String]) -> JSONValue {
        values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string))
    }

    public static func encode(_ p: Principal) -> JSONValue {
        switch p {
        case .anyone: return .string("*")
        case .typed(let entries): return .object(entries.map { ($0.type, list($0.values)) })
        }
    }

    public static func encode(_ s: Statement) -> JSONValue {
        var m: [(String, JSONValue)] = []
        if let sid = s.sid { m.append(("Sid", .string(sid))) }
        m.append(("Effect", .string(s.effect.rawValue)))
        if let p = s.principal { m.append(("Principal", encode(p))) }
        if let p = s.notPrincipal { m.append(("NotPrincipal", encode(p))) }
        switch s.actions {
        case .action(let a): m.append(("Action", list(a)))
        case .notAction(let a): m.append(("NotAction", list(a)))
        }
        switch s.resources {
        case .resource(let r)?: m.append(("Resource", list(r)))
        case .notResource(let r)?: m.append(("NotResource", list(r)))
        case nil: break
        }
        if !s.conditions.isEmpty {
            var block: [(String, JSONValue)] = []
            for c in s.conditions {
                let op = c.op.description
                if let i = block.firstIndex(where: { $0.0 == op }), case .object(var keys) = block[i].1 {
                    keys.append((c.key, list(c.values)))
                    block[i].1 = .object(keys)
                } else {
                    block.append((op, .object([(c.key, list(c.values))])))
                }
            }
            m.append(("Condition", .object(block)))
        }
        return .object(m)
    }

    public static func text(_ p: PolicyDocument) -> String {
        JSONEmitter.emit(encode(p))
    }

    // MARK: Decode

    public enum DecodeError: Error, CustomStringConvertible, Equatable {
        case syntax(String)
        case shape(String)

        public var description: String {
            switch self {
            case .syntax(let s): return "invalid JSON: \(s)"
            case .shape(let s): return s
            }
        }
    }

    /// Reads a policy through Foundation's JSON parser (the independent reader of parse-back).
    public static func decode(_ text: String) throws(DecodeError) -> PolicyDocument {
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw .syntax((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")
        }
        return try decode(any)
    }

    public static func decode(_ any: Any) throws(DecodeError) -> PolicyDocument {
        guard let root = any as? [String: Any] else { throw .shape("a policy must be a JSON object") }
        try allowOnly(root, ["Version", "Id", "Statement"], "the policy")
        let version = try optionalString(root["Version"], "Version")
        let id = try optionalString(root["Id"], "Id")
        let raw: [Any]
        if let one = root["Statement"] as? [String: Any] {
            raw = [one]
        } else if let many = root["Statement"] as? [Any] {
            raw = many
        } else {
            throw .shape("Statement must be an object or a list of objects")
        }
        var statements: [Statement] = []
        for (i, item) in raw.enumerated() {
            guard let s = item as? [String: Any] else { throw .shape("Statement[\(i)] must be an object") }
            statements.append(try decodeStatement(s, index: i))
        }
        return PolicyDocument(version: version, id: id, statements: statements)
    }

    static let statementKeys = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]

    public static func decodeStatement(_ s: [String: Any], index i: Int) throws(DecodeError) -> Statement {
        let at = "Statement[\(i)]"
        try allowOnly(s, statementKeys, at)
        guard let effectText = s["Effect"] as? String, let effect = Statement.Effect(rawValue: effectText) else {
            throw .shape("\(at).Effect must be \"Allow\" or \"Deny\"")
        }
        let actions: ActionList
        switch (s["Action"], s["NotAction"]) {
        case (let a?, nil): actions = .action(try strings(a, "\(at).Action"))
        case (nil, let a?): actions = .notAction(try strings(a, "\(at).NotAction"))
        default: throw .shape("\(at) must have exactly one of Action and NotAction")
        }
        var resources: ResourceList?
        switch (s["Resource"], s["NotResource"]) {
        case (let r?, nil): resources = .resource(try strings(r, "\(at).Resource"))
        case (nil, let r?): resources = .notResource(try strings(r, "\(at).NotResource"))
        case (nil, nil): resources = nil
        default: throw .shape("\(at) has both Resource and NotResource")
        }
        var conditions: [Condition] = []
        if let c = s["Condition"] {
            guard let block = c as? [String: Any] else { throw .shape("\(at).Condition must be an object") }
            for (opText, body) in block {
                guard let op = ConditionOperator(parsing: opText) else {
                    throw .shape("\(at).Condition: unknown condition operator '\(opText)'")
                }
                guard let keys = body as? [String: Any] else { throw .shape("\(at).Condition.\(opText) must be an object") }
                for (key, values) in keys {
                    conditions.append(Condition(op, key, try strings(values, "\(at).Condition.\(opText).\(key)")))
                }
            }
        }
        return Statement(
            sid: try optionalString(s["Sid"], "\(at).Sid"), effect: effect,
            principal: try s["Principal"].map { v throws(DecodeError) in try principal(v, "\(at).Principal") },
            notPrincipal: try s["NotPrincipal"].map { v throws(DecodeError) in try principal(v, "\(at).NotPrincipal") },
            actions: actions, resources: resources, conditions: conditions)
    }

    static let principalTypes = ["AWS", "Federated", "Service", "CanonicalUser"]

    public static func principal(_ v: Any, _ at: String) throws(DecodeError) -> Principal {
        if let s = v as? String {
            guard s == "*" else { throw .shape("\(at) must be \"*\" or an object") }
            return .anyone
        }
        guard let m = v as? [String: Any] else { throw .shape("\(at) must be \"*\" or an object") }
        try allowOnly(m, principalTypes, at)
        var entries: [PrincipalEntry] = []
        for type in principalTypes {
            if let values = m[type] { entries.append(PrincipalEntry(type: type, values: try strings(values, "\(at).\(type)"))) }
        }
        return .typed(entries)
    }

    public static func strings(_ v: Any, _ at: String) throws(DecodeError) -> [String] {
        if let s = v as? String { return [s] }
        if let a = v as? [Any] {
            var out: [String] = []
            for x in a {
                guard let s = x as? String else { throw .shape("\(at) must hold strings") }
                out.append(s)
            }
            return out
        }
        throw .shape("\(at) must be a string or a list of strings")
    }

    public static func optionalString(_ v: Any?, _ at: String) throws(DecodeError) -> String? {
        guard let v else { return nil }
        guard let s = v as? String else { throw .shape("\(at) must be a string") }
        return s
    }

    public static func allowOnly(_ m: [String: Any], _ keys: [String], _ at: String) throws(DecodeError) {
        if let unknown = m.keys.sorted().first(where: { !keys.contains($0) }) {
            throw .shape("\(at): unknown element '\(unknown)'")
        }
    }
}
