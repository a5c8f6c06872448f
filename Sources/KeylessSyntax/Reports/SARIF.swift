/// The one SARIF 2.1.0 writer (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
/// form code scanning reads; `check` and `audit` hand it their rules and results as plain values.
public enum SARIF {
    /// The analysis tool: `tool.driver` of the run.
    public struct Tool: Sendable {
        public var name: String
        public var informationURI: String

        public init(name: String, informationURI: String = "https://github.com/honeyhiveai/keyless") {
            self.name = name
            self.informationURI = informationURI
        }
    }

    /// One entry of `tool.driver.rules`; the optional parts are left out when nil.
    public struct RuleDescriptor: Sendable {
        public var id: String
        public var shortDescription: String
        public var fullDescription: String?
        public var helpURI: String?
        public var level: Diagnostic.Severity

        public init(id: String, shortDescription: String, fullDescription: String? = nil, helpURI: String? = nil, level: Diagnostic.Severity) {
            self.id = id
            self.shortDescription = shortDescription
            self.fullDescription = fullDescription
            self.helpURI = helpURI
            self.level = level
        }
    }

    /// One result with one physical location.
    public struct Result: Sendable {
        public var ruleID: String
        public var level: Diagnostic.Severity
        public var message: String
        public var location: SourceLocation

        public init(ruleID: String, level: Diagnostic.Severity, message: String, location: SourceLocation) {
            self.ruleID = ruleID
            self.level = level
            self.message = message
            self.location = location
        }

        /// A diagnostic as it is: its rule, severity, message and position.
        public init(_ d: Diagnostic) {
            self.init(ruleID: d.rule, level: d.severity, message: d.message, location: d.location)
        }
    }

    /// The SARIF document of one run, as JSON text.
    public static func render(tool: Tool, rules: [RuleDescriptor], results: [Result]) -> String {
        let ruleValues = rules.map { r -> JSONValue in
            var fields: [(String, JSONValue)] = [("id", .string(r.id)), ("shortDescription", .object([("text", .string(r.shortDescription))]))]
            if let full = r.fullDescription { fields.append(("fullDescription", .object([("text", .string(full))]))) }
            if let uri = r.helpURI { fields.append(("helpUri", .string(uri))) }
            fields.append(("defaultConfiguration", .object([("level", .string(level(r.level)))])))
            return .object(fields)
        }
        let resultValues = results.map { r -> JSONValue in
            .object([
                ("ruleId", .string(r.ruleID)),
                ("level", .string(level(r.level))),
                ("message", .object([("text", .string(r.message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(r.location.path))])),
                    ("region", .object([("startLine", .int(r.location.line)), ("startColumn", .int(r.location.column))])),
                ]))])])),
            ])
        }
        let doc = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string(tool.name)),
                    ("informationUri", .string(tool.informationURI)),
                    ("rules", .array(ruleValues)),
                ]))])),
                ("results", .array(resultValues)),
            ])])),
        ])
        return JSONEmitter.emit(doc)
    }

    /// SARIF's `level` for a severity.
    public static func level(_ s: Diagnostic.Severity) -> String {
        switch s { case .error: return "error"; case .warning: return "warning"; case .note: return "note" }
    }
}
