/// A sequence diagram as data: who takes part and the messages between them, in order. The guide
/// renders it as a mermaid `sequenceDiagram` (Markdown, RST) and as inline SVG (HTML).
public struct SequenceDiagram: Hashable, Sendable {
    public struct Participant: Hashable, Sendable {
        /// A short identifier (letters and digits), used in the mermaid source.
        public var id: String
        public var label: String
        public init(_ id: String, _ label: String) {
            self.id = id
            self.label = label
        }
    }

    public enum Kind: Hashable, Sendable {
        /// A request: a solid arrow.
        case call
        /// An answer: a dashed arrow.
        case reply
    }

    public struct Message: Hashable, Sendable {
        public var from: String
        public var to: String
        public var text: String
        public var kind: Kind
        public init(_ from: String, _ to: String, _ text: String, _ kind: Kind = .call) {
            self.from = from
            self.to = to
            self.text = text
            self.kind = kind
        }
    }

    /// One sentence saying what the diagram shows; the title of the SVG.
    public var title: String
    public var participants: [Participant]
    public var messages: [Message]

    public init(title: String, participants: [Participant], messages: [Message]) {
        self.title = title
        self.participants = participants
        self.messages = messages
    }

    public func participant(_ id: String) -> Participant? { participants.first { $0.id == id } }
}
