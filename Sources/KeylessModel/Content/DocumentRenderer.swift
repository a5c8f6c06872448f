import KeylessModel

/// A stage that turns the document set into files of one format.
public protocol DocumentRenderer: Sendable {
    var format: OutputFormat { get }
    func render(_ documents: DocumentSet) throws -> [RenderedFile]
}
