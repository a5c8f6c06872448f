public struct Diagram: Hashable, Sendable {
    public var mermaid: String
    public var svg: String
    public var alt: String

    public init(mermaid: String, svg: String, alt: String) {
        self.mermaid = mermaid
        self.svg = svg
        self.alt = alt
    }
}
