import Yams
import KeylessModel

/// Reads a Yams node tree into typed values, collecting one diagnostic per problem with its line and column.
///
/// Strict readers (the configuration, and parse-back of our own snippets) reject unknown keys and
/// plain scalars that a YAML 1.1 reader would not take as a string; lenient readers (users' workflows)
/// ignore keys Keyless does not model.
public final class YAMLReader {
    public let path: String
    public let strict: Bool
    public private(set) var diagnostics: [Diagnostic] = []
    /// Bound on nodes visited, so alias expansion (billion laughs) cannot run away.
    private var budget: Int
    private let ruleID: String

    public init(path: String, strict: Bool, rule: String, nodeBudget: Int = 1_000_000) {
        self.path = path
        self.strict = strict
        self.ruleID = rule
        self.budget = nodeBudget
    }

    /// Parses text into a root node, or records the syntax error and returns nil.
    public func compose(_ text: String) -> Node? {
        do {
            // Resolver.basic: tags are resolved by PlainScalarResolver, without a regex per scalar.
            // The encoding is given: left to its default, Yams reads the process environment for every parse.
            // Every node's tag holds its resolver and constructor: fresh instances per parse keep those
            // reference counts off the shared `.basic` and `.default`, which the cores would otherwise
            // contend for when files are parsed in parallel.
            let resolver = Resolver.basic.removing(.str), constructor = Constructor()
            guard let root = try Parser(yaml: text, resolver: resolver, constructor: constructor, encoding: .utf8).singleRoot() else {
                error(at: nil as Node?, "the document is empty", rule: "yaml-syntax")
                return nil
            }
            return root
        } catch let e as YamlError {
            let (line, column, message) = Self.describe(e)
            diagnostics.append(
                Diagnostic(at: SourceLocation(path: path, line: line, column: column), message, rule: "yaml-syntax"))
            return nil
        } catch {
            self.error(at: nil as Node?, "cannot parse YAML: \(error)", rule: "yaml-syntax")
            return nil
        }
    }

    static func describe(_ e: YamlError) -> (Int, Int, String) {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return (mark.line, mark.column, "YAML syntax error: \(ctx)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, context.mark.column, "duplicate key \(keys) in a mapping")
        case .reader(let problem, _, _, _):
            return (1, 1, "cannot read the file as YAML: \(problem)")
        default:
            return (1, 1, "cannot parse YAML: \(e)")
        }
    }

    // MARK: Diagnostics

    public func location(_ node: Node?) -> SourceLocation {
        SourceLocation(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    public func error(at node: Node?, _ message: String, rule: String? = nil) {
        diagnostics.append(Diagnostic(at: location(node), message, rule: rule ?? ruleID))
    }

    /// A diagnostic at a key, whose position `mapping` keeps.
    public func error(at mark: Mark?, _ message: String, rule: String? = nil) {
        diagnostics.append(Diagnostic(at: location(mark), message, rule: rule ?? ruleID))
    }

    public func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private func spend(_ node: Node) -> Bool {
        budget -= 1
        if budget == 0 {
            error(at: node, "the document expands to more than the node limit (aliases?)", rule: "yaml-too-large")
        }
        return budget > 0
    }

    // MARK: Shapes

    /// A mapping's entries with string keys, in file order; reports duplicate keys and non-scalar keys.
    public func mapping(_ node: Node, _ what: @autoclosure () -> String) -> [(key: String, keyNode: Mark?, value: Node)]? {
        guard let f = read(node, what()) else { return nil }
        return zip(f.keys, f.values).map { ($0, $1.keyNode, $1.value) }
    }

    /// The keys of a mapping and, apart, their positions and values (see `Fields`).
    func read(_ node: Node, _ what: @autoclosure () -> String) -> Fields? {
        guard spend(node) else { return nil }
        guard case .mapping(let m) = node else {
            error(at: node, "\(what()) must be a mapping, found \(kind(node))")
            return nil
        }
        // Duplicate keys never get here: Yams refuses them while composing (reported as yaml-syntax).
        // The key's position, not the key node: copying Yams nodes (reference counting) dominated reading.
        var keys: [String] = []
        var values: [(keyNode: Mark?, value: Node)] = []
        keys.reserveCapacity(m.count)
        values.reserveCapacity(m.count)
        // By position: iterating a mapping first copies every pair into a new array.
        for i in m.startIndex..<m.endIndex {
            let (k, v) = m[i]
            guard case .scalar(let s) = k else {
                error(at: k, "keys of \(what()) must be plain strings")
                continue
            }
            keys.append(s.string)
            values.append((s.mark, v))
        }
        return Fields(keys: keys, values: values)
    }

    /// The entries of a mapping, looked up by key with a linear scan: mappings here have a handful of
    /// keys, and hashing every key of every mapping cost more than scanning. The keys are kept apart from
    /// the values, so a scan compares strings without copying an entry (and its node) per key passed.
    public struct Fields {
        let keys: [String]
        let values: [(keyNode: Mark?, value: Node)]

        public subscript(key: String) -> (keyNode: Mark?, value: Node)? {
            guard let i = keys.firstIndex(of: key) else { return nil }
            return values[i]
        }
    }

    /// A mapping whose keys must come from `allowed`; unknown keys are reported in strict mode.
    public func fields(_ node: Node, _ what: @autoclosure () -> String, allowed: [String]) -> Fields? {
        guard let f = read(node, what()) else { return nil }
        guard strict else { return f }
        var keys: [String] = []
        var values: [(keyNode: Mark?, value: Node)] = []
        for (i, key) in f.keys.enumerated() {
            if !allowed.contains(key) {
                error(at: f.values[i].keyNode, "unknown key '\(key)' in \(what()); expected one of: \(allowed.joined(separator: ", "))",
                      rule: "unknown-key")
                continue
            }
            keys.append(key)
            values.append(f.values[i])
        }
        return Fields(keys: keys, values: values)
    }

    public func sequence(_ node: Node, _ what: @autoclosure () -> String) -> [Node]? {
        guard spend(node) else { return nil }
        guard case .sequence(let s) = node else {
            error(at: node, "\(what()) must be a list, found \(kind(node))")
            return nil
        }
        return Array(s)
    }

    public func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            switch Self.tagName(node) {
            case .bool: return "a boolean (\(s.string))"
            case .int: return "a number (\(s.string))"
            case .float: return "a number (\(s.string))"
            case .null: return "null"
            case .timestamp: return "a date (\(s.string))"
            default: return "a string"
            }
        }
    }

