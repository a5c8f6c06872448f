public struct Table: Hashable, Sendable {
    public var header: [[Inline]]
    public var rows: [[[Inline]]]

    public init(header: [[Inline]], rows: [[[Inline]]]) {
        self.header = header
        self.rows = rows
    }
}
