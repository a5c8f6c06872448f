public struct LogLine: Hashable, Sendable {
    public var text: String
    /// Which tool or version prints it, for example `configure-aws-credentials v4 and later`.
    public var printedBy: String
    public var source: Reference

    public init(_ text: String, printedBy: String, source: Reference) {
        self.text = text
        self.printedBy = printedBy
        self.source = source
    }
}