    // MARK: Scalars

    /// The resolved tag (YAML 1.1 rules, as libyaml-based readers apply them).
    static func tagName(_ node: Node) -> Tag.Name {
        guard case .scalar(let s) = node else { return Tag.Name(rawValue: node.tag.rawValue) }
        // An explicit tag (`!!str 3`) wins; quoted scalars are strings; plain ones are resolved by hand.
        if s.tag.rawValue != Tag.Name.implicit.rawValue && s.tag.rawValue != Tag.Name.str.rawValue && !s.tag.rawValue.isEmpty {
            return Tag.Name(rawValue: s.tag.rawValue)
        }
        return s.style == .plain ? PlainScalarResolver.tag(s.string) : .str
    }

    /// A string. In strict mode a plain scalar that YAML 1.1 resolves to another type is an error:
    /// `version: 3.10` is the number 3.1 to most readers.
    public func string(_ node: Node, _ what: @autoclosure () -> String) -> String? {
        guard spend(node) else { return nil }
        guard case .scalar(let s) = node else {
            error(at: node, "\(what()) must be a string, found \(kind(node))")
            return nil
        }
        if strict, s.style == .plain, Self.tagName(node) != .str {
            error(at: node, "\(what()) must be a string, found \(kind(node)); quote it", rule: "yaml-type")
            return nil
        }
        return s.string
    }

    public func int(_ node: Node, _ what: @autoclosure () -> String) -> Int? {
        guard spend(node) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain || !strict, Self.tagName(node) == .int || !strict,
              let i = Self.decimal(s.string) ?? Int.construct(from: Node.Scalar(s.string, Tag(.int)))
        else {
            error(at: node, "\(what()) must be a whole number, found \(kind(node))", rule: "yaml-type")
            return nil
        }
        return i
    }

    /// A plain decimal (`30`, not `030`, which YAML 1.1 reads as octal) without building a node for Yams.
    static func decimal(_ s: String) -> Int? {
        let u = s.utf8
        guard let first = u.first, u.count <= 18, first != 48 || u.count == 1, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return u.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    public func bool(_ node: Node, _ what: @autoclosure () -> String) -> Bool? {
        guard spend(node) else { return nil }
        guard case .scalar(let s) = node, Self.tagName(node) == .bool, let b = Bool.construct(from: s) else {
            error(at: node, "\(what()) must be true or false, found \(kind(node))", rule: "yaml-type")
            return nil
        }
        return b
    }

    /// A list of strings; a single string is accepted as a one-item list, as GitHub and AWS do.
    public func strings(_ node: Node, _ what: @autoclosure () -> String) -> [String]? {
        if case .scalar = node { return string(node, what()).map { [$0] } }
        guard let items = sequence(node, what()) else { return nil }
        let out = items.compactMap { string($0, "an item of \(what())") }
        return out.count == items.count ? out : nil
    }

    /// A scalar keeping its YAML type, as `with:` and `env:` values are.
    public func scalarValue(_ node: Node, _ what: @autoclosure () -> String) -> ScalarValue? {
        guard spend(node) else { return nil }
        guard case .scalar(let s) = node else {
            error(at: node, "\(what()) must be a scalar, found \(kind(node))")
            return nil
        }
        if s.style == .plain {
            switch Self.tagName(node) {
            case .bool: if let b = Bool.construct(from: s) { return .bool(b) }
            case .int: if let i = Int.construct(from: s) { return .int(i) }
            case .str: break
            default:
                if strict {
                    error(at: node, "\(what()) would be read as \(kind(node)); quote it", rule: "yaml-type")
                    return nil
                }
            }
        }
        return Expression(wrapped: s.string).map(ScalarValue.expression) ?? .string(s.string)
    }

    /// Whether the node is an explicit or empty null (`key:` or `key: null`).
    public func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain, Self.tagName(node) == .null { return true }
        return false
    }
}
